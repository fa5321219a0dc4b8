"""``import TEMPLATE --into SPEC --env NAME``: a deployed stack as one environment of a spec that already
describes another (dev's spec, prod's stack), so a team taking several PDK stacks over ends with one spec.

The environment is the least that, laid over the spec's base by the environments' merge, gives the imported
spec: keys that differ, items (by ``id``) that differ or are new. What the merge cannot express (a key or an
item the base has and the stack lacks) is refused, naming it. The result is proven like ``import`` itself:
the environment must compile to exactly what the imported spec compiles to.
"""

from __future__ import annotations

import io
from typing import Any

from ...diagnostics import format_path
from ...resolve.environments import KEY, item_ids
from . import NotImportable


_NOT_IN_A_TEMPLATE = ("$schema", "acknowledge")


def override(base: Any, target: Any, path: tuple = (), schemas: list | None = None) -> Any:
    """What to lay over ``base`` to get ``target`` (``NotImportable`` where the merge cannot remove a part).

    A minimal imported spec leaves out what equals its default; where the base sets such a key, the
    environment sets it back to the schema's default (the proof then checks that this is what the stack has).
    """
    from ...spec.schema_walk import children, resolved

    schemas = schemas or []
    if isinstance(base, dict) and isinstance(target, dict):
        target = dict(target)
        for key in [k for k in base if k not in target]:
            defaults = [s["default"] for node in children(schemas, key) for s in resolved(node) if "default" in s]
            if not defaults:
                raise NotImportable(f"the stack has no {format_path(path + (key,))}, which the base of the spec "
                                    "gives and an environment cannot take away")
            target[key] = defaults[0]
        return {k: (override(base[k], v, path + (k,), children(schemas, k)) if k in base else v)
                for k, v in target.items() if k not in base or base[k] != v}
    base_ids, target_ids = item_ids(base), item_ids(target)
    if base_ids is not None and target_ids is not None:
        gone = [i for i in base_ids if i not in target_ids]
        if gone:
            raise NotImportable(f"the stack has no {format_path(path)} item '{gone[0]}', which the base of the spec "
                                "gives and an environment cannot take away")
        items = []
        for item in target:
            if item["id"] not in base_ids:
                items.append(item)
                continue
            known = base[base_ids.index(item["id"])]
            if known != item:
                items.append({"id": item["id"], **override(known, item, path + (item["id"],),
                                                           children(schemas, None))})
        return items
    return target


def into_environment(base_text: str, base_file: str, name: str, imported: dict) -> str:
    """The spec's text with environment ``name`` (new, or replacing one of that name) that compiles to exactly
    what ``imported`` compiles to; ``NotImportable`` when none can."""
    from ...resolve.environments import environment
    from ..formatting import round_trip_yaml, formatted
    from ...source.loading import load_text
    from ...pipeline import compile_spec

    base = load_text(base_text, base_file)
    if base.data.get("kind") != imported.get("kind"):
        raise NotImportable(f"the stack is a {imported.get('kind')}, the spec a {base.data.get('kind')}")
    kept = {k: v for k, v in base.data.items() if k in _NOT_IN_A_TEMPLATE}  # the base's, as no stack shows them
    from ...spec.schema_walk import schemas_for

    entry = override({k: v for k, v in base.data.items() if k != KEY}, {**imported, **kept}, (),
                     schemas_for(imported))
    entry.pop("kind", None)
    if "stack_name" not in entry and "stack_name" in imported:
        entry["stack_name"] = imported["stack_name"]
    yaml = round_trip_yaml()
    document = yaml.load(base_text)
    environments = document.get(KEY)
    if not isinstance(environments, dict):
        document[KEY] = environments = {}
    environments[name] = entry
    out = io.StringIO()
    yaml.dump(document, out)
    text = formatted(out.getvalue(), base_file)
    merged_spec = environment(load_text(text, base_file), name)
    merged = compile_spec(merged_spec, pdk_compat=True)
    wanted = compile_spec(load_text(_plain(imported), base_file), pdk_compat=True,
                          stack_name=merged_spec.data["stack_name"])
    if not (merged.ok and wanted.ok and merged.data == wanted.data):
        raise NotImportable(f"the environment {name} would not compile to the stack's template (the base of the "
                            "spec and the stack differ in a way the merge cannot say)")
    return text


def _plain(spec: dict) -> str:
    from .spec_text import spec_text

    return spec_text(spec)
