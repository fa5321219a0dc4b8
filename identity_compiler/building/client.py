"""``UserPool.addClient``: an ``AWS::Cognito::UserPoolClient`` as aws-cdk-lib 2.163 builds it."""

from __future__ import annotations

from typing import Any

from troposphere import cognito

from .. import defaults
from ..durations import Duration
from ..vocabulary import AUTH_FLOWS, CLIENT_IDENTITY_PROVIDERS, OAUTH_SCOPES, STANDARD_ATTRIBUTE_NAMES
from .common import attach, join
from .user_pool import PoolHandle


def build_client(pool: PoolHandle, node_id: str, props: dict) -> None:
    """Add a client with ``props`` (UserPoolClientOptions in spec form) under the pool."""
    node = pool.node.child(node_id)
    oauth = props.get("o_auth") or {}
    disable_oauth = props.get("disable_o_auth", False)
    flows = oauth.get("flows", defaults.CLIENT_OAUTH_FLOWS)
    callback_urls = oauth.get("callback_urls")
    if (flows.get("authorization_code_grant") or flows.get("implicit_code_grant")) and callback_urls is None:
        callback_urls = list(defaults.CLIENT_CALLBACK_URLS)
    validity = {name: Duration.parse(props[f"{name}_validity"]).to_minutes()
                for name in ("id_token", "access_token", "refresh_token", "auth_session")
                if props.get(f"{name}_validity") is not None}
    units = {key: "minutes" for name, key in (("id_token", "IdToken"), ("access_token", "AccessToken"),
                                               ("refresh_token", "RefreshToken")) if name in validity}
    prevent = props.get("prevent_user_existence_errors")
    attach(node, cognito.UserPoolClient, {
        "ClientName": props.get("user_pool_client_name"),
        "GenerateSecret": props.get("generate_secret"),
        "UserPoolId": pool.user_pool_id,
        "ExplicitAuthFlows": _auth_flows(props.get("auth_flows")),
        "AllowedOAuthFlows": None if disable_oauth else _oauth_flows(flows),
        "AllowedOAuthScopes": None if disable_oauth else _oauth_scopes(pool, oauth.get("scopes")),
        "CallbackURLs": callback_urls if callback_urls and not disable_oauth else None,
        "LogoutURLs": oauth.get("logout_urls"),
        "AllowedOAuthFlowsUserPoolClient": not disable_oauth,
        "PreventUserExistenceErrors": None if prevent is None else ("ENABLED" if prevent else "LEGACY"),
        "SupportedIdentityProviders": _identity_providers(pool, props.get("supported_identity_providers")),
        "ReadAttributes": _attributes(props.get("read_attributes")),
        "WriteAttributes": _attributes(props.get("write_attributes")),
        "EnableTokenRevocation": props.get("enable_token_revocation"),
        "EnablePropagateAdditionalUserContextData": props.get("enable_propagate_additional_user_context_data"),
        "DefaultRedirectURI": oauth.get("default_redirect_uri"),
        "AuthSessionValidity": validity.get("auth_session"),
        "TokenValidityUnits": units or None,
        "IdTokenValidity": validity.get("id_token"),
        "RefreshTokenValidity": validity.get("refresh_token"),
        "AccessTokenValidity": validity.get("access_token"),
    })
    pool.clients[node_id] = node
    if not pool.pdk_compat:
        _depend_on_named(node, pool, props.get("supported_identity_providers"), oauth.get("scopes"))


def _depend_on_named(node, pool: PoolHandle, providers: list | None, scopes: list | None) -> None:
    """A provider or resource server of this spec named by a plain string: the CDK writes no reference,
    so CloudFormation could create the client first and Cognito would refuse it; depend on it (default mode)."""
    for provider in providers or []:
        if isinstance(provider, str):
            target = pool.named_providers.get(CLIENT_IDENTITY_PROVIDERS.get(provider, provider))
            if target is not None:
                node.add_dependency(target)
    for scope in scopes or []:
        if isinstance(scope, str) and "/" in scope:
            target = pool.named_servers.get(scope.rsplit("/", 1)[0])
            if target is not None:
                node.add_dependency(target)


def _auth_flows(flows: dict | None) -> list[str] | None:
    if not flows:
        return None
    return [name for key, name in AUTH_FLOWS if flows.get(key)] + ["ALLOW_REFRESH_TOKEN_AUTH"]


def _oauth_flows(flows: dict) -> list[str] | None:
    names = [name for key, name in (("client_credentials", "client_credentials"), ("implicit_code_grant", "implicit"),
                                    ("authorization_code_grant", "code")) if flows.get(key)]
    return names or None


def oauth_scope_value(pool: PoolHandle, scope: Any) -> Any:
    """An ``OAuthScope``: member name, ``{resource_server, scope}``, or a custom scope string."""
    if isinstance(scope, dict):
        return join(pool.resource_servers[scope["resource_server"]], "/" + scope["scope"])
    return OAUTH_SCOPES.get(scope, scope)


def _oauth_scopes(pool: PoolHandle, scopes: list | None) -> list:
    values: list[Any] = []
    for scope in scopes if scopes is not None else defaults.CLIENT_OAUTH_SCOPES:
        value = oauth_scope_value(pool, scope)
        if not any(_same(value, seen) for seen in values):
            values.append(value)
    if any(v in ("phone", "email", "profile") for v in values) and "openid" not in values:
        values.append("openid")
    return values


def _same(a: Any, b: Any) -> bool:
    return a == b if isinstance(a, str) and isinstance(b, str) else a is b


def _identity_providers(pool: PoolHandle, given: list | None) -> list | None:
    if given is None:
        providers = list(pool.identity_providers.values()) + ["COGNITO"]
    else:
        providers = [CLIENT_IDENTITY_PROVIDERS.get(p, p) if isinstance(p, str) else pool_idp_ref(pool, p) for p in given]
    return providers or None


def pool_idp_ref(pool: PoolHandle, provider: dict) -> Any:
    """``{identity_provider: <id>}``: a provider registered on this spec's pool."""
    return pool.identity_providers[provider["identity_provider"]]


def _attributes(spec: dict | None) -> list[str] | None:
    """``ClientAttributes``: standard and custom attribute names, sorted as the CDK sorts them."""
    if spec is None:
        return None
    names = {STANDARD_ATTRIBUTE_NAMES[k] for k, v in (spec.get("standard_attributes") or {}).items() if v}
    names.update(n if n.startswith("custom:") else f"custom:{n}" for n in spec.get("custom_attributes") or [])
    return sorted(names)
