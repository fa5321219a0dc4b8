"""Coverage you can see: every AWS::Cognito::* resource type and property in the resource schemas cfn-lint ships is
produced by some spec key, or stands on identity_compiler/coverage.py's list with its reason; and import reads back
everything the spec can write."""

from __future__ import annotations

import json

import pytest
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER
from conftest import EXAMPLES, FIXTURES, ROOT

from identity_compiler import compile_text
from identity_compiler.coverage import LEFT_OUT, left_out, markdown
from identity_compiler.importing import import_template

# What no example or fixture shows: the newest properties, log delivery, a branding's merged resources.
COVERAGE_SPEC = """\
kind: UserPoolWithMfa
stack_name: Coverage
feature_plan: PLUS
advanced_security_mode: null
web_authn_factor_configuration: SINGLE_FACTOR
key_configuration: {key_type: CUSTOMER_MANAGED_KEY, kms_key_arn: 'arn:aws:kms:us-east-1:123456789012:key/mrk-1a2b3c4d'}
issuer_configuration: {type: UPDATED}
log_configurations:
  - event_source: userNotification
    cloud_watch_logs_configuration: {log_group_arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/auth'}
clients:
  - id: Web
    o_auth: {flows: {authorization_code_grant: true}, callback_urls: ['https://app.example.com/cb']}
    managed_login_branding: {use_cognito_provided_values: true, return_merged_resources: true}
domains:
  - id: Domain
    cognito_domain: {domain_prefix: coverage-auth}
    managed_login_version: 2
    failover: {secondary_region: eu-west-1, primary_route53_health_check_id: 0f1e2d3c-health}
replicas:
  - region: eu-west-1
    status: ACTIVE
    tags: {team: shop}
    email: {with_ses: {from_email: no-reply@example.com, ses_region: eu-west-1}}
    sms_role: 'arn:aws:iam::123456789012:role/sms-eu'
    sms_role_external_id: shop-eu
    sns_region: eu-west-1
    lambda_triggers: {pre_token_generation: 'arn:aws:lambda:eu-west-1:123456789012:function:tokens'}
"""


def _specs() -> list[tuple[str, str]]:
    found = [(p.read_text(), str(p)) for p in sorted(EXAMPLES.glob("*.yaml")) + sorted(FIXTURES.glob("*/*.yaml"))]
    found += [(json.dumps(json.loads(p.read_text())["spec"]), str(p))
              for p in sorted(FIXTURES.glob("differential/*.json")) + sorted(FIXTURES.glob("default-mode/*.json"))]
    return found + [(COVERAGE_SPEC, str(ROOT / "coverage.yaml"))]


def _produced() -> set[tuple[str, str]]:
    produced = set()
    for text, name in _specs():
        for pdk_compat in (True, False):
            result = compile_text(text, name, pdk_compat=pdk_compat, stack_name="Coverage")
            for data in ([result.data, *result.regional.values()] if result.ok else []):
                produced |= {(r["Type"], p) for r in data["Resources"].values() for p in r.get("Properties", {})}
    return produced


def _schema_properties() -> list[tuple[str, str]]:
    out = []
    for kind in sorted(t for t in PROVIDER_SCHEMA_MANAGER.get_resource_types("us-east-1") if t.startswith("AWS::Cognito::")):
        schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", kind).schema
        read_only = {p.rsplit("/", 1)[-1] for p in schema.get("readOnlyProperties", [])}
        out += [(kind, prop) for prop in sorted(schema["properties"]) if prop not in read_only]
    return out


def test_every_cognito_property_is_a_spec_key_or_left_out_with_its_reason():
    produced = _produced()
    unexplained = [(kind, prop) for kind, prop in _schema_properties()
                   if (kind, prop) not in produced and left_out(kind, prop) is None]
    assert unexplained == [], "CloudFormation has properties no spec key produces: " + repr(unexplained)


def test_what_is_left_out_is_really_not_produced_and_still_in_cloudformation():
    produced = _produced()
    schema = set(_schema_properties())
    kinds = {kind for kind, _ in schema}
    for (kind, prop), why in LEFT_OUT.items():
        assert why
        if prop is None:
            assert not any(k == kind for k, _ in produced), kind
        else:
            assert (kind, prop) not in produced, (kind, prop)
        if kind in kinds:  # an older cfn-lint (the lowest version CI tests with) may not know the newest types
            assert prop is None or (kind, prop) in schema, (kind, prop)


def test_the_readme_lists_what_is_left_out():
    assert markdown() in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("pdk_compat", [True])
def test_import_reads_back_everything_the_coverage_spec_writes(pdk_compat):
    result = compile_text(COVERAGE_SPEC, "coverage.yaml", pdk_compat=pdk_compat)
    assert result.ok, [d.format() for d in result.diagnostics]
    template = json.loads(json.dumps(result.data))
    imported = import_template(template, "Coverage").spec
    again = compile_text(json.dumps(imported), "coverage.json", pdk_compat=True, stack_name="Coverage")
    assert json.loads(json.dumps(again.data)) == template
