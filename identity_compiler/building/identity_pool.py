"""The identity pool (``@aws-cdk/aws-cognito-identitypool-alpha`` 2.163 ``IdentityPool``), its default
roles, its role attachment and the user-pool authentication provider UserIdentity adds."""

from __future__ import annotations

from typing import Any

from troposphere import GetAtt, Ref, cognito
from troposphere import iam as tiam

from ..model import Construct
from . import iam
from .common import attach, join, user_pool_provider_name
from .user_pool import PoolHandle

LOGIN_PROVIDERS = (  # the alpha's order
    ("amazon", "www.amazon.com", lambda p: p["app_id"]),
    ("facebook", "graph.facebook.com", lambda p: p["app_id"]),
    ("google", "accounts.google.com", lambda p: p["client_id"]),
    ("apple", "appleid.apple.com", lambda p: p["services_id"]),
    ("twitter", "api.twitter.com", lambda p: f"{p['consumer_key']};{p['consumer_secret']}"),
)
PROVIDER_URLS = {
    "FACEBOOK": "graph.facebook.com", "GOOGLE": "accounts.google.com", "AMAZON": "www.amazon.com",
    "APPLE": "appleid.apple.com", "TWITTER": "api.twitter.com",
}
MATCH_TYPES = {"EQUALS": "Equals", "CONTAINS": "Contains", "STARTS_WITH": "StartsWith", "NOTEQUAL": "NotEqual"}


def build_identity_pool(parent: Construct, props: dict, pool: PoolHandle, client: Construct) -> Construct:
    """``new IdentityPool(parent, 'IdentityPool', props)`` plus ``addUserPoolAuthentication``."""
    node = parent.child("IdentityPool")
    providers = props.get("authentication_providers") or {}
    login = {url: value(providers[key]) for key, url, value in LOGIN_PROVIDERS if providers.get(key)}
    resource = attach(node, cognito.IdentityPool, {
        "AllowUnauthenticatedIdentities": bool(props.get("allow_unauthenticated_identities")),
        "AllowClassicFlow": props.get("allow_classic_flow"),
        "IdentityPoolName": props.get("identity_pool_name"),
        "DeveloperProviderName": providers.get("custom_provider"),
        "OpenIdConnectProviderARNs": providers.get("open_id_connect_providers"),
        "SamlProviderARNs": providers.get("saml_providers"),
        "SupportedLoginProviders": login or None,
        "CognitoIdentityProviders": [{
            "ClientId": Ref(client.find_child("Resource").logical_id),
            "ProviderName": user_pool_provider_name(pool.user_pool_id),
            "ServerSideTokenCheck": True,
        }],
    })
    pool_id = Ref(resource.logical_id)
    node.add_dependency(pool.node)
    node.add_dependency(client)

    roles = {}
    for kind in ("Authenticated", "Unauthenticated"):
        given = props.get(f"{kind.lower()}_role")
        roles[kind.lower()] = given if given else _default_role(node, kind, pool_id, resource.logical_id, props)
        statements = (props.get("role_policies") or {}).get(kind.lower())
        if given and statements:  # Role.fromRoleArn(stack, <role name>, arn).addToPrincipalPolicy(...)
            role_name = given.rsplit("/", 1)[-1]
            pool.imported_roles.add(role_name, given, policy_statements(statements),
                                    ("identity_pool_options", f"{kind.lower()}_role"))
    attach(node.child("DefaultRoleAttachment"), cognito.IdentityPoolRoleAttachment, {
        "IdentityPoolId": pool_id,
        "Roles": roles,
        "RoleMappings": _role_mappings(props.get("role_mappings"), pool),
    })
    return node


def _default_role(node: Construct, kind: str, pool_id: Ref, pool_logical_id: str, props: dict) -> GetAtt:
    role_node = node.child(f"{kind}Role")
    role = attach(role_node, tiam.Role, {
        "AssumeRolePolicyDocument": iam.document([iam.statement(
            actions=["sts:AssumeRoleWithWebIdentity"], principal=("Federated", "cognito-identity.amazonaws.com"),
            conditions={"StringEquals": {"cognito-identity.amazonaws.com:aud": pool_id},
                        "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": kind.lower()}})]),
        "Description": join(f"Default {kind} Role for Identity Pool ", GetAtt(pool_logical_id, "Name")),
    })
    statements = (props.get("role_policies") or {}).get(kind.lower())
    if statements:
        _default_policy(role_node, role, statements)
    return GetAtt(role.logical_id, "Arn")


def _default_policy(role_node: Construct, role: Construct, statements: list[dict]) -> None:
    """``role.addToPrincipalPolicy(...)``: the role's ``DefaultPolicy``, as the CDK creates it."""
    policy_node = role_node.child("DefaultPolicy")
    attach(policy_node, tiam.PolicyType, {
        "PolicyName": policy_node.logical_id_of("Resource")[-128:],
        "PolicyDocument": iam.document(policy_statements(statements)),
        "Roles": [Ref(role.logical_id)],
    })


def policy_statements(statements: list[dict]) -> list:
    """``role_policies`` statements (effect, actions, resources, conditions) as IAM statements."""
    return [iam.statement(effect=s.get("effect", "Allow"), actions=s["actions"], resources=s.get("resources", ["*"]),
                          conditions=s.get("conditions")) for s in statements]


def provider_url_value(provider: Any, pool: PoolHandle) -> Any:
    """``IdentityPoolProviderUrl``: a member name, or ``{user_pool_client|oidc|saml|custom: ...}``."""
    if isinstance(provider, str):
        return PROVIDER_URLS[provider]
    kind, value = next(iter(provider.items()))
    if kind == "user_pool_client":
        return join(pool.provider_name, ":", Ref(pool.clients[value].find_child("Resource").logical_id))
    return value


def _role_mappings(mappings: list | None, pool: PoolHandle) -> dict | None:
    if not mappings:
        return None
    out: dict[str, Any] = {}
    for mapping in mappings:
        url = provider_url_value(mapping["provider_url"], pool)
        key = mapping.get("mapping_key") or url
        entry: dict[str, Any] = {
            "AmbiguousRoleResolution": "AuthenticatedRole" if mapping.get("resolve_ambiguous_roles") else "Deny",
            "Type": "Token" if mapping.get("use_token") else "Rules",
            "IdentityProvider": url,
        }
        if entry["Type"] == "Rules":
            entry["RulesConfiguration"] = {"Rules": [{
                "Claim": rule["claim"], "Value": rule["claim_value"],
                "MatchType": MATCH_TYPES[rule.get("match_type", "EQUALS")], "RoleARN": rule["mapped_role"],
            } for rule in mapping["rules"]]}
        out[key] = entry
    return out
