"""App client rules: the CDK's ``UserPoolClient`` checks, and OAuth settings Cognito refuses."""

from __future__ import annotations

import re

from ..spec import model
from ..spec.vocabulary import OAUTH_SCOPES
from .engine import ADVICE, CDK, CDK_CURRENT, DEPLOY, SPEC, SYNTH, repeated, rule

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


@rule("IC0301", SYNTH, "OAuth settings cannot be given with disable_o_auth.", CDK + "user-pool-client.ts#L411-L412",
      on=model.Client)
def disable_oauth(client, _ctx):
    if client.disable_o_auth and client.o_auth is not None:
        yield client.o_auth.path, "OAuth settings cannot be specified when disableOAuth is set."


@rule("IC0302", SYNTH, "With the code or implicit grant, callback_urls is not empty.", CDK + "user-pool-client.ts#L421-L426",
      on=model.Client)
def callback_urls(client, _ctx):
    if client.callback_urls == () and client.flows.browser and not client.disable_o_auth:
        yield client.key("o_auth", "callback_urls"), \
            "callbackUrl must not be empty when codeGrant or implicitGrant OAuth flows are enabled."


@rule("IC0303", SYNTH, "default_redirect_uri is one of callback_urls.", CDK + "user-pool-client.ts#L429-L437",
      on=model.Client)
def default_redirect(client, _ctx):
    uri = client.default_redirect_uri
    if uri is None:
        return
    if client.callback_urls is not None and uri not in client.callback_urls:
        yield client.key("o_auth", "default_redirect_uri"), "defaultRedirectUri must be included in callbackUrls."
    elif not _REDIRECT.match(uri):
        yield client.key("o_auth", "default_redirect_uri"), \
            "defaultRedirectUri must match the `^(?=.{1,1024}$)[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+$` pattern."


@rule("IC0304", SYNTH, "Propagating user context data needs a client secret.", CDK + "user-pool-client.ts#L440-L441",
      on=model.Client)
def context_data(client, _ctx):
    if client.enable_propagate_additional_user_context_data and not client.generate_secret:
        yield client.key("enable_propagate_additional_user_context_data"), \
            "Cannot activate enablePropagateAdditionalUserContextData in an app client without a client secret."


@rule("IC0305", SYNTH, "The client_credentials flow cannot be combined with the code or implicit grant.",
      CDK + "user-pool-client.ts#L536-L537", on=model.Client)
def client_credentials_mix(client, _ctx):
    if client.flows.client_credentials and client.flows.browser:
        yield client.key("o_auth", "flows"), \
            "clientCredentials OAuth flow cannot be selected along with codeGrant or implicitGrant."


@rule("IC0306", SYNTH, "Token validities are within Cognito's ranges, in whole minutes; ID/access tokens outlive no refresh token.",
      CDK + "user-pool-client.ts#L581-L612", on=model.Client)
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


@rule("IC0317", SYNTH, "refresh_token_rotation_grace_period is 0 to 60 seconds, in whole seconds.",
      CDK_CURRENT + "user-pool-client.ts (configureRefreshTokenRotation)", on=model.Client)
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


@rule("IC0318", SYNTH, "A client's analytics names its Pinpoint project, role and external id, all three.",
      CDK_CURRENT + "user-pool-client.ts (configureAnalytics)", on=model.Analytics)
def analytics_complete(analytics, _ctx):
    missing = [key for key in ("application_id", "external_id", "role_arn") if getattr(analytics, key) is None]
    if missing:
        yield analytics.path, ("Either all of `applicationId`, `externalId` and `role` must be specified or "
                               f"`application` must be specified (missing: {', '.join(missing)})")


@rule("IC0319", SPEC, "A client lists each of its terms (terms-of-use, privacy-policy) once.",
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-terms.html",
      on=model.Client)
def terms_once(client, _ctx):
    for terms in repeated(client.terms, lambda t: t.terms_name):
        yield terms.key("terms_name"), f"{terms.terms_name} is given twice for this client"


@rule("IC0307", SPEC, "A scope written as {resource_server, scope} names a resource server of this pool and one of "
      "its scopes.", "README: OAuth scopes", on=model.Client)
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


@rule("IC0312", DEPLOY, "A scope written as '<identifier>/<scope>' names a scope of one of the pool's resource "
      "servers.", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/"
      "API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-AllowedOAuthScopes", on=model.Client)
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


@rule("IC0311", DEPLOY, "A scope written as a plain string is an OAuthScope member name, Cognito's own scope value, or "
      "'<resource server identifier>/<scope>' (the CDK takes any string as OAuthScope.custom).",
      "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/"
      "API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-AllowedOAuthScopes", on=model.Client)
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


@rule("IC0326", ADVICE, "A scope that is Cognito's own value (openid, email, phone, profile, "
      "aws.cognito.signin.user.admin) is written as its OAuthScope member, as the rest of the spec names them.",
      CDK + "user-pool-client.ts (OAuthScope)", on=model.Client)
def cognito_scope_values(client, _ctx):
    for scope in client.scopes:
        if isinstance(scope, model.CustomScope) and scope.value in _MEMBERS_BY_VALUE:
            yield scope.path, (f"'{scope.value}' is Cognito's value of the OAuthScope member "
                               f"{_MEMBERS_BY_VALUE[scope.value]}; write {_MEMBERS_BY_VALUE[scope.value]} (the same "
                               "scope in the template)")


@rule("IC0308", SPEC, "A provider written as {identity_provider: <id>} in supported_identity_providers is one of "
      "this pool's identity_providers.", "README: kind: UserPoolWithMfa (pool methods)", on=model.Client)
def supported_provider_ids(client, ctx):
    ids = {p.id for p in ctx.pool.identity_providers}
    for provider in client.supported_identity_providers:
        if isinstance(provider, model.PoolProvider) and provider.identity_provider not in ids:
            yield provider.path, f"no identity provider with id '{provider.identity_provider}' on this pool"


@rule("IC0313", DEPLOY, "A provider named in supported_identity_providers is registered on the pool.",
      "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/"
      "API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-SupportedIdentityProviders",
      on=model.Client)
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


@rule("IC0309", DEPLOY, "Callback and sign-out URLs use HTTPS (http only for localhost).", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/"
      "API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-CallbackURLs", on=model.Client)
def https_urls(client, _ctx):
    for where, url, parts in _redirect_urls(client):
        if parts and parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
            yield where, f"'{url}' uses http; Cognito allows http only for localhost: use https"


@rule("IC0314", DEPLOY, "Callback and sign-out URLs have no #fragment.", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/"
      "API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-CallbackURLs", on=model.Client)
def fragment_urls(client, _ctx):
    for where, url, parts in _redirect_urls(client):
        if parts is not None and (parts.fragment or "#" in url):
            yield where, f"'{url}' has a #fragment; Cognito rejects redirect URLs with fragments"


@rule("IC0315", DEPLOY, "Callback and sign-out URLs are absolute URLs (an app scheme such as myapp:// is one).", "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/"
      "API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-CallbackURLs", on=model.Client)
def absolute_urls(client, _ctx):
    for where, url, parts in _redirect_urls(client):
        if parts is None:
            yield where, f"'{url}' is not a URL"
        elif not parts.scheme:
            yield where, f"'{url}' is not an absolute URL"
        elif parts.scheme in ("https", "http") and not parts.hostname:
            yield where, f"'{url}' has no host"


@rule("IC0310", DEPLOY, "A client_credentials client has a secret.", "https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints-oauth-grants.html",
      on=model.Client)
def client_credentials_secret(client, _ctx):
    if client.flows.client_credentials and not client.generate_secret:
        yield client.key("generate_secret"), "the client_credentials flow needs generate_secret: true"


@rule("IC0320", DEPLOY, "output_client_secret needs a secret to output (generate_secret: true): the output is the "
      "L1's ClientSecret attribute (Fn::GetAtt), which CloudFormation cannot read from a client without a secret, "
      "so the deploy fails; the CDK synthesizes it.",
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpoolclient.html"
      "#aws-resource-cognito-userpoolclient-return-values", on=model.Client)
def secret_output_needs_secret(client, _ctx):
    if client.output_client_secret and not client.generate_secret:
        yield client.key("output_client_secret"), \
            "the client has no secret (generate_secret is not true), so its ClientSecret output (Fn::GetAtt) fails " \
            "at deploy; set generate_secret: true"


_BRANDING = "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateManagedLoginBranding.html"


@rule("IC0321", DEPLOY, "A branding with use_cognito_provided_values has no settings or assets of its own.", _BRANDING,
      on=model.ManagedLoginBranding)
def branding_cognito_values(branding, _ctx):
    if branding.use_cognito_provided_values:
        for key in ("settings", "settings_file", "assets"):
            if key in branding.given:
                yield branding.key(key), f"Cognito refuses {key} beside use_cognito_provided_values: true"


@rule("IC0322", SPEC, "A branding's settings are given once: settings or settings_file.", _BRANDING,
      on=model.ManagedLoginBranding)
def branding_settings_once(branding, _ctx):
    if "settings" in branding.given and "settings_file" in branding.given:
        yield branding.key("settings_file"), "settings are already given inline"


@rule("IC0323", SYNTH, "A branding asset's format is known: extension, or a file name ending in .ico, .jpg, .jpeg, "
      ".png, .svg or .webp (the L1 requires Extension: 'Supplied properties not correct for \"CfnManagedLoginBrandingProps\"').",
      CDK_CURRENT + "cognito.generated.ts (CfnManagedLoginBranding.AssetTypeProperty)", on=model.BrandingAsset)
def branding_asset_extension(asset, _ctx):
    if asset.extension is None:
        yield asset.path, "the image format is not known: give extension (ICO, JPEG, PNG, SVG or WEBP)"


@rule("IC0324", ADVICE, "A managed login branding, and terms of use and privacy policy links, show only on managed "
      "login's pages: a domain with managed_login_version 2.",
      "https://docs.aws.amazon.com/cognito/latest/developerguide/managed-login-branding.html", on=model.UserPool)
def branding_without_managed_login(pool, _ctx):
    if not any(d.managed_login_version == 2 for d in pool.domains):
        for client in pool.clients:
            for key, given, what in (("managed_login_branding", client.managed_login_branding is not None, "this branding"),
                                     ("terms", bool(client.terms), "links to these terms")):
                if given:
                    yield client.key(key), \
                        f"no domain of this pool serves managed login (managed_login_version: 2), so no page shows {what}"


@rule("IC0325", ADVICE, "With --pdk-compat, a client that shows managed login's pages has a branding; default mode gives "
      "it Cognito's look.", "https://docs.aws.amazon.com/cognito/latest/developerguide/managed-login-branding.html",
      on=model.Client)
def branding_missing(client, ctx):
    if client.needs_default_branding and ctx.pdk_compat:
        yield client.path, ("the managed login pages say 'Login pages unavailable' for a client without a branding: "
                            "add managed_login_branding: {use_cognito_provided_values: true}")


@rule("IC0818", ADVICE, "A client's secret as a stack output can be read by anyone allowed cloudformation:DescribeStacks.",
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/outputs-section-structure.html",
      on=model.Client)
def secret_output_is_readable(client, _ctx):
    if client.output_client_secret and client.generate_secret:
        yield client.key("output_client_secret"), (
            "the client secret becomes a stack output, which anyone allowed cloudformation:DescribeStacks on the stack "
            "can read; a server can read it with cognito-idp:DescribeUserPoolClient instead")


@rule("IC0316", DEPLOY, "A client_credentials client has scopes, and only resource-server scopes.", "https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints-oauth-grants.html",
      on=model.Client)
def client_credentials_scopes(client, _ctx):
    if not client.flows.client_credentials:
        return
    if not client.scopes_given:
        yield client.key("o_auth"), "the client_credentials flow needs scopes of a resource server; give o_auth.scopes"
        return
    for scope in client.scopes:
        if isinstance(scope, model.MemberScope):
            yield scope.path, f"the client_credentials flow takes only resource-server scopes, not {scope.name}"


@rule("IC0801", ADVICE, "The implicit grant is on (tokens in the URL); prefer the authorization code grant with PKCE.",
      "https://www.rfc-editor.org/rfc/rfc9700#section-2.1.2", on=model.Client)
def implicit_grant(client, ctx):
    if client.disable_o_auth or not client.flows.implicit_code_grant:
        return
    where = client.key("o_auth", "flows") if client.o_auth is not None else client.path
    yield where, "the implicit grant is enabled (the CDK default); set o_auth.flows to authorization_code_grant only"


@rule("IC0817", ADVICE, "The WebClient that UserIdentity adds has the implicit grant and ALLOW_USER_PASSWORD_AUTH "
      "(the PDK's defaults); declare a client with id WebClient to choose its flows.",
      "https://github.com/aws/aws-pdk/blob/v0.26.15/packages/identity/src/user-identity.ts", on=model.UserIdentity)
def added_web_client(identity, _ctx):
    if not identity.web_client_declared:
        yield identity.web_client.path, (
            "the WebClient that UserIdentity adds has the implicit grant and ALLOW_USER_PASSWORD_AUTH enabled "
            "(the PDK defaults); to choose its flows, declare a client with id WebClient in user_pool.clients")


@rule("IC0804", ADVICE, "A client allows password sign-in without SRP (ALLOW_USER_PASSWORD_AUTH / ALLOW_ADMIN_USER_PASSWORD_AUTH).",
      "https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html",
      on=model.Client)
def plain_password_flows(client, _ctx):
    flows = client.auth_flows
    if flows is None:
        return
    for key, name in (("user_password", "ALLOW_USER_PASSWORD_AUTH"),
                      ("admin_user_password", "ALLOW_ADMIN_USER_PASSWORD_AUTH")):
        if getattr(flows, key):
            yield flows.key(key), f"{name} sends the password itself to Cognito; prefer user_srp"


@rule("IC0805", ADVICE, "prevent_user_existence_errors false (LEGACY), or unset in the default mode (Cognito's API then "
      "uses LEGACY), lets callers find out which users exist.",
      "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html; "
      "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html"
      "#CognitoUserPools-CreateUserPoolClient-request-PreventUserExistenceErrors", on=model.Client)
def user_existence_errors(client, ctx):
    if client.prevent_user_existence_errors is False:
        yield client.key("prevent_user_existence_errors"), \
            "LEGACY error responses reveal whether a user exists; set prevent_user_existence_errors: true"
    elif client.prevent_user_existence_errors is None and not ctx.pdk_compat and client.path:
        yield client.path, ("prevent_user_existence_errors is unset, so Cognito's API answers LEGACY errors that reveal "
                            "whether a user exists; set prevent_user_existence_errors: true")


@rule("IC0806", ADVICE, "Passwordless first factors are allowed, but no client enables choice-based sign-in (auth_flows.user).",
      "https://github.com/aws/aws-cdk/pull/32369", on=model.UserPool)
def passwordless_client(pool, _ctx):
    if pool.sign_in_policy is None or not pool.sign_in_policy.passwordless:
        return
    if not any(client.auth_flows is not None and client.auth_flows.user for client in pool.clients):
        yield pool.key("sign_in_policy"), \
            "no client sets auth_flows.user: true (ALLOW_USER_AUTH), so no app can use the passwordless factors"
