"""The command line as users and CI run it: exit codes, outputs, atomic writes, determinism."""

from __future__ import annotations

import json
import re

import yaml
from conftest import EXAMPLES, PDK, run_cli

LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): .+ \[(?P<rule>[A-Z]+\d+)\]$")
BAD_SPEC = "kind: UserIdentity\nuser_pool:\n  mfa: required\n  mfaa: OFF\n"


def test_compile_to_stdout_is_yaml_by_default():
    proc = run_cli("compile", str(EXAMPLES / "web-app.yaml"))
    assert proc.returncode == 0
    assert yaml.safe_load(proc.stdout)["Resources"]


def test_module_and_console_script_are_the_same_program():
    from identity_compiler.commands.cli import main

    assert callable(main)
    assert run_cli("--version").stdout.decode().startswith("identity-compiler ")


def test_errors_are_reported_all_at_once_with_positions(tmp_path):
    spec = tmp_path / "bad.yaml"
    spec.write_text(BAD_SPEC)
    proc = run_cli("compile", str(spec))
    lines = proc.stderr.decode().splitlines()
    assert proc.returncode == 1
    assert proc.stdout == b""
    assert f"{spec}:3:3: error: user_pool.mfa: 'required' is not one of REQUIRED, OPTIONAL, OFF; did you mean " \
           "'REQUIRED'? [IC0104]" in lines
    assert f"{spec}:4:3: error: user_pool.mfaa: unknown key 'mfaa'; did you mean 'mfa'? [IC0101]" in lines
    assert all(LINE.match(line) for line in lines)
    assert "Traceback" not in proc.stderr.decode()


def test_an_existing_output_is_untouched_on_error(tmp_path):
    spec = tmp_path / "bad.yaml"
    spec.write_text(BAD_SPEC)
    out = tmp_path / "out.yaml"
    out.write_text("previous template\n")
    proc = run_cli("compile", str(spec), "-o", str(out))
    assert proc.returncode == 1
    assert out.read_text() == "previous template\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "out.yaml"]


def test_missing_input_is_exit_2_and_writes_nothing(tmp_path):
    out = tmp_path / "out.yaml"
    proc = run_cli("compile", str(tmp_path / "nope.yaml"), "-o", str(out))
    assert proc.returncode == 2
    assert "cannot open the spec" in proc.stderr.decode()
    assert not out.exists()


def test_unwritable_output_is_exit_2(tmp_path):
    proc = run_cli("compile", str(EXAMPLES / "web-app.yaml"), "-o", str(tmp_path / "no" / "such" / "dir.yaml"))
    assert proc.returncode == 2
    assert "cannot write" in proc.stderr.decode()
    assert "Traceback" not in proc.stderr.decode()


def test_bad_usage_is_exit_2():
    assert run_cli("compile").returncode == 2
    assert run_cli("frobnicate").returncode == 2
    assert run_cli("compile", "a.yaml", "b.yaml").returncode == 2
    assert run_cli("compile", str(EXAMPLES / "web-app.yaml"), "--format", "xml").returncode == 2


def test_out_dir_gets_one_template_per_spec_and_environment_and_nothing_else(tmp_path):
    out = tmp_path / "templates"
    specs = sorted(str(p) for p in EXAMPLES.glob("*.yaml"))
    proc = run_cli("compile", *specs, "--out-dir", str(out), "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    environments = [f"{p.stem}.{name}.json" for p in EXAMPLES.glob("*.yaml")
                    for name in (yaml.safe_load(p.read_text()).get("environments") or {})]
    assert environments == ["environments.staging.json", "environments.prod.json"]
    replicas = [f"{p.stem}.{r['region']}.json" for p in EXAMPLES.glob("*.yaml")
                for r in yaml.safe_load(p.read_text()).get("replicas") or []]
    assert replicas == ["multi-region.eu-west-1.json"]
    assert sorted(p.name for p in out.iterdir()) == sorted([p.stem + ".json" for p in EXAMPLES.glob("*.yaml")]
                                                           + environments + replicas)
    for path in out.iterdir():
        assert json.loads(path.read_text())["Resources"]


def test_out_dir_with_one_bad_spec_writes_none_and_exits_1(tmp_path):
    """All or none: a batch never leaves some templates new and others stale."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_SPEC)
    out = tmp_path / "out"
    out.mkdir()
    (out / "web-app.yaml").write_text("stale\n")
    proc = run_cli("compile", str(EXAMPLES / "web-app.yaml"), str(bad), "--out-dir", str(out))
    assert proc.returncode == 1
    assert "no template was written" in proc.stderr.decode()
    assert sorted(p.name for p in out.iterdir()) == ["web-app.yaml"]
    assert (out / "web-app.yaml").read_text() == "stale\n"


def test_output_is_byte_identical_across_runs_and_hash_seeds():
    spec = str(PDK / "mfa-extras.yaml")
    outputs = {run_cli("compile", spec, "--format", fmt, env={"PYTHONHASHSEED": seed}).stdout
               for seed in ("0", "1", "12345") for fmt in ("json",)}
    assert len(outputs) == 1
    yaml_outputs = {run_cli("compile", spec, env={"PYTHONHASHSEED": seed}).stdout for seed in ("0", "99")}
    assert len(yaml_outputs) == 1


def test_validate_checks_many_specs_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_SPEC)
    good = run_cli("validate", *(str(p) for p in EXAMPLES.glob("*.yaml")), cwd=tmp_path)
    assert good.returncode == 0, good.stderr.decode()
    assert good.stdout == b""
    proc = run_cli("validate", str(EXAMPLES / "web-app.yaml"), str(bad), cwd=tmp_path)
    assert proc.returncode == 1
    assert list(tmp_path.iterdir()) == [bad]


def test_validate_can_pass_over_other_yaml(tmp_path):
    other = tmp_path / "docker-compose.yaml"
    other.write_text("services:\n  web:\n    image: nginx\n")
    listing = tmp_path / "list.yaml"
    listing.write_text("- a\n- b\n")
    assert run_cli("validate", "--skip-non-specs", str(other), str(listing)).returncode == 0
    assert run_cli("validate", str(other)).returncode == 1


def test_stdin_spec():
    proc = run_cli("compile", "-", "--format", "json", input=(PDK / "mfa-default.yaml").read_bytes())
    assert proc.returncode == 0
    assert "PoolD3F588B8" in json.loads(proc.stdout)["Resources"]


def test_error_formats(tmp_path):
    spec = tmp_path / "bad.yaml"
    spec.write_text(BAD_SPEC)
    as_json = [json.loads(line) for line in run_cli("validate", str(spec), "--error-format", "json")
               .stderr.decode().splitlines()]
    assert {"file", "line", "column", "severity", "path", "message", "rule"} <= set(as_json[0])
    github = run_cli("validate", str(spec), "--error-format", "github").stderr.decode().splitlines()
    assert github[0].startswith("::error file=") and ",line=3,col=3,title=IC0104::" in github[0]


def test_schema_and_rules_commands():
    schema = json.loads(run_cli("schema").stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    rules = run_cli("rules").stdout.decode()
    assert "IC0201" in rules and "source:" in rules


def test_hostile_inputs_never_traceback(tmp_path):
    cases = {
        "empty.yaml": b"",
        "binary.yaml": bytes(range(256)),
        "tabs.yaml": b"kind: UserIdentity\nuser_pool:\n\tmfa: OFF\n",
        "python.yaml": b"kind: !!python/object/apply:os.system ['touch pwned']\n",
        "list.yaml": b"- kind: UserIdentity\n",
        "big.yaml": b"kind: UserIdentity\n" + b"# padding\n" * 120_000,
        "deep.yaml": b"kind: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    }
    for name, content in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        out = tmp_path / (name + ".out")
        proc = run_cli("compile", str(path), "-o", str(out))
        err = proc.stderr.decode()
        assert proc.returncode == 1, (name, err)
        assert "Traceback" not in err, name
        assert LINE.match(err.splitlines()[0]), (name, err)
        assert not out.exists()
    assert not (tmp_path / "pwned").exists()
    several = tmp_path / "docs.yaml"  # another tool's YAML (SPEC 12a): one line, a usage error
    several.write_bytes(b"kind: UserIdentity\n---\nkind: UserIdentity\n")
    proc = run_cli("compile", str(several), "-o", str(tmp_path / "docs.out"))
    assert proc.returncode == 2 and LINE.match(proc.stderr.decode()) and "not a spec" in proc.stderr.decode()


def test_skip_non_specs_still_reports_broken_specs_and_bombs(tmp_path):
    broken = tmp_path / "auth.yaml"
    broken.write_text("kind: UserIdentity\nuser_pool: [\n")
    other_broken = tmp_path / "other.yaml"
    other_broken.write_text("a: [\n")
    bomb = tmp_path / "bomb.yaml"
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    bomb.write_text("\n".join(lines) + "\n")
    proc = run_cli("validate", "--skip-non-specs", str(broken), str(other_broken), str(bomb))
    assert proc.returncode == 1
    assert str(broken) in proc.stderr.decode()
    assert str(other_broken) not in proc.stderr.decode()


def test_compile_check_compares_templates_beside_the_specs(tmp_path):
    spec = tmp_path / "auth.yaml"
    spec.write_text((EXAMPLES / "web-app.yaml").read_text())
    missing = run_cli("compile", "--check", str(spec))
    assert missing.returncode == 1
    assert "auth.template.yaml is missing" in missing.stderr.decode()
    assert not (tmp_path / "auth.template.yaml").exists()
    assert run_cli("compile", str(spec), "-o", str(tmp_path / "auth.template.yaml")).returncode == 0
    assert run_cli("compile", "--check", str(spec)).returncode == 0
    spec.write_text(spec.read_text() + "allow_signup: true\n")
    assert run_cli("compile", "--check", str(spec)).returncode == 1


def test_out_dir_is_not_created_when_nothing_compiles(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_SPEC)
    proc = run_cli("compile", str(bad), "--out-dir", str(tmp_path / "out"))
    assert proc.returncode == 1
    assert not (tmp_path / "out").exists()


BRANDED = """\
kind: UserPoolWithMfa
clients:
  - id: Web
    o_auth: {flows: {authorization_code_grant: true}}
    managed_login_branding:
      settings_file: branding/settings.json
      assets:
        - {category: PAGE_HEADER_LOGO, color_mode: LIGHT, file: branding/logo.png}
  - id: Admin
    o_auth: {flows: {authorization_code_grant: true}}
domains:
  - {id: Domain, cognito_domain: {domain_prefix: shop-login}, managed_login_version: 2}
"""


def test_managed_login_branding_reads_its_files_next_to_the_spec(tmp_path):
    import base64

    (tmp_path / "branding").mkdir()
    logo = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    (tmp_path / "branding" / "logo.png").write_bytes(logo)
    (tmp_path / "branding" / "settings.json").write_text('{"components": {"pageBackground": {"image": {"enabled": true}}}}')
    spec = tmp_path / "auth.yaml"
    spec.write_text(BRANDED)
    proc = run_cli("compile", str(spec), "--lint", cwd=tmp_path.parent)  # files are the spec's, not the cwd's
    assert proc.returncode == 0, proc.stderr.decode()
    resources = yaml.safe_load(proc.stdout)["Resources"]
    brandings = {lid: r["Properties"] for lid, r in resources.items() if r["Type"] == "AWS::Cognito::ManagedLoginBranding"}
    web = next(p for p in brandings.values() if p["ClientId"] == {"Ref": "UserPoolWebEB3796DD"})
    assert web["Settings"] == {"components": {"pageBackground": {"image": {"enabled": True}}}}
    assert web["Assets"] == [{"Category": "PAGE_HEADER_LOGO", "ColorMode": "LIGHT", "Extension": "PNG",
                              "Bytes": base64.b64encode(logo).decode()}]
    # the other client shows managed login's pages too: Cognito's own look, not "Login pages unavailable"
    assert [p for p in brandings.values() if p is not web] == [
        {"ClientId": {"Ref": next(lid for lid in resources if lid.startswith("UserPoolAdmin"))},
         "UseCognitoProvidedValues": True, "UserPoolId": {"Ref": "UserPool6BA7E5F2"}}]


def test_branding_files_that_cannot_be_read_are_errors_at_their_keys(tmp_path):
    import os

    (tmp_path / "branding").mkdir()
    os.mkfifo(tmp_path / "branding" / "logo.png")  # a FIFO with no writer: refused, not waited on
    (tmp_path / "branding" / "settings.json").write_text("[1, 2]")
    spec = tmp_path / "auth.yaml"
    spec.write_text(BRANDED)
    out = tmp_path / "out.yaml"
    proc = run_cli("compile", str(spec), "-o", str(out))
    assert proc.returncode == 1 and not out.exists()
    lines = proc.stderr.decode().splitlines()
    assert f"{spec}:6:7: error: clients[0].managed_login_branding.settings_file: 'branding/settings.json' holds a " \
           "JSON list, not an object [IC0007]" in lines
    assert f"{spec}:8:59: error: clients[0].managed_login_branding.assets[0].file: 'branding/logo.png' is not a " \
           "regular file (a device, a pipe or a socket is not read) [IC0007]" in lines
    os.remove(tmp_path / "branding" / "logo.png")
    (tmp_path / "branding" / "logo.png").write_bytes(b"x" * 750_001)
    proc = run_cli("validate", str(spec))
    assert "'branding/logo.png' is 750,001 bytes; a file may be at most 750,000 bytes [IC0007]" in proc.stderr.decode()


def test_hosted_ui_css_from_a_file(tmp_path):
    css = ".banner-customizable { background-color: #232f3e; }\n"
    (tmp_path / "hosted-ui.css").write_text(css)
    spec = tmp_path / "auth.yaml"
    spec.write_text("kind: UserPoolWithMfa\nui_customization: {css_file: hosted-ui.css}\n"
                    "domains: [{id: Domain, cognito_domain: {domain_prefix: shop-login}}]\n")
    proc = run_cli("compile", str(spec))
    assert proc.returncode == 0, proc.stderr.decode()
    attachment = next(r for r in yaml.safe_load(proc.stdout)["Resources"].values()
                      if r["Type"] == "AWS::Cognito::UserPoolUICustomizationAttachment")
    assert attachment["Properties"]["CSS"] == css
    (tmp_path / "hosted-ui.css").write_bytes(b"")
    proc = run_cli("validate", str(spec))
    assert proc.returncode == 1
    assert f"{spec}:2:20: error: ui_customization.css_file: 'hosted-ui.css' is empty [IC0007]" in proc.stderr.decode()
