"""Every default in one place: the PDK's ``DEFAULT_PROPS`` beside the CDK defaults it overrides.

Read it against ``userpool-with-mfa.ts`` (PDK 0.26.15) and aws-cdk-lib 2.163's ``user-pool.ts``,
``user-pool-client.ts`` and the identity-pool alpha, line by line. Values are written in spec form
(the Python API's snake_case names, enum member names, durations as text).
"""

from __future__ import annotations

from typing import Any
from . import construct_ids as ids

# key: (PDK DEFAULT_PROPS value, CDK UserPool default when the prop is not given)
USER_POOL_DEFAULTS: dict[str, tuple[Any, Any]] = {
    "deletion_protection": (True, None),  # CDK: DeletionProtection omitted
    "password_policy": (
        {"min_length": 8, "require_lowercase": True, "require_uppercase": True,
         "require_digits": True, "require_symbols": True, "temp_password_validity": "3 days"},
        None,  # CDK: no Policies at all
    ),
    "mfa": ("REQUIRED", None),  # CDK: MfaConfiguration omitted (OFF)
    "mfa_second_factor": ({"sms": True, "otp": True}, None),  # CDK: {sms: true} once MFA is on
    "sign_in_case_sensitive": (False, None),  # CDK: UsernameConfiguration omitted
    "advanced_security_mode": ("ENFORCED", None),  # CDK: UserPoolAddOns omitted
    "sign_in_aliases": ({"username": True, "email": True}, {"username": True}),
    "account_recovery": ("EMAIL_ONLY", "PHONE_WITHOUT_MFA_AND_EMAIL"),
    "self_sign_up_enabled": (False, False),
    "standard_attributes": (
        {"phone_number": {"required": False}, "email": {"required": True},
         "given_name": {"required": True}, "family_name": {"required": True}},
        None,  # CDK: no Schema
    ),
    "auto_verify": ({"email": True, "phone": True}, None),  # CDK: the email/phone sign-in aliases
    "keep_original": ({"email": True, "phone": True}, None),  # CDK: UserAttributeUpdateSettings omitted
}

PDK_USER_POOL_DEFAULTS: dict[str, Any] = {k: pdk for k, (pdk, _cdk) in USER_POOL_DEFAULTS.items()}

# The PDK's LEGACY_DEFAULT_PROPS, taken when the app context '@aws/identity:useLegacyMFAProps' is set
# (spec: pdk_legacy_defaults: true): SMS-only MFA (the CDK's default second factor), username sign-in,
# no schema, no keepOriginal, no case-sensitivity setting.
PDK_LEGACY_USER_POOL_DEFAULTS: dict[str, Any] = {
    key: PDK_USER_POOL_DEFAULTS[key]
    for key in ("deletion_protection", "password_policy", "advanced_security_mode", "mfa", "account_recovery")
} | {"auto_verify": {"email": True}}

# The CDK's defaults where the PDK's are unset (a plain UserPool, or a prop given as null).
CDK_SIGN_IN_ALIASES = USER_POOL_DEFAULTS["sign_in_aliases"][1]
CDK_ACCOUNT_RECOVERY = USER_POOL_DEFAULTS["account_recovery"][1]

# CDK defaults that no PDK prop overrides.
REMOVAL_POLICY = "RETAIN"
PASSWORD_MIN_LENGTH = 8  # when password_policy is given without min_length
VERIFICATION_EMAIL_SUBJECT = "Verify your new account"
VERIFICATION_CODE_MESSAGE = "The verification code to your new account is {####}"
VERIFICATION_LINK_MESSAGE = "Verify your account by clicking on {##Verify Email##}"
SMS_ROLE_EXTERNAL_ID_MAX = 1223  # Names.uniqueId(pool).slice(0, 1223)

# Log delivery (Cognito): the level each event source logs at.
LOG_LEVELS = {"userNotification": "ERROR", "userAuthEvents": "INFO"}
# Cognito's own session configuration, which CloudFormation cannot declare (SetUserPoolSessionConfiguration,
# SetUserPoolClientSessionConfiguration; the template reference of the two attachment types)
SESSION_TRACKING = "DISABLED"
TOKEN_SESSIONS_PER_USER = 20
SSO_SESSION_MINUTES = 60

# UserPoolClient (CDK)
CLIENT_OAUTH_FLOWS = {"implicit_code_grant": True, "authorization_code_grant": True}
CLIENT_OAUTH_SCOPES = ["PROFILE", "PHONE", "EMAIL", "OPENID", "COGNITO_ADMIN"]
CLIENT_CALLBACK_URLS = ["https://example.com"]

# UserIdentity (PDK)
WEB_CLIENT_PROPS = {"auth_flows": {"user_password": True, "user_srp": True}}

# Construct ids by kind, when the spec gives none.
DEFAULT_IDS = {"UserIdentity": ids.IDENTITY, "UserPoolWithMfa": ids.USER_POOL, "UserPool": ids.USER_POOL}


def pool_props(kind: str, given: dict, legacy: bool = False) -> dict:
    """The props a pool is built with: the PDK's shallow merge for ``UserPoolWithMfa`` (over its legacy
    defaults with ``legacy``).

    A prop given replaces the default for that key wholesale; ``null`` unsets it (as passing
    ``undefined`` does in the PDK). A plain ``UserPool`` starts from the CDK defaults only.
    """
    pdk = PDK_LEGACY_USER_POOL_DEFAULTS if legacy else PDK_USER_POOL_DEFAULTS
    merged = dict(pdk) if kind == "UserPoolWithMfa" else {}
    merged.update(given)
    return {k: v for k, v in merged.items() if v is not None}
