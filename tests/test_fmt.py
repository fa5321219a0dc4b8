"""fmt: one canonical layout, comments and blank lines kept, meaning never changed (every example and fixture
compiles to the same template before and after), --check for pre-commit."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES, FIXTURES, run_cli

from identity_compiler import compile_text
from identity_compiler.commands.formatting import formatted

SPECS = sorted(EXAMPLES.glob("*.yaml")) + sorted(FIXTURES.glob("*/*.yaml"))
SPECS = [p for p in SPECS if p.read_text().lstrip().startswith(("kind", "#")) and "\nkind:" in "\n" + p.read_text()]


def template(text: str, name: str):
    """The template's text in both modes (its bytes: an order the CDK keeps is meaning too)."""
    from identity_compiler.output.rendering import render

    results = [compile_text(text, name, pdk_compat=mode) for mode in (True, False)]
    return [render(r.data, "yaml") if r.ok else [d.format() for d in r.diagnostics] for r in results]


@pytest.mark.parametrize("path", SPECS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fmt_keeps_the_meaning_and_every_comment_and_is_idempotent(path):
    before = path.read_text()
    after = formatted(before, str(path))
    assert template(after, str(path)) == template(before, str(path))
    comments = [line.split("#", 1)[1].strip() for line in before.splitlines() if line.lstrip().startswith("#")]
    kept = [line.split("#", 1)[1].strip() for line in after.splitlines() if line.lstrip().startswith("#")]
    assert sorted(kept) == sorted(comments)
    assert formatted(after, str(path)) == after


def test_the_examples_are_in_the_canonical_layout():
    proc = run_cli("fmt", "--check", *map(str, sorted(EXAMPLES.glob("*.yaml"))))
    assert proc.returncode == 0, proc.stderr.decode()


SPEC = """\
# yaml-language-server: $schema=../schemas/identity-spec.schema.json
stack_name: "Shop"   # the stack
kind: UserPoolWithMfa

# who signs in
sign_in_aliases: {email: true, username: false}
custom_attributes:
  zeta: {type: string}
  alpha: {max_len: 5, type: string}

clients:
  - generate_secret: true  # a machine client
    id: 'Machine'
  # the web app's
  - o_auth:
      scopes: [OPENID]
      # code flow only
      flows: {authorization_code_grant: true}
    id: Web
# end
"""

CANONICAL = """\
# yaml-language-server: $schema=../schemas/identity-spec.schema.json
kind: UserPoolWithMfa
stack_name: Shop     # the stack
custom_attributes:
  zeta: {type: string}
  alpha: {type: string, max_len: 5}

# who signs in
sign_in_aliases: {username: false, email: true}

clients:
  - id: Machine
    generate_secret: true  # a machine client
  # the web app's
  - id: Web
    o_auth:
      # code flow only
      flows: {authorization_code_grant: true}
      scopes: [OPENID]
# end
"""


def test_keys_in_the_schemas_order_kind_and_id_first_comments_with_their_keys():
    assert formatted(SPEC, "shop.yaml") == CANONICAL


def test_fmt_rewrites_files_and_check_lists_those_that_would_change(tmp_path):
    spec = tmp_path / "shop.yaml"
    spec.write_text(SPEC)
    other = tmp_path / "deployment.yaml"
    other.write_text("apiVersion: apps/v1\nkind_of: Deployment\n")
    proc = run_cli("fmt", "--check", "--skip-non-specs", str(spec), str(other))
    assert proc.returncode == 1 and f"would reformat {spec}" in proc.stderr.decode()
    assert spec.read_text() == SPEC
    assert run_cli("fmt", "--skip-non-specs", str(spec), str(other)).returncode == 0
    assert spec.read_text() == CANONICAL
    assert other.read_text() == "apiVersion: apps/v1\nkind_of: Deployment\n"  # not a spec: left alone
    assert run_cli("fmt", "--check", str(spec)).returncode == 0


def test_a_spec_the_loader_refuses_is_reported_and_nothing_is_rewritten(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(SPEC)
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: UserPoolWithMfa\nkind: UserIdentity\n")
    proc = run_cli("fmt", str(good), str(bad))
    assert proc.returncode == 1 and "[IC0002]" in proc.stderr.decode()
    assert good.read_text() == SPEC


@pytest.mark.parametrize("template", sorted(FIXTURES.glob("cdk/*.json"))[:6], ids=lambda p: p.stem)
def test_import_writes_specs_in_the_canonical_layout(template, tmp_path):
    spec = tmp_path / "imported.yaml"
    if run_cli("import", str(template), "-o", str(spec)).returncode != 0:
        pytest.skip("not importable on its own")
    assert run_cli("fmt", "--check", str(spec)).returncode == 0, spec.read_text()


def test_a_spec_whose_comment_the_round_trip_would_lose_is_left_as_it_is(tmp_path):
    # ruamel.yaml drops a comment line between two flow-style list items when the second has an end-of-line
    # comment: fmt refuses rather than lose it
    text = ("kind: UserPoolWithMfa\ngroups:\n  - {id: A, precedence: 1}\n  # the readers\n"
            "  - {precedence: 2, id: B}  # read only\n")
    spec = tmp_path / "groups.yaml"
    spec.write_text(text)
    proc = run_cli("fmt", str(spec))
    assert proc.returncode == 1 and "would lose a comment" in proc.stderr.decode()
    assert spec.read_text() == text


def test_blank_lines_before_the_first_line_go_and_the_result_is_stable():
    text = "\n\n# auth\nstack_name: S\nkind: UserPoolWithMfa\n"
    assert formatted(text, "s.yaml") == "# auth\nkind: UserPoolWithMfa\nstack_name: S\n"


# Every YAML reader in use reads the same data before and after (SPEC 12a): PyYAML (YAML 1.1) and ruamel (1.2).
QUOTED = """\
kind: UserIdentity
user_pool:
  mfa: "OFF"
  clients:
    - id: "yes"
      generate_secret: false
    - id: "on"
  tags: {"on": "y", a: "No", b: "1:30", c: "2024-01-01", d: "0777", e: "1_000", f: "~", g: "plain"}
"""


def _read_by_every_reader(text: str) -> list:
    import yaml
    from ruamel.yaml import YAML

    return [yaml.safe_load(text), json.loads(json.dumps(YAML(typ="safe", pure=True).load(text)))]


@pytest.mark.parametrize("text", [QUOTED, (EXAMPLES / "environments.yaml").read_text()])
def test_every_yaml_reader_reads_the_same_data_after_fmt(text):
    result = formatted(text)
    assert _read_by_every_reader(result) == _read_by_every_reader(text)
    assert 'g: plain' in result or text != QUOTED  # quotes only where some reader needs them


def test_a_one_key_flow_mapping_keeps_its_braces():
    text = ("kind: UserPoolWithMfa\nclients: [{id: WebClient}, {generate_secret: true, id: Admin}]\n")
    assert formatted(text) == "kind: UserPoolWithMfa\nclients: [{id: WebClient}, {id: Admin, generate_secret: true}]\n"


def test_a_comment_above_the_first_key_moves_with_it():
    text = """\
kind: UserIdentity
user_pool:
  # why MFA is optional
  mfa: OPTIONAL

  # the message
  mfa_message: "Code: {####}"
  clients:
    - generate_secret: false
      # the web app
      id: WebClient
"""
    result = formatted(text)
    assert "\n  # why MFA is optional\n  mfa: OPTIONAL\n" in result
    assert "  # the message\n  mfa_message:" in result
    assert "\n    # the web app\n    - id: WebClient\n      generate_secret: false\n" in result
    assert _read_by_every_reader(result) == _read_by_every_reader(text)


def test_blank_lines_and_comments_above_a_list_items_key_move_with_it():
    text = "kind: UserPoolWithMfa\nclients:\n  - generate_secret: true\n\n    # the id\n    id: A\n"
    result = formatted(text)
    assert result == "kind: UserPoolWithMfa\nclients:\n\n  # the id\n  - id: A\n    generate_secret: true\n"
    assert _read_by_every_reader(result) == _read_by_every_reader(text)
    assert formatted(result) == result  # formatting is stable
