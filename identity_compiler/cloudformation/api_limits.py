"""What Cognito, IAM and Lambda will refuse, before deploy: every literal value of the template
against the constraints AWS publishes for that API member (length, range, pattern, enum).

The constraints are the service models botocore ships (``botocore/data/<service>/*/service-2.json``),
extracted for the operations CloudFormation calls for each resource type into
``api-constraints.json`` beside this module, so that a compile does not load megabytes of models.
``python -m identity_compiler.cloudformation.api_limits`` writes that file again from the installed botocore
(the tests check that it is up to date).

Patterns are Java regular expressions matched against the whole value: ``\\w``, ``\\d`` and ``\\s``
are ASCII there, ``\\p{L}`` and friends are Unicode categories (read with the ``regex`` module).
Lengths are counted as Java counts them, in UTF-16 code units.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from typing import Any, Iterator, NamedTuple

from ..spec.vocabulary import utf16_length

DATA_FILE = "api-constraints.json"

# Resource type → (botocore service, the operation CloudFormation calls to create it, CloudFormation
# property names that the API spells differently).
OPERATIONS = {
    "AWS::Cognito::UserPool": ("cognito-idp", "CreateUserPool", {"UserPoolName": "PoolName"}),
    "AWS::Cognito::UserPoolClient": ("cognito-idp", "CreateUserPoolClient", {}),
    "AWS::Cognito::UserPoolDomain": ("cognito-idp", "CreateUserPoolDomain", {}),
    "AWS::Cognito::UserPoolResourceServer": ("cognito-idp", "CreateResourceServer", {}),
    "AWS::Cognito::UserPoolIdentityProvider": ("cognito-idp", "CreateIdentityProvider", {}),
    "AWS::Cognito::UserPoolGroup": ("cognito-idp", "CreateGroup", {}),
    "AWS::Cognito::IdentityPool": ("cognito-identity", "CreateIdentityPool", {}),
    "AWS::Cognito::IdentityPoolRoleAttachment": ("cognito-identity", "SetIdentityPoolRoles", {}),
    "AWS::IAM::Role": ("iam", "CreateRole", {}),
    "AWS::IAM::Policy": ("iam", "PutRolePolicy", {}),
    "AWS::Lambda::Permission": ("lambda", "AddPermission", {}),
}
# Maps whose keys CloudFormation names differently from the API (the keys are not checked there).
FREE_KEYS = {("AWS::Cognito::IdentityPoolRoleAttachment", "RoleMappings")}
# Where the published model is narrower than the service: (type, property) → the property that, when
# present, exempts it. A custom domain is a full domain name ("auth.example.com"), which the model's
# DomainType pattern (a prefix) does not describe:
# https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolDomain.html
EXEMPT = {("AWS::Cognito::UserPoolDomain", "Domain"): "CustomDomainConfig"}

_JAVA_CLASSES_OUTSIDE = {"w": "[A-Za-z0-9_]", "W": "[^A-Za-z0-9_]", "d": "[0-9]", "D": "[^0-9]",
                         "s": "[ \\t\\n\\x0B\\f\\r]", "S": "[^ \\t\\n\\x0B\\f\\r]"}
_JAVA_CLASSES_INSIDE = {"w": "A-Za-z0-9_", "d": "0-9", "s": " \\t\\n\\x0B\\f\\r"}


class Problem(NamedTuple):
    logical_id: str
    resource_type: str
    path: tuple  # property path inside the resource: ("CallbackURLs",) or ("Schema", 3, "Name")
    message: str


# --- reading the shipped constraints -------------------------------------------------------------


@lru_cache(maxsize=1)
def constraints() -> dict:
    with open(os.path.join(os.path.dirname(__file__), DATA_FILE), encoding="utf-8") as handle:  # shipped beside it
        return json.load(handle)


# The ASCII members of the Unicode categories the patterns use (inside a character class): an ASCII
# value is matched with ``re`` alone, and the ``regex`` module is loaded only for other text.
_ASCII_CATEGORIES = {
    "\\p{L}": "A-Za-z", "\\p{M}": "", "\\p{N}": "0-9", "\\p{Z}": " ",
    "\\p{S}": re.escape("$+<=>^`|~"), "\\p{P}": re.escape("!\"#%&'()*,-./:;?@[\\]_{}"),
}
_CATEGORY = re.compile(r"\\p\{[A-Z]\}")


@lru_cache(maxsize=None)
def compiled_pattern(expression: str, ascii_only: bool = False):
    """A translated pattern; ``regex`` only for Unicode categories on non-ASCII text, which ``re`` cannot read."""
    if "\\p{" not in expression:
        return re.compile(expression)
    if ascii_only:
        return re.compile(_CATEGORY.sub(lambda m: _ASCII_CATEGORIES[m.group()], expression))
    import regex

    return regex.compile(expression)


def check_template(template: dict) -> list[Problem]:
    """Every literal value of the template's resources that its API would refuse."""
    data = constraints()["resources"]
    found: list[Problem] = []
    for logical_id, resource in (template.get("Resources") or {}).items():
        resource_type = resource.get("Type")
        shape = data.get(resource_type)
        if shape is None:
            continue
        operation = OPERATIONS[resource_type][1]
        renames = OPERATIONS[resource_type][2]
        properties = resource.get("Properties") or {}
        for name, value in properties.items():
            member = shape["members"].get(renames.get(name, name))
            if member is None or EXEMPT.get((resource_type, name)) in properties:
                continue
            free = (resource_type, name) in FREE_KEYS
            for path, message in _check(value, member, (name,), free):
                found.append(Problem(logical_id, resource_type, path, f"{message} ({operation})"))
    found.extend(_duplicates(template))
    found.extend(_schema_keys(template))
    return found


def _schema_keys(template: dict) -> Iterator[Problem]:
    """The keys of the maps whose keys CloudFormation's own schema patterns (``patternProperties``: the tags of a
    pool, a replica and a Region's configuration, a provider's details), from the project's schema copy."""
    from .. import cloudformation

    for logical_id, resource in (template.get("Resources") or {}).items():
        resource_type = resource.get("Type") if isinstance(resource, dict) else None
        patterns = cloudformation.key_patterns(resource_type) if isinstance(resource_type, str) else {}
        for name, value in (resource.get("Properties") or {}).items():
            pattern = patterns.get(name)
            if pattern is None or not isinstance(value, dict) or _is_intrinsic(value):
                continue
            for key in value:
                if isinstance(key, str) and not compiled_pattern(pattern, key.isascii()).search(key):
                    yield Problem(logical_id, resource_type, (name, key),
                                  f"the key {_show(key)} has characters CloudFormation does not allow (pattern "
                                  f"{pattern}; {resource_type} schema)")


def _is_intrinsic(value: Any) -> bool:
    """``{"Ref": ...}`` or ``{"Fn::...": ...}``: resolved at deploy, nothing to check here."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    key = next(iter(value))
    return key in ("Ref", "Condition") or key.startswith("Fn::")


def _check(value: Any, shape: dict, path: tuple, free_keys: bool = False) -> Iterator[tuple[tuple, str]]:
    if _is_intrinsic(value):
        return
    kind = shape["type"]
    if kind == "string":
        if not isinstance(value, str) or "{{resolve:" in value:  # resolved at deploy
            return
        length = utf16_length(value)
        if "min" in shape and length < shape["min"]:
            yield path, ("must not be empty" if length == 0 else
                         f"{_show(value)} is {length} characters; at least {shape['min']} are required")
        elif "max" in shape and length > shape["max"]:
            yield path, f"{_show(value)} is {length} characters; at most {shape['max']} are allowed"
        elif "enum" in shape and value not in shape["enum"]:
            yield path, f"{_show(value)} is not one of {', '.join(shape['enum'])}"
        elif "pattern" in shape and length and not compiled_pattern(shape["pattern"], value.isascii()).fullmatch(value):
            yield path, f"{_show(value)} has characters or a form that is not allowed (pattern {shape['source']})"
    elif kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            return
        if "min" in shape and value < shape["min"]:
            yield path, f"{value} is less than the minimum of {shape['min']}"
        elif "max" in shape and value > shape["max"]:
            yield path, f"{value} is more than the maximum of {shape['max']}"
    elif kind == "list":
        if not isinstance(value, list):
            return
        if "max" in shape and len(value) > shape["max"]:
            yield path, f"{len(value)} items; at most {shape['max']} are allowed"
        elif "min" in shape and len(value) < shape["min"]:
            yield path, f"{len(value)} items; at least {shape['min']} are required"
        if "member" in shape:
            for index, item in enumerate(value):
                yield from _check(item, shape["member"], path + (index,))
    elif kind == "map":
        if not isinstance(value, dict):
            return
        if "max" in shape and len(value) > shape["max"]:
            yield path, f"{len(value)} entries; at most {shape['max']} are allowed"
        for key, item in value.items():
            if "key" in shape and not free_keys:
                yield from _check(key, shape["key"], path + (key,))
            if "value" in shape:
                yield from _check(item, shape["value"], path + (key,))
    elif kind == "structure":
        if not isinstance(value, dict):
            return
        for key, item in value.items():
            if key in shape["members"]:
                yield from _check(item, shape["members"][key], path + (key,))


def _show(value: str) -> str:
    text = repr(value)
    return text if len(text) <= 72 else text[:69] + "...'"


# Values Cognito keeps unique: a second resource with the same value fails at deploy.
UNIQUE = (
    ("AWS::Cognito::UserPoolIdentityProvider", "ProviderName", "an identity provider of this user pool"),
    ("AWS::Cognito::UserPoolResourceServer", "Identifier", "a resource server of this user pool"),
    ("AWS::Cognito::UserPoolGroup", "GroupName", "a group of this user pool"),
    ("AWS::Cognito::UserPoolDomain", "Domain", "a user pool domain (domains are unique across AWS)"),
)


def _duplicates(template: dict) -> Iterator[Problem]:
    for resource_type, name, what in UNIQUE:
        seen: dict[tuple, str] = {}
        for logical_id, resource in (template.get("Resources") or {}).items():
            if resource.get("Type") != resource_type:
                continue
            properties = resource.get("Properties") or {}
            value = properties.get(name)
            if not isinstance(value, str):
                continue
            scope = "" if resource_type.endswith("Domain") else json.dumps(properties.get("UserPoolId"), sort_keys=True)
            if (scope, value) in seen:
                yield Problem(logical_id, resource_type, (name,),
                              f"{_show(value)} is already the {name} of {what} ({seen[(scope, value)]})")
            else:
                seen[(scope, value)] = logical_id


# --- writing the shipped constraints from botocore -----------------------------------------------


def java_pattern(expression: str) -> str:
    """A Java pattern as Python reads it with Java's meaning: ``\\w``, ``\\d``, ``\\s`` ASCII only."""
    out, index, in_class = [], 0, False
    while index < len(expression):
        ch = expression[index]
        if ch == "\\" and index + 1 < len(expression):
            code = expression[index + 1]
            if in_class and code in _JAVA_CLASSES_INSIDE:
                out.append(_JAVA_CLASSES_INSIDE[code])
            elif in_class and code == "S" and out[-1] == "[" and expression[index + 2:index + 3] == "]":
                out[-1] = _JAVA_CLASSES_OUTSIDE["S"][:-1]  # "[\S]": the whole class is the negation
            elif not in_class and code in _JAVA_CLASSES_OUTSIDE:
                out.append(_JAVA_CLASSES_OUTSIDE[code])
            elif in_class and code in "WDS":
                raise ValueError(f"cannot translate \\{code} inside a class: {expression}")
            else:
                out.append(expression[index:index + 2])
            index += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        elif in_class and ch == "-" and out and out[-1][-1:].isalnum() and index >= 2 and expression[index - 2] == "-":
            ch = "\\-"  # "0-9-_": a hyphen right after a range is literal in Java
        out.append(ch)
        index += 1
    return "".join(out)


def _shape(shapes: dict, name: str, depth: int = 0) -> dict | None:
    """A shape with only what constrains values; None when nothing in it does."""
    shape = shapes[name]
    kind = shape["type"]
    out: dict[str, Any] = {"type": kind}
    for key in ("min", "max"):
        if key in shape and kind in ("string", "integer", "long", "list", "map"):
            out[key] = shape[key]
    if "enum" in shape:
        out["enum"] = list(shape["enum"])
    if "pattern" in shape and shape["pattern"] not in ("(?s).*", ".*"):
        out["pattern"] = java_pattern(shape["pattern"])
        out["source"] = shape["pattern"]
    if depth < 8:
        if kind == "list":
            member = _shape(shapes, shape["member"]["shape"], depth + 1)
            if member:
                out["member"] = member
        elif kind == "map":
            for part in ("key", "value"):
                sub = _shape(shapes, shape[part]["shape"], depth + 1)
                if sub:
                    out[part] = sub
        elif kind == "structure":
            members = {}
            for member_name, member in shape["members"].items():
                sub = _shape(shapes, member["shape"], depth + 1)
                if sub:
                    members[member_name] = sub
            if not members:
                return None
            out["members"] = members
    return out if len(out) > 1 else None


def extract() -> dict:
    """The constraints of every operation in ``OPERATIONS``, from the installed botocore."""
    import botocore
    import botocore.loaders

    loader = botocore.loaders.Loader()
    models: dict[str, dict] = {}
    out = {"botocore": botocore.__version__, "resources": {}}
    for resource_type, (service, operation, _renames) in sorted(OPERATIONS.items()):
        model = models.setdefault(service, loader.load_service_model(service, "service-2"))
        shapes = model["shapes"]
        input_shape = model["operations"][operation]["input"]["shape"]
        out["resources"][resource_type] = _shape(shapes, input_shape) or {"type": "structure", "members": {}}
    return out


def render(data: dict) -> str:
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover - run by hand when botocore's models change
    from pathlib import Path

    target = Path(__file__).with_name(DATA_FILE)
    target.write_text(render(extract()), encoding="utf-8")
    print(f"wrote {target}")
