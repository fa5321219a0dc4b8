"""App client rules: the CDK's ``UserPoolClient`` checks, and OAuth settings Cognito refuses."""

from __future__ import annotations

import re

from .. import defaults
from ..durations import Duration
from ..vocabulary import CLIENT_IDENTITY_PROVIDERS, OAUTH_SCOPES, PROVIDER_TYPES
from .rules import ADVICE, CDK, DEPLOY, SPEC, SYNTH, rule

_REDIRECT = re.compile(r"^[^\s\x00-\x1f]{1,1024}$")
# name → (minimum, maximum) in seconds; user-pool-client.ts#L581-L612
_VALIDITY = {
    "auth_session_validity": (3 * 60, 15 * 60, "3 minutes", "15 minutes"),
    "id_token_validity": (5 * 60, 86400, "5 minutes", "1 day"),
    "access_token_validity": (5 * 60, 86400, "5 minutes", "1 day"),
    "refresh_token_validity": (60 * 60, 10 * 365 * 86400, "60 minutes", "3650 days"),
}
_CAMEL = {"auth_session_validity": "authSessionValidity", "id_token_validity": "idTokenValidity",
          "access_token_validity": "accessTokenValidity", "refresh_token_validity": "refreshTokenValidity"}


def _clients(ctx):
    for pool in ctx.method_owners:
        for path, client in pool.items("clients"):
            yield pool, path, client


def _flows(client: dict) -> dict:
    return (client.get("o_auth") or {}).get("flows", defaults.CLIENT_OAUTH_FLOWS)


def _browser_flows(client: dict) -> bool:
    flows = _flows(client)
    return bool(flows.get("authorization_code_grant") or flows.get("implicit_code_grant"))


@rule("IC0301", SYNTH, "OAuth settings cannot be given with disable_o_auth.", CDK + "user-pool-client.ts#L411-L412")
def disable_oauth(ctx):
    for _pool, path, client in _clients(ctx):
        if client.get("disable_o_auth") and "o_auth" in client:
            yield path + ("o_auth",), "OAuth settings cannot be specified when disableOAuth is set."


@rule("IC0302", SYNTH, "With the code or implicit grant, callback_urls is not empty.", CDK + "user-pool-client.ts#L421-L426")
def callback_urls(ctx):
    for _pool, path, client in _clients(ctx):
        urls = (client.get("o_auth") or {}).get("callback_urls")
        if urls == [] and _browser_flows(client) and not client.get("disable_o_auth"):
            yield path + ("o_auth", "callback_urls"), \
                "callbackUrl must not be empty when codeGrant or implicitGrant OAuth flows are enabled."


@rule("IC0303", SYNTH, "default_redirect_uri is one of callback_urls.", CDK + "user-pool-client.ts#L429-L437")
def default_redirect(ctx):
    for _pool, path, client in _clients(ctx):
        oauth = client.get("o_auth") or {}
        uri = oauth.get("default_redirect_uri")
        if uri is None:
            continue
        urls = oauth.get("callback_urls", defaults.CLIENT_CALLBACK_URLS if _browser_flows(client) else None)
        if urls is not None and uri not in urls:
            yield path + ("o_auth", "default_redirect_uri"), "defaultRedirectUri must be included in callbackUrls."
        elif not _REDIRECT.match(uri):
            yield path + ("o_auth", "default_redirect_uri"), \
                "defaultRedirectUri must match the `^(?=.{1,1024}$)[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+$` pattern."


@rule("IC0304", SYNTH, "Propagating user context data needs a client secret.", CDK + "user-pool-client.ts#L440-L441")
def context_data(ctx):
    for _pool, path, client in _clients(ctx):
        if client.get("enable_propagate_additional_user_context_data") and not client.get("generate_secret"):
            yield path + ("enable_propagate_additional_user_context_data",), \
                "Cannot activate enablePropagateAdditionalUserContextData in an app client without a client secret."


@rule("IC0305", SYNTH, "The client_credentials flow cannot be combined with the code or implicit grant.",
      CDK + "user-pool-client.ts#L536-L537")
def client_credentials_mix(ctx):
    for _pool, path, client in _clients(ctx):
        if _flows(client).get("client_credentials") and _browser_flows(client):
            yield path + ("o_auth", "flows"), \
                "clientCredentials OAuth flow cannot be selected along with codeGrant or implicitGrant."


@rule("IC0306", SYNTH, "Token validities are within Cognito's ranges, in whole minutes; ID/access tokens outlive no refresh token.",
      CDK + "user-pool-client.ts#L581-L612")
def token_validity(ctx):
    for _pool, path, client in _clients(ctx):
        parsed = {}
        for name, (low, high, low_text, high_text) in _VALIDITY.items():
            if client.get(name) is None:
                continue
            try:
                duration = Duration.parse(client[name])
                duration.to_minutes()
            except ValueError as exc:
                yield path + (name,), str(exc)
                continue
            parsed[name] = duration.seconds
            if not low <= duration.seconds <= high:
                yield path + (name,), (f"{_CAMEL[name]}: Must be a duration between {low_text} and {high_text} "
                                       f"(inclusive); received {client[name]}.")
        refresh = parsed.get("refresh_token_validity")
        for name in ("id_token_validity", "access_token_validity"):
            if refresh is not None and parsed.get(name, 0) > refresh:
                yield path + (name,), (f"{_CAMEL[name]}: Must be a duration between 5 minutes and "
                                       f"{client['refresh_token_validity']} (inclusive); received {client[name]}.")


def _servers(pool) -> dict:
    """Resource servers of the spec's pool: id → (identifier, scope names)."""
    return {item.get("id"): (item["identifier"], {s["scope_name"] for s in item.get("scopes") or []})
            for _path, item in pool.items("resource_servers")}


def _scopes(pool):
    for path, client in pool.items("clients"):
        for index, scope in enumerate((client.get("o_auth") or {}).get("scopes") or []):
            yield path + ("o_auth", "scopes", index), scope


@rule("IC0307", SPEC, "A scope written as {resource_server, scope} names a resource server of this pool and one of "
      "its scopes.", "README: OAuth scopes")
def resource_server_scopes(ctx):
    for pool in ctx.method_owners:
        servers = _servers(pool)
        for where, scope in _scopes(pool):
            if isinstance(scope, str):
                continue
            if scope["resource_server"] not in servers:
                known = ", ".join(sorted(servers)) or "none"
                yield where + ("resource_server",), \
                    f"no resource server with id '{scope['resource_server']}' on this pool (declared: {known})"
            elif scope["scope"] not in servers[scope["resource_server"]][1]:
                yield where + ("scope",), f"resource server '{scope['resource_server']}' has no scope '{scope['scope']}'"


@rule("IC0312", DEPLOY, "A scope written as '<identifier>/<scope>' names a scope of one of the pool's resource "
      "servers.", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/"
      "API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-AllowedOAuthScopes")
def resource_server_scope_strings(ctx):
    for pool in ctx.pools:  # an existing pool may have resource servers the spec does not show
        identifiers = dict(_servers(pool).values())
        for where, scope in _scopes(pool):
            if not isinstance(scope, str) or scope in _MEMBER_SCOPES or "/" not in scope:
                continue
            match = next((i for i in identifiers if scope.startswith(i + "/")), None)
            if match is None:
                yield where, (f"'{scope}' looks like a resource-server scope, but no resource server of this pool has "
                              "that identifier; declare it in resource_servers and write "
                              "{resource_server: <id>, scope: <name>}")
            elif scope[len(match) + 1:] not in identifiers[match]:
                yield where, f"resource server '{match}' has no scope '{scope[len(match) + 1:]}'"


_MEMBER_SCOPES = ("OPENID", "EMAIL", "PHONE", "PROFILE", "COGNITO_ADMIN")


@rule("IC0311", DEPLOY, "A scope written as a plain string is an OAuthScope member name or '<resource server identifier>/"
      "<scope>' (the CDK takes any string as OAuthScope.custom).",
      "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/"
      "API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-AllowedOAuthScopes")
def bare_scopes(ctx):
    from .schema import did_you_mean

    values = {value: name for name, value in OAUTH_SCOPES.items()}
    for pool in ctx.method_owners:
        for path, client in pool.items("clients"):
            for index, scope in enumerate((client.get("o_auth") or {}).get("scopes") or []):
                if not isinstance(scope, str) or scope in _MEMBER_SCOPES or "/" in scope:
                    continue
                prefix = next((m for m in _MEMBER_SCOPES if scope.upper().startswith(m)), None)
                hint = (f"; did you mean '{values[scope]}'?" if scope in values else
                        f"; did you mean '{prefix}'?" if prefix else did_you_mean(scope, _MEMBER_SCOPES))
                yield path + ("o_auth", "scopes", index), (
                    f"'{scope}' is not an OAuthScope member ({', '.join(_MEMBER_SCOPES)}) nor a resource-server scope "
                    f"('<identifier>/<scope>' or {{resource_server: <id>, scope: <name>}}){hint}")


@rule("IC0308", SPEC, "A provider written as {identity_provider: <id>} in supported_identity_providers is one of "
      "this pool's identity_providers.", "README: kind: UserPoolWithMfa (pool methods)")
def supported_provider_ids(ctx):
    for pool in ctx.method_owners:
        ids = {item.get("id") for _p, item in pool.items("identity_providers")}
        for path, client in pool.items("clients"):
            for index, provider in enumerate(client.get("supported_identity_providers") or []):
                if isinstance(provider, dict) and provider["identity_provider"] not in ids:
                    yield path + ("supported_identity_providers", index), \
                        f"no identity provider with id '{provider['identity_provider']}' on this pool"


@rule("IC0313", DEPLOY, "A provider named in supported_identity_providers is registered on the pool.",
      "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/"
      "API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-SupportedIdentityProviders")
def supported_provider_names(ctx):
    for pool in ctx.pools:  # an existing pool may have providers the spec does not show
        providers = [item for _p, item in pool.items("identity_providers")]
        names = {PROVIDER_TYPES[p["type"]][1] or p.get("name") for p in providers if p.get("type") in PROVIDER_TYPES}
        if None in names:  # an unnamed OIDC/SAML provider gets a generated name
            continue
        for path, client in pool.items("clients"):
            for index, provider in enumerate(client.get("supported_identity_providers") or []):
                if isinstance(provider, dict):
                    continue
                name = CLIENT_IDENTITY_PROVIDERS.get(provider, provider)
                if name != "COGNITO" and name not in names:
                    declared = ", ".join(sorted(names)) or "none"
                    yield path + ("supported_identity_providers", index), (
                        f"{provider} is not an identity provider of this pool (declared: {declared}); "
                        "add it to identity_providers or deploy fails")


def _redirect_urls(ctx):
    for _pool, path, client in _clients(ctx):
        oauth = client.get("o_auth") or {}
        for key in ("callback_urls", "logout_urls"):
            for index, url in enumerate(oauth.get(key) or []):
                yield path + ("o_auth", key, index), url, _split(url)


def _split(url: str):
    from urllib.parse import urlsplit  # only for specs that have URLs

    try:
        return urlsplit(url)
    except ValueError:
        return None


@rule("IC0309", DEPLOY, "Callback and sign-out URLs use HTTPS (http only for localhost).", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/"
      "API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-CallbackURLs")
def https_urls(ctx):
    for where, url, parts in _redirect_urls(ctx):
        if parts and parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
            yield where, f"'{url}' uses http; Cognito allows http only for localhost: use https"


@rule("IC0314", DEPLOY, "Callback and sign-out URLs have no #fragment.", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/"
      "API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-CallbackURLs")
def fragment_urls(ctx):
    for where, url, parts in _redirect_urls(ctx):
        if parts is not None and (parts.fragment or "#" in url):
            yield where, f"'{url}' has a #fragment; Cognito rejects redirect URLs with fragments"


@rule("IC0315", DEPLOY, "Callback and sign-out URLs are absolute URLs (an app scheme such as myapp:// is one).", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/"
      "API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-CallbackURLs")
def absolute_urls(ctx):
    for where, url, parts in _redirect_urls(ctx):
        if parts is None:
            yield where, f"'{url}' is not a URL"
        elif not parts.scheme:
            yield where, f"'{url}' is not an absolute URL"
        elif parts.scheme in ("https", "http") and not parts.hostname:
            yield where, f"'{url}' has no host"


@rule("IC0310", DEPLOY, "A client_credentials client has a secret.", "https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints-oauth-grants.html")
def client_credentials_secret(ctx):
    for _pool, path, client in _clients(ctx):
        if _flows(client).get("client_credentials") and not client.get("generate_secret"):
            yield path + ("generate_secret",), "the client_credentials flow needs generate_secret: true"


@rule("IC0316", DEPLOY, "A client_credentials client has scopes, and only resource-server scopes.", "https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints-oauth-grants.html")
def client_credentials_scopes(ctx):
    for _pool, path, client in _clients(ctx):
        if not _flows(client).get("client_credentials"):
            continue
        scopes = (client.get("o_auth") or {}).get("scopes")
        if scopes is None:
            yield path + ("o_auth",), "the client_credentials flow needs scopes of a resource server; give o_auth.scopes"
        for index, scope in enumerate(scopes or []):
            if isinstance(scope, str) and scope in _MEMBER_SCOPES:
                yield path + ("o_auth", "scopes", index), \
                    f"the client_credentials flow takes only resource-server scopes, not {scope}"


@rule("IC0801", ADVICE, "The implicit grant is on (tokens in the URL); prefer the authorization code grant with PKCE.",
      "https://www.rfc-editor.org/rfc/rfc9700#section-2.1.2")
def implicit_grant(ctx):
    for _pool, path, client in _clients(ctx):
        if client.get("disable_o_auth"):
            continue
        if _flows(client).get("implicit_code_grant"):
            where = path + ("o_auth", "flows") if "o_auth" in client else path
            yield where, "the implicit grant is enabled (the CDK default); set o_auth.flows to authorization_code_grant only"
    if ctx.data["kind"] == "UserIdentity":
        user_pool = ctx.data.get("user_pool") or {}
        declared = any(c.get("id") == defaults.WEB_CLIENT_ID for c in user_pool.get("clients") or [])
        if not declared:
            yield ("user_pool",) if "user_pool" in ctx.data else (), (
                "the WebClient that UserIdentity adds has the implicit grant and ALLOW_USER_PASSWORD_AUTH enabled "
                "(the PDK defaults); to choose its flows, declare a client with id WebClient in user_pool.clients")


@rule("IC0804", ADVICE, "A client allows password sign-in without SRP (ALLOW_USER_PASSWORD_AUTH / ALLOW_ADMIN_USER_PASSWORD_AUTH).",
      "https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html")
def plain_password_flows(ctx):
    for _pool, path, client in _clients(ctx):
        flows = client.get("auth_flows") or {}
        for key, name in (("user_password", "ALLOW_USER_PASSWORD_AUTH"),
                          ("admin_user_password", "ALLOW_ADMIN_USER_PASSWORD_AUTH")):
            if flows.get(key):
                yield path + ("auth_flows", key), f"{name} sends the password itself to Cognito; prefer user_srp"


@rule("IC0805", ADVICE, "prevent_user_existence_errors: false (LEGACY) lets callers find out which users exist.",
      "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html")
def user_existence_errors(ctx):
    for _pool, path, client in _clients(ctx):
        if client.get("prevent_user_existence_errors") is False:
            yield path + ("prevent_user_existence_errors",), \
                "LEGACY error responses reveal whether a user exists; set prevent_user_existence_errors: true"


@rule("IC0806", ADVICE, "Passwordless first factors are allowed, but no client enables choice-based sign-in (auth_flows.user).",
      "https://github.com/aws/aws-cdk/pull/32369")
def passwordless_client(ctx):
    for pool in ctx.method_owners:
        factors = (pool.props.get("sign_in_policy") or {}).get("allowed_first_auth_factors") or {}
        if not any(factors.get(k) for k in ("email_otp", "sms_otp", "passkey")):
            continue
        if not any((client.get("auth_flows") or {}).get("user") for _p, client in pool.items("clients")):
            yield pool.key("sign_in_policy"), \
                "no client sets auth_flows.user: true (ALLOW_USER_AUTH), so no app can use the passwordless factors"
