"""User pool rules: what the CDK's ``UserPool`` throws at synth, and what Cognito refuses at deploy."""

from __future__ import annotations

import ipaddress
import re

from ..spec import model
from ..spec.vocabulary import SENDER_TRIGGERS, ses_regions, sns_regions, utf16_length
from .engine import arn_region, check, repeated

CODE = "{####}"
_LINK = re.compile(r"\{##[^\x00-\x08\x0e-\x1f\x7f]*?##\}")  # the CDK's /\{##[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*##\}/u
POOL = model.UserPool


@check("IC0201", on=model.PasswordPolicy)
def temp_password_validity(policy, _ctx):
    duration = policy.temp_password_validity
    if duration is None:
        return
    path = policy.key("temp_password_validity")
    try:
        days = duration.to_days()
    except ValueError as exc:
        yield path, str(exc)
        return
    if days > 365:
        yield path, f"tempPasswordValidity cannot be greater than 365 days (received: {days})"


@check("IC0202", on=POOL)
def mfa_message(pool, _ctx):
    message = pool.mfa_message
    if message is None:
        return
    if CODE not in message:
        yield pool.key("mfa_message"), "MFA message must contain the template string '{####}'"
    elif utf16_length(message) > 140:
        yield pool.key("mfa_message"), \
            f"MFA message must be between 6 and 140 characters (it has {utf16_length(message)}, counted as JavaScript does)"


@check("IC0728", on=POOL)
def email_code_message(pool, _ctx):
    message = pool.email_authentication_message
    if message is not None and CODE not in message:
        yield pool.key("email_authentication_message"), \
            "the email one-time code's message must contain '{####}', where Cognito puts the code"



@check("IC0729", on=POOL)
def web_authn_factor_plan(pool, _ctx):
    if pool.web_authn_factor_configuration is not None and pool.feature_plan == "LITE":
        yield pool.key("feature_plan"), ("web_authn_factor_configuration needs the ESSENTIALS or PLUS feature plan; "
                                         "Cognito refuses it on LITE")


@check("IC0731", on=POOL)
def key_configuration(pool, _ctx):
    arn = pool.kms_key_arn
    if arn is not None and not _KMS_KEY_ARN.match(arn):
        yield pool.key("key_configuration", "kms_key_arn"), \
            f"'{arn}' is not a KMS key's ARN (arn:<partition>:kms:<region>:<account>:key/<key id>; not an alias)"


_KMS_KEY_ARN = re.compile(r"^arn:aws[\w-]*:kms:[a-z]{2}(-[a-z]+)+-\d:\d{12}:key/(mrk-)?[0-9a-zA-Z-]+$")


@check("IC0203", on=model.UserVerification)
def verification_placeholders(given, _ctx):
    if given.email_style == "CODE" and CODE not in given.email_body:
        yield given.key("email_body"), "Verification email body must contain the template string '{####}'"
    if given.email_style == "LINK" and not _LINK.search(given.email_body):
        yield given.key("email_body"), "Verification email body must contain the template string '{##Verify Email##}'"
    if given.email_style == "CODE" and CODE not in given.sms_message:
        yield given.key("sms_message"), "SMS message must contain the template string '{####}'"


@check("IC0204", on=model.SignInAliases)
def preferred_username(aliases, _ctx):
    if aliases.preferred_username and not aliases.username:
        yield aliases.key("preferred_username"), "username signIn must be enabled if preferredUsername is enabled"


@check("IC0205", on=POOL)
def sms_role_flag(pool, _ctx):
    if pool.enable_sms_role is False and pool.sms_role:
        yield pool.key("enable_sms_role"), "enableSmsRole cannot be disabled when smsRole is specified"


@check("IC0206", on=POOL)
def custom_sender_key(pool, _ctx):
    for trigger in pool.lambda_triggers:
        if trigger.operation in SENDER_TRIGGERS and not pool.custom_sender_kms_key:
            yield trigger.path, \
                "you must specify a KMS key (custom_sender_kms_key) if you are using customSmsSender or customEmailSender."


@check("IC0207", on=model.Trigger)
def trigger_version(trigger, _ctx):
    version = trigger.lambda_version
    if trigger.operation == "inbound_federation":
        return  # no UserPoolOperation of the CDK's: Cognito's own V1_0 is the API's limit (IC0712)
    if version not in (None, "V1_0") and trigger.operation != "pre_token_generation_config":
        yield trigger.key("lambda_version"), f"Only the `PRE_TOKEN_GENERATION_CONFIG` operation supports {version} lambda version."


@check("IC0208", on=POOL)
def email_mfa_through_ses(pool, _ctx):
    if "EMAIL_OTP" in (pool.enabled_mfas or ()) and (pool.email is None or not pool.email.with_ses):
        yield pool.key("mfa_second_factor", "email"), \
            "To enable email-based MFA, set `email` property to the Amazon SES email-sending configuration."


@check("IC0215", on=POOL)
def email_mfa_plan(pool, _ctx):
    if "EMAIL_OTP" in (pool.enabled_mfas or ()) and pool.feature_plan == "LITE":
        yield pool.key("feature_plan"), \
            "To enable email-based MFA, set `featurePlan` to `FeaturePlan.ESSENTIALS` or `FeaturePlan.PLUS`."


@check("IC0209", on=model.CustomAttribute)
def custom_attribute_length(attr, _ctx):
    if (attr.max_len or 0) > 2048:
        yield attr.key("max_len"), f"maxLen cannot be greater than 2048 (value: {attr.max_len})."


@check("IC0216", on=model.StandardAttribute)
def verified_flags(attr, _ctx):
    if attr.attribute in ("email_verified", "phone_number_verified"):
        yield attr.key(), (f"{attr.attribute} is not a standard attribute a pool declares: Cognito keeps it for every "
                           "user (it says whether the "
                           + ("email address" if attr.attribute == "email_verified" else "phone number")
                           + " is verified); leave it out of standard_attributes")


@check("IC0213", on=model.CustomAttribute)
def custom_attribute_bounds(attr, _ctx):
    for low, high in (("min_len", "max_len"), ("min", "max")):
        low_value, high_value = getattr(attr, low), getattr(attr, high)
        if low_value is not None and high_value is not None and low_value > high_value:
            yield attr.key(low), f"{low} ({low_value}) is greater than {high} ({high_value})"


_ATTRIBUTE_KEYS = {"string": {"min_len", "max_len"}, "number": {"min", "max"}, "boolean": set(), "datetime": set()}


@check("IC0214", on=model.CustomAttribute)
def custom_attribute_keys(attr, _ctx):
    for key in sorted(attr.given - {"type", "mutable"} - _ATTRIBUTE_KEYS[attr.type]):
        yield attr.key(key), f"'{key}' does not apply to a {attr.type} attribute"


@check("IC0210", on=model.Email)
def ses_options(email, _ctx):
    if email.with_ses and email.ses_verified_domain and email.from_email.rpartition("@")[2] != email.ses_verified_domain:
        yield email.settings.key("ses_verified_domain"), '"fromEmail" contains a different domain than the "sesVerifiedDomain"'


def _addresses(email: model.Email):
    for key in ("reply_to", "from_email", "ses_verified_domain"):
        address = getattr(email, key)
        if address:
            yield email.settings.key(key), address, address.split("@")[0]  # as the CDK splits it


@check("IC0211", on=model.Email)
def ascii_local_parts(email, _ctx):
    for path, _address, local in _addresses(email):
        if not any(ch.isascii() for ch in local):  # the CDK's /[\p{ASCII}]+/u.test(local)
            yield path, "the local part of the email address must use ASCII characters only"


@check("IC0212", on=model.Email)
def all_ascii_local_parts(email, _ctx):
    for path, address, local in _addresses(email):
        if "@" not in address:  # ses_verified_domain: a domain, punycoded as the CDK writes it, has no local part
            continue
        if any(ch.isascii() for ch in local) and not local.isascii():
            yield path, f"the local part of {address!r} is not ASCII; SES sends only from 7-bit ASCII local parts"


@check("IC0701", on=POOL)
def mfa_factors(pool, _ctx):
    if pool.mfa in ("REQUIRED", "OPTIONAL") and pool.enabled_mfas == ():
        yield pool.key("mfa_second_factor"), \
            f"mfa is {pool.mfa} but no second factor is enabled; Cognito rejects this at deploy"


@check("IC0702", on=POOL)
def sms_without_role(pool, _ctx):
    if pool.enable_sms_role is False and not pool.sms_role and pool.eums_sms is None and \
            "SMS_MFA" in (pool.enabled_mfas or ()):
        yield pool.key("enable_sms_role"), \
            "SMS MFA is enabled but enable_sms_role is false and no sms_role is given: Cognito cannot send SMS"


@check("IC0703", on=POOL)
def threat_protection_plan(pool, _ctx):
    if pool.threat_protection_active and pool.feature_plan is not None and pool.feature_plan != "PLUS":
        yield pool.key("feature_plan"), f"threat protection is on but feature_plan is {pool.feature_plan}; it needs PLUS"


@check("IC0704", on=POOL)
def threat_protection_props(pool, _ctx):
    if pool.advanced_security_mode is None:
        return
    for key in ("standard_threat_protection_mode", "custom_threat_protection_mode"):
        if getattr(pool, key) is not None:
            inherited = "advanced_security_mode" not in pool.props_given
            yield pool.key(key), (
                "you cannot set Threat Protection and Advanced Security Mode at the same time"
                + ("; the PDK default advanced_security_mode: ENFORCED is in effect, set advanced_security_mode: null"
                   if inherited else "; remove advanced_security_mode"))


@check("IC0708", on=POOL)
def password_history(pool, _ctx):
    if pool.password_policy is not None and pool.password_policy.password_history_size is not None and \
            pool.feature_plan == "LITE":
        yield pool.password_policy.key("password_history_size"), \
            "`passwordHistorySize` can not be set when `featurePlan` is `FeaturePlan.LITE`."


@check("IC0705", on=model.SignInPolicy)
def password_factor(policy, _ctx):
    if policy.password is False:
        yield policy.factors.key("password"), "The password authentication cannot be disabled."


@check("IC0714", on=POOL)
def passwordless_plan(pool, _ctx):
    if pool.sign_in_policy is not None and pool.sign_in_policy.passwordless and pool.feature_plan == "LITE":
        yield pool.key("feature_plan"), ("To enable choice-based authentication, set `featurePlan` to "
                                         "`FeaturePlan.ESSENTIALS` or `FeaturePlan.PLUS`.")


@check("IC0707", on=POOL)
def snapshot_policy(pool, _ctx):
    if pool.removal_policy == "SNAPSHOT":
        yield (pool.key("removal_policy"),
               "AWS::Cognito::UserPool does not support snapshots; use RETAIN, DESTROY or RETAIN_ON_UPDATE_OR_DELETE")


@check("IC0709", on=POOL)
def passkey_with_required_mfa(pool, _ctx):
    if pool.sign_in_policy is not None and pool.sign_in_policy.passkey and pool.mfa == "REQUIRED" and \
            pool.web_authn_factor_configuration != "MULTI_FACTOR_WITH_USER_VERIFICATION":
        yield pool.sign_in_policy.factors.key("passkey"), (
            "passkey sign-in with mfa REQUIRED is refused by Cognito unless passkeys count as multi-factor: set "
            "web_authn_factor_configuration: MULTI_FACTOR_WITH_USER_VERIFICATION, or use mfa: OPTIONAL")


@check("IC0710", on=model.Domain)
def managed_login_plan(domain, ctx):
    if isinstance(ctx.pool, model.UserPool) and ctx.pool.feature_plan == "LITE" and domain.managed_login_version == 2:
        yield domain.key("managed_login_version"), "managed login needs feature_plan ESSENTIALS or PLUS, not LITE"



@check("IC0719", on=model.LogConfiguration)
def log_level(config, _ctx):
    expected = {"userNotification": "ERROR", "userAuthEvents": "INFO"}[config.event_source]
    if config.log_level != expected:
        yield config.key("log_level"), f"{config.event_source} logs at {expected}, not {config.log_level}"


@check("IC0720", on=model.LogConfiguration)
def notification_destination(config, _ctx):
    if config.event_source == "userNotification" and config.destination != "cloud_watch_logs_configuration":
        yield config.key(config.destination), \
            "userNotification logs go to CloudWatch Logs only (cloud_watch_logs_configuration)"


@check("IC0721", on=POOL)
def auth_events_plan(pool, ctx):
    plan = _plan(pool, ctx)
    for configurations in _log_deliveries(pool):
        for config in configurations:
            if config.event_source == "userAuthEvents" and plan != "PLUS":
                yield config.key("event_source"), \
                    f"userAuthEvents logs need feature_plan PLUS (the pool's plan: {plan or 'not set'})"


@check("IC0722", on=model.Pool)
def log_sources_once(pool, _ctx):
    for configurations in _log_deliveries(pool):
        for config in repeated(configurations, lambda c: c.event_source):
            yield config.key("event_source"), f"{config.event_source} is configured twice; a pool logs each source once"


def _log_deliveries(pool: model.Pool):
    """The pool's log delivery and each replica's (in its Region, on the pool's plan)."""
    yield pool.log_configurations
    for replica in pool.replicas if isinstance(pool, model.UserPool) else ():
        yield replica.log_configurations


def _plan(pool: model.UserPool, ctx) -> str | None:
    """The feature plan the template gives the pool (None: not set, so ESSENTIALS for a new pool)."""
    if pool.feature_plan is None and not ctx.pdk_compat and pool.advanced_security_mode in ("AUDIT", "ENFORCED"):
        return "PLUS"  # the default mode's UserPoolTier (README: deliberate differences)
    return pool.feature_plan



def _risk_configurations(pool: model.UserPool):
    if pool.risk_configuration is not None:
        yield pool.risk_configuration
    for client in pool.clients:
        if client.risk_configuration is not None:
            yield client.risk_configuration


@check("IC0725", on=POOL)
def risk_needs_threat_protection(pool, ctx):
    plan = _plan(pool, ctx)
    if pool.threat_protection_active and plan == "PLUS":
        return
    why = "threat protection is off" if not pool.threat_protection_active else \
        f"threat protection runs only on feature_plan PLUS (the pool's plan: {plan or 'not set, so ESSENTIALS'})"
    for config in _risk_configurations(pool):
        yield config.path, f"Cognito refuses a risk configuration (UserPoolAddOnNotEnabledException): {why}"


@check("IC0727", on=model.RiskConfiguration)
def risk_ip_ranges(config, _ctx):
    for key, ranges in (("blocked_ip_range_list", config.blocked_ip_ranges), ("skipped_ip_range_list", config.skipped_ip_ranges)):
        for index, value in enumerate(ranges or ()):
            try:
                valid = "/" in value and ipaddress.ip_network(value, strict=False) is not None
            except ValueError:
                valid = False
            if not valid:
                yield config.key("risk_exception_configuration", key, index), \
                    f"'{value}' is not an IP range in CIDR notation (such as 192.0.2.0/24 or 2001:db8::/32)"



def _ui_keys(pool: model.UserPool):
    if pool.ui_customization_css is not None:
        yield pool.key("ui_customization")
    for client in pool.clients:
        if client.ui_customization_css is not None:
            yield client.key("ui_customization")


@check("IC0723", on=POOL)
def ui_customization_domain(pool, _ctx):
    if not pool.domains:
        for key in _ui_keys(pool):
            yield key, "Cognito refuses a UI customization of a pool without a domain: add one to domains"


@check("IC0711", on=POOL)
def custom_attribute_quota(pool, _ctx):
    count = len(pool.custom_attributes)
    if count > 50:
        yield pool.key("custom_attributes"), f"{count} custom attributes; Cognito allows at most 50 per user pool"



@check("IC0744", on=POOL)
def sns_or_eums(pool, _ctx):
    senders = [(pool, pool.sms_role is not None or pool.sms_role_created,
                "set enable_sms_role: false and give no sms_role")]
    senders += [(replica, replica.sms_role is not None, "give the replica no sms_role") for replica in pool.replicas]
    for owner, sns, fix in senders:
        if owner.eums_sms is not None and sns:
            yield owner.eums_sms.path, (f"Cognito takes either an SNS role or End User Messaging SMS, not both: {fix}, "
                                        "or leave out eums_sms")


@check("IC0745", on=POOL)
def eums_region(pool, _ctx):
    owners = [(pool.eums_sms, arn_region(pool.kms_key_arn))]  # the pool's Region, where its key tells it
    owners += [(replica.eums_sms, replica.region) for replica in pool.replicas]
    for config, region in owners:
        if config is not None and config.region is not None and region is not None and config.region != region:
            yield config.key("region"), (f"Cognito refuses any Region but the pool's own ({region}); leave region out "
                                         "to use it")


@check("IC0718", on=POOL)
def passkey_relying_party(pool, _ctx):
    if pool.sign_in_policy is not None and pool.sign_in_policy.passkey and not pool.passkey_relying_party_id:
        yield pool.sign_in_policy.factors.key("passkey"), (
            "passkey sign-in without passkey_relying_party_id: passkeys are then bound to the pool's Cognito domain; "
            "with a custom domain and managed login they must name that domain")


@check("IC0724", on=POOL)
def ui_customization_managed_login(pool, _ctx):
    if pool.domains and all(d.managed_login_version == 2 for d in pool.domains):
        for key in _ui_keys(pool):
            yield key, "every domain of the pool serves managed login (version 2), which does not use this CSS"


@check("IC0726", on=model.RiskConfiguration)
def risk_notify_configuration(config, _ctx):
    if config.notify_source_arn is None:
        for action in config.takeover_actions or ():
            if action.notify:
                yield action.key("notify"), \
                    "notify: true, but no notify_configuration (an SES identity to send from): no email is sent"


@check("IC0730", on=POOL)
def web_authn_multi_factor(pool, _ctx):
    if pool.web_authn_factor_configuration != "MULTI_FACTOR_WITH_USER_VERIFICATION":
        return
    where = pool.key("web_authn_factor_configuration")
    if not (pool.sign_in_policy and pool.sign_in_policy.passkey):
        yield where, ("passkeys count as MFA only when they are a first factor: add passkey to "
                      "sign_in_policy.allowed_first_auth_factors")
    if pool.mfa in (None, "OFF"):
        yield where, "MFA is OFF, so passkeys as MFA have nothing to satisfy"
    if pool.passkey_user_verification != "REQUIRED":
        yield where, ("passkeys satisfy MFA only with user verification (a biometric or PIN): set "
                      "passkey_user_verification: REQUIRED")


@check("IC0751", on=model.UserPool)
def messaging_regions(pool, _ctx):
    for where, region in [(pool, arn_region(pool.kms_key_arn))] + [(r, r.region) for r in pool.replicas]:
        if region is None:
            continue
        whose = "the primary pool (its key's Region)" if where is pool else "the replica"
        if where.sns_region is not None and where.sns_region not in sns_regions(region):
            yield where.key("sns_region"), (f"{whose} in {region} sends SMS through Amazon SNS in "
                                            f"{' or '.join(sns_regions(region))}, not {where.sns_region}")
        email = where.email
        if email is not None and email.with_ses and email.ses_region is not None \
                and email.ses_region not in ses_regions(region):
            yield email.settings.key("ses_region"), (f"{whose} in {region} sends email through Amazon SES in "
                                                     f"{', '.join(ses_regions(region))}, not {email.ses_region}")


@check("IC0752", on=model.UserPool)
def one_pre_token_generation_function(pool, _ctx):
    for owner in (pool, *pool.replicas):
        by_operation = {t.operation: t for t in owner.lambda_triggers}
        legacy, config = by_operation.get("pre_token_generation"), by_operation.get("pre_token_generation_config")
        if legacy is not None and config is not None and legacy.function_arn != config.function_arn:
            yield legacy.path, ("pre_token_generation and pre_token_generation_config must name one function "
                                f"(Cognito refuses two): {legacy.function_arn} and {config.function_arn}")


@check("IC0753", on=model.UserPool)
def access_token_customization_plan(pool, _ctx):
    if pool.feature_plan != "LITE":
        return
    for trigger in pool.lambda_triggers:
        if trigger.operation == "pre_token_generation_config" and trigger.lambda_version not in (None, "V1_0"):
            yield trigger.path, (f"lambda_version {trigger.lambda_version} customizes access tokens, which needs "
                                 "feature_plan ESSENTIALS or PLUS, not LITE")
