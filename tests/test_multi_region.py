"""Multi-Region user pools: the primary's template holds each replica; each replica's Region gets a template of its
own with the replica's settings; both are what CloudFormation's schemas accept, and the command line writes,
checks and compares them."""

from __future__ import annotations

import yaml
from conftest import EXAMPLES, run_cli

from identity_compiler import compile_text
from identity_compiler.linting import Linter
from identity_compiler.rendering import render

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
    assert list(yaml.safe_load(proc.stdout)["Resources"]) == ["RegionalConfiguration"]
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
    assert {"IC0732", "IC0733", "IC0734", "IC0735"} <= rules


def test_a_replica_region_that_is_not_one_never_becomes_part_of_a_path(tmp_path):
    """With --pdk-compat the Region pattern is an API limit (a warning): the value must still not name a file."""
    spec = tmp_path / "h.yaml"
    spec.write_text('kind: UserPoolWithMfa\nfeature_plan: PLUS\nreplicas: [{region: "../../../../../../tmp/x-1"}]\n')
    out = tmp_path / "out"
    proc = run_cli("compile", str(spec), "--pdk-compat", "--out-dir", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    assert sorted(p.name for p in out.iterdir()) == ["h.yaml"]
