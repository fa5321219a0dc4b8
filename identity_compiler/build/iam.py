"""IAM policy documents through awacs, rendered in the CDK's JSON form.

awacs builds and type-checks the documents; the CDK then writes a one-element ``Action``,
``Resource`` or principal list as a plain string, and so do we, so templates match ``cdk synth``.
"""

from __future__ import annotations

from typing import Any, Iterable

import awacs.aws
from awacs.aws import Action, Allow, Condition, ConditionElement, Deny, PolicyDocument, Principal, Statement
from troposphere import encode_to_dict

VERSION = "2012-10-17"
_COLLAPSE = ("Action", "NotAction", "Resource", "NotResource")


def action(name: str) -> Action:
    """``service:Action`` (wildcards allowed) as an awacs Action."""
    prefix, _, rest = name.partition(":")
    return Action(prefix, rest)


def operator_class(name: str) -> type[ConditionElement] | None:
    """awacs's class for an IAM condition operator (``ForAnyValue:StringLike`` → ForAnyValueStringLike)."""
    cls = getattr(awacs.aws, name.replace(":", ""), None)
    if isinstance(cls, type) and issubclass(cls, ConditionElement) and cls is not ConditionElement:
        return cls
    return None


def _operator(name: str) -> type[ConditionElement]:
    """awacs's class, or one written as given: the CDK passes any operator through (with --pdk-compat an
    operator IAM does not know is a warning, IC0712, and the template is still written)."""
    return operator_class(name) or type("UnknownOperator", (ConditionElement,), {"condition": name})


def condition(operators: dict[str, dict]) -> Condition:
    return Condition([_operator(op)(dict(values)) for op, values in operators.items()])


def statement(*, actions: Iterable[str], effect: str = "Allow", resources: Iterable[Any] | None = None,
              principal: tuple[str, Any] | None = None, conditions: dict | None = None) -> Statement:
    fields: dict[str, Any] = {"Effect": Allow if effect == "Allow" else Deny,
                              "Action": [action(a) for a in actions]}
    if resources is not None:
        fields["Resource"] = list(resources)
    if principal is not None:
        fields["Principal"] = Principal(*principal)
    if conditions:
        fields["Condition"] = condition(conditions)
    return Statement(**fields)


def document(statements: Iterable[Statement]) -> dict:
    """A policy document as the CDK writes it: identical statements once (its PolicyDocument's
    post-processing drops a statement equal to an earlier one), one-element lists as plain values."""
    rendered = encode_to_dict(PolicyDocument(Version=VERSION, Statement=list(statements)))
    unique: list[dict] = []
    for stmt in rendered["Statement"]:
        if stmt not in unique:
            unique.append(stmt)
    rendered["Statement"] = unique
    for stmt in rendered["Statement"]:
        for key in _COLLAPSE:
            if isinstance(stmt.get(key), list) and len(stmt[key]) == 1:
                stmt[key] = stmt[key][0]
        principal = stmt.get("Principal")
        if isinstance(principal, dict):
            for key, value in principal.items():
                if isinstance(value, list) and len(value) == 1:
                    principal[key] = value[0]
    return rendered


def statements(given: Iterable[Any]) -> list[Statement]:
    """The spec's statements (``model.Statement``: role_policies) as awacs statements."""
    return [statement(effect=s.effect, actions=s.actions, resources=s.resources, conditions=s.conditions) for s in given]
