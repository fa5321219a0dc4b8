"""Which resources of a template are which identity construct, and the construct ids they were made with.

A synthesized template names each resource by its construct path (naming.py: the readable path and
eight hex digits of its MD5). The ids are read back from the logical ids and proven by hashing the
path again; ``aws:cdk:path`` metadata, where ``cdk synth`` left it, gives the path directly.
"""

from __future__ import annotations

import json

from dataclasses import dataclass, field
from typing import Any

from ...cloudformation import trigger_operations
from ...spec import construct_ids as ids
from ...spec import naming

CHILD_TYPES = {  # pool method → its resource type
    "identity_providers": "AWS::Cognito::UserPoolIdentityProvider",
    "resource_servers": "AWS::Cognito::UserPoolResourceServer",
    "clients": "AWS::Cognito::UserPoolClient",
    "domains": "AWS::Cognito::UserPoolDomain",
    "groups": "AWS::Cognito::UserPoolGroup",
}
PERMISSION_IDS = {ids.permission(op): name for name, (op, _key, _versioned) in trigger_operations().items()}


class LayoutError(Exception):
    """The template holds no identity construct the spec format can express, or several."""


@dataclass
class Layout:
    """The constructs found, by their construct paths (below the stack) and logical ids."""

    kind: str  # UserIdentity | UserPoolWithMfa
    form: str  # UserIdentity: props (the PDK's own pool), pool (a pool of its own), existing; else "pool"
    pool_path: tuple  # the pool's construct path (an existing pool's: its id)
    pool_logical_id: str | None  # None for an existing pool
    identity_id: str | None = None
    identity_pool: str | None = None  # logical id
    children: dict = field(default_factory=dict)  # method → [(construct id, logical id)]
    permissions: dict = field(default_factory=dict)  # trigger name → logical id
    sms_role: str | None = None
    web_acl_association: str | None = None
    ui_customizations: dict = field(default_factory=dict)  # None (the pool's) or a client's id → logical id
    risk_configurations: dict = field(default_factory=dict)  # None (the pool's) or a client's id → logical id
    session_configurations: dict = field(default_factory=dict)  # None (the pool's) or a client's id → logical id
    terms: dict = field(default_factory=dict)  # a client's id → [logical id of its AWS::Cognito::Terms]
    brandings: dict = field(default_factory=dict)  # a client's id → logical id of its ManagedLoginBranding
    log_delivery: str | None = None
    replicas: list = field(default_factory=list)  # the pool's UserPoolReplica resources, in template order
    roles: dict = field(default_factory=dict)  # authenticated/unauthenticated → role logical id
    default_policies: dict = field(default_factory=dict)  # authenticated/unauthenticated → policy logical id
    role_attachment: str | None = None
    principal_tags: list = field(default_factory=list)  # logical ids of PrincipalTags, PrincipalTags2, ...
    imported_role_policies: dict = field(default_factory=dict)  # construct id at the stack → policy logical id
    provider_clients: dict = field(default_factory=dict)  # a client a provider added: logical id → its pool's id
    imported_principal_policies: dict = field(default_factory=dict)  # a user's or group's: id → (kind, logical id)
    claimed: set = field(default_factory=set)  # every logical id that belongs to the construct


def logical_id(path: tuple) -> str:
    return naming.make_unique_id(list(path))


def _human(path: tuple) -> str:
    """The readable part of the logical ids below ``path`` (the path's ids, letters and digits only)."""
    return logical_id(path + (ids.RESOURCE,))[:-naming.HASH_LEN]


def _child_id(logical: str, parent: tuple, suffix: tuple = (ids.RESOURCE,)) -> str | None:
    """The construct id X with ``logical_id(parent + (X,) + suffix) == logical``, if there is one."""
    human = logical[:-naming.HASH_LEN]
    prefix = _human(parent) if parent else ""
    if not human.startswith(prefix):
        return None
    tail = "".join(naming.readable(s) for s in suffix if s != naming.HIDDEN_FROM_HUMAN_ID)
    rest = human[len(prefix):]
    readable = [rest[: len(rest) - len(tail)]] if tail and rest.endswith(tail) else []
    readable.append(rest)  # the next component left out, as the id ends with it
    candidates = [r for r in readable if r] + [naming.HIDDEN_ID]
    if parent:  # an id the parent's id ends with is left out of the readable part
        candidates += [parent[-1][i:] for i in range(len(parent[-1]))]
    for candidate in candidates:
        if logical_id(parent + (candidate,) + suffix) == logical:
            return candidate
    for text in readable:
        for candidate in _punctuated(text):
            if logical_id(parent + (candidate,) + suffix) == logical:
                return candidate
    return None


# Characters a construct id may have that its logical id leaves out, most common first.
_PUNCTUATION = "_-. #@:+"


def _punctuated(text: str, most: int = 2) -> list[str]:
    """``text`` with up to ``most`` of ``_PUNCTUATION`` put in (the ids a readable part can come from)."""
    found: list[str] = []
    level = [text]
    for _ in range(most):
        level = [t[:i] + ch + t[i:] for t in level for i in range(len(t) + 1) for ch in _PUNCTUATION]
        found += level
        if len(found) > 200_000:
            break
    return found


def _metadata_path(resource: dict) -> tuple | None:
    path = (resource.get("Metadata") or {}).get("aws:cdk:path")
    if isinstance(path, str) and "/" in path:
        return tuple(path.split("/")[1:])
    return None


def _of_type(resources: dict, type_name: str) -> list[str]:
    return [lid for lid, r in resources.items() if isinstance(r, dict) and r.get("Type") == type_name]


def _refs(value: Any) -> set[str]:
    """Logical ids a value references (Ref, Fn::GetAtt)."""
    found: set[str] = set()
    if isinstance(value, dict):
        if set(value) == {"Ref"} and isinstance(value["Ref"], str):
            found.add(value["Ref"])
        elif set(value) == {"Fn::GetAtt"} and isinstance(value["Fn::GetAtt"], list) and value["Fn::GetAtt"]:
            found.add(value["Fn::GetAtt"][0])
        for item in value.values():
            found |= _refs(item)
    elif isinstance(value, list):
        for item in value:
            found |= _refs(item)
    return found


def find_layout(resources: dict) -> Layout:
    """The identity construct of a template's resources."""
    identity_pools = _of_type(resources, "AWS::Cognito::IdentityPool")
    pools = _of_type(resources, "AWS::Cognito::UserPool")
    if len(identity_pools) > 1:
        raise LayoutError(f"the template has {len(identity_pools)} identity pools ({', '.join(identity_pools)}); a spec "
                          "describes one UserIdentity: import a template with one")
    if identity_pools:
        added = _provider_clients(resources, identity_pools[0])
        layout = _user_identity(resources, identity_pools[0], pools, added)
        layout.provider_clients = added
    elif len(pools) == 1:
        path = _top_level(resources, pools[0])
        layout = Layout(kind="UserPoolWithMfa", form="pool", pool_path=path, pool_logical_id=pools[0])
    elif not pools:
        raise LayoutError("the template has no AWS::Cognito::UserPool and no AWS::Cognito::IdentityPool: nothing to import")
    else:
        raise LayoutError(f"the template has {len(pools)} user pools ({', '.join(pools)}) and no identity pool; a spec "
                          "describes one UserPoolWithMfa: import a template with one")
    layout.claimed |= {x for x in (layout.pool_logical_id, layout.identity_pool) if x} | set(layout.provider_clients)
    _pool_children(resources, layout)
    if layout.identity_id is not None:
        _identity_pool_parts(resources, layout)
    _imported_role_policies(resources, layout)
    return layout


def _top_level(resources: dict, pool: str) -> tuple:
    path = _metadata_path(resources[pool])
    if path is not None:
        if len(path) == 2 and path[1] == ids.RESOURCE:
            return path[:1]
        raise LayoutError(f"{pool}: the user pool's construct path {'/'.join(path)} is not one a spec builds")
    node_id = _child_id(pool, ())
    if node_id is None:
        raise LayoutError(f"{pool}: cannot read the user pool's construct id back from its logical id (an id with "
                          "characters a logical id leaves out?); synthesize with path metadata (cdk synth) and "
                          "import that template")
    return (node_id,)


def _provider_clients(resources: dict, identity_pool: str) -> dict[str, str]:
    """The clients ``UserPoolAuthenticationProvider`` added to pools given without one: each a client of a pool
    made elsewhere (a literal id), at ``<id>/UserPoolAuthenticationProviderClient``; logical id → that id."""
    found = {}
    providers = (resources[identity_pool].get("Properties") or {}).get("CognitoIdentityProviders") or []
    for provider in providers if isinstance(providers, list) else []:
        client = provider.get("ClientId") if isinstance(provider, dict) else None
        lid = client.get("Ref") if isinstance(client, dict) else None
        resource = resources.get(lid) if isinstance(lid, str) else None
        if not isinstance(resource, dict) or resource.get("Type") != "AWS::Cognito::UserPoolClient" or \
                not isinstance((resource.get("Properties") or {}).get("UserPoolId"), str):
            continue
        name = provider.get("ProviderName")
        parts = name.get("Fn::Join", [None, []])[1] if isinstance(name, dict) else [name]
        pool_id = parts[-1][1:] if parts and isinstance(parts[-1], str) and parts[-1].startswith("/") else None
        if pool_id is not None and logical_id((pool_id, ids.PROVIDER_CLIENT, ids.RESOURCE)) == lid:
            found[lid] = pool_id  # imported under the pool's own id (which a logical id cannot spell back)
            continue
        node_id = _child_id(lid, (), (ids.PROVIDER_CLIENT, ids.RESOURCE))
        if node_id is not None:
            found[lid] = node_id
    return found


def _user_identity(resources: dict, identity_pool: str, pools: list[str], added: dict[str, str]) -> Layout:
    """The UserIdentity's layout; ``added``: the clients its providers added (a provider's pool's, not its own)."""
    path = _metadata_path(resources[identity_pool])
    if path is not None and len(path) == 3 and path[1:] == (ids.IDENTITY_POOL, ids.RESOURCE):
        identity_id = path[0]
    else:
        identity_id = _child_id(identity_pool, (), (ids.IDENTITY_POOL, ids.RESOURCE))
    if identity_id is None:
        raise LayoutError(f"{identity_pool}: cannot read the UserIdentity's construct id back from the identity pool's "
                          "logical id; synthesize with path metadata (cdk synth) and import that template")
    providers = (resources[identity_pool].get("Properties") or {}).get("CognitoIdentityProviders") or []
    referenced = _refs(providers)
    used = [p for p in pools if p in referenced]
    own = logical_id((identity_id, ids.USER_POOL, ids.RESOURCE))
    if own in pools:
        return Layout(kind="UserIdentity", form="props", pool_path=(identity_id, ids.USER_POOL),
                      pool_logical_id=own, identity_id=identity_id, identity_pool=identity_pool)
    if used:
        return Layout(kind="UserIdentity", form="pool", pool_path=_top_level(resources, used[0]),
                      pool_logical_id=used[0], identity_id=identity_id, identity_pool=identity_pool)
    clients = [lid for lid in referenced if (resources.get(lid) or {}).get("Type") == "AWS::Cognito::UserPoolClient"
               and lid not in added]
    for client in clients:
        pool_id = _child_id(client, (), (ids.WEB_CLIENT, ids.RESOURCE))
        if pool_id is None:  # a WebClient the spec declared under another id: its parent's id is what we need
            human = client[:-naming.HASH_LEN]
            pool_id = next((human[:i] for i in range(len(human), 0, -1)
                            if _child_id(client, (human[:i],)) is not None), None)
        if pool_id is not None:
            return Layout(kind="UserIdentity", form="existing", pool_path=(pool_id,), pool_logical_id=None,
                          identity_id=identity_id, identity_pool=identity_pool)
    raise LayoutError(f"{identity_pool}: the identity pool's user pool is neither in the template nor an existing "
                      "pool with a client of this template")


def _pool_children(resources: dict, layout: Layout) -> None:
    pool_ref = {"Ref": layout.pool_logical_id} if layout.pool_logical_id else None
    for method, type_name in CHILD_TYPES.items():
        found = []
        for lid in _of_type(resources, type_name):
            props = resources[lid].get("Properties") or {}
            if lid in layout.provider_clients or pool_ref is not None and props.get("UserPoolId") != pool_ref:
                continue
            path = _metadata_path(resources[lid])
            if path is not None and path[:-2] == layout.pool_path and path[-1] == ids.RESOURCE:
                child = path[-2]
            else:
                child = _child_id(lid, layout.pool_path)
            if child is None:
                raise LayoutError(f"{lid}: cannot read the construct id of this {type_name.split('::')[-1]} back "
                                  "from its logical id (an id with characters a logical id leaves out?); synthesize "
                                  "with path metadata (cdk synth) and import that template")
            found.append((child, lid))
            layout.claimed.add(lid)
        layout.children[method] = found
    for owner, path, client_ref in [(None, layout.pool_path, "ALL")] + [
            (cid, layout.pool_path + (cid,), {"Ref": lid}) for cid, lid in layout.children.get("clients", [])]:
        for terms_id in (ids.terms("terms-of-use"), ids.terms("privacy-policy")):
            terms = logical_id(path + (terms_id,))
            if owner is not None and (resources.get(terms) or {}).get("Type") == "AWS::Cognito::Terms":
                layout.terms.setdefault(owner, []).append(terms)
                layout.claimed.add(terms)
        branding = logical_id(path + (ids.MANAGED_LOGIN_BRANDING,))
        if owner is not None and (resources.get(branding) or {}).get("Type") == "AWS::Cognito::ManagedLoginBranding" and \
                (resources[branding].get("Properties") or {}).get("ClientId") == client_ref:
            layout.brandings[owner] = branding
            layout.claimed.add(branding)
        session = logical_id(path + (ids.SESSION_CONFIGURATION,))
        session_type = "AWS::Cognito::UserPool" + ("" if owner is None else "Client") + \
            "SessionConfigurationAttachment"
        if (resources.get(session) or {}).get("Type") == session_type and \
                (owner is None or (resources[session].get("Properties") or {}).get("ClientId") == client_ref):
            layout.session_configurations[owner] = session
            layout.claimed.add(session)
        for node_id, resource_type, found in (  # a client "Default" shares the pool's logical ids
                (ids.UI_CUSTOMIZATION, "AWS::Cognito::UserPoolUICustomizationAttachment", layout.ui_customizations),
                (ids.RISK_CONFIGURATION, "AWS::Cognito::UserPoolRiskConfigurationAttachment",
                 layout.risk_configurations)):
            attachment = logical_id(path + (node_id,))
            if (resources.get(attachment) or {}).get("Type") == resource_type and \
                    (resources[attachment].get("Properties") or {}).get("ClientId") == client_ref:
                found[owner] = attachment
                layout.claimed.add(attachment)
    pool_arn = {"Fn::GetAtt": [layout.pool_logical_id, "Arn"]} if layout.pool_logical_id else None
    delivery = logical_id(layout.pool_path + (ids.LOG_DELIVERY,))
    if (resources.get(delivery) or {}).get("Type") == "AWS::Cognito::LogDeliveryConfiguration" and \
            (pool_ref is None or (resources[delivery].get("Properties") or {}).get("UserPoolId") == pool_ref):
        layout.log_delivery = delivery
        layout.claimed.add(delivery)
    association = logical_id(layout.pool_path + (ids.WEB_ACL_ASSOCIATION,))
    props = (resources.get(association) or {}).get("Properties") or {}
    if (resources.get(association) or {}).get("Type") == "AWS::WAFv2::WebACLAssociation" and \
            (pool_arn is None or props.get("ResourceArn") == pool_arn):
        layout.web_acl_association = association
        layout.claimed.add(association)
    if layout.pool_logical_id is None:  # a pool made elsewhere: the rest are a pool of the template's
        return
    for lid in _of_type(resources, "AWS::Lambda::Permission"):
        props = resources[lid].get("Properties") or {}
        if props.get("SourceArn") != {"Fn::GetAtt": [layout.pool_logical_id, "Arn"]}:
            continue
        for node_id, trigger in PERMISSION_IDS.items():
            if logical_id(layout.pool_path + (node_id,)) == lid:
                layout.permissions[trigger] = lid
                layout.claimed.add(lid)
    for lid in _of_type(resources, "AWS::Cognito::UserPoolReplica"):  # <pool>/Replica<Region>
        props = resources[lid].get("Properties") or {}
        region = props.get("RegionName")
        if isinstance(region, str) and props.get("UserPoolId") == {"Ref": layout.pool_logical_id} and \
                logical_id(layout.pool_path + (ids.replica(region),)) == lid:
            layout.replicas.append(lid)
            layout.claimed.add(lid)
    sms = logical_id(layout.pool_path + (ids.SMS_ROLE, ids.RESOURCE))
    if (resources.get(sms) or {}).get("Type") == "AWS::IAM::Role":
        layout.sms_role = sms
        layout.claimed.add(sms)


def _identity_pool_parts(resources: dict, layout: Layout) -> None:
    base = (layout.identity_id, ids.IDENTITY_POOL)
    for kind in ("authenticated", "unauthenticated"):
        role = logical_id(base + (ids.default_role(kind), ids.RESOURCE))
        if (resources.get(role) or {}).get("Type") == "AWS::IAM::Role":
            layout.roles[kind] = role
            layout.claimed.add(role)
        policy = logical_id(base + (ids.default_role(kind), ids.DEFAULT_POLICY, ids.RESOURCE))
        if (resources.get(policy) or {}).get("Type") == "AWS::IAM::Policy":
            layout.default_policies[kind] = policy
            layout.claimed.add(policy)
    attachment = logical_id(base + (ids.DEFAULT_ROLE_ATTACHMENT, ids.RESOURCE))
    if (resources.get(attachment) or {}).get("Type") == "AWS::Cognito::IdentityPoolRoleAttachment":
        layout.role_attachment = attachment
        layout.claimed.add(attachment)
    for index in range(1, len(resources) + 1):  # PrincipalTags, PrincipalTags2, ... while there are more
        tags = logical_id(base + (ids.principal_tags(index - 1),))
        if (resources.get(tags) or {}).get("Type") != "AWS::Cognito::IdentityPoolPrincipalTag":
            break
        layout.principal_tags.append(tags)
        layout.claimed.add(tags)


def _grants_on_the_pool(props: dict, layout: Layout) -> bool:
    """Whether a policy allows actions on the pool: ``Fn::GetAtt`` of the pool's ``Arn``, or a pool made elsewhere's."""
    resources = [s.get("Resource") for s in (props.get("PolicyDocument") or {}).get("Statement") or []
                 if isinstance(s, dict)]
    if layout.pool_logical_id is not None:
        return {"Fn::GetAtt": [layout.pool_logical_id, "Arn"]} in resources
    return any(":userpool/" in json.dumps(r) for r in resources)


def _imported_role_policies(resources: dict, layout: Layout) -> None:
    """``Role.fromRoleArn(stack, id, ...)`` policies (grants on the pool, role_policies on existing roles), and an
    imported user's or group's (grants on the pool): each the one policy the CDK gives an imported principal."""
    for lid in _of_type(resources, "AWS::IAM::Policy"):
        if lid in layout.claimed:
            continue
        props = resources[lid].get("Properties") or {}
        for kind, (policy_id, attached_by) in ids.GRANTEES.items():
            named = props.get(attached_by)
            if not (isinstance(named, list) and len(named) == 1 and isinstance(named[0], str)) or \
                    any(props.get(other) for _p, other in ids.GRANTEES.values() if other != attached_by):
                continue
            node_id = _child_id(lid, (), (policy_id, ids.RESOURCE))
            if node_id is None:
                if _grants_on_the_pool(props, layout):  # the spec's, but its id cannot be read back
                    raise LayoutError(f"{lid}: cannot read the construct id of this grant's {kind} back from its "
                                      "logical id (an id with characters a logical id leaves out?); synthesize with "
                                      "path metadata (cdk synth) and import that template")
                continue
            if kind == "role":
                layout.imported_role_policies[node_id] = lid
            else:
                layout.imported_principal_policies[node_id] = (kind, lid)
            layout.claimed.add(lid)
            break
