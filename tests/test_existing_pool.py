"""A pool made elsewhere (``user_pool: {user_pool_id}``) takes what a CDK or Terraform user attaches to one: the web
ACL's association, log delivery, the hosted UI's CSS, threat protection's risk configuration and the session
configuration, each a resource of its own under the imported pool's construct; its props stay refused (IC0601)."""

from __future__ import annotations

import json

from identity_compiler import check, compile_text
from identity_compiler.commands.importing import import_template
from identity_compiler.source.loading import load_text

POOL_ID = "us-east-1_AbCdEf123"
SPEC = f"""\
kind: UserIdentity
stack_name: Attach
user_pool:
  user_pool_id: {POOL_ID}
  clients:
    - id: Web
      prevent_user_existence_errors: true
      o_auth: {{flows: {{authorization_code_grant: true}}, callback_urls: ['https://app.example.com/cb']}}
      sso_session: {{max_validity_minutes: 120}}
  web_acl_arn: arn:aws:wafv2:us-east-1:123456789012:regional/webacl/auth/a1b2c3d4
  log_configurations:
    - event_source: userNotification
      cloud_watch_logs_configuration: {{log_group_arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/auth'}}
  ui_customization: {{css: '.banner-customizable {{background-color: #333;}}'}}
  risk_configuration: {{risk_exception_configuration: {{blocked_ip_range_list: [192.0.2.0/24]}}}}
  session_configuration: {{user_session_tracking: ENABLED, token_session: {{max_per_user: 10}}}}
"""
ATTACHMENTS = {"AWS::WAFv2::WebACLAssociation", "AWS::Cognito::LogDeliveryConfiguration",
               "AWS::Cognito::UserPoolUICustomizationAttachment", "AWS::Cognito::UserPoolRiskConfigurationAttachment",
               "AWS::Cognito::UserPoolSessionConfigurationAttachment"}


def test_an_existing_pool_takes_its_attachments_as_resources_that_name_its_id():
    result = compile_text(SPEC, "attach.yaml")
    assert result.ok, [d.format() for d in result.diagnostics]
    resources = result.data["Resources"]
    attached = {r["Type"]: r["Properties"] for r in resources.values() if r["Type"] in ATTACHMENTS}
    assert set(attached) == ATTACHMENTS
    assert not [r for r in resources.values() if r["Type"] == "AWS::Cognito::UserPool"]  # made elsewhere
    for kind, props in attached.items():
        if kind == "AWS::WAFv2::WebACLAssociation":
            assert POOL_ID in json.dumps(props["ResourceArn"])
        else:
            assert props["UserPoolId"] == POOL_ID, kind


def test_an_existing_pools_attachments_import_back_to_the_same_spec():
    result = compile_text(SPEC, "attach.yaml")
    imported = import_template(result.data)
    again = compile_text(json.dumps(imported.spec), "again.json", pdk_compat=True)
    assert again.ok and again.data["Resources"] == compile_text(SPEC, "attach.yaml", pdk_compat=True).data["Resources"]
    assert {"web_acl_arn", "log_configurations", "ui_customization", "risk_configuration",
            "session_configuration"} <= set(imported.spec["user_pool"])


def test_an_existing_pools_props_stay_refused_and_its_session_tracking_is_not_guessed():
    props = SPEC.replace("  web_acl_arn:", "  mfa: REQUIRED\n  web_acl_arn:")
    assert ("IC0601", ("user_pool", "mfa")) in {(d.rule, d.path) for d in check(load_text(props, "p.yaml"))}
    # a client's SSO session on a pool made elsewhere: that pool may track sessions already (IC0748 cannot know)
    without = SPEC[:SPEC.index("  session_configuration:")]
    assert "IC0748" not in {d.rule for d in check(load_text(without, "w.yaml"))}
    disabled = SPEC.replace("user_session_tracking: ENABLED", "user_session_tracking: DISABLED")
    assert "IC0748" in {d.rule for d in check(load_text(disabled, "d.yaml"))}


PROVIDERS = """\
kind: UserIdentity
stack_name: Providers
identity_pool_options:
  authentication_providers:
    user_pools:
      - {user_pool_id: us-east-1_Partner1}
      - {user_pool_id: us-east-1_Other22, id: Other}
      - {user_pool_id: us-east-1_Third333, user_pool_client_id: abc123}
"""


def test_a_provider_without_a_client_gets_the_client_the_cdk_adds_and_imports_back():
    """UserPoolAuthenticationProvider without userPoolClient: ``userPool.addClient('UserPoolAuthenticationProvider
    Client')`` on the pool imported at the stack's top level (under ``id``, else the pool's id)."""
    result = compile_text(PROVIDERS, "providers.yaml", pdk_compat=True)
    assert result.ok, [d.format() for d in result.diagnostics]
    resources = result.data["Resources"]
    added = {lid: r for lid, r in resources.items() if "UserPoolAuthenticationProviderClient" in lid}
    assert sorted(r["Properties"]["UserPoolId"] for r in added.values()) == ["us-east-1_Other22", "us-east-1_Partner1"]
    assert any(lid.startswith("OtherUserPoolAuthenticationProviderClient") for lid in added)
    (identity_pool,) = [r for r in resources.values() if r["Type"] == "AWS::Cognito::IdentityPool"]
    client_ids = [p["ClientId"] for p in identity_pool["Properties"]["CognitoIdentityProviders"]]
    assert client_ids[:3] == [{"Ref": lid} for lid in sorted(added, key=lambda l: not l.startswith("useast1"))] + \
        ["abc123"]
    assert set(added) <= set(identity_pool["DependsOn"])  # bind: addDependency(userPool, userPoolClient)
    imported = import_template(result.data)
    pools = imported.spec["identity_pool_options"]["authentication_providers"]["user_pools"]
    assert pools == [{"user_pool_id": "us-east-1_Partner1"}, {"user_pool_id": "us-east-1_Other22", "id": "Other"},
                     {"user_pool_id": "us-east-1_Third333", "user_pool_client_id": "abc123"}]


def test_two_providers_adding_a_client_to_one_pool_collide_as_the_cdk_says():
    text = PROVIDERS.replace("{user_pool_id: us-east-1_Other22, id: Other}", "{user_pool_id: us-east-1_Partner1}")
    assert "IC0005" in {d.rule for d in check(load_text(text, "twice.yaml")) if d.is_error}


def test_two_providers_of_one_pool_under_two_ids_each_get_a_client():
    text = PROVIDERS.replace("{user_pool_id: us-east-1_Other22, id: Other}", "{user_pool_id: us-east-1_Partner1, id: B}")
    result = compile_text(text, "two.yaml")
    assert result.ok, [d.format() for d in result.diagnostics]


def test_a_pool_made_elsewhere_given_by_arn_with_a_web_acl_imports_back():
    text = SPEC.replace(f"user_pool_id: {POOL_ID}", f"user_pool_arn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/{POOL_ID}")
    result = compile_text(text, "arn.yaml", pdk_compat=True)
    imported = import_template(result.data)
    assert imported.spec["user_pool"]["user_pool_arn"].endswith(POOL_ID)
    again = compile_text(json.dumps(imported.spec), "again.json", pdk_compat=True)
    assert again.data["Resources"] == result.data["Resources"]
