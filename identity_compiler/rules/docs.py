"""Each rule's cases, its snapshot and its page, beside it.

A semantic rule's cases are ``rules/cases/<id>.yaml``: the spec that trips it, the key it is reported at, and the
spec just inside its boundary (``tests/test_rule_cases.py`` proves each: it trips, the other does not, and it
stops tripping when the check is switched off). ``rules/cases/<id>.snap`` is every diagnostic of its case in
both modes, as a user reads them. ``docs/rules/<id>.md`` is what the rule checks, why (its public source), in
which mode it is an error, and the case with what the tool says and the fix, so a page cannot show an example
that no longer holds. ``python -m identity_compiler.commands.generate`` writes the snapshots and pages again.
"""

from __future__ import annotations

import os
from typing import NamedTuple

from ..codes import KINDS, RULES

CASES_DIR = os.path.join(os.path.dirname(__file__), "cases")


class Case(NamedTuple):
    trips: str  # a spec that trips the rule
    at: str  # the key path (dotted) it is reported at
    inside: str  # a spec just inside its boundary: the fix
    pdk_compat: bool = False  # the mode the case is checked in


def cases() -> dict[str, Case]:
    """Every rule's case, by rule id (a test holds them to the rules that have a check)."""
    import yaml

    found = {}
    for name in sorted(os.listdir(CASES_DIR)):
        if name.endswith(".yaml"):
            with open(os.path.join(CASES_DIR, name), encoding="utf-8") as handle:
                data = yaml.safe_load(handle)
            found[name[:-5]] = Case(data["trips"], str(data["at"]), data["inside"], bool(data.get("pdk_compat")))
    return found


def said(rule_id: str, case: Case, file: str = "auth.yaml") -> list:
    """What ``validate`` says of the rule on its case."""
    from .. import check
    from ..source.loading import load_text

    return [d for d in check(load_text(case.trips, file), pdk_compat=case.pdk_compat) if d.rule == rule_id]


def snapshot(rule_id: str, case: Case) -> str:
    """``rules/cases/<id>.snap``: every diagnostic of the case, in the default mode and with --pdk-compat."""
    from .. import check
    from ..source.loading import load_text

    lines = []
    for pdk_compat in (False, True):
        lines.append(f"## {rule_id}{' --pdk-compat' if pdk_compat else ''}")
        lines += [d.format() for d in check(load_text(case.trips, f"{rule_id}.yaml"), pdk_compat=pdk_compat)]
    return "\n".join(lines) + "\n"


def page(rule_id: str, example: tuple[str, str, list[str]] | None = None) -> str:
    """The Markdown page of a rule; ``example``: (spec that trips it, the spec that fixes it, what validate says)."""
    rule = RULES[rule_id]
    default, compat = rule.severity_in(False), rule.severity_in(True)
    lines = [f"# {rule.id}", "",
             f"**Kind:** {rule.kind} ({KINDS[rule.kind]}). **Default mode:** {default}. "
             f"**`--pdk-compat`:** {compat}.", "",
             "## What it checks", "", rule.description, "",
             "## Why", "", f"Source: {rule.source}", ""]
    if example is not None:
        trips, fix, said = example
        lines += ["## Example", "", "```yaml", trips.rstrip("\n"), "```", "", "`identity-compiler validate` says:", "",
                  "```text", *said, "```", "", "## Fix", "", "```yaml", fix.rstrip("\n"), "```", ""]
    lines += ["## Configure", ""]
    if rule.acknowledgeable:
        lines += ["A warning in some mode: accept one finding in one spec with its reason,", "", "```yaml",
                  "acknowledge:", f"  {rule.id}: why this spec accepts it", "```", "",
                  "or set it for a whole project in `pyproject.toml` (`error` raises it, `off` turns it off):", ""]
    else:
        lines += ["An error in every mode (the CDK or the spec format refuses it): it cannot be acknowledged or "
                  "lowered. It can be listed in a baseline (`validate --write-baseline`) while existing specs are "
                  "fixed.", ""]
    lines += ["```toml", "[tool.identity-compiler]", f'severity = {{ {rule.id} = "{"off" if rule.acknowledgeable else "error"}" }}',
              "```", ""] if rule.acknowledgeable else []
    return "\n".join(lines)


def index() -> str:
    """``docs/rules/README.md``: the pages, one line each."""
    lines = ["# Rules, one page each", "", "Generated from the rule table (`python -m identity_compiler.commands.generate`); "
             "[rules.md](../rules.md) has them as one table.", ""]
    lines += [f"- [{r.id}]({r.id}.md) ({r.kind}): {r.description}" for r in sorted(RULES.values(), key=lambda r: r.id)]
    return "\n".join(lines) + "\n"
