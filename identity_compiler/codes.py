"""The rule table: every rule id once, with its kind (which decides its severity in each mode), its area (where
it is checked: a module of ``rules/`` for the semantic rules, else the stage that checks it), its description,
its public source and, for a rule that protects users, its security severity; and every id that is no rule (any
more), with why, so that a gap in the numbers explains itself. An id is never given again.

Like ruff's ``codes.rs``: a rule's check (``rules/<area>.py``, ``@check(id)``) attaches to its row here; the
stages that check a rule themselves import its id from here. ``identity-compiler rules`` and ``docs/rules.md``
list the table. Light on purpose (no model, no schema): the loader reports with these ids too.
"""

from __future__ import annotations

from typing import NamedTuple

from .diagnostics import ERROR, WARNING

# What a rule stands for decides its severity in each mode. With --pdk-compat the compiler accepts
# exactly what the CDK synthesizes (README: "--pdk-compat"), so there only SYNTH and SPEC rules are errors.
SYNTH = "synth"  # the CDK throws at synth
SPEC = "spec"  # the spec itself means nothing (a reference to nothing, a key another type does not take)
DEPLOY = "deploy"  # Cognito, IAM or CloudFormation refuse it at deploy, or the CDK would quietly drop it
ADVICE = "advice"  # security and usage advice
KINDS = {SYNTH: "the CDK throws at synth", SPEC: "the spec means nothing as written",
         DEPLOY: "AWS refuses it at deploy, or the CDK would drop it", ADVICE: "a secure or working default is weakened"}
_SEVERITIES = {SYNTH: (ERROR, ERROR), SPEC: (ERROR, ERROR), DEPLOY: (ERROR, WARNING), ADVICE: (WARNING, WARNING)}

# The state of an id: a rule that runs, an id whose rule was removed, an id left free in its block.
STABLE, REMOVED, RESERVED = "stable", "removed", "reserved"

# Where the sources live; a source adds the file or page (and "#L<line>" in the CDK).
CDK_PACKAGES = "https://github.com/aws/aws-cdk/blob/d7ad66d58e6a6bdc6a3a36dadc9db510c6cc56aa/packages/"
CDK = f"{CDK_PACKAGES}aws-cdk-lib/aws-cognito/lib/"  # aws-cdk-lib at v2.164.0, the line the PDK builds on
CDK_CURRENT = "https://github.com/aws/aws-cdk/blob/v2.278.0/packages/aws-cdk-lib/aws-cognito/lib/"  # newer props
API = "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/"
GUIDE = "https://docs.aws.amazon.com/cognito/latest/developerguide/"
CFN = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"


class Rule(NamedTuple):
    id: str
    kind: str  # SYNTH, SPEC, DEPLOY or ADVICE
    area: str  # rules/<area>.py holds its check; else the stage (source, spec, resolve, pipeline, ...) that checks it
    description: str
    source: str  # a public URL, pinned where the source changes (the CDK at a commit), or this README
    security: float | None = None  # GitHub code scanning's security-severity (CVSS-like: 9.0+ critical, 7.0+ high)
    state: str = STABLE

    def severity_in(self, pdk_compat: bool) -> str:
        return _SEVERITIES[self.kind][pdk_compat]

    @property
    def severity(self) -> str:
        """The severity in the default mode."""
        return self.severity_in(False)

    @property
    def acknowledgeable(self) -> bool:
        """A rule that is a warning in some mode can be acknowledged (``acknowledge: {id: reason}``)."""
        return WARNING in _SEVERITIES[self.kind]


class Retired(NamedTuple):
    """An id that is no rule: REMOVED (its rule was, and why) or RESERVED (left free in its block)."""

    id: str
    state: str
    why: str


TABLE: tuple[Rule | Retired, ...] = (
    Rule(INTERNAL := "IC0000", SPEC, "pipeline",
         "Internal error while building the template (a bug: please report it with the spec).",
         "README: Checks"),
    Rule(FILE := "IC0001", SPEC, "source",
         "The file can be read as a spec: exists, at most 1 MiB, UTF-8 text, not empty, a mapping.",
         "README: Checks (input limits)"),
    Rule(YAML := "IC0002", SPEC, "source",
         "The file is YAML without tags, duplicate keys, non-string keys, control characters or a second "
         "document, within 100 levels, 100,000 nodes and 1,000 entries in one mapping or list.",
         "https://yaml.org/spec/1.2.2/#103-core-schema; README: Checks (input limits)"),
    Rule(STALE_TEMPLATE := "IC0003", SPEC, "output",
         "With compile --check, the committed template is exactly what its spec compiles to.",
         "README: pre-commit"),
    Rule(TEMPLATE_LIMIT := "IC0004", SYNTH, "pipeline",
         "The template stays within CloudFormation's quota of 500 resources per stack (the CDK: 'Number of "
         "resources in stack ... is greater than allowed maximum of 500').",
         f"{CDK_PACKAGES}aws-cdk-lib/core/lib/stack.ts (maxResources)"),
    Rule(CONSTRUCT_IDS := "IC0005", SYNTH, "resolve",
         "Construct ids are unique among their siblings (clients, domains, providers, groups and grants "
         "beside the constructs the pool and UserIdentity create themselves), and no two resources get one "
         "logical id (the CDK: 'There is already a Construct with name ...', 'Section Resources already "
         "contains ...').",
         "https://github.com/aws/constructs/blob/10.x/src/construct.ts (Node.addChild)"),
    Rule(IMPORT := "IC0006", SPEC, "commands",
         "With import, the template holds one identity construct whose every identity resource a spec "
         "reproduces exactly (the message names the resource and property that no spec key gives).",
         "README: Off the PDK: import"),
    Rule(SPEC_FILES := "IC0007", SPEC, "source",
         "A file the spec names (managed login branding's settings_file and asset files, the hosted UI's "
         "css_file; relative to the spec's folder) lies, symbolic links resolved, in or below the spec's "
         "folder or a --files-root folder, outside /proc, /sys and /dev, and neither it nor a folder it lies "
         "in below that root is hidden (.git, .env, .npmrc) or a version-control folder; is a regular file "
         "within its limit (settings 1 MiB of JSON, an image 750,000 bytes, CSS 131,072 bytes); and holds "
         "what its key says (UTF-8 CSS, a JSON object, the image format its extension names).",
         f"{API}API_AssetType.html; README: What the compiler reads and writes"),
    Rule(STACK_NAME := "IC0008", SYNTH, "pipeline",
         "The stack name (--stack-name, else stack_name, else the spec file's stem) is a CloudFormation stack "
         "name: a letter, then letters, digits and hyphens, at most 128 characters (the CDK: 'Stack name must "
         "match the regular expression: /^[A-Za-z][A-Za-z0-9-]*$/').",
         f"{CDK_PACKAGES}aws-cdk-lib/core/lib/stack.ts (_validateId); "
         "https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html"),
    Rule(UNKNOWN_KEY := "IC0101", SPEC, "spec",
         "Every key is one the spec format knows.",
         "schemas/identity-spec.schema.json"),
    Rule(MISSING_KEY := "IC0102", SPEC, "spec",
         "Required keys are present; keys that exclude each other are not given together.",
         "schemas/identity-spec.schema.json"),
    Rule(WRONG_TYPE := "IC0103", SPEC, "spec",
         "Every value has the right type.",
         "schemas/identity-spec.schema.json"),
    Rule(NOT_ALLOWED_VALUE := "IC0104", SPEC, "spec",
         "Enum values are member names.",
         "schemas/identity-spec.schema.json"),
    Rule(BAD_VALUE := "IC0105", SPEC, "spec",
         "Values are in range and of the right form (ARNs, durations, names, lengths).",
         "schemas/identity-spec.schema.json"),
    Rule(ACKNOWLEDGE := "IC0106", SPEC, "rules",
         "acknowledge names warnings that exist.",
         "README: Checks (acknowledging a warning)"),
    Rule("IC0201", SYNTH, "pool",
         "Temporary passwords are valid for whole days, at most 365.",
         f"{CDK}user-pool.ts#L1262-L1271"),
    Rule("IC0202", SYNTH, "pool",
         "The MFA message contains '{####}' and is 6 to 140 characters.",
         f"{CDK}user-pool.ts#L1089-L1101"),
    Rule("IC0203", SYNTH, "pool",
         "Verification messages contain their code placeholder: '{####}' in the email body and SMS (CODE), "
         "'{##Verify Email##}' in the email body (LINK).",
         f"{CDK}user-pool.ts#L1120-L1139"),
    Rule("IC0204", SYNTH, "pool",
         "Sign-in with preferred_username needs username sign-in.",
         f"{CDK}user-pool.ts#L1156-L1157"),
    Rule("IC0205", SYNTH, "pool",
         "enable_sms_role: false cannot go with an sms_role.",
         f"{CDK}user-pool.ts#L1186-L1187"),
    Rule("IC0206", SYNTH, "pool",
         "Custom sender triggers need custom_sender_kms_key.",
         f"{CDK}user-pool.ts#L950-L953"),
    Rule("IC0207", SYNTH, "pool",
         "Only pre_token_generation_config takes lambda_version V2_0 or V3_0.",
         f"{CDK}user-pool.ts#L1052-L1053"),
    Rule("IC0208", SYNTH, "pool",
         "Email MFA needs email sent through SES.",
         f"{CDK_CURRENT}user-pool.ts (validateEmailMfa)"),
    Rule("IC0209", SYNTH, "pool",
         "A string attribute's max_len is at most 2048.",
         f"{CDK}user-pool-attr.ts#L243-L249"),
    Rule("IC0210", SYNTH, "pool",
         "SES: ses_verified_domain is the domain of from_email.",
         f"{CDK}user-pool-email.ts#L172-L199"),
    Rule("IC0211", SYNTH, "pool",
         "The local part of an email address (from_email, reply_to) has an ASCII character.",
         f"{CDK}user-pool-email.ts#L194-L199"),
    Rule("IC0212", DEPLOY, "pool",
         "The local part of an email address (from_email, reply_to) is all ASCII.",
         "https://docs.aws.amazon.com/ses/latest/dg/send-email-concepts-email-format.html"),
    Rule("IC0213", DEPLOY, "pool",
         "A custom attribute's minimum is not above its maximum (min_len/max_len, min/max).",
         f"{API}API_StringAttributeConstraintsType.html"),
    Rule("IC0214", SPEC, "pool",
         "A custom attribute takes only the constraints of its type (min_len/max_len for string, min/max for "
         "number).",
         f"{CDK}user-pool-attr.ts#L140-L260"),
    Rule("IC0215", SYNTH, "pool",
         "Email MFA needs a feature plan other than LITE.",
         f"{CDK_CURRENT}user-pool.ts (validateEmailMfa)"),
    Rule("IC0216", DEPLOY, "pool",
         "standard_attributes has no email_verified or phone_number_verified: Cognito keeps both for every "
         "user (whether the email address or phone number is verified), they are not attributes a pool's "
         "schema declares, and the current CDK's StandardAttributes has neither (aws/aws-cdk#14699); "
         "CreateUserPool refuses them.",
         f"{GUIDE}user-pool-settings-attributes.html#cognito-user-pools-standard-attributes"),
    Rule("IC0301", SYNTH, "client",
         "OAuth settings cannot be given with disable_o_auth.",
         f"{CDK}user-pool-client.ts#L411-L412"),
    Rule("IC0302", SYNTH, "client",
         "With the code or implicit grant, callback_urls is not empty.",
         f"{CDK}user-pool-client.ts#L421-L426"),
    Rule("IC0303", SYNTH, "client",
         "default_redirect_uri is one of callback_urls.",
         f"{CDK}user-pool-client.ts#L429-L437"),
    Rule("IC0304", SYNTH, "client",
         "Propagating user context data needs a client secret.",
         f"{CDK}user-pool-client.ts#L440-L441"),
    Rule("IC0305", SYNTH, "client",
         "The client_credentials flow cannot be combined with the code or implicit grant.",
         f"{CDK}user-pool-client.ts#L536-L537"),
    Rule("IC0306", SYNTH, "client",
         "Token validities are within Cognito's ranges, in whole minutes; ID/access tokens outlive no refresh "
         "token.",
         f"{CDK}user-pool-client.ts#L581-L612"),
    Rule("IC0307", SPEC, "client",
         "A scope written as {resource_server, scope} names a resource server of this pool and one of its "
         "scopes.",
         "README: OAuth scopes"),
    Rule("IC0308", SPEC, "client",
         "A provider written as {identity_provider: <id>} in supported_identity_providers is one of this "
         "pool's identity_providers.",
         "README: kind: UserPoolWithMfa (pool methods)"),
    Rule("IC0309", DEPLOY, "client",
         "Callback and sign-out URLs use HTTPS (http only for localhost).",
         f"{API}API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-CallbackURLs", security=7.0),
    Rule("IC0310", DEPLOY, "client",
         "A client_credentials client has a secret.",
         f"{GUIDE}federation-endpoints-oauth-grants.html"),
    Rule("IC0311", DEPLOY, "client",
         "A scope written as a plain string is an OAuthScope member name, Cognito's own scope value, or "
         "'<resource server identifier>/<scope>' (the CDK takes any string as OAuthScope.custom).",
         f"{API}API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-AllowedOAuthScopes"),
    Rule("IC0312", DEPLOY, "client",
         "A scope written as '<identifier>/<scope>' names a scope of one of the pool's resource servers.",
         f"{API}API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-AllowedOAuthScopes"),
    Rule("IC0313", DEPLOY, "client",
         "A provider named in supported_identity_providers is registered on the pool.",
         f"{API}API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-SupportedIdentityProviders"),
    Rule("IC0314", DEPLOY, "client",
         "Callback and sign-out URLs have no #fragment.",
         f"{API}API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-CallbackURLs"),
    Rule("IC0315", DEPLOY, "client",
         "Callback and sign-out URLs are absolute URLs (an app scheme such as myapp:// is one).",
         f"{API}API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-CallbackURLs"),
    Rule("IC0316", DEPLOY, "client",
         "A client_credentials client has scopes, and only resource-server scopes.",
         f"{GUIDE}federation-endpoints-oauth-grants.html"),
    Rule("IC0317", SYNTH, "client",
         "refresh_token_rotation_grace_period is 0 to 60 seconds, in whole seconds.",
         f"{CDK_CURRENT}user-pool-client.ts (configureRefreshTokenRotation)"),
    Rule("IC0318", SYNTH, "client",
         "A client's analytics names its Pinpoint project, role and external id, all three.",
         f"{CDK_CURRENT}user-pool-client.ts (configureAnalytics)"),
    Rule("IC0319", SPEC, "client",
         "A client lists each of its terms (terms-of-use, privacy-policy) once.",
         f"{CFN}aws-resource-cognito-terms.html"),
    Rule("IC0320", DEPLOY, "client",
         "output_client_secret needs a secret to output (generate_secret: true): the output is the L1's "
         "ClientSecret attribute (Fn::GetAtt), which CloudFormation cannot read from a client without a "
         "secret, so the deploy fails; the CDK synthesizes it.",
         f"{CFN}aws-resource-cognito-userpoolclient.html#aws-resource-cognito-userpoolclient-return-values"),
    Rule("IC0321", DEPLOY, "client",
         "A branding with use_cognito_provided_values has no settings or assets of its own.",
         f"{API}API_CreateManagedLoginBranding.html"),
    Rule("IC0322", SPEC, "client",
         "A branding's settings are given once: settings or settings_file.",
         f"{API}API_CreateManagedLoginBranding.html"),
    Rule("IC0323", SYNTH, "client",
         "A branding asset's format is known: extension, or a file name ending in .ico, .jpg, .jpeg, .png, "
         ".svg or .webp (the L1 requires Extension: 'Supplied properties not correct for "
         "\"CfnManagedLoginBrandingProps\"').",
         f"{CDK_CURRENT}cognito.generated.ts (CfnManagedLoginBranding.AssetTypeProperty)"),
    Rule("IC0324", ADVICE, "client",
         "A managed login branding, and terms of use and privacy policy links, show only on managed login's "
         "pages: a domain with managed_login_version 2.",
         f"{GUIDE}managed-login-branding.html"),
    Rule("IC0325", ADVICE, "client",
         "With --pdk-compat, a client that shows managed login's pages has a branding; default mode gives it "
         "Cognito's look.",
         f"{GUIDE}managed-login-branding.html"),
    Rule("IC0326", ADVICE, "client",
         "A scope that is Cognito's own value (openid, email, phone, profile, aws.cognito.signin.user.admin) "
         "is written as its OAuthScope member, as the rest of the spec names them.",
         f"{CDK}user-pool-client.ts (OAuthScope)"),
    Rule("IC0401", SYNTH, "provider",
         "A domain is either a cognito_domain or a custom_domain.",
         f"{CDK}user-pool-domain.ts#L103-L104"),
    Rule("IC0402", DEPLOY, "provider",
         "A Cognito domain prefix does not contain the reserved words aws, amazon or cognito.",
         f"{GUIDE}cognito-user-pools-assign-domain-prefix.html"),
    Rule("IC0403", SPEC, "provider",
         "An identity provider takes only the keys of its type.",
         f"{CDK}user-pool-idps/"),
    Rule("IC0404", SYNTH, "provider",
         "An OIDC or SAML provider name has no leading/trailing underscore or space.",
         f"{CDK}user-pool-idps/oidc.ts#L134-L143"),
    Retired("IC0405", REMOVED,
            "construct ids that collide among a pool's methods are found while resolving, as IC0005 (one id for "
            "every construct-id collision)"),
    Rule("IC0406", DEPLOY, "provider",
         "Resource server identifiers are unique on a pool.",
         f"{API}API_CreateResourceServer.html"),
    Rule("IC0407", DEPLOY, "provider",
         "A custom domain's certificate is in us-east-1.",
         f"{GUIDE}cognito-user-pools-add-custom-domain.html"),
    Rule("IC0408", SYNTH, "provider",
         "A Google provider has exactly one of client_secret, client_secret_value; an Apple provider exactly "
         "one of private_key, private_key_value.",
         f"{CDK}user-pool-idps/google.ts#L50-L52"),
    Rule("IC0409", SPEC, "provider",
         "A Facebook or Amazon provider has a client_secret (a required prop).",
         f"{CDK}user-pool-idps/facebook.ts"),
    Rule("IC0410", DEPLOY, "provider",
         "A Cognito domain prefix does not start or end with a hyphen.",
         f"{GUIDE}cognito-user-pools-assign-domain-prefix.html"),
    Rule("IC0411", SYNTH, "provider",
         "A group's name is 1 to 128 letters, marks, symbols, numbers and punctuation (the current CDK: "
         "'`groupName` must be between 1 and 128 characters and can include letters, numbers, and symbols.').",
         f"{CDK_CURRENT}user-pool-group.ts"),
    Rule("IC0501", SYNTH, "identity_pool",
         "A role mapping for a user-pool client needs a mapping_key.",
         f"{CDK_PACKAGES}@aws-cdk/aws-cognito-identitypool-alpha/lib/identitypool-role-attachment.ts#L174-L182"),
    Rule("IC0502", SYNTH, "identity_pool",
         "A rules-based role mapping (use_token false) has rules.",
         f"{CDK_PACKAGES}@aws-cdk/aws-cognito-identitypool-alpha/lib/identitypool-role-attachment.ts#L189-L192"),
    Rule("IC0503", SPEC, "identity_pool",
         "A role mapping's user_pool_client is a client of this spec's pool.",
         "README: kind: UserIdentity (role mappings)"),
    Rule("IC0504", SPEC, "identity_pool",
         "role_policies is given once: at the top level or in identity_pool_options.",
         "README: kind: UserIdentity (user_pool forms, role_policies)"),
    Retired("IC0505", REMOVED,
            "role_policies on an existing role are that role's Policy, as the CDK's addToPrincipalPolicy writes "
            "it, so there is nothing to refuse"),
    Rule("IC0506", DEPLOY, "identity_pool",
         "A token-based role mapping (use_token true) lists no rules: the CDK leaves them out.",
         f"{CDK_PACKAGES}@aws-cdk/aws-cognito-identitypool-alpha/lib/identitypool-role-attachment.ts#L184-L200"),
    Rule("IC0507", DEPLOY, "identity_pool",
         "Role mapping keys are unique: the CDK keeps only the last mapping with a key.",
         "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cognito-identitypoolroleattachment.html#cfn-cognito-identitypoolroleattachment-rolemappings"),
    Rule("IC0508", DEPLOY, "identity_pool",
         "Principal tags name each identity provider once (one IdentityPoolPrincipalTag per provider).",
         "https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_SetPrincipalTagAttributeMap.html"),
    Rule("IC0509", DEPLOY, "identity_pool",
         "A user pool given as an identity provider appears once, with each client once.",
         "https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_CognitoIdentityProvider.html"),
    Rule("IC0510", SPEC, "identity_pool",
         "A user_pools provider's id names the pool imported to add the CDK's client to, so it goes with a "
         "provider without user_pool_client_id (a provider with its client imports nothing the template shows).",
         "README: kind: UserIdentity (identity_pool_options)"),
    Rule("IC0601", SPEC, "identity_pool",
         "user_pool is one form: props, a pool with kind, or an existing pool by id or ARN (which takes the "
         "pool's methods and attachments: web_acl_arn, log_configurations, ui_customization, risk_configuration, "
         "session_configuration; not its props).",
         "README: kind: UserIdentity (user_pool forms, role_policies)"),
    Rule("IC0602", SPEC, "identity_pool",
         "allow_signup does not contradict user_pool.self_sign_up_enabled.",
         "README: kind: UserIdentity (user_pool forms, role_policies)"),
    Rule("IC0603", ADVICE, "identity_pool",
         "allow_signup is ignored when user_pool is a pool of its own or an existing pool.",
         "https://github.com/aws/aws-pdk/blob/v0.26.15/packages/identity/src/user-identity.ts"),
    Rule("IC0701", DEPLOY, "pool",
         "MFA REQUIRED or OPTIONAL needs at least one second factor.",
         f"{API}API_SetUserPoolMfaConfig.html"),
    Rule("IC0702", DEPLOY, "pool",
         "SMS MFA or phone verification needs a way to send SMS: an SMS role (Amazon SNS) or eums_sms (AWS "
         "End User Messaging SMS, SmsConfigurationType's EumsSms).",
         f"{GUIDE}user-pool-sms-settings.html; {API}API_SmsConfigurationType.html"),
    Rule("IC0703", DEPLOY, "pool",
         "Threat protection (advanced security AUDIT/ENFORCED) runs only on the PLUS feature plan.",
         f"{GUIDE}cognito-sign-in-feature-plans.html"),
    Rule("IC0704", SYNTH, "pool",
         "Threat protection: advanced_security_mode and the *_threat_protection_mode props exclude each other.",
         f"{CDK_CURRENT}user-pool.ts (CannotSetThreatProtectionAdvanced)"),
    Rule("IC0705", SYNTH, "pool",
         "Choice-based sign-in keeps the password factor.",
         f"{CDK_CURRENT}user-pool.ts (configureSignInPolicy)"),
    Retired("IC0706", REMOVED,
            "sign_in_aliases without username is a username pool, as the CDK builds it, so a pool always has a "
            "way to sign in"),
    Rule("IC0707", DEPLOY, "pool",
         "A user pool cannot be snapshotted: removal_policy SNAPSHOT is refused.",
         "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html"),
    Rule("IC0708", SYNTH, "pool",
         "password_history_size needs a feature plan other than LITE.",
         f"{CDK_CURRENT}user-pool.ts (configurePasswordPolicy)"),
    Rule("IC0709", DEPLOY, "pool",
         "Passkeys as a first factor with MFA REQUIRED need passkeys that count as multi-factor "
         "(web_authn_factor_configuration: MULTI_FACTOR_WITH_USER_VERIFICATION, WebAuthnConfigurationType's "
         "FactorConfiguration).",
         f"{API}API_WebAuthnConfigurationType.html"),
    Rule("IC0710", DEPLOY, "pool",
         "Managed login (managed_login_version 2) needs the ESSENTIALS or PLUS feature plan.",
         f"{GUIDE}cognito-sign-in-feature-plans.html"),
    Rule("IC0711", DEPLOY, "pool",
         "A user pool has at most 50 custom attributes.",
         f"{GUIDE}quotas.html"),
    Rule(API_LIMIT := "IC0712", DEPLOY, "cloudformation",
         "Every value the template passes to Cognito, IAM or Lambda is within the length, range, pattern and "
         "enum that API publishes, and values Cognito keeps unique (provider names, domains, ...) are unique.",
         f"{API}Welcome.html; https://docs.aws.amazon.com/IAM/latest/APIReference/welcome.html; "
         "https://docs.aws.amazon.com/lambda/latest/api/welcome.html"),
    Rule("IC0713", DEPLOY, "references",
         "A CloudFormation dynamic reference ({{resolve:...}}) is well formed: ssm, ssm-secure or "
         "secretsmanager, then a name, in double braces (the CDK passes any string on).",
         "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html"),
    Rule("IC0714", SYNTH, "pool",
         "Passwordless sign-in needs a feature plan other than LITE.",
         f"{CDK_CURRENT}user-pool.ts (configureSignInPolicy)"),
    Retired("IC0715", RESERVED,
            "left free in the deploy rules' block"),
    Retired("IC0716", RESERVED,
            "left free in the deploy rules' block"),
    Retired("IC0717", RESERVED,
            "left free in the deploy rules' block"),
    Rule("IC0718", ADVICE, "pool",
         "Passkey sign-in names its relying party (passkey_relying_party_id).",
         f"{API}API_WebAuthnConfigurationType.html"),
    Rule("IC0719", DEPLOY, "pool",
         "Log delivery logs userNotification at ERROR and userAuthEvents at INFO.",
         f"{API}API_LogConfigurationType.html"),
    Rule("IC0720", DEPLOY, "pool",
         "Log delivery sends userNotification to CloudWatch Logs only.",
         f"{API}API_LogConfigurationType.html"),
    Rule("IC0721", DEPLOY, "pool",
         "Log delivery of userAuthEvents (threat protection's user activity) needs the PLUS feature plan.",
         f"{API}API_LogConfigurationType.html"),
    Rule("IC0722", DEPLOY, "pool",
         "Log delivery names each event source once.",
         f"{API}API_LogConfigurationType.html"),
    Rule("IC0723", DEPLOY, "pool",
         "A hosted-UI customization (ui_customization) needs a domain on the pool.",
         f"{GUIDE}hosted-ui-classic-branding.html"),
    Rule("IC0724", ADVICE, "pool",
         "A hosted-UI customization styles the classic hosted UI; managed login (managed_login_version 2) is "
         "styled by branding and ignores it.",
         f"{GUIDE}hosted-ui-classic-branding.html"),
    Rule("IC0725", DEPLOY, "pool",
         "A risk configuration needs threat protection running: a threat-protection mode other than OFF "
         "(advanced_security_mode AUDIT or ENFORCED, or standard/custom_threat_protection_mode) on the PLUS "
         "plan.",
         f"{API}API_SetRiskConfiguration.html"),
    Rule("IC0726", ADVICE, "pool",
         "An account-takeover action that notifies users has a notify_configuration to send the email with.",
         f"{API}API_NotifyConfigurationType.html"),
    Rule("IC0727", DEPLOY, "pool",
         "Risk exception IP ranges are IPv4 or IPv6 ranges in CIDR notation.",
         f"{API}API_RiskExceptionConfigurationType.html"),
    Rule("IC0728", DEPLOY, "pool",
         "The email one-time code's message (email_authentication_message) contains '{####}', where Cognito "
         "puts the code.",
         "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cognito-userpool.html#cfn-cognito-userpool-emailauthenticationmessage"),
    Rule("IC0729", DEPLOY, "pool",
         "Passkeys as a factor (web_authn_factor_configuration) need a feature plan of ESSENTIALS or PLUS "
         "('To activate this setting, your user pool must be in the Essentials tier or higher').",
         f"{API}API_WebAuthnConfigurationType.html"),
    Rule("IC0730", ADVICE, "pool",
         "Passkeys as multi-factor authentication (MULTI_FACTOR_WITH_USER_VERIFICATION) take effect only "
         "where passkeys are a first factor (sign_in_policy.allowed_first_auth_factors.passkey) and MFA is "
         "on, with user verification required of every passkey (passkey_user_verification: REQUIRED).",
         f"{API}API_WebAuthnConfigurationType.html"),
    Rule("IC0731", DEPLOY, "pool",
         "A user directory's key (key_configuration.kms_key_arn) is a KMS key's ARN, "
         "arn:<partition>:kms:<region>:<account>:key/<key id> (a key ARN, not an alias's).",
         f"{API}API_KeyConfigurationType.html; "
         "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN"),
    Rule("IC0732", DEPLOY, "replica",
         "Replicas need the ESSENTIALS or PLUS feature plan ('You can't enable MRR on user pools with the "
         "Lite feature plan').",
         f"{GUIDE}user-pool-multi-region.html"),
    Rule("IC0733", DEPLOY, "replica",
         "A pool with replicas is encrypted with a multi-Region customer managed key (key_configuration: "
         "CUSTOMER_MANAGED_KEY, a key id starting mrk-), available in every replica's Region.",
         f"{GUIDE}user-pool-multi-region.html"),
    Rule("IC0734", ADVICE, "replica",
         "A pool with replicas issues its tokens with the updated issuer (issuer_configuration: {type: "
         "UPDATED}), so one issuer validates them in every Region.",
         f"{GUIDE}user-pool-multi-region.html"),
    Rule("IC0735", DEPLOY, "replica",
         "A replica is in another Region than the primary pool's (the Region of its key). (Two replicas in "
         "one Region are two constructs Replica<Region> under the pool: IC0005.)",
         f"{GUIDE}user-pool-multi-region.html"),
    Rule("IC0736", DEPLOY, "replica",
         "A replica's Lambda triggers are functions in its Region, and its web ACL is one of its Region (AWS WAF "
         "associates a regional resource with a web ACL of the same Region).",
         f"{GUIDE}user-pool-multi-region.html; "
         "https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-associating-aws-resource.html"),
    Rule("IC0737", ADVICE, "replica",
         "A secondary pool cannot sign users up or create users: a replica's pre_sign_up, post_confirmation "
         "and user_migration triggers never run, and a pool open to sign-up has none while the replica serves.",
         f"{GUIDE}user-pool-multi-region.html"),
    Rule("IC0738", DEPLOY, "replica",
         "A domain fails over (failover.secondary_region) to the Region of one of the pool's replicas.",
         f"{API}API_FailoverType.html"),
    Rule("IC0739", DEPLOY, "replica",
         "A replica's threat_protection_email changes the sender of the pool's risk configuration, the only "
         "part a secondary Region may set ('only the SourceARN and From attributes of NotifyConfiguration can "
         "be modified'): the pool has a risk_configuration with a notify_configuration.",
         f"{API}API_SetRiskConfiguration.html"),
    Rule("IC0740", DEPLOY, "replica",
         "A user pool has at most one replica: the guide's limits allow each user directory one secondary "
         "replica in another Region.",
         f"{GUIDE}user-pool-multi-region.html"),
    Rule("IC0741", ADVICE, "replica",
         "Secondary replicas do not support TOTP MFA: users with an authenticator app sign in only while the "
         "primary's Region serves.",
         f"{GUIDE}user-pool-multi-region.html"),
    Rule("IC0742", DEPLOY, "replica",
         "Failover routing is for custom domains only.",
         f"{API}API_CreateUserPoolDomain.html"),
    Rule("IC0743", ADVICE, "replica",
         "A replica's SMS go through SNS in its own Region (sns_region) where Cognito allows it, so that they do "
         "not stop with another Region (a replica in Asia Pacific (Seoul) has Asia Pacific (Tokyo) alone).",
         f"{GUIDE}user-pool-multi-region.html; {GUIDE}user-pool-sms-settings.html"),
    Rule("IC0744", DEPLOY, "pool",
         "SMS go through Amazon SNS (an SMS role) or AWS End User Messaging SMS (eums_sms), not both.",
         f"{API}API_SmsConfigurationType.html"),
    Rule("IC0745", DEPLOY, "pool",
         "End User Messaging SMS's region is the pool's own Region (the replica's for a replica's).",
         f"{API}API_EumsSmsConfigurationType.html"),
    Rule("IC0746", DEPLOY, "replica",
         "A replica's custom email or SMS sender trigger needs the replica's own custom_sender_kms_key (its "
         "LambdaConfig.KMSKeyID).",
         f"{API}API_LambdaConfigType.html"),
    Rule("IC0747", DEPLOY, "session",
         "Session configuration (session_configuration, a client's sso_session) needs the ESSENTIALS or PLUS "
         "feature plan ('The user pool must be in the Essentials or Plus tier. Otherwise, this operation "
         "returns a FeatureUnavailableInTierException').",
         f"{API}API_SetUserPoolSessionConfiguration.html; {API}API_SetUserPoolClientSessionConfiguration.html"),
    Rule("IC0748", DEPLOY, "session",
         "A client's sso_session needs the pool's session tracking ENABLED (session_configuration: "
         "{user_session_tracking: ENABLED}): 'session tracking must be enabled for the user pool'.",
         f"{API}API_SetUserPoolClientSessionConfiguration.html"),
    Rule("IC0749", DEPLOY, "session",
         "Session configuration is not Cognito's default, which CloudFormation cannot declare: 'The service "
         "default (UserSessionTracking DISABLED with TokenSession MaxPerUser 20) cannot be declared; remove "
         "the resource', and a client's (SSOSession MaxValidityMinutes 60) likewise.",
         f"{CFN}aws-resource-cognito-userpoolsessionconfigurationattachment.html; "
         f"{CFN}aws-resource-cognito-userpoolclientsessionconfigurationattachment.html"),
    Rule("IC0750", DEPLOY, "replica",
         "Every resource type a template holds exists in the Region it deploys to, as the project's copy of "
         "CloudFormation's resource schemas records the Regions of each type: a replica's Region's template "
         "(AWS::Cognito::UserPoolRegionalConfigurationAttachment and the rest), and "
         "AWS::Cognito::UserPoolReplica in the primary's Region where the spec shows it (its key's).",
         f"{CFN}aws-template-resource-type-ref.html"),
    Rule("IC0751", DEPLOY, "pool",
         "A pool sends SMS through Amazon SNS in its own Region or its Legacy Amazon SNS alternate Region "
         "(US East (Ohio) and Canada (Central): US East (N. Virginia); Asia Pacific (Mumbai): Asia Pacific "
         "(Singapore); Europe (Frankfurt) and Europe (London): Europe (Ireland)), a pool in Asia Pacific (Seoul) "
         "through Asia Pacific (Tokyo) alone; and email through Amazon SES in its own Region or, in a Region "
         "that had them, us-east-1, us-west-2 or eu-west-1. Checked for each replica, and for the primary "
         "where the spec shows its Region (its key's).",
         f"{GUIDE}user-pool-sms-settings.html; {GUIDE}user-pool-email.html; {API}API_SmsConfigurationType.html"),
    Rule("IC0752", DEPLOY, "pool",
         "The legacy pre_token_generation trigger and pre_token_generation_config name one function: 'If you "
         "also set an ARN in PreTokenGeneration, its value must be identical to PreTokenGenerationConfig' (the "
         "pool's and each replica's).",
         f"{API}API_LambdaConfigType.html"),
    Rule("IC0753", DEPLOY, "pool",
         "Access token customization (pre_token_generation_config with lambda_version V2_0 or V3_0) needs the "
         "ESSENTIALS or PLUS feature plan: 'In user pools with the Essentials or Plus feature plan, you can "
         "generate the version two or V2_0 trigger event'.",
         f"{GUIDE}user-pool-lambda-pre-token-generation.html"),
    Rule("IC0801", ADVICE, "advice",
         "The implicit grant is on (tokens in the URL); prefer the authorization code grant with PKCE.",
         "https://www.rfc-editor.org/rfc/rfc9700#section-2.1.2", security=5.5),
    Rule("IC0802", ADVICE, "advice",
         "An identity provider's secret is written in plain text; use a {{resolve:secretsmanager:...}} "
         "reference.",
         "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html", security=8.5),
    Rule("IC0803", ADVICE, "advice",
         "Guest (unauthenticated) identities get AWS credentials.",
         "https://docs.aws.amazon.com/securityhub/latest/userguide/cognito-controls.html#cognito-2", security=4.0),
    Rule("IC0804", ADVICE, "advice",
         "A client allows password sign-in without SRP (ALLOW_USER_PASSWORD_AUTH / "
         "ALLOW_ADMIN_USER_PASSWORD_AUTH).",
         f"{GUIDE}amazon-cognito-user-pools-authentication-flow-methods.html", security=4.0),
    Rule("IC0805", ADVICE, "advice",
         "prevent_user_existence_errors false (LEGACY), or unset in the default mode (Cognito's API then uses "
         "LEGACY), lets callers find out which users exist.",
         f"{GUIDE}cognito-user-pool-managing-errors.html; "
         f"{API}API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-PreventUserExistenceErrors", security=5.0),
    Rule("IC0806", ADVICE, "advice",
         "Passwordless first factors are allowed, but no client enables choice-based sign-in "
         "(auth_flows.user).",
         "https://github.com/aws/aws-cdk/pull/32369"),
    Retired("IC0807", RESERVED,
            "left free between the client advice (IC0801-IC0806) and the pool advice (IC0811 on)"),
    Retired("IC0808", RESERVED,
            "left free between the client advice (IC0801-IC0806) and the pool advice (IC0811 on)"),
    Retired("IC0809", RESERVED,
            "left free between the client advice (IC0801-IC0806) and the pool advice (IC0811 on)"),
    Retired("IC0810", RESERVED,
            "left free between the client advice (IC0801-IC0806) and the pool advice (IC0811 on)"),
    Rule("IC0811", ADVICE, "advice",
         "password_policy given in part drops the PDK's other password defaults (shallow merge).",
         "https://docs.aws.amazon.com/securityhub/latest/userguide/cognito-controls.html#cognito-3"),
    Rule("IC0812", ADVICE, "advice",
         "MFA is not required.",
         "https://docs.aws.amazon.com/securityhub/latest/userguide/cognito-controls.html#cognito-5", security=7.5),
    Rule("IC0813", ADVICE, "advice",
         "Deletion protection is off.",
         "https://docs.aws.amazon.com/securityhub/latest/userguide/cognito-controls.html#cognito-6", security=5.0),
    Rule("IC0814", ADVICE, "advice",
         "Threat protection is not enforced.",
         "https://docs.aws.amazon.com/securityhub/latest/userguide/cognito-controls.html#cognito-1", security=5.0),
    Rule("IC0815", ADVICE, "advice",
         "A Lambda trigger without add_permission gets no AWS::Lambda::Permission.",
         f"{CDK}user-pool.ts#L1080-L1087"),
    Rule("IC0816", ADVICE, "advice",
         "With --pdk-compat and no feature_plan, threat protection is on in the template but does not run "
         "(new pools get the ESSENTIALS plan).",
         f"{GUIDE}cognito-sign-in-feature-plans.html"),
    Rule("IC0817", ADVICE, "advice",
         "The WebClient that UserIdentity adds has the implicit grant and ALLOW_USER_PASSWORD_AUTH (the PDK's "
         "defaults); declare a client with id WebClient to choose its flows.",
         "https://github.com/aws/aws-pdk/blob/v0.26.15/packages/identity/src/user-identity.ts", security=5.5),
    Rule("IC0818", ADVICE, "advice",
         "A client's secret as a stack output can be read by anyone allowed cloudformation:DescribeStacks.",
         "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/outputs-section-structure.html", security=8.0),
    Rule("IC0819", ADVICE, "advice",
         "A custom domain accepts TLS 1.0 (security_policy TLS_V1, 'strongly discouraged').",
         f"{API}API_CustomDomainConfigType.html", security=6.0),
    Rule("IC0820", ADVICE, "advice",
         "A client keeps token revocation (enable_token_revocation: false turns it off, so RevokeToken and the "
         "revocation endpoint cannot end a session whose refresh token leaked: 'You can revoke a refresh token "
         "for a user pool client with token revocation enabled').",
         f"{GUIDE}token-revocation.html", security=4.0),
    Rule("IC0821", ADVICE, "advice",
         "key_configuration's key_type and kms_key_arn agree: a CUSTOMER_MANAGED_KEY without kms_key_arn leaves "
         "the directory on AWS managed keys ('If not specified, AWS managed keys are used'), and an "
         "AWS_OWNED_KEY with one names a key that is not the type's.",
         f"{API}API_KeyConfigurationType.html"),
)

RULES: dict[str, Rule] = {row.id: row for row in TABLE if isinstance(row, Rule)}
RETIRED: dict[str, Retired] = {row.id: row for row in TABLE if isinstance(row, Retired)}
