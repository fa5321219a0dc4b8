"""Rules read again from their sources (the API reference, botocore's request shapes, the CloudFormation template
reference), each a case where the compiler once disagreed with them."""

from __future__ import annotations

import json

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


MULTI_REGION = ("kind: UserPoolWithMfa\nstack_name: S\nfeature_plan: PLUS\nissuer_configuration: {type: UPDATED}\n"
                "key_configuration: {key_type: CUSTOMER_MANAGED_KEY, "
                "kms_key_arn: 'arn:aws:kms:us-east-1:123456789012:key/mrk-1a'}\n"
                "mfa_second_factor: {sms: true, otp: false}\n")


def found(text: str) -> set[str]:
    """Every rule found; the spec is otherwise sound (no error but the ones a test looks for)."""
    diagnostics = check(load_text(text, "s.yaml"))
    assert not {d.rule for d in diagnostics if d.is_error} - {"IC0751"}, [d.format() for d in diagnostics]
    return {d.rule for d in diagnostics}


@pytest.mark.parametrize("region, sns_region, refused", [
    ("us-east-2", "us-east-1", False),  # the guide's Legacy Amazon SNS alternate Region table
    ("ca-central-1", "us-east-1", False),
    ("ap-south-1", "ap-southeast-1", False),
    ("eu-central-1", "eu-west-1", False),
    ("eu-west-2", "eu-west-1", False),
    ("eu-west-2", "eu-west-2", False),  # its own Region
    ("ap-northeast-2", "ap-northeast-1", False),  # Asia Pacific (Seoul) uses Asia Pacific (Tokyo) ...
    ("ap-northeast-2", "ap-northeast-2", True),  # ... alone
    ("eu-west-1", "us-east-1", True),  # no alternate
    ("us-east-2", "us-west-2", True),  # not its alternate
])
def test_a_replicas_sns_region_is_its_own_or_the_guides_alternate(region, sns_region, refused):
    rules_found = found(MULTI_REGION + f"replicas: [{{region: {region}, sns_region: {sns_region}}}]\n")
    assert ("IC0751" in rules_found) is refused, rules_found
    # the advice to use its own Region never points at a Region Cognito refuses
    assert ("IC0743" in rules_found) is (not refused and sns_region != region and region != "ap-northeast-2")


@pytest.mark.parametrize("pool_region, ses_region, refused", [
    ("us-east-1", "eu-west-1", False),  # a Region that had the three legacy SES Regions
    ("us-east-1", "us-east-1", False),
    ("us-east-1", "ap-south-1", True),
    ("eu-south-1", "us-east-1", True),  # a newer Region: its own alone
    ("eu-south-1", "eu-south-1", False),
])
def test_the_primarys_ses_region_where_its_key_shows_its_region(pool_region, ses_region, refused):
    text = MULTI_REGION.replace("us-east-1:123456789012:key", f"{pool_region}:123456789012:key") + \
        f"email: {{with_ses: {{from_email: a@example.com, ses_region: {ses_region}}}}}\n"
    assert ("IC0751" in found(text)) is refused


def test_a_replicas_email_may_go_through_a_legacy_ses_region():
    text = MULTI_REGION + ("replicas: [{region: us-east-2, email: {with_ses: {from_email: a@example.com, "
                           "ses_region: us-east-1}}}]\n")
    assert not {"IC0736", "IC0751"} & found(text)


def test_a_customer_managed_key_without_an_arn_is_advice_not_an_error():
    # KeyConfigurationType.KmsKeyArn: "If not specified, AWS managed keys are used" -- Cognito takes it
    text = PLAN + "key_configuration: {key_type: CUSTOMER_MANAGED_KEY}\n"
    result = compile_text(text, "s.yaml")
    assert result.ok and "IC0821" in {d.rule for d in result.diagnostics}
    assert "IC0731" in rules(PLAN + "key_configuration: {key_type: CUSTOMER_MANAGED_KEY, "
                             "kms_key_arn: 'arn:aws:kms:us-east-1:123456789012:alias/users'}\n")


@pytest.mark.parametrize("status, blocked", [("ACTIVE", True), ("INACTIVE", False)])
def test_diff_blocks_removing_a_replica_unless_it_is_inactive(tmp_path, status, blocked):
    # DeleteUserPoolReplica: "You can only delete replicas that are in the INACTIVE status"
    from conftest import EXAMPLES, run_cli

    text = (EXAMPLES / "multi-region.yaml").read_text().replace("status: INACTIVE", f"status: {status}")
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(text)
    new.write_text(text[:text.index("replicas:")] + text[text.index("clients:"):])
    proc = run_cli("diff", str(old), str(new))
    out = proc.stdout.decode()
    assert "AWS::Cognito::UserPoolReplica" in out, out + proc.stderr.decode()
    assert (proc.returncode == 1) is blocked, out + proc.stderr.decode()
    assert ("Cognito deletes only an INACTIVE replica" in out) is blocked


def test_diff_of_templates_blocks_removing_a_replica_whose_status_it_cannot_see(tmp_path):
    from conftest import EXAMPLES, run_cli

    text = (EXAMPLES / "multi-region.yaml").read_text()
    old, new = tmp_path / "old.template.json", tmp_path / "new.template.json"
    for path, spec in ((old, text), (new, text[:text.index("replicas:")] + text[text.index("clients:"):])):
        path.write_text(json.dumps(compile_text(spec, "s.yaml").data))
    proc = run_cli("diff", str(old), str(new))
    assert proc.returncode == 1 and "Cognito deletes only an INACTIVE replica" in proc.stdout.decode()


def test_diff_blocks_moving_the_replica_to_another_region_in_one_deploy(tmp_path):
    # a pool has one secondary replica (multi-Region guide), and CloudFormation creates the new before it deletes
    from conftest import EXAMPLES, run_cli

    text = (EXAMPLES / "multi-region.yaml").read_text()
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(text)
    new.write_text(text.replace("- region: eu-west-1", "- region: eu-west-2").replace("eu-west-1", "eu-west-2"))
    proc = run_cli("diff", str(old), str(new))
    out = proc.stdout.decode()
    assert proc.returncode == 1 and "a pool has one" in out, out + proc.stderr.decode()


def test_a_grants_policy_whose_id_cannot_be_read_back_is_refused_not_dropped():
    from identity_compiler.commands.importing import NotImportable, import_template

    text = ("kind: UserIdentity\nstack_name: A\nuser_pool:\n  grants:\n"
            "    - {id: 'my.user+x!', user_name: u1, actions: ['cognito-idp:AdminGetUser']}\n")
    result = compile_text(text, "s.yaml")
    assert result.ok
    with pytest.raises(NotImportable, match="grant's user"):
        import_template(result.data)


@pytest.mark.parametrize("arn", ["arn:aws:iam::123456789012:user/path/", "arn:aws:iam::123456789012:role/path/"])
def test_a_principal_arn_ends_with_a_name(arn):
    key = "user_arn" if ":user/" in arn else "role_arn"
    text = f"kind: UserPoolWithMfa\nstack_name: S\ngrants: [{{{key}: '{arn}', actions: ['cognito-idp:ListUsers']}}]\n"
    assert "IC0712" in rules(text)
