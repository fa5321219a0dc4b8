"""Moving the identity resources of a stack that holds others to a stack of their own, with
``aws cloudformation create-stack-refactor``: the resource mappings (each under its own logical id, so
none is replaced) and the two stacks' templates, a reference across them turned into an export and
an ``Fn::ImportValue``."""

from __future__ import annotations

import copy
import re
from typing import Any

from ...output.targets import file_names


def _export_name(stack: str, logical_id: str, attribute: str | None) -> str:
    name = f"{stack}-{logical_id}" + (f"-{attribute}" if attribute else "")
    return re.sub(r"[^A-Za-z0-9:-]", "-", name)


def _rewrite(value: Any, moved: set, stack: str, exports: dict) -> Any:
    """``value`` with every Ref/GetAtt of a moved resource read from the other stack's export."""
    if isinstance(value, dict):
        if list(value) == ["Ref"] and value["Ref"] in moved:
            name = _export_name(stack, value["Ref"], None)
            exports[name] = {"Ref": value["Ref"]}
            return {"Fn::ImportValue": name}
        if list(value) == ["Fn::GetAtt"] and isinstance(value["Fn::GetAtt"], list) and value["Fn::GetAtt"] \
                and value["Fn::GetAtt"][0] in moved:
            target, attribute = value["Fn::GetAtt"][0], ".".join(str(p) for p in value["Fn::GetAtt"][1:])
            name = _export_name(stack, target, attribute)
            exports[name] = {"Fn::GetAtt": value["Fn::GetAtt"]}
            return {"Fn::ImportValue": name}
        return {k: _rewrite(v, moved, stack, exports) for k, v in value.items()}
    if isinstance(value, list):
        return [_rewrite(v, moved, stack, exports) for v in value]
    return value


def stack_refactor(document: dict, moved: list[str], outputs: list[str], source: str, destination: str) -> dict:
    """``{"resource-mappings.json": [...], "<source>.template.json": {...}, "<destination>.template.json": {...}}``."""
    moved_set = set(moved)
    resources = document.get("Resources") or {}
    rest = {k: v for k, v in copy.deepcopy(document).items() if k not in ("Resources", "Outputs")}
    exports: dict[str, Any] = {}
    rest["Resources"] = {lid: _rewrite(r, moved_set, destination, exports)
                         for lid, r in resources.items() if lid not in moved_set}
    kept_outputs = {name: _rewrite(o, moved_set, destination, exports)
                    for name, o in (document.get("Outputs") or {}).items() if name not in outputs}
    if kept_outputs:
        rest["Outputs"] = kept_outputs
    identity: dict[str, Any] = {"AWSTemplateFormatVersion": "2010-09-09"} if "AWSTemplateFormatVersion" in document \
        else {}
    identity["Resources"] = {lid: copy.deepcopy(resources[lid]) for lid in moved}
    identity_outputs = {name: copy.deepcopy(document["Outputs"][name]) for name in outputs}
    for index, (name, value) in enumerate(sorted(exports.items())):
        identity_outputs[f"Export{index}{re.sub(r'[^A-Za-z0-9]', '', name)}"[:255]] = \
            {"Value": value, "Export": {"Name": name}}
    if identity_outputs:
        identity["Outputs"] = identity_outputs
    mappings = [{"Source": {"StackName": source, "LogicalResourceId": lid},
                 "Destination": {"StackName": destination, "LogicalResourceId": lid}} for lid in moved]
    return dict(zip(file_names(source, destination), (mappings, rest, identity)))
