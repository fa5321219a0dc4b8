"""Small helpers every builder uses: attaching a troposphere resource at a construct path."""

from __future__ import annotations

from typing import Any

from troposphere import AccountId, Join, Partition, Region, Tags, URLSuffix

from ..spec import construct_ids as ids
from ..spec import model
from ..spec.construct_tree import Construct


def compact(props: dict[str, Any]) -> dict[str, Any]:
    """Drop unset (None) values, as the CDK drops ``undefined`` properties."""
    return {k: v for k, v in props.items() if v is not None}


def listed(values: tuple | None) -> list | None:
    """A model's tuple as the template's list; None stays unset."""
    return None if values is None else list(values)


def if_any(props: dict[str, Any]) -> dict[str, Any] | None:
    """The CDK's ``undefinedIfNoKeys``: a property block only when something in it is set."""
    props = compact(props)
    return props or None


def place(stack: Construct, construct: model.Construct) -> Construct:
    """The construct's node at the path the resolve stage gave it, remembering the spec key it came from."""
    parent = stack
    for node_id in construct.construct_path[:-1]:
        parent = parent.find_child(node_id) or parent.child(node_id)
    node = parent.child(construct.construct_path[-1])
    node.source = construct.path
    return node


def attach(node: Construct, resource_type: type, props: dict[str, Any], **attributes: Any) -> Construct:
    """Create ``node/Resource`` holding a troposphere resource built (and type-checked) from props."""
    resource_node = node.child(ids.RESOURCE)
    resource = _from_dict(resource_type, resource_node.logical_id, compact(props))
    for name, value in attributes.items():
        setattr(resource, name, value)
    resource_node.resource = resource
    return resource_node


def attach_direct(node: Construct, resource_type: type, props: dict[str, Any]) -> Construct:
    """A resource that is itself the construct (an L1 such as a Lambda permission)."""
    node.resource = _from_dict(resource_type, node.logical_id, compact(props))
    return node


def _from_dict(resource_type: type, logical_id: str, props: dict[str, Any]) -> Any:
    """The troposphere resource of props; where troposphere's release lacks a property CloudFormation has (the
    project's schema copy says so), the class declared from the copy, so the spec never waits for a release."""
    try:
        return resource_type.from_dict(logical_id, props)
    except AttributeError:
        from .. import cloudformation

        if resource_type.resource_type not in cloudformation.index():
            raise
        return cloudformation.declared(resource_type.resource_type).from_dict(logical_id, props)


def tag_list(tags: tuple[tuple[str, str], ...]) -> Tags | None:
    """``Tags`` in the order given (troposphere's own sorts the keys as Python does, not as the CDK does)."""
    if not tags:
        return None
    out = Tags()
    out.tags = [{"Key": key, "Value": value} for key, value in tags]
    return out


def join(*parts: Any) -> Join:
    """``Fn::Join`` as CDK token resolution writes a concatenation: a joined part is spliced in (no
    nested ``Fn::Join``), and adjacent literal strings are merged."""
    merged: list[Any] = []
    for part in _spliced(parts):
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return Join("", merged)


def _spliced(parts) -> list:
    out: list[Any] = []
    for part in parts:
        if isinstance(part, Join) and part.data["Fn::Join"][0] == "":
            out.extend(_spliced(part.data["Fn::Join"][1]))
        else:
            out.append(part)
    return out


def format_arn(service: str, resource: str, resource_name: str, region: Any = None) -> Join:
    """``Stack.formatArn`` in an environment-agnostic stack."""
    return join("arn:", Partition, f":{service}:", region if region is not None else Region, ":",
                AccountId, f":{resource}/{resource_name}")


def user_pool_provider_name(user_pool_id: Any, region: str | None = None) -> Join:
    """``cognito-idp.<region>.<url suffix>/<pool id>``, the identity pool's name for a user pool."""
    return join("cognito-idp.", Region if region is None else region, ".", URLSuffix, "/", user_pool_id)
