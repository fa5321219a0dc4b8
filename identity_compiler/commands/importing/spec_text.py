"""An imported spec as text: keys in the schema's order (kind and ids first, as the examples have
them), block YAML, values quoted only where YAML needs it."""

from __future__ import annotations

from typing import Any

import yaml

from ...spec.schema import schema

_FIRST = ("kind", "id", "user_pool_id", "user_pool_arn", "stack_name", "description", "pdk_legacy_defaults")
# Mappings whose order is the template's (the CDK writes their Schema entries in the order given).
_AS_GIVEN = frozenset({"standard_attributes", "custom_attributes"})


def _resolve(node: Any) -> dict:
    if isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/$defs/"):
        return _resolve(schema()["$defs"][node["$ref"][len("#/$defs/"):]])
    return node if isinstance(node, dict) else {}


def _properties(node: Any) -> dict:
    """Every property a subschema names, its own before those of its ``allOf`` parts."""
    node = _resolve(node)
    found = dict(node.get("properties") or {})
    for part in node.get("allOf") or []:
        for key, value in _properties(part).items():
            found.setdefault(key, value)
    return found


def _branch(node: dict, value: dict) -> dict:
    """The ``anyOf``/``oneOf`` branch of a subschema that names the most of the value's keys."""
    branches = [_resolve(b) for b in (node.get("anyOf") or node.get("oneOf") or [])]
    candidates = [node] + branches
    return max(candidates, key=lambda b: len(set(_properties(b)) & set(value)))


def ordered(value: Any, node: Any, key: str = "") -> Any:
    node = _resolve(node)
    if isinstance(value, dict) and key in _AS_GIVEN:
        properties = _properties(node)
        return {k: ordered(v, properties.get(k, {})) for k, v in value.items()}
    if isinstance(value, dict):
        properties = _properties(_branch(node, value))
        order = list(_FIRST) + [k for k in properties if k not in _FIRST]
        rank = {key: i for i, key in enumerate(order)}
        additional = _resolve(node.get("additionalProperties")) if isinstance(node.get("additionalProperties"), dict) else {}
        keys = sorted(value, key=lambda k: (rank.get(k, len(rank)), list(value).index(k)))
        return {k: ordered(value[k], properties.get(k, additional), k) for k in keys}
    if isinstance(value, list):
        items = _resolve(node.get("items"))
        return [ordered(item, items) for item in value]
    return value


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False):  # lists indented under their key
        return super().increase_indent(flow, False)


def spec_text(spec: dict, header: str = "") -> str:
    kind = spec.get("kind")
    root = schema()["$defs"].get(kind, {}) if isinstance(kind, str) else {}
    text = yaml.dump(ordered(spec, root), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100)
    return header + text
