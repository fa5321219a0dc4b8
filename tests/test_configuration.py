"""The project configuration (pyproject.toml's [tool.identity-compiler] or a file of its own, found by walking up
from the spec) and the baseline: defaults, per-rule severities, errors in the configuration itself."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

NO_MFA = "kind: UserPoolWithMfa\nmfa: OFF\n"  # IC0812, an advice warning


def project(tmp_path, config: str, name: str = "pyproject.toml", spec: str = NO_MFA):
    (tmp_path / name).write_text(config)
    specs = tmp_path / "specs"
    specs.mkdir(exist_ok=True)
    (specs / "auth.yaml").write_text(spec)
    return specs / "auth.yaml"


def test_pyproject_raises_an_advice_rule_to_an_error(tmp_path):
    spec = project(tmp_path, '[tool.identity-compiler]\nseverity = { IC0812 = "error" }\n')
    proc = run_cli("validate", str(spec))
    assert proc.returncode == 1
    assert ": error: mfa: MFA is OFF" in proc.stderr.decode()
    assert run_cli("validate", str(spec), "--isolated").returncode == 0


def test_a_rule_turned_off_is_not_reported(tmp_path):
    spec = project(tmp_path, 'severity = { IC0812 = "off" }\n', name="identity-compiler.toml")
    proc = run_cli("validate", str(spec))
    assert proc.returncode == 0 and "IC0812" not in proc.stderr.decode()


def test_the_spec_acknowledgement_still_accepts_one_finding(tmp_path):
    spec = project(tmp_path, "", name=".identity-compiler.toml",
                   spec=NO_MFA + "acknowledge: {IC0812: internal tool behind the VPN}\n")
    assert run_cli("validate", str(spec)).stderr == b""


def test_options_come_from_the_configuration_and_the_command_line_wins(tmp_path):
    spec = project(tmp_path, '[tool.identity-compiler]\nerror-format = "json"\npdk-compat = true\n')
    proc = run_cli("validate", str(spec))
    found = [json.loads(line) for line in proc.stderr.decode().splitlines()]
    assert any(d["rule"] == "IC0816" for d in found)  # a --pdk-compat finding
    proc = run_cli("validate", str(spec), "--error-format", "text", "--no-pdk-compat")
    assert "IC0816" not in proc.stderr.decode() and proc.stderr.decode().startswith(str(spec))


def test_a_pyproject_without_the_table_is_passed_over(tmp_path):
    (tmp_path / "identity-compiler.toml").write_text('severity = { IC0812 = "error" }\n')
    inner = tmp_path / "app"
    inner.mkdir()
    spec = project(inner, '[tool.ruff]\nline-length = 100\n')
    assert run_cli("validate", str(spec)).returncode == 1  # the outer configuration applies


@pytest.mark.parametrize("config, message", [
    ('[tool.identity-compiler]\npdk_compat = true\n', "pyproject.toml:2: unknown key 'pdk_compat'; did you mean 'pdk-compat'?"),
    ('[tool.identity-compiler]\nlint = "yes"\n', "'lint' must be a boolean"),
    ('[tool.identity-compiler]\nseverity = { IC9999 = "error" }\n', "severity: no rule IC9999"),
    ('[tool.identity-compiler]\nseverity = { IC0812 = "info" }\n', "is one of error, warning, off"),
    ('[tool.identity-compiler]\nseverity = { IC0202 = "off" }\n', "IC0202 is an error in every mode"),
    ('[tool.identity-compiler]\nfiles-root = ["/"]\n', "leaves the configuration's folder"),
    ('[tool.identity-compiler\n', "not TOML"),
    ('[tool.identity-compiler]\ndocs-url = "javascript:alert(1)"\n', "'docs-url' is an absolute http:// or https:// URL"),
])
def test_a_bad_configuration_is_a_usage_error_at_its_line(tmp_path, config, message):
    spec = project(tmp_path, config)
    proc = run_cli("validate", str(spec))
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert message in err and "pyproject.toml:" in err and "Traceback" not in err


def test_files_root_from_the_configuration_lets_specs_name_shared_files(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "login.css").write_text(".banner-customizable { background-color: #222; }\n")
    spec_text = ("kind: UserPoolWithMfa\ndomains: [{id: D, cognito_domain: {domain_prefix: shop-auth}}]\n"
                 "clients: [{id: Web, ui_customization: {css_file: ../shared/login.css}}]\n")
    spec = project(tmp_path, "", name="identity-compiler.toml", spec=spec_text)
    assert "[IC0007]" in run_cli("validate", str(spec)).stderr.decode()
    (tmp_path / "identity-compiler.toml").write_text('files-root = ["shared"]\n')
    proc = run_cli("validate", str(spec))
    assert "[IC0007]" not in proc.stderr.decode(), proc.stderr.decode()


def test_a_baseline_fails_only_on_new_findings(tmp_path):
    spec = project(tmp_path, '[tool.identity-compiler]\nseverity = { IC0812 = "error" }\n')
    baseline = tmp_path / "baseline.json"
    proc = run_cli("validate", str(spec), "--write-baseline", str(baseline))
    assert proc.returncode == 0 and "1 finding(s)" in proc.stderr.decode()
    assert json.loads(baseline.read_text())["findings"][0]["rule"] == "IC0812"
    assert run_cli("validate", str(spec), "--baseline", str(baseline)).returncode == 0
    spec.write_text("# moved down a line\n" + NO_MFA)  # lines move: still known
    assert run_cli("validate", str(spec), "--baseline", str(baseline)).returncode == 0
    spec.write_text(NO_MFA + "mfa_message: no code\n")
    proc = run_cli("validate", str(spec), "--baseline", str(baseline))
    assert proc.returncode == 1 and "[IC0202]" in proc.stderr.decode() and "IC0812" not in proc.stderr.decode()
    (tmp_path / "pyproject.toml").write_text('[tool.identity-compiler]\nbaseline = "baseline.json"\n'
                                             'severity = { IC0812 = "error" }\n')
    assert "IC0812" not in run_cli("validate", str(spec)).stderr.decode()


def test_a_file_that_is_not_a_baseline_is_a_usage_error(tmp_path):
    spec = project(tmp_path, "", name="identity-compiler.toml")
    (tmp_path / "b.json").write_text("[1, 2]")
    proc = run_cli("validate", str(spec), "--baseline", str(tmp_path / "b.json"))
    assert proc.returncode == 2 and "is not a baseline" in proc.stderr.decode()


def test_an_acknowledgement_of_a_rule_raised_to_an_error_says_it_no_longer_applies(tmp_path):
    spec = project(tmp_path, '[tool.identity-compiler]\nseverity = { IC0812 = "error" }\n',
                   spec=NO_MFA + "acknowledge: {IC0812: internal tool behind the VPN}\n")
    proc = run_cli("validate", str(spec))
    assert proc.returncode == 1
    assert "acknowledge of IC0812 no longer applies: the project configuration's severity makes it an error" \
        in proc.stderr.decode()


@pytest.mark.parametrize("config, line", [('[tool.identity-compiler]\nlint = false\nseverity = { IC9999 = "error" }\n', 3),
                                          ('[tool.identity-compiler]\nlint = false\nx = [\n', 3),
                                          ('[tool.identity-compiler]\nlint = = false\n', 2)])
def test_a_configuration_error_is_reported_at_the_line_the_parser_names(tmp_path, config, line):
    spec = project(tmp_path, config)
    proc = run_cli("validate", str(spec))
    assert proc.returncode == 2 and f"pyproject.toml:{line}: " in proc.stderr.decode(), proc.stderr.decode()
