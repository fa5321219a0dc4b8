"""The real PDK/CDK as the oracle: generated specs, compiled with ``--pdk-compat`` and synthesized by
@aws/pdk 0.26.15 / aws-cdk-lib 2.163.1 (``tests/oracle``), must give the same template, or both must
refuse them. A spec with props newer than aws-cdk-lib 2.163.1 (the PDK's CDK answers "unsupported")
is synthesized by the same PDK on the current aws-cdk-lib (``tests/oracle-current``) instead. Every
difference this ever found stays as a case in ``fixtures/differential/`` (with the oracle's answer
stored, so those run without node too).

``IC_DIFFERENTIAL_EXAMPLES`` sets how many specs are generated (default 300); with
``IC_DIFFERENTIAL_RANDOM=1`` they are new ones on each run instead of the same reproducible set.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from identity_compiler.pipeline import compile_text
from identity_compiler.commands.importing import import_template

from cdk_oracle import CURRENT, ORACLE, Oracle, OracleUnavailable
from spec_strategies import specs

CASES = sorted((Path(__file__).parent / "fixtures" / "differential").glob("*.json"))
STACK = "Diff"


class Oracles:
    """The PDK's CDK for what it has, the current aws-cdk-lib for props newer than that."""

    def __init__(self) -> None:
        self.pdk = Oracle(ORACLE)
        self._current: Oracle | None = None  # started on the first spec that needs it

    def synthesize(self, spec: dict, stack: str) -> dict:
        answer = self.pdk.synthesize(spec, stack)
        if "unsupported" in answer:
            self._current = self._current or Oracle(CURRENT)
            answer = self._current.synthesize(spec, stack)
        return answer

    def close(self) -> None:
        for process in (self.pdk, self._current):
            if process:
                process.close()


@pytest.fixture(scope="module")
def oracle():
    try:
        oracles = Oracles()
    except OracleUnavailable as exc:
        pytest.skip(str(exc))
    yield oracles
    oracles.close()


def compile_pdk_compat(spec: dict):
    return compile_text(json.dumps(spec, ensure_ascii=False), "generated.json", pdk_compat=True, stack_name=STACK)


def assert_same_outcome(spec: dict, expected: dict) -> None:
    """Our ``--pdk-compat`` result against the oracle's: the same template, or both refuse the spec."""
    result = compile_pdk_compat(spec)
    errors = [d for d in result.diagnostics if d.is_error]
    shown = json.dumps(spec, ensure_ascii=False)
    assert not [d for d in errors if d.rule == "IC0000"], f"internal error for {shown}: {errors}"
    if "error" in expected:
        assert errors, f"the CDK refuses this spec ({expected['error']}), the compiler does not: {shown}"
        return
    assert not errors, f"the CDK synthesizes this spec, the compiler refuses it: {shown}\n" + \
        "\n".join(d.format() for d in errors)
    ours = json.loads(json.dumps(result.data))
    assert ours == expected["template"], f"templates differ for {shown}"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_regression_cases(case):
    """Specs where the compiler once differed from the CDK, with the CDK's answer."""
    stored = json.loads(case.read_text())
    assert_same_outcome(stored["spec"], stored["expected"])


@pytest.mark.integration
@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_regression_cases_still_match_the_oracle(oracle, case):
    """The stored answers are the CDK's, not hand-written."""
    stored = json.loads(case.read_text())
    assert oracle.synthesize(stored["spec"], STACK) == stored["expected"]


EXAMPLES = int(os.environ.get("IC_DIFFERENTIAL_EXAMPLES", "300"))
RANDOM = os.environ.get("IC_DIFFERENTIAL_RANDOM") == "1"


@pytest.mark.integration
@settings(max_examples=EXAMPLES, deadline=None, derandomize=not RANDOM, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(spec=specs)
def test_same_template_as_the_cdk(oracle, spec):
    expected = oracle.synthesize(spec, STACK)
    assert "unsupported" not in expected, expected  # the generator keeps to the props the current CDK has
    assert_same_outcome(spec, expected)
    if "template" in expected:  # what the CDK synthesized imports to a spec that compiles back to it
        import_template(expected["template"], STACK)


BASE = {"kind": "UserPoolWithMfa", "id": "Pool", "clients": [{"id": "Web"}]}
# One CDK rule broken each (aws-cdk-lib 2.163.1 user-pool.ts, user-pool-client.ts, user-pool-attr.ts,
# user-pool-email.ts, user-pool-domain.ts, user-pool-idps/, the identity-pool alpha, constructs).
BREAKERS = {
    "min_length": {"password_policy": {"min_length": 5}},
    "temp_password_days": {"password_policy": {"temp_password_validity": "366 days"}},
    "temp_password_whole_days": {"password_policy": {"temp_password_validity": "36 hours"}},
    "mfa_message_code": {"mfa_message": "Your code"},
    "mfa_message_length": {"mfa_message": "{####}" + "x" * 135},
    "verification_code": {"user_verification": {"email_body": "Hello"}},
    "verification_sms": {"user_verification": {"sms_message": "Hello"}},
    "verification_link": {"user_verification": {"email_style": "LINK", "email_body": "Hello {code}"}},
    "preferred_username": {"sign_in_aliases": {"preferred_username": True, "email": True}},
    "sms_role_flag": {"enable_sms_role": False, "sms_role": "arn:aws:iam::123456789012:role/sms"},
    "sender_key": {"lambda_triggers": {"custom_sms_sender": "arn:aws:lambda:us-east-1:123456789012:function:f"}},
    "lambda_version": {"lambda_triggers": {"pre_sign_up": {"function_arn": "arn:aws:lambda:us-east-1:123456789012:"
                                                                          "function:f", "lambda_version": "V2_0"}}},
    "max_len": {"custom_attributes": {"bio": {"type": "string", "max_len": 2049}}},
    "ses_domain": {"email": {"with_ses": {"from_email": "a@example.com", "ses_region": "us-east-1",
                                          "ses_verified_domain": "other.com"}}},
    "ses_local_part": {"email": {"with_ses": {"from_email": "ü@example.com", "ses_region": "us-east-1"}}},
    "disable_oauth": {"clients": [{"id": "Web", "disable_o_auth": True, "o_auth": {"flows": {"implicit_code_grant": True}}}]},
    "empty_callbacks": {"clients": [{"id": "Web", "o_auth": {"callback_urls": []}}]},
    "default_redirect": {"clients": [{"id": "Web", "o_auth": {"callback_urls": ["https://a.example.com/"],
                                                               "default_redirect_uri": "https://b.example.com/"}}]},
    "context_data": {"clients": [{"id": "Web", "enable_propagate_additional_user_context_data": True}]},
    "client_credentials": {"clients": [{"id": "Web", "o_auth": {"flows": {"client_credentials": True,
                                                                          "authorization_code_grant": True}}}]},
    "token_validity": {"clients": [{"id": "Web", "id_token_validity": "2 days"}]},
    "session_validity": {"clients": [{"id": "Web", "auth_session_validity": "2 minutes"}]},
    "refresh_validity": {"clients": [{"id": "Web", "refresh_token_validity": "30 minutes"}]},
    "duplicate_client": {"clients": [{"id": "Web"}, {"id": "Web"}]},
    "id_of_the_pool_resource": {"clients": [{"id": "Resource"}]},
    "domain_kinds": {"domains": [{"id": "D"}]},
    "domain_prefix": {"domains": [{"id": "D", "cognito_domain": {"domain_prefix": "My_App"}}]},
    "google_secret": {"identity_providers": [{"id": "G", "type": "google", "client_id": "x"}]},
    "oidc_name": {"identity_providers": [{"id": "O", "type": "oidc", "client_id": "x", "client_secret": "s",
                                          "issuer_url": "https://i.example.com", "name": "a b"}]},
    "saml_name": {"identity_providers": [{"id": "S", "type": "saml", "name": "ab",
                                          "metadata": {"url": "https://i.example.com/m"}}]},
    # props newer than 2.163.1: the current aws-cdk-lib's rules (user-pool.ts, user-pool-client.ts)
    "threat_protection_and_advanced_security": {"standard_threat_protection_mode": "FULL_FUNCTION"},
    "history_on_lite": {"feature_plan": "LITE", "password_policy": {"min_length": 8, "password_history_size": 5}},
    "history_size": {"feature_plan": "PLUS", "password_policy": {"min_length": 8, "password_history_size": 25}},
    "password_factor_off": {"feature_plan": "ESSENTIALS", "sign_in_policy": {"allowed_first_auth_factors": {
        "password": False, "email_otp": True}}},
    "choice_based_on_lite": {"feature_plan": "LITE", "sign_in_policy": {"allowed_first_auth_factors": {
        "password": True, "email_otp": True}}},
    "passkey_party_id_length": {"passkey_relying_party_id": "x" * 64},
    "email_mfa_without_ses": {"feature_plan": "ESSENTIALS", "mfa_second_factor": {"sms": True, "otp": True, "email": True}},
    "email_mfa_on_lite": {"feature_plan": "LITE", "mfa_second_factor": {"sms": True, "otp": True, "email": True},
                          "email": {"with_ses": {"from_email": "a@example.com", "ses_region": "us-east-1"}}},
    "rotation_grace_period": {"clients": [{"id": "Web", "refresh_token_rotation_grace_period": "61 seconds"}]},
    "analytics_without_role": {"clients": [{"id": "Web", "analytics": {"application_id": "abc", "external_id": "x"}}]},
    "duplicate_group": {"groups": [{"id": "Admins"}], "clients": [{"id": "Admins"}]},
}


@pytest.mark.integration
@pytest.mark.parametrize("name", sorted(BREAKERS))
def test_one_broken_cdk_rule_is_refused_by_both(oracle, name):
    spec = {**BASE, **BREAKERS[name]}
    assert "error" in oracle.synthesize(spec, STACK), f"{name} does not break a CDK rule"
    assert [d for d in compile_pdk_compat(spec).diagnostics if d.is_error and d.rule != "IC0000"]


@pytest.mark.integration
def test_the_base_of_the_broken_rules_synthesizes(oracle):
    expected = oracle.synthesize(BASE, STACK)
    assert "template" in expected
    assert_same_outcome(BASE, expected)


@pytest.mark.integration
def test_the_oracle_translates_every_parity_fixture(oracle):
    """The oracle's construct code gives the committed CDK templates (a check of the oracle itself)."""
    from identity_compiler.source.loading import load_file

    fixtures = Path(__file__).parent / "fixtures"
    checked = 0
    for spec_path in sorted(fixtures.glob("cdk/*.yaml")) + sorted(fixtures.glob("pdk/*.yaml")):
        spec = load_file(str(spec_path)).data
        answer = oracle.synthesize(spec, spec.get("stack_name") or spec_path.stem)
        if "unsupported" in answer:  # props newer than aws-cdk-lib 2.163.1
            continue
        assert answer == {"template": json.loads(spec_path.with_suffix(".json").read_text())}, spec_path.name
        checked += 1
    assert checked >= 15

