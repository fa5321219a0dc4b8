"""Rules for the pool's domains, resource servers, identity providers and groups."""

from __future__ import annotations

from ..spec import model
from .engine import ADVICE, CDK, CDK_CURRENT, DEPLOY, SPEC, SYNTH, rule

_RESERVED = ("aws", "amazon", "cognito")
_DOMAIN_DOCS = "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-assign-domain-prefix.html"


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


@rule("IC0401", SYNTH, "A domain is either a cognito_domain or a custom_domain.", CDK + "user-pool-domain.ts#L103-L104",
      on=model.Domain)
def one_domain_kind(domain, _ctx):
    if ("cognito_domain" in domain.given) == ("custom_domain" in domain.given):
        yield domain.path, "One of, and only one of, cognitoDomain or customDomain must be specified"


@rule("IC0402", DEPLOY, "A Cognito domain prefix does not contain the reserved words aws, amazon or cognito.",
      _DOMAIN_DOCS, on=model.Domain)
def reserved_prefix(domain, _ctx):
    prefix = domain.domain_prefix or ""
    word = next((w for w in _RESERVED if w in prefix), None)
    if word is not None:
        yield domain.key("cognito_domain", "domain_prefix"), \
            f"domain prefix '{prefix}' contains the reserved word '{word}'; Cognito rejects it"


@rule("IC0410", DEPLOY, "A Cognito domain prefix does not start or end with a hyphen.", _DOMAIN_DOCS, on=model.Domain)
def hyphen_prefix(domain, _ctx):
    prefix = domain.domain_prefix or ""
    if prefix.startswith("-") or prefix.endswith("-"):
        yield domain.key("cognito_domain", "domain_prefix"), f"domain prefix '{prefix}' may not start or end with a hyphen"


@rule("IC0407", DEPLOY, "A custom domain's certificate is in us-east-1.",
      "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-add-custom-domain.html",
      on=model.Domain)
def certificate_region(domain, _ctx):
    arn = domain.certificate_arn or ""
    parts = arn.split(":")
    if arn.startswith("arn:") and len(parts) > 3 and parts[3] != "us-east-1":
        yield domain.key("custom_domain", "certificate_arn"), \
            f"the certificate is in {parts[3]}; Cognito custom domains need an ACM certificate in us-east-1"


@rule("IC0403", SPEC, "An identity provider takes only the keys of its type.", CDK + "user-pool-idps/",
      on=model.IdentityProvider)
def provider_keys(provider, _ctx):
    for key in sorted(provider.given - _COMMON - PROVIDER_KEYS[provider.type]):
        yield provider.key(key), f"'{key}' is not a property of a {provider.type} identity provider"
    if provider.type == "saml" and "scopes" in provider.given:
        yield provider.key("scopes"), "'scopes' is not a property of a saml identity provider"


@rule("IC0408", SYNTH, "A Google provider has exactly one of client_secret, client_secret_value; an Apple provider "
      "exactly one of private_key, private_key_value.", CDK + "user-pool-idps/google.ts#L50-L52", on=model.IdentityProvider)
def one_secret(provider, _ctx):
    given = provider.given
    if provider.type == "google" and ("client_secret" in given) == ("client_secret_value" in given):
        yield provider.path, "Exactly one of clientSecret or clientSecretValue must be configured."
    if provider.type == "apple" and ("private_key" in given) == ("private_key_value" in given):
        yield provider.path, "Exactly one of privateKey or privateKeyValue must be configured."


@rule("IC0409", SPEC, "A Facebook or Amazon provider has a client_secret (a required prop).",
      CDK + "user-pool-idps/facebook.ts", on=model.IdentityProvider)
def required_secret(provider, _ctx):
    if provider.type in ("facebook", "amazon") and "client_secret" not in provider.given:
        yield provider.path, f"a {provider.type} identity provider needs client_secret"


@rule("IC0404", SYNTH, "An OIDC or SAML provider name has no leading/trailing underscore or space.",
      CDK + "user-pool-idps/oidc.ts#L134-L143", on=model.IdentityProvider)
def provider_name(provider, _ctx):
    if provider.name_given and provider.type == "oidc" and not _oidc_name().match(provider.provider_name):
        yield provider.key("name"), ("Expected provider name must match [^_p{Z}][p{L}p{M}p{S}p{N}p{P}][^_p{Z}]+, "
                                     f"received {provider.provider_name!r}")


@rule("IC0411", SYNTH, "A group's name is 1 to 128 letters, marks, symbols, numbers and punctuation (the current "
      "CDK: '`groupName` must be between 1 and 128 characters and can include letters, numbers, and symbols.').",
      CDK_CURRENT + "user-pool-group.ts", on=model.Group)
def group_name(group, _ctx):
    import regex  # the CDK's pattern uses Unicode categories (/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u)

    if group.group_name is not None and not regex.fullmatch(r"[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}", group.group_name):
        yield group.key("group_name"), ("`groupName` must be between 1 and 128 characters and can include letters, "
                                        "numbers, and symbols.")


@rule("IC0406", DEPLOY, "Resource server identifiers are unique on a pool.",
      "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateResourceServer.html",
      on=model.ResourceServer)
def unique_identifiers(server, ctx):
    earlier = ctx.pool.resource_servers[:ctx.pool.resource_servers.index(server)]
    if any(other.identifier == server.identifier for other in earlier):
        yield server.key("identifier"), f"another resource server already has identifier '{server.identifier}'"


@rule("IC0802", ADVICE, "An identity provider's secret is written in plain text; use a {{resolve:secretsmanager:...}} reference.",
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html", on=model.IdentityProvider)
def plain_secrets(provider, _ctx):
    for key, value in provider.secrets:
        if isinstance(value, str) and not value.startswith("{{resolve:"):
            yield provider.key(key), (f"{key} is plain text and will be readable in the template; use a dynamic "
                                      "reference such as {{resolve:secretsmanager:my-secret:SecretString:key}}")
