"""Environments: one spec, every deployment of the same identity.

A spec's top-level ``environments`` mapping names partial specs laid over the base (the rest of the file).
The merge, done before anything else reads the spec, is the one kustomize's strategic merge and Helm's values
make familiar: mappings merge key by key, lists whose items all carry an ``id`` (clients, domains, identity
providers, groups, resource servers) merge item by item by ``id`` (new ids are appended), every other value —
other lists included — is replaced. An environment's stack name is its own ``stack_name``, else the base's
with ``-<environment>`` appended, so two environments never deploy over one another.

The merged spec is an ordinary ``Document``: each of its key paths knows where in the file its value was
written (the override's own line when it came from an override), so every stage reports at the right line,
and each diagnostic names its environment.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostic, KeyPath
from ..source.loading import Document
from ..spec.vocabulary import ENVIRONMENTS

KEY = ENVIRONMENTS
_BASE_ONLY = (KEY, "kind")  # what an environment cannot change (the base's check reports an override of them)


def names(document: Document) -> list[str]:
    """The environments a spec declares, in file order: those with a name the schema takes (the base's check
    reports the others), none when the key is absent or not a mapping."""
    from ..spec.schema import ecma_pattern, schema

    written = document.data.get(KEY)
    if not isinstance(written, dict):
        return []
    environments = schema()["$defs"]["Environments"]
    valid = ecma_pattern(environments["propertyNames"]["pattern"])
    named = [name for name in written if isinstance(name, str) and valid.search(name)]
    return named[: environments["maxProperties"]]  # a spec with more is an error; the work stays bounded


class EnvironmentDocument(Document):
    """The spec of one environment: the base with the environment's override laid over it."""

    def __init__(self, base: Document, name: str):
        override = base.data[KEY][name]
        sources: dict[KeyPath, KeyPath] = {}
        blended: dict[KeyPath, KeyPath] = {}
        data = _merged({k: v for k, v in base.data.items() if k != KEY},
                       {k: v for k, v in override.items() if k not in _BASE_ONLY} if isinstance(override, dict) else {},
                       (), (KEY, name), (), sources, blended)
        self.blended = blended  # the written path of each mapping or list the base and the override make up → its path
        if not (isinstance(override, dict) and override.get("stack_name")):
            data["stack_name"] = f"{stack_name_of(base)}-{name}"
            sources[("stack_name",)] = (KEY, name)
        super().__init__(data, base.file, _positions(data, sources, base.positions))
        self.environment = name
        self.base = base
        self._sources = sources

    def written_at(self, path: KeyPath) -> KeyPath:
        """The key path in the file where the value at ``path`` of the merged spec is written."""
        path = tuple(path)
        for cut in range(len(path), -1, -1):
            source = self._sources.get(path[:cut])
            if source is not None:
                return source + path[cut:]
        return path

    def with_data(self, data: dict) -> Document:
        part = Document.__new__(EnvironmentDocument)
        part.__dict__.update(self.__dict__)
        part.data = data
        return part

    def in_file_path(self, path: KeyPath) -> KeyPath:
        return self.written_at(path)

    def in_file(self, diagnostic: Diagnostic) -> Diagnostic:
        """A diagnostic of the merged spec as the user reads it: at the key path written in the file, naming the
        environment."""
        return diagnostic._replace(path=self.written_at(diagnostic.path), environment=self.environment)


def stack_name_of(base: Document) -> str:
    from .resolving import stack_name_for

    return stack_name_for(base)


def environment(base: Document, name: str) -> EnvironmentDocument:
    """The merged spec of environment ``name`` (``KeyError`` when the spec does not declare it)."""
    if name not in names(base):
        raise KeyError(name)
    return EnvironmentDocument(base, name)


def item_ids(items: Any) -> list | None:
    """The ``id`` of each item when every item of a list is a mapping with a string ``id``, else None."""
    if not isinstance(items, list) or not items:
        return None
    ids = [item.get("id") if isinstance(item, dict) else None for item in items]
    return ids if all(isinstance(i, str) for i in ids) and len(set(ids)) == len(ids) else None


def _merged(base: Any, override: Any, base_at: KeyPath, over_at: KeyPath, at: KeyPath,
            sources: dict[KeyPath, KeyPath], blended: dict[KeyPath, KeyPath] | None = None) -> Any:
    """``override`` laid over ``base``; ``sources`` learns, for each merged key path whose value came from one
    side whole, where that value is written; ``blended``, for each mapping or list both sides make up, its
    written path (the override's) → its merged path."""
    blended = {} if blended is None else blended
    if isinstance(base, dict) and isinstance(override, dict):
        sources[at] = over_at
        blended[over_at] = at
        merged = {}
        for key in list(base) + [k for k in override if k not in base]:
            if key in base and key in override:
                merged[key] = _merged(base[key], override[key], base_at + (key,), over_at + (key,), at + (key,),
                                      sources, blended)
            elif key in base:
                merged[key] = base[key]
                sources[at + (key,)] = base_at + (key,)
            else:
                merged[key] = override[key]
                sources[at + (key,)] = over_at + (key,)
        return merged
    base_ids, over_ids = item_ids(base), item_ids(override)
    if base_ids is not None and over_ids is not None:
        sources[at] = over_at
        blended[over_at] = at
        merged_list = []
        for index, item_id in enumerate(base_ids):
            if item_id in over_ids:
                over_index = over_ids.index(item_id)
                merged_list.append(_merged(base[index], override[over_index], base_at + (index,),
                                           over_at + (over_index,), at + (len(merged_list),), sources, blended))
            else:
                sources[at + (len(merged_list),)] = base_at + (index,)
                merged_list.append(base[index])
        for over_index, item_id in enumerate(over_ids):
            if item_id not in base_ids:
                sources[at + (len(merged_list),)] = over_at + (over_index,)
                merged_list.append(override[over_index])
        return merged_list
    sources[at] = over_at
    return override


def _positions(data: Any, sources: dict[KeyPath, KeyPath], written: dict) -> dict:
    """The file position of every key path of the merged spec (iteratively: a spec may nest 100 levels)."""
    positions: dict = {}
    stack: list[tuple[KeyPath, KeyPath, Any]] = [((), (), data)]
    while stack:
        path, source, value = stack.pop()
        source = sources.get(path, source)
        if source in written:
            positions[path] = written[source]
        if isinstance(value, dict):
            stack.extend((path + (k,), source + (k,), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((path + (i,), source + (i,), v) for i, v in enumerate(value))
    return positions
