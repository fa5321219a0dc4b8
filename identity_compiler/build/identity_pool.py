"""The identity pool (``@aws-cdk/aws-cognito-identitypool-alpha`` 2.163 ``IdentityPool``), its default
roles, its role attachment and the user-pool authentication provider UserIdentity adds."""

from __future__ import annotations

from typing import Any

from troposphere import GetAtt, Ref, cognito
from troposphere import iam as tiam

from ..spec import construct_ids as ids
from ..spec import model
from ..spec.construct_tree import Construct
from . import iam
from .common import attach, attach_direct, join, listed, place, tag_list, user_pool_provider_name
from .user_pool import PoolHandle

MATCH_TYPES = {"EQUALS": "Equals", "CONTAINS": "Contains", "STARTS_WITH": "StartsWith", "NOTEQUAL": "NotEqual"}


def build_identity_pool(stack: Construct, identity_pool: model.IdentityPool, pool: PoolHandle,
                        client: Construct, providers: dict[tuple, PoolHandle]) -> Construct:
    """``new IdentityPool(parent, 'IdentityPool', props)`` plus ``addUserPoolAuthentication``; ``providers``: the
    handle of each provider's pool to which the CDK added a client, by the provider's key path."""
    node = place(stack, identity_pool)

    def client_id(provider: model.UserPoolProvider) -> Any:
        if provider.pool is None:
            return provider.client_id
        added = providers[provider.path].clients[ids.PROVIDER_CLIENT]
        return Ref(added.find_child(ids.RESOURCE).logical_id)

    resource = attach(node, cognito.IdentityPool, {
        "AllowUnauthenticatedIdentities": identity_pool.allow_unauthenticated_identities,
        "AllowClassicFlow": identity_pool.allow_classic_flow,
        "IdentityPoolName": identity_pool.identity_pool_name,
        "DeveloperProviderName": identity_pool.custom_provider,
        "OpenIdConnectProviderARNs": listed(identity_pool.open_id_connect_providers),
        "SamlProviderARNs": listed(identity_pool.saml_providers),
        "SupportedLoginProviders": dict(identity_pool.login_providers) or None,
        "CognitoIdentityProviders": [  # the props' user pools, then the one UserIdentity adds
            {"ClientId": client_id(provider), "ProviderName": user_pool_provider_name(provider.user_pool_id),
             "ServerSideTokenCheck": provider.server_side_token_check}
            for provider in identity_pool.user_pool_providers] + [{
                "ClientId": Ref(client.find_child(ids.RESOURCE).logical_id),
                "ProviderName": user_pool_provider_name(pool.user_pool_id),
                "ServerSideTokenCheck": True,
            }],
        "IdentityPoolTags": tag_list(identity_pool.tags),
    })
    pool_id = Ref(resource.logical_id)
    for handle in providers.values():  # bind: Node.of(identityPool).addDependency(userPool, userPoolClient)
        node.add_dependency(handle.node)
    node.add_dependency(pool.node)
    node.add_dependency(client)
    # Cognito tags the session with principal tags: the roles' trust policies must allow sts:TagSession, which a
    # CDK user adds with assumeRolePolicy.addStatements (a second statement, same principal and conditions)
    tag_session = bool(identity_pool.principal_tags)
    roles = {
        "authenticated": identity_pool.authenticated_role or _default_role(
            node, "Authenticated", pool_id, resource.logical_id, identity_pool.authenticated_policies,
            identity_pool.tags, tag_session),
        "unauthenticated": identity_pool.unauthenticated_role or _default_role(
            node, "Unauthenticated", pool_id, resource.logical_id, identity_pool.unauthenticated_policies,
            identity_pool.tags, tag_session),
    }
    attach(node.child(ids.DEFAULT_ROLE_ATTACHMENT), cognito.IdentityPoolRoleAttachment, {
        "IdentityPoolId": pool_id,
        "Roles": roles,
        "RoleMappings": _role_mappings(identity_pool.role_mappings, pool),
    })
    for tags in identity_pool.principal_tags:  # the L1 a CDK user adds beside the identity pool
        attach_direct(node.child(tags.construct_id), cognito.IdentityPoolPrincipalTag, {
            "IdentityPoolId": pool_id,
            "IdentityProviderName": tags.provider_name if tags.provider_name is not None else pool.provider_name,
            "PrincipalTags": None if tags.tags is None else dict(tags.tags),
            "UseDefaults": tags.use_defaults,
        })
    return node


def _default_role(node: Construct, kind: str, pool_id: Ref, pool_logical_id: str,
                  statements: tuple[model.Statement, ...], tags: tuple, tag_session: bool) -> GetAtt:
    role_node = node.child(ids.default_role(kind))
    role = attach(role_node, tiam.Role, {
        "AssumeRolePolicyDocument": iam.document([iam.statement(
            actions=[action], principal=("Federated", "cognito-identity.amazonaws.com"),
            conditions={"StringEquals": {"cognito-identity.amazonaws.com:aud": pool_id},
                        "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": kind.lower()}})
            for action in ["sts:AssumeRoleWithWebIdentity"] + (["sts:TagSession"] if tag_session else [])]),
        "Description": join(f"Default {kind} Role for Identity Pool ", GetAtt(pool_logical_id, "Name")),
        "Tags": tag_list(tags),
    })
    if statements:  # role.addToPrincipalPolicy(...): the role's DefaultPolicy, as the CDK creates it
        policy_node = role_node.child(ids.DEFAULT_POLICY)
        attach(policy_node, tiam.PolicyType, {
            "PolicyName": policy_node.logical_id_of(ids.RESOURCE)[-128:],
            "PolicyDocument": iam.document(iam.statements(statements)),
            "Roles": [Ref(role.logical_id)],
        })
    return GetAtt(role.logical_id, "Arn")


def _provider_url(provider: Any, pool: PoolHandle) -> Any:
    """``IdentityPoolProviderUrl``: a URL, or ``<pool provider name>:<client id>`` for a client of the pool."""
    if isinstance(provider, model.ClientProviderUrl):
        return join(pool.provider_name, ":", Ref(pool.clients[provider.client].find_child(ids.RESOURCE).logical_id))
    return provider


def _role_mappings(mappings: tuple[model.RoleMapping, ...], pool: PoolHandle) -> dict | None:
    if not mappings:
        return None
    out: dict[str, Any] = {}
    for mapping in mappings:
        url = _provider_url(mapping.provider_url, pool)
        entry: dict[str, Any] = {
            "AmbiguousRoleResolution": "AuthenticatedRole" if mapping.resolve_ambiguous_roles else "Deny",
            "Type": "Token" if mapping.use_token else "Rules",
            "IdentityProvider": url,
        }
        if not mapping.use_token:
            entry["RulesConfiguration"] = {"Rules": [{
                "Claim": rule.claim, "Value": rule.claim_value, "MatchType": MATCH_TYPES[rule.match_type],
                "RoleARN": rule.mapped_role} for rule in mapping.rules]}
        out[mapping.template_key] = entry
    return out
