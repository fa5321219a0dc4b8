"""The check stage: the JSON Schema first, then the semantic rules (only on schema-valid data)."""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..loading import Spec
from . import client_rules, identity_pool_rules, pool_rules, provider_rules, security_rules, template_rules  # noqa: F401
from .rules import RULES, Context, run_rules
from .schema import check_schema, is_api_limit, schema_errors, schema_valid_part


def check(spec: Spec, *, pdk_compat: bool = False) -> list[Diagnostic]:
    """Every diagnostic for a loaded spec, in file order.

    Where the schema refuses a part of the spec, the semantic rules still run on the rest, so that
    a user fixing errors meets them all in one run, not a new set after each fix.
    """
    errors = schema_errors(spec.data)
    found = check_schema(spec, errors, pdk_compat)
    if pdk_compat and any(is_api_limit(e) for e in errors):
        errors = schema_errors(spec.data, relaxed=True)  # the AWS API's limits are warnings there
    if not errors:
        found += run_rules(Context.of(spec, pdk_compat))
    else:
        found += _rules_on_the_valid_part(spec, errors, pdk_compat)
    return sorted(found, key=lambda d: (d.line, d.col, d.severity != "error", d.rule, d.message))


def _rules_on_the_valid_part(spec: Spec, errors: list, pdk_compat: bool) -> list[Diagnostic]:
    """Rule findings on the schema-valid part, leaving out those that touch a part taken out."""
    data, removed = schema_valid_part(spec.data, errors, relaxed=pdk_compat)
    if data is None:
        return []
    try:
        found = run_rules(Context.of(Spec(data, spec.file, spec.positions), pdk_compat))
    except Exception:  # a rule meeting a combination the schema lets through only in part: the schema errors stand
        return []
    related = set(removed)
    return [d for d in found if d.path and not any(d.path[:len(r)] == r or r[:len(d.path)] == d.path for r in related)
            and not _about_a_default(d, related)]


def _about_a_default(diagnostic: Diagnostic, removed: set) -> bool:
    """A finding at a pool as a whole may come from a default that stands in for a removed value."""
    return any(r[:-1] == diagnostic.path for r in removed)


__all__ = ["check", "RULES"]
