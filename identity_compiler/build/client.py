"""``UserPool.addClient``: an ``AWS::Cognito::UserPoolClient`` as aws-cdk-lib 2.163 builds it."""

from __future__ import annotations

from typing import Any

from troposphere import Ref, cognito

from ..spec import construct_ids as ids
from ..spec import model
from ..spec.properties import USER_POOL_CLIENT, with_rows
from ..spec.construct_tree import Construct
from ..spec.vocabulary import AUTH_FLOWS
from .common import attach, attach_direct, compact, join, listed, place
from .risk import attach_risk_configuration
from .user_pool import PoolHandle

_TOKENS = (("id_token_validity", "IdToken"), ("access_token_validity", "AccessToken"),
           ("refresh_token_validity", "RefreshToken"))


def build_client(stack: Construct, pool: PoolHandle, client: model.Client) -> None:
    """Add the client under its pool."""
    node = place(stack, client)
    oauth = not client.disable_o_auth
    units = {unit: "minutes" for name, unit in _TOKENS if getattr(client, name) is not None}
    attach(node, cognito.UserPoolClient, with_rows(compact({
        "UserPoolId": pool.user_pool_id,
        "ExplicitAuthFlows": _auth_flows(client),
        "AllowedOAuthFlows": _oauth_flows(client.flows) if oauth else None,
        "AllowedOAuthScopes": _oauth_scopes(pool, client.scopes) if oauth else None,
        "CallbackURLs": list(client.callback_urls) if client.callback_urls and oauth else None,
        "AllowedOAuthFlowsUserPoolClient": oauth,
        "SupportedIdentityProviders": [_provider(pool, p) for p in client.supported_identity_providers] or None,
        "ReadAttributes": listed(client.read_attributes),
        "WriteAttributes": listed(client.write_attributes),
        "TokenValidityUnits": units or None,
        "IdTokenValidity": _minutes(client.id_token_validity),
        "RefreshTokenValidity": _minutes(client.refresh_token_validity),
        "AccessTokenValidity": _minutes(client.access_token_validity),
        "RefreshTokenRotation": None if client.refresh_token_rotation_grace_period is None else {
            "Feature": "ENABLED", "RetryGracePeriodSeconds": client.refresh_token_rotation_grace_period.to_seconds()},
        "AnalyticsConfiguration": None if client.analytics is None else compact({
            "ApplicationId": client.analytics.application_id, "ExternalId": client.analytics.external_id,
            "RoleArn": client.analytics.role_arn, "UserDataShared": client.analytics.share_user_data}),
    }), USER_POOL_CLIENT, client))
    for terms in client.terms:  # after its client: their ClientId is the client's
        attach_direct(node.child(terms.construct_id), cognito.Terms, {
            "UserPoolId": pool.user_pool_id, "ClientId": Ref(node.find_child(ids.RESOURCE).logical_id),
            "TermsName": terms.terms_name, "TermsSource": terms.terms_source, "Enforcement": terms.enforcement,
            "Links": dict(terms.links)})
    if client.risk_configuration is not None:
        attach_risk_configuration(node, pool.user_pool_id, Ref(node.find_child(ids.RESOURCE).logical_id),
                                  client.risk_configuration)
    _branding(node, pool, client)
    pool.clients[client.id] = node
    if client.output_client_secret:
        pool.secret_outputs.append(client.id)
    for target in client.created_after:
        node.add_dependency(pool.methods[target])


def _branding(node: Construct, pool: PoolHandle, client: model.Client) -> None:
    """``<client>/ManagedLoginBranding``: the client's own, or (README: deliberate differences) Cognito's look for a
    client that shows managed login's pages, which say 'Login pages unavailable' without one."""
    branding = client.managed_login_branding
    if branding is None and client.default_branding:
        branding = model.ManagedLoginBranding(path=client.path, given=frozenset(), use_cognito_provided_values=True)
    if branding is None:
        return
    attach_direct(node.child(ids.MANAGED_LOGIN_BRANDING), cognito.ManagedLoginBranding, {
        "UserPoolId": pool.user_pool_id,
        "ClientId": Ref(node.find_child(ids.RESOURCE).logical_id),
        "UseCognitoProvidedValues": branding.use_cognito_provided_values,
        "Settings": branding.settings,
        "Assets": None if branding.assets is None else [compact({
            "Category": a.category, "ColorMode": a.color_mode, "Extension": a.extension, "Bytes": a.data,
            "ResourceId": a.resource_id}) for a in branding.assets],
        "ReturnMergedResources": branding.return_merged_resources,
    })


def _minutes(duration) -> int | None:
    return None if duration is None else duration.to_minutes()


def _auth_flows(client: model.Client) -> list[str] | None:
    """The flows given, then ALLOW_REFRESH_TOKEN_AUTH unless refresh tokens rotate (they refresh otherwise)."""
    if client.auth_flows is None:
        return None
    refresh = [] if client.refresh_token_rotation_grace_period is not None else ["ALLOW_REFRESH_TOKEN_AUTH"]
    return [name for key, name in AUTH_FLOWS if getattr(client.auth_flows, key)] + refresh


def _oauth_flows(flows: model.OAuthFlows) -> list[str] | None:
    names = [name for on, name in ((flows.client_credentials, "client_credentials"),
                                   (flows.implicit_code_grant, "implicit"),
                                   (flows.authorization_code_grant, "code")) if on]
    return names or None


def _scope_value(pool: PoolHandle, scope: model.Scope) -> Any:
    if isinstance(scope, model.ServerScope):
        return join(pool.resource_servers[scope.resource_server], "/" + scope.scope)
    return scope.value


def _oauth_scopes(pool: PoolHandle, scopes: tuple) -> list:
    """The scopes once each, as the CDK's ``new Set(scopes.map(x => x.scopeName))`` keeps them: a resource
    server's scope is one token however often it is written."""
    values: dict[Any, Any] = {}
    for scope in scopes:
        key = (scope.resource_server, scope.scope) if isinstance(scope, model.ServerScope) else scope.value
        values.setdefault(key, _scope_value(pool, scope))
    if any(v in ("phone", "email", "profile") for v in values) and "openid" not in values:
        values["openid"] = "openid"
    return list(values.values())


def _provider(pool: PoolHandle, provider: model.ProviderChoice) -> Any:
    if isinstance(provider, model.PoolProvider):
        return pool.identity_providers[provider.identity_provider]
    return provider.name
