"""Template resources → spec keys: each builder of ``build/`` read backwards.

The spec this writes is explicit (every value the template shows, in spec form); ``minimize`` then
takes out what the defaults give anyway. What a spec key cannot produce is an ``Unexpressible``,
naming the resource and the property.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from ...cloudformation import trigger_operations
from ...spec import construct_ids as ids
from ...spec import defaults
from ...spec import properties
from ...spec.vocabulary import (
    ACCOUNT_RECOVERY,
    AUTH_FLOWS,
    CLIENT_IDENTITY_PROVIDERS,
    CUSTOM_ATTRIBUTE_TYPES,
    EUMS_SMS_KEYS,
    IDENTITY_POOL_LOGIN_PROVIDERS,
    IDENTITY_POOL_PROVIDER_URLS,
    OAUTH_SCOPES,
    PROVIDER_TYPES,
    REMOVAL_POLICIES,
    SIGNING_ALGORITHMS,
    STANDARD_ATTRIBUTE_NAMES,
    THREAT_PROTECTION,
)
from .layout import Layout


class Unexpressible(Exception):
    """A resource property no spec key produces (a hand edit, or a prop this format does not have)."""

    def __init__(self, logical_id: str, prop: str, why: str):
        super().__init__(f"{logical_id}: {prop}: {why}")
        self.logical_id = logical_id
        self.prop = prop


def _inverse(table: dict) -> dict:
    return {v: k for k, v in table.items()}


_STANDARD = _inverse(STANDARD_ATTRIBUTE_NAMES)
_THREAT = _inverse(THREAT_PROTECTION)
_CUSTOM_TYPES = _inverse(CUSTOM_ATTRIBUTE_TYPES)
_REMOVAL = _inverse(REMOVAL_POLICIES)
_SCOPES = _inverse(OAUTH_SCOPES)
_CLIENT_PROVIDERS = _inverse(CLIENT_IDENTITY_PROVIDERS)
_TRIGGER_KEYS = {key: name for name, (_op, key, _versioned) in trigger_operations().items()}
_PROVIDER_TYPES = {cfn: kind for kind, (cfn, *_rest) in PROVIDER_TYPES.items()}
_SIGNING = _inverse(SIGNING_ALGORITHMS)
_LOGIN_PROVIDERS = {url: key for key, url, _value in IDENTITY_POOL_LOGIN_PROVIDERS}
_PROVIDER_URLS = _inverse(IDENTITY_POOL_PROVIDER_URLS)
_MATCH = {"Equals": "EQUALS", "Contains": "CONTAINS", "StartsWith": "STARTS_WITH", "NotEqual": "NOTEQUAL"}


def _take(props: dict, key: str) -> Any:
    return props.pop(key, None)


def leftover(logical_id: str, props: dict) -> None:
    for key in props:
        raise Unexpressible(logical_id, key, "no spec key produces this property")


def _join_parts(value: Any) -> list | None:
    if isinstance(value, dict) and list(value) == ["Fn::Join"] and value["Fn::Join"][0] == "":
        return value["Fn::Join"][1]
    return None


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _minutes(n: int) -> str:
    return f"{n} minute" if n == 1 else f"{n} minutes"


# ----------------------------------------------------------------------------------------------- pool
def pool_props(lid: str, resource: dict, layout: Layout, resources: dict) -> dict:  # noqa: C901 (one prop a block)
    """The pool's props, explicit (spec form), from its ``AWS::Cognito::UserPool``."""
    p = dict(resource.get("Properties") or {})
    out: dict[str, Any] = {}
    removal = _REMOVAL.get((resource.get("DeletionPolicy", "Delete"), resource.get("UpdateReplacePolicy", "Delete")))
    if removal is None:
        raise Unexpressible(lid, "DeletionPolicy", "a DeletionPolicy/UpdateReplacePolicy no removal_policy gives")
    out["removal_policy"] = removal
    out.update(properties.spec_keys(properties.USER_POOL, p, explicit_none=frozenset(defaults.USER_POOL_DEFAULTS)))
    usernames, aliases = _take(p, "UsernameAttributes"), _take(p, "AliasAttributes")
    if usernames is not None:
        out["sign_in_aliases"] = {"email": "email" in usernames, "phone": "phone_number" in usernames}
    else:
        aliases = aliases or []
        out["sign_in_aliases"] = {"username": True, "email": "email" in aliases, "phone": "phone_number" in aliases,
                                  "preferred_username": "preferred_username" in aliases}
    verified = _take(p, "AutoVerifiedAttributes")
    out["auto_verify"] = None if verified is None else {"email": "email" in verified, "phone": "phone_number" in verified}
    read_triggers(lid, _take(p, "LambdaConfig"), layout, out)
    _sms(lid, _take(p, "SmsConfiguration"), layout, out)
    admin = dict(_take(p, "AdminCreateUserConfig") or {})
    out["self_sign_up_enabled"] = not admin.pop("AllowAdminCreateUserOnly", True)
    invitation = admin.pop("InviteMessageTemplate", None)
    if invitation is not None:
        out["user_invitation"] = {k: invitation[c] for k, c in (("email_subject", "EmailSubject"),
                                                                ("email_body", "EmailMessage"),
                                                                ("sms_message", "SMSMessage")) if c in invitation}
    leftover(lid, {f"AdminCreateUserConfig.{k}": v for k, v in admin.items()})
    _verification(p, out)
    keep = _take(p, "UserAttributeUpdateSettings")
    if keep is not None:
        names = keep.get("AttributesRequireVerificationBeforeUpdate") or []
        out["keep_original"] = {"email": "email" in names, "phone": "phone_number" in names}
    else:
        out["keep_original"] = None
    _schema(lid, _take(p, "Schema"), out)
    enabled = _take(p, "EnabledMfas")
    out["mfa_second_factor"] = None if enabled is None else {
        "sms": "SMS_MFA" in enabled, "otp": "SOFTWARE_TOKEN_MFA" in enabled,
        **({"email": True} if "EMAIL_OTP" in enabled else {})}
    policies = dict(_take(p, "Policies") or {})
    password = policies.pop("PasswordPolicy", None)
    out["password_policy"] = None if password is None else _password(password)
    sign_in = policies.pop("SignInPolicy", None)
    if sign_in is not None:
        factors = sign_in.get("AllowedFirstAuthFactors") or []
        out["sign_in_policy"] = {"allowed_first_auth_factors": {"password": "PASSWORD" in factors, **{
            key: True for key, name in (("email_otp", "EMAIL_OTP"), ("sms_otp", "SMS_OTP"), ("passkey", "WEB_AUTHN"))
            if name in factors}}}
    leftover(lid, {f"Policies.{k}": v for k, v in policies.items()})
    email = _take(p, "EmailConfiguration")
    if email is not None:
        out["email"] = read_email(lid, email)
    recovery = _take(p, "AccountRecoverySetting")
    out["account_recovery"] = _account_recovery(lid, recovery)
    device = _take(p, "DeviceConfiguration")
    if device is not None:
        out["device_tracking"] = {"challenge_required_on_new_device": device.get("ChallengeRequiredOnNewDevice", False),
                                  "device_only_remembered_on_user_prompt":
                                      device.get("DeviceOnlyRememberedOnUserPrompt", False)}
    _add_ons(_take(p, "UserPoolAddOns"), out)
    if "UserPoolTier" in p:
        out["feature_plan"] = _take(p, "UserPoolTier")
    pool_tags = dict(p.get("UserPoolTags") or {})  # Tags.of(pool): on the replicas too
    if "UserPoolTags" in p:
        out["tags"] = dict(_take(p, "UserPoolTags"))
    if layout.replicas:  # their regional settings are in their Regions' templates, not this one
        out["replicas"] = []
        for lid in layout.replicas:
            replica = dict(resources[lid].get("Properties") or {})
            replica.pop("UserPoolId", None)
            item = {"region": replica.pop("RegionName")}
            own = {k: v for k, v in (replica.pop("UserPoolTagsAtCreate", None) or {}).items() if pool_tags.get(k) != v}
            if own:
                item["tags"] = own
            leftover(lid, replica)
            out["replicas"].append(item)
    leftover(lid, p)
    return out


_LOG_DESTINATIONS = {"CloudWatchLogsConfiguration": ("cloud_watch_logs_configuration", "LogGroupArn", "log_group_arn"),
                     "S3Configuration": ("s3_configuration", "BucketArn", "bucket_arn"),
                     "FirehoseConfiguration": ("firehose_configuration", "StreamArn", "stream_arn")}


def log_configuration(lid: str, config: dict) -> dict:
    config = dict(config)
    out: dict[str, Any] = {"event_source": config.pop("EventSource", None), "log_level": config.pop("LogLevel", None)}
    for cfn, (key, arn_cfn, arn_key) in _LOG_DESTINATIONS.items():
        if cfn in config:
            out[key] = {arn_key: config.pop(cfn).get(arn_cfn)}
    leftover(lid, {f"LogConfigurations.{k}": v for k, v in config.items()})
    return out


def read_triggers(lid: str, config: dict | None, layout: Layout, out: dict) -> None:
    if not config:
        return
    config = dict(config)
    key_arn = config.pop("KMSKeyID", None)
    if key_arn is not None:
        out["custom_sender_kms_key"] = key_arn
    triggers: dict[str, Any] = {}
    for key, value in config.items():
        name = _TRIGGER_KEYS.get(key)
        if name is None:
            raise Unexpressible(lid, f"LambdaConfig.{key}", "not a trigger the spec has")
        arn = value["LambdaArn"] if isinstance(value, dict) else value
        entry: dict[str, Any] = {"function_arn": arn}
        if trigger_operations()[name][2] and isinstance(value, dict) and value.get("LambdaVersion", "V1_0") != "V1_0":
            entry["lambda_version"] = value.get("LambdaVersion", "V1_0")
        if name not in layout.permissions:
            entry["add_permission"] = False
        triggers[name] = arn if list(entry) == ["function_arn"] else entry
    out["lambda_triggers"] = triggers


def _sms(lid: str, config: dict | None, layout: Layout, out: dict) -> None:
    if config is None:
        out["enable_sms_role"] = False
        return
    caller = config.get("SnsCallerArn")
    if caller is None and isinstance(config.get("EumsSms"), dict):
        out["enable_sms_role"] = False  # End User Messaging SMS in place of an SNS role
    elif caller == {"Fn::GetAtt": [layout.sms_role, "Arn"]} and layout.sms_role:
        out["enable_sms_role"] = True
    elif not isinstance(caller, str):
        raise Unexpressible(lid, "SmsConfiguration.SnsCallerArn", "neither an ARN nor the pool's own SMS role")
    sms_keys(config, out)


def sms_keys(config: dict, out: dict) -> None:
    """The spec keys of an ``SmsConfiguration`` that a pool and a replica share: a role given by ARN, the SNS
    Region, End User Messaging SMS."""
    if isinstance(config.get("SnsCallerArn"), str):
        out["sms_role"] = config["SnsCallerArn"]
        if "ExternalId" in config:
            out["sms_role_external_id"] = config["ExternalId"]
    if "SnsRegion" in config:
        out["sns_region"] = config["SnsRegion"]
    if isinstance(config.get("EumsSms"), dict):
        out["eums_sms"] = {key: config["EumsSms"][cfn] for key, cfn in EUMS_SMS_KEYS if cfn in config["EumsSms"]}


def _verification(p: dict, out: dict) -> None:
    template = dict(_take(p, "VerificationMessageTemplate") or {})
    for key in ("EmailVerificationMessage", "EmailVerificationSubject", "SmsVerificationMessage"):
        p.pop(key, None)  # the CDK writes them again from the template's values
    verification: dict[str, Any] = {}
    if template.get("DefaultEmailOption") == "CONFIRM_WITH_LINK":
        verification["email_style"] = "LINK"
        body, subject = template.get("EmailMessageByLink"), template.get("EmailSubjectByLink")
    else:
        body, subject = template.get("EmailMessage"), template.get("EmailSubject")
    if subject is not None:
        verification["email_subject"] = subject
    if body is not None:
        verification["email_body"] = body
    if template.get("SmsMessage") is not None:
        verification["sms_message"] = template["SmsMessage"]
    out["user_verification"] = verification


def _schema(lid: str, schema: list | None, out: dict) -> None:
    standard: dict[str, Any] = {}
    custom: dict[str, Any] = {}
    for entry in schema or []:
        entry = dict(entry)
        name = entry.pop("Name")
        data_type = entry.pop("AttributeDataType", None)
        if data_type is None:
            key = _STANDARD.get(name)
            if key is None:
                raise Unexpressible(lid, f"Schema.{name}", "not a standard attribute")
            standard[key] = {"required": entry.pop("Required", False), "mutable": entry.pop("Mutable", True)}
        else:
            attribute: dict[str, Any] = {"type": _CUSTOM_TYPES[data_type]}
            strings = entry.pop("StringAttributeConstraints", None) or {}
            numbers = entry.pop("NumberAttributeConstraints", None) or {}
            for key, cfn in (("min_len", "MinLength"), ("max_len", "MaxLength")):
                if cfn in strings:
                    attribute[key] = int(strings[cfn])
            for key, cfn in (("min", "MinValue"), ("max", "MaxValue")):
                if cfn in numbers:
                    number = float(numbers[cfn])
                    attribute[key] = int(number) if number.is_integer() else number
            if "Mutable" in entry:
                attribute["mutable"] = entry.pop("Mutable")
            custom[name] = attribute
        if entry:
            raise Unexpressible(lid, f"Schema.{name}.{next(iter(entry))}", "no spec key produces this property")
    out["standard_attributes"] = standard or None
    if custom:
        out["custom_attributes"] = custom


def _password(policy: dict) -> dict:
    out: dict[str, Any] = {}
    for key, cfn in (("min_length", "MinimumLength"), ("require_lowercase", "RequireLowercase"),
                     ("require_uppercase", "RequireUppercase"), ("require_digits", "RequireNumbers"),
                     ("require_symbols", "RequireSymbols"), ("password_history_size", "PasswordHistorySize")):
        if cfn in policy:
            out[key] = policy[cfn]
    if "TemporaryPasswordValidityDays" in policy:
        out["temp_password_validity"] = _days(policy["TemporaryPasswordValidityDays"])
    return out


_FROM = re.compile(r"^(?P<name>.*) <(?P<address>[^<>]*)>$")


def _display_name(text: str) -> str:
    """``formatFromName`` read backwards: RFC 2047, a quoted string, or the name as is."""
    encoded = re.fullmatch(r"=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=", text)
    if encoded:
        return base64.b64decode(encoded.group(1)).decode("utf-8")
    if len(text) >= 2 and text[0] == text[-1] == '"':
        inner = text[1:-1]
        unquoted = re.sub(r"\\(.)", r"\1", inner)
        if any(c in unquoted for c in '"\\') or not re.fullmatch(r"[\w !#$%&'*+-/=?^_`{|}~]+", unquoted, re.ASCII):
            return unquoted  # the CDK quoted it because it had to
        return text  # a quoted string the user wrote
    return text


def read_email(lid: str, config: dict) -> dict:
    account = config.get("EmailSendingAccount")
    if account == "COGNITO_DEFAULT":
        return {"with_cognito": {"reply_to": config["ReplyToEmailAddress"]} if "ReplyToEmailAddress" in config else None}
    if account != "DEVELOPER":
        raise Unexpressible(lid, "EmailConfiguration.EmailSendingAccount", f"{account!r} is no email the spec has")
    sender = config.get("From", "")
    ses: dict[str, Any] = {}
    match = _FROM.match(sender)
    if match:
        ses["from_email"] = match.group("address")
        ses["from_name"] = _display_name(match.group("name"))
    else:
        ses["from_email"] = sender
    parts = _join_parts(config.get("SourceArn")) or []
    text = "".join(part for part in parts if isinstance(part, str))
    found = re.search(r":ses:([^:]*):.*:identity/(.*)$", text)
    if not found:
        raise Unexpressible(lid, "EmailConfiguration.SourceArn", "not the SES identity ARN the CDK writes")
    ses["ses_region"] = found.group(1)
    if found.group(2) != ses["from_email"]:
        ses["ses_verified_domain"] = found.group(2)
    if "ReplyToEmailAddress" in config:
        ses["reply_to"] = config["ReplyToEmailAddress"]
    if "ConfigurationSet" in config:
        ses["configuration_set_name"] = config["ConfigurationSet"]
    return {"with_ses": ses}


def _account_recovery(lid: str, setting: dict | None) -> str:
    if setting is None:
        return "PHONE_AND_EMAIL"
    mechanisms = [(m.get("Name"), m.get("Priority")) for m in setting.get("RecoveryMechanisms") or []]
    for member, expected in ACCOUNT_RECOVERY.items():
        if expected is not None and list(expected) == mechanisms:
            return member
    raise Unexpressible(lid, "AccountRecoverySetting", "recovery mechanisms no AccountRecovery member gives")


def _add_ons(add_ons: dict | None, out: dict) -> None:
    if add_ons is None:
        out["advanced_security_mode"] = None
        return
    mode = add_ons.get("AdvancedSecurityMode")
    flows = add_ons.get("AdvancedSecurityAdditionalFlows")
    if flows is None:
        out["advanced_security_mode"] = mode
        return
    out["advanced_security_mode"] = None
    out["custom_threat_protection_mode"] = _THREAT[flows["CustomAuthMode"]]
    if mode is not None and mode != "OFF":
        out["standard_threat_protection_mode"] = _THREAT[mode]


# ------------------------------------------------------------------------------------------ children
def client(lid: str, resource: dict, ids: dict) -> dict:
    """A pool client from its ``AWS::Cognito::UserPoolClient``; ``ids`` maps logical ids of the pool's
    identity providers and resource servers to their construct ids."""
    p = dict(resource.get("Properties") or {})
    p.pop("UserPoolId", None)
    out: dict[str, Any] = properties.spec_keys(properties.USER_POOL_CLIENT, p)
    flows = p.pop("ExplicitAuthFlows", None)
    if flows is not None:
        chosen = {key: True for key, name in AUTH_FLOWS if name in flows}
        out["auth_flows"] = chosen or {"user_password": False}
    oauth_on = p.pop("AllowedOAuthFlowsUserPoolClient", True)
    o_auth: dict[str, Any] = out.pop("o_auth", {})
    names = p.pop("AllowedOAuthFlows", None)
    if names is not None:
        o_auth["flows"] = {"client_credentials": "client_credentials" in names,
                           "implicit_code_grant": "implicit" in names,
                           "authorization_code_grant": "code" in names}
    elif oauth_on:
        o_auth["flows"] = {"implicit_code_grant": False, "authorization_code_grant": False}
    scopes = p.pop("AllowedOAuthScopes", None)
    if scopes is not None:
        o_auth["scopes"] = [_scope(lid, s, ids) for s in scopes]
    if "CallbackURLs" in p:
        o_auth["callback_urls"] = p.pop("CallbackURLs")
    if not oauth_on:
        out["disable_o_auth"] = True
    if o_auth:
        out["o_auth"] = o_auth
    providers = p.pop("SupportedIdentityProviders", [])  # an empty list is left out of the template
    out["supported_identity_providers"] = [_client_provider(lid, x, ids) for x in providers]
    for key, cfn in (("read_attributes", "ReadAttributes"), ("write_attributes", "WriteAttributes")):
        if cfn in p:
            out[key] = _client_attributes(lid, p.pop(cfn))
    units = p.pop("TokenValidityUnits", None) or {}
    for key, cfn, unit in (("id_token_validity", "IdTokenValidity", "IdToken"),
                           ("access_token_validity", "AccessTokenValidity", "AccessToken"),
                           ("refresh_token_validity", "RefreshTokenValidity", "RefreshToken")):
        if cfn in p:
            if units.get(unit) != "minutes":
                raise Unexpressible(lid, f"TokenValidityUnits.{unit}", "the CDK writes token validities in minutes")
            out[key] = _minutes(p.pop(cfn))
    analytics = p.pop("AnalyticsConfiguration", None)
    if analytics is not None:
        out["analytics"] = {key: analytics[cfn] for key, cfn in (
            ("application_id", "ApplicationId"), ("external_id", "ExternalId"), ("role_arn", "RoleArn"),
            ("share_user_data", "UserDataShared")) if cfn in analytics}
    rotation = p.pop("RefreshTokenRotation", None)
    if rotation is not None:
        out["refresh_token_rotation_grace_period"] = f"{rotation.get('RetryGracePeriodSeconds', 0)} seconds"
    leftover(lid, p)
    return out


def _scope(lid: str, scope: Any, ids: dict) -> Any:
    if isinstance(scope, str):
        return _SCOPES.get(scope, scope)
    parts = _join_parts(scope)
    if parts and len(parts) == 2 and isinstance(parts[1], str) and parts[1].startswith("/") \
            and isinstance(parts[0], dict) and parts[0].get("Ref") in ids:
        return {"resource_server": ids[parts[0]["Ref"]], "scope": parts[1][1:]}
    raise Unexpressible(lid, "AllowedOAuthScopes", f"{scope!r} is not a scope the spec writes")


def _client_provider(lid: str, provider: Any, ids: dict) -> Any:
    if isinstance(provider, str):
        return _CLIENT_PROVIDERS.get(provider, provider)
    if isinstance(provider, dict) and provider.get("Ref") in ids:
        return {"identity_provider": ids[provider["Ref"]]}
    raise Unexpressible(lid, "SupportedIdentityProviders", f"{provider!r} is not a provider of this pool")


def _client_attributes(lid: str, names: list) -> dict:
    standard, custom = {}, []
    for name in names:
        if name.startswith("custom:"):
            custom.append(name[len("custom:"):])
        elif name in _STANDARD:
            standard[_STANDARD[name]] = True
        else:
            raise Unexpressible(lid, "ReadAttributes/WriteAttributes", f"{name!r} is not an attribute name")
    out: dict[str, Any] = {}
    if standard:
        out["standard_attributes"] = standard
    if custom:
        out["custom_attributes"] = custom
    return out


def domain(lid: str, resource: dict) -> dict:
    p = dict(resource.get("Properties") or {})
    p.pop("UserPoolId", None)
    name = p.pop("Domain", None)
    config = p.pop("CustomDomainConfig", None)
    out: dict[str, Any] = ({"custom_domain": {"domain_name": name, "certificate_arn": config.get("CertificateArn")}}
                           if config is not None else {"cognito_domain": {"domain_prefix": name}})
    if config is not None and "SecurityPolicy" in config:
        out["custom_domain"]["security_policy"] = config["SecurityPolicy"]
    if "ManagedLoginVersion" in p:
        out["managed_login_version"] = p.pop("ManagedLoginVersion")
    failover = (p.pop("Routing", None) or {}).get("Failover")
    if failover is not None:
        out["failover"] = {"secondary_region": failover.get("SecondaryRegion"),
                           "primary_route53_health_check_id": failover.get("PrimaryRoute53HealthCheckId")}
    leftover(lid, p)
    return out


def resource_server(lid: str, resource: dict) -> dict:
    p = dict(resource.get("Properties") or {})
    p.pop("UserPoolId", None)
    out: dict[str, Any] = {"identifier": p.pop("Identifier", None)}
    name = p.pop("Name", None)
    if name != out["identifier"]:
        out["user_pool_resource_server_name"] = name
    if "Scopes" in p:
        out["scopes"] = [{"scope_name": s.get("ScopeName"), "scope_description": s.get("ScopeDescription")}
                         for s in p.pop("Scopes")]
    leftover(lid, p)
    return out


def identity_provider(lid: str, resource: dict) -> dict:
    p = dict(resource.get("Properties") or {})
    p.pop("UserPoolId", None)
    kind = _PROVIDER_TYPES.get(p.pop("ProviderType", None))
    if kind is None:
        raise Unexpressible(lid, "ProviderType", "not a provider type the spec has")
    out: dict[str, Any] = {"type": kind}
    name = p.pop("ProviderName", None)
    details = dict(p.pop("ProviderDetails", None) or {})
    if kind == "saml":
        out["metadata"] = {"url": details.pop("MetadataURL")} if "MetadataURL" in details else \
            {"file": details.pop("MetadataFile", None)}
        for key, cfn in (("idp_signout", "IDPSignout"), ("encrypted_responses", "EncryptedResponses"),
                         ("idp_initiated", "IDPInit")):
            if cfn in details:
                value = details.pop(cfn)
                out[key] = value if isinstance(value, bool) else str(value).lower() == "true"
        if "RequestSigningAlgorithm" in details:
            out["request_signing_algorithm"] = _SIGNING[details.pop("RequestSigningAlgorithm")]
    else:
        separator = PROVIDER_TYPES[kind][3]
        out["client_id"] = details.pop("client_id", None)
        if kind == "apple":
            out.update(team_id=details.pop("team_id", None), key_id=details.pop("key_id", None),
                       private_key_value=details.pop("private_key", None))
        elif kind in ("google",):
            out["client_secret_value"] = details.pop("client_secret", None)
        else:
            out["client_secret"] = details.pop("client_secret", None)
        scopes = details.pop("authorize_scopes", None)
        if scopes is not None:
            out["scopes"] = scopes.split(separator) if scopes else []
        if kind == "facebook" and "api_version" in details:
            out["api_version"] = details.pop("api_version")
        if kind == "oidc":
            out["issuer_url"] = details.pop("oidc_issuer", None)
            out["attribute_request_method"] = details.pop("attributes_request_method", "GET")
            endpoints = {key: details.pop(cfn) for key, cfn in (
                ("authorization", "authorize_url"), ("token", "token_url"), ("user_info", "attributes_url"),
                ("jwks_uri", "jwks_uri")) if cfn in details}
            if endpoints:
                out["endpoints"] = endpoints
    if details:
        raise Unexpressible(lid, f"ProviderDetails.{next(iter(details))}", "no spec key produces this detail")
    if kind in ("oidc", "saml"):
        out["name"] = name
    elif name != PROVIDER_TYPES[kind][1]:
        raise Unexpressible(lid, "ProviderName", f"a {kind} provider is always named {PROVIDER_TYPES[kind][1]}")
    if "IdpIdentifiers" in p:
        out["identifiers"] = p.pop("IdpIdentifiers")
    mapping = p.pop("AttributeMapping", None)
    if mapping is not None:
        standard = {_STANDARD[k]: v for k, v in mapping.items() if k in _STANDARD}
        custom = {k: v for k, v in mapping.items() if k not in _STANDARD}
        out["attribute_mapping"] = {**standard, **({"custom": custom} if custom else {})}
    leftover(lid, p)
    return out


def _attached(resource: dict) -> dict:
    """An attachment's properties without the pool and the client (or ``ALL``) it is under, which its place in the
    template already says."""
    p = dict(resource.get("Properties") or {})
    for key in ("UserPoolId", "ClientId"):
        p.pop(key, None)
    return p


def terms(lid: str, resource: dict) -> dict:
    p = _attached(resource)
    out = {"terms_name": p.pop("TermsName", None), "links": p.pop("Links", None)}
    for key, cfn in (("terms_source", "TermsSource"), ("enforcement", "Enforcement")):
        if cfn in p:
            out[key] = p.pop(cfn)
    leftover(lid, p)
    return out


def log_delivery(lid: str, resource: dict) -> list:
    """A pool's ``log_configurations`` from its log delivery configuration."""
    delivery = _attached(resource)
    out = [log_configuration(lid, c) for c in delivery.pop("LogConfigurations", None) or []]
    leftover(lid, delivery)
    return out


def web_acl_arn(lid: str, resource: dict) -> str | None:
    """A pool's ``web_acl_arn`` from its web ACL association (whose ResourceArn is the pool's, as its place says)."""
    association = dict(resource.get("Properties") or {})
    association.pop("ResourceArn", None)
    arn = association.pop("WebACLArn", None)
    leftover(lid, association)
    return arn


def ui_customization(lid: str, resource: dict) -> dict:
    p = _attached(resource)
    css = p.pop("CSS", None)
    leftover(lid, p)
    return {"css": css}


def session_configuration(lid: str, resource: dict) -> dict:
    """A pool's session configuration attachment; the token sessions left out when they are Cognito's 20."""
    from ...spec.defaults import TOKEN_SESSIONS_PER_USER

    p = dict(resource.get("Properties") or {})
    p.pop("UserPoolId", None)
    out: dict[str, Any] = {"user_session_tracking": p.pop("UserSessionTracking", None)}
    token = dict(p.pop("TokenSession", None) or {})
    most = token.pop("MaxPerUser", None)
    if most != TOKEN_SESSIONS_PER_USER:
        out["token_session"] = {"max_per_user": most}
    leftover(lid, {**p, **({"TokenSession": token} if token else {})})
    return out


def sso_session(lid: str, resource: dict) -> dict:
    """A client's session configuration attachment."""
    p = _attached(resource)
    session = dict(p.pop("SSOSession", None) or {})
    out = {"max_validity_minutes": session.pop("MaxValidityMinutes", None)}
    leftover(lid, {**p, **({"SSOSession": session} if session else {})})
    return out


def managed_login_branding(lid: str, resource: dict) -> dict:
    p = _attached(resource)
    out: dict[str, Any] = {}
    for key, cfn in (("use_cognito_provided_values", "UseCognitoProvidedValues"), ("settings", "Settings"),
                     ("return_merged_resources", "ReturnMergedResources")):
        if cfn in p:
            out[key] = p.pop(cfn)
    if "Assets" in p:
        names = {"Category": "category", "ColorMode": "color_mode", "Extension": "extension", "Bytes": "bytes",
                 "ResourceId": "resource_id"}
        out["assets"] = []
        for asset in p.pop("Assets"):
            unknown = sorted(set(asset) - set(names))
            if unknown:
                raise Unexpressible(lid, f"Assets.{unknown[0]}", "no spec key gives it")
            out["assets"].append({names[k]: v for k, v in asset.items()})
    leftover(lid, p)
    return out


# the properties of a risk configuration, as the spec names them (snake_case of CloudFormation's)
_RISK_KEYS = {name: re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower() for name in (
    "CompromisedCredentialsRiskConfiguration", "AccountTakeoverRiskConfiguration", "RiskExceptionConfiguration",
    "Actions", "EventAction", "EventFilter", "LowAction", "MediumAction", "HighAction", "Notify",
    "NotifyConfiguration", "SourceArn", "From", "ReplyTo", "BlockEmail", "MfaEmail", "NoActionEmail", "Subject",
    "HtmlBody", "TextBody", "BlockedIPRangeList", "SkippedIPRangeList")}


def risk_configuration(lid: str, resource: dict) -> dict:
    p = _attached(resource)

    def spec_of(value: Any, where: str) -> Any:
        if not isinstance(value, dict):
            return value
        unknown = sorted(set(value) - set(_RISK_KEYS))
        if unknown:
            raise Unexpressible(lid, f"{where}.{unknown[0]}".lstrip("."), "no spec key gives it")
        return {_RISK_KEYS[k]: spec_of(v, f"{where}.{k}") for k, v in value.items()}

    return spec_of(p, "")


def group(lid: str, resource: dict) -> dict:
    p = dict(resource.get("Properties") or {})
    p.pop("UserPoolId", None)
    out = {key: p.pop(cfn) for key, cfn in (("group_name", "GroupName"), ("description", "Description"),
                                            ("precedence", "Precedence"), ("role_arn", "RoleArn")) if cfn in p}
    leftover(lid, p)
    return out


# ------------------------------------------------------------------------------------ identity pool
def identity_pool_options(layout: Layout, resources: dict, client_ids: dict, pool_lid: str | None) -> dict:
    lid = layout.identity_pool
    p = dict(resources[lid].get("Properties") or {})
    user_pools = [_user_pool_provider(lid, provider, layout.provider_clients)
                  for provider in (p.pop("CognitoIdentityProviders", None) or [])[:-1]]
    out: dict[str, Any] = {}  # the last provider: the pool and web client UserIdentity adds
    for key, cfn in (("identity_pool_name", "IdentityPoolName"),
                     ("allow_unauthenticated_identities", "AllowUnauthenticatedIdentities"),
                     ("allow_classic_flow", "AllowClassicFlow")):
        if cfn in p:
            out[key] = p.pop(cfn)
    providers: dict[str, Any] = {}
    if "DeveloperProviderName" in p:
        providers["custom_provider"] = p.pop("DeveloperProviderName")
    if "OpenIdConnectProviderARNs" in p:
        providers["open_id_connect_providers"] = p.pop("OpenIdConnectProviderARNs")
    if "SamlProviderARNs" in p:
        providers["saml_providers"] = p.pop("SamlProviderARNs")
    for url, value in (p.pop("SupportedLoginProviders", None) or {}).items():
        key = _LOGIN_PROVIDERS.get(url)
        if key is None:
            raise Unexpressible(lid, f"SupportedLoginProviders.{url}", "not a login provider the alpha has")
        if key == "twitter":
            consumer_key, _, secret = str(value).partition(";")
            providers[key] = {"consumer_key": consumer_key, "consumer_secret": secret}
        else:
            providers[key] = {{"amazon": "app_id", "facebook": "app_id", "google": "client_id",
                               "apple": "services_id"}[key]: value}
    if user_pools:
        providers["user_pools"] = user_pools
    if providers:
        out["authentication_providers"] = providers
    if layout.principal_tags:
        out["principal_tags"] = [_principal_tags(tags, resources[tags]) for tags in layout.principal_tags]
    if "IdentityPoolTags" in p:
        out["tags"] = {tag["Key"]: tag["Value"] for tag in p.pop("IdentityPoolTags")}
    leftover(lid, p)
    if layout.role_attachment:
        attachment = dict(resources[layout.role_attachment].get("Properties") or {})
        attachment.pop("IdentityPoolId", None)
        for kind, role in (attachment.pop("Roles", None) or {}).items():
            if isinstance(role, str):
                out[f"{kind}_role"] = role
        mappings = attachment.pop("RoleMappings", None)
        if mappings:
            out["role_mappings"] = [_role_mapping(layout.role_attachment, key, m, client_ids, pool_lid)
                                    for key, m in mappings.items()]
        leftover(layout.role_attachment, attachment)
    return out


def _user_pool_provider(lid: str, provider: dict, added: dict[str, str]) -> dict:
    """One of the props' ``userPools``: an existing pool with its client, or with the client the provider added
    (``added``: its logical id → the construct id of the pool it was added to). The pool's id is the provider
    name's last part."""
    parts = _join_parts(provider.get("ProviderName")) or []
    client = provider.get("ClientId")
    added_to = added.get(client.get("Ref")) if isinstance(client, dict) else None
    if not (isinstance(client, str) or added_to is not None) or not parts or not isinstance(parts[-1], str) \
            or not parts[-1].startswith("/"):
        raise Unexpressible(lid, "CognitoIdentityProviders", "a user pool provider that is not an existing pool's client")
    out: dict[str, Any] = {"user_pool_id": parts[-1][1:]}
    if added_to is None:
        out["user_pool_client_id"] = client
    elif added_to != out["user_pool_id"]:
        out["id"] = added_to
    if provider.get("ServerSideTokenCheck") is False:
        out["disable_server_side_token_check"] = True
    return out


def _principal_tags(lid: str, resource: dict) -> dict:
    p = dict(resource.get("Properties") or {})
    p.pop("IdentityPoolId", None)
    out: dict[str, Any] = {}
    name = p.pop("IdentityProviderName", None)
    if isinstance(name, str):  # else the spec's own pool's provider name, the default (the comparison checks it)
        out["identity_provider_name"] = name
    if "PrincipalTags" in p:
        out["principal_tags"] = p.pop("PrincipalTags")
    if "UseDefaults" in p:
        out["use_defaults"] = p.pop("UseDefaults")
    leftover(lid, p)
    return out


def _role_mapping(lid: str, key: str, mapping: dict, client_ids: dict, pool_lid: str | None) -> dict:
    out: dict[str, Any] = {}
    url = mapping.get("IdentityProvider")
    if isinstance(url, str):
        out["provider_url"] = _PROVIDER_URLS.get(url) or {"custom": url}
        template_key = url
    else:
        parts = _join_parts(url) or []
        client_ref = parts[-1] if parts and isinstance(parts[-1], dict) else None
        client_id = client_ids.get((client_ref or {}).get("Ref"))
        if client_id is None:
            raise Unexpressible(lid, f"RoleMappings.{key}.IdentityProvider", "not a provider URL the spec writes")
        out["provider_url"] = {"user_pool_client": client_id}
        template_key = None
    if key != template_key:
        out["mapping_key"] = key
    out["use_token"] = mapping.get("Type") == "Token"
    if mapping.get("AmbiguousRoleResolution") == "AuthenticatedRole":
        out["resolve_ambiguous_roles"] = True
    rules = (mapping.get("RulesConfiguration") or {}).get("Rules")
    if rules is not None:
        out["rules"] = [{"claim": r.get("Claim"), "claim_value": r.get("Value"), "mapped_role": r.get("RoleARN"),
                         "match_type": _MATCH.get(r.get("MatchType"), r.get("MatchType"))} for r in rules]
    return out


def statements(lid: str, document: dict) -> list[dict]:
    """A policy document's statements as ``role_policies`` statements."""
    out = []
    for s in document.get("Statement") or []:
        s = dict(s)
        entry: dict[str, Any] = {}
        effect = s.pop("Effect", "Allow")
        if effect != "Allow":
            entry["effect"] = effect
        actions = s.pop("Action", [])
        entry["actions"] = actions if isinstance(actions, list) else [actions]
        resources = s.pop("Resource", None)
        if resources is not None:
            entry["resources"] = resources if isinstance(resources, list) else [resources]
        if "Condition" in s:
            entry["conditions"] = s.pop("Condition")
        if s:
            raise Unexpressible(lid, f"PolicyDocument.Statement.{next(iter(s))}", "role_policies have no such key")
        out.append(entry)
    return out


def default_web_client() -> dict:
    return {"id": ids.WEB_CLIENT, **defaults.WEB_CLIENT_PROPS}
