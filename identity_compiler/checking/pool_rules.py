"""User pool rules: what the CDK's ``UserPool`` throws at synth, and what Cognito refuses at deploy."""

from __future__ import annotations

import re

from ..durations import Duration
from ..vocabulary import SENDER_TRIGGERS, enabled_mfas, trigger_function, utf16_length
from .rules import ADVICE, CDK, DEPLOY, SPEC, SYNTH, rule

CODE = "{####}"
_LINK = re.compile(r"\{##[^\x00-\x08\x0e-\x1f\x7f]*?##\}")  # the CDK's /\{##[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*##\}/u


def _pools(ctx):
    return ctx.pools


@rule("IC0201", SYNTH, "Temporary passwords are valid for whole days, at most 365.", CDK + "user-pool.ts#L1262-L1271")
def temp_password_validity(ctx):
    for pool in _pools(ctx):
        text = (pool.props.get("password_policy") or {}).get("temp_password_validity")
        if text is None:
            continue
        path = pool.key("password_policy", "temp_password_validity")
        try:
            days = Duration.parse(text).seconds / 86400
            if days > 365:
                yield path, f"tempPasswordValidity cannot be greater than 365 days (received: {text})"
            Duration.parse(text).to_days()
        except ValueError as exc:
            yield path, str(exc)


@rule("IC0202", SYNTH, "The MFA message contains '{####}' and is 6 to 140 characters.", CDK + "user-pool.ts#L1089-L1101")
def mfa_message(ctx):
    for pool in _pools(ctx):
        message = pool.props.get("mfa_message")
        if message is None:
            continue
        if CODE not in message:
            yield pool.key("mfa_message"), "MFA message must contain the template string '{####}'"
        elif utf16_length(message) > 140:
            yield pool.key("mfa_message"), \
                f"MFA message must be between 6 and 140 characters (it has {utf16_length(message)}, counted as JavaScript does)"


@rule("IC0203", SYNTH, "Verification messages contain their code placeholder: '{####}' in the email body and SMS (CODE), "
      "'{##Verify Email##}' in the email body (LINK).",
      CDK + "user-pool.ts#L1120-L1139")
def verification_placeholders(ctx):
    for pool in _pools(ctx):
        given = pool.props.get("user_verification") or {}
        style = given.get("email_style", "CODE")
        body = given.get("email_body")
        if body is not None and style == "CODE" and CODE not in body:
            yield pool.key("user_verification", "email_body"), \
                "Verification email body must contain the template string '{####}'"
        if body is not None and style == "LINK" and not _LINK.search(body):
            yield pool.key("user_verification", "email_body"), \
                "Verification email body must contain the template string '{##Verify Email##}'"
        sms = given.get("sms_message")
        if sms is not None and style == "CODE" and CODE not in sms:
            yield pool.key("user_verification", "sms_message"), "SMS message must contain the template string '{####}'"


@rule("IC0204", SYNTH, "Sign-in with preferred_username needs username sign-in.", CDK + "user-pool.ts#L1156-L1157")
def preferred_username(ctx):
    for pool in _pools(ctx):
        aliases = pool.props.get("sign_in_aliases") or {}
        if aliases.get("preferred_username") and not aliases.get("username"):
            yield pool.key("sign_in_aliases", "preferred_username"), \
                "username signIn must be enabled if preferredUsername is enabled"


@rule("IC0205", SYNTH, "enable_sms_role: false cannot go with an sms_role.", CDK + "user-pool.ts#L1186-L1187")
def sms_role_flag(ctx):
    for pool in _pools(ctx):
        if pool.props.get("enable_sms_role") is False and pool.props.get("sms_role"):
            yield pool.key("enable_sms_role"), "enableSmsRole cannot be disabled when smsRole is specified"


@rule("IC0206", SYNTH, "Custom sender triggers need custom_sender_kms_key.", CDK + "user-pool.ts#L950-L953")
def custom_sender_key(ctx):
    for pool in _pools(ctx):
        triggers = pool.props.get("lambda_triggers") or {}
        for op in SENDER_TRIGGERS:
            if op in triggers and not pool.props.get("custom_sender_kms_key"):
                yield pool.key("lambda_triggers", op), \
                    "you must specify a KMS key (custom_sender_kms_key) if you are using customSmsSender or customEmailSender."


@rule("IC0207", SYNTH, "Only pre_token_generation_config takes lambda_version V2_0 or V3_0.", CDK + "user-pool.ts#L1052-L1053")
def trigger_version(ctx):
    for pool in _pools(ctx):
        for op, value in (pool.props.get("lambda_triggers") or {}).items():
            version = trigger_function(value).get("lambda_version")
            if version not in (None, "V1_0") and op != "pre_token_generation_config":
                yield pool.key("lambda_triggers", op, "lambda_version"), \
                    f"Only the `PRE_TOKEN_GENERATION_CONFIG` operation supports {version} lambda version."


@rule("IC0208", SYNTH, "Email MFA needs email sent through SES and a feature plan other than LITE.",
      CDK + "user-pool.ts#L1384-L1390; validateEmailMfa")
def email_mfa(ctx):
    for pool in _pools(ctx):
        if "EMAIL_OTP" not in (enabled_mfas(pool.props) or []):
            continue
        if "with_ses" not in (pool.props.get("email") or {}):
            yield pool.key("mfa_second_factor", "email"), \
                "To enable email-based MFA, set `email` property to the Amazon SES email-sending configuration."
        if pool.props.get("feature_plan") == "LITE":
            yield pool.key("feature_plan"), \
                "To enable email-based MFA, set `featurePlan` to `FeaturePlan.ESSENTIALS` or `FeaturePlan.PLUS`."


@rule("IC0209", SYNTH, "A string attribute's max_len is at most 2048.", CDK + "user-pool-attr.ts#L243-L249")
def custom_attribute_length(ctx):
    for pool in _pools(ctx):
        for name, attr in (pool.props.get("custom_attributes") or {}).items():
            if (attr.get("max_len") or 0) > 2048:
                yield pool.key("custom_attributes", name, "max_len"), \
                    f"maxLen cannot be greater than 2048 (value: {attr['max_len']})."


@rule("IC0213", DEPLOY, "A custom attribute's minimum is not above its maximum (min_len/max_len, min/max).",
      "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_StringAttributeConstraintsType.html")
def custom_attribute_bounds(ctx):
    for pool in _pools(ctx):
        for name, attr in (pool.props.get("custom_attributes") or {}).items():
            for low, high in (("min_len", "max_len"), ("min", "max")):
                if attr.get(low) is not None and attr.get(high) is not None and attr[low] > attr[high]:
                    yield pool.key("custom_attributes", name, low), f"{low} ({attr[low]}) is greater than {high} ({attr[high]})"


_ATTRIBUTE_KEYS = {"string": {"min_len", "max_len"}, "number": {"min", "max"}, "boolean": set(), "datetime": set()}


@rule("IC0214", SPEC, "A custom attribute takes only the constraints of its type (min_len/max_len for string, "
      "min/max for number).", CDK + "user-pool-attr.ts#L140-L260")
def custom_attribute_keys(ctx):
    for pool in _pools(ctx):
        for name, attr in (pool.props.get("custom_attributes") or {}).items():
            for key in sorted(set(attr) - {"type", "mutable"} - _ATTRIBUTE_KEYS[attr["type"]]):
                yield pool.key("custom_attributes", name, key), f"'{key}' does not apply to a {attr['type']} attribute"


@rule("IC0210", SYNTH, "SES: ses_verified_domain is the domain of from_email.", CDK + "user-pool-email.ts#L172-L199")
def ses_options(ctx):
    for pool in _pools(ctx):
        ses = (pool.props.get("email") or {}).get("with_ses")
        if not ses:
            continue
        domain = ses["from_email"].rpartition("@")[2]
        if ses.get("ses_verified_domain") and domain != ses["ses_verified_domain"]:
            yield pool.key("email", "with_ses", "ses_verified_domain"), \
                '"fromEmail" contains a different domain than the "sesVerifiedDomain"'


_ADDRESSES = (("with_cognito", "reply_to"), ("with_ses", "from_email"), ("with_ses", "reply_to"),
              ("with_ses", "ses_verified_domain"))


def _addresses(ctx):
    for pool in _pools(ctx):
        email = pool.props.get("email") or {}
        for method, key in _ADDRESSES:
            address = (email.get(method) or {}).get(key)
            if address:
                yield pool.key("email", method, key), address, address.split("@")[0]  # as the CDK splits it


@rule("IC0211", SYNTH, "The local part of an email address (from_email, reply_to) has an ASCII character.",
      CDK + "user-pool-email.ts#L194-L199")
def ascii_local_parts(ctx):
    for path, _address, local in _addresses(ctx):
        if not any(ch.isascii() for ch in local):  # the CDK's /[\p{ASCII}]+/u.test(local)
            yield path, "the local part of the email address must use ASCII characters only"


@rule("IC0212", DEPLOY, "The local part of an email address (from_email, reply_to) is all ASCII.",
      "https://docs.aws.amazon.com/ses/latest/dg/send-email-concepts-email-format.html")
def all_ascii_local_parts(ctx):
    for path, address, local in _addresses(ctx):
        if any(ch.isascii() for ch in local) and not local.isascii():
            yield path, f"the local part of {address!r} is not ASCII; SES sends only from 7-bit ASCII local parts"


@rule("IC0701", DEPLOY, "MFA REQUIRED or OPTIONAL needs at least one second factor.",
      "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserPoolMfaConfig.html")
def mfa_factors(ctx):
    for pool in _pools(ctx):
        if pool.props.get("mfa") in ("REQUIRED", "OPTIONAL") and enabled_mfas(pool.props) == []:
            yield pool.key("mfa_second_factor"), \
                f"mfa is {pool.props['mfa']} but no second factor is enabled; Cognito rejects this at deploy"


@rule("IC0702", DEPLOY, "SMS MFA or phone verification needs an SMS role.",
      "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-sms-settings.html")
def sms_without_role(ctx):
    for pool in _pools(ctx):
        if pool.props.get("enable_sms_role") is False and not pool.props.get("sms_role") and \
                "SMS_MFA" in (enabled_mfas(pool.props) or []):
            yield pool.key("enable_sms_role"), \
                "SMS MFA is enabled but enable_sms_role is false and no sms_role is given: Cognito cannot send SMS"


@rule("IC0703", DEPLOY, "Threat protection (advanced security AUDIT/ENFORCED) runs only on the PLUS feature plan.",
      "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html")
def threat_protection_plan(ctx):
    for pool in _pools(ctx):
        mode = pool.props.get("advanced_security_mode")
        active = mode in ("AUDIT", "ENFORCED") or pool.props.get("standard_threat_protection_mode") in (
            "FULL_FUNCTION", "AUDIT_ONLY") or "custom_threat_protection_mode" in pool.props
        plan = pool.props.get("feature_plan")
        if not active:
            continue
        if plan is not None and plan != "PLUS":
            yield pool.key("feature_plan"), f"threat protection is on but feature_plan is {plan}; it needs PLUS"


@rule("IC0816", ADVICE, "With --pdk-compat and no feature_plan, threat protection is on in the template but does not run "
      "(new pools get the ESSENTIALS plan).",
      "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html")
def threat_protection_without_plan(ctx):
    if not ctx.pdk_compat:
        return  # the default mode sets UserPoolTier: PLUS (README: deliberate differences)
    for pool in _pools(ctx):
        if pool.props.get("advanced_security_mode") in ("AUDIT", "ENFORCED") and "feature_plan" not in pool.props:
            yield (pool.key("advanced_security_mode"),
                   "threat protection runs only on the PLUS feature plan; with --pdk-compat no UserPoolTier is set, "
                   "so a new pool gets ESSENTIALS and threat protection does not run")


@rule("IC0704", SYNTH, "Threat protection: advanced_security_mode and the *_threat_protection_mode props exclude each other.",
      CDK + "user-pool.ts (current): CannotSetThreatProtectionAdvanced")
def threat_protection_props(ctx):
    for pool in _pools(ctx):
        if "advanced_security_mode" not in pool.props:
            continue
        for key in ("standard_threat_protection_mode", "custom_threat_protection_mode"):
            if key in pool.props:
                inherited = "advanced_security_mode" not in pool.given
                yield pool.key(key), (
                    "you cannot set Threat Protection and Advanced Security Mode at the same time"
                    + ("; the PDK default advanced_security_mode: ENFORCED is in effect, set advanced_security_mode: null"
                       if inherited else "; remove advanced_security_mode"))


@rule("IC0708", SYNTH, "password_history_size needs a feature plan other than LITE.",
      CDK + "user-pool.ts (current): configurePasswordPolicy")
def password_history(ctx):
    for pool in _pools(ctx):
        if (pool.props.get("password_policy") or {}).get("password_history_size") is not None and \
                pool.props.get("feature_plan") == "LITE":
            yield pool.key("password_policy", "password_history_size"), \
                "`passwordHistorySize` can not be set when `featurePlan` is `FeaturePlan.LITE`."


@rule("IC0705", SYNTH, "Passwordless sign-in: password stays allowed, passkeys need a relying party id.",
      CDK + "user-pool.ts configureSignInPolicy (PR #32369)")
def sign_in_policy(ctx):
    for pool in _pools(ctx):
        policy = pool.props.get("sign_in_policy")
        if policy is None:
            continue
        factors = policy.get("allowed_first_auth_factors") or {}
        path = pool.key("sign_in_policy", "allowed_first_auth_factors")
        if factors.get("password") is False:
            yield path + ("password",), "The password authentication cannot be disabled."
        if factors.get("passkey") and not pool.props.get("passkey_relying_party_id"):
            yield path + ("passkey",), "passkey sign-in needs passkey_relying_party_id"


@rule("IC0714", DEPLOY, "Passwordless sign-in needs the ESSENTIALS or PLUS feature plan.",
      "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html")
def passwordless_plan(ctx):
    for pool in _pools(ctx):
        factors = (pool.props.get("sign_in_policy") or {}).get("allowed_first_auth_factors") or {}
        if any(factors.get(k) for k in ("email_otp", "sms_otp", "passkey")) and pool.props.get("feature_plan") == "LITE":
            yield pool.key("feature_plan"), "passwordless sign-in needs the ESSENTIALS or PLUS feature plan"


@rule("IC0707", DEPLOY, "A user pool cannot be snapshotted: removal_policy SNAPSHOT is refused.",
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html")
def snapshot_policy(ctx):
    for pool in _pools(ctx):
        if pool.props.get("removal_policy") == "SNAPSHOT":
            yield (pool.key("removal_policy"),
                   "AWS::Cognito::UserPool does not support snapshots; use RETAIN, DESTROY or RETAIN_ON_UPDATE_OR_DELETE")


@rule("IC0709", DEPLOY, "Passkeys cannot be a first factor when MFA is REQUIRED (Cognito then needs multi-factor passkeys).",
      "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnConfigurationType.html")
def passkey_with_required_mfa(ctx):
    for pool in _pools(ctx):
        factors = (pool.props.get("sign_in_policy") or {}).get("allowed_first_auth_factors") or {}
        if factors.get("passkey") and pool.props.get("mfa") == "REQUIRED":
            yield pool.key("sign_in_policy", "allowed_first_auth_factors", "passkey"), (
                "passkey sign-in with mfa REQUIRED is refused by Cognito unless passkeys count as multi-factor, "
                "which the CDK cannot set; use mfa: OPTIONAL")


@rule("IC0710", DEPLOY, "Managed login (managed_login_version 2) needs the ESSENTIALS or PLUS feature plan.",
      "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html")
def managed_login_plan(ctx):
    for pool in _pools(ctx):
        if pool.props.get("feature_plan") != "LITE":
            continue
        for path, domain in pool.items("domains"):
            if domain.get("managed_login_version") == 2:
                yield path + ("managed_login_version",), "managed login needs feature_plan ESSENTIALS or PLUS, not LITE"


@rule("IC0711", DEPLOY, "A user pool has at most 50 custom attributes.", "https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html")
def custom_attribute_quota(ctx):
    for pool in _pools(ctx):
        count = len(pool.props.get("custom_attributes") or {})
        if count > 50:
            yield pool.key("custom_attributes"), f"{count} custom attributes; Cognito allows at most 50 per user pool"
