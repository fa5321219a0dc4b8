"""The resolve stage: one interpretation of a spec, as the typed, frozen model rules and builders read."""

from __future__ import annotations

import json

import pytest

from identity_compiler.spec import model, records
from identity_compiler.pipeline import compile_spec, compile_text
from identity_compiler.source.loading import load_text
from identity_compiler.resolve.resolving import resolve


def resolved(text: str, stack_name: str = "Stack") -> tuple[model.Spec, list]:
    return resolve(load_text(text, "spec.yaml").data, stack_name)


def test_the_pdk_default_resolves_with_its_defaults_and_construct_paths():
    spec, collisions = resolved("kind: UserIdentity\n")
    assert collisions == []
    identity = spec.root
    pool = identity.pool
    assert (identity.form, identity.construct_path, pool.construct_path) == ("props", ("Identity",), ("Identity", "UserPool"))
    assert (pool.mfa, pool.deletion_protection, pool.advanced_security_mode) == ("REQUIRED", True, "ENFORCED")
    assert pool.password_policy.temp_password_validity.to_days() == 3
    assert pool.enabled_mfas == ("SMS_MFA", "SOFTWARE_TOKEN_MFA") and pool.sms_role_created
    web = identity.web_client
    assert not identity.web_client_declared and web.construct_path == ("Identity", "UserPool", "WebClient")
    assert web.callback_urls == ("https://example.com",)  # the CDK's default for the code and implicit grants
    assert [s.value for s in web.scopes] == ["profile", "phone", "email", "openid", "aws.cognito.signin.user.admin"]
    assert identity.identity_pool.construct_path == ("Identity", "IdentityPool")


def test_the_model_is_frozen_keyword_only_and_compared_by_value():
    spec, _ = resolved("kind: UserPoolWithMfa\nclients: [{id: A}]\n")
    client = spec.root.clients[0]
    with pytest.raises(AttributeError):
        client.generate_secret = True  # type: ignore[misc]
    with pytest.raises(TypeError):
        type(client)(id="A")  # construct_path and the rest are required
    again, _ = resolved("kind: UserPoolWithMfa\nclients: [{id: A}]\n")
    assert again.root.clients[0] == client and hash(again.root.clients[0]) == hash(client) and again is not spec
    assert records.replace(client, generate_secret=True).generate_secret and client.generate_secret is None
    assert records.fields(client)[:3] == ("path", "given", "id")


def test_a_plain_user_pool_takes_the_cdk_defaults_not_the_pdks():
    spec, _ = resolved("kind: UserIdentity\nuser_pool: {kind: UserPool}\n")
    pool = spec.root.pool
    assert (pool.mfa, pool.password_policy, pool.account_recovery) == (None, None, "PHONE_WITHOUT_MFA_AND_EMAIL")
    assert (pool.sign_in_aliases.username, pool.sign_in_aliases.email) == (True, False)
    assert pool.construct_path == ("UserPool",) and spec.root.construct_path == ("Identity",)


def test_a_generated_provider_name_is_the_one_the_template_gets():
    text = ("kind: UserPoolWithMfa\nidentity_providers:\n  - {id: Corp, type: oidc, client_id: c, "
            "client_secret: '{{resolve:ssm:s}}', issuer_url: 'https://idp.example.com'}\n")
    spec, _ = resolved(text, "AuthStack")
    result = compile_text(text, "spec.yaml", stack_name="AuthStack")
    [provider] = [r for r in result.data["Resources"].values() if r["Type"] == "AWS::Cognito::UserPoolIdentityProvider"]
    assert provider["Properties"]["ProviderName"] == spec.root.identity_providers[0].provider_name


def test_validate_reports_construct_id_collisions_without_building():
    spec = load_text("kind: UserPoolWithMfa\nclients: [{id: A}]\ndomains: [{id: A, cognito_domain: {domain_prefix: abc}}]\n",
                     "spec.yaml")
    result = compile_spec(spec, build=False)
    assert [(d.rule, d.path) for d in result.diagnostics if d.is_error] == [("IC0005", ("domains", 0, "id"))]


@pytest.mark.parametrize("own, text", [
    ("smsRole", "kind: UserPoolWithMfa\nclients: [{id: smsRole}]\n"),
    ("Resource", "kind: UserPoolWithMfa\ngroups: [{id: Resource}]\n"),
    ("PreSignUpCognito", "kind: UserPoolWithMfa\nlambda_triggers: {pre_sign_up: "
                         "'arn:aws:lambda:us-east-1:123456789012:function:f'}\nclients: [{id: PreSignUpCognito}]\n"),
])
def test_an_id_the_pool_gives_its_own_children_collides(own, text):
    spec, collisions = resolved(text)
    assert len(collisions) == 1 and f"'{own}'" in collisions[0][1], collisions


def test_without_an_sms_role_the_id_smsrole_is_free():
    _, collisions = resolved("kind: UserPoolWithMfa\nmfa: OPTIONAL\nmfa_second_factor: {sms: false, otp: true}\n"
                             "sign_in_aliases: {username: true}\nauto_verify: {email: true}\nclients: [{id: smsRole}]\n")
    assert collisions == []


def test_role_mapping_keys_are_resolved_once():
    spec, _ = resolved("kind: UserIdentity\nidentity_pool_options:\n  role_mappings:\n"
                       "    - {provider_url: GOOGLE, use_token: true}\n"
                       "    - {provider_url: {user_pool_client: WebClient}, mapping_key: web, use_token: true}\n")
    keys = [m.template_key for m in spec.root.identity_pool.role_mappings]
    assert keys == ["accounts.google.com", "web"]
    result = compile_text(json.dumps({"kind": "UserIdentity", "identity_pool_options": {"role_mappings": [
        {"provider_url": "GOOGLE", "use_token": True}]}}), "spec.json")
    [attachment] = [r for r in result.data["Resources"].values() if r["Type"] == "AWS::Cognito::IdentityPoolRoleAttachment"]
    assert list(attachment["Properties"]["RoleMappings"]) == ["accounts.google.com"]
