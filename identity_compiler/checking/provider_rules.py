"""Rules for the pool's domains, resource servers, identity providers and groups."""

from __future__ import annotations

from .rules import ADVICE, CDK, DEPLOY, SPEC, SYNTH, rule

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
_SECRETS = ("client_secret", "client_secret_value", "private_key", "private_key_value")


@rule("IC0401", SYNTH, "A domain is either a cognito_domain or a custom_domain.", CDK + "user-pool-domain.ts#L103-L104")
def one_domain_kind(ctx):
    for pool in ctx.method_owners:
        for path, domain in pool.items("domains"):
            if ("cognito_domain" in domain) == ("custom_domain" in domain):
                yield path, "One of, and only one of, cognitoDomain or customDomain must be specified"


@rule("IC0402", DEPLOY, "A Cognito domain prefix does not contain the reserved words aws, amazon or cognito.",
      _DOMAIN_DOCS)
def reserved_prefix(ctx):
    for pool in ctx.method_owners:
        for path, domain in pool.items("domains"):
            prefix = (domain.get("cognito_domain") or {}).get("domain_prefix", "")
            for word in _RESERVED:
                if word in prefix:
                    yield path + ("cognito_domain", "domain_prefix"), \
                        f"domain prefix '{prefix}' contains the reserved word '{word}'; Cognito rejects it"
                    break


@rule("IC0410", DEPLOY, "A Cognito domain prefix does not start or end with a hyphen.", _DOMAIN_DOCS)
def hyphen_prefix(ctx):
    for pool in ctx.method_owners:
        for path, domain in pool.items("domains"):
            prefix = (domain.get("cognito_domain") or {}).get("domain_prefix", "")
            if prefix.startswith("-") or prefix.endswith("-"):
                yield path + ("cognito_domain", "domain_prefix"), \
                    f"domain prefix '{prefix}' may not start or end with a hyphen"


@rule("IC0407", DEPLOY, "A custom domain's certificate is in us-east-1.",
      "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-add-custom-domain.html")
def certificate_region(ctx):
    for pool in ctx.method_owners:
        for path, domain in pool.items("domains"):
            arn = (domain.get("custom_domain") or {}).get("certificate_arn", "")
            parts = arn.split(":")
            if arn.startswith("arn:") and len(parts) > 3 and parts[3] != "us-east-1":
                yield path + ("custom_domain", "certificate_arn"), \
                    f"the certificate is in {parts[3]}; Cognito custom domains need an ACM certificate in us-east-1"


@rule("IC0403", SPEC, "An identity provider takes only the keys of its type.",
      CDK + "user-pool-idps/")
def provider_keys(ctx):
    for pool in ctx.method_owners:
        for path, provider in pool.items("identity_providers"):
            kind = provider["type"]
            for key in sorted(set(provider) - _COMMON - PROVIDER_KEYS[kind]):
                yield path + (key,), f"'{key}' is not a property of a {kind} identity provider"
            if kind == "saml" and "scopes" in provider:
                yield path + ("scopes",), "'scopes' is not a property of a saml identity provider"


@rule("IC0408", SYNTH, "A Google provider has exactly one of client_secret, client_secret_value; an Apple provider "
      "exactly one of private_key, private_key_value.", CDK + "user-pool-idps/google.ts#L50-L52")
def one_secret(ctx):
    for pool in ctx.method_owners:
        for path, provider in pool.items("identity_providers"):
            kind = provider["type"]
            if kind == "google" and ("client_secret" in provider) == ("client_secret_value" in provider):
                yield path, "Exactly one of clientSecret or clientSecretValue must be configured."
            if kind == "apple" and ("private_key" in provider) == ("private_key_value" in provider):
                yield path, "Exactly one of privateKey or privateKeyValue must be configured."


@rule("IC0409", SPEC, "A Facebook or Amazon provider has a client_secret (a required prop).",
      CDK + "user-pool-idps/facebook.ts")
def required_secret(ctx):
    for pool in ctx.method_owners:
        for path, provider in pool.items("identity_providers"):
            if provider["type"] in ("facebook", "amazon") and "client_secret" not in provider:
                yield path, f"a {provider['type']} identity provider needs client_secret"


@rule("IC0404", SYNTH, "An OIDC or SAML provider name has no leading/trailing underscore or space.",
      CDK + "user-pool-idps/oidc.ts#L134-L143")
def provider_name(ctx):
    for pool in ctx.method_owners:
        for path, provider in pool.items("identity_providers"):
            name = provider.get("name")
            if name is not None and provider["type"] == "oidc" and not _oidc_name().match(name):
                yield path + ("name",), ("Expected provider name must match [^_p{Z}][p{L}p{M}p{S}p{N}p{P}][^_p{Z}]+, "
                                         f"received {name!r}")


@rule("IC0405", SYNTH, "Construct ids are unique among the pool's clients, domains, resource servers, providers and groups.",
      "https://github.com/aws/constructs/blob/10.x/src/construct.ts")
def unique_ids(ctx):
    for pool in ctx.method_owners:
        seen: dict[str, tuple] = {}
        for method in ("identity_providers", "resource_servers", "clients", "domains", "groups"):
            for path, item in pool.items(method):
                node_id = item.get("id")
                if node_id in ("Resource", "smsRole"):
                    yield path + ("id",), f"the id '{node_id}' is taken by the pool itself"
                elif node_id in seen:
                    yield path + ("id",), f"There is already a Construct with name '{node_id}' in this pool"
                else:
                    seen[node_id] = path


@rule("IC0406", DEPLOY, "Resource server identifiers are unique on a pool.",
      "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateResourceServer.html")
def unique_identifiers(ctx):
    for pool in ctx.method_owners:
        seen = set()
        for path, server in pool.items("resource_servers"):
            if server["identifier"] in seen:
                yield path + ("identifier",), f"another resource server already has identifier '{server['identifier']}'"
            seen.add(server["identifier"])


@rule("IC0802", ADVICE, "An identity provider's secret is written in plain text; use a {{resolve:secretsmanager:...}} reference.",
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html")
def plain_secrets(ctx):
    for pool in ctx.method_owners:
        for path, provider in pool.items("identity_providers"):
            for key in _SECRETS:
                value = provider.get(key)
                if isinstance(value, str) and not value.startswith("{{resolve:"):
                    yield path + (key,), (f"{key} is plain text and will be readable in the template; use a dynamic "
                                          "reference such as {{resolve:secretsmanager:my-secret:SecretString:key}}")
