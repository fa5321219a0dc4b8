"""Rules for the identity pool of a UserIdentity and the shape of the spec's ``user_pool``."""

from __future__ import annotations

from ..vocabulary import POOL_METHODS
from .rules import ADVICE, DEPLOY, SPEC, SYNTH, rule

# The identity-pool alpha at v2.164.0; sources add "<file>#L<line>".
ALPHA = ("https://github.com/aws/aws-cdk/blob/d7ad66d58e6a6bdc6a3a36dadc9db510c6cc56aa/packages/"
         "@aws-cdk/aws-cognito-identitypool-alpha/lib/")
_EXISTING = ("user_pool_id", "user_pool_arn")


def _options(ctx) -> dict:
    return ctx.data.get("identity_pool_options") or {} if ctx.data["kind"] == "UserIdentity" else {}


@rule("IC0501", SYNTH, "A role mapping for a user-pool client needs a mapping_key.",
      ALPHA + "identitypool-role-attachment.ts#L174-L182")
def mapping_key(ctx):
    for index, mapping in enumerate(_options(ctx).get("role_mappings") or []):
        provider = mapping["provider_url"]
        if isinstance(provider, dict) and "user_pool_client" in provider and not mapping.get("mapping_key"):
            yield ("identity_pool_options", "role_mappings", index, "provider_url"), \
                "mappingKey must be provided when providerUrl.value is a token"


@rule("IC0502", SYNTH, "A rules-based role mapping (use_token false) has rules.",
      ALPHA + "identitypool-role-attachment.ts#L189-L192")
def mapping_rules(ctx):
    for index, mapping in enumerate(_options(ctx).get("role_mappings") or []):
        path = ("identity_pool_options", "role_mappings", index)
        if not mapping.get("use_token") and not mapping.get("rules"):
            yield path, "IdentityPoolRoleMapping.rules is required when useToken is false"


@rule("IC0506", DEPLOY, "A token-based role mapping (use_token true) lists no rules: the CDK leaves them out.",
      ALPHA + "identitypool-role-attachment.ts#L184-L200")
def ignored_rules(ctx):
    for index, mapping in enumerate(_options(ctx).get("role_mappings") or []):
        if mapping.get("use_token") and mapping.get("rules"):
            yield (("identity_pool_options", "role_mappings", index, "rules"),
                   "rules are ignored when use_token is true; remove them or set use_token: false")


@rule("IC0503", SPEC, "A role mapping's user_pool_client is a client of this spec's pool.",
      "README: kind: UserIdentity (role mappings)")
def mapping_client(ctx):
    user_pool = ctx.data.get("user_pool") or {}
    clients = {c.get("id") for c in user_pool.get("clients") or []} | {"WebClient"}
    for index, mapping in enumerate(_options(ctx).get("role_mappings") or []):
        provider = mapping["provider_url"]
        if isinstance(provider, dict) and "user_pool_client" in provider and provider["user_pool_client"] not in clients:
            yield ("identity_pool_options", "role_mappings", index, "provider_url", "user_pool_client"), \
                f"no client with id '{provider['user_pool_client']}' on this spec's user pool"


@rule("IC0507", DEPLOY, "Role mapping keys are unique: the CDK keeps only the last mapping with a key.",
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
      "aws-resource-cognito-identitypoolroleattachment.html#cfn-cognito-identitypoolroleattachment-rolemappings")
def unique_mapping_keys(ctx):
    seen = set()
    for index, mapping in enumerate(_options(ctx).get("role_mappings") or []):
        provider = mapping["provider_url"]
        key = mapping.get("mapping_key") or (provider if isinstance(provider, str) else next(iter(provider.values())))
        if key in seen:
            yield ("identity_pool_options", "role_mappings", index, "mapping_key"), f"two role mappings have the key '{key}'"
        seen.add(key)


@rule("IC0504", SPEC, "role_policies is given once: at the top level or in identity_pool_options.", "README: kind: UserIdentity (user_pool forms, role_policies)")
def role_policies_once(ctx):
    if ctx.data["kind"] == "UserIdentity" and "role_policies" in ctx.data and "role_policies" in _options(ctx):
        yield ("identity_pool_options", "role_policies"), "role_policies is already given at the top level"


@rule("IC0601", SPEC, "user_pool is one form: props, a pool with kind, or an existing pool by id or ARN.", "README: kind: UserIdentity (user_pool forms, role_policies)")
def user_pool_form(ctx):
    if ctx.data["kind"] != "UserIdentity":
        return
    user_pool = ctx.data.get("user_pool") or {}
    existing = [k for k in _EXISTING if k in user_pool]
    if len(existing) == 2:
        yield ("user_pool", "user_pool_arn"), "give user_pool_id or user_pool_arn, not both"
    if existing:  # its methods (clients, domains, ...) apply as on UserPool.fromUserPoolId; its props cannot
        for key in sorted(set(user_pool) - {"id", "grants", *POOL_METHODS, *_EXISTING}):
            yield ("user_pool", key), f"'{key}' cannot be set on an existing pool ({existing[0]})"
    elif "id" in user_pool and "kind" not in user_pool:
        yield ("user_pool", "id"), ("the default pool's id is always UserPool; 'id' applies to a pool with 'kind' "
                                    "or an existing pool")


@rule("IC0602", SPEC, "allow_signup does not contradict user_pool.self_sign_up_enabled.", "README: kind: UserIdentity (user_pool forms, role_policies)")
def signup_conflict(ctx):
    if ctx.data["kind"] != "UserIdentity":
        return
    user_pool = ctx.data.get("user_pool") or {}
    if "kind" in user_pool or any(k in user_pool for k in _EXISTING):
        return
    if "allow_signup" in ctx.data and "self_sign_up_enabled" in user_pool and \
            bool(ctx.data["allow_signup"]) != bool(user_pool["self_sign_up_enabled"]):
        yield ("user_pool", "self_sign_up_enabled"), \
            f"contradicts allow_signup: {str(ctx.data['allow_signup']).lower()}; give one of them"


@rule("IC0603", ADVICE, "allow_signup is ignored when user_pool is a pool of its own or an existing pool.",
      "https://github.com/aws/aws-pdk/blob/v0.26.15/packages/identity/src/user-identity.ts")
def signup_ignored(ctx):
    if ctx.data["kind"] != "UserIdentity" or "allow_signup" not in ctx.data:
        return
    user_pool = ctx.data.get("user_pool") or {}
    if "kind" in user_pool or any(k in user_pool for k in _EXISTING):
        yield ("allow_signup",), "allow_signup is ignored for this user_pool; set self_sign_up_enabled on the pool"


@rule("IC0803", ADVICE, "Guest (unauthenticated) identities get AWS credentials.", "https://docs.aws.amazon.com/securityhub/latest/userguide/cognito-controls.html#cognito-2")
def guest_access(ctx):
    if _options(ctx).get("allow_unauthenticated_identities"):
        yield ("identity_pool_options", "allow_unauthenticated_identities"), \
            "guest access is on: anyone can get credentials for the unauthenticated role; keep that role's policies minimal (Security Hub Cognito.2)"
