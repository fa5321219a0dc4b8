"""The check stage: the JSON Schema first, then the semantic rules (only on schema-valid data)."""

from __future__ import annotations

from ..diagnostics import Diagnostic, has_errors
from ..loading import Spec
from . import client_rules, identity_pool_rules, pool_rules, provider_rules, security_rules, template_rules  # noqa: F401
from .rules import RULES, Context, run_rules
from .schema import check_schema


def check(spec: Spec, *, pdk_compat: bool = False) -> list[Diagnostic]:
    """Every diagnostic for a loaded spec, in file order."""
    found = check_schema(spec)
    if not has_errors(found):
        found += run_rules(Context.of(spec, pdk_compat))
    return sorted(found, key=lambda d: (d.line, d.col, d.severity != "error", d.rule, d.message))


__all__ = ["check", "RULES"]
