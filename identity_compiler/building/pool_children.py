"""The pool's other methods: ``addDomain``, ``addResourceServer``, ``registerIdentityProvider``,
groups and grants (aws-cdk-lib 2.163 ``user-pool-domain.ts``, ``user-pool-resource-server.ts``,
``user-pool-idps/*.ts``, ``user-pool-group.ts``, ``UserPool.grant``)."""

from __future__ import annotations

from typing import Any

from troposphere import Ref, cognito

from ..vocabulary import PROVIDER_ATTRIBUTES, PROVIDER_TYPES, SIGNING_ALGORITHMS, STANDARD_ATTRIBUTE_NAMES
from ..naming import make_unique_resource_name
from .common import attach
from .iam import statement
from .user_pool import PoolHandle


def build_domain(pool: PoolHandle, node_id: str, props: dict) -> None:
    node = pool.node.child(node_id)
    custom = props.get("custom_domain")
    attach(node, cognito.UserPoolDomain, {
        "UserPoolId": pool.user_pool_id,
        "Domain": custom["domain_name"] if custom else props["cognito_domain"]["domain_prefix"],
        "CustomDomainConfig": {"CertificateArn": custom["certificate_arn"]} if custom else None,
        "ManagedLoginVersion": props.get("managed_login_version"),
    })


def build_resource_server(pool: PoolHandle, node_id: str, props: dict) -> None:
    node = pool.node.child(node_id)
    resource = attach(node, cognito.UserPoolResourceServer, {
        "Identifier": props["identifier"],
        "Name": props.get("user_pool_resource_server_name", props["identifier"]),
        "Scopes": None if props.get("scopes") is None else
        [{"ScopeName": s["scope_name"], "ScopeDescription": s["scope_description"]} for s in props["scopes"]],
        "UserPoolId": pool.user_pool_id,
    })
    pool.resource_servers[node_id] = Ref(resource.logical_id)
    pool.named_servers[props["identifier"]] = node


def build_identity_provider(pool: PoolHandle, node_id: str, props: dict) -> None:
    """``UserPoolIdentityProvider<Type>`` created as a child of the pool, registered on it."""
    kind = props["type"]
    provider_type, fixed_name, default_scopes, separator = PROVIDER_TYPES[kind]
    node = pool.node.child(node_id)
    details: dict[str, Any]
    if kind == "saml":
        metadata = props["metadata"]
        details = {
            "IDPSignout": props.get("idp_signout", False),
            "MetadataURL": metadata.get("url"),
            "MetadataFile": metadata.get("file"),
            "EncryptedResponses": props.get("encrypted_responses"),
            "RequestSigningAlgorithm": SIGNING_ALGORITHMS.get(props.get("request_signing_algorithm")),
            "IDPInit": props.get("idp_initiated"),
        }
    else:
        scopes = separator.join(props.get("scopes", default_scopes))
        details = {"client_id": props.get("client_id")}
        if kind == "apple":
            details.update(team_id=props["team_id"], key_id=props["key_id"],
                           private_key=props.get("private_key_value", props.get("private_key")))
        else:
            details["client_secret"] = props.get("client_secret_value", props.get("client_secret"))
        details["authorize_scopes"] = scopes
        if kind == "facebook":
            details["api_version"] = props.get("api_version")
        if kind == "oidc":
            endpoints = props.get("endpoints") or {}
            details.update({
                "attributes_request_method": props.get("attribute_request_method", "GET"),
                "oidc_issuer": props["issuer_url"],
                "authorize_url": endpoints.get("authorization"),
                "token_url": endpoints.get("token"),
                "attributes_url": endpoints.get("user_info"),
                "jwks_uri": endpoints.get("jwks_uri"),
            })
    name = fixed_name or props.get("name") or _generated_name(node, kind)
    resource = attach(node, cognito.UserPoolIdentityProvider, {
        "UserPoolId": pool.user_pool_id,
        "ProviderName": name,
        "ProviderType": provider_type,
        "ProviderDetails": _provider_details(details, pool.pdk_compat),
        "IdpIdentifiers": props.get("identifiers"),
        "AttributeMapping": attribute_mapping(props.get("attribute_mapping")),
    })
    pool.identity_providers[node_id] = Ref(resource.logical_id)
    pool.named_providers[name] = node


def _provider_details(details: dict, pdk_compat: bool) -> dict:
    """CloudFormation types ``ProviderDetails`` as strings; the CDK writes SAML's flags as booleans.

    Default mode writes ``"true"``/``"false"`` (what Cognito stores; strict cfn-lint accepts only
    strings); ``--pdk-compat`` keeps the CDK's booleans.
    """
    out = {}
    for key, value in details.items():
        if value is None:
            continue
        out[key] = str(value).lower() if isinstance(value, bool) and not pdk_compat else value
    return out


def _generated_name(node, kind: str) -> str:
    """OIDC/SAML ``getProviderName`` when no name is given, fitted to 3..32 characters: SAML takes
    ``Names.uniqueResourceName`` (cut in the middle, then the hash), OIDC the unique id's two ends."""
    if kind == "saml":
        name = make_unique_resource_name(node.components, 32)
        return name + "saml" if len(name) < 3 else name
    unique = node.unique_id
    if len(unique) < 3:
        return unique + kind
    if len(unique) > 32:
        return unique[:16] + unique[-16:]
    return unique


def attribute_mapping(mapping: dict | None) -> dict | None:
    if mapping is None:
        return None
    out: dict[str, str] = {}
    for key, value in mapping.items():
        if key != "custom":
            out[STANDARD_ATTRIBUTE_NAMES[key]] = PROVIDER_ATTRIBUTES.get(value, value)
    for key, value in (mapping.get("custom") or {}).items():
        out[key] = PROVIDER_ATTRIBUTES.get(value, value)
    return out or None  # the CDK writes no AttributeMapping for an empty one


def build_group(pool: PoolHandle, node_id: str, props: dict) -> None:
    attach(pool.node.child(node_id), cognito.UserPoolGroup, {
        "UserPoolId": pool.user_pool_id,
        "GroupName": props.get("group_name"),
        "Description": props.get("description"),
        "Precedence": props.get("precedence"),
        "RoleArn": props.get("role_arn"),
    })



def build_grants(pool: PoolHandle, grants: list[dict], path: tuple = ("grants",)) -> None:
    """``pool.grant(Role.fromRoleArn(stack, id, arn), ...actions)``: statements for the imported role's
    ``Policy`` (built by ``build_imported_role_policies`` once every statement is known)."""
    for index, grant in enumerate(grants):
        reference = grant.get("role_name") or grant["role_arn"]
        pool.imported_roles.add(grant.get("id") or reference.rsplit("/", 1)[-1], reference,
                                [statement(actions=grant["actions"], resources=[pool.user_pool_arn])], path + (index,))
