"""The example specs a user starts from: schema-valid, compiled, cfn-lint clean."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import EXAMPLES, ROOT, run_cli
from jsonschema import Draft202012Validator

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
SCHEMA = json.loads((ROOT / "schemas" / "identity-spec.schema.json").read_text())


def test_there_are_examples_for_each_use():
    names = {p.stem for p in EXAMPLE_FILES}
    assert {"web-app", "web-app-signup", "internal-tool", "user-pool", "social-sign-in", "api-backend",
            "passwordless"} <= names


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_example_has_modeline_and_header(path):
    lines = path.read_text().splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schemas/identity-spec.schema.json"
    assert sum(1 for line in lines if line.startswith("#")) >= 3, "a header says when to use it"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_example_is_valid_against_the_json_schema(path):
    Draft202012Validator.check_schema(SCHEMA)
    errors = list(Draft202012Validator(SCHEMA).iter_errors(yaml.safe_load(path.read_text())))
    assert errors == []


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_example_compiles_and_lints_clean(path, tmp_path):
    out = tmp_path / "t.yaml"
    proc = run_cli("compile", str(path), "--lint", "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    assert ": error:" not in proc.stderr.decode()
    assert yaml.safe_load(out.read_text())["Resources"]


def test_internal_tool_has_no_sms_role_and_totp_only():
    template = yaml.safe_load(run_cli("compile", str(EXAMPLES / "internal-tool.yaml")).stdout)
    types = [r["Type"] for r in template["Resources"].values()]
    assert "AWS::IAM::Role" in types
    pool = next(r for r in template["Resources"].values() if r["Type"] == "AWS::Cognito::UserPool")
    assert pool["Properties"]["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    assert "SmsConfiguration" not in pool["Properties"]
    assert pool["Properties"]["UsernameAttributes"] == ["email"]


def test_signup_example_grants_the_api_to_signed_in_users():
    template = yaml.safe_load(run_cli("compile", str(EXAMPLES / "web-app-signup.yaml")).stdout)
    policies = [r for r in template["Resources"].values() if r["Type"] == "AWS::IAM::Policy"]
    assert len(policies) == 1
    statement = policies[0]["Properties"]["PolicyDocument"]["Statement"][0]
    assert statement["Action"] == "execute-api:Invoke"
    client = next(r for r in template["Resources"].values() if r["Type"] == "AWS::Cognito::UserPoolClient")
    assert client["Properties"]["AllowedOAuthFlows"] == ["code"]
    pool = next(r for r in template["Resources"].values() if r["Type"] == "AWS::Cognito::UserPool")
    assert pool["Properties"]["AdminCreateUserConfig"] == {"AllowAdminCreateUserOnly": False}


def test_api_backend_example_is_a_client_credentials_client_with_resource_server_scopes():
    template = yaml.safe_load(run_cli("compile", str(EXAMPLES / "api-backend.yaml")).stdout)
    client = next(r for r in template["Resources"].values() if r["Type"] == "AWS::Cognito::UserPoolClient")
    assert client["Properties"]["AllowedOAuthFlows"] == ["client_credentials"]
    assert client["Properties"]["GenerateSecret"] is True
    assert all("Fn::Join" in scope for scope in client["Properties"]["AllowedOAuthScopes"])


def test_passwordless_example_enables_choice_based_sign_in():
    template = yaml.safe_load(run_cli("compile", str(EXAMPLES / "passwordless.yaml")).stdout)
    pool = next(r for r in template["Resources"].values() if r["Type"] == "AWS::Cognito::UserPool")["Properties"]
    assert pool["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"] == ["PASSWORD", "EMAIL_OTP", "WEB_AUTHN"]
    assert pool["WebAuthnRelyingPartyID"] == "app.example.com"
    client = next(r for r in template["Resources"].values() if r["Type"] == "AWS::Cognito::UserPoolClient")
    assert "ALLOW_USER_AUTH" in client["Properties"]["ExplicitAuthFlows"]


def _properties(node, path=""):
    """Every (path, property schema) of the spec schema, through $defs."""
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            yield f"{path}.{name}", prop
        for key, value in node.items():
            if key == "if":  # a condition, not a property a user writes
                continue
            if key != "properties":
                yield from _properties(value, f"{path}/{key}")
            else:
                for name, prop in value.items():
                    yield from _properties(prop, f"{path}.{name}")
    elif isinstance(node, list):
        for item in node:
            yield from _properties(item, path)


def test_every_schema_property_has_help_for_editors():
    missing = [path for path, prop in _properties(SCHEMA) if isinstance(prop, dict) and "description" not in prop
               and "$ref" not in prop]
    assert missing == []
    documented_defaults = [path for path, prop in _properties(SCHEMA) if isinstance(prop, dict) and "default" in prop]
    assert len(documented_defaults) >= 20
    pool = SCHEMA["$defs"]["PoolProps"]["properties"]
    assert pool["mfa"]["default"] == "REQUIRED" and "OFF" in pool["mfa"]["enum"]
