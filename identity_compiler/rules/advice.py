"""Warnings for specs that weaken the secure defaults (Security Hub Cognito.*, cdk-nag AwsSolutions-COG*)."""

from __future__ import annotations

import re

from ..spec import defaults
from ..spec import model
from .engine import ADVICE, CDK, DEPLOY, rule

# {{resolve:ssm:name[:version]}}, {{resolve:ssm-secure:name[:version]}},
# {{resolve:secretsmanager:secret-id[:SecretString[:json-key[:version-stage[:version-id]]]]}}
_DYNAMIC_REFERENCE = re.compile(r"\{\{resolve:(ssm|ssm-secure|secretsmanager):[^{}\s:][^{}\s]*\}\}")

_PDK_PASSWORD = defaults.PDK_USER_POOL_DEFAULTS["password_policy"]


@rule("IC0811", ADVICE, "password_policy given in part drops the PDK's other password defaults (shallow merge).",
      "https://docs.aws.amazon.com/securityhub/latest/userguide/cognito-controls.html#cognito-3", on=model.UserPool)
def partial_password_policy(pool, _ctx):
    policy = pool.password_policy
    if pool.kind != "UserPoolWithMfa" or policy is None or "password_policy" not in pool.props_given:
        return
    dropped = [k for k in _PDK_PASSWORD if k not in policy.given and k != "min_length"]
    if dropped:
        yield policy.path, ("replaces the PDK's password policy as a whole, so " + ", ".join(dropped)
                            + " fall back to Cognito's defaults; list them to keep them")
    weaker = [k for k in ("require_lowercase", "require_uppercase", "require_digits", "require_symbols")
              if getattr(policy, k) is False]
    if weaker or policy.min_length < 8:
        yield policy.path, "weaker than the PDK's password policy (AwsSolutions-COG1, Security Hub Cognito.3)"


@rule("IC0812", ADVICE, "MFA is not required.", "https://docs.aws.amazon.com/securityhub/latest/userguide/cognito-controls.html#cognito-5",
      on=model.UserPool)
def mfa_not_required(pool, _ctx):
    if pool.mfa != "REQUIRED":
        yield pool.at("mfa"), \
            f"MFA is {pool.mfa or 'off'}; users can sign in with a password alone (AwsSolutions-COG2, Security Hub Cognito.5)"


@rule("IC0813", ADVICE, "Deletion protection is off.", "https://docs.aws.amazon.com/securityhub/latest/userguide/cognito-controls.html#cognito-6",
      on=model.UserPool)
def deletion_protection(pool, _ctx):
    if not pool.deletion_protection:
        yield pool.at("deletion_protection"), \
            "deletion protection is off: a stack deletion or replacement can delete every user (Security Hub Cognito.6)"


@rule("IC0814", ADVICE, "Threat protection is not enforced.", "https://docs.aws.amazon.com/securityhub/latest/userguide/cognito-controls.html#cognito-1",
      on=model.UserPool)
def threat_protection(pool, _ctx):
    if pool.advanced_security_mode != "ENFORCED" and pool.standard_threat_protection_mode != "FULL_FUNCTION":
        yield pool.at("advanced_security_mode"), "threat protection is not ENFORCED (AwsSolutions-COG3, Security Hub Cognito.1)"


@rule("IC0815", ADVICE, "A Lambda trigger without add_permission gets no AWS::Lambda::Permission.",
      CDK + "user-pool.ts#L1080-L1087", on=model.Trigger)
def trigger_without_permission(trigger, _ctx):
    if not trigger.add_permission:
        yield trigger.key("add_permission"), \
            "no Lambda permission is created: the function must already allow cognito-idp.amazonaws.com to invoke it"


@rule("IC0713", DEPLOY, "A CloudFormation dynamic reference ({{resolve:...}}) is well formed: ssm, ssm-secure or "
      "secretsmanager, then a name, in double braces (the CDK passes any string on).",
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html")
def dynamic_references(spec, _ctx):
    for path, value in spec.texts:
        if "{{resolve" in value or "resolve:" in value and "{{" in value:
            rest = _DYNAMIC_REFERENCE.sub("", value)
            if "{{" in rest or "resolve:" in rest:
                yield path, (f"{value!r:.80} holds a malformed dynamic reference; write "
                             "{{resolve:secretsmanager:<secret-id>:SecretString:<json-key>}} or {{resolve:ssm:<name>}}")


@rule("IC0819", ADVICE, "A custom domain accepts TLS 1.0 (security_policy TLS_V1, 'strongly discouraged').",
      "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CustomDomainConfigType.html",
      on=model.Domain)
def weak_tls(domain, _ctx):
    if domain.security_policy == "TLS_V1":
        yield domain.key("custom_domain", "security_policy"), (
            "TLS_V1 lets browsers fall back to TLS 1.0 and ciphers no longer safe; TLS_V1_2_2021 is the recommended "
            "least")
