"""Every semantic rule has a case beside it (``identity_compiler/rules/cases/<id>.yaml``): a spec that trips it at
its key, and one just inside its boundary; switching the rule's check off makes its case fail; and every
diagnostic of the case, in both modes, is its snapshot (``<id>.snap``, written again by
``python -m identity_compiler.commands.generate`` after a deliberate change of a message)."""

from __future__ import annotations

from pathlib import Path

import pytest

from identity_compiler.codes import RETIRED, RULES
from identity_compiler.rules.docs import CASES_DIR, cases, said, snapshot
from identity_compiler.rules.engine import CHECKS, Check

CASES = cases()


def assert_trips(rule: str) -> None:
    case = CASES[rule]
    hits = said(rule, case, "s.yaml")
    assert hits, f"{rule} does not fire on its case"
    assert case.at in {".".join(str(p) for p in d.path) for d in hits}, [d.format() for d in hits]
    assert {d.severity for d in hits} == {RULES[rule].severity_in(case.pdk_compat)}


def test_every_rule_of_a_rules_module_has_its_check_and_its_case():
    from pathlib import Path

    modules = {p.stem for p in Path(CASES_DIR).parent.glob("*.py")} - {"__init__", "engine", "docs"}
    semantic = {rule_id for rule_id, rule in RULES.items() if rule.area in modules}
    assert not semantic - set(CHECKS), [f"{r}: attach its check with @check('{r}') in rules/{RULES[r].area}.py"
                                        for r in sorted(semantic - set(CHECKS))]
    assert not set(CHECKS) - set(CASES), [f"{r}: write its case, rules/cases/{r}.yaml"
                                          for r in sorted(set(CHECKS) - set(CASES))]
    assert not set(CASES) - set(CHECKS), [f"rules/cases/{r}.yaml is the case of no check"
                                          for r in sorted(set(CASES) - set(CHECKS))]


def test_every_check_lives_in_the_module_of_its_area():
    for rule_id, attached in CHECKS.items():
        assert attached.run.__module__ == f"identity_compiler.rules.{RULES[rule_id].area}", rule_id


@pytest.mark.parametrize("rule", sorted(CASES))
def test_the_rule_trips_on_its_case(rule):
    assert_trips(rule)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_just_inside_the_boundary_the_rule_is_silent(rule):
    case = CASES[rule]
    assert not said(rule, case._replace(trips=case.inside))


@pytest.mark.parametrize("rule", sorted(CASES))
def test_switching_the_rule_off_fails_its_case(rule, monkeypatch):
    if rule not in CHECKS:
        pytest.fail(f"{rule} has a case but no check: attach one with @check('{rule}') in rules/<area>.py")
    monkeypatch.setitem(CHECKS, rule, Check(lambda *_: iter(()), CHECKS[rule].on))
    with pytest.raises(AssertionError):
        assert_trips(rule)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_the_diagnostics_of_the_case_are_its_snapshot(rule):
    """Every diagnostic of the case, in both modes, as a user reads them."""
    assert snapshot(rule, CASES[rule]) == (Path(CASES_DIR) / f"{rule}.snap").read_text(encoding="utf-8")


def test_every_gap_in_the_rule_ids_explains_itself():
    numbers = sorted(int(rule_id[2:]) for rule_id in RULES)
    gaps = {f"IC{n:04d}" for a, b in zip(numbers, numbers[1:]) if a // 100 == b // 100 for n in range(a + 1, b)}
    assert gaps == set(RETIRED)
    assert not set(RETIRED) & set(RULES)  # an id is never given again
