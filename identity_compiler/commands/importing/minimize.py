"""The proof and the shortening: a spec is right when ``compile --pdk-compat`` gives exactly the template's
identity resources and outputs, and short when no key can be taken out without changing them."""

from __future__ import annotations

import copy
import json
from typing import Any, Iterator

from ...spec import construct_ids as ids
from ...spec.schema import remove_path
from .layout import Layout

_PATH_METADATA = "aws:cdk:path"


def _normalized(resource: dict) -> dict:
    """A resource without the path metadata ``cdk synth`` adds (the compiler writes none)."""
    resource = dict(resource)
    metadata = {k: v for k, v in (resource.get("Metadata") or {}).items() if k != _PATH_METADATA}
    resource.pop("Metadata", None)
    if metadata:
        resource["Metadata"] = metadata
    return resource


class Target:
    """What the spec must compile to: the primary template, or the template of the replica in ``region``."""

    def __init__(self, resources: dict, outputs: dict, region: str | None = None):
        self.resources = resources
        self.outputs = outputs
        self.region = region
        # outputs that only a spec key writes in --pdk-compat (output_client_secret): the spec must keep them
        self.required_outputs = sorted(name for name, output in outputs.items() if isinstance(output, dict)
                                       and attribute_of(output.get("Value"), resources) == "ClientSecret")

    @classmethod
    def of(cls, document: dict, layout: Layout) -> "Target":
        resources = {lid: _normalized(r) for lid, r in document["Resources"].items() if lid in layout.claimed}
        return cls(json.loads(json.dumps(resources)), json.loads(json.dumps(document.get("Outputs") or {})))

    def compile(self, spec: dict, stack: str | None):
        from ...pipeline import compile_text

        return compile_text(json.dumps(spec, ensure_ascii=False), "imported.json", pdk_compat=True,
                            stack_name=stack or "Stack")

    def difference(self, spec: dict, stack: str | None) -> str | None:
        """None when the spec compiles to the target, else the first difference, by resource and property."""
        result = self.compile(spec, stack)
        if not result.ok:
            errors = [d for d in result.diagnostics if d.is_error]
            return f"the spec read from the template does not compile: {errors[0].format() if errors else '?'}"
        ours = json.loads(json.dumps(result.data if self.region is None else result.regional.get(self.region)))
        for lid in sorted(set(self.resources) | set(ours["Resources"])):
            mine, theirs = ours["Resources"].get(lid), self.resources.get(lid)
            if theirs is None:
                return f"{lid}: the spec gives a resource the template does not have ({mine.get('Type')})"
            if mine is None:
                return f"{lid}: no spec key gives this resource ({theirs.get('Type')})"
            if mine != theirs:
                return f"{lid}: {_first_difference(mine, theirs)}"
        for name, output in (ours.get("Outputs") or {}).items():
            if self.outputs.get(name) != output:
                return f"output {name}: the template does not have it as the constructs write it"
        for name in self.required_outputs:
            if name not in (ours.get("Outputs") or {}):
                return f"output {name}: no spec key gives this output"
        return None

    def outputs_of(self, spec: dict, stack: str | None) -> list[str]:
        """The template's outputs that the spec writes (the construct's own)."""
        result = self.compile(spec, stack)
        return sorted(name for name in ((result.data or {}).get("Outputs") or {}) if name in self.outputs)

    def matches(self, spec: dict, stack: str | None) -> bool:
        return self.difference(spec, stack) is None


def attribute_of(value: Any, resources: dict) -> str | None:
    """The attribute an output's value reads (``Fn::GetAtt``, either form) of one of ``resources``."""
    if not isinstance(value, dict) or list(value) != ["Fn::GetAtt"]:
        return None
    target = value["Fn::GetAtt"]
    parts = target if isinstance(target, list) else str(target).split(".", 1)
    return parts[1] if len(parts) == 2 and parts[0] in resources else None


def _first_difference(mine: Any, theirs: Any, path: str = "") -> str:
    if isinstance(mine, dict) and isinstance(theirs, dict):
        for key in sorted(set(mine) | set(theirs)):
            if mine.get(key) != theirs.get(key):
                if key not in theirs:
                    return f"{(path + '.' + key).lstrip('.')}: the spec gives {json.dumps(mine[key])[:120]}, the template has none"
                if key not in mine:
                    return f"{(path + '.' + key).lstrip('.')}: {json.dumps(theirs[key])[:120]} (no spec key produces it)"
                return _first_difference(mine[key], theirs[key], f"{path}.{key}")
    return f"{path.lstrip('.') or 'the resource'}: the template has {json.dumps(theirs)[:160]}, the spec gives {json.dumps(mine)[:160]}"


def _key_paths(value: Any, path: tuple = ()) -> Iterator[tuple]:
    """Every mapping key below ``value``, parents before their children; list items by position."""
    if isinstance(value, dict):
        for key in list(value):
            if key in ("kind", "stack_name") or (key == "id" and path and isinstance(path[-1], int)):
                continue
            yield path + (key,)
            yield from _key_paths(value[key], path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _key_paths(item, path + (index,))


def _without(spec: dict, path: tuple) -> dict | None:
    out = copy.deepcopy(spec)
    return out if remove_path(out, path) else None


def minimize(spec: dict, target: Target, stack: str | None) -> dict:
    """Take out, one at a time and parents first, every key the template does not need."""
    removed: list[tuple] = []
    for path in list(_key_paths(spec)):
        if any(path[: len(r)] == r for r in removed):
            continue
        candidate = _without(spec, path)
        if candidate is not None and target.matches(candidate, stack):
            spec = candidate
            removed.append(path)
    return _hoist_tags(_drop_empty(spec, target, stack), target, stack)


def _hoist_tags(spec: dict, target: Target, stack: str | None) -> dict:
    """The pool's and the identity pool's tags, when they are the same, once for the stack."""
    if spec.get("kind") != "UserIdentity":
        return spec
    pool_tags = (spec.get("user_pool") or {}).get("tags")
    identity_tags = (spec.get("identity_pool_options") or {}).get("tags")
    if not pool_tags or pool_tags != identity_tags:
        return spec
    candidate = copy.deepcopy(spec)
    del candidate["user_pool"]["tags"], candidate["identity_pool_options"]["tags"]
    for key in ("user_pool", "identity_pool_options"):
        if not candidate[key]:
            del candidate[key]
    candidate["tags"] = pool_tags
    return candidate if target.matches(candidate, stack) else spec


def _drop_empty(spec: dict, target: Target, stack: str | None) -> dict:
    """A list item the constructs add anyway (UserIdentity's WebClient) is taken out whole."""
    pool = spec.get("user_pool") if spec.get("kind") == "UserIdentity" else None
    clients = (pool or {}).get("clients") or []
    for index, item in enumerate(clients):
        if item.get("id") == ids.WEB_CLIENT:
            candidate = copy.deepcopy(spec)
            del candidate["user_pool"]["clients"][index]
            if not candidate["user_pool"]["clients"]:
                del candidate["user_pool"]["clients"]
            if not candidate["user_pool"]:
                del candidate["user_pool"]
            if target.matches(candidate, stack):
                return candidate
    return spec
