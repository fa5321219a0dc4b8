"""Multi-Region user pools: the primary's template holds each replica; each replica's Region gets a template of its
own with the replica's settings; both are what CloudFormation's schemas accept, and the command line writes,
checks and compares them."""

from __future__ import annotations

import yaml
from conftest import EXAMPLES, run_cli

from identity_compiler import compile_text
from identity_compiler.cloudformation.linting import Linter
from identity_compiler.output.rendering import render

EXAMPLE = EXAMPLES / "multi-region.yaml"


def test_the_primary_holds_the_replica_and_the_region_gets_its_settings():
    result = compile_text(EXAMPLE.read_text(), str(EXAMPLE))
    assert result.ok, [d.format() for d in result.diagnostics]
    replicas = {lid: r for lid, r in result.data["Resources"].items() if r["Type"] == "AWS::Cognito::UserPoolReplica"}
    (lid, replica), = replicas.items()
    assert lid.startswith("AuthReplicaEuWest1")  # <pool>/ReplicaEuWest1
    assert replica["Properties"]["RegionName"] == "eu-west-1"
    pool = next(k for k, r in result.data["Resources"].items() if r["Type"] == "AWS::Cognito::UserPool")
    assert replica["Properties"]["UserPoolId"] == {"Ref": pool}
    assert replica["Properties"]["UserPoolTagsAtCreate"] == {"team": "shop", "role": "disaster-recovery"}
    regional = result.regional["eu-west-1"]
    attachment = regional["Resources"]["RegionalConfiguration"]
    assert attachment["Type"] == "AWS::Cognito::UserPoolRegionalConfigurationAttachment"
    assert attachment["Properties"]["UserPoolId"] == {"Ref": "UserPoolId"}
    assert attachment["Properties"]["Status"] == "INACTIVE"
    assert ":ses:eu-west-1:" in str(attachment["Properties"]["EmailConfiguration"]["SourceArn"])
    assert regional["Parameters"]["UserPoolId"]["Type"] == "String"
    # the settings a secondary Region has of its own besides the attachment's, each in the replica's Region
    risk = regional["Resources"]["RiskConfigurationAttachment"]["Properties"]
    primary_risk = next(r["Properties"] for r in result.data["Resources"].values()
                        if r["Type"] == "AWS::Cognito::UserPoolRiskConfigurationAttachment")
    notify = risk["AccountTakeoverRiskConfiguration"].pop("NotifyConfiguration")
    primary_notify = primary_risk["AccountTakeoverRiskConfiguration"].pop("NotifyConfiguration")
    assert notify == {**primary_notify, "SourceArn": "arn:aws:ses:eu-west-1:123456789012:identity/shop.example.com"}
    assert {**risk, "UserPoolId": None} == {**primary_risk, "UserPoolId": None}  # the rest is the primary's
    logs = regional["Resources"]["LogDeliveryConfiguration"]["Properties"]
    assert logs["UserPoolId"] == {"Ref": "UserPoolId"}
    assert ":logs:eu-west-1:" in logs["LogConfigurations"][0]["CloudWatchLogsConfiguration"]["LogGroupArn"]
    acl = regional["Resources"]["WebAclAssociation"]["Properties"]
    assert acl["ResourceArn"] == {"Fn::Sub": "arn:${AWS::Partition}:cognito-idp:${AWS::Region}:${AWS::AccountId}:"
                                             "userpool/${UserPoolId}"}
    assert acl["WebACLArn"].startswith("arn:aws:wafv2:eu-west-1:")
    linter = Linter()
    for name, data in (("primary", result.data), ("eu-west-1", regional)):
        assert linter.lint(render(data, "yaml"), f"{name}.yaml") == [], name


def test_out_dir_and_check_name_each_regions_template(tmp_path):
    out = tmp_path / "out"
    assert run_cli("compile", str(EXAMPLE), "--out-dir", str(out)).returncode == 0
    assert sorted(p.name for p in out.iterdir()) == ["multi-region.eu-west-1.yaml", "multi-region.yaml"]
    assert yaml.safe_load((out / "multi-region.eu-west-1.yaml").read_text())["Resources"]["RegionalConfiguration"]
    assert run_cli("compile", str(EXAMPLE), "--out-dir", str(out), "--check").returncode == 0
    (out / "multi-region.eu-west-1.yaml").write_text("stale\n")
    proc = run_cli("compile", str(EXAMPLE), "--out-dir", str(out), "--check")
    assert proc.returncode == 1 and "--replica eu-west-1" in proc.stderr.decode()


def test_replica_selects_one_regions_template_and_an_unknown_one_is_a_usage_error():
    proc = run_cli("compile", str(EXAMPLE), "--replica", "eu-west-1")
    assert proc.returncode == 0
    assert sorted(yaml.safe_load(proc.stdout)["Resources"]) == [
        "LogDeliveryConfiguration", "RegionalConfiguration", "RiskConfigurationAttachment", "WebAclAssociation"]
    proc = run_cli("compile", str(EXAMPLE), "--replica", "ap-south-1")
    assert proc.returncode == 2 and "no replica in ap-south-1; it has eu-west-1" in proc.stderr.decode()


def test_diff_compares_a_regions_templates(tmp_path):
    changed = tmp_path / "changed.yaml"
    changed.write_text(EXAMPLE.read_text().replace("status: INACTIVE", "status: ACTIVE"))
    (tmp_path / "multi-region.yaml").write_text(EXAMPLE.read_text())
    proc = run_cli("diff", str(tmp_path / "multi-region.yaml"), str(changed), "--replica", "eu-west-1")
    assert proc.returncode == 0 and 'Status: "INACTIVE" -> "ACTIVE"' in proc.stdout.decode()


def test_the_guides_preconditions_are_checked_before_deploy(tmp_path):
    spec = tmp_path / "lite.yaml"
    spec.write_text("kind: UserPoolWithMfa\nfeature_plan: LITE\nadvanced_security_mode: null\n"
                    "replicas: [{region: eu-west-1}, {region: eu-west-1}]\n")
    rules = {line.rsplit("[", 1)[1].rstrip("]") for line in run_cli("validate", str(spec)).stderr.decode().splitlines()}
    assert {"IC0732", "IC0733", "IC0734", "IC0005"} <= rules  # two replicas in a Region: two constructs of one id


def test_a_replica_region_that_is_not_one_never_becomes_part_of_a_path(tmp_path):
    """With --pdk-compat the Region pattern is an API limit (a warning): the value must still not name a file."""
    spec = tmp_path / "h.yaml"
    spec.write_text('kind: UserPoolWithMfa\nfeature_plan: PLUS\nreplicas: [{region: "../../../../../../tmp/x-1"}]\n')
    out = tmp_path / "out"
    proc = run_cli("compile", str(spec), "--pdk-compat", "--out-dir", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    assert sorted(p.name for p in out.iterdir()) == ["h.yaml"]


def test_a_replicas_web_acl_is_held_to_its_region_and_what_no_source_restricts_is_not():
    """IC0736 holds a replica's web ACL (and its triggers) to its Region; its threat-protection sender and its log
    destinations may be elsewhere (no source restricts them); the pool's log-delivery rules apply to a replica's."""
    text = EXAMPLE.read_text()
    moved = (text.replace("source_arn: arn:aws:ses:eu-west-1:", "source_arn: arn:aws:ses:us-east-1:")
             .replace("arn:aws:logs:eu-west-1:", "arn:aws:logs:us-west-2:")
             .replace("wafv2:eu-west-1:", "wafv2:us-east-1:"))
    found = {(d.rule, d.path) for d in compile_text(moved, "moved.yaml").diagnostics}
    assert {f for f in found if f[0] == "IC0736"} == {("IC0736", ("replicas", 0, "web_acl_arn"))}, found
    twice = text.replace("    web_acl_arn:", "      - event_source: userNotification\n        cloud_watch_logs_configuration: "
                         "{log_group_arn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/x'}\n    web_acl_arn:")
    assert ("IC0722", ("replicas", 0, "log_configurations", 1, "event_source")) in {
        (d.rule, d.path) for d in compile_text(twice, "twice.yaml").diagnostics}


def test_a_replica_without_a_sender_of_its_own_gets_no_risk_configuration_in_its_region():
    text = EXAMPLE.read_text()
    start = text.index("    threat_protection_email:")
    result = compile_text(text[:start] + text[text.index("\n", start) + 1:], "plain.yaml")
    assert result.ok and "RiskConfigurationAttachment" not in result.regional["eu-west-1"]["Resources"]


def test_a_web_config_for_a_replica_keeps_a_custom_domain_that_fails_over_to_it():
    from identity_compiler.commands.webconfig import DeployedIds, in_replica

    ids = DeployedIds(region="us-east-1", user_pool_id="us-east-1_AbC", web_client_id="1abc", identity_pool_id=None,
                      hosted_ui_domain="auth.shop.example.com", client_for=lambda _service: None)
    domain = {"Type": "AWS::Cognito::UserPoolDomain", "Properties": {"Domain": "auth.shop.example.com", "Routing": {
        "Failover": {"SecondaryRegion": "eu-west-1", "PrimaryRoute53HealthCheckId": "hc"}}}}
    template = {"Resources": {"D": domain, "R": {"Type": "AWS::Cognito::UserPoolReplica",
                                                   "Properties": {"RegionName": "eu-west-1"}}}}
    replica = in_replica(ids, template, "eu-west-1", "S")
    assert (replica.region, replica.hosted_ui_domain, replica.warnings) == ("eu-west-1", "auth.shop.example.com", [])
    domain["Properties"]["Routing"]["Failover"]["SecondaryRegion"] = "eu-central-1"
    assert in_replica(ids, template, "eu-west-1", "S").hosted_ui_domain is None


def test_sign_up_with_a_replica_is_advised_against_where_the_spec_opens_it():
    spec = ("kind: UserIdentity\nallow_signup: true\nuser_pool:\n  feature_plan: PLUS\n"
            "  replicas: [{region: eu-west-1}]\n")
    found = [d for d in compile_text(spec, "signup.yaml").diagnostics if d.rule == "IC0737"]
    assert [(d.path, d.line) for d in found] == [(("user_pool", "replicas"), 5)]
    assert not [d for d in compile_text(spec.replace("allow_signup: true", "allow_signup: false"), "closed.yaml")
                .diagnostics if d.rule == "IC0737"]


def test_import_reads_a_replicas_settings_back_from_its_regions_template(tmp_path):
    out = tmp_path / "out"
    assert run_cli("compile", str(EXAMPLE), "--pdk-compat", "--out-dir", str(out)).returncode == 0
    spec = tmp_path / "imported.yaml"
    proc = run_cli("import", str(out / "multi-region.yaml"), "--replica-template", str(out / "multi-region.eu-west-1.yaml"),
                   "-o", str(spec))
    assert proc.returncode == 0, proc.stderr.decode()
    replica, = yaml.safe_load(spec.read_text())["replicas"]
    assert replica["threat_protection_email"] == {
        "source_arn": "arn:aws:ses:eu-west-1:123456789012:identity/shop.example.com"}  # its from is the pool's
    assert replica["web_acl_arn"].startswith("arn:aws:wafv2:eu-west-1:") and replica["status"] == "INACTIVE"
    again = tmp_path / "again"
    assert run_cli("compile", str(spec), "--pdk-compat", "--out-dir", str(again)).returncode == 0
    for name in ("multi-region.yaml", "multi-region.eu-west-1.yaml"):
        stem = name.replace("multi-region", "imported")
        assert yaml.safe_load((again / stem).read_text())["Resources"] == \
            yaml.safe_load((out / name).read_text())["Resources"], name
    # a regional template edited by hand is refused, and nothing is written
    edited = tmp_path / "edited.yaml"
    edited.write_text((out / "multi-region.eu-west-1.yaml").read_text().replace("INACTIVE", "PAUSED"))
    spec.unlink()
    proc = run_cli("import", str(out / "multi-region.yaml"), "--replica-template", str(edited), "-o", str(spec))
    assert proc.returncode == 1 and not spec.exists()
    assert "does not compile: " in proc.stderr.decode() and "replicas[0].status: " in proc.stderr.decode()
    edited.write_text((out / "multi-region.eu-west-1.yaml").read_text().replace("Ref: UserPoolId", "us-east-1_AbC"))
    proc = run_cli("import", str(out / "multi-region.yaml"), "--replica-template", str(edited), "-o", str(spec))
    assert proc.returncode == 1 and not spec.exists()
    assert "not what its settings compile to: LogDeliveryConfiguration: Properties.UserPoolId: " in proc.stderr.decode()
    proc = run_cli("import", str(out / "multi-region.yaml"), "--replica-template", str(out / "multi-region.yaml"))
    assert proc.returncode == 1 and "UserPoolRegionalConfigurationAttachment" in proc.stderr.decode()
