"""Environments: one spec, every deployment. An environment compiles to exactly what the same spec merged by hand
compiles to; its findings point at the line that gave the value and name the environment."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import EXAMPLES, run_cli

from identity_compiler import compile_spec
from identity_compiler.resolve.environments import environment, names
from identity_compiler.source.loading import load_text

BASE = """\
kind: UserIdentity
stack_name: ShopAuth
user_pool:
  groups:
    - {id: Admins, precedence: 1}
  clients:
    - id: WebClient
      o_auth:
        flows: {authorization_code_grant: true}
        callback_urls: ["https://dev.shop.example.com/cb"]
        scopes: [OPENID, EMAIL]
    - id: Admin
      generate_secret: true
      disable_o_auth: true
tags: {team: shop, environment: dev}
"""

PROD = """\
environments:
  prod:
    stack_name: ShopAuthProd
    user_pool:
      deletion_protection: true
      groups:
        - {id: Readers, precedence: 5}
      clients:
        - id: WebClient
          o_auth: {callback_urls: ["https://shop.example.com/cb"]}
    tags: {environment: prod}
  qa:
    description: QA
"""

BY_HAND = """\
kind: UserIdentity
stack_name: ShopAuthProd
user_pool:
  groups:
    - {id: Admins, precedence: 1}
    - {id: Readers, precedence: 5}
  clients:
    - id: WebClient
      o_auth:
        flows: {authorization_code_grant: true}
        callback_urls: ["https://shop.example.com/cb"]
        scopes: [OPENID, EMAIL]
    - id: Admin
      generate_secret: true
      disable_o_auth: true
  deletion_protection: true
tags: {team: shop, environment: prod}
"""


def template(text: str, env: str | None = None) -> dict:
    spec = load_text(text, "shop.yaml")
    if env:
        spec = environment(spec, env)
    result = compile_spec(spec)
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.data


def test_an_environment_compiles_to_the_spec_merged_by_hand():
    assert template(BASE + PROD, "prod") == template(BY_HAND)


def test_the_base_compiles_as_if_there_were_no_environments():
    assert template(BASE + PROD) == template(BASE)


def test_an_environment_without_a_stack_name_gets_the_bases_with_its_name():
    spec = environment(load_text(BASE + PROD, "shop.yaml"), "qa")
    assert spec.data["stack_name"] == "ShopAuth-qa"
    assert spec.data["description"] == "QA"
    assert names(load_text(BASE + PROD, "shop.yaml")) == ["prod", "qa"]


def test_lists_without_ids_are_replaced_and_mappings_merge_key_by_key():
    text = BASE + "environments:\n  e:\n    user_pool:\n      clients:\n        - id: WebClient\n" \
                  "          o_auth: {scopes: [openid]}\n"
    merged = environment(load_text(text, "shop.yaml"), "e").data
    o_auth = merged["user_pool"]["clients"][0]["o_auth"]
    assert o_auth == {"flows": {"authorization_code_grant": True}, "callback_urls": ["https://dev.shop.example.com/cb"],
                      "scopes": ["openid"]}
    assert [c["id"] for c in merged["user_pool"]["clients"]] == ["WebClient", "Admin"]


def write(tmp_path, text: str, name: str = "shop.yaml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_validate_reports_a_finding_at_the_overrides_line_with_its_environment(tmp_path):
    text = BASE + PROD.replace('"https://shop.example.com/cb"', '"http://shop.example.com/cb"')
    path = write(tmp_path, text)
    proc = run_cli("validate", str(path), "--error-format", "json")
    assert proc.returncode == 1
    found = [json.loads(line) for line in proc.stderr.decode().splitlines()]
    http = [d for d in found if d["rule"] == "IC0309"]
    assert len(http) == 1
    line = text.splitlines().index('          o_auth: {callback_urls: ["http://shop.example.com/cb"]}') + 1
    assert (http[0]["line"], http[0]["environment"]) == (line, "prod")
    assert http[0]["path"] == "environments.prod.user_pool.clients[0].o_auth.callback_urls[0]"


def test_a_finding_of_the_base_is_reported_once_not_once_per_environment(tmp_path):
    path = write(tmp_path, BASE.replace("{authorization_code_grant: true}", "{implicit_code_grant: true}") + PROD)
    proc = run_cli("validate", str(path))
    implicit = [line for line in proc.stderr.decode().splitlines() if "[IC0801]" in line]
    assert len(implicit) == 1 and "(environment" not in implicit[0], proc.stderr.decode()


def test_a_base_value_wrong_only_in_one_environment_names_that_environment(tmp_path):
    # the base's MFA message is fine alone; the qa environment's override of the MFA makes it a problem
    text = BASE + "environments:\n  qa:\n    user_pool: {mfa: OFF}\n"
    path = write(tmp_path, text)
    proc = run_cli("validate", str(path))
    lines = [line for line in proc.stderr.decode().splitlines() if "(environment qa)" in line]
    last = len(text.splitlines())
    assert lines and all(found.startswith(f"{path}:{last}:") for found in lines), proc.stderr.decode()


def test_an_environment_may_not_change_the_kind_or_nest(tmp_path):
    path = write(tmp_path, BASE + "environments:\n  prod:\n    kind: UserPoolWithMfa\n    environments: {}\n")
    proc = run_cli("validate", str(path))
    assert proc.returncode == 1
    text = proc.stderr.decode()
    assert "environments.prod.kind" in text and "environments.prod.environments" in text


@pytest.mark.parametrize("name", ["1prod", "prod_eu", "pr od", ""])
def test_an_environment_name_is_a_letter_then_letters_digits_and_hyphens(tmp_path, name):
    path = write(tmp_path, BASE + f"environments:\n  '{name}': {{}}\n")
    assert run_cli("validate", str(path)).returncode == 1


def test_compile_env_writes_that_environments_template(tmp_path):
    path = write(tmp_path, BASE + PROD)
    proc = run_cli("compile", str(path), "--env", "prod")
    assert proc.returncode == 0, proc.stderr.decode()
    assert yaml.safe_load(proc.stdout) == template(BY_HAND)


def test_an_unknown_environment_is_a_usage_error_naming_those_there_are(tmp_path):
    path = write(tmp_path, BASE + PROD)
    proc = run_cli("compile", str(path), "--env", "production")
    assert proc.returncode == 2
    assert "no environment 'production'; it has prod, qa" in proc.stderr.decode()
    assert run_cli("compile", str(write(tmp_path, BASE, "plain.yaml")), "--env", "prod").returncode == 2


def test_out_dir_writes_the_base_and_every_environment_and_check_checks_them_all(tmp_path):
    path = write(tmp_path, BASE + PROD)
    out = tmp_path / "out"
    assert run_cli("compile", str(path), "--out-dir", str(out)).returncode == 0
    assert sorted(p.name for p in out.iterdir()) == ["shop.prod.yaml", "shop.qa.yaml", "shop.yaml"]
    assert yaml.safe_load((out / "shop.prod.yaml").read_text()) == template(BY_HAND)
    assert run_cli("compile", str(path), "--out-dir", str(out), "--check").returncode == 0
    (out / "shop.qa.yaml").write_text("stale\n")
    proc = run_cli("compile", str(path), "--out-dir", str(out), "--check")
    assert proc.returncode == 1
    assert "shop.qa.yaml is out of date" in proc.stderr.decode() and "--env qa" in proc.stderr.decode()


def test_check_beside_the_spec_names_each_environments_template(tmp_path):
    path = write(tmp_path, BASE + PROD)
    proc = run_cli("compile", str(path), "--check")
    assert proc.returncode == 1
    for name in ("shop.template.yaml", "shop.prod.template.yaml", "shop.qa.template.yaml"):
        assert f"{name} is missing" in proc.stderr.decode()


def test_diff_compares_two_environments(tmp_path):
    path = write(tmp_path, BASE + PROD)
    proc = run_cli("diff", str(path), str(path), "--old-env", "qa", "--new-env", "prod")
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode()
    assert "CallbackURLs" in out and "IdentityUserPoolReaders" in out and "ShopAuthqa" in out
    assert run_cli("diff", str(path), str(path), "--env", "nope").returncode == 2  # a usage error listing them, as compile says it


def test_the_environments_example_compiles_every_environment(tmp_path):
    proc = run_cli("compile", str(EXAMPLES / "environments.yaml"), "--out-dir", str(tmp_path), "--lint")
    assert proc.returncode == 0, proc.stderr.decode()
    prefixes = {}
    for name in ("environments", "environments.staging", "environments.prod"):
        resources = yaml.safe_load((tmp_path / f"{name}.yaml").read_text())["Resources"]
        prefixes[name] = next(r["Properties"]["Domain"] for r in resources.values()
                              if r["Type"] == "AWS::Cognito::UserPoolDomain")
    assert prefixes == {"environments": "shop-auth-dev", "environments.staging": "shop-auth-staging",
                        "environments.prod": "shop-auth"}


def test_import_into_a_spec_writes_a_deployed_stack_as_one_of_its_environments(tmp_path):
    """Taking several PDK stacks over: dev's spec, prod's template → one spec whose prod compiles to it exactly."""
    example = (EXAMPLES / "environments.yaml").read_text()
    base = tmp_path / "shop.yaml"
    base.write_text(example[:example.index("environments:")])
    deployed = tmp_path / "prod.template.yaml"
    assert run_cli("compile", str(EXAMPLES / "environments.yaml"), "--env", "prod", "--pdk-compat",
                   "-o", str(deployed)).returncode == 0
    out = tmp_path / "merged.yaml"
    proc = run_cli("import", str(deployed), "--into", str(base), "--env", "prod", "--stack-name", "ShopAuth",
                   "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    prod = yaml.safe_load(out.read_text())["environments"]["prod"]
    assert prod["user_pool"]["deletion_protection"] is True and prod["tags"] == {"environment": "prod"}
    again = run_cli("compile", str(out), "--env", "prod", "--pdk-compat")
    assert again.stdout == deployed.read_bytes()
    assert run_cli("import", str(deployed), "--into", str(base), "--env", "prod", "-o", str(base)).returncode == 2


def test_import_into_refuses_what_an_environment_cannot_take_away(tmp_path):
    base = tmp_path / "shop.yaml"
    base.write_text(BASE)
    deployed = tmp_path / "other.template.yaml"
    other = tmp_path / "other.yaml"
    other.write_text(BASE.replace("    - id: Admin\n      generate_secret: true\n      disable_o_auth: true\n", ""))
    assert run_cli("compile", str(other), "--pdk-compat", "-o", str(deployed)).returncode == 0
    proc = run_cli("import", str(deployed), "--into", str(base), "--env", "other")
    assert proc.returncode == 1
    assert "item 'Admin'" in proc.stderr.decode() and "cannot take away" in proc.stderr.decode()


def test_an_environment_that_changes_the_kind_or_has_a_bad_name_is_reported_once_at_its_key(tmp_path):
    path = write(tmp_path, "kind: UserPoolWithMfa\nenvironments:\n  prod: {kind: UserIdentity}\n  bad_name: {}\n")
    lines = run_cli("validate", str(path)).stderr.decode().splitlines()
    assert any(":3:10: error: environments.prod.kind: an environment cannot change the construct's kind" in line
               for line in lines), lines
    assert len([line for line in lines if "bad_name" in line]) == 1
    assert not any("UserIdentity adds" in line for line in lines)  # prod is still a UserPoolWithMfa


def test_a_spec_with_more_environments_than_fifty_is_an_error_and_costs_no_more_than_fifty(tmp_path):
    environments = "".join(f"  e{n}: {{}}\n" for n in range(60))
    path = write(tmp_path, "kind: UserPoolWithMfa\nenvironments:\n" + environments)
    proc = run_cli("validate", str(path), "--error-format", "junit")
    assert proc.returncode == 1
    assert proc.stdout.decode().count("<testcase ") == 51  # the base and fifty environments


def test_a_base_finding_on_a_mapping_an_environment_adds_to_is_reported_once(tmp_path):
    spec = tmp_path / "s.yaml"
    spec.write_text("kind: UserIdentity\nstack_name: S\nuser_pool:\n  mfa: OPTIONAL\nenvironments:\n"
                    "  prod:\n    user_pool: {deletion_protection: true}\n"
                    "  staging:\n    user_pool: {deletion_protection: true}\n"
                    "  dev:\n    user_pool: {mfa: OPTIONAL}\n")
    err = run_cli("validate", str(spec)).stderr.decode()
    assert err.count("[IC0817]") == 1, err  # on user_pool, which prod and staging only add to
    assert err.count("[IC0812]") == 2, err  # the base's, and dev's own mfa: OPTIONAL at its own line
