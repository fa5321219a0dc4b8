"""Walking the spec's JSON Schema by key path: which subschemas describe the value at a path, which keys a
mapping there may have. ``fmt`` orders keys by it; the language server completes and explains with it;
``import --into`` finds defaults with it.
"""

from __future__ import annotations

from typing import Any, Iterator

from .schema import schema
from .vocabulary import ENVIRONMENTS

_COMBINATORS = ("allOf", "anyOf", "oneOf")



def schemas_for(document: Any) -> list[dict]:
    """The subschemas of a whole spec: its kind's definition (the root's when the kind is not known)."""
    root = schema()
    kind = document.get("kind") if hasattr(document, "get") else None
    return [root["$defs"][kind]] if kind in root["$defs"] else [root]


def resolved(node: dict) -> Iterator[dict]:
    """A subschema and every subschema it stands for ($ref, allOf/anyOf/oneOf, if/then/else)."""
    root = schema()
    stack, seen = [node], set()
    while stack:
        current = stack.pop(0)
        if not isinstance(current, dict) or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if "$ref" in current:
            stack.append(root["$defs"][current["$ref"].rsplit("/", 1)[-1]])
        for keyword in _COMBINATORS:
            stack.extend(current.get(keyword, ()))
        stack.extend(current[k] for k in ("then", "else") if k in current)


def properties(schemas: list[dict]) -> list[str]:
    names: list[str] = []
    for node in schemas:
        for sub in resolved(node):
            names += [n for n in sub.get("properties", {}) if n not in names]
    return names


def children(schemas: list[dict], key: str | None) -> list[dict]:
    """The subschemas of a mapping's value at ``key`` (None: a list's items)."""
    found = []
    for node in schemas:
        for sub in resolved(node):
            if key is None:
                if isinstance(sub.get("items"), dict):
                    found.append(sub["items"])
            elif key in sub.get("properties", {}):
                found.append(sub["properties"][key])
            elif isinstance(sub.get("additionalProperties"), dict):
                found.append(sub["additionalProperties"])
    return found


def at(document: Any, path: tuple) -> list[dict]:
    """The subschemas of the value at ``path`` (mapping keys and list positions) of a spec's data; an
    environment's entry is described as the spec itself is (its keys are the spec's)."""
    here = schemas_for(document)
    if len(path) >= 2 and path[0] == ENVIRONMENTS:
        path = path[2:]
    for part in path:
        here = children(here, None if isinstance(part, int) else part)
    return here
