"""The advice rules (IC08xx): warnings for specs that weaken the secure defaults (Security Hub Cognito.*, cdk-nag
AwsSolutions-COG*), on pools, clients, providers and identity pools alike."""

from __future__ import annotations

from ..spec import defaults
from ..spec import model
from .engine import check

_PDK_PASSWORD = defaults.PDK_USER_POOL_DEFAULTS["password_policy"]


@check("IC0811", on=model.UserPool)
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


@check("IC0812", on=model.UserPool)
def mfa_not_required(pool, _ctx):
    if pool.mfa != "REQUIRED":
        yield pool.at("mfa"), \
            f"MFA is {pool.mfa or 'off'}; users can sign in with a password alone (AwsSolutions-COG2, Security Hub Cognito.5)"


@check("IC0813", on=model.UserPool)
def deletion_protection(pool, _ctx):
    if not pool.deletion_protection:
        yield pool.at("deletion_protection"), \
            "deletion protection is off: a stack deletion or replacement can delete every user (Security Hub Cognito.6)"


@check("IC0814", on=model.UserPool)
def threat_protection(pool, _ctx):
    if pool.advanced_security_mode != "ENFORCED" and pool.standard_threat_protection_mode != "FULL_FUNCTION":
        yield pool.at("advanced_security_mode"), "threat protection is not ENFORCED (AwsSolutions-COG3, Security Hub Cognito.1)"


@check("IC0815", on=model.Trigger)
def trigger_without_permission(trigger, _ctx):
    if not trigger.add_permission:
        yield trigger.key("add_permission"), \
            "no Lambda permission is created: the function must already allow cognito-idp.amazonaws.com to invoke it"


@check("IC0819", on=model.Domain)
def weak_tls(domain, _ctx):
    if domain.security_policy == "TLS_V1":
        yield domain.key("custom_domain", "security_policy"), (
            "TLS_V1 lets browsers fall back to TLS 1.0 and ciphers no longer safe; TLS_V1_2_2021 is the recommended "
            "least")


@check("IC0801", on=model.Client)
def implicit_grant(client, ctx):
    if client.disable_o_auth or not client.flows.implicit_code_grant:
        return
    where = client.key("o_auth", "flows") if client.o_auth is not None else client.path
    yield where, "the implicit grant is enabled (the CDK default); set o_auth.flows to authorization_code_grant only"


@check("IC0802", on=model.IdentityProvider)
def plain_secrets(provider, _ctx):
    for key, value in provider.secrets:
        if isinstance(value, str) and not value.startswith("{{resolve:"):
            yield provider.key(key), (f"{key} is plain text and will be readable in the template; use a dynamic "
                                      "reference such as {{resolve:secretsmanager:my-secret:SecretString:key}}")


@check("IC0803", on=model.IdentityPool)
def guest_access(identity_pool, _ctx):
    if identity_pool.allow_unauthenticated_identities:
        yield identity_pool.key("allow_unauthenticated_identities"), \
            "guest access is on: anyone can get credentials for the unauthenticated role; keep that role's policies minimal (Security Hub Cognito.2)"


@check("IC0804", on=model.Client)
def plain_password_flows(client, _ctx):
    flows = client.auth_flows
    if flows is None:
        return
    for key, name in (("user_password", "ALLOW_USER_PASSWORD_AUTH"),
                      ("admin_user_password", "ALLOW_ADMIN_USER_PASSWORD_AUTH")):
        if getattr(flows, key):
            yield flows.key(key), f"{name} sends the password itself to Cognito; prefer user_srp"


@check("IC0805", on=model.Client)
def user_existence_errors(client, ctx):
    if client.prevent_user_existence_errors is False:
        yield client.key("prevent_user_existence_errors"), \
            "LEGACY error responses reveal whether a user exists; set prevent_user_existence_errors: true"
    elif client.prevent_user_existence_errors is None and not ctx.pdk_compat and client.path:
        yield client.path, ("prevent_user_existence_errors is unset, so Cognito's API answers LEGACY errors that reveal "
                            "whether a user exists; set prevent_user_existence_errors: true")


@check("IC0806", on=model.UserPool)
def passwordless_client(pool, _ctx):
    if pool.sign_in_policy is None or not pool.sign_in_policy.passwordless:
        return
    if not any(client.auth_flows is not None and client.auth_flows.user for client in pool.clients):
        yield pool.key("sign_in_policy"), \
            "no client sets auth_flows.user: true (ALLOW_USER_AUTH), so no app can use the passwordless factors"


@check("IC0816", on=model.UserPool)
def threat_protection_without_plan(pool, ctx):
    if not ctx.pdk_compat:
        return  # the default mode sets UserPoolTier: PLUS (README: deliberate differences)
    if pool.advanced_security_mode in ("AUDIT", "ENFORCED") and pool.feature_plan is None:
        yield (pool.key("advanced_security_mode"),
               "threat protection runs only on the PLUS feature plan; with --pdk-compat no UserPoolTier is set, "
               "so a new pool gets ESSENTIALS and threat protection does not run")


@check("IC0817", on=model.UserIdentity)
def added_web_client(identity, _ctx):
    if not identity.web_client_declared:
        yield identity.web_client.path, (
            "the WebClient that UserIdentity adds has the implicit grant and ALLOW_USER_PASSWORD_AUTH enabled "
            "(the PDK defaults); to choose its flows, declare a client with id WebClient in user_pool.clients")


@check("IC0818", on=model.Client)
def secret_output_is_readable(client, _ctx):
    if client.output_client_secret and client.generate_secret:
        yield client.key("output_client_secret"), (
            "the client secret becomes a stack output, which anyone allowed cloudformation:DescribeStacks on the stack "
            "can read; a server can read it with cognito-idp:DescribeUserPoolClient instead")


@check("IC0820", on=model.Client)
def token_revocation(client, _ctx):
    if client.enable_token_revocation is False:
        yield client.key("enable_token_revocation"), ("token revocation is off, so a leaked refresh token cannot be "
                                                      "revoked before it expires; leave enable_token_revocation out")


@check("IC0821", on=model.UserPool)
def key_type_and_key(pool, _ctx):
    if pool.key_type == "CUSTOMER_MANAGED_KEY" and pool.kms_key_arn is None:
        yield pool.key("key_configuration", "key_type"), ("a CUSTOMER_MANAGED_KEY without kms_key_arn: Cognito then "
                                                          "encrypts the directory with AWS managed keys, not yours")
    elif pool.key_type == "AWS_OWNED_KEY" and pool.kms_key_arn is not None:
        yield pool.key("key_configuration", "kms_key_arn"), ("an AWS_OWNED_KEY with kms_key_arn: the key named is "
                                                             "not the type's; give key_type CUSTOMER_MANAGED_KEY")
