"""An attacker's pull request against the newer surfaces: configuration, baselines, report files, fmt,
environments, compile --check, web-config --check and the language server.

CI checks out the pull request (a git repository: the project root) and runs validate/compile/fmt on it; the
attacker controls every file in it, links included, and nothing outside it. Each test is a probe that once
got through: nothing is read, written or silenced beyond what the command line asked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import EXAMPLES, ROOT, run_cli

SECRET = "ghp-token-do-not-leak"
POOL = "kind: UserPoolWithMfa\nstack_name: S\n"
NO_MFA = "kind: UserPoolWithMfa\nstack_name: S\nmfa: OFF\n"  # IC0812, an advice warning
DOMAIN = "domains: [{id: D, cognito_domain: {domain_prefix: abc-def}}]\n"


@pytest.fixture()
def repo(tmp_path):
    """A checkout (git top level) with the job's token in .git/config, and a secret folder beside it."""
    checkout = tmp_path / "repo"
    checkout.mkdir()
    subprocess.run(["git", "init", "-q", str(checkout)], check=True)
    with open(checkout / ".git" / "config", "a") as config:
        config.write(f'[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic {SECRET}\n')
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(POOL + f"description: {SECRET}\n")
    (outside / "x.toml").write_text(f'[tool.identity-compiler]\n{SECRET} = 1\n')
    (outside / "outputs.json").write_text(json.dumps({"auth": {"user_pool_id": SECRET}}))
    return checkout


def _leaks(proc) -> bool:
    return SECRET.encode() in proc.stdout + proc.stderr


# 1. Files a spec names never come from version-control metadata or other hidden files.
@pytest.mark.parametrize("name", [".git/config", "./.git/config", ".env", "sub/.npmrc", "CVS/Root", "linked.css"])
def test_a_spec_cannot_name_version_control_metadata_or_hidden_files(repo, name):
    (repo / ".env").write_text(f"TOKEN={SECRET}\n")
    (repo / "sub").mkdir()
    (repo / "sub" / ".npmrc").write_text(f"//registry/:_authToken={SECRET}\n")
    (repo / "CVS").mkdir()
    (repo / "CVS" / "Root").write_text(SECRET)
    os.symlink(".git/config", repo / "linked.css")
    (repo / "auth.yaml").write_text(POOL + DOMAIN + f"ui_customization: {{css_file: {json.dumps(name)}}}\n")
    proc = run_cli("compile", "auth.yaml", "-o", "out.template.yaml", cwd=repo)
    assert proc.returncode == 1 and "[IC0007]" in proc.stderr.decode(), proc.stderr.decode()
    assert not _leaks(proc) and not (repo / "out.template.yaml").exists()


# 2. A linked folder anywhere in the path counts, not only the last component.
def test_fmt_never_rewrites_a_file_through_a_linked_folder(repo, tmp_path):
    outside_spec = tmp_path / "outside" / "secret.yaml"
    outside_spec.write_text("stack_name: S\nkind: UserPoolWithMfa\n")  # fmt would move kind up
    before = outside_spec.read_bytes()
    os.symlink("../outside", repo / "specs")
    for args in (["fmt", "specs/secret.yaml"], ["fmt", "--skip-non-specs", "specs/secret.yaml"]):
        proc = run_cli(*args, cwd=repo)
        assert outside_spec.read_bytes() == before
        assert "Traceback" not in proc.stderr.decode()


@pytest.mark.parametrize("command", [["validate", "specs/secret.yaml"], ["compile", "specs/secret.yaml"],
                                     ["compile", "--check", "specs/secret.yaml"],
                                     ["import", "t.json", "--into", "specs/secret.yaml", "--env", "e"],
                                     ["import", "t.json", "--replica-template", "specs/secret.yaml"],
                                     ["diff", "specs/secret.yaml", "specs/secret.yaml"]])
def test_nothing_is_read_through_a_linked_folder(repo, command):
    os.symlink("../outside", repo / "specs")
    (repo / "t.json").write_text(run_cli("compile", str(EXAMPLES / "user-pool.yaml"), "--format", "json",
                                         "--pdk-compat").stdout.decode())
    proc = run_cli(*command, cwd=repo)
    assert proc.returncode != 0 and not _leaks(proc), proc.stderr.decode()
    assert "symbolic link that leads outside the project" in proc.stderr.decode()


# 3. Inputs the user names are contained as files a spec names are.
def test_web_config_check_never_prints_a_linked_outside_file(repo, tmp_path):
    os.symlink(tmp_path / "outside" / "outputs.json", repo / "amplify_outputs.json")
    proc = run_cli("web-config", "--stack-name", "S", "--region", "eu-west-1", "--endpoint-url",
                   "http://127.0.0.1:9", "--check", "amplify_outputs.json", cwd=repo)
    assert proc.returncode == 2 and not _leaks(proc)
    assert "leads outside the project" in proc.stderr.decode()


def test_a_linked_outside_configuration_is_not_read(repo, tmp_path):
    os.symlink(tmp_path / "outside" / "x.toml", repo / "identity-compiler.toml")
    (repo / "auth.yaml").write_text(POOL)
    proc = run_cli("validate", "auth.yaml", cwd=repo)
    assert proc.returncode == 2 and not _leaks(proc)


def test_a_configuration_above_the_repository_is_not_the_pull_requests(repo, tmp_path):
    (tmp_path / "identity-compiler.toml").write_text('severity = { IC0812 = "off" }\n')
    (repo / "auth.yaml").write_text(NO_MFA)
    assert "[IC0812]" in run_cli("validate", "auth.yaml", cwd=repo).stderr.decode()


# 4. A file name never makes a text line a GitHub workflow command.
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_file_name_that_is_a_workflow_command_is_not_one_in_the_log(repo, fmt):
    name = "::error file=README.md,line=1::x.yaml"
    (repo / name).write_text("kind: UserPoolWithMfa\nmfa: NOPE\n")
    (repo / "  ::warning::y.yaml").write_text("kind: UserPoolWithMfa\nmfa: NOPE\n")
    proc = run_cli("validate", "--error-format", fmt, name, "  ::warning::y.yaml", cwd=repo)
    lines = (proc.stdout + proc.stderr).decode().splitlines()
    assert proc.returncode == 1 and len(lines) == 4  # a schema error and the stack name, each
    assert not any(line.lstrip().startswith("::") for line in lines), lines
    github = run_cli("validate", "--error-format", "github", name, cwd=repo).stderr.decode()
    assert github.startswith("::error file=%3A%3Aerror file=README.md%2Cline=1%3A%3Ax.yaml,")


# 5. A character some readers take for a line break cannot hide a key in a comment.
@pytest.mark.parametrize("character", ["\u2028", "\u2029", "\x85"])
def test_a_key_hidden_behind_a_unicode_line_break_is_refused(repo, character):
    spec = ("kind: UserIdentity\nuser_pool:\n  clients:\n    - id: WebClient\n      o_auth:\n"
            "        callback_urls: [https://app.example.com/]  # reviewed" + character +
            "        logout_urls: [https://evil.example.com/]\n")
    (repo / "auth.yaml").write_text(spec)
    proc = run_cli("compile", "auth.yaml", cwd=repo)
    assert proc.returncode == 1 and b"evil.example.com" not in proc.stdout
    assert f"auth.yaml:6:62: error: (root): the character U+{ord(character):04X}" in proc.stderr.decode()
    (repo / "identity-compiler.toml").write_text(f"# note{character}lint = true\n")
    (repo / "auth.yaml").write_text(POOL)
    proc = run_cli("validate", "auth.yaml", cwd=repo)
    assert proc.returncode == 2 and "identity-compiler.toml:1:" in proc.stderr.decode()


# 6. docs-url reaches every SARIF helpUri and editor link: an absolute http(s) URL and nothing else.
@pytest.mark.parametrize("url", ["https://x.example/a b", "https://x.example/\\n<script>", "javascript:alert(1)",
                                 "https://x.example/\"><img src=x>", "//x.example/docs", "https://x.example/d?q=1"])
def test_docs_url_is_an_absolute_http_url_and_nothing_else(repo, url):
    (repo / "identity-compiler.toml").write_text(f"docs-url = {json.dumps(url)}\n")
    (repo / "auth.yaml").write_text(POOL)
    proc = run_cli("validate", "--error-format", "sarif", "auth.yaml", cwd=repo)
    assert proc.returncode == 2 and "'docs-url' is an absolute http:// or https:// URL" in proc.stderr.decode()
    assert proc.stdout == b""


# 7. Every file a command writes is planned with the others before anything is written.
def test_report_file_never_lands_on_the_template_of_the_same_run(repo):
    (repo / "auth.yaml").write_text(POOL)
    proc = run_cli("compile", "auth.yaml", "-o", "out.yaml", "--report-file", "out.yaml", "--error-format",
                   "sarif", cwd=repo)
    assert proc.returncode == 2 and not (repo / "out.yaml").exists()
    proc = run_cli("compile", "auth.yaml", "--out-dir", "t", "--report-file", "t/auth.yaml", "--error-format",
                   "junit", cwd=repo)
    assert proc.returncode == 2 and not (repo / "t").exists()


def test_report_file_never_lands_on_an_input_of_the_run(repo):
    (repo / "auth.yaml").write_text(NO_MFA + DOMAIN + "ui_customization: {css_file: ui.css}\n")
    (repo / "ui.css").write_text(".banner-customizable { color: red; }\n")
    run_cli("validate", "auth.yaml", "--write-baseline", "baseline.json", cwd=repo)
    os.symlink("baseline.json", repo / "report.sarif")
    for report in ("ui.css", "report.sarif"):
        before = {p.name: p.read_bytes() for p in repo.iterdir() if p.is_file()}
        proc = run_cli("compile", "auth.yaml", "-o", "out.yaml", "--baseline", "baseline.json", "--report-file",
                       report, "--error-format", "sarif", cwd=repo)
        assert proc.returncode == 2, proc.stderr.decode()
        assert "an input of this run" in proc.stderr.decode()
        assert {p.name: p.read_bytes() for p in repo.iterdir() if p.is_file()} == before


@pytest.mark.parametrize("option", ["--report-file", "--write-baseline"])
def test_nothing_is_written_through_a_link_out_of_the_project(repo, tmp_path, option):
    target = tmp_path / "outside" / "victim.txt"
    target.write_text("keep\n")
    os.chmod(target, 0o600)
    os.symlink(target, repo / "report.out")
    os.symlink(tmp_path / "outside", repo / "out")
    (repo / "auth.yaml").write_text(POOL)
    for path in ("report.out", "out/new.json"):
        proc = run_cli("validate", "auth.yaml", option, path, cwd=repo)
        assert proc.returncode == 2 and "leads outside the project" in proc.stderr.decode()
    assert target.read_text() == "keep\n" and sorted(os.listdir(tmp_path / "outside")) == [
        "outputs.json", "secret.yaml", "victim.txt", "x.toml"]


def test_outputs_never_go_through_a_link_into_git_hooks(repo):
    os.symlink(".git/hooks/post-checkout", repo / "auth.template.yaml")
    (repo / "auth.yaml").write_text(POOL)
    proc = run_cli("compile", "auth.yaml", "-o", "auth.template.yaml", cwd=repo)
    assert proc.returncode == 2 and not (repo / ".git" / "hooks" / "post-checkout").exists()


# 8. The nearest configuration above each spec governs it; argument order never changes a result.
def test_each_spec_is_governed_by_its_own_configuration_whatever_the_order(repo):
    for folder, config in (("a", '[tool.identity-compiler]\nseverity = { IC0812 = "off" }\n'),
                           ("b", '[tool.identity-compiler]\nseverity = { IC0812 = "error" }\n')):
        (repo / folder).mkdir()
        (repo / folder / "pyproject.toml").write_text(config)
        (repo / folder / "spec.yaml").write_text(NO_MFA)
    for order in (["a/spec.yaml", "b/spec.yaml"], ["b/spec.yaml", "a/spec.yaml"]):
        proc = run_cli("validate", *order, cwd=repo)
        err = proc.stderr.decode()
        assert proc.returncode == 1 and "b/spec.yaml:3:1: error: mfa:" in err and "a/spec.yaml" not in err, err


# 9. A baseline holds only what severity could lower; a non-zero exit always says why.
@pytest.mark.parametrize("spec, rule", [("kind: UserPoolWithMfa\nmfa: NOPE\n", "IC0104"),
                                        ("kind: UserPoolWithMfa\nmfa: [\n", "IC0002"),
                                        (POOL + "ui_customization: {css_file: /etc/passwd}\n" + DOMAIN, "IC0007")])
def test_a_baseline_never_hides_an_error_that_stops_the_template(repo, spec, rule):
    (repo / "auth.yaml").write_text(spec)
    finding = {"file": "auth.yaml", "environment": "", "rule": rule, "path": "", "message": "x"}
    first = run_cli("validate", "--error-format", "json", "auth.yaml", cwd=repo)
    found = [json.loads(line) for line in first.stderr.decode().splitlines()]
    baseline = {"version": 1, "findings": [dict(finding, path=f["path"], message=f["message"]) for f in found]}
    (repo / "baseline.json").write_text(json.dumps(baseline))
    for command in ("validate", "compile"):
        proc = run_cli(command, "auth.yaml", "--baseline", "baseline.json", cwd=repo)
        assert proc.returncode != 0 and f"[{rule}]" in proc.stderr.decode(), proc.stderr.decode()
    written = run_cli("validate", "auth.yaml", "--write-baseline", "new.json", cwd=repo)
    assert written.returncode == 1 and f"[{rule}]" in written.stderr.decode()
    held = json.loads((repo / "new.json").read_text())["findings"] if (repo / "new.json").exists() else []
    assert not any(entry["rule"] == rule for entry in held)


# 10. Every file read is bounded, regular and never blocks.
@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "/proc/self/fd/0"])
def test_a_committed_template_linked_to_a_device_is_one_diagnostic(repo, target):
    (repo / "auth.yaml").write_text(POOL)
    os.symlink(target, repo / "auth.template.yaml")
    proc = subprocess.run([sys.executable, "-m", "identity_compiler", "compile", "auth.yaml", "--check"], cwd=repo,
                          stdin=subprocess.PIPE, capture_output=True, timeout=60,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 1 and "[IC" in proc.stderr.decode() and "Traceback" not in proc.stderr.decode()


@pytest.mark.parametrize("content", [b"\xff", b"\xfe\xff\x00t\x00e"])
def test_a_committed_template_that_is_not_text_is_one_diagnostic(repo, content):
    (repo / "auth.yaml").write_text(POOL)
    (repo / "auth.template.yaml").write_bytes(content)
    proc = run_cli("compile", "auth.yaml", "--check", cwd=repo)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr.decode()
    assert "auth.template.yaml cannot be compared" in proc.stderr.decode()


@pytest.mark.parametrize("what", ["baseline", "config"])
def test_baselines_and_configurations_linked_to_devices_are_refused(repo, what):
    (repo / "auth.yaml").write_text(POOL)
    if what == "baseline":
        os.symlink("/dev/zero", repo / "baseline.json")
        args = ["validate", "auth.yaml", "--baseline", "baseline.json"]
    else:
        os.symlink("/dev/zero", repo / "identity-compiler.toml")
        args = ["validate", "auth.yaml"]
    proc = run_cli(*args, cwd=repo)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr.decode()


# 11. Environments cannot multiply the work without bound.
def test_environments_over_a_large_base_are_bounded(repo):
    lines = ["kind: UserIdentity", "stack_name: Big", "user_pool:", "  clients:",
             "    - &c {id: C0, auth_flows: {user_srp: true}, o_auth: {flows: {authorization_code_grant: true}, "
             "callback_urls: ['https://app.example.com/cb']}}"]
    lines += [f"    - {{<<: *c, id: C{i}}}" for i in range(1, 480)]
    lines += ["environments:"] + [f"  e{n}: {{tags: {{env: e{n}}}}}" for n in range(50)]
    (repo / "big.yaml").write_text("\n".join(lines) + "\n")
    proc = run_cli("validate", "big.yaml", cwd=repo)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and len(err.splitlines()) == 1 and "more than 100,000" in err, err
    assert run_cli("validate", "big.yaml", "--env", "e3", cwd=repo).returncode == 0


# 12. Other tools' YAML is not a spec: never reported, never rewritten.
ACK = """\
apiVersion: cognitoidentityprovider.services.k8s.aws/v1alpha1
kind: UserPool
metadata:
  name: my-pool
spec:
  name: my-pool
  mfaConfiguration: "OFF"
"""
CROSSPLANE = "kind: UserPoolClient\napiVersion: cognitoidp.aws.upbound.io/v1beta1\nspec: {forProvider: {}}\n"
TEMPLATE = "AWSTemplateFormatVersion: '2010-09-09'\nkind: UserPool\nResources: {}\n"
HELM = "kind: UserPoolDomain\nmetadata:\n  name: {{ .Values.name }}\n"


@pytest.mark.parametrize("content", [ACK, CROSSPLANE, TEMPLATE, HELM, "kind: UserPool\n---\nkind: UserPool\n"])
def test_other_tools_yaml_is_never_a_spec(repo, content):
    (repo / "res.yaml").write_text(content)
    for command in (["validate", "--skip-non-specs"], ["compile", "--check", "--skip-non-specs"],
                    ["fmt", "--skip-non-specs"], ["fmt", "--check", "--skip-non-specs"]):
        proc = run_cli(*command, "res.yaml", cwd=repo)
        assert (proc.returncode, proc.stderr) == (0, b""), (command, proc.stderr.decode())
    for command in (["validate"], ["compile"], ["fmt"]):
        proc = run_cli(*command, "res.yaml", cwd=repo)
        lines = proc.stderr.decode().splitlines()
        assert proc.returncode == 2 and len(lines) == 1 and "not a spec" in lines[0], (command, lines)
    assert (repo / "res.yaml").read_text() == content
    from identity_compiler.commands import editor

    assert editor.findings(content, str(repo / "res.yaml")) == []


# Found by an attacker's session after the first fixes: each a regression case.
def test_a_files_root_that_is_version_control_metadata_reads_nothing(repo):
    (repo / "identity-compiler.toml").write_text('files-root = [".git"]\n')
    (repo / "sub").mkdir()
    os.symlink("../.git/config", repo / "sub" / "style.css")
    (repo / "sub" / "auth.yaml").write_text(POOL + DOMAIN + "ui_customization: {css_file: style.css}\n")
    proc = run_cli("compile", "sub/auth.yaml", cwd=repo)
    assert proc.returncode != 0 and not _leaks(proc)


def test_a_configurations_baseline_through_a_link_into_git_is_refused(repo):
    os.symlink(".git/config", repo / "bl.json")
    (repo / "identity-compiler.toml").write_text('baseline = "bl.json"\n')
    (repo / "auth.yaml").write_text(NO_MFA)
    proc = run_cli("validate", "auth.yaml", cwd=repo)
    assert proc.returncode == 2 and "version-control metadata" in proc.stderr.decode()


def test_a_baseline_never_holds_cfn_lint_errors():
    from identity_compiler.output.baseline import baselinable

    assert not baselinable("E3033") and baselinable("W3005") and not baselinable("IC0104") and baselinable("IC0812")


def test_fmt_diff_never_starts_a_line_with_a_workflow_command(repo):
    name = "::warning::y.yaml"
    (repo / name).write_text("stack_name: S\nkind: UserPoolWithMfa\n")
    proc = run_cli("fmt", "--diff", name, cwd=repo)
    assert proc.returncode == 1
    assert not any(line.startswith("::") for line in (proc.stdout + proc.stderr).decode().splitlines())


def test_an_output_that_is_a_fifo_no_one_reads_is_an_error_not_a_hang(repo):
    (repo / "auth.yaml").write_text(POOL)
    os.mkfifo(repo / "t.yaml")
    proc = run_cli("compile", "auth.yaml", "-o", "t.yaml", cwd=repo)
    assert proc.returncode == 2


def test_sarif_names_a_file_whose_name_is_not_utf8(repo):
    name = os.fsdecode(b"bad\xff.yaml")
    (repo / name).write_text("kind: UserPoolWithMfa\nmfa: NOPE\n")
    proc = subprocess.run([sys.executable, "-m", "identity_compiler", "validate", name, "--error-format", "sarif"],
                          cwd=repo, capture_output=True, timeout=60, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    assert json.loads(proc.stdout)["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"]["uri"] == "bad%FF.yaml"


def test_diff_checks_each_input_under_its_own_configuration(repo):
    (repo / "identity-compiler.toml").write_text('severity = {IC0309 = "off"}\n')
    (repo / "sub").mkdir()
    (repo / "sub" / "identity-compiler.toml").write_text("pdk-compat = false\n")
    (repo / "sub" / "ok.yaml").write_text(POOL)
    (repo / "sub" / "http.yaml").write_text(POOL + "clients:\n  - id: Web\n    o_auth: {flows: {authorization_code_grant: "
                                            "true}, callback_urls: ['http://example.com/cb']}\n")
    assert run_cli("validate", "sub/http.yaml", cwd=repo).returncode == 1
    proc = run_cli("diff", "sub/ok.yaml", "sub/http.yaml", cwd=repo)
    assert proc.returncode == 1 and "[IC0309]" in proc.stderr.decode()


def test_argument_errors_echo_file_names_on_one_line(repo):
    proc = run_cli("validate", "-x\n::error::pwned.yaml", cwd=repo)
    assert proc.returncode == 2
    assert not any(line.lstrip().startswith("::") for line in proc.stderr.decode().splitlines())


def test_a_template_line_never_starts_with_a_value_from_a_file(repo):
    (repo / "ui.css").write_text(".banner-customizable {\n::error::pwned\n}\n")
    (repo / "auth.yaml").write_text(POOL + DOMAIN + "ui_customization: {css_file: ui.css}\n")
    proc = run_cli("compile", "auth.yaml", cwd=repo)
    assert proc.returncode == 0 and b"pwned" in proc.stdout
    assert not any(line.lstrip().startswith("::") for line in proc.stdout.decode().splitlines())


def test_a_limit_turned_off_by_the_configuration_compiles_as_validate_says(repo):
    (repo / "identity-compiler.toml").write_text('severity = {IC0712 = "off"}\n')
    (repo / "long.yaml").write_text(POOL + "user_pool_name: " + "a" * 200 + "\n")
    assert run_cli("validate", "long.yaml", cwd=repo).returncode == 0
    proc = run_cli("compile", "long.yaml", "-o", "long.template.yaml", cwd=repo)
    assert proc.returncode == 0, proc.stderr.decode()


def test_files_a_spec_names_are_bounded_together_each_use_counted(repo):
    """One 700 KB image named by twelve clients through a YAML alias is 8.4 MB of template: refused at the key, once
    read, never building the whole."""
    (repo / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 700_000)
    branding = "{use_cognito_provided_values: false, assets: [{category: PAGE_HEADER_LOGO, color_mode: LIGHT, " \
               "extension: PNG, file: logo.png}]}"
    clients = "".join(f"  - {{id: C{n}, managed_login_branding: *b}}\n" for n in range(1, 12))
    (repo / "auth.yaml").write_text(
        "kind: UserPoolWithMfa\nstack_name: S\nfeature_plan: PLUS\n"
        "domains: [{id: D, cognito_domain: {domain_prefix: abc-def}, managed_login_version: 2}]\n"
        f"clients:\n  - {{id: C0, managed_login_branding: &b {branding}}}\n" + clients)
    proc = run_cli("validate", "auth.yaml", cwd=repo)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "come to more than 8,388,608 bytes" in err and "[IC0007]" in err, err
