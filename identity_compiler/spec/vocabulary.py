"""The CDK's vocabulary in spec terms: enum members, standard names and the values they map to.

Shared by the checks and the builders, and free of troposphere and awacs, so that ``validate``
imports only what it needs.
"""

from __future__ import annotations

from typing import Any

def utf16_length(text: str) -> int:
    """A string's length as JavaScript (the CDK) and Java (the AWS services) count it: UTF-16 code
    units, so a character beyond the Basic Multilingual Plane (an emoji) counts 2."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


# eums_sms's keys → EumsSmsConfigurationType's (the builders write them, import reads them back)
EUMS_SMS_KEYS = (("caller_arn", "CallerArn"), ("external_id", "ExternalId"),
                 ("origination_identity", "OriginationIdentity"), ("configuration_set_name", "ConfigurationSetName"),
                 ("in_entity_id", "InEntityId"), ("in_template_id", "InTemplateId"), ("region", "Region"))

# The description of a client's id output (README: deliberate difference 2), which tells web-config whose it is.
CLIENT_ID_OUTPUT = "Id of the user pool client {}"

# The pool's methods as spec lists, in the order they are applied: identity providers first, so that
# a client's default SupportedIdentityProviders lists them; resource servers before the clients that
# use their scopes.
ENVIRONMENTS = "environments"  # the key under which a spec declares its environments

POOL_METHODS = ("identity_providers", "resource_servers", "clients", "domains", "groups")
# A pool's attachments: resources of their own that take the pool's id, so a pool made elsewhere takes them too.
POOL_ATTACHMENTS = ("web_acl_arn", "log_configurations", "ui_customization", "risk_configuration",
                    "session_configuration")
# Keys of a pool's spec mapping that are not UserPoolProps.
NOT_PROPS = frozenset({"kind", "id", "stack_name", "description", "acknowledge", "pdk_legacy_defaults", "grants",
                       "tags", *POOL_METHODS})

# StandardAttributeNames (user-pool-attr.ts), keyed by the Python API's snake_case names.
STANDARD_ATTRIBUTE_NAMES = {
    "address": "address", "birthdate": "birthdate", "email": "email", "family_name": "family_name",
    "gender": "gender", "given_name": "given_name", "locale": "locale", "middle_name": "middle_name",
    "fullname": "name", "nickname": "nickname", "phone_number": "phone_number",
    "profile_picture": "picture", "preferred_username": "preferred_username", "profile_page": "profile",
    "timezone": "zoneinfo", "last_update_time": "updated_at", "website": "website",
    "email_verified": "email_verified", "phone_number_verified": "phone_number_verified",
}

MFA = {"REQUIRED": "ON", "OPTIONAL": "OPTIONAL", "OFF": "OFF"}

ACCOUNT_RECOVERY = {
    "EMAIL_ONLY": [("verified_email", 1)],
    "PHONE_WITHOUT_MFA_AND_EMAIL": [("verified_phone_number", 1), ("verified_email", 2)],
    "EMAIL_AND_PHONE_WITHOUT_MFA": [("verified_email", 1), ("verified_phone_number", 2)],
    "PHONE_ONLY_WITHOUT_MFA": [("verified_phone_number", 1)],
    "NONE": [("admin_only", 1)],
    "PHONE_AND_EMAIL": None,  # the CDK omits AccountRecoverySetting
}

# RemovalPolicy → (DeletionPolicy, UpdateReplacePolicy)
REMOVAL_POLICIES = {
    "RETAIN": ("Retain", "Retain"),
    "DESTROY": ("Delete", "Delete"),
    "SNAPSHOT": ("Snapshot", "Snapshot"),
    "RETAIN_ON_UPDATE_OR_DELETE": ("RetainExceptOnCreate", "Retain"),
}

CUSTOM_ATTRIBUTE_TYPES = {"string": "String", "number": "Number", "boolean": "Boolean", "datetime": "DateTime"}

# UserPoolTriggers / UserPoolOperation: spec name → (CDK operationName, LambdaConfig key)
TRIGGERS = {
    "create_auth_challenge": ("createAuthChallenge", "CreateAuthChallenge"),
    "custom_message": ("customMessage", "CustomMessage"),
    "define_auth_challenge": ("defineAuthChallenge", "DefineAuthChallenge"),
    "post_authentication": ("postAuthentication", "PostAuthentication"),
    "post_confirmation": ("postConfirmation", "PostConfirmation"),
    "pre_authentication": ("preAuthentication", "PreAuthentication"),
    "pre_sign_up": ("preSignUp", "PreSignUp"),
    "pre_token_generation": ("preTokenGeneration", "PreTokenGeneration"),
    "user_migration": ("userMigration", "UserMigration"),
    "verify_auth_challenge_response": ("verifyAuthChallengeResponse", "VerifyAuthChallengeResponse"),
    "custom_sms_sender": ("customSmsSender", "CustomSMSSender"),
    "custom_email_sender": ("customEmailSender", "CustomEmailSender"),
    "pre_token_generation_config": ("preTokenGenerationConfig", "PreTokenGenerationConfig"),
    # Cognito's inbound-federation trigger (LambdaConfig.InboundFederation): no UserPoolOperation in aws-cdk-lib
    # 2.276; its permission is named as the CDK names the others'
    "inbound_federation": ("inboundFederation", "InboundFederation"),
}
VERSIONED_TRIGGERS = ("pre_token_generation_config", "inbound_federation")  # {LambdaArn, LambdaVersion}
SENDER_TRIGGERS = ("custom_sms_sender", "custom_email_sender")

THREAT_PROTECTION = {"FULL_FUNCTION": "ENFORCED", "AUDIT_ONLY": "AUDIT", "NO_ENFORCEMENT": "OFF"}

# Where a pool in a Region may send through other services (Cognito's guide, "SMS message settings" and "Email
# settings"): SMS through Amazon SNS in the pool's own Region or its "Legacy Amazon SNS alternate Region", except
# that a pool in Asia Pacific (Seoul) uses Asia Pacific (Tokyo) alone; email through Amazon SES in the pool's own
# Region, or, for the Regions that had them, one of the three legacy SES Regions.
SNS_ALTERNATE_REGIONS = {"us-east-2": "us-east-1", "ap-south-1": "ap-southeast-1", "ap-northeast-2": "ap-northeast-1",
                         "ca-central-1": "us-east-1", "eu-central-1": "eu-west-1", "eu-west-2": "eu-west-1"}
SNS_ALTERNATE_ONLY = frozenset({"ap-northeast-2"})
SES_LEGACY_REGIONS = ("us-east-1", "us-west-2", "eu-west-1")
SES_LEGACY_POOL_REGIONS = frozenset({"us-east-1", "us-east-2", "us-west-2", "ca-central-1", "ap-northeast-1",
                                     "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "eu-west-1",
                                     "eu-central-1", "eu-west-2"})


def sns_regions(pool_region: str) -> tuple[str, ...]:
    """The Regions whose Amazon SNS a pool in ``pool_region`` may send SMS through."""
    alternate = SNS_ALTERNATE_REGIONS.get(pool_region)
    if pool_region in SNS_ALTERNATE_ONLY:
        return (alternate,)
    return (pool_region,) + ((alternate,) if alternate else ())


def ses_regions(pool_region: str) -> tuple[str, ...]:
    """The Regions whose Amazon SES a pool in ``pool_region`` may send email through."""
    legacy = SES_LEGACY_REGIONS if pool_region in SES_LEGACY_POOL_REGIONS else ()
    return (pool_region,) + tuple(r for r in legacy if r != pool_region)


# ProviderAttribute members → provider attribute names
PROVIDER_ATTRIBUTES = {
    "APPLE_EMAIL": "email", "APPLE_EMAIL_VERIFIED": "email_verified", "APPLE_NAME": "name",
    "APPLE_FIRST_NAME": "firstName", "APPLE_LAST_NAME": "lastName",
    "AMAZON_EMAIL": "email", "AMAZON_NAME": "name", "AMAZON_POSTAL_CODE": "postal_code", "AMAZON_USER_ID": "user_id",
    "FACEBOOK_ID": "id", "FACEBOOK_BIRTHDAY": "birthday", "FACEBOOK_EMAIL": "email", "FACEBOOK_NAME": "name",
    "FACEBOOK_FIRST_NAME": "first_name", "FACEBOOK_LAST_NAME": "last_name", "FACEBOOK_MIDDLE_NAME": "middle_name",
    "FACEBOOK_GENDER": "gender", "FACEBOOK_LOCALE": "locale",
    "GOOGLE_BIRTHDAYS": "birthdays", "GOOGLE_EMAIL": "email", "GOOGLE_EMAIL_VERIFIED": "email_verified",
    "GOOGLE_FAMILY_NAME": "family_name", "GOOGLE_GENDER": "gender", "GOOGLE_GIVEN_NAME": "given_name",
    "GOOGLE_NAME": "name", "GOOGLE_NAMES": "names", "GOOGLE_PHONE_NUMBERS": "phoneNumbers", "GOOGLE_PICTURE": "picture",
}

# type → (ProviderType, fixed ProviderName or None for a named provider, default scopes, scope separator)
PROVIDER_TYPES = {
    "google": ("Google", "Google", ["profile"], " "),
    "facebook": ("Facebook", "Facebook", ["public_profile"], ","),
    "amazon": ("LoginWithAmazon", "LoginWithAmazon", ["profile"], " "),
    "apple": ("SignInWithApple", "SignInWithApple", ["name"], " "),
    "oidc": ("OIDC", None, ["openid"], " "),
    "saml": ("SAML", None, None, None),
}

SIGNING_ALGORITHMS = {"RSA_SHA256": "rsa-sha256"}


OAUTH_SCOPES = {
    "PHONE": "phone", "EMAIL": "email", "OPENID": "openid", "PROFILE": "profile",
    "COGNITO_ADMIN": "aws.cognito.signin.user.admin",
}
AUTH_FLOWS = (  # the CDK's order
    ("user_password", "ALLOW_USER_PASSWORD_AUTH"),
    ("admin_user_password", "ALLOW_ADMIN_USER_PASSWORD_AUTH"),
    ("custom", "ALLOW_CUSTOM_AUTH"),
    ("user_srp", "ALLOW_USER_SRP_AUTH"),
    ("user", "ALLOW_USER_AUTH"),
)
CLIENT_IDENTITY_PROVIDERS = {
    "COGNITO": "COGNITO", "GOOGLE": "Google", "FACEBOOK": "Facebook", "AMAZON": "LoginWithAmazon",
    "APPLE": "SignInWithApple",
}


def trigger_function(value: Any) -> dict:
    """A ``lambda_triggers`` entry in its long form."""
    return {"function_arn": value} if isinstance(value, str) else value


# The identity pool's SupportedLoginProviders, in the alpha's order: spec key → (provider URL, its value).
IDENTITY_POOL_LOGIN_PROVIDERS = (
    ("amazon", "www.amazon.com", lambda p: p["app_id"]),
    ("facebook", "graph.facebook.com", lambda p: p["app_id"]),
    ("google", "accounts.google.com", lambda p: p["client_id"]),
    ("apple", "appleid.apple.com", lambda p: p["services_id"]),
    ("twitter", "api.twitter.com", lambda p: f"{p['consumer_key']};{p['consumer_secret']}"),
)
# IdentityPoolProviderUrl members → URLs
IDENTITY_POOL_PROVIDER_URLS = {
    "FACEBOOK": "graph.facebook.com", "GOOGLE": "accounts.google.com", "AMAZON": "www.amazon.com",
    "APPLE": "appleid.apple.com", "TWITTER": "api.twitter.com",
}
