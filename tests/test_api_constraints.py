"""What Cognito, IAM and Lambda refuse at deploy is an error at compile time (IC0712 and friends),
reported at the spec key that produced the value; the constraints are botocore's own."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES, FIXTURES

from identity_compiler.cloudformation import api_limits
from identity_compiler.spec.schema import ecma_pattern
from identity_compiler.pipeline import compile_text
from identity_compiler.source.loading import load_file

ALL_SPECS = sorted(EXAMPLES.glob("*.yaml")) + sorted(FIXTURES.glob("*/*.yaml"))


def _errors(text: str, **options) -> list[str]:
    result = compile_text(text, "spec.yaml", **options)
    return [d.format() for d in result.diagnostics if d.is_error]


def _release(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".")[:3] if part.isdigit())


def _changed(old, new, path: str = "") -> list[str]:
    """The paths where two constraint trees differ."""
    if isinstance(old, dict) and isinstance(new, dict):
        return [found for key in sorted(set(old) | set(new))
                for found in _changed(old.get(key), new.get(key), f"{path}.{key}" if path else key)]
    return [] if old == new else [path]


def test_the_shipped_constraints_are_the_installed_botocores():
    """The installed botocore's models, when it is as new as the one the file was extracted from, are the file's:
    a newer model (Cognito changed) fails with what changed; an older botocore (the lowest-versions run) has older
    models, which say nothing about the file."""
    import botocore

    recorded = api_limits.constraints()["botocore"]
    if _release(botocore.__version__) < _release(recorded):
        pytest.skip(f"botocore {botocore.__version__} is older than {recorded}, which api-constraints.json is from")
    changed = _changed(api_limits.constraints()["resources"], api_limits.extract()["resources"])
    assert changed == [], (f"botocore {botocore.__version__}'s models differ from api-constraints.json (botocore "
                           f"{recorded}) at {changed[:20]}: run python -m identity_compiler.cloudformation.api_limits")


@pytest.mark.parametrize("spec_path", ALL_SPECS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_example_and_golden_is_within_the_api_constraints(spec_path):
    for pdk_compat in (False, True):
        result = compile_text(spec_path.read_bytes(), str(spec_path), pdk_compat=pdk_compat)
        if result.ok:
            assert api_limits.check_template(result.data) == []


POOL = "kind: UserPoolWithMfa\n"


@pytest.mark.parametrize("body, where, words", [
    ("user_verification:\n  email_subject: ''\n", "user_verification.email_subject", "must not be empty"),
    ("user_invitation:\n  email_subject: '" + "x" * 141 + "'\n", "user_invitation", "at most 140"),
    ("resource_servers:\n  - {id: Api, identifier: 'https://api.example.com'}\n", "resource_servers[0].identifier",
     "give user_pool_resource_server_name"),
    ("clients:\n  - id: Web\n    o_auth:\n      callback_urls: ['https://a.example.com/x y']\n",
     "clients[0].o_auth.callback_urls", "not allowed"),
    ("clients:\n  - id: Web\n    o_auth:\n      callback_urls:\n"
     + "".join(f"        - https://a.example.com/{i}\n" for i in range(101)),
     "clients[0].o_auth.callback_urls", "101 items; at most 100"),
    ("custom_attributes:\n" + "".join(f"  a{i}: {{type: string}}\n" for i in range(47)), "custom_attributes",
     "51 items; at most 50"),
    ("identity_providers:\n  - {id: Saml, type: saml, metadata: {url: 'https://idp.example.com/m'}, identifiers: ['']}\n",
     "identity_providers[0].identifiers", "must not be empty"),
    ("identity_providers:\n  - {id: A, type: saml, name: Corp, metadata: {url: 'https://idp.example.com/m'}}\n"
     "  - {id: B, type: oidc, name: Corp, client_id: x, client_secret: '{{resolve:ssm:s}}', issuer_url: "
     "'https://issuer.example.com'}\n", "identity_providers[1].name", "is already the ProviderName"),
    ("domains:\n  - {id: A, cognito_domain: {domain_prefix: my-auth}}\n"
     "  - {id: B, cognito_domain: {domain_prefix: my-auth}}\n", "domains[1].cognito_domain.domain_prefix",
     "is already the Domain"),
])
def test_values_cognito_refuses_are_errors_at_their_key(body, where, words):
    errors = [e for e in _errors(POOL + body) if "[IC0712]" in e]
    assert any(f": error: {where}: " in e and words in e for e in errors), errors
    warnings = compile_text(POOL + body, "spec.yaml", pdk_compat=True).diagnostics
    assert any(d.rule == "IC0712" and not d.is_error for d in warnings)  # the CDK synthesizes it: a warning there


def test_just_inside_the_limits_compiles():
    body = ("user_invitation:\n  email_subject: '" + "x" * 140 + "'\n"
            "custom_attributes:\n" + "".join(f"  a{i}: {{type: string}}\n" for i in range(46))
            + "clients:\n  - id: Web\n    o_auth:\n      callback_urls:\n"
            + "".join(f"        - https://a.example.com/{i}\n" for i in range(100)))
    assert _errors(POOL + body) == []


@pytest.mark.parametrize("arn", ["arn:aws:iam::１２３456789012:role/x", "arn:aws:iam::123456789012:role/x\n"])
def test_arns_are_ascii_and_end_where_they_end(arn):
    spec = f"kind: UserIdentity\nidentity_pool_options:\n  authenticated_role: {json.dumps(arn)}\n"
    assert any("identity_pool_options.authenticated_role" in e for e in _errors(spec))


def test_schema_patterns_mean_what_json_schema_means():
    assert ecma_pattern(r"^\d+$").search("123")
    assert not ecma_pattern(r"^\d+$").search("１２３")
    assert not ecma_pattern(r"^\d+$").search("123\n")
    assert ecma_pattern(r"^[$a]+$").search("$a")  # a dollar inside a class is a character


def test_java_patterns_keep_their_meaning():
    assert api_limits.java_pattern(r"[\w\s+=,.@-]+") == "[A-Za-z0-9_ \\t\\n\\x0B\\f\\r+=,.@-]+"
    assert api_limits.java_pattern(r"[\S]+") == "[^ \\t\\n\\x0B\\f\\r]+"
    name = api_limits.compiled_pattern(api_limits.java_pattern(r"[\w\s+=,.@-]+"))
    assert name.fullmatch("My pool-1") and not name.fullmatch("Pool ü") and not name.fullmatch("a/b")


def test_a_lambda_trigger_arn_fits_the_permission():
    long_name = "f" * 65
    spec = POOL + f"lambda_triggers:\n  pre_sign_up: arn:aws:lambda:us-east-1:123456789012:function:{long_name}\n"
    assert any("lambda_triggers.pre_sign_up" in e for e in _errors(spec))
    ok = POOL + f"lambda_triggers:\n  pre_sign_up: arn:aws:lambda:us-east-1:123456789012:function:{'f' * 64}\n"
    assert _errors(ok) == []


@pytest.mark.parametrize("value, ok", [
    ("{{resolve:secretsmanager:google:SecretString:client_secret}}", True),
    ("{{resolve:ssm:/app/secret}}", True),
    ("{{resolve:secretsmanager:}}", False),
    ("{{resolve:vault:x}}", False),
    ("{{resolve:ssm:name", False),
])
def test_dynamic_references_are_well_formed(value, ok):
    spec = POOL + f"identity_providers:\n  - {{id: G, type: google, client_id: x, client_secret: '{value}'}}\n"
    errors = [e for e in _errors(spec) if "IC0713" in e]
    assert (errors == []) is ok, errors


@pytest.mark.parametrize("scope, hint", [("EMAIL_ADDRESS", "EMAIL"), ("openids", "OPENID"), ("Profile", "PROFILE")])
def test_a_bare_scope_must_be_a_member(scope, hint):
    spec = POOL + f"clients:\n  - id: Web\n    o_auth: {{scopes: [{scope}]}}\n"
    errors = [e for e in _errors(spec) if "IC0311" in e]
    assert len(errors) == 1 and f"did you mean '{hint}'?" in errors[0]
    assert _errors(POOL + "clients:\n  - id: Web\n    o_auth: {scopes: [OPENID, EMAIL]}\n") == []


@pytest.mark.parametrize("scope, member", [("openid", "OPENID"), ("profile", "PROFILE"),
                                           ("aws.cognito.signin.user.admin", "COGNITO_ADMIN")])
def test_cognitos_own_scope_values_deploy_and_get_advice_naming_the_member(scope, member):
    result = compile_text(POOL + f"clients:\n  - id: Web\n    o_auth: {{scopes: [{scope}]}}\n", "spec.yaml")
    assert result.ok, [d.format() for d in result.diagnostics if d.is_error]
    [advice] = [d for d in result.diagnostics if d.rule == "IC0326"]
    assert advice.severity == "warning" and f"write {member}" in advice.message


def test_positions_point_at_the_value_the_user_wrote(tmp_path):
    spec = tmp_path / "rs.yaml"
    spec.write_text(POOL + "resource_servers:\n  - id: Api\n    identifier: 'https://api.example.com'\n")
    result = compile_text(spec.read_bytes(), str(spec))
    [diagnostic] = [d for d in result.diagnostics if d.rule == "IC0712"]
    assert (diagnostic.line, diagnostic.col) == load_file(str(spec)).position(("resource_servers", 0, "identifier"))


def _unicode_category_patterns() -> list[str]:
    found = set()
    stack = list(api_limits.constraints()["resources"].values())
    while stack:
        shape = stack.pop()
        if "\\p{" in shape.get("pattern", ""):
            found.add(shape["pattern"])
        stack.extend(shape[k] for k in ("member", "key", "value") if k in shape)
        stack.extend(shape.get("members", {}).values())
    return sorted(found)


@pytest.mark.parametrize("pattern", _unicode_category_patterns())
def test_ascii_text_is_matched_alike_without_the_regex_module(pattern):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    fast, full = api_limits.compiled_pattern(pattern, True), api_limits.compiled_pattern(pattern, False)

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=st.characters(max_codepoint=127), max_size=12))
    def same(text):
        assert bool(fast.fullmatch(text)) == bool(full.fullmatch(text))

    same()
