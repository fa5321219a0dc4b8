"""Property-based tests over the spec surface: valid specs compile lint-clean; mutated specs give
diagnostics with a key path, never an exception."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from identity_compiler import compile_spec, render
from identity_compiler.codes import INTERNAL
from identity_compiler.source.loading import load_text

from conftest import key_paths

booleans = st.booleans()
names = st.from_regex(r"[A-Z][a-zA-Z0-9]{0,10}", fullmatch=True)


@st.composite
def password_policies(draw):
    policy = {"min_length": draw(st.integers(6, 99))}
    for key in ("require_lowercase", "require_uppercase", "require_digits", "require_symbols"):
        if draw(booleans):
            policy[key] = draw(booleans)
    if draw(booleans):
        policy["temp_password_validity"] = f"{draw(st.integers(1, 365))} days"
    return policy


@st.composite
def mfa_settings(draw):
    mfa = draw(st.sampled_from(["REQUIRED", "OPTIONAL", "OFF"]))
    out = {"mfa": mfa}
    sms, otp = draw(booleans), draw(booleans)
    if mfa != "OFF" and not (sms or otp):
        otp = True
    out["mfa_second_factor"] = {"sms": sms, "otp": otp}
    return out


@st.composite
def clients(draw):
    client = {"id": draw(names)}
    if draw(booleans):
        client["auth_flows"] = {"user_srp": True, "user_password": draw(booleans)}
    if draw(booleans):
        client["o_auth"] = {"flows": {"authorization_code_grant": True},
                            "callback_urls": [f"https://{draw(st.sampled_from(['a', 'b']))}.example.com/cb"],
                            "scopes": draw(st.lists(st.sampled_from(["OPENID", "EMAIL", "PHONE", "PROFILE"]),
                                                    min_size=1, max_size=4, unique=True))}
    if draw(booleans):
        client["access_token_validity"] = f"{draw(st.integers(5, 1440))} minutes"
    if draw(booleans):
        client["prevent_user_existence_errors"] = draw(booleans)
    return client


@st.composite
def pools(draw):
    pool = {}
    if draw(booleans):
        pool["password_policy"] = draw(password_policies())
    if draw(booleans):
        pool.update(draw(mfa_settings()))
    if draw(booleans):
        pool["sign_in_aliases"] = draw(st.sampled_from([{"username": True}, {"email": True}, {"phone": True},
                                                        {"username": True, "email": True, "phone": True}]))
    if draw(booleans):
        pool["account_recovery"] = draw(st.sampled_from(["EMAIL_ONLY", "PHONE_WITHOUT_MFA_AND_EMAIL", "NONE",
                                                         "PHONE_AND_EMAIL"]))
    if draw(booleans):
        pool["removal_policy"] = draw(st.sampled_from(["RETAIN", "DESTROY", "RETAIN_ON_UPDATE_OR_DELETE"]))
    if draw(booleans):
        pool["custom_attributes"] = {
            draw(st.from_regex(r"[a-z]{1,12}", fullmatch=True)): draw(st.sampled_from([
                {"type": "string", "max_len": 64}, {"type": "number", "min": 1, "max": 10},
                {"type": "boolean", "mutable": True}, {"type": "datetime"}]))}
    if draw(booleans):
        ids = set()
        pool["clients"] = [c for c in draw(st.lists(clients(), max_size=3))
                           if not (c["id"] in ids or ids.add(c["id"]))]
    if draw(booleans):
        pool["deletion_protection"] = draw(booleans)
    return pool


@st.composite
def specs(draw):
    if draw(booleans):
        spec = {"kind": "UserPoolWithMfa", **draw(pools())}
    else:
        spec = {"kind": "UserIdentity", "allow_signup": draw(booleans)}
        if draw(booleans):
            spec["user_pool"] = draw(pools())
            if spec["user_pool"].get("clients"):
                spec["user_pool"]["clients"][0]["id"] = "WebClient"
            spec["user_pool"].pop("self_sign_up_enabled", None)
    return spec


def _compile(data: dict):
    return compile_spec(load_text(yaml.safe_dump(data), "gen.yaml"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs())
def test_generated_specs_compile_and_pass_cfn_lint(linter, data):
    result = _compile(data)
    assert result.ok, [d.format() for d in result.diagnostics]
    errors = [d.format() for d in linter.lint(render(result.template, "yaml"), "gen") if d.is_error]
    assert errors == []




junk = st.one_of(st.integers(-10**6, 10**6), st.text(max_size=20), st.booleans(), st.none(),
                 st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs(), st.data())
def test_mutated_specs_give_diagnostics_never_exceptions(data, draw):
    mutated = copy.deepcopy(data)
    paths = [p for p in key_paths(mutated) if p]
    path = draw.draw(st.sampled_from(paths))
    parent = mutated
    for part in path[:-1]:
        parent = parent[part]
    action = draw.draw(st.sampled_from(["replace", "unknown-key"]))
    if action == "replace":
        parent[path[-1]] = draw.draw(junk)
    elif isinstance(parent, dict):
        parent[draw.draw(st.from_regex(r"[a-z_]{1,12}", fullmatch=True)) + "_x"] = 1
    result = _compile(mutated)
    assert all(d.rule != INTERNAL for d in result.diagnostics), [d.format() for d in result.diagnostics]
    for d in result.diagnostics:
        if d.is_error:
            assert d.line >= 1 and d.col >= 1
            assert d.path or d.rule.startswith("IC00"), d.format()


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.builds(lambda n, u, s: f"{s}{n}{s}{u}", st.integers(0, 10_000), st.sampled_from(
        ["second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "Days", "weeks", "min", "d"]),
        st.sampled_from(["", " "])),
    st.from_regex(r"P(\d{1,3}D)?(T(\d{1,2}H)?(\d{1,2}M)?(\d{1,2}S)?)?", fullmatch=True),
    st.text(max_size=12),
))
def test_schema_duration_pattern_and_parser_agree(text):
    """Editors flag what the compiler refuses: the schema's Duration pattern accepts what parses."""
    import json
    import re

    from identity_compiler.spec.durations import Duration

    schema = json.loads((Path(__file__).parent.parent / "schemas" / "identity-spec.schema.json").read_text())
    pattern = re.compile(schema["$defs"]["Duration"]["pattern"])
    try:
        Duration.parse(text)
        parses = True
    except ValueError:
        parses = False
    assert bool(pattern.search(text)) == parses, text
