"""Rules for the pool's domains, resource servers, identity providers and groups."""

from __future__ import annotations

from ..spec import model
from .engine import check

_RESERVED = ("aws", "amazon", "cognito")


def _oidc_name():
    """The CDK's ``/^[^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+$/u`` (Unicode categories: ``regex``)."""
    import regex

    return regex.compile(r"[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+\Z")


# Keys each provider type takes, besides id, type, scopes and attribute_mapping.
PROVIDER_KEYS = {
    "google": {"client_id", "client_secret", "client_secret_value"},
    "facebook": {"client_id", "client_secret", "api_version"},
    "amazon": {"client_id", "client_secret"},
    "apple": {"client_id", "team_id", "key_id", "private_key", "private_key_value"},
    "oidc": {"client_id", "client_secret", "issuer_url", "name", "attribute_request_method", "endpoints",
             "identifiers"},
    "saml": {"name", "metadata", "identifiers", "idp_signout", "encrypted_responses", "request_signing_algorithm",
             "idp_initiated"},
}
_COMMON = {"id", "type", "scopes", "attribute_mapping"}


@check("IC0401", on=model.Domain)
def one_domain_kind(domain, _ctx):
    if ("cognito_domain" in domain.given) == ("custom_domain" in domain.given):
        yield domain.path, "One of, and only one of, cognitoDomain or customDomain must be specified"


@check("IC0402", on=model.Domain)
def reserved_prefix(domain, _ctx):
    prefix = domain.domain_prefix or ""
    word = next((w for w in _RESERVED if w in prefix), None)
    if word is not None:
        yield domain.key("cognito_domain", "domain_prefix"), \
            f"domain prefix '{prefix}' contains the reserved word '{word}'; Cognito rejects it"


@check("IC0410", on=model.Domain)
def hyphen_prefix(domain, _ctx):
    prefix = domain.domain_prefix or ""
    if prefix.startswith("-") or prefix.endswith("-"):
        yield domain.key("cognito_domain", "domain_prefix"), f"domain prefix '{prefix}' may not start or end with a hyphen"


@check("IC0407", on=model.Domain)
def certificate_region(domain, _ctx):
    arn = domain.certificate_arn or ""
    parts = arn.split(":")
    if arn.startswith("arn:") and len(parts) > 3 and parts[3] != "us-east-1":
        yield domain.key("custom_domain", "certificate_arn"), \
            f"the certificate is in {parts[3]}; Cognito custom domains need an ACM certificate in us-east-1"


@check("IC0403", on=model.IdentityProvider)
def provider_keys(provider, _ctx):
    for key in sorted(provider.given - _COMMON - PROVIDER_KEYS[provider.type]):
        yield provider.key(key), f"'{key}' is not a property of a {provider.type} identity provider"
    if provider.type == "saml" and "scopes" in provider.given:
        yield provider.key("scopes"), "'scopes' is not a property of a saml identity provider"


@check("IC0408", on=model.IdentityProvider)
def one_secret(provider, _ctx):
    given = provider.given
    if provider.type == "google" and ("client_secret" in given) == ("client_secret_value" in given):
        yield provider.path, "Exactly one of clientSecret or clientSecretValue must be configured."
    if provider.type == "apple" and ("private_key" in given) == ("private_key_value" in given):
        yield provider.path, "Exactly one of privateKey or privateKeyValue must be configured."


@check("IC0409", on=model.IdentityProvider)
def required_secret(provider, _ctx):
    if provider.type in ("facebook", "amazon") and "client_secret" not in provider.given:
        yield provider.path, f"a {provider.type} identity provider needs client_secret"


@check("IC0404", on=model.IdentityProvider)
def provider_name(provider, _ctx):
    if provider.name_given and provider.type == "oidc" and not _oidc_name().match(provider.provider_name):
        yield provider.key("name"), ("Expected provider name must match [^_p{Z}][p{L}p{M}p{S}p{N}p{P}][^_p{Z}]+, "
                                     f"received {provider.provider_name!r}")


@check("IC0411", on=model.Group)
def group_name(group, _ctx):
    import regex  # the CDK's pattern uses Unicode categories (/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u)

    if group.group_name is not None and not regex.fullmatch(r"[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}", group.group_name):
        yield group.key("group_name"), ("`groupName` must be between 1 and 128 characters and can include letters, "
                                        "numbers, and symbols.")


@check("IC0406", on=model.ResourceServer)
def unique_identifiers(server, ctx):
    earlier = ctx.pool.resource_servers[:ctx.pool.resource_servers.index(server)]
    if any(other.identifier == server.identifier for other in earlier):
        yield server.key("identifier"), f"another resource server already has identifier '{server.identifier}'"


