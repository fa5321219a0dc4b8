"""``UserPoolWithMfa`` / ``UserPool``: the pool resource, its SMS role and its Lambda triggers.

Mirrors the constructor of aws-cdk-lib 2.163's ``UserPool`` (user-pool.ts), prop by prop, after the
PDK's shallow merge of ``DEFAULT_PROPS`` (defaults.py). The pool's methods (clients, domains,
resource servers, identity providers) are built by their own modules through ``PoolHandle``.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from troposphere import GetAtt, Ref, awslambda, cognito
from troposphere import iam as tiam

from .. import defaults
from ..durations import Duration
from ..model import Construct
from ..vocabulary import (
    ACCOUNT_RECOVERY,
    CUSTOM_ATTRIBUTE_TYPES,
    MFA,
    REMOVAL_POLICIES,
    SENDER_TRIGGERS,
    STANDARD_ATTRIBUTE_NAMES,
    THREAT_PROTECTION,
    TRIGGERS,
    enabled_mfas,
    sms_role_needed,
    trigger_function,
)
from . import iam
from .common import attach, attach_direct, compact, format_arn, if_any, user_pool_provider_name
from .imported_roles import ImportedRoles


class PoolHandle:
    """What other constructs need from a user pool (``IUserPool``)."""

    def __init__(self, node: Construct, user_pool_id: Any, user_pool_arn: Any, provider_name: Any,
                 provider_url: Any = None, pdk_compat: bool = False):
        self.node = node
        self.user_pool_id = user_pool_id
        self.user_pool_arn = user_pool_arn
        self.provider_name = provider_name  # attrProviderName (role-mapping provider URLs)
        self.provider_url = provider_url
        self.pdk_compat = pdk_compat  # reproduce the PDK's template exactly (README: deliberate differences)
        self.identity_providers: dict[str, Any] = {}  # id → providerName, in registration order
        self.resource_servers: dict[str, Any] = {}  # id → Ref
        self.clients: dict[str, Construct] = {}  # id → client construct
        # What a client may name by a plain string, to be created after it (default mode's DependsOn):
        self.named_providers: dict[str, Construct] = {}  # ProviderName → identity provider construct
        self.named_servers: dict[str, Construct] = {}  # Identifier → resource server construct
        self.imported_roles = ImportedRoles()  # roles the spec names by ARN or name, with their statements


def imported_pool(stack: Construct, node_id: str, user_pool_id: str | None, user_pool_arn: str | None) -> PoolHandle:
    """``UserPool.fromUserPoolId`` / ``fromUserPoolArn``: no resources, only references."""
    node = stack.child(node_id)
    if user_pool_arn is not None:
        user_pool_id = user_pool_arn.rsplit("/", 1)[-1]
        arn: Any = user_pool_arn
    else:
        arn = format_arn("cognito-idp", "userpool", user_pool_id)
    # fromUserPoolArn takes the region of its provider name from the ARN; fromUserPoolId, the stack's
    name = user_pool_provider_name(user_pool_id, user_pool_arn.split(":")[3] if user_pool_arn is not None else None)
    return PoolHandle(node=node, user_pool_id=user_pool_id, user_pool_arn=arn, provider_name=name)


def build_user_pool(parent: Construct, node_id: str, props: dict, *, pdk_compat: bool,
                    path: tuple = (), with_mfa: bool = True) -> PoolHandle:
    """A pool with the given (already merged) props, at ``parent/node_id``; ``with_mfa``: a PDK
    ``UserPoolWithMfa`` (not a plain CDK ``UserPool``)."""
    node = parent.child(node_id)
    node.source = path
    pool_id = node.logical_id_of("Resource")  # known before the children that reference it
    pool_ref = Ref(pool_id)
    pool_arn = GetAtt(pool_id, "Arn")

    username_attrs, alias_attrs, auto_verify = _sign_in(props)
    verification = _verification_template(props)
    triggers, permissions = _triggers(props)
    policies = if_any({"PasswordPolicy": _password_policy(props), "SignInPolicy": _sign_in_policy(props)})
    feature_plan = props.get("feature_plan")
    add_ons = _add_ons(props)
    if feature_plan is None and not pdk_compat and add_ons and add_ons.get("AdvancedSecurityMode") in ("AUDIT", "ENFORCED"):
        feature_plan = "PLUS"  # README, deliberate difference 1: threat protection runs only on the Plus plan

    user_invitation = props.get("user_invitation")
    pool_props = {
        "UserPoolName": props.get("user_pool_name"),
        "UsernameAttributes": username_attrs,
        "AliasAttributes": alias_attrs,
        "AutoVerifiedAttributes": auto_verify,
        "LambdaConfig": triggers or None,
        "SmsAuthenticationMessage": props.get("mfa_message"),
        "SmsConfiguration": _sms_configuration(node, props, with_mfa),
        "AdminCreateUserConfig": compact({
            "AllowAdminCreateUserOnly": not props.get("self_sign_up_enabled", False),
            "InviteMessageTemplate": None if user_invitation is None else if_any({
                "EmailMessage": user_invitation.get("email_body"),
                "EmailSubject": user_invitation.get("email_subject"),
                "SMSMessage": user_invitation.get("sms_message"),
            }) or {},
        }),
        "EmailVerificationMessage": verification.get("EmailMessage"),
        "EmailVerificationSubject": verification.get("EmailSubject"),
        "SmsVerificationMessage": verification["SmsMessage"],
        "VerificationMessageTemplate": verification,
        "UserAttributeUpdateSettings": _keep_original(props),
        "Schema": _schema(props),
        "MfaConfiguration": MFA[props["mfa"]] if "mfa" in props else None,
        "EnabledMfas": enabled_mfas(props),
        "Policies": policies,
        "EmailConfiguration": _email(props),
        "UsernameConfiguration": if_any({"CaseSensitive": props.get("sign_in_case_sensitive")}),
        "AccountRecoverySetting": _account_recovery(props),
        "DeviceConfiguration": if_any({
            "ChallengeRequiredOnNewDevice": (props.get("device_tracking") or {}).get("challenge_required_on_new_device"),
            "DeviceOnlyRememberedOnUserPrompt":
                (props.get("device_tracking") or {}).get("device_only_remembered_on_user_prompt"),
        }),
        "UserPoolAddOns": add_ons,
        "DeletionProtection": _deletion_protection(props),
        "UserPoolTier": feature_plan,
        "WebAuthnRelyingPartyID": props.get("passkey_relying_party_id"),
        "WebAuthnUserVerification": (props.get("passkey_user_verification") or "").lower() or None,
    }
    deletion, replace = REMOVAL_POLICIES[props.get("removal_policy", defaults.REMOVAL_POLICY)]
    attach(node, cognito.UserPool, pool_props, DeletionPolicy=deletion, UpdateReplacePolicy=replace)

    for op, function_arn in permissions:
        operation = TRIGGERS[op][0]
        permission = node.child(operation[0].upper() + operation[1:] + "Cognito")
        permission.source = path + ("lambda_triggers", op)
        attach_direct(permission, awslambda.Permission, {
            "Action": "lambda:InvokeFunction",
            "FunctionName": function_arn,
            "Principal": "cognito-idp.amazonaws.com",
            "SourceArn": pool_arn,
        })
    return PoolHandle(node=node, user_pool_id=pool_ref, user_pool_arn=pool_arn,
                      provider_name=GetAtt(pool_id, "ProviderName"), provider_url=GetAtt(pool_id, "ProviderURL"),
                      pdk_compat=pdk_compat)


def _sign_in(props: dict) -> tuple[list | None, list | None, list | None]:
    sign_in = props.get("sign_in_aliases", {"username": True})
    username_attrs = alias_attrs = None
    if sign_in.get("username"):
        alias_attrs = [name for key, name in (("email", "email"), ("phone", "phone_number"),
                                              ("preferred_username", "preferred_username")) if sign_in.get(key)]
        alias_attrs = alias_attrs or None
    else:
        username_attrs = [name for key, name in (("email", "email"), ("phone", "phone_number")) if sign_in.get(key)]
    if "auto_verify" in props:
        source = props["auto_verify"]
    elif sign_in.get("email") or sign_in.get("phone"):
        source = sign_in
    else:
        return username_attrs, alias_attrs, None
    auto = [name for key, name in (("email", "email"), ("phone", "phone_number")) if source.get(key)]
    return username_attrs, alias_attrs, auto


def _verification_template(props: dict) -> dict:
    given = props.get("user_verification") or {}
    style = given.get("email_style", "CODE")
    subject = given.get("email_subject", defaults.VERIFICATION_EMAIL_SUBJECT)
    sms = given.get("sms_message", defaults.VERIFICATION_CODE_MESSAGE)
    if style == "CODE":
        return {"DefaultEmailOption": "CONFIRM_WITH_CODE",
                "EmailMessage": given.get("email_body", defaults.VERIFICATION_CODE_MESSAGE),
                "EmailSubject": subject, "SmsMessage": sms}
    return {"DefaultEmailOption": "CONFIRM_WITH_LINK",
            "EmailMessageByLink": given.get("email_body", defaults.VERIFICATION_LINK_MESSAGE),
            "EmailSubjectByLink": subject, "SmsMessage": sms}


def _sms_configuration(node: Construct, props: dict, with_mfa: bool) -> dict | None:
    if props.get("sms_role") is not None:
        return compact({"SnsCallerArn": props["sms_role"], "ExternalId": props.get("sms_role_external_id"),
                        "SnsRegion": props.get("sns_region")})
    if not sms_role_needed(props):
        return None
    external_id = node.unique_id[: defaults.SMS_ROLE_EXTERNAL_ID_MAX]
    role = attach(node.child("smsRole"), tiam.Role, {
        "AssumeRolePolicyDocument": iam.document([iam.statement(
            actions=["sts:AssumeRole"], principal=("Service", "cognito-idp.amazonaws.com"),
            conditions={"StringEquals": {"sts:ExternalId": external_id}})]),
        "Policies": [{"PolicyName": "sns-publish",
                      "PolicyDocument": iam.document([iam.statement(actions=["sns:Publish"], resources=["*"])])}],
    })
    stack = node.components[0]
    if with_mfa and node.path == f"{stack}/{node.id}/UserPool":
        role.resource.Metadata = _NAG_SUPPRESSIONS
    return compact({"ExternalId": external_id, "SnsCallerArn": GetAtt(role.logical_id, "Arn"),
                    "SnsRegion": props.get("sns_region")})


# UserPoolWithMfa suppresses two cdk-nag rules on the path <stack>/<its id>/UserPool/smsRole/Resource, which is
# its own SMS role only when it is the pool of a UserIdentity with the id "UserPool" (userpool-with-mfa.ts).
_NAG_REASON = "MFA requires sending a text to a users phone number which cannot be known at deployment time."
_NAG_SUPPRESSIONS = {"cdk_nag": {"rules_to_suppress": [
    {"applies_to": ["Resource::*"], "id": rule_id, "reason": _NAG_REASON}
    for rule_id in ("AwsSolutions-IAM5", "AwsPrototyping-IAMNoWildcardPermissions")]}}


def _password_policy(props: dict) -> dict | None:
    policy = props.get("password_policy")
    if policy is None:
        return None
    validity = policy.get("temp_password_validity")
    return compact({
        "TemporaryPasswordValidityDays": Duration.parse(validity).to_days() if validity is not None else None,
        "MinimumLength": policy.get("min_length", defaults.PASSWORD_MIN_LENGTH),
        "RequireLowercase": policy.get("require_lowercase"),
        "RequireUppercase": policy.get("require_uppercase"),
        "RequireNumbers": policy.get("require_digits"),
        "RequireSymbols": policy.get("require_symbols"),
        "PasswordHistorySize": policy.get("password_history_size"),
    })


def _sign_in_policy(props: dict) -> dict | None:
    policy = props.get("sign_in_policy")
    if not policy:  # the CDK writes no SignInPolicy for an empty one
        return None
    factors = policy.get("allowed_first_auth_factors") or {}
    allowed = ["PASSWORD"] + [name for key, name in (("email_otp", "EMAIL_OTP"), ("sms_otp", "SMS_OTP"),
                                                     ("passkey", "WEB_AUTHN")) if factors.get(key)]
    return {"AllowedFirstAuthFactors": allowed}


def _add_ons(props: dict) -> dict | None:
    """``UserPoolAddOns``: the deprecated ``advanced_security_mode`` or the threat-protection modes."""
    custom = props.get("custom_threat_protection_mode")
    mode = props.get("advanced_security_mode")
    if mode is None and "standard_threat_protection_mode" in props:
        mode = THREAT_PROTECTION[props["standard_threat_protection_mode"]]
    if mode is None and custom is not None:
        mode = "OFF"  # the CDK's StandardThreatProtectionMode.NO_ENFORCEMENT beside a custom mode
    return if_any({
        "AdvancedSecurityMode": mode,
        "AdvancedSecurityAdditionalFlows": None if custom is None else {"CustomAuthMode": THREAT_PROTECTION[custom]},
    })


def _keep_original(props: dict) -> dict | None:
    keep = props.get("keep_original")
    if keep is None:
        return None
    return {"AttributesRequireVerificationBeforeUpdate":
            [name for key, name in (("email", "email"), ("phone", "phone_number")) if keep.get(key)]}


def _schema(props: dict) -> list | None:
    schema: list[dict] = []
    for key, attr in (props.get("standard_attributes") or {}).items():
        if attr is not None:
            schema.append({"Name": STANDARD_ATTRIBUTE_NAMES[key], "Mutable": attr.get("mutable", True),
                           "Required": attr.get("required", False)})
    for name, attr in (props.get("custom_attributes") or {}).items():
        kind = attr["type"]
        entry: dict[str, Any] = {"Name": name, "AttributeDataType": CUSTOM_ATTRIBUTE_TYPES[kind]}
        # The CDK tests `if (this.minLen || this.maxLen)`: a 0 alone sets no constraint.
        if kind == "string" and (attr.get("min_len") or attr.get("max_len")):
            entry["StringAttributeConstraints"] = compact({"MinLength": _text(attr.get("min_len")),
                                                           "MaxLength": _text(attr.get("max_len"))})
        if kind == "number" and (attr.get("min") or attr.get("max")):
            entry["NumberAttributeConstraints"] = compact({"MinValue": _text(attr.get("min")),
                                                           "MaxValue": _text(attr.get("max"))})
        if "mutable" in attr:
            entry["Mutable"] = attr["mutable"]
        schema.append(entry)
    return schema or None


def _text(number: Any) -> str | None:
    """JavaScript's ``Number.prototype.toString`` for the numbers a constraint takes."""
    if number is None:
        return None
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return str(number)


def _email(props: dict) -> dict | None:
    email = props.get("email")
    if email is None:
        return None
    if "with_cognito" in email:
        return compact({"EmailSendingAccount": "COGNITO_DEFAULT",
                        "ReplyToEmailAddress": _ascii_address((email["with_cognito"] or {}).get("reply_to"))})
    ses = email["with_ses"]
    sender = _ascii_address(ses["from_email"])
    if ses.get("from_name"):
        sender = f"{_display_name(ses['from_name'])} <{sender}>"
    identity = _ascii_address(ses.get("ses_verified_domain") or ses["from_email"])
    return compact({
        "From": sender,
        "ReplyToEmailAddress": _ascii_address(ses.get("reply_to")),
        "ConfigurationSet": ses.get("configuration_set_name"),
        "EmailSendingAccount": "DEVELOPER",
        "SourceArn": format_arn("ses", "identity", identity, ses["ses_region"]),
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


def _account_recovery(props: dict) -> dict | None:
    mechanisms = ACCOUNT_RECOVERY[props.get("account_recovery", "PHONE_WITHOUT_MFA_AND_EMAIL")]
    if mechanisms is None:
        return None
    return {"RecoveryMechanisms": [{"Name": name, "Priority": priority} for name, priority in mechanisms]}


def _deletion_protection(props: dict) -> str | None:
    value = props.get("deletion_protection")
    return None if value is None else ("ACTIVE" if value else "INACTIVE")


def _triggers(props: dict) -> tuple[dict, list[tuple[str, str]]]:
    config: dict[str, Any] = {}
    permissions: list[tuple[str, str]] = []
    kms_key = props.get("custom_sender_kms_key")
    for op, value in (props.get("lambda_triggers") or {}).items():
        trigger = trigger_function(value)
        arn = trigger["function_arn"]
        key = TRIGGERS[op][1]
        if op in SENDER_TRIGGERS:
            config[key] = {"LambdaArn": arn, "LambdaVersion": "V1_0"}
        elif op == "pre_token_generation_config":
            config[key] = {"LambdaArn": arn, "LambdaVersion": trigger.get("lambda_version", "V1_0")}
        else:
            config[key] = arn
        if trigger.get("add_permission", True):
            permissions.append((op, arn))
    if kms_key is not None:
        config["KMSKeyID"] = kms_key
    return config, permissions
