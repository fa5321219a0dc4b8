"""The property table (``identity_compiler/spec/properties.py``) is the one description of each plain property (the
JSON Schema's descriptions and defaults and ``docs/properties.md`` are generated from it: ``test_generated.py``);
CloudFormation's own resource schemas agree with it, and every row goes spec → template → spec unchanged through
resolve, build and ``import``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from identity_compiler.spec import properties
from identity_compiler.pipeline import compile_text
from identity_compiler.commands.importing import import_template

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schemas" / "identity-spec.schema.json").read_text())
ROWS = [(resource, row) for resource, rows in properties.RESOURCE_TYPES.items() for row in rows]

# A value of each row's key, in spec form (what a user writes), and what the template then holds.
VALUES = {
    "user_pool_name": ("members", "members"), "mfa": ("OPTIONAL", "OPTIONAL"),
    "mfa_message": ("Your code is {####}", "Your code is {####}"),
    "email_authentication_message": ("Your sign-in code is {####}", "Your sign-in code is {####}"),
    "email_authentication_subject": ("Your code", "Your code"),
    "sign_in_case_sensitive": (True, True), "deletion_protection": (False, "INACTIVE"),
    "passkey_relying_party_id": ("auth.example.com", "auth.example.com"),
    "passkey_user_verification": ("REQUIRED", "required"),
    "web_authn_factor_configuration": ("MULTI_FACTOR_WITH_USER_VERIFICATION", "MULTI_FACTOR_WITH_USER_VERIFICATION"),
    "key_configuration.key_type": ("CUSTOMER_MANAGED_KEY", "CUSTOMER_MANAGED_KEY"),
    "key_configuration.kms_key_arn": ("arn:aws:kms:us-east-1:123456789012:key/mrk-1a2b3c4d",
                                      "arn:aws:kms:us-east-1:123456789012:key/mrk-1a2b3c4d"),
    "issuer_configuration.type": ("UPDATED", "UPDATED"),
    "user_pool_client_name": ("web", "web"), "generate_secret": (True, True),
    "o_auth.logout_urls": (["https://example.com/bye"], ["https://example.com/bye"]),
    "o_auth.default_redirect_uri": ("https://example.com", "https://example.com"),
    "prevent_user_existence_errors": (True, "ENABLED"), "enable_token_revocation": (False, False),
    "enable_propagate_additional_user_context_data": (True, True), "auth_session_validity": ("5 minutes", 5),
}


@pytest.mark.parametrize("resource, row", ROWS, ids=[row.key for _, row in ROWS])
def test_each_row_has_a_value_here_and_its_schema_entry(resource, row):
    """What a newcomer adds with a row, said by name (the generator writes its description and default)."""
    assert row.key in VALUES, f"add a spec value of {row.key} and the template's value to VALUES in {__file__}"
    node = SCHEMA["$defs"][properties.SCHEMA_DEFS[resource]]
    for part in row.key_path:
        assert part in node.get("properties", {}), \
            f"add {row.key}'s entry (its type and limits) to schemas/identity-spec.schema.json under {part}"
        node = node["properties"][part]


@pytest.mark.parametrize("resource, row", ROWS, ids=[row.key for _, row in ROWS])
def test_each_row_names_a_property_cloudformation_has(resource, row):
    from identity_compiler import cloudformation

    schema = cloudformation.schema(resource)  # the project's own copy
    node = schema
    for part in row.cfn_path:
        assert part in (node.get("properties") or {}), f"{resource} has no property {row.cfn}"
        node = node["properties"][part]
        if "$ref" in node:
            node = schema["definitions"][node["$ref"].rsplit("/", 1)[-1]]


def _readme_table_keys(resource: str) -> set[str]:
    """The keys the README's table for a resource names: a pool's in the first column of the key tables, a
    client's in the item column of the methods table's `clients` row."""
    import re

    keys = set()
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("| ") or line.startswith("|---"):
            continue
        cells = line.split(" | ")
        if resource == "AWS::Cognito::UserPoolClient":
            if cells[0] == "| `clients`":
                keys.update(re.findall(r"`([a-z_./]+)`", cells[-1]))
                keys.update(re.findall(r"[(,] `?([a-z_]+)`?", cells[-1]))
        else:
            keys.update(re.findall(r"`([a-z_.]+)`", cells[0]))
    return keys


@pytest.mark.parametrize("resource, row", ROWS, ids=[row.key for _, row in ROWS])
def test_the_readme_names_each_row_in_its_table(resource, row):
    """The README's tables of spec keys are checked against the table: a row it leaves out is a key users miss (the
    key in its resource's table, not anywhere in the text)."""
    named = _readme_table_keys(resource)
    assert row.key in named or row.key_path[-1] in named, f"README's table for {resource} does not list {row.key}"


def _nested(pairs: dict) -> dict:
    out: dict = {}
    for key, value in pairs.items():
        *outer, last = key.split(".")
        target = out
        for part in outer:
            target = target.setdefault(part, {})
        target[last] = value
    return out


def test_every_row_goes_from_spec_to_template_and_back():
    pool_keys = {row.key: VALUES[row.key][0] for row in properties.USER_POOL}
    client_keys = {row.key: VALUES[row.key][0] for row in properties.USER_POOL_CLIENT}
    spec = {"kind": "UserIdentity", "user_pool": {
        "kind": "UserPool", "feature_plan": "ESSENTIALS", **_nested(pool_keys), "mfa_second_factor": {"sms": False, "otp": True},
        "clients": [{"id": "Web", **_nested(client_keys)}]}}
    result = compile_text(json.dumps(spec), "table.json", pdk_compat=True, stack_name="Table")
    assert result.ok, [d.format() for d in result.diagnostics if d.is_error]
    template = json.loads(json.dumps(result.data))
    by_type = {r["Type"]: r["Properties"] for r in template["Resources"].values()
               if r["Type"] != "AWS::Cognito::UserPoolClient" or r["Properties"].get("ClientName") == "web"}
    for resource, row in ROWS:
        value = by_type[resource]
        for part in row.cfn_path:
            value = value[part]
        assert value == VALUES[row.key][1], row.key
    imported = import_template(template, "Table").spec
    pool = imported["user_pool"]
    client = next(c for c in pool["clients"] if c["id"] == "Web")
    for rows, mapping in ((properties.USER_POOL, pool), (properties.USER_POOL_CLIENT, client)):
        for row in rows:
            value = mapping
            for part in row.key_path:
                value = value[part]
            assert value == VALUES[row.key][0], row.key


def test_a_table_field_is_none_in_the_model_when_the_spec_leaves_it_out():
    result = compile_text("kind: UserIdentity\nuser_pool: {kind: UserPool}\n", "plain.yaml", stack_name="Plain")
    pool = next(r for r in result.data["Resources"].values() if r["Type"] == "AWS::Cognito::UserPool")

    def present(path: tuple) -> bool:  # a row's property at its whole path (a nested row's parent is a builder's)
        node = pool["Properties"]
        for part in path:
            if not isinstance(node, dict) or part not in node:
                return False
            node = node[part]
        return True

    assert not [row.cfn for row in properties.USER_POOL if present(row.cfn_path)]


def test_a_nested_row_never_removes_a_sibling_the_builder_wrote():
    """DESIGN: the builder merges rows into what it builds, deep (a shallow merge once replaced the whole
    AdminCreateUserConfig when a row for AdminCreateUserConfig.UnusedAccountValidityDays was added)."""
    from types import SimpleNamespace

    row = properties.Prop("unused_account_validity_days", "AdminCreateUserConfig.UnusedAccountValidityDays", "")
    built = {"AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True, "InviteMessageTemplate": {"SMSMessage": "x"}},
             "MfaConfiguration": "ON"}
    merged = properties.with_rows(built, (row,), SimpleNamespace(unused_account_validity_days=7))
    assert merged == {"AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True, "UnusedAccountValidityDays": 7,
                                                "InviteMessageTemplate": {"SMSMessage": "x"}},
                      "MfaConfiguration": "ON"}
    assert built["AdminCreateUserConfig"] == {"AllowAdminCreateUserOnly": True,
                                              "InviteMessageTemplate": {"SMSMessage": "x"}}  # not changed in place
    for _resource, table_row in ROWS:  # and every row of the table, on a built template: nothing it wrote is lost
        assert properties.with_rows(built, (table_row,), SimpleNamespace(**{table_row.field: None})) == built
