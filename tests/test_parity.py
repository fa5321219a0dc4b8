"""Golden parity: every reference spec compiles with --pdk-compat to the real PDK's template."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, PDK, run_cli, stack_of

# tests/fixtures/pdk: the shared reference cases; tests/fixtures/cdk: our own, synthesized the same way.
SPECS = sorted(FIXTURES.glob("pdk/*.yaml")) + sorted(FIXTURES.glob("cdk/*.yaml"))


def _id(path):
    return f"{path.parent.name}/{path.stem}"


def test_every_case_is_collected():
    assert len([p for p in SPECS if p.parent.name == "pdk"]) >= 6
    assert len([p for p in SPECS if p.parent.name == "cdk"]) >= 10
    for spec in SPECS:
        assert spec.with_suffix(".json").exists() and spec.with_suffix(".md").exists()


@pytest.mark.parametrize("spec", SPECS, ids=_id)
def test_cli_pdk_compat_reproduces_the_golden_template(spec, tmp_path):
    out = tmp_path / f"{spec.stem}.json"
    proc = run_cli("compile", str(spec), "--pdk-compat", "--format", "json", "--stack-name", stack_of(spec),
                   "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"Traceback" not in proc.stderr
    expected = json.loads(spec.with_suffix(".json").read_text())
    assert json.loads(out.read_text()) == expected


@pytest.mark.parametrize("spec", SPECS, ids=_id)
def test_default_mode_compiles_and_passes_cfn_lint(spec, linter):
    from identity_compiler import compile_spec, load_spec, render

    result = compile_spec(load_spec(str(spec)))
    assert result.ok, [d.format() for d in result.diagnostics]
    text = render(result.template, "yaml")
    errors = [d.format() for d in linter.lint(text, spec.stem) if d.is_error]
    assert errors == []


def test_stack_name_changes_only_the_sms_external_id(tmp_path):
    spec = PDK / "identity-default.yaml"
    a = run_cli("compile", str(spec), "--pdk-compat", "--format", "json", "--stack-name", "StackA")
    b = run_cli("compile", str(spec), "--pdk-compat", "--format", "json", "--stack-name", "StackB")
    ta, tb = json.loads(a.stdout), json.loads(b.stdout)
    pool = "IdentityUserPool96FE3B9B"
    assert ta["Resources"][pool]["Properties"]["SmsConfiguration"]["ExternalId"].startswith("StackAIdentityUserPool")
    for t in (ta, tb):
        t["Resources"][pool]["Properties"]["SmsConfiguration"].pop("ExternalId")
        t["Resources"]["IdentityUserPoolsmsRoleC5C4E37B"]["Properties"].pop("AssumeRolePolicyDocument")
    assert ta == tb


def test_default_mode_adds_the_deliberate_differences_only():
    """The deliberate differences of the README: UserPoolTier PLUS and more outputs; everything else as the PDK."""
    spec = PDK / "identity-default.yaml"
    ours = json.loads(run_cli("compile", str(spec), "--format", "json", "--stack-name", stack_of(spec)).stdout)
    golden = json.loads((PDK / "identity-default.json").read_text())
    pool = ours["Resources"]["IdentityUserPool96FE3B9B"]["Properties"]
    assert pool.pop("UserPoolTier") == "PLUS"
    assert set(golden["Outputs"]) < set(ours["Outputs"])
    values = [o["Value"] for o in ours["Outputs"].values()]
    assert {"Ref": "IdentityUserPoolWebClient274C53C4"} in values
    assert {"Ref": "AWS::Region"} in values
    assert {"Fn::GetAtt": ["IdentityUserPool96FE3B9B", "Arn"]} in values
    assert {"Fn::GetAtt": ["IdentityUserPool96FE3B9B", "ProviderURL"]} in values
    ours.pop("Outputs"), golden.pop("Outputs")
    assert ours == golden
