"""Nothing the user has is destroyed, and bad input of any kind is one line with a position.

Outputs onto links, devices, pipes and the specs themselves; standard input within the limits;
control characters and odd names printed on one line; `diff` and `web-config` on input they
cannot use.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest
from conftest import EXAMPLES, ROOT, run_cli

WEB_APP = EXAMPLES / "web-app.yaml"
LINE = re.compile(r"^.+?:\d+:\d+: (error|warning): .+ \[IC\d{4}\]$")


def _template() -> bytes:
    return run_cli("compile", str(WEB_APP)).stdout


def test_output_onto_a_symlink_writes_through_to_its_target(tmp_path):
    target = tmp_path / "target.yaml"
    target.write_text("old\n")
    os.chmod(target, 0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to("target.yaml")
    proc = run_cli("compile", str(WEB_APP), "-o", str(link))
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and os.readlink(link) == "target.yaml"
    assert target.read_bytes() == _template()
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.yaml", "target.yaml"]


def test_output_onto_a_fifo_is_written_to_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    proc = run_cli("compile", str(WEB_APP), "-o", str(fifo))
    received, _ = reader.communicate(timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert received == _template()
    assert fifo.is_fifo()


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_output_onto_dev_null_leaves_the_device_alone():
    before = os.stat("/dev/null")
    proc = run_cli("compile", str(WEB_APP), "-o", "/dev/null")
    after = os.stat("/dev/null")
    assert proc.returncode == 0, proc.stderr
    assert (after.st_ino, after.st_rdev, after.st_mode) == (before.st_ino, before.st_rdev, before.st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_output_onto_a_full_device_is_exit_2_no_space():
    proc = run_cli("compile", str(WEB_APP), "-o", "/dev/full")
    assert proc.returncode == 2
    assert "cannot write /dev/full: No space left on device" in proc.stderr.decode()


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="needs /dev/stdout")
def test_output_onto_dev_stdout_reaches_standard_output():
    proc = run_cli("compile", str(WEB_APP), "-o", "/dev/stdout")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == _template()


def test_a_template_never_overwrites_a_spec(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        shutil.copy(WEB_APP, tmp_path / name)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    out_dir = run_cli("compile", "a.yaml", "b.yaml", "--out-dir", ".", cwd=tmp_path)
    assert out_dir.returncode == 2
    assert "would overwrite the spec a.yaml" in out_dir.stderr.decode()
    same = run_cli("compile", "a.yaml", "-o", "./a.yaml", cwd=tmp_path)
    assert same.returncode == 2
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_standard_input_has_the_file_size_limit(tmp_path):
    spec = WEB_APP.read_bytes()
    oversize = spec + b"#" * (1024 * 1024 + 1 - len(spec)) + b"\n"
    proc = run_cli("compile", "-", input=oversize)
    assert proc.returncode == 1
    assert proc.stderr.decode() == "<stdin>:1:1: error: (root): a spec may be at most 1,048,576 bytes [IC0001]\n"
    assert proc.stdout == b""
    assert run_cli("compile", "-", input=spec).stdout == _template()


def test_endless_standard_input_is_refused_at_the_limit():
    with open("/dev/zero", "rb") as zero:
        proc = subprocess.run([sys.executable, "-m", "identity_compiler", "compile", "-"], stdin=zero,
                              capture_output=True, timeout=60)
    assert proc.returncode == 1
    assert "at most 1,048,576 bytes" in proc.stderr.decode()


def test_closed_standard_input_is_exit_2():
    proc = subprocess.run([sys.executable, "-m", "identity_compiler", "compile", "-"], stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=60, preexec_fn=lambda: os.close(0))
    assert proc.returncode == 2
    assert "standard input is closed" in proc.stderr.decode()


def test_check_with_several_specs_and_one_output_is_a_usage_error(tmp_path):
    proc = run_cli("compile", str(WEB_APP), str(EXAMPLES / "user-pool.yaml"), "--check", "-o", str(tmp_path / "x"))
    assert proc.returncode == 2
    assert "-o names the template of one spec" in proc.stderr.decode()


def test_control_characters_are_reported_where_they_are_on_one_line(tmp_path):
    spec = tmp_path / "cc.yaml"
    spec.write_bytes(b"kind: UserIdentity\ndescription: \"a\x01b\"\nid: X\x1b[31m\n")
    proc = run_cli("validate", str(spec))
    lines = proc.stderr.decode().splitlines()
    assert proc.returncode == 1
    assert [line.split(": error:")[0] for line in lines] == [f"{spec}:2:16", f"{spec}:3:6"]
    assert "U+0001" in lines[0] and "U+001B" in lines[1]
    assert all(LINE.match(line) for line in lines)
    assert "\x1b" not in proc.stderr.decode()


def test_keys_values_and_file_names_are_escaped_when_printed(tmp_path):
    name = "bad\nname\x1b.yaml"
    (tmp_path / name).write_text('kind: UserIdentity\nstack_name: S\n"odd\\nkey\\u2028": 1\n')
    proc = run_cli("validate", name, cwd=tmp_path)
    text = proc.stderr.decode()
    assert proc.returncode == 1
    assert text.count("\n") == 1, text
    assert text.startswith("bad\\x0aname\\x1b.yaml:3:1: error: ")
    assert '["odd\\nkey\\u2028"]' in text
    assert LINE.match(text.strip())


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse non-UTF-8 names")
def test_a_file_name_that_is_not_utf8_is_printed_escaped(tmp_path):
    name = b"caf\xe9.yaml"
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as handle:
        handle.write(b"kind: UserIdentity\nmfa: OFF\n")
    for fmt in ("text", "json", "github"):
        proc = subprocess.run([sys.executable, "-m", "identity_compiler", "validate", os.fsdecode(name),
                               "--error-format", fmt], cwd=tmp_path, capture_output=True, timeout=60)
        assert proc.returncode == 1, proc.stderr
        assert b"Traceback" not in proc.stderr
        assert b"caf\\xe9.yaml" in proc.stderr.replace(b"\\\\", b"\\")


def test_diff_on_input_it_cannot_use_is_one_line_and_an_exit_status(tmp_path):
    oversize = tmp_path / "big.yaml"
    oversize.write_bytes(b" " * (1024 * 1024 + 10))
    not_mapping = tmp_path / "t.yaml"
    not_mapping.write_text("Resources:\n  A: 3\n")
    no_type = tmp_path / "u.json"
    no_type.write_text(json.dumps({"Resources": {"A": {"Properties": {}}}}))
    for path, message in ((oversize, "at most 1,048,576 bytes"), (not_mapping, "resource 'A' is not a mapping"),
                          (no_type, "resource 'A' has no 'Type' string")):
        proc = run_cli("diff", str(path), str(WEB_APP))
        assert proc.returncode == 1, proc.stderr
        lines = proc.stderr.decode().splitlines()
        assert len(lines) == 1 and message in lines[0] and LINE.match(lines[0])


def test_diff_reads_get_template_output_and_ignores_cdk_metadata(tmp_path):
    template = json.loads(run_cli("compile", str(WEB_APP), "--format", "json").stdout)
    template["Resources"]["CDKMetadata"] = {"Type": "AWS::CDK::Metadata", "Properties": {"Analytics": "v2:deflate64:x"}}
    deployed = tmp_path / "deployed.json"
    deployed.write_text(json.dumps({"TemplateBody": template, "StagesAvailable": ["Original", "Processed"]}))
    proc = run_cli("diff", str(deployed), str(WEB_APP))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().splitlines()[-1].startswith("0 change(s)")
    yaml_text = run_cli("compile", str(WEB_APP)).stdout.decode()
    deployed.write_text(json.dumps({"TemplateBody": yaml_text.replace("Ref: ", "!Ref ", 1)}))
    assert run_cli("diff", str(deployed), str(WEB_APP)).returncode == 0


def test_web_config_refuses_an_endpoint_that_is_not_a_url():
    proc = run_cli("web-config", "--stack-name", "x", "--region", "us-east-1", "--endpoint-url", "not a url",
                   env={"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x"})
    assert proc.returncode == 2
    assert proc.stderr.decode() == "identity-compiler: error: --endpoint-url 'not a url' is not an http:// or https:// URL\n"


def _interrupted_after(delay: float) -> tuple[int, bytes]:
    """Ctrl-C ``delay`` seconds into a compile; again (a few times) when it landed in the interpreter's own
    start-up, before any of the program's code ran (site, runpy: nothing a program can catch)."""
    for _attempt in range(5):
        proc = subprocess.Popen([sys.executable, "-m", "identity_compiler", "compile", str(WEB_APP), "--lint"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        if b"Traceback" not in err or b"/identity_compiler/" in err:
            break
    return proc.returncode, err


def test_ctrl_c_during_start_up_is_one_line_and_status_130():
    for delay in (0.05, 0.15, 0.3, 0.6):
        status, err = _interrupted_after(delay)
        assert b"Traceback" not in err and b"Exception ignored" not in err, err.decode()
        assert status in (130, -signal.SIGINT, 0), (status, err)


@pytest.mark.parametrize("text, is_spec", [
    (b"kind: UserIdentity\n", True),
    (b"kind: UserPoolWithMfa\nmfa: OFF\n", True),
    (b"kind: UserIdentiy\n", True),  # misspelt: still ours, so its error is reported
    (b"kind: UserPool\n", True),
    (b"kind: UserIdentity\nmfa: [\n", True),  # broken YAML that says it is ours
    (b"apiVersion: apps/v1\nkind: Deployment\n---\nkind: Service\n", False),
    (b"kind: Deployment\nmetadata:\n  name: {{ include \"x\" . }}\n  {{- if .Values.x }}\n", False),
    (b"Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: !Ref N}\n", False),
    (b"plugins:\n  - x: !!python/name:material.emoji\n", False),
    (b"", False),
    (b"- a\n", False),
    (b"\x00\x01binary", False),
])
def test_a_file_is_a_spec_only_when_its_kind_is_ours(text, is_spec):
    from identity_compiler.source.loading import looks_like_spec

    assert looks_like_spec(text) is is_spec


def test_skip_non_specs_passes_over_other_yaml_and_still_fails_a_broken_spec(tmp_path):
    (tmp_path / "deploy.yaml").write_text("apiVersion: apps/v1\nkind: Deployment\n---\nkind: Service\n")
    (tmp_path / "chart.yaml").write_text("kind: Deployment\nspec:\n  {{- if .Values.x }}\n  replicas: 2\n")
    (tmp_path / "bad.yaml").write_text("kind: UserIdentity\nmfaa: OFF\n")
    files = ["deploy.yaml", "chart.yaml", "bad.yaml"]
    proc = run_cli("validate", "--skip-non-specs", *files, cwd=tmp_path)
    assert proc.returncode == 1
    assert [line.split(":")[0] for line in proc.stderr.decode().splitlines()] == ["bad.yaml"]
    proc = run_cli("compile", "--skip-non-specs", "--out-dir", "out", *files[:2], cwd=tmp_path)
    assert proc.returncode == 0 and proc.stderr == b"" and not (tmp_path / "out").exists()


@pytest.mark.parametrize("option", ["-o", "--out-dir"])
def test_an_empty_output_path_is_a_usage_error(option):
    proc = run_cli("compile", str(WEB_APP), option, "")
    assert proc.returncode == 2 and proc.stdout == b""


def test_json_output_escapes_noncharacters_and_separators(tmp_path):
    spec = tmp_path / "nc.yaml"
    spec.write_text('kind: UserIdentity\ndescription: "a\\ufffeb\\u2028c é"\n', encoding="utf-8")
    proc = run_cli("compile", str(spec), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode("utf-8")
    assert "\ufffe" not in text and "\u2028" not in text
    assert json.loads(text)["Description"] == "a\ufffeb\u2028c é"


@pytest.mark.parametrize("operator", ["", "Foo", "StringEqual", "NullIfExists"])
def test_an_unknown_iam_condition_operator_is_one_line_at_its_key(tmp_path, operator):
    spec = tmp_path / "cond.yaml"
    spec.write_text("kind: UserIdentity\nrole_policies:\n  authenticated:\n    - actions: [execute-api:Invoke]\n"
                    "      resources: ['*']\n      conditions:\n"
                    f"        {json.dumps(operator)}: {{aws:SourceIp: 10.0.0.0/8}}\n")
    proc = run_cli("compile", str(spec))
    lines = proc.stderr.decode().splitlines()
    assert proc.returncode == 1 and proc.stdout == b""
    errors = [line for line in lines if ": error: " in line]
    assert len(errors) == 1 and LINE.match(errors[0]) and f"{spec}:7:9: error: " in errors[0], lines
    assert "IAM condition operator" in errors[0]


@pytest.mark.parametrize("status", [200, 400, 503])
def test_web_config_on_an_endpoint_that_answers_no_aws_body_is_one_line(status):
    import http.server
    import threading

    class Proxy(http.server.BaseHTTPRequestHandler):  # a proxy's or captive portal's HTML page
        def do_POST(self):
            self.send_response(status)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body>blocked &amp; <b>unclosed</html")

        def log_message(self, *_args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        proc = run_cli("web-config", "--stack-name", "S", "--region", "eu-west-1", "--endpoint-url",
                       f"http://127.0.0.1:{server.server_port}", "-o", "-",
                       env={"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "y", "AWS_MAX_ATTEMPTS": "1"})
    finally:
        server.shutdown()
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err and len(err.splitlines()) == 1, err


@pytest.mark.parametrize("option", ["--env", "--old-env", "--new-env"])
def test_diff_of_an_environment_a_spec_does_not_declare_lists_them_as_compile_does(tmp_path, option):
    spec = tmp_path / "e.yaml"
    spec.write_text("kind: UserPoolWithMfa\nstack_name: S\nenvironments:\n  prod: {mfa: OPTIONAL}\n")
    proc = run_cli("diff", str(spec), str(spec), option, "nope")
    assert proc.returncode == 2 and proc.stderr.decode().endswith("has no environment 'nope'; it has prod\n")
    compiled = run_cli("compile", str(spec), "--env", "nope")
    assert compiled.returncode == 2 and compiled.stderr.decode().endswith("has no environment 'nope'; it has prod\n")
