"""Rules read again from their sources (the API reference, botocore's request shapes, the CloudFormation template
reference), each a case where the compiler once disagreed with them."""

from __future__ import annotations

import pytest

from identity_compiler import check, compile_text
from identity_compiler.source.loading import load_text

PLAN = "kind: UserPoolWithMfa\nstack_name: S\nadvanced_security_mode: null\nfeature_plan: ESSENTIALS\n"


def rules(text: str, pdk_compat: bool = False) -> set[str]:
    return {d.rule for d in check(load_text(text, "s.yaml"), pdk_compat=pdk_compat) if d.is_error}


def test_passkeys_with_required_mfa_compile_when_passkeys_count_as_multi_factor():
    # WebAuthnConfigurationType.FactorConfiguration: MULTI_FACTOR_WITH_USER_VERIFICATION is the setting for this
    text = (PLAN + "mfa: REQUIRED\npasskey_relying_party_id: auth.example.com\npasskey_user_verification: REQUIRED\n"
            "sign_in_policy: {allowed_first_auth_factors: {password: true, passkey: true}}\n")
    assert "IC0709" in rules(text)
    assert "IC0709" not in rules(text + "web_authn_factor_configuration: MULTI_FACTOR_WITH_USER_VERIFICATION\n")


def test_sms_mfa_through_end_user_messaging_needs_no_sns_role():
    # SmsConfigurationType: EumsSms is the other way to send SMS; IC0744 forbids an SNS role beside it
    text = PLAN + "enable_sms_role: false\neums_sms: {caller_arn: 'arn:aws:iam::123456789012:role/sms'}\n"
    result = compile_text(text, "s.yaml")
    assert result.ok, [d.format() for d in result.diagnostics]
    assert "IC0702" in rules(PLAN + "enable_sms_role: false\n")


@pytest.mark.parametrize("destination, arn", [
    ("cloud_watch_logs_configuration: {log_group_arn: %s}", "'arn:aws:logs:'"),
    ("cloud_watch_logs_configuration: {log_group_arn: %s}", "'arn:aws:logs:us-east-1::log-group:/auth'"),
    ("cloud_watch_logs_configuration: {log_group_arn: %s}", "'arn:aws:logs:us-east-1:123456789012:log-group:my logs'"),
    ("s3_configuration: {bucket_arn: %s}", "'arn:aws:s3:::my logs'"),
    ("firehose_configuration: {stream_arn: %s}", "'arn:aws:firehose:us-east-1:123456789012:deliverystream/my stream'"),
])
def test_log_destinations_are_held_to_the_apis_arn_patterns(destination, arn):
    # botocore: CloudWatchLogsConfigurationType.LogGroupArn / FirehoseConfigurationType.StreamArn (ArnType),
    # S3ConfigurationType.BucketArn (S3ArnType)
    text = (PLAN.replace("ESSENTIALS", "PLUS") + "log_configurations:\n  - event_source: userAuthEvents\n    "
            + destination % arn + "\n")
    assert "IC0712" in rules(text)


def test_an_unset_prevent_user_existence_errors_is_advice_in_the_default_mode():
    text = PLAN + "clients:\n  - id: Web\n"
    found = {d.rule: d for d in check(load_text(text, "s.yaml"))}
    assert found["IC0805"].severity == "warning" and found["IC0805"].path == ("clients", 0)
    assert "IC0805" not in {d.rule for d in check(load_text(text, "s.yaml"), pdk_compat=True)}
    assert "IC0805" not in {d.rule for d in check(load_text(text + "    prevent_user_existence_errors: true\n",
                                                            "s.yaml"))}


def test_diff_blocks_a_change_to_a_replicas_create_only_tags(tmp_path):
    from conftest import EXAMPLES, run_cli

    spec = EXAMPLES / "multi-region.yaml"
    changed = tmp_path / "changed.yaml"
    changed.write_text(spec.read_text().replace("role: disaster-recovery", "role: dr"))
    proc = run_cli("diff", str(spec), str(changed))
    out = proc.stdout.decode()
    assert proc.returncode == 1 and "UserPoolTagsAtCreate" in out and "[UPDATE REFUSED]" in out
    assert "cannot be created again while it exists" in out


@pytest.mark.parametrize("text, where", [
    ("kind: UserPoolWithMfa\nstack_name: S\nenable_sms_role: false\nmfa_second_factor: {sms: false, otp: true}\n"
     "tags: {'a!b': x}\n", ("tags", "a!b")),  # a pool without an SMS role: only UserPoolTags carries them
])
def test_tag_keys_are_held_to_cloudformations_pattern(text, where):
    result = compile_text(text, "s.yaml")
    assert any(d.rule == "IC0712" and d.path == where for d in result.diagnostics), \
        [d.format() for d in result.diagnostics]


def test_a_replicas_tag_keys_are_held_to_cloudformations_pattern():
    from conftest import EXAMPLES

    text = (EXAMPLES / "multi-region.yaml").read_text().replace("tags: {team: shop, role: disaster-recovery}",
                                                                "tags: {'te#am': shop}")
    result = compile_text(text, "s.yaml")
    assert any(d.rule == "IC0712" and d.path == ("replicas", 0, "tags", "te#am") for d in result.diagnostics), \
        [d.format() for d in result.diagnostics]
