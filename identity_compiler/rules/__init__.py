"""The semantic rules on the resolved model: one module per area (the rule table's ``area``, ``codes.py``), each
attaching its checks with ``@check(id)`` on import here; the engine (engine.py) runs them; docs.py writes each
rule's page. The pipeline (``pipeline.py``) runs them in order; nothing here calls back into an earlier stage.
"""

from __future__ import annotations

from ..codes import KINDS, RETIRED, RULES
from . import advice, client, identity_pool, pool, provider, references, replica, session  # noqa: F401  (attach)


def rules_markdown() -> str:
    """``docs/rules.md``: every rule with what it stands for, its severity in each mode and its source."""
    lines = ["# Rules", "",
             "Generated from the rule table (`identity_compiler/codes.py`) by `python -m identity_compiler.generate`; "
             "a test keeps it in step with the code.", "",
             "Each rule stands for one of: " + "; ".join(f"**{k}**: {v}" for k, v in KINDS.items()) + ". With "
             "`--pdk-compat` only **synth** and **spec** rules are errors, as the CDK synthesizes everything else.", "",
             "| id | kind | area | default | --pdk-compat | checks | source |", "|---|---|---|---|---|---|---|"]
    for rule in sorted(RULES.values(), key=lambda r: r.id):
        cells = [rule.id, rule.kind, rule.area, rule.severity, rule.severity_in(True), rule.description, rule.source]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines += ["", "## Ids that are no rule", "", "A gap in the numbers is one of these; an id is never given again.", "",
              "| id | state | why |", "|---|---|---|"]
    lines += [f"| {row.id} | {row.state} | {row.why} |" for row in sorted(RETIRED.values())]
    return "\n".join(lines) + "\n"


__all__ = ["KINDS", "RULES", "rules_markdown"]
