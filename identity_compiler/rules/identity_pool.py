"""Rules for the identity pool of a UserIdentity and the shape of the spec's ``user_pool``."""

from __future__ import annotations

from ..spec import model
from ..spec.vocabulary import POOL_ATTACHMENTS, POOL_METHODS
from .engine import check, repeated

# The identity-pool alpha at v2.164.0; sources add "<file>#L<line>".
_EXISTING = ("user_pool_id", "user_pool_arn")


@check("IC0501", on=model.RoleMapping)
def mapping_key(mapping, _ctx):
    if isinstance(mapping.provider_url, model.ClientProviderUrl) and not mapping.mapping_key:
        yield mapping.key("provider_url"), "mappingKey must be provided when providerUrl.value is a token"


@check("IC0502", on=model.RoleMapping)
def mapping_rules(mapping, _ctx):
    if not mapping.use_token and "rules" not in mapping.given:  # the alpha checks `!rules`: [] passes (API: IC0712)
        yield mapping.path, "IdentityPoolRoleMapping.rules is required when useToken is false"


@check("IC0506", on=model.RoleMapping)
def ignored_rules(mapping, _ctx):
    if mapping.use_token and mapping.rules:
        yield mapping.key("rules"), "rules are ignored when use_token is true; remove them or set use_token: false"


@check("IC0503", on=model.RoleMapping)
def mapping_client(mapping, ctx):
    provider = mapping.provider_url
    clients = {c.id for c in ctx.spec.pool.clients} | {ctx.spec.identity.web_client.id}
    if isinstance(provider, model.ClientProviderUrl) and provider.client not in clients:
        yield provider.key("user_pool_client"), f"no client with id '{provider.client}' on this spec's user pool"


@check("IC0507", on=model.IdentityPool)
def unique_mapping_keys(identity_pool, _ctx):
    for mapping in repeated(identity_pool.role_mappings, lambda m: m.template_key):
        yield mapping.key("mapping_key"), f"two role mappings have the key '{mapping.template_key}'"



@check("IC0508", on=model.IdentityPool)
def principal_tags_once(identity_pool, _ctx):
    for tags in repeated(identity_pool.principal_tags, lambda t: t.provider_name or ""):
        yield tags.key("identity_provider_name") if tags.provider_name is not None else tags.path, \
            f"principal tags for {tags.provider_name or 'the user pool of this spec'} are already given"


@check("IC0509", on=model.IdentityPool)
def user_pool_providers_once(identity_pool, _ctx):
    # a provider without a client gets one of its own (the CDK adds it): its id's collisions are IC0005's
    for provider in repeated(identity_pool.user_pool_providers,
                             lambda p: None if p.client_id is None else (p.user_pool_id, p.client_id)):
        yield provider.key("user_pool_client_id"), \
            f"client {provider.client_id} of {provider.user_pool_id} is already an identity provider here"


@check("IC0510", on=model.UserPoolProvider)
def provider_id_without_client(provider, _ctx):
    if provider.client_id is not None and "id" in provider.given:
        yield provider.key("id"), ("'id' names the pool to which the CDK adds a client; with user_pool_client_id "
                                   "nothing is added: leave one of them out")


@check("IC0504", on=model.IdentityPool)
def role_policies_once(identity_pool, _ctx):
    if len(identity_pool.role_policies_at) > 1:
        yield identity_pool.role_policies_at[1], "role_policies is already given at the top level"


@check("IC0601", on=model.UserIdentity)
def user_pool_form(identity, _ctx):
    given = identity.pool.given
    existing = [k for k in _EXISTING if k in given]
    if len(existing) == 2:
        yield ("user_pool", "user_pool_arn"), "give user_pool_id or user_pool_arn, not both"
    if existing:  # its methods and attachments apply as on UserPool.fromUserPoolId; its props cannot
        for key in sorted(given - {"id", "grants", *POOL_METHODS, *POOL_ATTACHMENTS, *_EXISTING}):
            yield ("user_pool", key), f"'{key}' cannot be set on an existing pool ({existing[0]})"
    elif identity.form == "props" and "id" in given:
        yield ("user_pool", "id"), ("the default pool's id is always UserPool; 'id' applies to a pool with 'kind' "
                                    "or an existing pool")


@check("IC0602", on=model.UserIdentity)
def signup_conflict(identity, _ctx):
    pool = identity.pool
    if identity.form == "props" and identity.allow_signup is not None and "self_sign_up_enabled" in pool.props_given \
            and bool(identity.allow_signup) != pool.self_sign_up_enabled:
        yield ("user_pool", "self_sign_up_enabled"), \
            f"contradicts allow_signup: {str(identity.allow_signup).lower()}; give one of them"


@check("IC0603", on=model.UserIdentity)
def signup_ignored(identity, _ctx):
    if identity.form != "props" and "allow_signup" in identity.given:
        yield ("allow_signup",), "allow_signup is ignored for this user_pool; set self_sign_up_enabled on the pool"
