"""The first check: the spec against ``schemas/identity-spec.schema.json``, all errors at once.

jsonschema finds the errors; this module turns each into one diagnostic at the offending key, in
words a spec author understands, with a did-you-mean for a misspelt key or enum value.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from typing import Any, Iterator

from ..diagnostics import Diagnostic, did_you_mean
from .vocabulary import utf16_length
from ..source.loading import Document
from ..codes import API_LIMIT, BAD_VALUE, MISSING_KEY, NOT_ALLOWED_VALUE, RULES, UNKNOWN_KEY, WRONG_TYPE

SCHEMA_FILE = "identity-spec.schema.json"

MAX_UNKNOWN_KEYS = 20  # per mapping: after that one line says how many more (a hostile file stays cheap)

API_LIMIT_KEYWORD = "x-api-limit"
SECRET_KEYWORD = "x-secret"  # a value no message may show

_TYPE_NAMES = {"object": "a mapping", "array": "a list", "string": "a string", "integer": "an integer",
               "number": "a number", "boolean": "true or false", "null": "null"}


def schema_text() -> str:
    """The JSON Schema, as shipped inside the package (a copy of ``schemas/``)."""
    # a plain file read: importlib.resources would cost start-up (tempfile, random) for a file beside the package
    with open(os.path.join(os.path.dirname(__file__), SCHEMA_FILE), encoding="utf-8") as handle:
        return handle.read()


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(schema_text())


@lru_cache(maxsize=2)
def validator(relaxed: bool = False):
    """Built once per process: compiling the schema is the expensive part of validation.

    ``pattern`` is matched as JSON Schema means it (ECMA-262, as an editor's language server matches
    it), not as Python's ``re`` would: ``\\d`` and ``\\w`` are ASCII only, and ``$`` is the end of the
    value, never the place before a trailing newline. Lengths are counted as the CDK (JavaScript) and
    the AWS APIs (Java) count them, in UTF-16 code units. ``relaxed`` leaves out the limits the schema
    marks as the AWS APIs' (``x-api-limit``): what the CDK itself accepts.
    """
    from jsonschema import Draft202012Validator, ValidationError, validators

    def pattern(checker, expected: str, instance, _schema):
        if checker.is_type(instance, "string") and not ecma_pattern(expected).search(instance):
            yield ValidationError(f"{instance!r} does not match {expected!r}")

    def min_length(checker, limit: int, instance, _schema):
        if checker.is_type(instance, "string") and utf16_length(instance) < limit:
            yield ValidationError(f"{instance!r} is too short")

    def max_length(checker, limit: int, instance, _schema):
        if checker.is_type(instance, "string") and utf16_length(instance) > limit:
            yield ValidationError(f"{instance!r} is too long")

    checks = {"pattern": pattern, "minLength": min_length, "maxLength": max_length,
              "minItems": Draft202012Validator.VALIDATORS["minItems"],
              "maxProperties": Draft202012Validator.VALIDATORS["maxProperties"],
              "maxItems": Draft202012Validator.VALIDATORS["maxItems"],
              **{keyword: Draft202012Validator.VALIDATORS[keyword] for keyword in (  # any keyword may be the API's
                  "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum", "minProperties")}}
    if relaxed:
        checks = {keyword: _unless_api_limit(keyword, check) for keyword, check in checks.items()}
    return validators.extend(Draft202012Validator, checks)(schema())


def _unless_api_limit(keyword: str, check):
    def relaxed_check(checker, value, instance, subschema):
        if keyword not in subschema.get(API_LIMIT_KEYWORD, ()):
            yield from check(checker, value, instance, subschema)
    return relaxed_check


def ecma_pattern(expected: str) -> "re.Pattern":
    """A schema ``pattern`` compiled with ECMA-262 meaning: ASCII classes, ``$`` only at the very end."""
    out, in_class, escaped = [], False, False
    for ch in expected:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "$" and not in_class:
            ch = "\\Z"
        out.append(ch)
    return re.compile("".join(out), re.ASCII)


def schema_errors(data: dict, relaxed: bool = False) -> list:
    """jsonschema's errors for the spec's data, all of them (``relaxed``: without the AWS API's limits)."""
    return list(validator(relaxed).iter_errors(data))


def check_schema(spec: Document, errors: list | None = None, pdk_compat: bool = False) -> list[Diagnostic]:
    """The schema's errors (``schema_errors``, found here unless given) as diagnostics at their keys."""
    found: dict[tuple, Diagnostic] = {}
    for error in schema_errors(spec.data) if errors is None else errors:
        for diagnostic in _convert(spec, error):
            if is_api_limit(error):
                diagnostic = diagnostic._replace(rule=API_LIMIT, severity=RULES[API_LIMIT].severity_in(pdk_compat))
            found.setdefault((diagnostic.path, diagnostic.rule, diagnostic.message), diagnostic)
    return sorted(found.values(), key=lambda d: (d.line, d.col, d.message))


def is_api_limit(error) -> bool:
    """An error of a keyword the schema marks as a limit of the AWS API (``x-api-limit``), not of the CDK;
    for ``anyOf``/``oneOf`` (a trigger's ARN or its long form), one whose value passes without those limits."""
    if not isinstance(error.schema, dict):
        return False
    if error.validator in ("anyOf", "oneOf"):
        return validator(relaxed=True).evolve(schema=error.schema).is_valid(error.instance)
    return error.validator in error.schema.get(API_LIMIT_KEYWORD, ())


def schema_valid_part(data: dict, errors: list,
                      relaxed: bool = False) -> tuple[dict | None, list[tuple], list[tuple]]:
    """The spec with every part the schema refuses taken out, the key paths taken out, and those replaced by a
    stand-in.

    So the semantic rules can run on the rest and all errors are reported at once. A part is taken
    out at the nearest mapping key (a list is taken out whole, so positions in it keep their meaning);
    (None, ...) when nothing is left that the rules could read. ``errors`` are those of ``data`` as given
    (``relaxed``: found without the AWS API's limits).
    """

    import copy  # only when the schema refuses a part: start-up

    data = copy.deepcopy(data)
    removed: list[tuple] = []
    replaced: list[tuple] = []
    for round_ in range(8):  # each round only removes; a few rounds settle even nested "required" errors
        if round_:
            errors = schema_errors(data, relaxed)
        if not errors:
            return data, removed, replaced
        for error in errors:
            path = tuple(error.absolute_path)
            if error.validator in ("additionalProperties", "unevaluatedProperties") and isinstance(error.instance, dict):
                allowed = known_keys(error.schema)
                targets = [path + (key,) for key in error.instance if key not in allowed]
            elif "propertyNames" in error.relative_schema_path:
                targets = [path + (error.instance,)]
            else:  # a wrong value, or a mapping that misses a required key: out as a whole
                targets = [path]
            for target in targets:
                while target and not isinstance(target[-1], str):
                    target = target[:-1]
                if target in ((), ("kind",)):
                    return None, removed, replaced
                if target[-1:] in _STAND_INS and _replace(data, target, _STAND_INS[target[-1:]]):
                    replaced.append(target)
                elif remove_path(data, target):
                    removed.append(target)
    return None, removed, replaced


# Keys that decide which form their mapping has (an existing pool, a Cognito or a custom domain): a refused
# value is replaced by a stand-in of the same form rather than taken out, so the rules do not read the mapping
# as another form (nor miss that it has two).
_STAND_INS = {("user_pool_id",): "us-east-1_StandIn",
              ("user_pool_arn",): "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_StandIn",
              ("domain_prefix",): "stand-in",
              ("domain_name",): "stand-in.example.com",
              ("certificate_arn",): "arn:aws:acm:us-east-1:000000000000:certificate/stand-in",
              ("cognito_domain",): {"domain_prefix": "stand-in"},
              ("custom_domain",): {"domain_name": "stand-in.example.com",
                                   "certificate_arn": "arn:aws:acm:us-east-1:000000000000:certificate/stand-in"}}


def _replace(data: dict, path: tuple, value: Any) -> bool:
    if not remove_path(data, path):
        return False
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = json.loads(json.dumps(value))  # a copy: the stand-ins stay as they are, whatever a round takes
    return True


def remove_path(data: dict, path: tuple) -> bool:
    """Take the key at ``path`` out of ``data`` (in place); False when there is none."""
    node: Any = data
    for part in path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    if isinstance(node, dict) and path[-1] in node:
        del node[path[-1]]
        return True
    return False


def _resolve(node: dict) -> dict:
    ref = node.get("$ref")
    if ref and ref.startswith("#/$defs/"):
        return schema()["$defs"][ref[len("#/$defs/"):]]
    return node


def known_keys(node: dict) -> set[str]:
    """Every property name a (sub)schema accepts, through $ref and allOf."""
    node = _resolve(node)
    keys = set(node.get("properties", {}))
    for part in node.get("allOf", []):
        keys |= known_keys(part)
    return keys



def _describe(value: Any, secret: bool = False) -> str:
    """A value as a message shows it: briefly, and a secret's (the schema's ``x-secret``) by its type alone."""
    if secret and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return f"{_TYPE_NAMES.get(_type_of(value), 'a value')} (not shown: a secret)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"


def _type_of(value: Any) -> str:
    for name, types in (("null", type(None)), ("boolean", bool), ("integer", int), ("number", float),
                        ("string", str), ("array", list), ("object", dict)):
        if isinstance(value, types):
            return name
    return "unknown"


def _accepts(schema_node: dict, value: Any) -> bool:
    """Whether a branch of an anyOf is meant for this kind of value (by its declared type)."""
    node = _resolve(schema_node)
    declared = node.get("type")
    if declared is None:
        return any(_accepts(b, value) for b in node.get("anyOf", [])) if "anyOf" in node else True
    declared = [declared] if isinstance(declared, str) else declared
    actual = _type_of(value)
    return actual in declared or (actual == "integer" and "number" in declared)


def _convert(spec: Document, error) -> Iterator[Diagnostic]:
    path = tuple(error.absolute_path)
    validator_name = error.validator
    value = error.instance
    secret = isinstance(error.schema, dict) and bool(error.schema.get(SECRET_KEYWORD))
    shown = _describe(value, secret)
    if validator_name in ("additionalProperties", "unevaluatedProperties"):
        allowed = known_keys(error.schema)
        unknown = [key for key in value if key not in allowed]
        for key in unknown[:MAX_UNKNOWN_KEYS]:
            yield spec.diagnostic(path + (key,), f"unknown key '{key}'{did_you_mean(key, sorted(allowed))}",
                                  UNKNOWN_KEY)
        if len(unknown) > MAX_UNKNOWN_KEYS:
            yield spec.diagnostic(path, f"{len(unknown) - MAX_UNKNOWN_KEYS:,} more unknown keys here", UNKNOWN_KEY)
        return
    if "propertyNames" in error.relative_schema_path:  # a key that is not allowed: reported at the key itself
        path += (value,)
    if validator_name == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        yield spec.diagnostic(path, f"missing required key '{missing}'", MISSING_KEY)
        return
    if validator_name in ("anyOf", "oneOf") and all(set(b) == {"required"} for b in error.validator_value):
        keys = [key for branch in error.validator_value for key in branch["required"]]
        yield spec.diagnostic(path, "give exactly one of " + ", ".join(keys), MISSING_KEY)
        return
    if validator_name in ("anyOf", "oneOf"):
        branches = [b for b in error.validator_value if _accepts(b, value)]
        if len(branches) == 1 and error.context:
            index = error.validator_value.index(branches[0])
            for sub in error.context:
                if sub.schema_path and sub.schema_path[0] == index:
                    yield from _convert(spec, sub)
            return
        expected = " or ".join(sorted({_TYPE_NAMES.get(t, t) for b in error.validator_value
                                       for t in _declared(b)}))
        yield spec.diagnostic(path, f"{shown} is not valid here; expected {expected}", WRONG_TYPE)
        return
    if validator_name == "type":
        declared = error.validator_value
        declared = [declared] if isinstance(declared, str) else declared
        expected = " or ".join(_TYPE_NAMES.get(t, t) for t in declared if t != "null")
        hint = ""
        if isinstance(value, str) and "boolean" in declared and value.lower() in ("yes", "no", "on", "off", "y", "n"):
            hint = " (only true and false are booleans in a spec)"
        if isinstance(value, (int, float)) and (error.schema.get("description") or "").startswith("A duration"):
            hint = ' (a bare number is not a duration: which unit? write e.g. "3 days" or "60 minutes")'
        yield spec.diagnostic(path, f"expected {expected}, got {shown}{hint}", WRONG_TYPE)
        return
    if validator_name in ("enum", "const"):
        allowed = error.validator_value if validator_name == "enum" else [error.validator_value]
        allowed_text = ", ".join(str(a) for a in allowed if a is not None)
        hint = did_you_mean(value, allowed) if isinstance(value, str) else ""
        if isinstance(value, bool):
            hint = " (write the word as a string; only true and false are booleans in a spec)"
        yield spec.diagnostic(path, f"{shown} is not one of {allowed_text}{hint}", NOT_ALLOWED_VALUE)
        return
    if validator_name == "not":  # a key a place does not take (an environment's kind): its description says why
        why = (error.schema.get("description") or f"{shown} is not allowed here").rstrip(".")
        yield spec.diagnostic(path, why[:1].lower() + why[1:], BAD_VALUE)
        return
    if validator_name == "pattern":
        what = (error.schema.get("description") or "").split(". ")[0].rstrip(".")
        if what and not what[1:2].isupper():  # "A role ARN" → "a role ARN", but "ARN of ..." stays
            what = what[0].lower() + what[1:]
        message = f"{shown} is not valid here" + (f": expected {what}" if what else "")
        yield spec.diagnostic(path, message, BAD_VALUE)
        return
    yield spec.diagnostic(path, _plain(error, shown, secret), BAD_VALUE)


def _declared(branch: dict) -> list[str]:
    node = _resolve(branch)
    declared = node.get("type", [])
    return [declared] if isinstance(declared, str) else list(declared)


def _plain(error, value: str, secret: bool) -> str:
    """jsonschema's own message for range and size checks, with the value described briefly."""
    limits = {
        "minimum": f"{value} is less than the minimum of {error.validator_value}",
        "maximum": f"{value} is more than the maximum of {error.validator_value}",
        "minLength": f"{value} is shorter than {error.validator_value} characters",
        "maxLength": f"{value} is longer than {error.validator_value} characters",
        "minItems": f"the list needs at least {error.validator_value} items",
        "maxItems": f"the list may have at most {error.validator_value} items",
        "minProperties": f"give at least {error.validator_value} of its keys",
        "maxProperties": f"give at most {error.validator_value} of its keys (they exclude each other)",
    }
    return limits.get(error.validator, f"{value} is not valid here" if secret else error.message)
