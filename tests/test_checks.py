"""Semantic checks: each rule fires at the key the user has to change, with its id; good specs pass."""

from __future__ import annotations

import pytest

from identity_compiler import check
from identity_compiler.codes import RULES
from identity_compiler.source.loading import load_text


def findings(text: str, pdk_compat: bool = False) -> list[tuple[str, str, str, int, int]]:
    spec = load_text(text, "s.yaml")
    return [(d.severity, d.rule, ".".join(str(p) for p in d.path), d.line, d.col)
            for d in check(spec, pdk_compat=pdk_compat)]


def errors(text: str) -> set[tuple[str, str]]:
    return {(rule, path) for sev, rule, path, _l, _c in findings(text) if sev == "error"}


POOL = "kind: UserPoolWithMfa\n"


@pytest.mark.parametrize("body, rule, path", [
    ("password_policy: {min_length: 5}\n", "IC0105", "password_policy.min_length"),
    ("password_policy: {temp_password_validity: 400 days}\n", "IC0201", "password_policy.temp_password_validity"),
    ("password_policy: {temp_password_validity: 36 hours}\n", "IC0201", "password_policy.temp_password_validity"),
    ("password_policy: {temp_password_validity: 3}\n", "IC0103", "password_policy.temp_password_validity"),
    ("mfa_message: 'Your code'\n", "IC0202", "mfa_message"),
    ("user_verification: {email_body: 'Welcome'}\n", "IC0203", "user_verification.email_body"),
    ("user_verification: {email_style: LINK, email_body: 'Click here'}\n", "IC0203", "user_verification.email_body"),
    ("sign_in_aliases: {email: true, preferred_username: true}\n", "IC0204", "sign_in_aliases.preferred_username"),
    ("enable_sms_role: false\nsms_role: arn:aws:iam::123456789012:role/sms\n", "IC0205", "enable_sms_role"),
    ("lambda_triggers: {custom_sms_sender: 'arn:aws:lambda:us-east-1:123456789012:function:f'}\n",
     "IC0206", "lambda_triggers.custom_sms_sender"),
    ("lambda_triggers: {pre_sign_up: {function_arn: 'arn:aws:lambda:us-east-1:123456789012:function:f', "
     "lambda_version: V2_0}}\n", "IC0207", "lambda_triggers.pre_sign_up.lambda_version"),
    ("mfa_second_factor: {sms: true, otp: true, email: true}\n", "IC0208", "mfa_second_factor.email"),
    ("custom_attributes: {bio: {type: string, max_len: 4096}}\n", "IC0209", "custom_attributes.bio.max_len"),
    ("custom_attributes: {age: {type: number, max_len: 3}}\n", "IC0214", "custom_attributes.age.max_len"),
    ("custom_attributes: {code: {type: string, min_len: 9, max_len: 3}}\n", "IC0213", "custom_attributes.code.min_len"),
    ("mfa_second_factor: {sms: false, otp: false}\n", "IC0701", "mfa_second_factor"),
    ("enable_sms_role: false\n", "IC0702", "enable_sms_role"),
    ("feature_plan: ESSENTIALS\n", "IC0703", "feature_plan"),
    ("lambda_triggers: {pre_sign_up: not-an-arn}\n", "IC0105", "lambda_triggers.pre_sign_up"),
    ("clients: [{id: C, disable_o_auth: true, o_auth: {scopes: [OPENID]}}]\n", "IC0301", "clients.0.o_auth"),
    ("clients: [{id: C, o_auth: {callback_urls: []}}]\n", "IC0302", "clients.0.o_auth.callback_urls"),
    ("clients: [{id: C, o_auth: {callback_urls: ['https://a.example.com'], default_redirect_uri: 'https://b.example.com'}}]\n",
     "IC0303", "clients.0.o_auth.default_redirect_uri"),
    ("clients: [{id: C, enable_propagate_additional_user_context_data: true}]\n", "IC0304",
     "clients.0.enable_propagate_additional_user_context_data"),
    ("clients: [{id: C, generate_secret: true, o_auth: {flows: {client_credentials: true, authorization_code_grant: true}}}]\n",
     "IC0305", "clients.0.o_auth.flows"),
    ("clients: [{id: C, access_token_validity: 2 minutes}]\n", "IC0306", "clients.0.access_token_validity"),
    ("clients: [{id: C, id_token_validity: 90 seconds}]\n", "IC0306", "clients.0.id_token_validity"),
    ("clients: [{id: C, refresh_token_validity: 60 minutes, access_token_validity: 1 day}]\n", "IC0306",
     "clients.0.access_token_validity"),
    ("clients: [{id: C, o_auth: {scopes: [{resource_server: Api, scope: read}]}}]\n", "IC0307",
     "clients.0.o_auth.scopes.0.resource_server"),
    ("clients: [{id: C, supported_identity_providers: [GOOGLE]}]\n", "IC0313", "clients.0.supported_identity_providers.0"),
    ("clients: [{id: C, supported_identity_providers: [{identity_provider: G}]}]\n", "IC0308",
     "clients.0.supported_identity_providers.0"),
    ("clients: [{id: C, o_auth: {callback_urls: ['http://app.example.com/cb']}}]\n", "IC0309",
     "clients.0.o_auth.callback_urls.0"),
    ("clients: [{id: C, o_auth: {callback_urls: ['https://app.example.com/#/cb']}}]\n", "IC0314",
     "clients.0.o_auth.callback_urls.0"),
    ("clients: [{id: C, o_auth: {callback_urls: ['https:///cb']}}]\n", "IC0315", "clients.0.o_auth.callback_urls.0"),
    ("clients: [{id: C, o_auth: {flows: {client_credentials: true}, scopes: [OPENID]}}]\n", "IC0310",
     "clients.0.generate_secret"),
    ("clients: [{id: C, o_auth: {flows: {client_credentials: true}, scopes: [OPENID]}}]\n", "IC0316",
     "clients.0.o_auth.scopes.0"),
    ("domains: [{id: D, cognito_domain: {domain_prefix: -login}}]\n", "IC0410", "domains.0.cognito_domain.domain_prefix"),
    ("domains: [{id: D}]\n", "IC0401", "domains.0"),
    ("domains: [{id: D, cognito_domain: {domain_prefix: my-cognito-app}}]\n", "IC0402", "domains.0.cognito_domain.domain_prefix"),
    ("domains: [{id: D, cognito_domain: {domain_prefix: My_App}}]\n", "IC0105", "domains.0.cognito_domain.domain_prefix"),
    ("identity_providers: [{id: G, type: google, client_id: x, client_secret: a, client_secret_value: b}]\n",
     "IC0408", "identity_providers.0"),
    ("identity_providers: [{id: F, type: facebook, client_id: x}]\n", "IC0409", "identity_providers.0"),
    ("identity_providers: [{id: G, type: google, client_id: x, client_secret: a, team_id: t}]\n",
     "IC0403", "identity_providers.0.team_id"),
    ("clients: [{id: A}, {id: A}]\n", "IC0005", "clients.1.id"),
    ("removal_policy: SNAPSHOT\n", "IC0707", "removal_policy"),
    ("sign_in_policy: {allowed_first_auth_factors: {password: true, passkey: true}}\n"
     "passkey_relying_party_id: example.com\n", "IC0709", "sign_in_policy.allowed_first_auth_factors.passkey"),
    ("feature_plan: LITE\nadvanced_security_mode: null\n"
     "domains: [{id: D, cognito_domain: {domain_prefix: abc}, managed_login_version: 2}]\n",
     "IC0710", "domains.0.managed_login_version"),
    ("domains: [{id: D, custom_domain: {domain_name: auth.example.com, "
     "certificate_arn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x'}}]\n",
     "IC0407", "domains.0.custom_domain.certificate_arn"),
    ("clients: [{id: C, o_auth: {scopes: ['https://api.example.com/read']}}]\n", "IC0312", "clients.0.o_auth.scopes.0"),
    ("standard_threat_protection_mode: FULL_FUNCTION\n", "IC0704", "standard_threat_protection_mode"),
])
def test_rule_fires_at_the_key(body, rule, path):
    assert (rule, path) in errors(POOL + body)


def test_good_specs_give_no_errors():
    assert errors(POOL) == set()
    assert errors("kind: UserIdentity\n") == set()


@pytest.mark.parametrize("body, rule, path", [
    ("user_pool: {user_pool_id: us-east-1_abc, mfa: OFF}\n", "IC0601", "user_pool.mfa"),
    ("user_pool: {id: Mine}\n", "IC0601", "user_pool.id"),
    ("allow_signup: true\nuser_pool: {self_sign_up_enabled: false}\n", "IC0602", "user_pool.self_sign_up_enabled"),
    ("identity_pool_options:\n  role_mappings:\n    - provider_url: {user_pool_client: WebClient}\n      use_token: true\n",
     "IC0501", "identity_pool_options.role_mappings.0.provider_url"),
    ("identity_pool_options:\n  role_mappings:\n    - provider_url: GOOGLE\n", "IC0502",
     "identity_pool_options.role_mappings.0"),
    ("identity_pool_options:\n  role_mappings:\n    - provider_url: {user_pool_client: Nope}\n      mapping_key: k\n"
     "      use_token: true\n", "IC0503", "identity_pool_options.role_mappings.0.provider_url.user_pool_client"),
])
def test_user_identity_rules(body, rule, path):
    assert (rule, path) in errors("kind: UserIdentity\n" + body)


def test_warnings_name_the_control_and_do_not_fail():
    result = findings(POOL + "password_policy: {min_length: 12}\nmfa: OPTIONAL\ndeletion_protection: false\n")
    warned = {rule for sev, rule, *_ in result if sev == "warning"}
    assert {"IC0811", "IC0812", "IC0813"} <= warned
    assert not [f for f in result if f[0] == "error"]


def test_threat_protection_without_plan_is_a_warning_in_pdk_compat_only():
    assert not [f for f in findings(POOL) if f[1] in ("IC0703", "IC0816")]
    assert [f for f in findings(POOL, pdk_compat=True) if f[1] == "IC0816" and f[0] == "warning"]


def test_misspelt_enum_and_yaml11_boolean_hints():
    messages = [d.message for d in check(load_text(POOL + "mfa: required\nself_sign_up_enabled: yes\n", "s"))]
    assert any("did you mean 'REQUIRED'" in m for m in messages)
    assert any("only true and false are booleans" in m for m in messages)


def test_every_rule_has_id_description_and_source():
    for rule_id, rule in RULES.items():
        assert rule_id.startswith("IC") and len(rule_id) == 6
        assert rule.description and rule.source and rule.severity in ("error", "warning")


def test_position_points_into_a_list_item():
    result = findings(POOL + "clients:\n  - id: C\n    access_token_validity: 2 minutes\n")
    assert ("error", "IC0306", "clients.0.access_token_validity", 4, 5) in result


def test_snapshot_removal_policy_is_an_error_except_in_pdk_compat():
    assert ("error", "IC0707") in {(f[0], f[1]) for f in findings(POOL + "removal_policy: SNAPSHOT\n")}
    assert ("warning", "IC0707") in {(f[0], f[1]) for f in findings(POOL + "removal_policy: SNAPSHOT\n", True)}


def test_warnings_for_weak_client_settings():
    result = findings(POOL + "clients: [{id: C, auth_flows: {user_password: true}, prevent_user_existence_errors: false}]\n")
    warned = {(rule, path) for sev, rule, path, *_ in result if sev == "warning"}
    assert ("IC0804", "clients.0.auth_flows.user_password") in warned
    assert ("IC0805", "clients.0.prevent_user_existence_errors") in warned


def test_acknowledged_warnings_are_not_printed():
    body = POOL + "mfa: OPTIONAL\n"
    assert any(f[1] == "IC0812" for f in findings(body))
    acknowledged = body + "acknowledge:\n  IC0812: internal tool, MFA enforced by the corporate IdP\n"
    assert not any(f[1] == "IC0812" for f in findings(acknowledged))
    assert not [f for f in findings(acknowledged) if f[0] == "error"]


def test_acknowledging_an_error_or_an_unknown_rule_is_an_error():
    from identity_compiler.codes import RETIRED

    unknown = next(f"IC08{n}" for n in range(99, 0, -1) if f"IC08{n}" not in RULES and f"IC08{n}" not in RETIRED)
    result = findings(POOL + f"acknowledge:\n  IC0201: we know better\n  {unknown}: a typo of IC0811\n")
    assert ("error", "IC0106", "acknowledge.IC0201", 3, 3) in result
    assert ("error", "IC0106", f"acknowledge.{unknown}", 4, 3) in result
    messages = [d.message for d in check(load_text(POOL + f"acknowledge:\n  {unknown}: a typo\n", "s"))]
    assert any(m.startswith(f"no rule {unknown} to acknowledge; did you mean 'IC08") for m in messages)


def test_rules_run_on_the_schema_valid_part_so_all_errors_come_at_once():
    text = (POOL + "mfa: required\nclients:\n  - id: Web\n    generate_secrett: true\n"
            "    o_auth: {callback_urls: ['http://example.com/cb']}\n"
            "  - id: Api\n    access_token_validity: 2 days\n    refresh_token_validity: 1 hour\n")
    found = errors(text)
    assert ("IC0104", "mfa") in found  # schema
    assert ("IC0101", "clients.0.generate_secrett") in found  # schema
    assert ("IC0309", "clients.0.o_auth.callback_urls.0") in found  # a rule, beside the schema errors
    assert ("IC0306", "clients.1.access_token_validity") in found
    # a default standing in for the refused 'mfa' value does not produce findings of its own
    assert not [f for f in findings(text) if f[2] == "mfa" and f[1] != "IC0104"]


@pytest.mark.parametrize("bad", ["custom_domain: {domain_name: Auth.Example.com, certificate_arn: 'arn:aws:acm:us-east-1:"
                                 "123456789012:certificate/c'}",
                                 "custom_domain: {domain_name: auth.example.com}", "custom_domain: 5",
                                 "custom_domain: {domain_name: auth.example.com, certificate_arn: 'arn:aws:acm:us-east-1:"
                                 "123456789012:certificate/c'}\n    cognito_domain: {domain_prefix: 'No_Good'}"])
def test_a_domain_with_both_forms_is_ic0401_whatever_the_schema_refuses_inside_it(bad):
    """A refused value of a form-deciding key has a stand-in, so the CDK's own error is still reported."""
    text = POOL + "domains:\n  - id: D\n    cognito_domain: {domain_prefix: abc-def}\n    " + bad + "\n"
    if "No_Good" in bad:
        text = text.replace("    cognito_domain: {domain_prefix: abc-def}\n", "")
    assert ("IC0401", "domains.0") in errors(text)


# Each case was run through the real aws-cdk-lib 2.163.1 (with @aws/pdk 0.26.15): "throws" means its
# synth throws, so --pdk-compat must refuse it too; otherwise it synthesizes and --pdk-compat compiles.
@pytest.mark.parametrize("body, rule, path, throws", [
    ("email: {with_cognito: {reply_to: 'ü@example.com'}}\n", "IC0211", "email.with_cognito.reply_to", True),
    ("email: {with_cognito: {reply_to: 'üa@example.com'}}\n", "IC0212", "email.with_cognito.reply_to", False),
    ("mfa_message: 'Code {####} " + "😀" * 67 + "'\n", "IC0202", "mfa_message", True),
    ("identity_providers:\n  - {id: O, type: oidc, name: 'a b', client_id: x, client_secret: '{{resolve:ssm:x}}', "
     "issuer_url: 'https://i.example.com'}\n", "IC0404", "identity_providers.0.name", True),
    ("identity_providers:\n  - {id: S, type: saml, name: '" + "😀" * 16 + "a', "
     "metadata: {url: 'https://i.example.com/m'}}\n", "IC0105", "identity_providers.0.name", True),
])
def test_cdk_boundaries_counted_as_javascript_counts(body, rule, path, throws):
    default = {(sev, r, p) for sev, r, p, _l, _c in findings(POOL + body)}
    compat = {(sev, r, p) for sev, r, p, _l, _c in findings(POOL + body, pdk_compat=True)}
    assert ("error", rule, path) in default
    assert (("error" if throws else "warning"), rule, path) in compat


@pytest.mark.parametrize("body", [
    "mfa_message: 'Code {####} " + "😀" * 64 + "'\n",  # 139 UTF-16 code units
    "identity_providers:\n  - {id: S, type: saml, name: '" + "😀" * 16 + "', metadata: {url: 'https://i.example.com/m'}}\n",
    "identity_providers:\n  - {id: O, type: oidc, name: 'a-b', client_id: x, client_secret: '{{resolve:ssm:x}}', "
    "issuer_url: 'https://i.example.com'}\n",
    "sign_in_aliases: {phone: false}\n",  # a username pool, as the CDK makes it
])
def test_just_inside_the_cdk_boundaries(body):
    assert errors(POOL + body) == set()


def test_pdk_compat_compiles_what_the_cdk_synthesizes_with_a_warning():
    """Both synthesize with aws-cdk-lib (the token mapping's rules are left out of the template);
    default mode refuses them, as Cognito would ignore the rules or not run threat protection."""
    from identity_compiler.pipeline import compile_text

    token = ("kind: UserIdentity\nidentity_pool_options:\n  role_mappings:\n"
             "    - provider_url: {user_pool_client: WebClient}\n      mapping_key: cognito\n      use_token: true\n"
             "      rules:\n        - {claim: email, claim_value: a@example.com, mapped_role: "
             "'arn:aws:iam::123456789012:role/r'}\n")
    plan = POOL + "feature_plan: ESSENTIALS\nadvanced_security_mode: ENFORCED\n"
    for text, rule in ((token, "IC0506"), (plan, "IC0703")):
        compat = compile_text(text, "s.yaml", pdk_compat=True)
        assert compat.ok and any(d.rule == rule and not d.is_error for d in compat.diagnostics)
        assert any(d.rule == rule and d.is_error for d in compile_text(text, "s.yaml").diagnostics)
    mapping = next(r for r in compile_text(token, "s.yaml", pdk_compat=True).data["Resources"].values()
                   if r["Type"] == "AWS::Cognito::IdentityPoolRoleAttachment")["Properties"]["RoleMappings"]
    assert all("RulesConfiguration" not in m for m in mapping.values())


@pytest.mark.parametrize("body, path", [
    ("lambda_triggers: {pre_sign_up: 'arn:aws:lambda:us-east-1:1234:function:f'}\n", "lambda_triggers.pre_sign_up"),
    ("sms_role: 'arn:aws:iam::12345:role/r'\n", "sms_role"),
    ("custom_sender_kms_key: 'arn:aws:kms:us-east-1:1234:key/k'\n", "custom_sender_kms_key"),
    ("domains: [{id: D, custom_domain: {domain_name: a.example.com, certificate_arn: "
     "'arn:aws:acm:eu-west-1:0123456789:certificate/c'}}]\n", "domains.0.custom_domain.certificate_arn"),
])
def test_an_arn_of_another_shape_is_the_apis_limit_not_the_cdks(body, path):
    """The CDK's fromXxxArn only split an ARN (aws-cdk-lib core/lib/arn.ts); a 12-digit account and the
    service's resource type are what the AWS APIs check: IC0712, an error by default, a warning with
    --pdk-compat (the CDK's own unit tests use such ARNs)."""
    assert ("error", "IC0712", path) in {(s, r, p) for s, r, p, _l, _c in findings(POOL + body)}
    compat = findings(POOL + body, pdk_compat=True)
    assert ("warning", "IC0712", path) in {(s, r, p) for s, r, p, _l, _c in compat}
    assert not [f for f in compat if f[0] == "error"]


def test_a_tag_the_api_refuses_is_reported_once_at_its_own_key():
    """A stack tag is on the pool, its SMS role and the identity pool's roles: one diagnostic, at the key."""
    from identity_compiler.pipeline import compile_text

    text = "kind: UserIdentity\ntags: {'a!b': x}\nidentity_pool_options: {tags: {'c!': y}}\n"
    found = [(d.rule, ".".join(map(str, d.path)), d.line, d.severity)
             for d in compile_text(text, "s.yaml").diagnostics if d.rule == "IC0712"]
    assert sorted(found) == [("IC0712", "identity_pool_options.tags.c!", 3, "error"),
                             ("IC0712", "tags.a!b", 2, "error")]
    compat = compile_text(text, "s.yaml", pdk_compat=True)
    assert compat.ok and {d.severity for d in compat.diagnostics if d.rule == "IC0712"} == {"warning"}
    reserved = findings("kind: UserPoolWithMfa\ntags: {aws:internal: z}\n")
    assert ("error", "IC0712", "tags.aws:internal", 2, 8) in reserved


def test_an_identity_pool_provider_client_id_takes_no_plus_as_the_identity_pool_api_refuses_it():
    """cognito-identity's CognitoIdentityProviderClientId is [\\w_]+ (cognito-idp's ClientIdType allows '+')."""
    import botocore.session

    from identity_compiler import compile_text

    shape = botocore.session.get_session().get_service_model("cognito-identity").shape_for(
        "CognitoIdentityProviderClientId")
    assert shape.metadata["pattern"] == "[\\w_]+"
    spec = ("kind: UserIdentity\nidentity_pool_options: {authentication_providers: {user_pools: "
            "[{user_pool_id: us-east-1_abc, user_pool_client_id: 'ab+c'}]}}\n")
    found = {(d.rule, d.severity) for d in compile_text(spec, "s.yaml").diagnostics}
    assert ("IC0712", "error") in found
    relaxed = {(d.rule, d.severity) for d in compile_text(spec, "s.yaml", pdk_compat=True).diagnostics}
    assert ("IC0712", "warning") in relaxed
