"""App client rules: the CDK's ``UserPoolClient`` checks, and OAuth settings Cognito refuses."""

from __future__ import annotations

import re

from ..spec import model
from ..spec.vocabulary import OAUTH_SCOPES
from .engine import check, repeated

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


@check("IC0301", on=model.Client)
def disable_oauth(client, _ctx):
    if client.disable_o_auth and client.o_auth is not None:
        yield client.o_auth.path, "OAuth settings cannot be specified when disableOAuth is set."


@check("IC0302", on=model.Client)
def callback_urls(client, _ctx):
    if client.callback_urls == () and client.flows.browser and not client.disable_o_auth:
        yield client.key("o_auth", "callback_urls"), \
            "callbackUrl must not be empty when codeGrant or implicitGrant OAuth flows are enabled."


@check("IC0303", on=model.Client)
def default_redirect(client, _ctx):
    uri = client.default_redirect_uri
    if uri is None:
        return
    if client.callback_urls is not None and uri not in client.callback_urls:
        yield client.key("o_auth", "default_redirect_uri"), "defaultRedirectUri must be included in callbackUrls."
    elif not _REDIRECT.match(uri):
        yield client.key("o_auth", "default_redirect_uri"), \
            "defaultRedirectUri must match the `^(?=.{1,1024}$)[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+$` pattern."


@check("IC0304", on=model.Client)
def context_data(client, _ctx):
    if client.enable_propagate_additional_user_context_data and not client.generate_secret:
        yield client.key("enable_propagate_additional_user_context_data"), \
            "Cannot activate enablePropagateAdditionalUserContextData in an app client without a client secret."


@check("IC0305", on=model.Client)
def client_credentials_mix(client, _ctx):
    if client.flows.client_credentials and client.flows.browser:
        yield client.key("o_auth", "flows"), \
            "clientCredentials OAuth flow cannot be selected along with codeGrant or implicitGrant."


@check("IC0306", on=model.Client)
def token_validity(client, _ctx):
    parsed = {}
    for name, (low, high, low_text, high_text) in _VALIDITY.items():
        duration = getattr(client, name)
        if duration is None:
            continue
        try:  # the CDK compares whole milliseconds, then renders whole minutes
            duration.to_millis()
            if low <= duration.seconds <= high:
                duration.to_minutes()
        except ValueError as exc:
            yield client.key(name), str(exc)
            continue
        parsed[name] = duration.seconds
        if not low <= duration.seconds <= high:
            yield client.key(name), (f"{_CAMEL[name]}: Must be a duration between {low_text} and {high_text} "
                                     f"(inclusive); received {duration.text}.")
    refresh = parsed.get("refresh_token_validity")
    for name in ("id_token_validity", "access_token_validity"):
        if refresh is not None and parsed.get(name, 0) > refresh:
            yield client.key(name), (f"{_CAMEL[name]}: Must be a duration between 5 minutes and "
                                     f"{client.refresh_token_validity.text} (inclusive); received {getattr(client, name).text}.")


@check("IC0317", on=model.Client)
def rotation_grace_period(client, _ctx):
    period = client.refresh_token_rotation_grace_period
    if period is None:
        return
    where = client.key("refresh_token_rotation_grace_period")
    try:
        period.to_millis()
    except ValueError as exc:
        yield where, str(exc)
        return
    if period.seconds > 60:
        yield where, ("refreshTokenRotationGracePeriod: Must be a duration between 0 seconds and 1 minute (inclusive); "
                      f"received {period.text}.")
        return
    try:
        period.to_seconds()
    except ValueError as exc:
        yield where, str(exc)


@check("IC0318", on=model.Analytics)
def analytics_complete(analytics, _ctx):
    missing = [key for key in ("application_id", "external_id", "role_arn") if getattr(analytics, key) is None]
    if missing:
        yield analytics.path, ("Either all of `applicationId`, `externalId` and `role` must be specified or "
                               f"`application` must be specified (missing: {', '.join(missing)})")


@check("IC0319", on=model.Client)
def terms_once(client, _ctx):
    for terms in repeated(client.terms, lambda t: t.terms_name):
        yield terms.key("terms_name"), f"{terms.terms_name} is given twice for this client"


@check("IC0307", on=model.Client)
def resource_server_scopes(client, ctx):
    servers = {s.id: s for s in ctx.pool.resource_servers}
    for scope in client.scopes:
        if not isinstance(scope, model.ServerScope):
            continue
        server = servers.get(scope.resource_server)
        if server is None:
            known = ", ".join(sorted(servers)) or "none"
            yield scope.key("resource_server"), \
                f"no resource server with id '{scope.resource_server}' on this pool (declared: {known})"
        elif scope.scope not in {s.scope_name for s in server.scopes or ()}:
            yield scope.key("scope"), f"resource server '{scope.resource_server}' has no scope '{scope.scope}'"


@check("IC0312", on=model.Client)
def resource_server_scope_strings(client, ctx):
    if not isinstance(ctx.pool, model.UserPool):
        return  # an existing pool may have resource servers the spec does not show
    identifiers = {s.identifier: {x.scope_name for x in s.scopes or ()} for s in ctx.pool.resource_servers}
    for scope in client.scopes:
        if not isinstance(scope, model.CustomScope) or "/" not in scope.value:
            continue
        match = next((i for i in identifiers if scope.value.startswith(i + "/")), None)
        if match is None:
            yield scope.path, (f"'{scope.value}' looks like a resource-server scope, but no resource server of this pool "
                               "has that identifier; declare it in resource_servers and write "
                               "{resource_server: <id>, scope: <name>}")
        elif scope.value[len(match) + 1:] not in identifiers[match]:
            yield scope.path, f"resource server '{match}' has no scope '{scope.value[len(match) + 1:]}'"


@check("IC0311", on=model.Client)
def bare_scopes(client, _ctx):
    from ..diagnostics import did_you_mean

    for scope in client.scopes:
        if not isinstance(scope, model.CustomScope) or "/" in scope.value or scope.value in _MEMBERS_BY_VALUE:
            continue
        prefix = next((m for m in OAUTH_SCOPES if scope.value.upper().startswith(m)), None)
        hint = f"; did you mean '{prefix}'?" if prefix else did_you_mean(scope.value, list(OAUTH_SCOPES))
        yield scope.path, (
            f"'{scope.value}' is not an OAuthScope member ({', '.join(OAUTH_SCOPES)}) nor a resource-server scope "
            f"('<identifier>/<scope>' or {{resource_server: <id>, scope: <name>}}){hint}")


_MEMBERS_BY_VALUE = {value: name for name, value in OAUTH_SCOPES.items()}


@check("IC0308", on=model.Client)
def supported_provider_ids(client, ctx):
    ids = {p.id for p in ctx.pool.identity_providers}
    for provider in client.supported_identity_providers:
        if isinstance(provider, model.PoolProvider) and provider.identity_provider not in ids:
            yield provider.path, f"no identity provider with id '{provider.identity_provider}' on this pool"


@check("IC0313", on=model.Client)
def supported_provider_names(client, ctx):
    if not isinstance(ctx.pool, model.UserPool):
        return  # an existing pool may have providers the spec does not show
    names = {p.provider_name for p in ctx.pool.identity_providers}
    for provider in client.supported_identity_providers:
        if isinstance(provider, model.NamedProvider) and provider.name != "COGNITO" and provider.name not in names:
            declared = ", ".join(sorted(names)) or "none"
            yield provider.path, (f"{provider.written} is not an identity provider of this pool (declared: {declared}); "
                                  "add it to identity_providers or deploy fails")


def _redirect_urls(client):
    for key in ("callback_urls", "logout_urls"):  # the CDK's default callback URL passes every check
        for index, url in enumerate(getattr(client, key) or ()):
            yield client.key("o_auth", key, index), url, _split(url)


def _split(url: str):
    from urllib.parse import urlsplit  # only for specs that have URLs

    try:
        return urlsplit(url)
    except ValueError:
        return None


@check("IC0309", on=model.Client)
def https_urls(client, _ctx):
    for where, url, parts in _redirect_urls(client):
        if parts and parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
            yield where, f"'{url}' uses http; Cognito allows http only for localhost: use https"


@check("IC0314", on=model.Client)
def fragment_urls(client, _ctx):
    for where, url, parts in _redirect_urls(client):
        if parts is not None and (parts.fragment or "#" in url):
            yield where, f"'{url}' has a #fragment; Cognito rejects redirect URLs with fragments"


@check("IC0315", on=model.Client)
def absolute_urls(client, _ctx):
    for where, url, parts in _redirect_urls(client):
        if parts is None:
            yield where, f"'{url}' is not a URL"
        elif not parts.scheme:
            yield where, f"'{url}' is not an absolute URL"
        elif parts.scheme in ("https", "http") and not parts.hostname:
            yield where, f"'{url}' has no host"


@check("IC0310", on=model.Client)
def client_credentials_secret(client, _ctx):
    if client.flows.client_credentials and not client.generate_secret:
        yield client.key("generate_secret"), "the client_credentials flow needs generate_secret: true"


@check("IC0320", on=model.Client)
def secret_output_needs_secret(client, _ctx):
    if client.output_client_secret and not client.generate_secret:
        yield client.key("output_client_secret"), \
            "the client has no secret (generate_secret is not true), so its ClientSecret output (Fn::GetAtt) fails " \
            "at deploy; set generate_secret: true"



@check("IC0321", on=model.ManagedLoginBranding)
def branding_cognito_values(branding, _ctx):
    if branding.use_cognito_provided_values:
        for key in ("settings", "settings_file", "assets"):
            if key in branding.given:
                yield branding.key(key), f"Cognito refuses {key} beside use_cognito_provided_values: true"


@check("IC0322", on=model.ManagedLoginBranding)
def branding_settings_once(branding, _ctx):
    if "settings" in branding.given and "settings_file" in branding.given:
        yield branding.key("settings_file"), "settings are already given inline"


@check("IC0323", on=model.BrandingAsset)
def branding_asset_extension(asset, _ctx):
    if asset.extension is None:
        yield asset.path, "the image format is not known: give extension (ICO, JPEG, PNG, SVG or WEBP)"


@check("IC0316", on=model.Client)
def client_credentials_scopes(client, _ctx):
    if not client.flows.client_credentials:
        return
    if not client.scopes_given:
        yield client.key("o_auth"), "the client_credentials flow needs scopes of a resource server; give o_auth.scopes"
        return
    for scope in client.scopes:
        if isinstance(scope, model.MemberScope):
            yield scope.path, f"the client_credentials flow takes only resource-server scopes, not {scope.name}"


@check("IC0324", on=model.UserPool)
def branding_without_managed_login(pool, _ctx):
    if not any(d.managed_login_version == 2 for d in pool.domains):
        for client in pool.clients:
            for key, given, what in (("managed_login_branding", client.managed_login_branding is not None, "this branding"),
                                     ("terms", bool(client.terms), "links to these terms")):
                if given:
                    yield client.key(key), \
                        f"no domain of this pool serves managed login (managed_login_version: 2), so no page shows {what}"


@check("IC0325", on=model.Client)
def branding_missing(client, ctx):
    if client.needs_default_branding and ctx.pdk_compat:
        yield client.path, ("the managed login pages say 'Login pages unavailable' for a client without a branding: "
                            "add managed_login_branding: {use_cognito_provided_values: true}")


@check("IC0326", on=model.Client)
def cognito_scope_values(client, _ctx):
    for scope in client.scopes:
        if isinstance(scope, model.CustomScope) and scope.value in _MEMBERS_BY_VALUE:
            yield scope.path, (f"'{scope.value}' is Cognito's value of the OAuthScope member "
                               f"{_MEMBERS_BY_VALUE[scope.value]}; write {_MEMBERS_BY_VALUE[scope.value]} (the same "
                               "scope in the template)")
