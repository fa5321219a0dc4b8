"""A page per rule (``docs/rules/<id>.md``): what it checks, why (its public source), in which mode it is an
error, and — where the test suite has one — a spec that trips it with what the tool says, and the fix.

The registry gives every fact; the examples are the rule cases the suite proves (``tests/test_rule_cases.py``:
each trips its rule, and its fix does not), so a page cannot show an example that no longer holds.
``IC_UPDATE_SNAPSHOTS=1 pytest tests/test_rule_cases.py`` writes the pages again.
"""

from __future__ import annotations

from . import KINDS, RULES


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
    lines = ["# Rules, one page each", "", "Generated from the registry (`identity-compiler rules`); "
             "[rules.md](../rules.md) has them as one table.", ""]
    lines += [f"- [{r.id}]({r.id}.md) ({r.kind}): {r.description}" for r in sorted(RULES.values(), key=lambda r: r.id)]
    return "\n".join(lines) + "\n"
