"""The project's own CloudFormation knowledge: the ``AWS::Cognito::*`` resource schemas, in the registry format
cfn-lint ships, kept in ``schemas/`` (``python -m identity_compiler.cloudformation.refresh`` rewrites them from
the newest source at hand; ``index.json`` records each type's source and Regions).

Every consumer reads this copy, not the installed cfn-lint's or troposphere's: the coverage test, the replacement
guard's ``createOnlyProperties``, the Regions a type is in, cfn-lint (given the copy as registry schemas, so a type
newer than its release lints clean) and the troposphere classes of types its release lacks (declared here from
the schema, as troposphere generates its own). Upgrading a dependency then adds nothing; the refresh does.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(HERE, "schemas")


@lru_cache(maxsize=1)
def index() -> dict[str, dict]:
    """Type name → {file, source, regions, key_patterns}."""
    with open(os.path.join(HERE, "index.json"), encoding="utf-8") as handle:
        return json.load(handle)


def types() -> list[str]:
    return sorted(index())


@lru_cache(maxsize=None)
def schema(type_name: str) -> dict:
    """A type's registry schema."""
    with open(os.path.join(SCHEMAS, index()[type_name]["file"]), encoding="utf-8") as handle:
        return json.load(handle)


def create_only(type_name: str) -> list[str]:
    """The type's create-only properties (top-level names; a change to one replaces the resource)."""
    if type_name not in index():
        return []
    return [path[len("/properties/"):] for path in schema(type_name).get("createOnlyProperties") or []]


def key_patterns(type_name: str) -> dict[str, str]:
    """Property → the pattern its keys must match (the schema's ``patternProperties``), as the index records it."""
    return dict(index().get(type_name, {}).get("key_patterns", {}))


def regions(type_name: str) -> list[str]:
    """The Regions a type exists in (empty for a type the copy does not know)."""
    return list(index().get(type_name, {}).get("regions", ()))


def resource_class(type_name: str) -> type:
    """The troposphere class of a resource type: troposphere's own, else one declared from the schema copy."""
    from troposphere import cognito

    name = type_name.rsplit("::", 1)[-1]
    found = getattr(cognito, name, None)
    if found is not None and getattr(found, "resource_type", None) == type_name:
        return found
    return declared(type_name)


@lru_cache(maxsize=None)
def declared(type_name: str) -> type:
    """The type's troposphere class declared from the schema copy, with every property it has at every depth (for
    a type or a property troposphere's release lacks)."""
    from troposphere import AWSObject

    document = schema(type_name)
    return type(type_name.rsplit("::", 1)[-1], (AWSObject,), {
        "resource_type": type_name,
        "props": _props(document, document),
        "__doc__": f"{type_name}, declared from the project's schema copy (troposphere's release lacks it).",
    })


def _props(node: dict, document: dict) -> dict[str, tuple[Any, bool]]:
    required = set(node.get("required") or ())
    return {name: (_kind(spec, document), name in required) for name, spec in (node.get("properties") or {}).items()}


def _kind(spec: dict, document: dict) -> Any:
    """The troposphere type of a property: a validator for scalars, a declared AWSProperty for an object."""
    from troposphere import AWSProperty
    from troposphere.validators import boolean, double, integer

    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        target = document["definitions"][name]
        if target.get("type") == "object" and target.get("properties"):
            return type(name, (AWSProperty,), {"props": _props(target, document)})
        spec = target
    kind = spec.get("type")
    if kind == "array":
        return [_kind(spec.get("items") or {}, document)]
    return {"string": str, "integer": integer, "number": double, "boolean": boolean, "object": dict}.get(kind, object)


# LambdaConfig's properties that are no trigger
NOT_TRIGGERS = ("KMSKeyID",)


@lru_cache(maxsize=1)
def trigger_operations() -> dict[str, tuple[str, str, bool]]:
    """Every Lambda trigger CloudFormation's ``LambdaConfig`` has, by spec key: (the operation's name as the CDK's
    ``UserPoolOperation`` gives it, the LambdaConfig property, whether it is ``{LambdaArn, LambdaVersion}``). The
    CDK's names come from ``spec.vocabulary.TRIGGERS``; a property the copy has and the table does not is the one a
    CDK user adds with ``UserPoolOperation.of``: its key is the property in snake case."""
    import re

    from ..spec.vocabulary import TRIGGERS, VERSIONED_TRIGGERS

    found = {key: (operation, prop, key in VERSIONED_TRIGGERS) for key, (operation, prop) in TRIGGERS.items()}
    known = {prop for _operation, prop, _versioned in found.values()}
    document = schema("AWS::Cognito::UserPool")
    for prop, spec in document["definitions"]["LambdaConfig"]["properties"].items():
        if prop in known or prop in NOT_TRIGGERS:
            continue
        target = document["definitions"].get(spec.get("$ref", "").rsplit("/", 1)[-1], spec)
        key = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", prop).lower()
        found[key] = (prop[0].lower() + prop[1:], prop, "LambdaVersion" in (target.get("properties") or {}))
    return found


def registry_folder() -> str:
    """The folder of registry schemas to hand cfn-lint (``--registry-schemas``)."""
    return SCHEMAS
