"""App client rules: the CDK's ``UserPoolClient`` checks, and OAuth settings Cognito refuses."""

from __future__ import annotations

import re

from .. import defaults
from ..durations import Duration
from ..vocabulary import CLIENT_IDENTITY_PROVIDERS, OAUTH_SCOPES, PROVIDER_TYPES
from .rules import CDK, ERROR, WARNING, rule

_REDIRECT = re.compile(r"^[^\s\x00-\x1f]{1,1024}$")
# name → (minimum, maximum) in seconds; user-pool-client.ts L581-612
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


@rule("IC0301", "OAuth settings cannot be given with disable_o_auth.", CDK + "user-pool-client.ts L411-412")
def disable_oauth(ctx):
    for _pool, path, client in _clients(ctx):
        if client.get("disable_o_auth") and "o_auth" in client:
            yield path + ("o_auth",), "OAuth settings cannot be specified when disableOAuth is set."


@rule("IC0302", "With the code or implicit grant, callback_urls is not empty.", CDK + "user-pool-client.ts L421-426")
def callback_urls(ctx):
    for _pool, path, client in _clients(ctx):
        urls = (client.get("o_auth") or {}).get("callback_urls")
        if urls == [] and _browser_flows(client) and not client.get("disable_o_auth"):
            yield path + ("o_auth", "callback_urls"), \
                "callbackUrl must not be empty when codeGrant or implicitGrant OAuth flows are enabled."


@rule("IC0303", "default_redirect_uri is one of callback_urls.", CDK + "user-pool-client.ts L429-437")
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


@rule("IC0304", "Propagating user context data needs a client secret.", CDK + "user-pool-client.ts L440-441")
def context_data(ctx):
    for _pool, path, client in _clients(ctx):
        if client.get("enable_propagate_additional_user_context_data") and not client.get("generate_secret"):
            yield path + ("enable_propagate_additional_user_context_data",), \
                "Cannot activate enablePropagateAdditionalUserContextData in an app client without a client secret."


@rule("IC0305", "The client_credentials flow cannot be combined with the code or implicit grant.",
      CDK + "user-pool-client.ts L536-537")
def client_credentials_mix(ctx):
    for _pool, path, client in _clients(ctx):
        if _flows(client).get("client_credentials") and _browser_flows(client):
            yield path + ("o_auth", "flows"), \
                "clientCredentials OAuth flow cannot be selected along with codeGrant or implicitGrant."


@rule("IC0306", "Token validities are within Cognito's ranges, in whole minutes; ID/access tokens outlive no refresh token.",
      CDK + "user-pool-client.ts L581-612")
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


@rule("IC0307", "A resource-server scope names a resource server of this pool and one of its scopes.",
      "Cognito: AllowedOAuthScopes must exist on the pool")
def resource_server_scopes(ctx):
    for pool in ctx.method_owners:
        servers = {item.get("id"): {s["scope_name"] for s in item.get("scopes") or []}
                   for _path, item in pool.items("resource_servers")}
        identifiers = {item["identifier"]: {s["scope_name"] for s in item.get("scopes") or []}
                       for _path, item in pool.items("resource_servers")}
        for path, client in pool.items("clients"):
            for index, scope in enumerate((client.get("o_auth") or {}).get("scopes") or []):
                where = path + ("o_auth", "scopes", index)
                if isinstance(scope, str):
                    problem = _custom_scope_problem(scope, identifiers)
                    if problem:
                        yield where, problem
                    continue
                if scope["resource_server"] not in servers:
                    known = ", ".join(sorted(servers)) or "none"
                    yield where + ("resource_server",), \
                        f"no resource server with id '{scope['resource_server']}' on this pool (declared: {known})"
                elif scope["scope"] not in servers[scope["resource_server"]]:
                    yield where + ("scope",), \
                        f"resource server '{scope['resource_server']}' has no scope '{scope['scope']}'"


def _custom_scope_problem(scope: str, identifiers: dict[str, set]) -> str | None:
    """A custom scope written as ``<identifier>/<scope>`` must name a declared resource server's scope."""
    if scope in _MEMBER_SCOPES or "/" not in scope:
        return None
    for identifier, names in identifiers.items():
        if scope.startswith(identifier + "/"):
            name = scope[len(identifier) + 1:]
            return None if name in names else f"resource server '{identifier}' has no scope '{name}'"
    return (f"'{scope}' looks like a resource-server scope, but no resource server of this pool has that "
            "identifier; declare it in resource_servers and write {resource_server: <id>, scope: <name>}")


_MEMBER_SCOPES = ("OPENID", "EMAIL", "PHONE", "PROFILE", "COGNITO_ADMIN")


@rule("IC0311", "A scope written as a plain string is an OAuthScope member name or '<resource server identifier>/"
      "<scope>' (a warning with --pdk-compat, where the CDK takes any string as OAuthScope.custom).",
      "Cognito AllowedOAuthScopes: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/"
      "API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-AllowedOAuthScopes")
def bare_scopes(ctx):
    from .schema import did_you_mean

    severity = WARNING if ctx.pdk_compat else ERROR
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
                    f"('<identifier>/<scope>' or {{resource_server: <id>, scope: <name>}}){hint}"), severity


@rule("IC0308", "supported_identity_providers names providers registered on this pool.",
      "Cognito: SupportedIdentityProviders must be COGNITO or a provider of the pool")
def supported_providers(ctx):
    for pool in ctx.method_owners:
        providers = [item for _p, item in pool.items("identity_providers")]
        ids = {item.get("id") for item in providers}
        names = {PROVIDER_TYPES[p["type"]][1] or p.get("name") for p in providers if p.get("type") in PROVIDER_TYPES}
        names_known = None not in names  # an unnamed OIDC/SAML provider gets a generated name
        for path, client in pool.items("clients"):
            for index, provider in enumerate(client.get("supported_identity_providers") or []):
                where = path + ("supported_identity_providers", index)
                if isinstance(provider, dict):
                    if provider["identity_provider"] not in ids:
                        yield where, f"no identity provider with id '{provider['identity_provider']}' on this pool"
                    continue
                name = CLIENT_IDENTITY_PROVIDERS.get(provider, provider)
                if name != "COGNITO" and names_known and name not in names:
                    declared = ", ".join(sorted(n for n in names if n)) or "none"
                    yield where, (f"{provider} is not an identity provider of this pool (declared: {declared}); "
                                  "add it to identity_providers or deploy fails")


@rule("IC0309", "Callback and sign-out URLs use HTTPS (http only for localhost) and have no #fragment.",
      "Cognito CreateUserPoolClient: CallbackURLs")
def url_shapes(ctx):
    for _pool, path, client in _clients(ctx):
        oauth = client.get("o_auth") or {}
        for key in ("callback_urls", "logout_urls"):
            for index, url in enumerate(oauth.get(key) or []):
                problem = url_problem(url)
                if problem:
                    yield path + ("o_auth", key, index), problem


def url_problem(url: str) -> str | None:
    from urllib.parse import urlsplit  # only for specs that have URLs

    try:
        parts = urlsplit(url)
    except ValueError:
        return f"'{url}' is not a URL"
    if parts.fragment or "#" in url:
        return f"'{url}' has a #fragment; Cognito rejects redirect URLs with fragments"
    if parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
        return f"'{url}' uses http; Cognito allows http only for localhost: use https"
    if parts.scheme in ("https", "http") and not parts.hostname:
        return f"'{url}' has no host"
    if not parts.scheme:
        return f"'{url}' is not an absolute URL"
    return None


@rule("IC0310", "A client_credentials client has a secret and only resource-server scopes.",
      "Cognito CreateUserPoolClient: client_credentials")
def client_credentials_needs(ctx):
    for _pool, path, client in _clients(ctx):
        if not _flows(client).get("client_credentials"):
            continue
        if not client.get("generate_secret"):
            yield path + ("generate_secret",), "the client_credentials flow needs generate_secret: true"
        scopes = (client.get("o_auth") or {}).get("scopes")
        if scopes is None:
            yield path + ("o_auth",), "the client_credentials flow needs scopes of a resource server; give o_auth.scopes"
        for index, scope in enumerate(scopes or []):
            if isinstance(scope, str) and scope in _MEMBER_SCOPES:
                yield path + ("o_auth", "scopes", index), \
                    f"the client_credentials flow takes only resource-server scopes, not {scope}"


@rule("IC0801", "The implicit grant is on (tokens in the URL); prefer the authorization code grant with PKCE.",
      "OAuth 2.0 Security BCP (RFC 9700) section 2.1.2", WARNING)
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


@rule("IC0804", "A client allows password sign-in without SRP (ALLOW_USER_PASSWORD_AUTH / ALLOW_ADMIN_USER_PASSWORD_AUTH).",
      "Cognito developer guide, 'Authentication flows': prefer SRP; cdk-nag AwsSolutions-COG7 context", WARNING)
def plain_password_flows(ctx):
    for _pool, path, client in _clients(ctx):
        flows = client.get("auth_flows") or {}
        for key, name in (("user_password", "ALLOW_USER_PASSWORD_AUTH"),
                          ("admin_user_password", "ALLOW_ADMIN_USER_PASSWORD_AUTH")):
            if flows.get(key):
                yield path + ("auth_flows", key), f"{name} sends the password itself to Cognito; prefer user_srp"


@rule("IC0805", "prevent_user_existence_errors: false (LEGACY) lets callers find out which users exist.",
      "Cognito developer guide, 'Managing user existence error responses'", WARNING)
def user_existence_errors(ctx):
    for _pool, path, client in _clients(ctx):
        if client.get("prevent_user_existence_errors") is False:
            yield path + ("prevent_user_existence_errors",), \
                "LEGACY error responses reveal whether a user exists; set prevent_user_existence_errors: true"


@rule("IC0806", "Passwordless first factors are allowed, but no client enables choice-based sign-in (auth_flows.user).",
      "aws-cdk PR #32273 / #32369: passwordless sign-in needs ALLOW_USER_AUTH on the client", WARNING)
def passwordless_client(ctx):
    for pool in ctx.method_owners:
        factors = (pool.props.get("sign_in_policy") or {}).get("allowed_first_auth_factors") or {}
        if not any(factors.get(k) for k in ("email_otp", "sms_otp", "passkey")):
            continue
        if not any((client.get("auth_flows") or {}).get("user") for _p, client in pool.items("clients")):
            yield pool.key("sign_in_policy"), \
                "no client sets auth_flows.user: true (ALLOW_USER_AUTH), so no app can use the passwordless factors"
