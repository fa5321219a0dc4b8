"""``UserPoolWithMfa`` / ``UserPool``: the pool resource, its SMS role and its Lambda triggers.

Mirrors the constructor of aws-cdk-lib 2.163's ``UserPool`` (user-pool.ts), prop by prop, from the
resolved pool (the PDK's defaults already merged). The pool's methods (clients, domains, resource
servers, identity providers) are built by their own modules through ``PoolHandle``.
"""

from __future__ import annotations

import base64
import re
from decimal import Decimal
from typing import Any

from troposphere import GetAtt, Ref, awslambda, cognito
from troposphere import iam as tiam

from ..cloudformation import trigger_operations
from ..spec import construct_ids as ids
from ..spec import defaults
from ..spec import model
from ..spec.properties import USER_POOL, with_rows
from ..spec.construct_tree import Construct
from ..spec.vocabulary import (ACCOUNT_RECOVERY, CUSTOM_ATTRIBUTE_TYPES, EUMS_SMS_KEYS, REMOVAL_POLICIES,
                               SENDER_TRIGGERS, THREAT_PROTECTION)
from . import iam
from .common import attach, attach_direct, compact, format_arn, if_any, place, tag_list, user_pool_provider_name
from .risk import attach_risk_configuration


class PoolHandle:
    """What other constructs need from a user pool (``IUserPool``)."""

    def __init__(self, node: Construct, user_pool_id: Any, user_pool_arn: Any, provider_name: Any,
                 provider_url: Any = None):
        self.node = node
        self.user_pool_id = user_pool_id
        self.user_pool_arn = user_pool_arn
        self.provider_name = provider_name  # attrProviderName (role-mapping provider URLs)
        self.provider_url = provider_url
        self.methods: dict[str, Construct] = {}  # id → the construct of a client, domain, provider, ...
        self.identity_providers: dict[str, Any] = {}  # id → providerName (a Ref)
        self.resource_servers: dict[str, Any] = {}  # id → Ref
        self.clients: dict[str, Construct] = {}  # id → client construct, in the order they were added
        self.hosted_ui_domains: list[tuple[bool, Any]] = []  # (custom domain?, host name) of each domain
        self.secret_outputs: list[str] = []  # ids of the clients whose secret is an output


def imported_pool(stack: Construct, pool: model.ExistingPool) -> PoolHandle:
    """``UserPool.fromUserPoolId`` / ``fromUserPoolArn``: no pool, only references; and its attachments, the
    resources a CDK user adds under it for a pool made elsewhere."""
    node = place(stack, pool)
    arn: Any = pool.user_pool_arn if pool.user_pool_arn is not None else \
        format_arn("cognito-idp", "userpool", pool.user_pool_id)
    build_attachments(node, pool, pool.user_pool_id, arn)
    # fromUserPoolArn takes the region of its provider name from the ARN; fromUserPoolId, the stack's
    return PoolHandle(node=node, user_pool_id=pool.user_pool_id, user_pool_arn=arn,
                      provider_name=user_pool_provider_name(pool.user_pool_id, pool.region))


def build_attachments(node: Construct, pool: model.Pool, pool_id: Any, pool_arn: Any) -> None:
    """The L1s a CDK user adds beside a pool for what its L2 has no prop for: log delivery, the web ACL's
    association and threat protection's risk configuration (the UI customization and session configuration come
    after the pool's methods, which they refer to)."""
    if pool.log_configurations:
        attach_direct(node.child(ids.LOG_DELIVERY), cognito.LogDeliveryConfiguration,
                      log_delivery_properties(pool_id, pool.log_configurations))
    if pool.web_acl_arn is not None:
        from troposphere import wafv2  # only for a pool with a web ACL: start-up

        attach_direct(node.child(ids.WEB_ACL_ASSOCIATION), wafv2.WebACLAssociation,
                      {"ResourceArn": pool_arn, "WebACLArn": pool.web_acl_arn})
    if pool.risk_configuration is not None:
        attach_risk_configuration(node, pool_id, "ALL", pool.risk_configuration)


def build_user_pool(stack: Construct, pool: model.UserPool) -> PoolHandle:
    """The pool resource with its SMS role and its triggers' permissions, at the pool's construct path."""
    node = place(stack, pool)
    pool_id = node.logical_id_of(ids.RESOURCE)  # known before the children that reference it
    pool_ref = Ref(pool_id)
    pool_arn = GetAtt(pool_id, "Arn")

    verification = _verification_template(pool.user_verification)
    invitation = pool.user_invitation
    aliases = pool.sign_in_aliases
    device = pool.device_tracking
    pool_props = {
        "UsernameAttributes": None if aliases.username else
        [name for on, name in ((aliases.email, "email"), (aliases.phone, "phone_number")) if on],
        "AliasAttributes": None if not aliases.username else [name for on, name in (
            (aliases.email, "email"), (aliases.phone, "phone_number"),
            (aliases.preferred_username, "preferred_username")) if on] or None,
        "AutoVerifiedAttributes": _email_and_phone(pool.auto_verify),
        "LambdaConfig": lambda_config(pool) or None,
        "SmsConfiguration": _sms_configuration(node, pool),
        "AdminCreateUserConfig": compact({
            "AllowAdminCreateUserOnly": not pool.self_sign_up_enabled,
            "InviteMessageTemplate": None if invitation is None else if_any({
                "EmailMessage": invitation.email_body,
                "EmailSubject": invitation.email_subject,
                "SMSMessage": invitation.sms_message,
            }) or {},
        }),
        "EmailVerificationMessage": verification.get("EmailMessage"),
        "EmailVerificationSubject": verification.get("EmailSubject"),
        "SmsVerificationMessage": verification["SmsMessage"],
        "VerificationMessageTemplate": verification,
        "UserAttributeUpdateSettings": None if pool.keep_original is None else
        {"AttributesRequireVerificationBeforeUpdate": _email_and_phone(pool.keep_original)},
        "Schema": _schema(pool),
        "EnabledMfas": None if pool.enabled_mfas is None else list(pool.enabled_mfas),
        "Policies": if_any({"PasswordPolicy": _password_policy(pool.password_policy),
                            "SignInPolicy": _sign_in_policy(pool.sign_in_policy)}),
        "EmailConfiguration": email_configuration(pool.email),
        "AccountRecoverySetting": _account_recovery(pool.account_recovery),
        "DeviceConfiguration": None if device is None else if_any({
            "ChallengeRequiredOnNewDevice": device.challenge_required_on_new_device,
            "DeviceOnlyRememberedOnUserPrompt": device.device_only_remembered_on_user_prompt,
        }),
        "UserPoolAddOns": _add_ons(pool),
        "UserPoolTier": pool.tier,
        "UserPoolTags": dict(pool.tags) or None,
    }
    deletion, replace = REMOVAL_POLICIES[pool.removal_policy]
    attach(node, cognito.UserPool, with_rows(compact(pool_props), USER_POOL, pool), DeletionPolicy=deletion, UpdateReplacePolicy=replace)

    for trigger in pool.lambda_triggers:
        if not trigger.add_permission:
            continue
        permission = node.child(trigger.permission_id)
        permission.source = trigger.path
        attach_direct(permission, awslambda.Permission, {
            "Action": "lambda:InvokeFunction",
            "FunctionName": trigger.function_arn,
            "Principal": "cognito-idp.amazonaws.com",
            "SourceArn": pool_arn,
        })
    build_attachments(node, pool, pool_ref, pool_arn)
    for replica in pool.replicas:  # the L1 a CDK user adds (no L2): in this, the primary's, stack
        placed = node.child(ids.replica(replica.region))
        placed.source = replica.path
        attach_direct(placed, cognito.UserPoolReplica, {
            "UserPoolId": pool_ref, "RegionName": replica.region, "UserPoolTagsAtCreate": dict(replica.tags) or None})
    return PoolHandle(node=node, user_pool_id=pool_ref, user_pool_arn=pool_arn,
                      provider_name=GetAtt(pool_id, "ProviderName"), provider_url=GetAtt(pool_id, "ProviderURL"))


_LOG_DESTINATIONS = {"cloud_watch_logs_configuration": ("CloudWatchLogsConfiguration", "LogGroupArn"),
                     "s3_configuration": ("S3Configuration", "BucketArn"),
                     "firehose_configuration": ("FirehoseConfiguration", "StreamArn")}


def log_delivery_properties(pool_id: Any, configurations: tuple[model.LogConfiguration, ...]) -> dict:
    """An ``AWS::Cognito::LogDeliveryConfiguration``'s properties (the pool's, or a replica's in its Region)."""
    return {"UserPoolId": pool_id,
            "LogConfigurations": [{"EventSource": c.event_source, "LogLevel": c.log_level,
                                   _LOG_DESTINATIONS[c.destination][0]: {_LOG_DESTINATIONS[c.destination][1]: c.arn}}
                                  for c in configurations]}


def _email_and_phone(value: model.EmailAndPhone | None) -> list[str] | None:
    if value is None:
        return None
    return [name for on, name in ((value.email, "email"), (value.phone, "phone_number")) if on]


def _verification_template(given: model.UserVerification) -> dict:
    if given.email_style == "CODE":
        return {"DefaultEmailOption": "CONFIRM_WITH_CODE", "EmailMessage": given.email_body,
                "EmailSubject": given.email_subject, "SmsMessage": given.sms_message}
    return {"DefaultEmailOption": "CONFIRM_WITH_LINK", "EmailMessageByLink": given.email_body,
            "EmailSubjectByLink": given.email_subject, "SmsMessage": given.sms_message}


def _sms_configuration(node: Construct, pool: model.UserPool) -> dict | None:
    """The pool's ``SmsConfiguration``: its SNS role, given or created here, and End User Messaging SMS."""
    if pool.sms_role is not None:
        return sms_configuration(pool.sms_role, pool.sms_role_external_id, pool.sns_region, pool.eums_sms)
    if not pool.sms_role_created:
        return sms_configuration(None, None, None, pool.eums_sms)
    external_id = node.unique_id[: defaults.SMS_ROLE_EXTERNAL_ID_MAX]
    role = attach(node.child(ids.SMS_ROLE), tiam.Role, {
        "AssumeRolePolicyDocument": iam.document([iam.statement(
            actions=["sts:AssumeRole"], principal=("Service", "cognito-idp.amazonaws.com"),
            conditions={"StringEquals": {"sts:ExternalId": external_id}})]),
        "Policies": [{"PolicyName": "sns-publish",
                      "PolicyDocument": iam.document([iam.statement(actions=["sns:Publish"], resources=["*"])])}],
        "Tags": tag_list(pool.tags),
    })
    if pool.pdk_user_identity_pool:
        role.resource.Metadata = _NAG_SUPPRESSIONS
    return sms_configuration(GetAtt(role.logical_id, "Arn"), external_id, pool.sns_region, pool.eums_sms)


def sms_configuration(caller: Any, external_id: str | None, sns_region: str | None,
                      eums: model.EumsSms | None) -> dict | None:
    """``SmsConfiguration`` (a pool's or a replica's): an SNS role, and End User Messaging SMS (``EumsSms``, the L1
    property override a CDK user adds; Cognito takes one of the two: IC0744); None when it has neither."""
    return compact({"SnsCallerArn": caller, "ExternalId": external_id, "SnsRegion": sns_region,
                    "EumsSms": None if eums is None else compact({cfn: getattr(eums, key) for key, cfn in EUMS_SMS_KEYS})
                    }) or None


# UserPoolWithMfa suppresses two cdk-nag rules on the path <stack>/<its id>/UserPool/smsRole/Resource, which is
# its own SMS role only when it is the pool of a UserIdentity with the id "UserPool" (userpool-with-mfa.ts).
_NAG_REASON = "MFA requires sending a text to a users phone number which cannot be known at deployment time."
_NAG_SUPPRESSIONS = {"cdk_nag": {"rules_to_suppress": [
    {"applies_to": ["Resource::*"], "id": rule_id, "reason": _NAG_REASON}
    for rule_id in ("AwsSolutions-IAM5", "AwsPrototyping-IAMNoWildcardPermissions")]}}


def _password_policy(policy: model.PasswordPolicy | None) -> dict | None:
    if policy is None:
        return None
    validity = policy.temp_password_validity
    return compact({
        "TemporaryPasswordValidityDays": None if validity is None else validity.to_days(),
        "MinimumLength": policy.min_length,
        "RequireLowercase": policy.require_lowercase,
        "RequireUppercase": policy.require_uppercase,
        "RequireNumbers": policy.require_digits,
        "RequireSymbols": policy.require_symbols,
        "PasswordHistorySize": policy.password_history_size,
    })


def _sign_in_policy(policy: model.SignInPolicy | None) -> dict | None:
    if policy is None:
        return None
    return {"AllowedFirstAuthFactors": ["PASSWORD"] + [name for on, name in (
        (policy.email_otp, "EMAIL_OTP"), (policy.sms_otp, "SMS_OTP"), (policy.passkey, "WEB_AUTHN")) if on]}


def _add_ons(pool: model.UserPool) -> dict | None:
    """``UserPoolAddOns``: the deprecated ``advanced_security_mode`` or the threat-protection modes."""
    custom = pool.custom_threat_protection_mode
    return if_any({
        "AdvancedSecurityMode": pool.security_mode,
        "AdvancedSecurityAdditionalFlows": None if custom is None else {"CustomAuthMode": THREAT_PROTECTION[custom]},
    })


def _schema(pool: model.UserPool) -> list | None:
    schema: list[dict] = [{"Name": attr.attribute, "Mutable": attr.mutable, "Required": attr.required}
                          for attr in pool.standard_attributes]
    for attr in pool.custom_attributes:
        entry: dict[str, Any] = {"Name": attr.name, "AttributeDataType": CUSTOM_ATTRIBUTE_TYPES[attr.type]}
        # The CDK tests `if (this.minLen || this.maxLen)`: a 0 alone sets no constraint.
        if attr.type == "string" and (attr.min_len or attr.max_len):
            entry["StringAttributeConstraints"] = compact({"MinLength": _text(attr.min_len),
                                                           "MaxLength": _text(attr.max_len)})
        if attr.type == "number" and (attr.min or attr.max):
            entry["NumberAttributeConstraints"] = compact({"MinValue": _text(attr.min), "MaxValue": _text(attr.max)})
        if attr.mutable is not None:
            entry["Mutable"] = attr.mutable
        schema.append(entry)
    return schema or None


def _text(number: Any) -> str | None:
    """JavaScript's ``Number.prototype.toString`` (ECMA-262 Number::toString) for the numbers a constraint
    takes: the shortest digits that read back as the number, with an exponent below 1e-6 and from 1e21."""
    if number is None:
        return None
    value = float(number)
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    _sign, digit_tuple, exponent = Decimal(repr(abs(value))).normalize().as_tuple()
    digits = "".join(map(str, digit_tuple))
    k, n = len(digits), exponent + len(digits)  # the number is 0.<digits> × 10^n
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * -n + digits
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{sign}{mantissa}e{'+' if n - 1 >= 0 else '-'}{abs(n - 1)}"


def email_configuration(email: model.Email | None) -> dict | None:
    if email is None:
        return None
    if not email.with_ses:
        return compact({"EmailSendingAccount": "COGNITO_DEFAULT", "ReplyToEmailAddress": _ascii_address(email.reply_to)})
    sender = _ascii_address(email.from_email)
    if email.from_name:
        sender = f"{_display_name(email.from_name)} <{sender}>"
    identity = _ascii_address(email.ses_verified_domain or email.from_email)
    return compact({
        "From": sender,
        "ReplyToEmailAddress": _ascii_address(email.reply_to),
        "ConfigurationSet": email.configuration_set_name,
        "EmailSendingAccount": "DEVELOPER",
        "SourceArn": format_arn("ses", "identity", identity, email.ses_region),
    })


_SIMPLE_PHRASE = re.compile(r"^[\w !#$%&'*+-/=?^_`{|}~]+$", re.ASCII)  # '+-/' is a range, as in the CDK
_QUOTED_STRING = re.compile(r'^"(?:[^\\"]|\\.)*"$')


def _display_name(name: str) -> str:
    """The CDK's ``formatFromName``: as is, quoted, or RFC 2047-encoded when not ASCII."""
    if not all(" " <= c <= "~" for c in name):
        return "=?UTF-8?B?" + base64.b64encode(name.encode("utf-8")).decode("ascii") + "?="
    if _SIMPLE_PHRASE.match(name) or _QUOTED_STRING.match(name):
        return name
    return '"' + re.sub(r'[\\"]', lambda m: "\\" + m.group(0), name) + '"'


def _ascii_address(address: str | None) -> str | None:
    """``punycode.toASCII``: an internationalised domain in its ASCII form."""
    if address is None or address.isascii():
        return address
    local, at, domain = address.rpartition("@")
    return local + at + ".".join(label if label.isascii() else label.encode("idna").decode("ascii")
                                 for label in domain.split("."))


def _account_recovery(member: str) -> dict | None:
    mechanisms = ACCOUNT_RECOVERY[member]
    if mechanisms is None:
        return None
    return {"RecoveryMechanisms": [{"Name": name, "Priority": priority} for name, priority in mechanisms]}


def lambda_config(pool: model.UserPool | model.Replica) -> dict:
    config: dict[str, Any] = {}
    for trigger in pool.lambda_triggers:
        _operation, key, versioned = trigger_operations()[trigger.operation]
        if trigger.operation in SENDER_TRIGGERS:
            config[key] = {"LambdaArn": trigger.function_arn, "LambdaVersion": "V1_0"}
        elif versioned:
            config[key] = {"LambdaArn": trigger.function_arn, "LambdaVersion": trigger.lambda_version or "V1_0"}
        else:
            config[key] = trigger.function_arn
    if getattr(pool, "custom_sender_kms_key", None) is not None:
        config["KMSKeyID"] = pool.custom_sender_kms_key
    return config
