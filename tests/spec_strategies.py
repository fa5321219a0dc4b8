"""Hypothesis strategies for specs across the whole surface: the props of the PDK's aws-cdk-lib
2.163.1 in every spec, and in about one spec in three the props newer than that (feature plans, threat
protection, passwordless sign-in, email MFA, password history, groups, managed login, choice-based
auth and refresh-token rotation on clients), which the current aws-cdk-lib synthesizes.

Values are drawn mostly from what a user writes and partly from what sits on or just past a CDK
boundary (a 141-character MFA message, 366 days, a callback list that is empty), so that the
differential test sees both specs the CDK synthesizes and specs it throws on.
"""

from __future__ import annotations

from hypothesis import strategies as st

ACCOUNT = "123456789012"
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"]


def optional(fixed: dict | None = None, /, **keys) -> st.SearchStrategy[dict]:
    """A mapping with the ``fixed`` keys and any subset of the others."""
    return st.fixed_dictionaries(fixed or {}, optional=keys)


def nullable(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


booleans = st.booleans()
_takeover_action = st.fixed_dictionaries({"event_action": st.sampled_from(["BLOCK", "MFA_IF_CONFIGURED", "MFA_REQUIRED", "NO_ACTION"]),
                                          "notify": booleans})
_risk_email = optional({"subject": st.just("Sign-in activity")}, html_body=st.just("<p>We saw a sign-in.</p>"),
                       text_body=st.just("We saw a sign-in."))
# managed login brandings, inline (the oracle reads no files); some that Cognito refuses (own values beside settings)
brandings = optional(
    use_cognito_provided_values=booleans,
    settings=st.just({"components": {"pageBackground": {"lightMode": {"color": "ffffffff"}}}}),
    assets=st.lists(optional({"category": st.sampled_from(["PAGE_HEADER_LOGO", "FAVICON_ICO"]),
                              "color_mode": st.sampled_from(["LIGHT", "DARK"]),
                              "bytes": st.just("iVBORw0KGgo=")},
                             extension=st.sampled_from(["PNG", "ICO"]), resource_id=st.just("logo")), max_size=2),
    return_merged_resources=booleans).filter(bool)
# threat protection's risk configuration (some with ranges Cognito refuses, or with no threat protection to run it)
risk_configurations = optional(
    compromised_credentials_risk_configuration=optional(
        {"actions": st.fixed_dictionaries({"event_action": st.sampled_from(["BLOCK", "NO_ACTION"])})},
        event_filter=st.lists(st.sampled_from(["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"]), min_size=1, unique=True)),
    account_takeover_risk_configuration=optional(
        {"actions": optional(low_action=_takeover_action, medium_action=_takeover_action,
                             high_action=_takeover_action).filter(bool)},
        notify_configuration=optional({"source_arn": st.just("arn:aws:ses:us-east-1:123456789012:identity/example.com")},
                                      **{"from": st.just("security@example.com")}, reply_to=st.just("help@example.com"),
                                      block_email=_risk_email, mfa_email=_risk_email, no_action_email=_risk_email)),
    risk_exception_configuration=optional(
        blocked_ip_range_list=st.lists(st.sampled_from(["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"]), max_size=2, unique=True),
        skipped_ip_range_list=st.lists(st.sampled_from(["10.0.0.0/8", "192.0.2.0/24"]), max_size=2, unique=True)).filter(bool),
).filter(bool)
# Construct ids: mostly plain, some that the CDK names differently (punctuation, case, "Default").
ids = st.sampled_from(["Web", "Spa", "Api", "Admin", "Hosted", "Hosted_v2", "Web_c", "web-b", "Spa#1",
                       "Mobile", "Default", "WebClient", "Pool", "UserPool", "Corp", "Google", "a"])
# Values on both sides of the CDK's boundaries; most are inside, so that most specs synthesize.
code_texts = st.sampled_from(["Your code is {####}", "Code: {####}", "{####}", "Hello {username}, your password is {####}",
                              "Münchner Code {####} 🎉", "a" * 134 + "{####}", "Hello"])
link_texts = st.sampled_from(["Verify {##Verify Email##}", "Click {##Click here##} please", "Code {####}"])
subjects = st.sampled_from(["Welcome", "Your code", "Bienvenue 🎉", "x" * 140])
days = st.sampled_from(["3 days", "1 day", "365 days", "PT72H", "P3D", "7 days", "72 hours", "366 days", "36 hours"])
token_durations = st.sampled_from(["60 minutes", "5 minutes", "1 hour", "24 hours", "PT1H", "10 minutes", "1 day",
                                   "4 minutes", "1441 minutes"])
session_durations = st.sampled_from(["3 minutes", "5 minutes", "15 minutes", "PT10M", "16 minutes"])
refresh_durations = st.sampled_from(["30 days", "60 minutes", "3650 days", "1 day", "3651 days", "59 minutes"])
grace_periods = st.sampled_from(["0 seconds", "30 seconds", "60 seconds", "1 minute", "PT45S", "61 seconds"])
urls = st.sampled_from(["https://app.example.com/cb", "https://example.com", "http://localhost:3000/cb",
                        "myapp://callback", "https://app.example.com/cb#frag", "https://app.example.com/"])
emails = st.sampled_from(["noreply@example.com", "support@example.com", "no-reply@mail.example.com",
                          "jöhn@example.com", "info@bücher.example", "a@b"])


# Tags: keys in the CDK's localeCompare order and Python's differ (_, case), some past the API's limits.
tags = st.dictionaries(st.sampled_from(["team", "Team", "app", "_", "a", "A", "cost-center", "aws:x", "", "k" * 129]),
                       st.sampled_from(["identity", "", "v" * 257, "Ünïcode"]), max_size=4)


def arn(service: str, resource: str) -> st.SearchStrategy[str]:
    return st.sampled_from([f"arn:aws:{service}:us-east-1:{ACCOUNT}:{resource}",
                            f"arn:aws:{service}:eu-west-1:{ACCOUNT}:{resource}-2"])


role_arns = st.sampled_from([f"arn:aws:iam::{ACCOUNT}:role/admin", f"arn:aws:iam::{ACCOUNT}:role/path/reader",
                             f"arn:aws:iam::{ACCOUNT}:role/auth", f"arn:aws:iam::{ACCOUNT}:role/sms"])
lambda_arns = st.sampled_from([f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:fn-{n}" for n in "abc"])
kms_arn = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
# SMS through AWS End User Messaging SMS (the pool's or a replica's), with a Region Cognito may refuse
EUMS_SMS = optional({"caller_arn": st.just(f"arn:aws:iam::{ACCOUNT}:role/sms-voice")},
                    origination_identity=st.sampled_from(["+15555550100", "ShopAuth"]),
                    configuration_set_name=st.just("auth-sms"), external_id=st.just("shop"),
                    region=st.sampled_from(["us-east-1", "eu-west-1"]))
standard_names = ["address", "birthdate", "email", "family_name", "gender", "given_name", "locale", "middle_name",
                  "fullname", "nickname", "phone_number", "profile_picture", "preferred_username", "profile_page",
                  "timezone", "last_update_time", "website"]
TRIGGER_OPERATIONS = ["create_auth_challenge", "custom_message", "define_auth_challenge", "post_authentication",
                      "post_confirmation", "pre_authentication", "pre_sign_up", "pre_token_generation",
                      "user_migration", "verify_auth_challenge_response", "custom_sms_sender", "custom_email_sender",
                      "pre_token_generation_config", "inbound_federation"]


def custom_attribute() -> st.SearchStrategy[dict]:
    lengths = st.sampled_from([0, 1, 32, 2048, 2049])
    return st.one_of(
        optional({"type": st.just("string")}, min_len=lengths, max_len=lengths, mutable=booleans),
        optional({"type": st.just("number")}, min=st.integers(-5, 100), max=st.integers(0, 1000), mutable=booleans),
        optional({"type": st.sampled_from(["boolean", "datetime"])}, mutable=booleans),
    )


def email_config() -> st.SearchStrategy[dict]:
    ses = optional({"from_email": emails, "ses_region": st.sampled_from(REGIONS)},
                   from_name=st.sampled_from(["Example, Inc.", "Ünïcode Co", "Team"]), reply_to=emails,
                   ses_verified_domain=st.sampled_from(["example.com", "mail.example.com", "other.com"]),
                   configuration_set_name=st.just("auth-mails"))
    return st.one_of(st.fixed_dictionaries({"with_cognito": nullable(optional(reply_to=emails))}),
                     st.fixed_dictionaries({"with_ses": ses}))


def triggers() -> st.SearchStrategy[dict]:
    long_form = optional({"function_arn": lambda_arns}, lambda_version=st.sampled_from(["V1_0", "V2_0"]),
                         add_permission=booleans)
    return st.dictionaries(st.sampled_from(TRIGGER_OPERATIONS), st.one_of(lambda_arns, long_form), max_size=3)


# A pool's attachments (resources beside it that take its id): a pool of the spec's and one made elsewhere take them.
ATTACHMENTS = dict(
    log_configurations=st.lists(st.fixed_dictionaries(
        {"event_source": st.sampled_from(["userNotification", "userAuthEvents"])},
        optional={"log_level": st.sampled_from(["ERROR", "INFO"])}).flatmap(lambda c: st.one_of(
            st.just({**c, "cloud_watch_logs_configuration": {
                "log_group_arn": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/cognito/auth"}}),
            st.just({**c, "s3_configuration": {"bucket_arn": "arn:aws:s3:::auth-logs"}}))), max_size=2),
    ui_customization=st.just({"css": ".banner-customizable {background-color: black;}"}),
    risk_configuration=risk_configurations,
    web_acl_arn=st.sampled_from([f"arn:aws:wafv2:us-east-1:{ACCOUNT}:regional/webacl/auth/a1b2",
                                 f"arn:aws:wafv2:us-east-1:{ACCOUNT}:global/webacl/cdn/c3d4"]),
)
SESSION_CONFIGURATIONS = optional({"user_session_tracking": st.sampled_from(["ENABLED", "DISABLED"])},
                                  token_session=st.fixed_dictionaries({"max_per_user": st.sampled_from(
                                      [1, 5, 20, 100, 101])}))


def pool_props() -> st.SearchStrategy[dict]:
    flags = lambda *names: nullable(optional(**{n: booleans for n in names}))  # noqa: E731
    return optional(
        account_recovery=nullable(st.sampled_from(["EMAIL_ONLY", "PHONE_WITHOUT_MFA_AND_EMAIL",
                                                   "EMAIL_AND_PHONE_WITHOUT_MFA", "PHONE_ONLY_WITHOUT_MFA", "NONE",
                                                   "PHONE_AND_EMAIL"])),
        advanced_security_mode=nullable(st.sampled_from(["ENFORCED", "AUDIT", "OFF"])),
        auto_verify=flags("email", "phone"),
        keep_original=flags("email", "phone"),
        custom_attributes=st.dictionaries(st.sampled_from(["tenant", "plan", "score", "x", "a_b", "joined"]),
                                          custom_attribute(), max_size=3),
        custom_sender_kms_key=st.just(kms_arn),
        deletion_protection=nullable(booleans),
        device_tracking=st.fixed_dictionaries({"challenge_required_on_new_device": booleans,
                                               "device_only_remembered_on_user_prompt": booleans}),
        email=email_config(),
        email_authentication_message=code_texts,
        email_authentication_subject=subjects,
        enable_sms_role=booleans,
        lambda_triggers=triggers(),
        mfa=nullable(st.sampled_from(["REQUIRED", "OPTIONAL", "OFF"])),
        mfa_message=code_texts,
        mfa_second_factor=nullable(st.fixed_dictionaries({"sms": booleans, "otp": booleans})),
        password_policy=nullable(optional(min_length=st.sampled_from([6, 8, 12, 99]), require_lowercase=booleans,
                                          require_uppercase=booleans, require_digits=booleans,
                                          require_symbols=booleans, temp_password_validity=days)),
        removal_policy=st.sampled_from(["RETAIN", "DESTROY", "SNAPSHOT", "RETAIN_ON_UPDATE_OR_DELETE"]),
        self_sign_up_enabled=nullable(booleans),
        sign_in_aliases=flags("username", "email", "phone", "preferred_username"),
        sign_in_case_sensitive=nullable(booleans),
        sms_role=role_arns,
        sms_role_external_id=st.sampled_from(["my-external-id", "x"]),
        sns_region=st.sampled_from(REGIONS),
        standard_attributes=nullable(st.dictionaries(st.sampled_from(standard_names),
                                                     optional(required=booleans, mutable=booleans), max_size=4)),
        user_invitation=optional(email_subject=subjects, email_body=code_texts, sms_message=code_texts),
        tags=tags,
        **ATTACHMENTS,
        user_pool_name=st.sampled_from(["members", "my pool", "Pööl", "p" * 128, "p" * 129]),
        user_verification=st.one_of(
            optional(email_subject=subjects, email_body=code_texts, email_style=st.just("CODE"), sms_message=code_texts),
            optional({"email_style": st.just("LINK")}, email_subject=subjects, email_body=link_texts,
                     sms_message=code_texts)),
    )


def identity_provider(provider_id: str) -> st.SearchStrategy[dict]:
    secret = st.sampled_from(["{{resolve:secretsmanager:idp:SecretString:secret}}", "plain-secret"])
    provider_attributes = st.sampled_from(["GOOGLE_EMAIL", "GOOGLE_NAME", "FACEBOOK_ID", "APPLE_EMAIL", "AMAZON_EMAIL",
                                           "email", "name", "http://schemas/claims/email"])
    mapping = st.dictionaries(st.sampled_from(["email", "fullname", "given_name", "email_verified", "profile_picture"]),
                              provider_attributes, max_size=3)
    mapping = st.tuples(mapping, st.dictionaries(st.sampled_from(["tenant", "custom-attr-1"]), provider_attributes,
                                                 max_size=2)).map(lambda m: {**m[0], "custom": m[1]} if m[1] else m[0])
    common = {"id": st.just(provider_id)}
    names = st.sampled_from(["CorpSaml", "Okta", "a b", "ab", "Corp_1", "x" * 32, "x" * 33])
    return st.one_of(
        optional({**common, "type": st.just("google"), "client_id": st.just("google-id"),
                  "client_secret_value": secret}, scopes=st.just(["profile", "email"]), attribute_mapping=mapping),
        optional({**common, "type": st.just("facebook"), "client_id": st.just("fb"), "client_secret": secret},
                 api_version=st.just("v17.0"), attribute_mapping=mapping),
        optional({**common, "type": st.just("amazon"), "client_id": st.just("amzn"), "client_secret": secret},
                 scopes=st.just(["profile"])),
        optional({**common, "type": st.just("apple"), "client_id": st.just("com.example"), "team_id": st.just("TEAM"),
                  "key_id": st.just("KEY"), "private_key_value": secret}, scopes=st.just(["name", "email"])),
        optional({**common, "type": st.just("oidc"), "client_id": st.just("oidc-id"), "client_secret": secret,
                  "issuer_url": st.just("https://login.example.com")},
                 name=names, identifiers=st.just(["corp.example.com"]),
                 attribute_request_method=st.sampled_from(["GET", "POST"]), scopes=st.just(["openid", "email"]),
                 attribute_mapping=mapping),
        optional({**common, "type": st.just("saml"),
                  "metadata": st.sampled_from([{"url": "https://idp.example.com/m"}, {"file": "<EntityDescriptor/>"}])},
                 name=names, idp_signout=booleans, encrypted_responses=booleans,
                 request_signing_algorithm=st.just("RSA_SHA256"), idp_initiated=booleans,
                 identifiers=st.just(["corp"]), attribute_mapping=mapping),
    )


def resource_server(server_id: str) -> st.SearchStrategy[dict]:
    scope = st.fixed_dictionaries({"scope_name": st.sampled_from(["read", "write", "admin"]),
                                   "scope_description": st.sampled_from(["Read", "Write"])})
    return optional({"id": st.just(server_id), "identifier": st.sampled_from(["api", "https://api.example.com", "orders"])},
                    scopes=st.lists(scope, max_size=2, unique_by=lambda s: s["scope_name"]),
                    user_pool_resource_server_name=st.just("My API"))


@st.composite
def client(draw, client_id: str, servers: list[dict], providers: list[dict], newer: bool = False) -> dict:
    scope_choices = ["OPENID", "EMAIL", "PHONE", "PROFILE", "COGNITO_ADMIN", "openid", "api/read"]
    scope_choices += [{"resource_server": s["id"], "scope": sc["scope_name"]}
                      for s in servers for sc in s.get("scopes", [])]
    idp_choices = ["COGNITO", "GOOGLE", "FACEBOOK", "CorpSaml"] + [{"identity_provider": p["id"]} for p in providers]
    o_auth = optional(
        flows=optional(authorization_code_grant=booleans, implicit_code_grant=booleans, client_credentials=booleans),
        callback_urls=st.lists(urls, max_size=2, unique=True),
        logout_urls=st.lists(urls, max_size=2, unique=True),
        default_redirect_uri=urls,
        scopes=st.lists(st.sampled_from(scope_choices), max_size=3, unique_by=str),
    )
    item = draw(optional(
        {"id": st.just(client_id)},
        auth_flows=optional(admin_user_password=booleans, custom=booleans, user_password=booleans, user_srp=booleans),
        o_auth=o_auth,
        generate_secret=booleans,
        id_token_validity=token_durations, access_token_validity=token_durations,
        refresh_token_validity=refresh_durations, auth_session_validity=session_durations,
        prevent_user_existence_errors=booleans, enable_token_revocation=booleans,
        enable_propagate_additional_user_context_data=booleans,
        read_attributes=optional(standard_attributes=optional(email=booleans, given_name=booleans, email_verified=booleans),
                                 custom_attributes=st.just(["tenant"])),
        write_attributes=optional(standard_attributes=optional(given_name=booleans)),
        supported_identity_providers=st.lists(st.sampled_from(idp_choices), max_size=2, unique_by=str),
        user_pool_client_name=st.sampled_from(["spa-client", "c" * 128]),
        disable_o_auth=booleans,
        output_client_secret=booleans,
    ))
    item.update(draw(optional(ui_customization=st.just({"css": ".label-customizable {font-weight: 400;}"}),
                              risk_configuration=risk_configurations)))
    if newer:
        item.update(draw(optional(managed_login_branding=brandings,
                                  sso_session=st.fixed_dictionaries({"max_validity_minutes": st.sampled_from(
                                      [0, 60, 480, 129600, 129601])}))))
    if newer:
        item.update(draw(optional(terms=st.lists(st.fixed_dictionaries({
            "terms_name": st.sampled_from(["terms-of-use", "privacy-policy"]),
            "links": st.sampled_from([{"cognito:default": "https://example.com/terms"},
                                      {"cognito:english": "https://example.com/en", "cognito:french": "https://example.com/fr"}])}),
            min_size=1, max_size=2))))
        item.update(draw(optional(refresh_token_rotation_grace_period=grace_periods, analytics=optional(
            application_id=st.sampled_from(["0123456789abcdef0123456789abcdef", "not-hex"]),
            external_id=st.just("pinpoint-external-id"), role_arn=role_arns, share_user_data=booleans))))
        if "auth_flows" in item and draw(booleans):
            item["auth_flows"]["user"] = draw(booleans)
    if draw(_mostly):  # most clients keep within the CDK's rules; the others break one or two of them
        if item.get("disable_o_auth"):
            item.pop("o_auth", None)
        if item.get("enable_propagate_additional_user_context_data") or item.get("output_client_secret"):
            item["generate_secret"] = True
        oauth = item.get("o_auth") or {}
        if "default_redirect_uri" in oauth:
            oauth["callback_urls"] = sorted({*oauth.get("callback_urls", []), oauth["default_redirect_uri"]})
        if oauth.get("callback_urls") == []:
            del oauth["callback_urls"]
    return item


# True three times in four: whether a composite repairs the conflicts its independent draws made.
_mostly = st.integers(0, 3).map(bool)


def group(group_id: str) -> st.SearchStrategy[dict]:
    return optional({"id": st.just(group_id)}, group_name=st.sampled_from(["admins", "readers", "g" * 128]),
                    description=st.sampled_from(["Administrators", ""]), precedence=st.sampled_from([0, 1, 10]),
                    role_arn=role_arns)


@st.composite
def methods(draw, grants: bool = True, newer: bool = False) -> dict:
    """The pool's method lists (identity providers, resource servers, clients, domains, groups, grants)."""
    out: dict = {}
    used: set[str] = set()

    def new_ids(count: int) -> list[str]:
        """Ids for ``count`` new items: mostly unique in the pool, sometimes one already taken."""
        fresh = ids.filter(lambda i: i not in used) if draw(_mostly) else ids
        chosen = draw(st.lists(fresh, min_size=count, max_size=count, unique=True))
        used.update(chosen)
        return chosen

    providers = [draw(identity_provider(i)) for i in new_ids(draw(st.integers(0, 2)))]
    servers = [draw(resource_server(i)) for i in new_ids(draw(st.integers(0, 2)))]
    clients = [draw(client(i, servers, providers, newer)) for i in new_ids(draw(st.integers(0, 3)))]
    domains = [draw(st.one_of(
        st.fixed_dictionaries({"id": st.just(i), "cognito_domain": st.fixed_dictionaries(
            {"domain_prefix": st.sampled_from(["my-app", "my-app-login", "My_App", "aws-login"])})}),
        st.fixed_dictionaries({"id": st.just(i), "custom_domain": st.fixed_dictionaries(
            {"domain_name": st.just("auth.example.com"), "certificate_arn": arn("acm", "certificate/abcd-1234")})}),
    )) for i in new_ids(draw(st.integers(0, 2)))]
    groups = []
    if newer:
        for domain in domains:
            domain.update(draw(optional(managed_login_version=st.sampled_from([1, 2]))))
            if "custom_domain" in domain:
                domain["custom_domain"].update(draw(optional(security_policy=st.sampled_from(
                    ["TLS_V1_2_2021", "TLS_V1_3_2025", "TLS_V1"]))))
        groups = [draw(group(i)) for i in new_ids(draw(st.integers(0, 2)))]
    for key, items in (("identity_providers", providers), ("resource_servers", servers), ("clients", clients),
                       ("domains", domains), ("groups", groups)):
        if items:
            out[key] = items
    if grants and draw(booleans):
        out["grants"] = draw(st.lists(st.one_of(
            optional({"role_arn": role_arns, "actions": st.just(["cognito-idp:AdminGetUser"])}, id=ids),
            optional({"role_name": st.sampled_from(["admin", "ops"]), "actions": st.just(["cognito-idp:ListUsers"])},
                     id=ids),
            optional({"user_name": st.sampled_from(["alice", "admin"]), "actions": st.just(["cognito-idp:AdminGetUser"])},
                     id=ids),
            optional({"user_arn": st.just(f"arn:aws:iam::{ACCOUNT}:user/ops/bob"),
                      "actions": st.just(["cognito-idp:ListUsers"])}),
            optional({"group_name": st.sampled_from(["admins", "ops"]),
                      "actions": st.just(["cognito-idp:AdminCreateUser", "cognito-idp:AdminDeleteUser"])}, id=ids),
            optional({"group_arn": st.just(f"arn:aws:iam::{ACCOUNT}:group/support"),
                      "actions": st.just(["cognito-idp:ListUsers"])})), min_size=1, max_size=2))
    return out


def statement() -> st.SearchStrategy[dict]:
    return optional({"actions": st.sampled_from([["execute-api:Invoke"], ["s3:GetObject", "s3:PutObject"]]),
                     "resources": st.sampled_from([["*"], ["arn:aws:s3:::bucket/*"]])},
                    effect=st.sampled_from(["Allow", "Deny"]),
                    conditions=st.just({"StringEquals": {"aws:RequestedRegion": "us-east-1"}}))


@st.composite
def identity_pool_options(draw, client_ids: list[str]) -> dict:
    provider_urls = ["GOOGLE", "FACEBOOK", "AMAZON", {"oidc": "https://login.example.com"},
                     {"custom": "login.myapp"}] + [{"user_pool_client": c} for c in client_ids]
    rule = optional({"claim": st.just("email"), "claim_value": st.just("admin@example.com"), "mapped_role": role_arns},
                    match_type=st.sampled_from(["EQUALS", "CONTAINS", "STARTS_WITH", "NOTEQUAL"]))
    mapping = optional({"provider_url": st.sampled_from(provider_urls)}, mapping_key=st.sampled_from(["cognito", "google"]),
                       use_token=booleans, resolve_ambiguous_roles=booleans,
                       rules=st.lists(rule, min_size=1, max_size=2))
    return draw(optional(
        identity_pool_name=st.sampled_from(["my_identity_pool", "app pool"]),
        allow_unauthenticated_identities=booleans,
        allow_classic_flow=booleans,
        authenticated_role=st.sampled_from([f"arn:aws:iam::{ACCOUNT}:role/auth",
                                            {"role_arn": f"arn:aws:iam::{ACCOUNT}:role/auth", "id": "AuthRole"}]),
        unauthenticated_role=st.sampled_from([f"arn:aws:iam::{ACCOUNT}:role/guest",
                                              {"role_arn": f"arn:aws:iam::{ACCOUNT}:role/guest", "id": "auth"}]),
        authentication_providers=optional(
            amazon=st.just({"app_id": "amzn1.application.abc"}), google=st.just({"client_id": "g.apps"}),
            facebook=st.just({"app_id": "1234"}), apple=st.just({"services_id": "com.example.web"}),
            twitter=st.just({"consumer_key": "k", "consumer_secret": "s"}),
            open_id_connect_providers=st.just([f"arn:aws:iam::{ACCOUNT}:oidc-provider/login.example.com"]),
            saml_providers=st.just([f"arn:aws:iam::{ACCOUNT}:saml-provider/corp"]),
            custom_provider=st.just("login.myapp"),
            user_pools=st.lists(st.one_of(optional(  # with a client of its own, or the one the provider adds
                {"user_pool_client_id": st.sampled_from(["abcdef123", "partnerclient"])}),
                optional(id=st.sampled_from(["Partner", "Partner_b"]))).flatmap(
                lambda u: optional({k: st.just(v) for k, v in u.items()}, disable_server_side_token_check=booleans)).flatmap(lambda u: st.sampled_from([
                    {**u, "user_pool_id": "us-east-1_Partner1"},
                    {**u, "user_pool_arn": f"arn:aws:cognito-idp:eu-west-1:{ACCOUNT}:userpool/eu-west-1_Partner2"}])),
                min_size=1, max_size=2)),
        principal_tags=st.lists(optional(
            identity_provider_name=st.sampled_from(["accounts.google.com", "graph.facebook.com"]),
            principal_tags=st.dictionaries(st.sampled_from(["department", "team", "tenant"]),
                                           st.sampled_from(["custom:department", "email", "sub"]), max_size=2),
            use_defaults=booleans), min_size=1, max_size=2),
        role_mappings=st.lists(mapping, max_size=2),
        tags=tags,
    ))


def newer_pool_props() -> st.SearchStrategy[dict]:
    """The pool props newer than aws-cdk-lib 2.163.1."""
    factors = optional({"password": st.sampled_from([True, True, True, False])},
                       email_otp=booleans, sms_otp=booleans, passkey=booleans)
    return optional(
        feature_plan=st.sampled_from(["LITE", "ESSENTIALS", "PLUS"]),
        standard_threat_protection_mode=st.sampled_from(["FULL_FUNCTION", "AUDIT_ONLY", "NO_ENFORCEMENT"]),
        custom_threat_protection_mode=st.sampled_from(["FULL_FUNCTION", "AUDIT_ONLY"]),
        sign_in_policy=optional(allowed_first_auth_factors=factors),
        passkey_relying_party_id=st.sampled_from(["auth.example.com", "example.com", "x" * 63, "x" * 64]),
        passkey_user_verification=st.sampled_from(["PREFERRED", "REQUIRED"]),
        password_history_size=st.sampled_from([0, 5, 24, 25]),
        email_mfa=booleans,
        web_authn_factor_configuration=st.sampled_from(["SINGLE_FACTOR", "MULTI_FACTOR_WITH_USER_VERIFICATION"]),
        key_configuration=st.one_of(
            st.just({"key_type": "AWS_OWNED_KEY"}),
            st.fixed_dictionaries({"key_type": st.just("CUSTOMER_MANAGED_KEY"), "kms_key_arn": st.sampled_from([
                "arn:aws:kms:us-east-1:123456789012:key/mrk-1a2b3c4d",
                "arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"])})),
        issuer_configuration=st.fixed_dictionaries({"type": st.sampled_from(["ORIGINAL", "UPDATED"])}),
        eums_sms=EUMS_SMS,
        session_configuration=SESSION_CONFIGURATIONS,
        replicas=st.lists(optional({"region": st.sampled_from(["eu-west-1", "ap-southeast-2", "us-west-2"])},
                                   status=st.sampled_from(["ACTIVE", "INACTIVE"]),
                                   tags=st.dictionaries(st.sampled_from(["team", "role"]), st.sampled_from(["a", "b"]),
                                                        max_size=2),
                                   threat_protection_email=st.fixed_dictionaries({"source_arn": st.sampled_from([
                                       "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
                                       "arn:aws:ses:us-west-2:123456789012:identity/example.com"])}),
                                   log_configurations=st.just([{"event_source": "userNotification",
                                                                "cloud_watch_logs_configuration": {
                                                                    "log_group_arn": "arn:aws:logs:eu-west-1:"
                                                                                     "123456789012:log-group:/auth"}}]),
                                   web_acl_arn=st.just("arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/a/1"),
                                   eums_sms=EUMS_SMS,
                                   custom_sender_kms_key=st.just("arn:aws:kms:eu-west-1:123456789012:key/mrk-1a")),
                          min_size=1, max_size=2, unique_by=lambda r: r["region"]),
    )


@st.composite
def consistent_pool_props(draw, newer: bool = False) -> dict:
    """Pool props, their conflicts mostly repaired."""
    props = draw(pool_props())
    if newer:
        extra = draw(newer_pool_props())
        if "password_history_size" in extra:
            props["password_policy"] = {**(props.get("password_policy") or {}),
                                        "password_history_size": extra.pop("password_history_size")}
        if extra.pop("email_mfa", False):
            props["mfa_second_factor"] = {**(props.get("mfa_second_factor") or {"sms": False, "otp": True}), "email": True}
        props.update(extra)
        if draw(_mostly):
            if {"standard_threat_protection_mode", "custom_threat_protection_mode"} & set(props):
                props["advanced_security_mode"] = None
            policy = (props.get("sign_in_policy") or {}).get("allowed_first_auth_factors") or {}
            passwordless = any(policy.get(k) for k in ("email_otp", "sms_otp", "passkey"))
            if passwordless or (props.get("mfa_second_factor") or {}).get("email") or \
                    (props.get("password_policy") or {}).get("password_history_size") is not None:
                props["feature_plan"] = draw(st.sampled_from(["ESSENTIALS", "PLUS"]))
            if (props.get("mfa_second_factor") or {}).get("email"):
                props["email"] = {"with_ses": {"from_email": "noreply@example.com", "ses_region": "us-east-1"}}
            if policy.get("passkey"):
                props.setdefault("passkey_relying_party_id", "auth.example.com")
            if policy:
                policy["password"] = True
    if draw(_mostly):
        if props.get("enable_sms_role") is False:
            props.pop("sms_role", None)
        if (props.get("sign_in_aliases") or {}).get("preferred_username"):
            props["sign_in_aliases"]["username"] = True
        ses = (props.get("email") or {}).get("with_ses") or {}
        if "ses_verified_domain" in ses:
            ses["from_email"] = "noreply@" + ses["ses_verified_domain"]
        triggers = props.get("lambda_triggers") or {}
        if {"custom_sms_sender", "custom_email_sender"} & set(triggers):
            props["custom_sender_kms_key"] = kms_arn
        for operation, trigger in triggers.items():
            if isinstance(trigger, dict) and operation not in ("pre_token_generation_config", "inbound_federation"):
                trigger.pop("lambda_version", None)
    return props


# The PDK's legacy defaults (the @aws/identity:useLegacyMFAProps context), mostly on when given.
_legacy = st.sampled_from([True, True, False])
# True one time in three: whether a spec also has the props newer than aws-cdk-lib 2.163.1.
_newer = st.integers(0, 2).map(lambda n: n == 0)


@st.composite
def user_pool_with_mfa(draw) -> dict:
    newer = draw(_newer)
    return {"kind": "UserPoolWithMfa", **draw(optional(id=ids, pdk_legacy_defaults=_legacy)),
            **draw(consistent_pool_props(newer)), **draw(methods(newer=newer))}


@st.composite
def user_identity(draw) -> dict:
    form = draw(st.sampled_from(["absent", "props", "own", "existing"]))
    newer = draw(_newer)
    spec: dict = {"kind": "UserIdentity", **draw(optional(id=ids, allow_signup=booleans, pdk_legacy_defaults=_legacy,
                                                          tags=tags))}
    if form == "props":
        spec["user_pool"] = {**draw(consistent_pool_props(newer)), **draw(methods(newer=newer))}
    elif form == "own":
        spec["user_pool"] = {"kind": draw(st.sampled_from(["UserPoolWithMfa", "UserPool"])), **draw(optional(id=ids)),
                             **draw(consistent_pool_props(newer)), **draw(methods(newer=newer))}
    elif form == "existing":
        reference = draw(st.sampled_from([{"user_pool_id": "us-east-1_abcDEF123"},
                                          {"user_pool_arn": f"arn:aws:cognito-idp:us-east-1:{ACCOUNT}:userpool/us-east-1_abc"}]))
        attachments = dict(ATTACHMENTS, **({"session_configuration": SESSION_CONFIGURATIONS} if newer else {}))
        spec["user_pool"] = {**reference, **draw(optional(id=ids)), **draw(methods(newer=newer)),
                             **draw(optional(**attachments))}
    client_ids = [c["id"] for c in (spec.get("user_pool") or {}).get("clients", [])] + ["WebClient"]
    options = draw(identity_pool_options(client_ids))
    if options:
        spec["identity_pool_options"] = options
    if draw(booleans):
        spec["role_policies"] = draw(optional(authenticated=st.lists(statement(), min_size=1, max_size=2),
                                              unauthenticated=st.lists(statement(), min_size=1, max_size=2)))
    return spec


specs = st.one_of(user_pool_with_mfa(), user_identity())
