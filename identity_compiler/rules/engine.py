"""The semantic rules' engine: a check attaches to its row of the rule table (``codes.py``) with ``@check(id)``.

A check declares what it looks at (``on``: a model type such as ``model.Client``); the engine walks the
resolved spec once and calls the check with each object of that type and a ``Context``. A check
yields ``(key path, message)`` pairs; the engine turns them into diagnostics with the severity the
rule's kind has in the mode. The modules of ``rules/`` attach their checks on import (``rules/__init__.py``
imports them all).
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterator, NamedTuple

from ..spec import model
from ..diagnostics import Diagnostic
from ..codes import ACKNOWLEDGE, RULES
from ..source.loading import Document
from ..spec.records import fields

Finding = tuple  # (key path, message)


class Context(NamedTuple):
    """What a check gets besides its target: the whole resolved spec, the mode, and the target's pool."""

    spec: model.Spec
    pdk_compat: bool
    pool: model.UserPool | model.ExistingPool | None = None  # for a pool and its methods


_ARN_REGION = re.compile(r"^arn:[^:]+:[^:]+:([a-z]{2}(?:-[a-z]+)+-\d):")


def arn_region(arn: str | None) -> str | None:
    """The Region an ARN names (None: none, as an S3 bucket's or an IAM role's, or no ARN)."""
    found = _ARN_REGION.match(arn or "")
    return found.group(1) if found else None


def repeated(items, key: Callable[[Any], Any]) -> Iterator[Any]:
    """The items whose ``key`` an earlier item already has (a key of None is never one)."""
    seen: set = set()
    for item in items:
        value = key(item)
        if value is not None and value in seen:
            yield item
        seen.add(value)


class Check(NamedTuple):
    run: Callable[[Any, Context], Iterator[Finding]]
    on: type  # what it looks at (model.Spec when a check gives none)


CHECKS: dict[str, Check] = {}  # rule id → its check, for every rule whose area is a module of rules/


def check(rule_id: str, on: type = model.Spec):
    """Attach a check of every ``on`` object to the rule ``rule_id`` of the table; it yields ``(key path, message)``."""
    def attach(run: Callable[[Any, Context], Iterator[Finding]]) -> Callable:
        row = RULES.get(rule_id)
        if row is None or rule_id in CHECKS or run.__module__.rpartition(".")[2] != row.area:
            raise ValueError(f"{rule_id}: a check attaches once, in rules/<area>.py, to a rule of the table")
        CHECKS[rule_id] = Check(run, on)
        return run
    return attach


def targets(spec: model.Spec, pdk_compat: bool) -> Iterator[tuple[Any, Context]]:
    """Every object of the resolved spec, depth first, each with its context (its pool, if it has one)."""
    def walk(node: model.Node, pool: Any) -> Iterator[tuple[Any, Context]]:
        yield node, Context(spec, pdk_compat, pool)
        state = node.__dict__
        for name in fields(node):
            if name in _REFERENCES:
                continue
            value = state[name]
            for child in value if isinstance(value, tuple) else (value,):
                if isinstance(child, model.Node):
                    yield from walk(child, child if isinstance(child, model.Pool) else pool)

    yield from walk(spec, None)


_REFERENCES = {"web_client"}  # fields that refer to an object owned elsewhere (a declared WebClient is a pool's client)


def run_rules(spec: model.Spec, source: Document, pdk_compat: bool) -> list[Diagnostic]:
    """Every finding of every rule (the acknowledged warnings are left out where all stages' findings meet)."""
    found: list[Diagnostic] = list(_check_acknowledgements(source, spec.acknowledge))
    active = [(rule_id, c, RULES[rule_id].severity_in(pdk_compat)) for rule_id, c in CHECKS.items()]
    by_type: dict[type, list] = {}
    for target, context in targets(spec, pdk_compat):
        kind = type(target)
        if kind not in by_type:
            by_type[kind] = [(rule_id, c, severity) for rule_id, c, severity in active if issubclass(kind, c.on)]
        for rule_id, current, severity in by_type[kind]:
            for path, message in current.run(target, context):
                found.append(source.diagnostic(path, message, rule_id, severity))
    return found


def _check_acknowledgements(source: Document, acknowledged: tuple[str, ...]) -> Iterator[Diagnostic]:
    from ..diagnostics import did_you_mean

    for rule_id in acknowledged:
        known = RULES.get(rule_id)
        path = ("acknowledge", rule_id)
        if known is None:
            hint = did_you_mean(rule_id, sorted(r for r, v in RULES.items() if v.acknowledgeable))
            yield source.diagnostic(path, f"no rule {rule_id} to acknowledge{hint}", ACKNOWLEDGE)
        elif not known.acknowledgeable:
            yield source.diagnostic(path, f"{rule_id} is an error; only warnings can be acknowledged", ACKNOWLEDGE)




__all__ = ["CHECKS", "Context", "check", "run_rules"]
