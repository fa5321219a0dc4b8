"""Warnings for specs that weaken the secure defaults (Security Hub Cognito.*, cdk-nag AwsSolutions-COG*)."""

from __future__ import annotations

import re

from .. import defaults
from ..vocabulary import trigger_function
from .rules import ADVICE, CDK, DEPLOY, rule

# {{resolve:ssm:name[:version]}}, {{resolve:ssm-secure:name[:version]}},
# {{resolve:secretsmanager:secret-id[:SecretString[:json-key[:version-stage[:version-id]]]]}}
_DYNAMIC_REFERENCE = re.compile(r"\{\{resolve:(ssm|ssm-secure|secretsmanager):[^{}\s:][^{}\s]*\}\}")

_PDK_PASSWORD = defaults.PDK_USER_POOL_DEFAULTS["password_policy"]


@rule("IC0811", ADVICE, "password_policy given in part drops the PDK's other password defaults (shallow merge).",
      "https://docs.aws.amazon.com/securityhub/latest/userguide/cognito-controls.html#cognito-3")
def partial_password_policy(ctx):
    for pool in ctx.pools:
        given = pool.given.get("password_policy")
        if pool.kind != "UserPoolWithMfa" or not isinstance(given, dict):
            continue
        dropped = [k for k in _PDK_PASSWORD if k not in given and k != "min_length"]
        if dropped:
            yield pool.key("password_policy"), (
                "replaces the PDK's password policy as a whole, so " + ", ".join(dropped)
                + " fall back to Cognito's defaults; list them to keep them")
        weaker = [k for k in ("require_lowercase", "require_uppercase", "require_digits", "require_symbols")
                  if given.get(k) is False]
        if weaker or (given.get("min_length", 8) < 8):
            yield pool.key("password_policy"), "weaker than the PDK's password policy (AwsSolutions-COG1, Security Hub Cognito.3)"


@rule("IC0812", ADVICE, "MFA is not required.", "https://docs.aws.amazon.com/securityhub/latest/userguide/cognito-controls.html#cognito-5")
def mfa_not_required(ctx):
    for pool in ctx.pools:
        mfa = pool.props.get("mfa")
        if mfa != "REQUIRED":
            where = pool.key("mfa") if "mfa" in pool.given else pool.path
            yield where, f"MFA is {mfa or 'off'}; users can sign in with a password alone (AwsSolutions-COG2, Security Hub Cognito.5)"


@rule("IC0813", ADVICE, "Deletion protection is off.", "https://docs.aws.amazon.com/securityhub/latest/userguide/cognito-controls.html#cognito-6")
def deletion_protection(ctx):
    for pool in ctx.pools:
        if not pool.props.get("deletion_protection"):
            where = pool.key("deletion_protection") if "deletion_protection" in pool.given else pool.path
            yield where, "deletion protection is off: a stack deletion or replacement can delete every user (Security Hub Cognito.6)"


@rule("IC0814", ADVICE, "Threat protection is not enforced.", "https://docs.aws.amazon.com/securityhub/latest/userguide/cognito-controls.html#cognito-1")
def threat_protection(ctx):
    for pool in ctx.pools:
        mode = pool.props.get("advanced_security_mode")
        standard = pool.props.get("standard_threat_protection_mode")
        if mode != "ENFORCED" and standard != "FULL_FUNCTION":
            where = pool.key("advanced_security_mode") if "advanced_security_mode" in pool.given else pool.path
            yield where, "threat protection is not ENFORCED (AwsSolutions-COG3, Security Hub Cognito.1)"


@rule("IC0815", ADVICE, "A Lambda trigger without add_permission gets no AWS::Lambda::Permission.",
      CDK + "user-pool.ts#L1080-L1087")
def trigger_without_permission(ctx):
    for pool in ctx.pools:
        for op, value in (pool.props.get("lambda_triggers") or {}).items():
            if trigger_function(value).get("add_permission") is False:
                yield pool.key("lambda_triggers", op, "add_permission"), \
                    "no Lambda permission is created: the function must already allow cognito-idp.amazonaws.com to invoke it"


@rule("IC0713", DEPLOY, "A CloudFormation dynamic reference ({{resolve:...}}) is well formed: ssm, ssm-secure or "
      "secretsmanager, then a name, in double braces (the CDK passes any string on).",
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html")
def dynamic_references(ctx):
    stack = [((), ctx.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((path + (k,), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((path + (i,), v) for i, v in enumerate(value))
        elif isinstance(value, str) and ("{{resolve" in value or "resolve:" in value and "{{" in value):
            rest = _DYNAMIC_REFERENCE.sub("", value)
            if "{{" in rest or "resolve:" in rest:
                yield path, (f"{value!r:.80} holds a malformed dynamic reference; write "
                             "{{resolve:secretsmanager:<secret-id>:SecretString:<json-key>}} or {{resolve:ssm:<name>}}")
