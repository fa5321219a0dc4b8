"""import: every template the real PDK/CDK synthesized (the parity fixtures, the differential test's
regression cases, generated specs) imports to a spec that compiles back to the same template; what a
spec cannot say is an error that names the resource and property, and nothing is written."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import FIXTURES, key_paths, run_cli, stack_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from identity_compiler.pipeline import compile_text
from identity_compiler.commands.importing import NotImportable, import_template
from identity_compiler.commands.importing.spec_text import spec_text

from spec_strategies import specs

GOLDENS = sorted(FIXTURES.glob("pdk/*.json")) + sorted(FIXTURES.glob("cdk/*.json"))
REGRESSIONS = sorted((FIXTURES / "differential").glob("*.json"))


def compiled(text: str, stack: str) -> dict:
    result = compile_text(text, "imported.yaml", pdk_compat=True, stack_name=stack)
    assert result.ok, [d.format() for d in result.diagnostics if d.is_error]
    return json.loads(json.dumps(result.data))


def assert_round_trip(template: dict, stack: str | None) -> str:
    """The imported spec's own text, compiled again, gives the template's resources and outputs."""
    imported = import_template(template, stack)
    text = spec_text(imported.spec)
    ours = compiled(text, stack or "Stack")
    assert ours["Resources"] == template["Resources"]
    assert ours.get("Outputs") == template.get("Outputs")
    assert ours.get("Description") == template.get("Description")
    return text


@pytest.mark.parametrize("golden", GOLDENS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_golden_template_round_trips(golden):
    assert_round_trip(json.loads(golden.read_text()), stack_of(golden.with_suffix(".yaml")))


@pytest.mark.parametrize("case", REGRESSIONS, ids=lambda p: p.stem)
def test_every_regression_template_round_trips(case):
    expected = json.loads(case.read_text())["expected"]
    if "template" not in expected:
        pytest.skip("the CDK refuses this spec: there is no template to import")
    assert_round_trip(expected["template"], "Diff")


@settings(max_examples=60, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(spec=specs)
def test_generated_specs_round_trip(spec):
    """Templates the compiler writes for generated specs (the CDK's own, as the differential test shows)."""
    result = compile_text(json.dumps(spec, ensure_ascii=False), "generated.json", pdk_compat=True, stack_name="Gen")
    if result.ok:
        assert_round_trip(json.loads(json.dumps(result.data)), "Gen")


def test_the_pdk_default_imports_to_at_most_four_lines():
    template = json.loads((FIXTURES / "pdk" / "identity-default.json").read_text())
    text = spec_text(import_template(template).spec)  # the stack name comes from the SMS role's ExternalId
    assert text == "kind: UserIdentity\nstack_name: IdentityDefaultStack\n"
    assert len(text.splitlines()) <= 4


def test_legacy_defaults_are_recognised():
    template = json.loads((FIXTURES / "cdk" / "identity-legacy.json").read_text())
    spec = import_template(template).spec
    assert spec["pdk_legacy_defaults"] is True and spec["allow_signup"] is True


def test_a_plain_cdk_pool_of_its_own_imports_as_a_user_pool():
    template = json.loads((FIXTURES / "pdk" / "identity-own-userpool.json").read_text())
    spec = import_template(template, "IdentityOwnPoolStack").spec
    assert spec["user_pool"]["kind"] == "UserPool"


def _with_path_metadata(template: dict, stack: str, paths: dict) -> dict:
    out = json.loads(json.dumps(template))
    for lid, path in paths.items():
        out["Resources"][lid]["Metadata"] = {"aws:cdk:path": f"{stack}/{path}"}
    return out


def test_path_metadata_gives_ids_the_logical_ids_leave_out():
    """cdk synth writes each resource's construct path: a client id with more punctuation than is searched
    for in a logical id's readable part (two characters) is read from it."""
    spec = {"kind": "UserPoolWithMfa", "id": "Pool", "clients": [{"id": "w.e.b+app"}]}
    template = compiled(json.dumps(spec), "Meta")
    client = next(lid for lid, r in template["Resources"].items() if r["Type"] == "AWS::Cognito::UserPoolClient")
    with_paths = _with_path_metadata(template, "Meta", {client: "Pool/w.e.b+app/Resource"})
    imported = import_template(with_paths, "Meta")
    assert imported.spec["clients"][0]["id"] == "w.e.b+app"
    with pytest.raises(NotImportable, match=rf"{client}: cannot read the construct id"):
        import_template(template, "Meta")


def _short_form_yaml(template: dict) -> str:
    """The template as YAML with short-form intrinsics, as a hand-written or converted template has them."""
    def convert(value):
        if isinstance(value, dict):
            if list(value) == ["Ref"]:
                return _Tagged("!Ref", value["Ref"])
            if list(value) == ["Fn::GetAtt"]:
                return _Tagged("!GetAtt", ".".join(value["Fn::GetAtt"]))
            if list(value) == ["Fn::Join"]:
                return _Tagged("!Join", [convert(v) for v in value["Fn::Join"]])
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list):
            return [convert(v) for v in value]
        return value

    class Dumper(yaml.SafeDumper):
        pass

    Dumper.add_representer(_Tagged, lambda d, t: d.represent_scalar(t.tag, t.value) if isinstance(t.value, str)
                           else d.represent_sequence(t.tag, t.value))
    return yaml.dump(convert(template), Dumper=Dumper, sort_keys=False)


class _Tagged:
    def __init__(self, tag, value):
        self.tag, self.value = tag, value


@pytest.mark.parametrize("wrap", ["yaml-short-form", "get-template-text", "get-template-data"])
def test_the_command_reads_every_template_form(tmp_path, wrap):
    golden = FIXTURES / "cdk" / "identity-imported-methods.json"
    template = json.loads(golden.read_text())
    source = tmp_path / "stack.template"
    if wrap == "yaml-short-form":
        source.write_text(_short_form_yaml(template))
        assert "!Ref" in source.read_text()
    elif wrap == "get-template-text":
        source.write_text(json.dumps({"TemplateBody": _short_form_yaml(template), "StagesAvailable": ["Original"]}))
    else:
        source.write_text(json.dumps({"TemplateBody": template, "StagesAvailable": ["Original"]}))
    out = tmp_path / "auth.yaml"
    stack = stack_of(golden.with_suffix(".yaml"))
    done = run_cli("import", str(source), "-o", str(out), "--stack-name", stack)
    assert done.returncode == 0, done.stderr.decode()
    again = tmp_path / "again.json"
    back = run_cli("compile", str(out), "--pdk-compat", "--format", "json", "-o", str(again))
    assert back.returncode == 0, back.stderr.decode()
    assert json.loads(again.read_text()) == template


def test_other_resources_are_left_out_and_mapped_for_a_stack_refactor(tmp_path):
    template = json.loads((FIXTURES / "pdk" / "identity-default.json").read_text())
    template["Resources"]["SiteFunction1A2B3C4D"] = {"Type": "AWS::Lambda::Function", "Properties": {
        "Environment": {"Variables": {"POOL": {"Ref": "IdentityUserPool96FE3B9B"},
                                      "POOL_ARN": {"Fn::GetAtt": ["IdentityUserPool96FE3B9B", "Arn"]}}}}}
    template["Resources"]["WebsiteBucket75C24D94"] = {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain"}
    source = tmp_path / "app.template.json"
    source.write_text(json.dumps(template))
    out, refactor = tmp_path / "auth.yaml", tmp_path / "refactor"
    done = run_cli("import", str(source), "-o", str(out), "--stack-name", "IdentityDefaultStack",
                   "--refactor", str(refactor), "--to-stack", "AppAuth")
    assert done.returncode == 0, done.stderr.decode()
    assert "WebsiteBucket75C24D94 (AWS::S3::Bucket)" in done.stderr.decode()
    assert "create-stack-refactor" in done.stderr.decode()
    others = {"WebsiteBucket75C24D94", "SiteFunction1A2B3C4D"}
    moved = json.loads((refactor / "resource-mappings.json").read_text())
    assert {m["Source"]["LogicalResourceId"] for m in moved} == set(template["Resources"]) - others
    assert all(m["Source"]["LogicalResourceId"] == m["Destination"]["LogicalResourceId"] and
               (m["Source"]["StackName"], m["Destination"]["StackName"]) == ("IdentityDefaultStack", "AppAuth")
               for m in moved)
    rest = json.loads((refactor / "IdentityDefaultStack.template.json").read_text())
    identity = json.loads((refactor / "AppAuth.template.json").read_text())
    assert set(rest["Resources"]) == others and "Outputs" not in rest
    assert {m["Source"]["LogicalResourceId"] for m in moved} == set(identity["Resources"])
    assert set(template["Outputs"]) <= set(identity["Outputs"])
    variables = rest["Resources"]["SiteFunction1A2B3C4D"]["Properties"]["Environment"]["Variables"]
    exports = {o["Export"]["Name"]: o["Value"] for o in identity["Outputs"].values() if "Export" in o}
    assert exports[variables["POOL"]["Fn::ImportValue"]] == {"Ref": "IdentityUserPool96FE3B9B"}
    assert exports[variables["POOL_ARN"]["Fn::ImportValue"]] == {"Fn::GetAtt": ["IdentityUserPool96FE3B9B", "Arn"]}
    assert "kind: UserIdentity" in out.read_text()


def test_what_no_spec_key_gives_is_an_error_naming_resource_and_property(tmp_path):
    template = json.loads((FIXTURES / "pdk" / "identity-default.json").read_text())
    pool = template["Resources"]["IdentityUserPool96FE3B9B"]
    pool["UpdateReplacePolicy"] = "Delete"  # a hand edit: with DeletionPolicy Retain, no removal_policy gives it
    source = tmp_path / "edited.json"
    source.write_text(json.dumps(template))
    out = tmp_path / "auth.yaml"
    out.write_text("# mine\n")
    done = run_cli("import", str(source), "-o", str(out))
    assert done.returncode == 1
    message = done.stderr.decode()
    assert "IdentityUserPool96FE3B9B" in message and "DeletionPolicy" in message and "[IC0006]" in message
    assert "Traceback" not in message
    assert out.read_text() == "# mine\n"


@pytest.mark.parametrize("content, words", [
    (b"kind: UserIdentity\n", "not a CloudFormation template"),
    (b'{"Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}}}', "no AWS::Cognito::UserPool"),
    (b"\x00\x01", "IC000"),
])
def test_a_file_that_is_no_identity_template_is_one_clear_line(tmp_path, content, words):
    source = tmp_path / "t.json"
    source.write_bytes(content)
    done = run_cli("import", str(source))
    assert done.returncode in (1, 2)
    assert words in done.stderr.decode() and b"Traceback" not in done.stderr
    assert done.stdout == b""


def test_plain_text_secrets_are_written_as_they_are_with_the_spec_warning(tmp_path):
    golden = FIXTURES / "pdk" / "mfa-extras.json"
    done = run_cli("import", str(golden), "--stack-name", stack_of(golden.with_suffix(".yaml")))
    assert done.returncode == 0, done.stderr.decode()
    assert "client_secret_value: google-client-secret" in done.stdout.decode()
    assert "[IC0802]" in done.stderr.decode()


_ODD_VALUES = [None, 1, "x", [], {}, [1, 2], {"Ref": "Nope"}, {"Fn::GetAtt": ["A"]}, True, 1.5,
               {"Fn::Join": ["", []]}]


@settings(max_examples=150, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_template_with_values_of_any_shape_gives_an_import_error_never_a_crash(data):
    """Hand-edited templates: any value replaced by one of another shape, or taken out."""
    golden = data.draw(st.sampled_from(GOLDENS))
    template = json.loads(golden.read_text())
    for _ in range(data.draw(st.integers(1, 3))):
        paths = list(key_paths(template))[1:]
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        node = template
        for part in path[:-1]:
            node = node[part]
        if data.draw(st.booleans()) and isinstance(node, dict):
            del node[path[-1]]
        else:
            node[path[-1]] = json.loads(json.dumps(data.draw(st.sampled_from(_ODD_VALUES))))
    try:
        imported = import_template(template, data.draw(st.sampled_from([None, "Stack"])))
    except NotImportable as exc:
        assert str(exc) and "Traceback" not in str(exc)  # one clear reason
    else:  # what it imports, it has proven to compile back
        assert isinstance(imported.spec, dict) and imported.spec.get("kind") in ("UserIdentity", "UserPoolWithMfa")


def test_a_template_as_cdk_synth_writes_it_by_default():
    """Path metadata on every resource, the CDKMetadata resource, the bootstrap version parameter and rule."""
    golden = FIXTURES / "cdk" / "identity-imported-methods.json"
    stack = stack_of(golden.with_suffix(".yaml"))
    template = json.loads(golden.read_text())
    paths = {"AdminRolePolicyB2FE8449": "AdminRole/Policy/Resource", "authPolicy789B31F0": "auth/Policy/Resource",
             "IdentityIdentityPool01DA4AB2": "Identity/IdentityPool/Resource",
             "IdentityIdentityPoolDefaultRoleAttachment4BE337B3": "Identity/IdentityPool/DefaultRoleAttachment/Resource",
             "IdentityIdentityPoolUnauthenticatedRole459CD562": "Identity/IdentityPool/UnauthenticatedRole/Resource",
             "UserPoolApi28702B7A": "UserPool/Api/Resource", "UserPoolDomainD0EA232A": "UserPool/Domain/Resource",
             "UserPoolSpa7434B664": "UserPool/Spa/Resource", "UserPoolWebClient4C9370B0": "UserPool/WebClient/Resource"}
    assert set(paths) == set(template["Resources"])
    synthesized = json.loads(json.dumps(template))
    for lid, resource in synthesized["Resources"].items():
        resource["Metadata"] = {"aws:cdk:path": f"{stack}/{paths[lid]}"}
    synthesized["Resources"]["CDKMetadata"] = {"Type": "AWS::CDK::Metadata", "Properties": {"Analytics": "v2:deflate64:x"},
                                               "Metadata": {"aws:cdk:path": f"{stack}/CDKMetadata/Default"}}
    synthesized["Parameters"] = {"BootstrapVersion": {"Type": "AWS::SSM::Parameter::Value<String>",
                                                      "Default": "/cdk-bootstrap/hnb659fds/version"}}
    synthesized["Rules"] = {"CheckBootstrapVersion": {"Assertions": []}}
    imported = import_template(synthesized, stack)
    assert imported.left_out == []
    assert compiled(spec_text(imported.spec), stack)["Resources"] == template["Resources"]
