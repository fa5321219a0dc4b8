"""The check stage: the JSON Schema first, then the semantic rules (only on schema-valid data)."""

from __future__ import annotations

import os
from typing import Sequence

from .. import model
from ..diagnostics import ERROR, Diagnostic
from ..loading import Document
from ..resolving import resolve, stack_name_for
from ..spec_files import SpecFiles
from . import client_rules, identity_pool_rules, pool_rules, provider_rules, security_rules, template_rules  # noqa: F401
from .rules import RULES, run_rules
from .schema import check_schema, ecma_pattern, is_api_limit, schema, schema_errors, schema_valid_part

CONSTRUCT_IDS = "IC0005"
SPEC_FILES = "IC0007"
STACK_NAME = "IC0008"


def check(spec: Document, *, pdk_compat: bool = False, stack_name: str | None = None,
          files_roots: Sequence[str] = ()) -> list[Diagnostic]:
    """Every diagnostic for a loaded spec, in file order."""
    return check_and_resolve(spec, pdk_compat=pdk_compat, stack_name=stack_name, files_roots=files_roots)[0]


def check_and_resolve(spec: Document, *, pdk_compat: bool = False, stack_name: str | None = None,
                      files_roots: Sequence[str] = ()) -> tuple[list[Diagnostic], model.Spec | None]:
    """The diagnostics of a loaded spec, and its model when the schema accepts it.

    Files the spec names are read from its folder, or from below one of ``files_roots``.

    Where the schema refuses a part of the spec, the semantic rules still run on the rest, so that
    a user fixing errors meets them all in one run, not a new set after each fix.
    """
    errors = schema_errors(spec.data)
    found = check_schema(spec, errors, pdk_compat)
    if "stack_name" not in spec.data or stack_name:  # the spec's own is the schema's to check
        found += _stack_name_problems(spec, stack_name)
    if pdk_compat and any(is_api_limit(e) for e in errors):
        errors = schema_errors(spec.data, relaxed=True)  # the AWS API's limits are warnings there
    resolved = None
    if not errors:
        resolved, findings = _resolved(spec, stack_name, pdk_compat, files_roots)
        found += findings
    else:
        found += _rules_on_the_valid_part(spec, errors, pdk_compat, stack_name, files_roots)
    found.sort(key=lambda d: (d.line, d.col, d.severity != "error", d.rule, d.message))
    return found, resolved


def stack_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a CloudFormation stack name (the CDK refuses it at synth), or None."""
    if ecma_pattern(schema()["$defs"]["StackName"]["pattern"]).search(name):
        return None
    return "a stack name is a letter, then letters, digits and hyphens, at most 128 characters"


def _stack_name_problems(spec: Document, override: str | None) -> list[Diagnostic]:
    name = stack_name_for(spec, override)
    problem = stack_name_problem(name)
    if problem is None:
        return []
    if override:
        message = f"the stack name '{name}' (--stack-name) is not one: {problem}"
    elif os.path.isfile(spec.file):
        message = f"the stack name '{name}', taken from the file's name, is not one: {problem}"
    else:
        message = "the spec has no file name to take the stack name from"
    return [Diagnostic(spec.file, 1, 1, ERROR, (), f"{message}; give stack_name in the spec or --stack-name",
                       STACK_NAME)]


def _resolved(spec: Document, stack_name: str | None, pdk_compat: bool,
              files_roots: Sequence[str]) -> tuple[model.Spec, list[Diagnostic]]:
    files = SpecFiles(os.path.dirname(os.path.abspath(spec.file)) if os.path.isfile(spec.file) else None, files_roots)
    resolved, collisions = resolve(spec.data, stack_name_for(spec, stack_name), files, pdk_compat=pdk_compat)
    found = [spec.diagnostic(path, message, CONSTRUCT_IDS) for path, message in collisions]
    found += [spec.diagnostic(path, message, SPEC_FILES) for path, message in files.findings]
    return resolved, found + run_rules(resolved, spec, pdk_compat)


def _rules_on_the_valid_part(spec: Document, errors: list, pdk_compat: bool, stack_name: str | None,
                             files_roots: Sequence[str]) -> list[Diagnostic]:
    """Rule findings on the schema-valid part, leaving out those that touch a part taken out, and those at or below
    a value a stand-in replaced (a finding about the mapping around it, such as its form, stands)."""
    data, removed, replaced = schema_valid_part(spec.data, errors, relaxed=pdk_compat)
    if data is None:
        return []
    try:
        found = _resolved(Document(data, spec.file, spec.positions), stack_name, pdk_compat, files_roots)[1]
    except Exception:  # a rule meeting a combination the schema lets through only in part: the schema errors stand
        return []
    related = set(removed)
    return [d for d in found if d.path and not any(d.path[:len(r)] == r or r[:len(d.path)] == d.path for r in related)
            and not any(d.path[:len(r)] == r for r in replaced) and not _about_a_default(d, related)]


def _about_a_default(diagnostic: Diagnostic, removed: set) -> bool:
    """A finding at a pool as a whole may come from a default that stands in for a removed value."""
    return any(r[:-1] == diagnostic.path for r in removed)


_KINDS = {
    "synth": "the CDK throws at synth",
    "spec": "the spec means nothing as written",
    "deploy": "AWS refuses it at deploy, or the CDK would drop it",
    "advice": "a secure or working default is weakened",
}


def rules_markdown() -> str:
    """``docs/rules.md``: every rule with what it stands for, its severity in each mode and its source."""
    lines = ["# Rules", "",
             "Generated by `identity-compiler rules --format markdown`; a test keeps it in step with the code.", "",
             "Each rule stands for one of: " + "; ".join(f"**{k}**: {v}" for k, v in _KINDS.items()) + ". With "
             "`--pdk-compat` only **synth** and **spec** rules are errors, as the CDK synthesizes everything else.", "",
             "| id | kind | default | --pdk-compat | checks | source |", "|---|---|---|---|---|---|"]
    for rule in sorted(RULES.values(), key=lambda r: r.id):
        cells = [rule.id, rule.kind, rule.severity, rule.severity_in(True), rule.description, rule.source]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


__all__ = ["check", "check_and_resolve", "RULES", "rules_markdown"]
