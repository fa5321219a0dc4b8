"""``web-config``: the deployed stack's ids and settings, as the file a web client loads.

Two formats: ``runtime-config.json`` as the PDK's static-website construct writes it (region,
userPoolId, userPoolWebClientId, identityPoolId), with the same ids nested as ``cognitoProps`` for the
websites that read that shape; and Amplify's ``amplify_outputs.json`` (its ``auth`` section, version
1.4 of Amplify's client-config schema). Ids come from the stack's outputs (this compiler's, or the
PDK's two) and, where an output is missing (a stack compiled with ``--pdk-compat``), from its
resources; settings come from the deployed pool, client and identity pool.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..spec import construct_ids
from ..spec.naming import HASH_LEN, HIDDEN_FROM_HUMAN_ID, make_unique_id, readable
from ..spec.vocabulary import CLIENT_ID_OUTPUT

_OUTPUT = re.compile(r"(?P<name>UserPoolId|IdentityPoolId|WebClientId|Region|HostedUiDomain)[0-9A-F]{8}$")
_WEB_CLIENT_OUTPUT = CLIENT_ID_OUTPUT.format(construct_ids.WEB_CLIENT)
AMPLIFY_OUTPUTS_VERSION = "1.4"  # the first with EMAIL MFA and passwordless sign-in
# Cognito's names of the social providers → Amplify's (client-config schema: oauth.identity_providers)
_AMPLIFY_PROVIDERS = {"Google": "GOOGLE", "Facebook": "FACEBOOK", "LoginWithAmazon": "LOGIN_WITH_AMAZON",
                      "SignInWithApple": "SIGN_IN_WITH_APPLE"}
_STANDARD_ATTRIBUTES = frozenset((  # Amplify's amazon_cognito_standard_attributes, less sub (Cognito sets it)
    "address", "birthdate", "email", "family_name", "gender", "given_name", "locale", "middle_name", "name",
    "nickname", "phone_number", "picture", "preferred_username", "profile", "updated_at", "website", "zoneinfo"))
_PASSWORDLESS_FACTORS = ("EMAIL_OTP", "SMS_OTP", "WEB_AUTHN")


class WebConfigError(Exception):
    """The stack cannot be read or does not hold what a web client needs."""


@dataclass
class DeployedIds:
    """What a web client needs from the stack, and the AWS session it was read with."""

    region: str
    user_pool_id: str
    web_client_id: str
    identity_pool_id: str | None
    hosted_ui_domain: str | None
    client_for: Callable[[str], Any]  # service name → boto3 client, same session and endpoint
    warnings: list[str] = field(default_factory=list)


def _aws_errors() -> tuple[type[Exception], ...]:
    """What botocore raises for an endpoint that cannot be used: its own errors, an AWS error answer, and an answer
    that is not AWS's at all (an HTML page from a proxy: ResponseParserError, which is neither)."""
    from botocore.exceptions import BotoCoreError, ClientError
    from botocore.parsers import ResponseParserError

    return BotoCoreError, ClientError, ResponseParserError


def read_stack(stack_name: str, region: str | None = None, endpoint_url: str | None = None,
               client_name: str | None = None, replica: str | None = None) -> DeployedIds:
    """The ids a web client needs, from a deployed stack (boto3; credentials as the AWS CLI finds them).

    The region is ``region``, else ``AWS_REGION`` (as the AWS SDKs read it), else the AWS CLI's
    configuration. ``client_name`` is the construct id of the client to use (default: the one the spec
    calls ``WebClient``, else the only client a browser can use). ``replica`` is the Region of one of the
    pool's replicas: the ids as a web app signs in there (see ``in_replica``).
    """
    import boto3

    if replica is not None and not _is_region(replica):
        raise WebConfigError(f"--replica {replica!r} is not a Region")
    try:
        session = boto3.session.Session(region_name=region or os.environ.get("AWS_REGION") or None)
        if session.region_name is None:
            raise WebConfigError("no region: pass --region or set AWS_REGION")
        cfn = session.client("cloudformation", endpoint_url=endpoint_url)
        stack = cfn.describe_stacks(StackName=stack_name)["Stacks"][0]
        resources = []
        for page in cfn.get_paginator("list_stack_resources").paginate(StackName=stack_name):
            resources.extend(page["StackResourceSummaries"])
    except (*_aws_errors(), ValueError) as exc:  # ValueError: botocore's check of the endpoint
        raise WebConfigError(f"cannot read stack {stack_name}: {exc}") from None

    outputs: dict[str, str] = {}
    for output in stack.get("Outputs") or []:
        match = _OUTPUT.search(output["OutputKey"])
        name = match.group("name") if match else None
        if name == "WebClientId" and output.get("Description", _WEB_CLIENT_OUTPUT) != _WEB_CLIENT_OUTPUT:
            continue  # another client's output (a client Web, say), whose readable part ends alike
        if name and name not in outputs:
            outputs[name] = output["OutputValue"]
    by_type: dict[str, list[dict]] = {}
    for resource in resources:
        by_type.setdefault(resource["ResourceType"], []).append(resource)

    def only(resource_type: str) -> str | None:
        candidates = by_type.get(resource_type) or []
        if len(candidates) > 1:
            names = ", ".join(r["LogicalResourceId"] for r in candidates)
            raise WebConfigError(f"stack {stack_name} has several {resource_type} ({names}); which one is the web app's?")
        return candidates[0].get("PhysicalResourceId") if candidates else None

    user_pool_id = outputs.get("UserPoolId") or only("AWS::Cognito::UserPool")
    if not user_pool_id:
        raise WebConfigError(f"stack {stack_name} has no user pool")
    stack_region = outputs.get("Region") or session.region_name
    if not _is_region(stack_region):
        raise WebConfigError(f"stack {stack_name}: {stack_region!r} is not a region")

    def client_for(service: str) -> Any:
        return session.client(service, region_name=stack_region, endpoint_url=endpoint_url)

    idp_model = client_for("cognito-idp").meta.service_model
    _check_id(user_pool_id, idp_model, "UserPoolIdType", f"stack {stack_name}: the user pool id")

    warnings: list[str] = []
    clients = [(r["LogicalResourceId"], r.get("PhysicalResourceId")) for r in by_type.get("AWS::Cognito::UserPoolClient", [])]
    web_client_id = _choose_client(stack_name, clients, outputs.get("WebClientId"), client_name,
                                   lambda client_id: _describe_client(client_for, user_pool_id, client_id), warnings)
    _check_id(web_client_id, idp_model, "ClientIdType", f"stack {stack_name}: the web client's id")
    domain = outputs.get("HostedUiDomain")
    if domain is None:
        domain = _domain_from_resources(by_type.get("AWS::Cognito::UserPoolDomain", []), stack_region)
    if domain is not None and not _HOST.match(domain):
        raise WebConfigError(f"stack {stack_name}: {domain!r} is not a host name")
    identity_pool_id = outputs.get("IdentityPoolId") or only("AWS::Cognito::IdentityPool")
    if identity_pool_id is not None:
        _check_id(identity_pool_id, client_for("cognito-identity").meta.service_model, "IdentityPoolId",
                  f"stack {stack_name}: the identity pool id")
    ids = DeployedIds(region=stack_region, user_pool_id=user_pool_id, web_client_id=web_client_id,
                      identity_pool_id=identity_pool_id, hosted_ui_domain=domain, client_for=client_for,
                      warnings=warnings)
    if replica is None:
        return ids
    try:
        body = cfn.get_template(StackName=stack_name, TemplateStage="Original")["TemplateBody"]
    except (*_aws_errors(), ValueError) as exc:
        raise WebConfigError(f"cannot read the template of stack {stack_name}: {exc}") from None
    return in_replica(ids, _template(body, stack_name), replica, stack_name)


def _template(body: Any, stack_name: str) -> dict:
    """A stack's template as data (boto3 gives JSON as data, YAML as text)."""
    if isinstance(body, str):
        from ..diagnostics import SpecError
        from ..source.loading import first_document

        try:
            body = first_document(body, f"the template of stack {stack_name}", what="template")
        except SpecError:
            body = None
    if not isinstance(body, dict) or not isinstance(body.get("Resources"), dict):
        raise WebConfigError(f"the template of stack {stack_name} has no resources to read")
    return body


def in_replica(ids: DeployedIds, template: dict, region: str, stack_name: str) -> DeployedIds:
    """The ids as a web app signs in at the pool's replica in ``region``: the same pool and client ids (Cognito
    replicates them), that Region; the settings are still read from the primary, which owns them. The identity
    pool is not replicated and a config has one Region for Cognito, so it is left out; a prefix domain is the
    primary Region's, so is a custom domain without failover routing to ``region``."""
    resources = [r for r in template["Resources"].values() if isinstance(r, dict)]

    def of_type(kind: str) -> list[dict]:
        return [r.get("Properties") or {} for r in resources if r.get("Type") == kind]

    regions = sorted(str(p.get("RegionName")) for p in of_type("AWS::Cognito::UserPoolReplica"))
    if region not in regions:
        have = f"it has {', '.join(regions)}" if regions else "it has none"
        raise WebConfigError(f"the user pool of stack {stack_name} has no replica in {region}; {have}")
    warnings = list(ids.warnings)
    if ids.identity_pool_id is not None:
        warnings.append(f"the identity pool is not replicated (it stays in {ids.region}): the config for {region} "
                        "has none, so a signed-in user gets no AWS credentials there")
    domain = ids.hosted_ui_domain
    if domain is not None:
        fails_over = any(((p.get("Routing") or {}).get("Failover") or {}).get("SecondaryRegion") == region
                         and p.get("Domain") == domain for p in of_type("AWS::Cognito::UserPoolDomain"))
        if not fails_over:
            warnings.append(f"the hosted UI's domain {domain} does not fail over to {region} (only a custom domain "
                            "with failover routing does): the config for it has no hosted UI")
            domain = None
    return DeployedIds(region=region, user_pool_id=ids.user_pool_id, web_client_id=ids.web_client_id,
                       identity_pool_id=None, hosted_ui_domain=domain, client_for=ids.client_for, warnings=warnings)


_HOST = re.compile(r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$")


def _is_region(value: Any) -> bool:
    from ..spec.schema import ecma_pattern, schema

    return isinstance(value, str) and bool(ecma_pattern(schema()["$defs"]["Region"]["pattern"]).search(value))


def _check_id(value: Any, model: Any, shape: str, what: str) -> None:
    """A value read from the stack is the id it claims to be: the length and pattern the API publishes."""
    limits = model.shape_for(shape).metadata
    if not (isinstance(value, str) and limits.get("min", 0) <= len(value) <= limits.get("max", len(value))
            and re.fullmatch(limits.get("pattern", ".*"), value)):
        raise WebConfigError(f"{what} {value!r} is not one")


def is_construct(logical_id: str, construct_id: str) -> bool:
    """Whether ``logical_id`` is the resource (``<parent path>/<construct_id>/Resource``) of the construct
    ``construct_id``, proven by the id's hash: ``Admin`` is not ``SuperAdmin``, though both end alike."""
    human = readable(construct_id)
    if len(logical_id) <= HASH_LEN or not logical_id[:-HASH_LEN].endswith(human):
        return False
    prefix = logical_id[:-HASH_LEN - len(human)]
    cuts = [i for i in range(1, len(prefix)) if prefix[i].isupper() or prefix[i].isdigit() != prefix[i - 1].isdigit()]
    cuts = cuts[:MAX_CUTS]
    for mask in range(1 << len(cuts)):
        chosen = [0] + [cut for bit, cut in enumerate(cuts) if mask >> bit & 1] + [len(prefix)]
        parents = [prefix[a:b] for a, b in zip(chosen, chosen[1:]) if b > a]
        if make_unique_id([*parents, construct_id, HIDDEN_FROM_HUMAN_ID]) == logical_id:
            return True
    return False


MAX_CUTS = 12  # where a parent path may split into construct ids (CamelCase humps): 4,096 tries at most


def _describe_client(client_for, user_pool_id: str, client_id: str) -> dict:
    return _call(client_for("cognito-idp"), "describe_user_pool_client", UserPoolId=user_pool_id,
                 ClientId=client_id)["UserPoolClient"]


def _call(client: Any, method: str, **kwargs: Any) -> dict:
    """An AWS call whose failure (access denied, the pool deleted) ends the command: a config written from
    defaults instead of the pool's settings would be wrong in ways the web app finds out only at sign-in."""
    try:
        return getattr(client, method)(**kwargs)
    except _aws_errors() as exc:
        raise WebConfigError(f"{method} failed: {exc}") from None


def _unfit_for_a_browser(client: dict) -> str | None:
    """Why a client is a machine's, not a web app's (None: a browser can use it)."""
    if client.get("ClientSecret"):
        return "has a client secret, which a browser cannot keep"
    flows = client.get("AllowedOAuthFlows") or []
    if client.get("AllowedOAuthFlowsUserPoolClient") and flows == ["client_credentials"]:
        return "is for the client-credentials grant only"
    return None


def _choose_client(stack_name: str, clients: list[tuple[str, str]], web_client_output: str | None,
                   wanted: str | None, describe: Callable[[str], dict], warnings: list[str]) -> str:
    """The web app's client: the one asked for, else the spec's ``WebClient``, else the only one a browser can use."""
    def named(name: str) -> list[str]:
        return [physical for logical, physical in clients if is_construct(logical, name)]

    if wanted is not None:
        found = named(wanted)
        if not found:
            raise WebConfigError(f"stack {stack_name} has no user pool client {wanted}")
        chosen, label = found[0], wanted
    elif web_client_output or named(construct_ids.WEB_CLIENT):
        chosen, label = web_client_output or named(construct_ids.WEB_CLIENT)[0], construct_ids.WEB_CLIENT
    else:
        if not clients:
            raise WebConfigError(f"stack {stack_name} has no user pool client")
        fitting = [(logical, physical) for logical, physical in clients if _unfit_for_a_browser(describe(physical)) is None]
        if len(fitting) == 1:
            return fitting[0][1]
        names = ", ".join(logical for logical, _ in (fitting or clients))
        if fitting:
            raise WebConfigError(f"stack {stack_name} has several clients a web app could use ({names}); "
                                 "pass --client with the one the web app signs in with")
        raise WebConfigError(f"no user pool client of stack {stack_name} fits a web app ({names}: each has a secret "
                             "or is for the client-credentials grant only); pass --client to take one anyway")
    reason = _unfit_for_a_browser(describe(chosen))
    if reason:
        warnings.append(f"client {label} {reason}: a web app cannot sign in with it")
    return chosen


def _domain_from_resources(domains: list[dict], region: str) -> str | None:
    """The hosted UI's host name, for a stack without this compiler's output: a custom domain first (a
    Cognito prefix has no dots)."""
    names = sorted((("." not in name), name) for name in (r.get("PhysicalResourceId") for r in domains) if name)
    if not names:
        return None
    prefix, name = names[0]
    return f"{name}.auth.{region}.amazoncognito.com" if prefix else name


def runtime_config(ids: DeployedIds) -> dict:
    """``runtime-config.json``: the PDK website's four keys, and the same nested as ``cognitoProps``."""
    config = {"region": ids.region, "identityPoolId": ids.identity_pool_id, "userPoolId": ids.user_pool_id,
              "userPoolWebClientId": ids.web_client_id}
    config = {key: value for key, value in config.items() if value}
    return {**config, "cognitoProps": dict(config)}


def amplify_outputs(ids: DeployedIds) -> dict:
    """``amplify_outputs.json`` (Amplify's client-config schema, version 1.4): its ``auth`` section."""
    idp = ids.client_for("cognito-idp")

    def call(method: str, **kwargs: Any) -> dict:
        return _call(idp, method, **kwargs)

    pool = call("describe_user_pool", UserPoolId=ids.user_pool_id)["UserPool"]
    client = call("describe_user_pool_client", UserPoolId=ids.user_pool_id, ClientId=ids.web_client_id)["UserPoolClient"]
    mfa = call("get_user_pool_mfa_config", UserPoolId=ids.user_pool_id)
    auth: dict[str, Any] = {
        "aws_region": ids.region,
        "user_pool_id": ids.user_pool_id,
        "user_pool_client_id": ids.web_client_id,
    }
    if ids.identity_pool_id:
        auth["identity_pool_id"] = ids.identity_pool_id
    policy = (pool.get("Policies") or {}).get("PasswordPolicy")
    if policy:
        auth["password_policy"] = {
            "min_length": policy.get("MinimumLength", 8),
            "require_numbers": policy.get("RequireNumbers", False),
            "require_lowercase": policy.get("RequireLowercase", False),
            "require_uppercase": policy.get("RequireUppercase", False),
            "require_symbols": policy.get("RequireSymbols", False),
        }
    oauth = _oauth(client, ids)
    if oauth:
        auth["oauth"] = oauth
    required = sorted({a["Name"] for a in pool.get("SchemaAttributes") or [] if a.get("Required")} & _STANDARD_ATTRIBUTES)
    if required:
        auth["standard_required_attributes"] = required
    auth["username_attributes"] = [a.lower() for a in pool.get("UsernameAttributes") or []] or ["username"]
    if pool.get("AutoVerifiedAttributes"):
        auth["user_verification_types"] = [a.lower() for a in pool["AutoVerifiedAttributes"]]
    if ids.identity_pool_id:
        identity_pool = _call(ids.client_for("cognito-identity"), "describe_identity_pool",
                              IdentityPoolId=ids.identity_pool_id)
        auth["unauthenticated_identities_enabled"] = bool(identity_pool.get("AllowUnauthenticatedIdentities"))
    setting = pool.get("MfaConfiguration") or mfa.get("MfaConfiguration")
    if setting:
        auth["mfa_configuration"] = {"ON": "REQUIRED", "OPTIONAL": "OPTIONAL"}.get(setting, "NONE")
    if setting in ("ON", "OPTIONAL"):  # the factors are not part of DescribeUserPool
        auth["mfa_methods"] = [name for key, name in (("SmsMfaConfiguration", "SMS"),
                                                      ("SoftwareTokenMfaConfiguration", "TOTP"),
                                                      ("EmailMfaConfiguration", "EMAIL"))
                               if mfa.get(key) and mfa[key].get("Enabled", True)]
    passwordless = _passwordless(pool, client, mfa)
    if passwordless:
        auth["passwordless"] = passwordless
    groups = _groups(idp, ids.user_pool_id)
    if groups:
        auth["groups"] = groups
    return {"version": AMPLIFY_OUTPUTS_VERSION, "auth": auth}


def _oauth(client: dict, ids: DeployedIds) -> dict | None:
    """The hosted-UI (OAuth) settings, when the client has a code or implicit flow and the pool a domain."""
    flows = client.get("AllowedOAuthFlows") or []
    if not client.get("AllowedOAuthFlowsUserPoolClient") or not {"code", "implicit"} & set(flows):
        return None
    if ids.hosted_ui_domain is None:
        return None  # no hosted UI to redirect to: the client signs in through the API only
    if not client.get("CallbackURLs") or not client.get("LogoutURLs"):
        missing = "callback" if not client.get("CallbackURLs") else "logout"
        ids.warnings.append(f"the web client has no {missing} URLs: amplify_outputs.json gets no oauth section, "
                            "so the web app cannot use the hosted UI")
        return None
    providers = []
    for name in client.get("SupportedIdentityProviders") or []:
        if name in _AMPLIFY_PROVIDERS and _AMPLIFY_PROVIDERS[name] not in providers:
            providers.append(_AMPLIFY_PROVIDERS[name])
    return {
        "identity_providers": providers,
        "domain": ids.hosted_ui_domain,
        "scopes": list(dict.fromkeys(client.get("AllowedOAuthScopes") or [])),
        "redirect_sign_in_uri": list(dict.fromkeys(client["CallbackURLs"])),
        "redirect_sign_out_uri": list(dict.fromkeys(client["LogoutURLs"])),
        "response_type": "code" if "code" in flows else "token",
    }


def _passwordless(pool: dict, client: dict, mfa: dict) -> dict | None:
    """Choice-based sign-in's factors, when the pool allows one and the web client the USER_AUTH flow."""
    factors = ((pool.get("Policies") or {}).get("SignInPolicy") or {}).get("AllowedFirstAuthFactors") or []
    if "ALLOW_USER_AUTH" not in (client.get("ExplicitAuthFlows") or []) or not set(_PASSWORDLESS_FACTORS) & set(factors):
        return None
    passwordless: dict[str, Any] = {}
    if "EMAIL_OTP" in factors:
        passwordless["email_otp_enabled"] = True
    if "SMS_OTP" in factors:
        passwordless["sms_otp_enabled"] = True
    web_authn = mfa.get("WebAuthnConfiguration") or {}
    if "WEB_AUTHN" in factors and web_authn.get("RelyingPartyId"):
        passwordless["web_authn"] = {"relying_party_id": web_authn["RelyingPartyId"],
                                     "user_verification": web_authn.get("UserVerification", "preferred")}
    return passwordless


def _groups(idp, user_pool_id: str) -> list[dict]:
    """The pool's groups as Amplify lists them, by precedence (lowest first), then name."""
    groups: list[dict] = []
    try:
        for page in idp.get_paginator("list_groups").paginate(UserPoolId=user_pool_id):
            groups.extend(page.get("Groups") or [])
    except _aws_errors() as exc:
        raise WebConfigError(f"list_groups failed: {exc}") from None
    groups.sort(key=lambda g: (g.get("Precedence") is None, g.get("Precedence") or 0, g["GroupName"]))
    return [{g["GroupName"]: {} if g.get("Precedence") is None else {"precedence": g["Precedence"]}} for g in groups]


_ABSENT = None  # how a key that one side lacks is shown


def differences(committed, deployed, path: str = "") -> dict[str, tuple]:
    """The keys (dotted, list positions in brackets) whose values differ between two configs: key → (committed,
    deployed); a key only one side has is None on the other."""
    if isinstance(committed, dict) and isinstance(deployed, dict):
        found: dict[str, tuple] = {}
        for key in list(committed) + [k for k in deployed if k not in committed]:
            where = f"{path}.{key}" if path else str(key)
            if key not in deployed or key not in committed:
                found[where] = (committed.get(key, _ABSENT), deployed.get(key, _ABSENT))
            else:
                found.update(differences(committed[key], deployed[key], where))
        return found
    if committed != deployed:
        return {path or "(root)": (committed, deployed)}
    return {}
