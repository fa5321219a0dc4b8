"""A spec or template from a stranger's pull request, compiled in CI: nothing it names is read from outside its
root, nothing the command writes lands on an input or leaves a mix, `validate` finds what `compile` finds,
and whatever it holds, the answer is one line with a position, never a traceback."""

from __future__ import annotations

import json
import os
import struct
import zlib

import pytest
from conftest import EXAMPLES, run_cli

SECRET = "hunter2-do-not-leak"
POOL = "kind: UserPoolWithMfa\nstack_name: S\ndomains: [{id: D, cognito_domain: {domain_prefix: abc-def}}]\n"
BRANDED = """\
kind: UserPoolWithMfa
stack_name: S
feature_plan: PLUS
domains: [{id: D, cognito_domain: {domain_prefix: abc-def}, managed_login_version: 2}]
clients:
  - id: Web
    o_auth: {flows: {authorization_code_grant: true}, callback_urls: ["https://example.com/cb"]}
    managed_login_branding:
"""


def _png() -> bytes:
    """The smallest real PNG: one white pixel."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + \
        chunk(b"IEND", b"")


@pytest.fixture()
def repo(tmp_path):
    """A repository with a spec folder, and a secret beside the repository."""
    (tmp_path / "secret.txt").write_text(f"TOKEN={SECRET}\n")
    (tmp_path / "secret.json").write_text(json.dumps({"token": SECRET}))
    root = tmp_path / "repo" / "specs"
    root.mkdir(parents=True)
    return root


def _css_spec(root, css_file: str):
    spec = root / "auth.yaml"
    spec.write_text(POOL + f"ui_customization: {{css_file: {json.dumps(css_file)}}}\n")
    return spec


def _refused(proc, out=None) -> str:
    text = proc.stderr.decode()
    assert proc.returncode == 1, text
    assert "IC0007" in text and "Traceback" not in text
    assert SECRET not in text and SECRET.encode() not in proc.stdout
    if out is not None:
        assert not out.exists()
    return text


@pytest.mark.parametrize("name", ["/proc/self/environ", "../../secret.txt", "{tmp}/secret.txt", "link.css",
                                  "/dev/zero", "pipe.css", "folder", "/etc/passwd"])
def test_a_css_file_outside_the_specs_folder_or_not_a_regular_file_is_refused(repo, name):
    os.symlink(repo.parent.parent / "secret.txt", repo / "link.css")
    os.mkfifo(repo / "pipe.css")
    (repo / "folder").mkdir()
    spec = _css_spec(repo, name.replace("{tmp}", str(repo.parent.parent)))
    out = repo / "out.yaml"
    for command in (("compile", str(spec), "-o", str(out)), ("validate", str(spec))):
        _refused(run_cli(*command), out)
    env_leak = run_cli("compile", str(spec), env={"CI_TOKEN": SECRET})
    _refused(env_leak)


def test_diff_prints_nothing_of_a_file_outside_the_root(repo):
    old = repo / "old.yaml"
    old.write_text(POOL + "ui_customization: {css: '.banner { color: red; }'}\n")
    spec = _css_spec(repo, "../../secret.txt")
    proc = run_cli("diff", str(old), str(spec))
    assert proc.returncode == 1 and SECRET.encode() not in proc.stdout + proc.stderr
    assert "[IC0007]" in proc.stderr.decode()


def test_branding_files_outside_the_root_are_refused(repo):
    spec = repo / "branded.yaml"
    spec.write_text(BRANDED + "      settings_file: ../../secret.json\n"
                              "      assets: [{category: PAGE_HEADER_LOGO, color_mode: LIGHT, extension: PNG, "
                              "file: ../../secret.txt}]\n")
    text = _refused(run_cli("compile", str(spec)))
    assert "settings_file" in text and "assets[0].file" in text


def test_files_inside_the_root_and_through_links_that_stay_inside_are_read(repo):
    (repo / "style").mkdir()
    (repo / "style" / "site.css").write_text(".banner { color: red; }\n")
    os.symlink("style/site.css", repo / "link.css")
    proc = run_cli("compile", str(_css_spec(repo, "link.css")))
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"color: red" in proc.stdout


def test_files_root_lets_a_spec_name_a_shared_folder_and_nothing_beyond_it(repo):
    shared = repo.parent / "branding"
    shared.mkdir()
    (shared / "site.css").write_text(".banner { color: blue; }\n")
    spec = _css_spec(repo, "../branding/site.css")
    _refused(run_cli("compile", str(spec)))
    proc = run_cli("compile", str(spec), "--files-root", str(shared))
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"color: blue" in proc.stdout
    leaving = _css_spec(repo, "../../secret.txt")
    _refused(run_cli("compile", str(leaving), "--files-root", str(shared)))


def test_an_image_must_be_what_its_extension_says(repo):
    (repo / "logo.png").write_bytes(_png())
    (repo / "fake.png").write_text(f"{SECRET}\n")
    (repo / "logo.svg").write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    spec = repo / "branded.yaml"
    assets = "      assets:\n" + "".join(
        f"        - {{category: PAGE_HEADER_LOGO, color_mode: {mode}, file: {name}}}\n"
        for mode, name in (("LIGHT", "logo.png"), ("DARK", "logo.svg")))
    spec.write_text(BRANDED + assets)
    proc = run_cli("compile", str(spec), "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    spec.write_text(BRANDED + assets.replace("logo.png", "fake.png").replace("file: logo.svg",
                                                                              "extension: SVG, file: logo.png"))
    text = _refused(run_cli("compile", str(spec)))
    assert "'fake.png' does not hold a PNG image" in text and "'logo.png' does not hold a SVG image" in text


def test_css_must_be_utf8_text(repo):
    (repo / "latin1.css").write_bytes(b"body { font-family: \xe9; }\n")
    assert "is not UTF-8 text" in _refused(run_cli("compile", str(_css_spec(repo, "latin1.css"))))


# --- outputs ---------------------------------------------------------------------------------------------

def _stack_template(tmp_path, name="Shop.template.json"):
    """A synthesized template of a PDK pool beside a bucket: import has something to refactor."""
    compiled = run_cli("compile", str(EXAMPLES / "user-pool.yaml"), "--pdk-compat", "--format", "json")
    template = json.loads(compiled.stdout)
    template["Resources"]["Site"] = {"Type": "AWS::S3::Bucket"}
    path = tmp_path / name
    path.write_text(json.dumps(template))
    return path


def _stack_of_user_pool_example() -> str:
    return next(line.split(":", 1)[1].strip() for line in (EXAMPLES / "user-pool.yaml").read_text().splitlines()
                if line.startswith("stack_name:"))


def test_import_never_writes_over_its_template(tmp_path):
    template = _stack_template(tmp_path)
    before = template.read_bytes()
    proc = run_cli("import", str(template), "-o", str(template))
    assert proc.returncode == 2 and "is the template being imported" in proc.stderr.decode()
    stack = _stack_of_user_pool_example()
    named = _stack_template(tmp_path, f"{stack}.template.json")
    proc = run_cli("import", str(named), "--refactor", ".", "--stack-name", stack, "--to-stack", "Auth", cwd=tmp_path)
    assert proc.returncode == 2 and "is the template being imported" in proc.stderr.decode()
    assert template.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["Shop.template.json", f"{stack}.template.json"])


def test_refactor_writes_all_of_its_files_or_none(tmp_path):
    template = _stack_template(tmp_path)
    stack = _stack_of_user_pool_example()
    spec = tmp_path / "auth.yaml"
    args = ("import", str(template), "-o", str(spec), "--stack-name", stack, "--to-stack", "Auth")
    blocker = tmp_path / "blocked"
    blocker.write_text("a file\n")
    proc = run_cli(*args, "--refactor", str(blocker))
    assert proc.returncode == 2 and "is not a folder" in proc.stderr.decode()
    linked = tmp_path / "linked"
    linked.mkdir()
    (tmp_path / "elsewhere.json").write_text("{}\n")
    os.symlink(tmp_path / "elsewhere.json", linked / "resource-mappings.json")
    proc = run_cli(*args, "--refactor", str(linked))
    assert proc.returncode == 2 and "symbolic link" in proc.stderr.decode()
    assert not spec.exists() and (tmp_path / "elsewhere.json").read_text() == "{}\n"
    assert sorted(p.name for p in linked.iterdir()) == ["resource-mappings.json"]
    if os.geteuid() != 0:  # root writes into a read-only folder anyway
        locked = tmp_path / "locked"
        locked.mkdir()
        os.chmod(locked, 0o500)
        proc = run_cli(*args, "--refactor", str(locked))
        assert proc.returncode == 2 and not spec.exists()
    fine = tmp_path / "fine"
    proc = run_cli(*args, "--refactor", str(fine))
    assert proc.returncode == 0, proc.stderr.decode()
    assert spec.exists() and sorted(p.name for p in fine.iterdir()) == sorted(
        ["resource-mappings.json", f"{stack}.template.json", "Auth.template.json"])


@pytest.mark.parametrize("command", ["compile", "import"])
def test_an_output_that_names_a_folder_is_a_usage_error(tmp_path, command):
    source = EXAMPLES / "web-app.yaml" if command == "compile" else _stack_template(tmp_path)
    for output in ("newdir/", str(tmp_path / "missing" / "deeper" / "out.yaml"), "."):
        proc = run_cli(command, str(source), "-o", output, cwd=tmp_path)
        assert proc.returncode == 2, (output, proc.stderr.decode())
        assert proc.stderr.decode().count("\n") == 1
    assert not (tmp_path / "newdir").exists()


def test_out_dir_clashes_are_found_by_file_identity_and_by_case(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_bytes((EXAMPLES / "user-pool.yaml").read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    os.symlink("b.yaml", out / "a.yaml")
    proc = run_cli("compile", "a.yaml", "b.yaml", "--out-dir", "out", cwd=tmp_path)
    assert proc.returncode == 2 and "would both be written to" in proc.stderr.decode()
    assert sorted(p.name for p in out.iterdir()) == ["a.yaml"] and not (out / "b.yaml").exists()
    (tmp_path / "upper").mkdir()
    (tmp_path / "upper" / "A.yaml").write_bytes((EXAMPLES / "user-pool.yaml").read_bytes())
    proc = run_cli("compile", "a.yaml", "upper/A.yaml", "--out-dir", "cased", cwd=tmp_path)
    assert proc.returncode == 2 and "would both be written to" in proc.stderr.decode()
    assert not (tmp_path / "cased").exists()


def test_out_dir_never_writes_through_a_link_committed_there(tmp_path):
    outside = tmp_path / "home-file"
    outside.write_text("precious\n")
    (tmp_path / "templates").mkdir()
    os.symlink(outside, tmp_path / "templates" / "auth.yaml")
    (tmp_path / "auth.yaml").write_bytes((EXAMPLES / "user-pool.yaml").read_bytes())
    proc = run_cli("compile", "auth.yaml", "--out-dir", "templates", cwd=tmp_path)
    assert proc.returncode == 2 and "symbolic link" in proc.stderr.decode()
    assert outside.read_text() == "precious\n"


def test_a_255_byte_output_name_works(tmp_path):
    name = "t" * 250 + ".yaml"
    proc = run_cli("compile", str(EXAMPLES / "web-app.yaml"), "-o", name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert [p.name for p in tmp_path.iterdir()] == [name]


# --- validate finds what compile finds ---------------------------------------------------------------------

@pytest.mark.parametrize("spec, rule, path", [
    ("kind: UserPoolWithMfa\nstack_name: S\nclients:\n" + "".join(f"  - id: C{i}\n" for i in range(499)),
     "IC0004", "clients[498]"),
    ("kind: UserPoolWithMfa\nstack_name: S\nclients:\n  - id: Default\n", "IC0005", "clients[0]"),
    ("kind: UserPoolWithMfa\nstack_name: S\ntags: {'a!b': x}\n", "IC0712", "tags.a!b"),
])
def test_validate_reports_the_checks_of_the_built_template(tmp_path, spec, rule, path):
    file = tmp_path / "spec.yaml"
    file.write_text(spec)
    outcomes = []
    for command in ("validate", "compile"):
        proc = run_cli(command, str(file), "-o" if command == "compile" else "--pdk-compat",
                       str(tmp_path / "t.yaml") if command == "compile" else "--pdk-compat")
        errors = [line for line in proc.stderr.decode().splitlines() if ": error: " in line]
        outcomes.append((proc.returncode, errors))
    assert outcomes[0][0] == 1 or rule == "IC0712", outcomes
    default = run_cli("validate", str(file))
    assert default.returncode == 1 and f"error: {path}: " in default.stderr.decode() and f"[{rule}]" in \
        default.stderr.decode()
    assert outcomes[1][0] == 1 and any(f"[{rule}]" in line for line in outcomes[1][1])
    assert not (tmp_path / "t.yaml").exists()


# --- never a traceback ------------------------------------------------------------------------------------

HAND_WRITTEN = """\
AWSTemplateFormatVersion: 2010-09-09
Description: hand-written
Resources:
  Pool:
    Type: AWS::Cognito::UserPool
    Properties:
      UserPoolName: !Sub "${AWS::StackName}-users"
  Client:
    Type: AWS::Cognito::UserPoolClient
    Properties:
      UserPoolId: !Ref Pool
Outputs:
  Arn:
    Value: !GetAtt Pool.Arn
"""


@pytest.mark.parametrize("command", ["import", "diff"])
def test_a_hand_written_yaml_template_with_an_unquoted_date_and_short_forms_reads(tmp_path, command):
    template = tmp_path / "hand.yaml"
    template.write_text(HAND_WRITTEN)
    args = (str(template),) if command == "import" else (str(template), str(template))
    proc = run_cli(command, *args)
    text = proc.stderr.decode()
    assert "Traceback" not in text and "IC0000" not in text
    if command == "diff":
        assert proc.returncode == 0 and b"0 change(s)" in proc.stdout
    else:
        assert proc.returncode == 1 and text.count("\n") == 1 and "[IC0006]" in text


@pytest.mark.parametrize("value, tag", [("!!binary aGVsbG8=", "!!binary"), ("!!set {a, b}", "!!set"),
                                        ("!!python/object:os.system x", "!!python/object:os.system")])
@pytest.mark.parametrize("command", ["import", "diff"])
def test_a_template_with_a_constructing_tag_is_one_diagnostic(tmp_path, value, tag, command):
    template = tmp_path / "t.yaml"
    template.write_text(HAND_WRITTEN.replace('!Sub "${AWS::StackName}-users"', value))
    args = (str(template),) if command == "import" else (str(template), str(template))
    proc = run_cli(command, *args)
    text = proc.stderr.decode()
    assert proc.returncode == 1 and text.count("\n") == 1, text
    assert f"the tag {tag} is not allowed in a template" in text and "[IC0002]" in text


@pytest.mark.parametrize("body, reason", [
    ("Resources: " + "[" * 150 + "]" * 150 + "\n", "nests deeper than 100 levels"),
    ("Resources:\n" + "".join(f"  R{i}: {{Type: AWS::SNS::Topic}}\n" for i in range(1001)),
     "more than 1,000 keys in one mapping"),
    ("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join(['*a' if i == 0 else f'*a{i - 1}'] * 10)}]\n" for i in range(6)) + "Resources: {}\n",
     "expands to more than 100,000 nodes"),
    ("Resources: {}\n" + "#" * (1 << 20), "a template may be at most 1,048,576 bytes"),
    ("Resources: [a, b]\n", "'Resources' must be a mapping"),
])
def test_import_says_why_it_refuses_a_template(tmp_path, body, reason):
    template = tmp_path / "t.yaml"
    template.write_text(body)
    proc = run_cli("import", str(template))
    text = proc.stderr.decode()
    assert proc.returncode == 1 and text.count("\n") == 1, text
    assert reason in text


@pytest.mark.parametrize("mode", [(), ("--pdk-compat",)])
def test_a_duration_of_hundreds_of_digits_is_a_diagnostic(tmp_path, mode):
    spec = tmp_path / "d.yaml"
    spec.write_text(f"kind: UserPoolWithMfa\nstack_name: S\nclients:\n  - id: C\n"
                    f"    access_token_validity: PT{'9' * 400}H\n")
    proc = run_cli("compile", str(spec), *mode)
    text = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in text and "IC0000" not in text
    assert "clients[0].access_token_validity" in text


def test_an_unknown_condition_operator_compiles_with_pdk_compat_as_the_cdk_writes_it(tmp_path):
    spec = tmp_path / "c.yaml"
    spec.write_text("kind: UserIdentity\nstack_name: S\nidentity_pool_options:\n  role_policies:\n    authenticated:\n"
                    "      - {effect: Allow, actions: ['s3:GetObject'], resources: ['*'],\n"
                    "         conditions: {StringEqualsBogus: {'aws:username': x}}}\n")
    assert run_cli("compile", str(spec)).returncode == 1
    proc = run_cli("compile", str(spec), "--pdk-compat", "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    assert "warning: identity_pool_options.role_policies.authenticated[0].conditions.StringEqualsBogus" in \
        proc.stderr.decode()
    assert '"StringEqualsBogus"' in proc.stdout.decode()


@pytest.mark.skipif(os.uname().sysname == "Darwin", reason="macOS file systems refuse non-UTF-8 names")
def test_a_file_name_that_is_not_utf8_is_no_stack_name(tmp_path):
    name = b"\xff-auth.yaml"
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as handle:
        handle.write(b"kind: UserPoolWithMfa\n")
    proc = run_cli("compile", os.fsdecode(name), cwd=tmp_path)
    text = proc.stderr.decode()
    assert proc.returncode == 1 and "IC0000" not in text
    assert "\\xff-auth.yaml:1:1: error: (root): the stack name '\\xff-auth', taken from the file's name" in text


# --- everything a user passes is checked like the spec ------------------------------------------------------

@pytest.mark.parametrize("name", ["Stack\n", "1stack", "a b", "", "a" * 129, "../../x"])
@pytest.mark.parametrize("command", ["compile", "diff", "import"])
def test_stack_name_takes_only_what_stack_name_takes(tmp_path, name, command):
    args = {"compile": ("compile", str(EXAMPLES / "web-app.yaml")),
            "diff": ("diff", str(EXAMPLES / "web-app.yaml"), str(EXAMPLES / "web-app.yaml")),
            "import": ("import", str(_stack_template(tmp_path)))}[command]
    proc = run_cli(*args, "--stack-name", name)
    assert proc.returncode == 2 and proc.stdout == b""
    assert proc.stderr.decode().count("\n") == 1 and "is not a stack name" in proc.stderr.decode()


def test_a_spec_without_a_file_name_needs_a_stack_name():
    spec = (EXAMPLES / "user-pool.yaml").read_text()
    nameless = "\n".join(line for line in spec.splitlines() if not line.startswith("stack_name:")) + "\n"
    proc = run_cli("compile", "-", input=nameless.encode())
    assert proc.returncode == 1 and "[IC0008]" in proc.stderr.decode()
    assert run_cli("compile", "-", "--stack-name", "Auth", input=nameless.encode()).returncode == 0


@pytest.mark.parametrize("domain", ["Auth.Example.com", "auth.example.com.", "single", "-auth.example.com",
                                    "auth..example.com"])
def test_a_custom_domain_is_checked_as_cognito_checks_it(tmp_path, domain):
    spec = tmp_path / "d.yaml"
    spec.write_text("kind: UserPoolWithMfa\nstack_name: S\ndomains:\n  - id: D\n    custom_domain: {domain_name: "
                    f"{json.dumps(domain)}, certificate_arn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc'}}\n")
    proc = run_cli("validate", str(spec))
    assert proc.returncode == 1 and "domains[0].custom_domain.domain_name" in proc.stderr.decode()
    assert "[IC0712]" in proc.stderr.decode()
    assert run_cli("validate", str(spec), "--pdk-compat").returncode == 0  # the CDK synthesizes it
    spec.write_text(spec.read_text().replace(json.dumps(domain), "auth.example.com"))
    assert run_cli("validate", str(spec)).returncode == 0


@pytest.mark.parametrize("value", ["98765432109876", "[98765432109876]", "{a: 98765432109876}", "98765432109876.5"])
def test_a_diagnostic_never_shows_a_secret(tmp_path, value):
    spec = tmp_path / "s.yaml"
    spec.write_text(f"kind: UserPoolWithMfa\nstack_name: S\nidentity_providers:\n  - id: Google\n    type: google\n"
                    f"    client_id: abc\n    client_secret: {value}\n")
    proc = run_cli("validate", str(spec))
    assert proc.returncode == 1 and "identity_providers[0].client_secret" in proc.stderr.decode()
    assert b"98765432109876" not in proc.stderr


@pytest.mark.parametrize("path", [("Identity", "UserPool"), ("UserPool",), ("Auth2", "Pool")])
def test_web_config_knows_a_client_by_its_whole_construct_id(path):
    from identity_compiler.spec.naming import make_unique_id
    from identity_compiler.commands.webconfig import is_construct

    super_admin = make_unique_id([*path, "SuperAdmin", "Resource"])
    assert is_construct(super_admin, "SuperAdmin")
    assert not is_construct(super_admin, "Admin") and not is_construct(super_admin, "UperAdmin")
    assert is_construct(make_unique_id([*path, "Admin", "Resource"]), "Admin")


@pytest.mark.parametrize("command", [("validate",), ("compile",), ("import",), ("validate", "--skip-non-specs")])
def test_a_spec_or_template_that_links_out_of_the_folder_is_not_read(repo, command):
    os.symlink(repo.parent.parent / "secret.txt", repo / "evil.yaml")
    (repo / "ok.yaml").write_bytes((EXAMPLES / "user-pool.yaml").read_bytes())
    os.symlink("ok.yaml", repo / "inside.yaml")
    proc = run_cli(*command, "evil.yaml", cwd=repo)
    assert SECRET.encode() not in proc.stdout + proc.stderr
    if "--skip-non-specs" in command:
        assert proc.returncode == 0 and proc.stderr == b""  # passed over, as other YAML is
    else:
        assert proc.returncode == 1 and "a symbolic link that leads outside the project" in proc.stderr.decode()
    if command[0] != "import":
        assert run_cli(*command, "inside.yaml", cwd=repo).returncode == 0


@pytest.mark.parametrize("content, reason", [('{"a": NaN}', "NaN is not a JSON number"), ("[1, 2]", "not an object"),
                                             ("[" * 5000 + "]" * 5000, "is not JSON"), ("\xff", "not UTF-8 text")])
def test_branding_settings_must_be_a_json_object(repo, content, reason):
    (repo / "settings.json").write_bytes(content.encode("latin-1"))
    spec = repo / "branded.yaml"
    spec.write_text(BRANDED + "      settings_file: settings.json\n")
    assert reason in _refused(run_cli("compile", str(spec)))
