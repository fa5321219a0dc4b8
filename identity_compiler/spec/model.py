"""The resolved spec: what each construct means, with every value in its final form.

The resolve stage (resolving.py) builds these from a schema-valid spec, once: durations parsed,
defaults applied from defaults.py, the ``user_pool`` form decided, construct ids and paths assigned,
generated names computed. Rules and builders read only these objects, so the spec has one
interpretation. Every object knows the key path of the mapping it came from (``path``) and which keys
the spec wrote there (``given``); ``key(...)`` is the path of one of its keys, for diagnostics.
Enum values stay the spec's member names (``"REQUIRED"``); builders map them to CloudFormation's.
"""

from __future__ import annotations

from typing import Any, Literal, Union

from . import properties
from . import construct_ids
from .durations import Duration
from .records import Factory, Record
from .vocabulary import THREAT_PROTECTION

KeyPath = tuple  # a key path in the spec: ("user_pool", "clients", 0, "o_auth")
ConstructPath = tuple  # construct ids from the stack (exclusive) down: ("Identity", "UserPool", "WebClient")


class Node(Record):
    path: KeyPath = ()
    given: frozenset = frozenset()  # the keys the spec wrote in this mapping

    def key(self, *parts: Any) -> KeyPath:
        return self.path + parts

    def at(self, name: str) -> KeyPath:
        """Where a key is, or this mapping when the value is a default (a diagnostic about it points here)."""
        return self.key(name) if name in self.given else self.path


class Construct(Node):
    """A construct the spec names: its id and its path in the construct tree."""

    id: str
    construct_path: ConstructPath


# ----------------------------------------------------------------------------------------------- user pool
class PasswordPolicy(Node):
    min_length: int
    require_lowercase: bool | None = None
    require_uppercase: bool | None = None
    require_digits: bool | None = None
    require_symbols: bool | None = None
    temp_password_validity: Duration | None = None
    password_history_size: int | None = None


class SignInAliases(Node):
    username: bool = False
    email: bool = False
    phone: bool = False
    preferred_username: bool = False


class EmailAndPhone(Node):
    """``auto_verify``, ``keep_original``: which of email and phone."""

    email: bool = False
    phone: bool = False


class MfaSecondFactor(Node):
    sms: bool = False
    otp: bool = False
    email: bool = False


class StandardAttribute(Node):
    name: str  # the spec's key (``fullname``)
    attribute: str  # Cognito's name (``name``)
    mutable: bool = True
    required: bool = False


class CustomAttribute(Node):
    name: str
    type: Literal["string", "number", "boolean", "datetime"]
    mutable: bool | None = None
    min_len: int | float | None = None
    max_len: int | float | None = None
    min: int | float | None = None
    max: int | float | None = None


class Trigger(Node):
    operation: str  # the spec's key (``pre_sign_up``)
    function_arn: str
    lambda_version: str | None = None
    add_permission: bool = True
    permission_id: str = ""  # the construct id of its Lambda permission (``PreSignUpCognito``)


class Replica(Node):
    """A replica in another Region, with the settings Cognito lets a replica have of its own."""

    region: str
    status: str = "INACTIVE"
    tags: tuple[tuple[str, str], ...] = ()
    email: "Email | None" = None
    sms_role: str | None = None
    sms_role_external_id: str | None = None
    sns_region: str | None = None
    lambda_triggers: tuple[Trigger, ...] = ()
    eums_sms: "EumsSms | None" = None
    custom_sender_kms_key: str | None = None
    threat_protection_email: "ThreatProtectionEmail | None" = None
    log_configurations: "tuple[LogConfiguration, ...]" = ()
    web_acl_arn: str | None = None


class EumsSms(Node):
    """SMS through AWS End User Messaging SMS (``EumsSmsConfigurationType``), in place of Amazon SNS."""

    caller_arn: str
    external_id: str | None = None
    origination_identity: str | None = None
    configuration_set_name: str | None = None
    in_entity_id: str | None = None
    in_template_id: str | None = None
    region: str | None = None


class ThreatProtectionEmail(Node):
    """A replica's sender of threat protection's notifications: the two values of the pool's notify configuration
    that a secondary Region may set (``SetRiskConfiguration``)."""

    source_arn: str
    from_email: str | None = None


class Email(Node):
    """``email``: Cognito's own sending (``with_cognito``) or SES (``with_ses``)."""

    with_ses: bool
    reply_to: str | None = None
    from_email: str | None = None
    from_name: str | None = None
    ses_region: str | None = None
    ses_verified_domain: str | None = None
    configuration_set_name: str | None = None
    settings: Node = Factory(Node)  # the with_cognito / with_ses mapping


class UserVerification(Node):
    """Verification messages, with the CDK's defaults for the ones not given."""

    email_style: Literal["CODE", "LINK"]
    email_subject: str
    email_body: str
    sms_message: str


class UserInvitation(Node):
    email_subject: str | None = None
    email_body: str | None = None
    sms_message: str | None = None


class DeviceTracking(Node):
    challenge_required_on_new_device: bool | None = None
    device_only_remembered_on_user_prompt: bool | None = None


class SignInPolicy(Node):
    """``sign_in_policy.allowed_first_auth_factors`` (``password`` is always allowed by the CDK)."""

    password: bool | None = None
    email_otp: bool = False
    sms_otp: bool = False
    passkey: bool = False
    factors: Node = Factory(Node)  # the allowed_first_auth_factors mapping

    @property
    def passwordless(self) -> bool:
        return self.email_otp or self.sms_otp or self.passkey


class LogConfiguration(Node):
    """One event source of the pool's log delivery and where it goes (``LogConfigurationType``)."""

    event_source: str
    log_level: str  # default applied
    destination: str  # cloud_watch_logs_configuration | s3_configuration | firehose_configuration
    arn: str


class TakeoverAction(Node):
    """What threat protection does with a sign-in of one risk level (``AccountTakeoverActionType``)."""

    level: str  # low | medium | high
    event_action: str
    notify: bool


class RiskEmail(Node):
    """One of the emails of a notify configuration (``NotifyEmailType``)."""

    kind: str  # block | mfa | no_action
    subject: str
    html_body: str | None = None
    text_body: str | None = None


class RiskConfiguration(Node):
    """Threat protection's risk configuration for a pool (all clients) or one client
    (``AWS::Cognito::UserPoolRiskConfigurationAttachment``)."""

    compromised_credentials_action: str | None = None  # None: no compromised-credentials configuration
    compromised_credentials_events: tuple[str, ...] | None = None
    takeover_actions: tuple[TakeoverAction, ...] | None = None  # None: no account-takeover configuration
    notify_source_arn: str | None = None  # None: no notify configuration
    notify_from: str | None = None
    notify_reply_to: str | None = None
    notify_emails: tuple[RiskEmail, ...] = ()
    blocked_ip_ranges: tuple[str, ...] | None = None  # None (both): no risk-exception configuration
    skipped_ip_ranges: tuple[str, ...] | None = None


class BrandingAsset(Node):
    """One image of a managed login branding (``AssetType``)."""

    category: str
    color_mode: str
    extension: str | None  # None: the file's name did not tell (an error was reported)
    data: str  # base64
    resource_id: str | None = None


class SessionConfiguration(Node):
    """A pool's session configuration (``AWS::Cognito::UserPoolSessionConfigurationAttachment``)."""

    user_session_tracking: str
    max_per_user: int  # TokenSession.MaxPerUser


class SsoSession(Node):
    """A client's SSO session (``AWS::Cognito::UserPoolClientSessionConfigurationAttachment``)."""

    max_validity_minutes: int


class ManagedLoginBranding(Node):
    """A client's managed login branding (``AWS::Cognito::ManagedLoginBranding``)."""

    use_cognito_provided_values: bool | None = None
    settings: dict | None = None  # inline, or read from settings_file
    assets: tuple[BrandingAsset, ...] | None = None
    return_merged_resources: bool | None = None


class Pool(Construct):
    """What every user pool the spec names has: its methods (clients, domains, ...) and its attachments. Its grants
    are statements of the principals they name (``Spec.imported_principals``)."""

    identity_providers: tuple["IdentityProvider", ...] = ()
    resource_servers: tuple["ResourceServer", ...] = ()
    clients: tuple["Client", ...] = ()
    domains: tuple["Domain", ...] = ()
    groups: tuple["Group", ...] = ()
    # its attachments: resources of their own beside the pool, which a pool made elsewhere takes too
    web_acl_arn: str | None = None  # an AWS::WAFv2::WebACLAssociation at <pool>/WebAclAssociation
    log_configurations: tuple[LogConfiguration, ...] = ()  # an AWS::Cognito::LogDeliveryConfiguration
    ui_customization_css: str | None = None  # the hosted UI's CSS for every client
    risk_configuration: RiskConfiguration | None = None  # for every client
    session_configuration: SessionConfiguration | None = None  # at <pool>/SessionConfiguration

    @property
    def methods(self) -> tuple:
        """Its constructs in the order they are added (identity providers first, as clients list them)."""
        return self.identity_providers + self.resource_servers + self.clients + self.domains + self.groups


class UserPool(Pool):
    """A pool this spec builds: ``UserPoolWithMfa`` (PDK defaults merged) or a plain CDK ``UserPool``."""

    _optional_fields = properties.fields(properties.USER_POOL)  # the plain properties, as the spec gives them

    kind: Literal["UserPoolWithMfa", "UserPool"]
    props_given: frozenset = frozenset()  # the props the spec wrote (``given`` also holds id, kind and methods)
    sign_in_aliases: SignInAliases
    auto_verify: EmailAndPhone | None = None  # None: the CDK derives it from sign_in_aliases
    keep_original: EmailAndPhone | None = None
    self_sign_up_enabled: bool = False
    user_invitation: UserInvitation | None = None
    user_verification: UserVerification
    mfa_second_factor: MfaSecondFactor | None = None
    password_policy: PasswordPolicy | None = None
    sign_in_policy: SignInPolicy | None = None  # None also for an empty one: the CDK writes nothing
    standard_attributes: tuple[StandardAttribute, ...] = ()
    custom_attributes: tuple[CustomAttribute, ...] = ()
    lambda_triggers: tuple[Trigger, ...] = ()
    replicas: tuple[Replica, ...] = ()
    custom_sender_kms_key: str | None = None
    email: Email | None = None
    sms_role: str | None = None
    sms_role_external_id: str | None = None
    sns_region: str | None = None
    enable_sms_role: bool | None = None
    account_recovery: str
    device_tracking: DeviceTracking | None = None
    advanced_security_mode: str | None = None
    standard_threat_protection_mode: str | None = None
    custom_threat_protection_mode: str | None = None
    feature_plan: str | None = None
    tier: str | None = None  # UserPoolTier as built: feature_plan, or PLUS in default mode (deliberate difference 1)
    removal_policy: str
    pdk_user_identity_pool: bool = False  # the pool a UserIdentity creates (its SMS role carries cdk-nag metadata)
    tags: tuple[tuple[str, str], ...] = ()  # the stack's and the pool's own, in the CDK's order
    eums_sms: EumsSms | None = None  # SmsConfiguration.EumsSms

    @property
    def enabled_mfas(self) -> tuple[str, ...] | None:
        """``EnabledMfas`` as the CDK derives it (``mfaConfiguration`` in user-pool.ts)."""
        if self.mfa is None or self.mfa == "OFF":
            return None
        if self.mfa_second_factor is None:
            return ("SMS_MFA",)
        factors = self.mfa_second_factor
        return tuple(name for on, name in ((factors.sms, "SMS_MFA"), (factors.otp, "SOFTWARE_TOKEN_MFA"),
                                           (factors.email, "EMAIL_OTP")) if on)

    @property
    def sms_role_created(self) -> bool:
        """Whether the CDK creates ``smsRole`` for these props."""
        if self.sms_role is not None or self.enable_sms_role is False:
            return False
        phone = self.sign_in_aliases.phone or (self.auto_verify is not None and self.auto_verify.phone)
        return "SMS_MFA" in (self.enabled_mfas or ()) or phone or self.enable_sms_role is True

    @property
    def security_mode(self) -> str | None:
        """``UserPoolAddOns.AdvancedSecurityMode``: the deprecated ``advanced_security_mode``, else the standard
        threat protection's, else OFF beside a custom mode (the CDK's NO_ENFORCEMENT)."""
        if self.advanced_security_mode is not None:
            return self.advanced_security_mode
        if self.standard_threat_protection_mode is not None:
            return THREAT_PROTECTION[self.standard_threat_protection_mode]
        return "OFF" if self.custom_threat_protection_mode is not None else None

    @property
    def threat_protection_active(self) -> bool:
        return (self.advanced_security_mode in ("AUDIT", "ENFORCED")
                or self.standard_threat_protection_mode in ("FULL_FUNCTION", "AUDIT_ONLY")
                or self.custom_threat_protection_mode is not None)


class ExistingPool(Pool):
    """``UserPool.fromUserPoolId`` / ``fromUserPoolArn``: only its methods are built."""

    user_pool_id: str
    user_pool_arn: str | None = None
    region: str | None = None  # from the ARN: fromUserPoolArn names its provider with it


# --------------------------------------------------------------------------------------------- pool methods
class MemberScope(Node):
    name: str  # OAuthScope member (``OPENID``)
    value: str  # what Cognito calls it (``openid``)


class ServerScope(Node):
    resource_server: str  # the id of a resource server of this pool
    scope: str


class CustomScope(Node):
    value: str  # OAuthScope.custom: any string


Scope = Union[MemberScope, ServerScope, CustomScope]


class NamedProvider(Node):
    """A provider the client names: a member (``GOOGLE``), ``COGNITO`` or a provider name."""

    written: str  # as the spec writes it
    name: str  # the ProviderName


class PoolProvider(Node):
    """``{identity_provider: <id>}``: a provider of this pool, by construct id."""

    identity_provider: str


ProviderChoice = Union[NamedProvider, PoolProvider]


class OAuthFlows(Node):
    authorization_code_grant: bool = False
    implicit_code_grant: bool = False
    client_credentials: bool = False

    @property
    def browser(self) -> bool:
        """The flows that redirect a browser (to the hosted pages) and so need callback URLs."""
        return self.authorization_code_grant or self.implicit_code_grant


class AuthFlows(Node):
    user_password: bool = False
    admin_user_password: bool = False
    custom: bool = False
    user_srp: bool = False
    user: bool = False


class Terms(Node):
    """A client's terms of use or privacy policy (``AWS::Cognito::Terms``)."""

    terms_name: str
    links: tuple[tuple[str, str], ...]
    terms_source: str = "LINK"
    enforcement: str = "NONE"

    @property
    def construct_id(self) -> str:  # TermsOfUse, PrivacyPolicy
        return construct_ids.terms(self.terms_name)


class Analytics(Node):
    """A client's Pinpoint analytics (``AnalyticsConfiguration``)."""

    application_id: str | None = None
    external_id: str | None = None
    role_arn: str | None = None
    share_user_data: bool | None = None


class Client(Construct):
    _optional_fields = properties.fields(properties.USER_POOL_CLIENT)  # the plain properties, as the spec gives them
    output_client_secret: bool = False  # the secret as a stack output
    auth_flows: AuthFlows | None = None
    disable_o_auth: bool = False
    o_auth: Node | None = None  # the o_auth mapping as written (None: not given)
    flows: OAuthFlows  # defaults applied
    scopes: tuple[Scope, ...]  # defaults applied
    scopes_given: bool = False
    callback_urls: tuple[str, ...] | None = None  # defaults applied (https://example.com for browser flows)
    id_token_validity: Duration | None = None
    access_token_validity: Duration | None = None
    refresh_token_validity: Duration | None = None
    refresh_token_rotation_grace_period: Duration | None = None  # None: no rotation
    analytics: Analytics | None = None
    ui_customization_css: str | None = None  # this client's hosted-UI CSS
    risk_configuration: RiskConfiguration | None = None  # this client's, in place of the pool's
    sso_session: SsoSession | None = None  # at <client>/SessionConfiguration
    managed_login_branding: ManagedLoginBranding | None = None
    # the pool serves managed login (a domain with version 2) and this client its pages, without a branding
    needs_default_branding: bool = False
    default_branding: bool = False  # and gets Cognito's look (default mode: README, deliberate difference 5)
    terms: tuple[Terms, ...] = ()
    read_attributes: tuple[str, ...] | None = None  # attribute names, sorted as the CDK sorts them
    write_attributes: tuple[str, ...] | None = None
    supported_identity_providers: tuple[ProviderChoice, ...]  # defaults applied (the pool's providers and COGNITO)
    # ids of this pool's identity providers and resource servers the client names by a plain string: the CDK
    # writes no reference to them, so nothing orders their creation before the client's
    created_after: tuple[str, ...] = ()  # so, in default mode, it is created after them (deliberate difference 4)


class Domain(Construct):
    domain_prefix: str | None = None  # cognito_domain
    domain_name: str | None = None  # custom_domain
    certificate_arn: str | None = None
    managed_login_version: int | None = None
    failover_region: str | None = None  # Routing.Failover.SecondaryRegion
    failover_health_check: str | None = None  # Routing.Failover.PrimaryRoute53HealthCheckId
    security_policy: str | None = None  # CustomDomainConfig.SecurityPolicy


class ResourceServerScope(Node):
    scope_name: str
    scope_description: str


class ResourceServer(Construct):
    identifier: str
    name: str  # defaults to the identifier
    scopes: tuple[ResourceServerScope, ...] | None = None


class IdentityProvider(Construct):
    type: Literal["google", "facebook", "amazon", "apple", "oidc", "saml"]
    provider_name: str  # given, fixed by the type, or generated from the construct path as the CDK does
    name_given: bool = False
    details: tuple[tuple[str, Any], ...] = ()  # ProviderDetails in the CDK's order (None left out), as the mode writes them
    identifiers: tuple[str, ...] | None = None
    attribute_mapping: tuple[tuple[str, str], ...] | None = None  # Cognito attribute → provider attribute
    secrets: tuple[tuple[str, str], ...] = ()  # the secret keys the spec gives, with their values


class Group(Construct):
    group_name: str | None = None
    description: str | None = None
    precedence: int | None = None
    role_arn: str | None = None


class Statement(Node):
    """An IAM policy statement (``role_policies``, grants)."""

    effect: str = "Allow"
    actions: tuple[str, ...]
    resources: tuple[str, ...] = ("*",)
    conditions: Any = None


class ImportedPrincipal(Node):
    """A role, user or group the spec names by ARN or name, imported at the stack's top level (``Role.fromRoleArn``,
    ``User.fromUserName``, ``Group.fromGroupArn``), and the statements it is given (grants first, then the identity
    pool's role_policies, which name roles only)."""

    id: str
    kind: Literal["role", "user", "group"]
    reference: str  # ARN or name, as the spec gives it
    name: str
    grants: tuple[tuple[str, ...], ...] = ()  # the actions of each grant on the pool
    statements: tuple[Statement, ...] = ()


# ------------------------------------------------------------------------------------------- identity pool
class MappingRule(Node):
    claim: str
    claim_value: str
    match_type: str
    mapped_role: str


class RoleMapping(Node):
    provider_url: Any  # a provider's URL, ClientProviderUrl or a literal value
    mapping_key: str | None = None
    template_key: str | None = None  # its key in RoleMappings; None for a token (a client's provider URL) without one
    use_token: bool = False
    resolve_ambiguous_roles: bool = False
    rules: tuple[MappingRule, ...] = ()


class ClientProviderUrl(Node):
    """``{user_pool_client: <id>}``: ``<pool provider name>:<client id>``."""

    client: str


class IdentityPool(Construct):
    identity_pool_name: str | None = None
    allow_unauthenticated_identities: bool = False
    allow_classic_flow: bool | None = None
    authenticated_role: str | None = None
    unauthenticated_role: str | None = None
    login_providers: tuple[tuple[str, str], ...] = ()  # SupportedLoginProviders, in the alpha's order
    custom_provider: str | None = None
    open_id_connect_providers: tuple[str, ...] | None = None
    saml_providers: tuple[str, ...] | None = None
    user_pool_providers: tuple[UserPoolProvider, ...] = ()  # before the one UserIdentity adds
    principal_tags: tuple[PrincipalTag, ...] = ()
    role_mappings: tuple[RoleMapping, ...] = ()
    authenticated_policies: tuple[Statement, ...] = ()
    unauthenticated_policies: tuple[Statement, ...] = ()
    role_policies_at: tuple[KeyPath, ...] = ()  # where role_policies is written (once, or twice: an error)
    tags: tuple[tuple[str, str], ...] = ()  # the stack's and the identity pool's own, in the CDK's order


class UserPoolProvider(Node):
    """A user pool that exists already, as an identity provider of the identity pool (``UserPoolAuthenticationProvider``)."""

    user_pool_id: str  # the id, or the resource name of the ARN given
    client_id: str | None  # None: the CDK adds a client to the pool (``pool``)
    server_side_token_check: bool = True
    pool: "ExistingPool | None" = None  # the pool imported at the stack's top level, with the client the CDK adds


class PrincipalTag(Node):
    """One identity provider's principal tags (``AWS::Cognito::IdentityPoolPrincipalTag``)."""

    construct_id: str  # PrincipalTags, PrincipalTags2, ...
    provider_name: str | None = None  # None: this spec's user pool
    tags: tuple[tuple[str, str], ...] | None = None
    use_defaults: bool | None = None


class UserIdentity(Construct):
    form: Literal["props", "pool", "existing"]  # user_pool as props, a pool with kind, an existing pool
    allow_signup: bool | None = None
    pool: UserPool | ExistingPool
    web_client: Client  # the client with id WebClient: declared, or the one UserIdentity adds
    web_client_declared: bool = False
    identity_pool: IdentityPool


class Spec(Node):
    """The whole spec, resolved."""

    kind: Literal["UserIdentity", "UserPoolWithMfa"]
    description: str | None = None
    acknowledge: tuple[str, ...] = ()
    root: UserIdentity | UserPool  # the construct the spec describes
    web_outputs: bool = True  # the outputs a web client's configuration needs (default mode: deliberate difference 2)
    imported_principals: tuple[ImportedPrincipal, ...] = ()
    texts: tuple[tuple[KeyPath, str], ...] = ()  # every string the spec writes, with its key path

    @property
    def pool(self) -> UserPool | ExistingPool:
        return self.root.pool if isinstance(self.root, UserIdentity) else self.root

    @property
    def identity(self) -> UserIdentity | None:
        return self.root if isinstance(self.root, UserIdentity) else None
