"""Coverage you can see: every AWS::Cognito::* resource type and property in the resource schemas cfn-lint ships is
produced by some spec key, or stands on identity_compiler/cloudformation/coverage.py's list with its reason; and import reads back
everything the spec can write."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER
from conftest import EXAMPLES, FIXTURES, ROOT

from identity_compiler import compile_text
from identity_compiler import cloudformation
from identity_compiler.cloudformation.coverage import LEFT_OUT, left_out
from identity_compiler.commands.importing import import_template
from identity_compiler.commands.importing.regional import with_replica

# What no example or fixture shows: the newest properties, log delivery, a branding's merged resources, a
# replica's every setting, every part of a risk configuration.
LAMBDA = "arn:aws:lambda:eu-west-1:123456789012:function:"
COVERAGE_SPEC = f"""\
kind: UserPoolWithMfa
stack_name: Coverage
feature_plan: PLUS
advanced_security_mode: null
standard_threat_protection_mode: FULL_FUNCTION
web_authn_factor_configuration: SINGLE_FACTOR
key_configuration: {{key_type: CUSTOMER_MANAGED_KEY, kms_key_arn: 'arn:aws:kms:us-east-1:123456789012:key/mrk-1a2b3c4d'}}
issuer_configuration: {{type: UPDATED}}
mfa_second_factor: {{sms: true, otp: false}}
enable_sms_role: false
eums_sms:
  caller_arn: 'arn:aws:iam::123456789012:role/sms-voice'
  external_id: shop
  origination_identity: '+15555550100'
  configuration_set_name: auth-sms
  in_entity_id: '1101234567890'
  in_template_id: '1107123456789'
  region: us-east-1
log_configurations:
  - event_source: userNotification
    cloud_watch_logs_configuration: {{log_group_arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/auth'}}
  - event_source: userAuthEvents
    s3_configuration: {{bucket_arn: 'arn:aws:s3:::auth-logs'}}
risk_configuration:
  account_takeover_risk_configuration:
    actions:
      medium_action: {{event_action: MFA_IF_CONFIGURED, notify: true}}
    notify_configuration:
      source_arn: 'arn:aws:ses:us-east-1:123456789012:identity/example.com'
      from: security@example.com
      reply_to: help@example.com
      block_email: {{subject: Blocked, html_body: <p>Blocked</p>, text_body: Blocked.}}
      mfa_email: {{subject: Check, html_body: <p>Check</p>, text_body: Check.}}
      no_action_email: {{subject: Seen, html_body: <p>Seen</p>, text_body: Seen.}}
session_configuration: {{user_session_tracking: ENABLED, token_session: {{max_per_user: 5}}}}
clients:
  - id: Web
    o_auth: {{flows: {{authorization_code_grant: true}}, callback_urls: ['https://app.example.com/cb']}}
    sso_session: {{max_validity_minutes: 480}}
    managed_login_branding: {{use_cognito_provided_values: true, return_merged_resources: true}}
  - id: Branded
    o_auth: {{flows: {{authorization_code_grant: true}}, callback_urls: ['https://app.example.com/cb']}}
    managed_login_branding:
      assets: [{{category: FAVICON_ICO, color_mode: LIGHT, extension: ICO, bytes: AAABAA==, resource_id: favicon}}]
domains:
  - id: Domain
    custom_domain:
      domain_name: auth.example.com
      certificate_arn: 'arn:aws:acm:us-east-1:123456789012:certificate/x'
      security_policy: TLS_V1_3_2025
    managed_login_version: 2
    failover: {{secondary_region: eu-west-1, primary_route53_health_check_id: 0f1e2d3c-health}}
replicas:
  - region: eu-west-1
    status: ACTIVE
    tags: {{team: shop}}
    email:
      with_ses: {{from_email: no-reply@example.com, reply_to: help@example.com, ses_region: eu-west-1,
                 configuration_set_name: auth-mail}}
    sms_role: 'arn:aws:iam::123456789012:role/sms-eu'
    sms_role_external_id: shop-eu
    sns_region: eu-west-1
    lambda_triggers:
      create_auth_challenge: {LAMBDA}create
      custom_message: {LAMBDA}message
      define_auth_challenge: {LAMBDA}define
      post_authentication: {LAMBDA}post-auth
      post_confirmation: {LAMBDA}post-confirm
      pre_authentication: {LAMBDA}pre-auth
      pre_sign_up: {LAMBDA}pre-sign-up
      pre_token_generation_config: {{function_arn: {LAMBDA}tokens, lambda_version: V2_0}}
      user_migration: {LAMBDA}migrate
      verify_auth_challenge_response: {LAMBDA}verify
      custom_sms_sender: {LAMBDA}sms
      custom_email_sender: {LAMBDA}mail
      inbound_federation: {{function_arn: {LAMBDA}federation, lambda_version: V1_0}}
    custom_sender_kms_key: 'arn:aws:kms:eu-west-1:123456789012:key/mrk-1a2b3c4d'
    threat_protection_email: {{source_arn: 'arn:aws:ses:eu-west-1:123456789012:identity/example.com', from: a@example.com}}
    log_configurations:
      - event_source: userAuthEvents
        firehose_configuration: {{stream_arn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/auth'}}
    web_acl_arn: arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/auth/1
"""
# a replica that sends SMS through End User Messaging SMS, and a trigger of the older pre-token-generation kind
EUMS_REPLICA_SPEC = COVERAGE_SPEC[:COVERAGE_SPEC.index("replicas:")] + """\
replicas:
  - region: eu-west-1
    eums_sms: {caller_arn: 'arn:aws:iam::123456789012:role/sms-voice', external_id: shop, origination_identity: Shop,
               configuration_set_name: auth-sms, in_entity_id: '1', in_template_id: '2', region: eu-west-1}
    lambda_triggers: {pre_token_generation: 'arn:aws:lambda:eu-west-1:123456789012:function:tokens'}
"""


def _specs() -> list[tuple[str, str]]:
    found = [(p.read_text(), str(p)) for p in sorted(EXAMPLES.glob("*.yaml")) + sorted(FIXTURES.glob("*/*.yaml"))]
    found += [(json.dumps(json.loads(p.read_text())["spec"]), str(p))
              for p in sorted(FIXTURES.glob("differential/*.json")) + sorted(FIXTURES.glob("default-mode/*.json"))]
    return found + [(COVERAGE_SPEC, str(ROOT / "coverage.yaml")), (EUMS_REPLICA_SPEC, str(ROOT / "eums.yaml"))]


def _data_paths(value: Any, path: str = "") -> set[str]:
    """Every property path of a resource's properties, dotted; a list's items are its own path."""
    if isinstance(value, list):
        return set().union(*(_data_paths(item, path) for item in value))
    if not isinstance(value, dict) or (len(value) == 1 and next(iter(value)).startswith(("Fn::", "Ref"))):
        return set()  # a value, or an intrinsic function
    return set().union(*({f"{path}{key}"} | _data_paths(item, f"{path}{key}.") for key, item in value.items()))


def _produced() -> set[tuple[str, str]]:
    produced = set()
    for text, name in _specs():
        for pdk_compat in (True, False):
            result = compile_text(text, name, pdk_compat=pdk_compat, stack_name="Coverage")
            for data in ([result.data, *result.regional.values()] if result.ok else []):
                produced |= {(r["Type"], p) for r in data["Resources"].values() for p in _data_paths(r.get("Properties"))}
    return produced


def _schema_paths(schema: dict) -> set[str]:
    """Every writable property path of a resource schema, nested ones too (dotted; through $ref, items and
    oneOf/anyOf/allOf)."""
    definitions = schema.get("definitions", {})
    read_only = {".".join(p.split("/")[2:]) for p in schema.get("readOnlyProperties", [])}
    found: set[str] = set()

    def walk(node: Any, path: str, seen: frozenset) -> None:
        if not isinstance(node, dict):
            return
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                walk(definitions.get(name, {}), path, seen | {name})
            return
        for key in ("oneOf", "anyOf", "allOf"):
            for sub in node.get(key, []):
                walk(sub, path, seen)
        walk(node.get("items"), path, seen)
        for name, sub in (node.get("properties") or {}).items():
            found.add(path + name)
            walk(sub, f"{path}{name}.", seen)

    walk({"properties": schema["properties"]}, "", frozenset())
    return {p for p in found if not any(p == r or p.startswith(r + ".") for r in read_only)}


def _schema_properties() -> list[tuple[str, str]]:
    """Every property of the project's own copy of CloudFormation's Cognito schemas (not the installed cfn-lint's,
    which lags: ``python -m identity_compiler.cloudformation.refresh`` brings new ones here)."""
    out = []
    for kind in cloudformation.types():
        out += [(kind, path) for path in sorted(_schema_paths(cloudformation.schema(kind)))]
    return out


def test_the_schema_copy_knows_every_type_the_installed_cfn_lint_knows():
    installed = {t for t in PROVIDER_SCHEMA_MANAGER.get_resource_types("us-east-1") if t.startswith("AWS::Cognito::")}
    assert installed <= set(cloudformation.types()), "refresh: python -m identity_compiler.cloudformation.refresh"


def test_the_new_session_types_are_in_the_copy_with_their_sources():
    for kind in ("AWS::Cognito::UserPoolSessionConfigurationAttachment",
                 "AWS::Cognito::UserPoolClientSessionConfigurationAttachment"):
        entry = cloudformation.index()[kind]
        assert entry["regions"] and "template reference" in entry["source"], kind
        assert cloudformation.create_only(kind)


def test_every_cognito_property_nested_ones_too_is_a_spec_key_or_left_out_with_its_reason():
    produced = _produced()
    unexplained = [(kind, prop) for kind, prop in _schema_properties()
                   if (kind, prop) not in produced and left_out(kind, prop) is None]
    assert unexplained == [], (f"CloudFormation has properties no spec key produces: {unexplained!r}; give each a "
                               "spec key (a row) and a value in COVERAGE_SPEC here, or its reason in LEFT_OUT "
                               "(identity_compiler/cloudformation/coverage.py)")


def test_what_is_left_out_is_really_not_produced_and_still_in_cloudformation():
    produced = _produced()
    schema = set(_schema_properties())
    kinds = {kind for kind, _ in schema}
    for (kind, prop), why in LEFT_OUT.items():
        assert why
        produced_now = "a spec key produces it now: take it out of LEFT_OUT and the README's Coverage table"
        if prop is None:
            assert not any(k == kind for k, _ in produced), f"{kind}: {produced_now}"
        else:
            assert (kind, prop) not in produced, f"{kind} {prop}: {produced_now}"
        if kind in kinds:  # an older cfn-lint (the lowest version CI tests with) may not know the newest types
            assert prop is None or (kind, prop) in schema, (kind, prop)


def test_every_row_of_the_property_table_is_produced_and_not_left_out():
    """A row is a spec key that produces its property: some spec of the corpus gives it a value (else give it one
    in COVERAGE_SPEC), and nothing says the spec leaves it out (the README's table of that is generated)."""
    from identity_compiler.spec import properties

    produced = _produced()
    for resource, rows in properties.RESOURCE_TYPES.items():
        for row in rows:
            assert left_out(resource, row.cfn) is None, \
                f"{resource} {row.cfn} is a row now: take it out of LEFT_OUT (identity_compiler/cloudformation/coverage.py)"
            assert (resource, row.cfn) in produced, f"give {row.key} a value in COVERAGE_SPEC ({__file__})"


@pytest.mark.parametrize("text", [COVERAGE_SPEC, EUMS_REPLICA_SPEC], ids=["coverage", "eums-replica"])
def test_import_reads_back_everything_the_coverage_spec_writes(text):
    """The primary template, and the replica's settings from its Region's template (import --replica-template)."""
    result = compile_text(text, "coverage.yaml", pdk_compat=True)
    assert result.ok, [d.format() for d in result.diagnostics]
    template = json.loads(json.dumps(result.data))
    imported = import_template(template, "Coverage").spec
    for regional in result.regional.values():
        with_replica(imported, json.loads(json.dumps(regional)), "Coverage")
    again = compile_text(json.dumps(imported), "coverage.json", pdk_compat=True, stack_name="Coverage")
    assert json.loads(json.dumps(again.data)) == template
    assert json.loads(json.dumps(again.regional)) == json.loads(json.dumps(result.regional))
