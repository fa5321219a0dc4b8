"""Every plain property once, at any depth: a row per spec key that becomes one CloudFormation property as it is.

A row says which spec key (in the mapping of a pool or a client; dotted when nested) becomes which CloudFormation
property of that construct's resource (dotted when nested), how the value is converted each way, and what it
means. From the rows come the model's fields (``model.UserPool``, ``model.Client``), the resolve stage's values,
the builders' properties (merged deep: a row never removes what a builder wrote), ``import``'s reading of a
template back into spec keys, where the template checks report a property (``cloudformation/template_checks.py``),
and, generated (``commands/generate.py``), the JSON Schema's descriptions and defaults and ``docs/properties.md``.
Defaults stay in ``defaults.py`` beside the PDK's. Properties with logic of their own (sign-in aliases, the
schema's attributes, OAuth flows and scopes, token validities with their units) keep hand-written code in each
stage; the CDK oracle of the tests stays a second, independent reading of every row.

To add a property Cognito gains: README "Adding a property".
"""
from __future__ import annotations

from typing import Any, Callable, NamedTuple

from .durations import Duration
from .vocabulary import MFA


def _same(value: Any) -> Any:
    return value


def _minutes_text(minutes: int) -> str:
    return f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"


def _either(true: str, false: str) -> tuple[Callable[[bool], str], Callable[[str], bool]]:
    return (lambda value: true if value else false), (lambda value: value == true)


def _member(mapping: dict[str, str]) -> tuple[Callable[[str], str], Callable[[str], str]]:
    inverse = {v: k for k, v in mapping.items()}
    return mapping.__getitem__, (lambda value: inverse.get(value, value))


class Prop(NamedTuple):
    key: str  # the spec key in its construct's mapping; dotted when it is nested ("o_auth.logout_urls")
    cfn: str  # the CloudFormation property of the construct's resource; dotted when it is nested
    doc: str  # what it means: the JSON Schema's description
    resolve: Callable[[Any], Any] = _same  # spec value → the model's
    to_cfn: Callable[[Any], Any] = _same  # the model's value → the template's
    from_cfn: Callable[[Any], Any] = _same  # the template's value → the spec's (import)
    name: str | None = None  # the model's field when the key's last part says too little ("type")

    @property
    def field(self) -> str:
        """The model's field: ``name``, else the key's last part."""
        return self.name or self.key.rsplit(".", 1)[-1]

    @property
    def key_path(self) -> tuple[str, ...]:
        return tuple(self.key.split("."))

    @property
    def cfn_path(self) -> tuple[str, ...]:
        return tuple(self.cfn.split("."))


_DURATION = {"resolve": Duration.parse, "to_cfn": Duration.to_minutes, "from_cfn": _minutes_text}
_LIST = {"resolve": tuple, "to_cfn": list, "from_cfn": list}
_ACTIVE = dict(zip(("to_cfn", "from_cfn"), _either("ACTIVE", "INACTIVE")))
_ENABLED = dict(zip(("to_cfn", "from_cfn"), _either("ENABLED", "LEGACY")))
_MFA = dict(zip(("to_cfn", "from_cfn"), _member(MFA)))
_LOWER = {"to_cfn": str.lower, "from_cfn": str.upper}

# AWS::Cognito::UserPool (aws-cdk-lib's UserPoolProps; the newest as the L1 has them)
USER_POOL: tuple[Prop, ...] = (
    Prop("user_pool_name", "UserPoolName", "The pool's name."),
    Prop("mfa", "MfaConfiguration", "MFA (`Mfa`): REQUIRED, OPTIONAL or OFF. Write it as a string; `OFF` is never a "
         "boolean here.", **_MFA),
    Prop("mfa_message", "SmsAuthenticationMessage", "SMS text for MFA codes; must contain `{####}`, at most 140 "
         "characters."),
    Prop("email_authentication_message", "EmailAuthenticationMessage",
         "Email text for one-time codes (email MFA and email sign-in codes); must contain `{####}`, 6 to 20,000 "
         "characters. The CDK has no prop: a CDK user sets the L1's `emailAuthenticationMessage`."),
    Prop("email_authentication_subject", "EmailAuthenticationSubject",
         "Subject of the email with a one-time code, 1 to 140 characters. The CDK has no prop: a CDK user sets the "
         "L1's `emailAuthenticationSubject`."),
    Prop("sign_in_case_sensitive", "UsernameConfiguration.CaseSensitive", "Whether sign-in names are case sensitive."),
    Prop("deletion_protection", "DeletionProtection", "Deletion protection (`ACTIVE`/`INACTIVE`).", **_ACTIVE),
    Prop("passkey_relying_party_id", "WebAuthnRelyingPartyID",
         "Relying party id for passkeys (a domain), 1 to 63 characters as the CDK checks it."),
    Prop("passkey_user_verification", "WebAuthnUserVerification",
         "Whether passkeys require user verification (`PasskeyUserVerification`).", **_LOWER),
    Prop("web_authn_factor_configuration", "WebAuthnFactorConfiguration",
         "Whether a passkey signs a user in as one factor, or, with user verification (a biometric or PIN), as "
         "multi-factor authentication. Needs the ESSENTIALS or PLUS feature plan. The CDK has no prop: a CDK user sets "
         "the L1's `webAuthnFactorConfiguration`."),
    Prop("key_configuration.key_type", "KeyConfiguration.KeyType", "Which kind of key encrypts the user directory."),
    Prop("key_configuration.kms_key_arn", "KeyConfiguration.KmsKeyArn",
         "The customer managed key's ARN, `arn:<partition>:kms:<region>:<account>:key/<key id>` (a multi-Region key's "
         "id starts with `mrk-`); only with CUSTOMER_MANAGED_KEY."),
    Prop("issuer_configuration.type", "IssuerConfiguration.Type", "The issuer.", name="issuer_type"),
)

# AWS::Cognito::UserPoolClient (aws-cdk-lib's UserPoolClientOptions)
USER_POOL_CLIENT: tuple[Prop, ...] = (
    Prop("user_pool_client_name", "ClientName", "The client's name."),
    Prop("generate_secret", "GenerateSecret", "Generate a client secret (for server-side apps; never in a browser)."),
    Prop("o_auth.logout_urls", "LogoutURLs", "Sign-out URLs.", **_LIST),
    Prop("o_auth.default_redirect_uri", "DefaultRedirectURI", "The default redirect URI; one of `callback_urls`."),
    Prop("prevent_user_existence_errors", "PreventUserExistenceErrors",
         "Hide whether a user exists (ENABLED) or not (LEGACY).", **_ENABLED),
    Prop("enable_token_revocation", "EnableTokenRevocation", "Allow revoking refresh tokens."),
    Prop("enable_propagate_additional_user_context_data", "EnablePropagateAdditionalUserContextData",
         "Propagate user context data (needs `generate_secret`)."),
    Prop("auth_session_validity", "AuthSessionValidity", "Session token validity, 3 to 15 minutes.", **_DURATION),
)

RESOURCE_TYPES = {"AWS::Cognito::UserPool": USER_POOL, "AWS::Cognito::UserPoolClient": USER_POOL_CLIENT}
SCHEMA_DEFS = {"AWS::Cognito::UserPool": "PoolProps", "AWS::Cognito::UserPoolClient": "Client"}  # the rows' mapping
NULL_UNSETS = " `null` unsets the PDK default (as passing `undefined` does)."  # a row with a PDK default says so


class SchemaEntryMissing(KeyError):
    """A row whose key the JSON Schema has no entry for."""

    def __str__(self) -> str:
        return self.args[0]


def described(schema: dict) -> dict:
    """``schema`` with each row's description and PDK default written at the row's key, as the row gives them: the
    schema's types and limits are written by hand, its rows' words come from here (``commands/generate.py``)."""
    from .defaults import USER_POOL_DEFAULTS

    for resource, rows in RESOURCE_TYPES.items():
        for row in rows:
            node = schema["$defs"][SCHEMA_DEFS[resource]]
            for part in row.key_path:
                if part not in node.get("properties", {}):
                    raise SchemaEntryMissing(
                        f"schemas/identity-spec.schema.json has no entry for the row {row.key} "
                        f"(at $defs/{SCHEMA_DEFS[resource]}, {part}): write its type and limits there")
                node = node["properties"][part]
            pdk = USER_POOL_DEFAULTS.get(row.key, (None, None))[0] if resource == "AWS::Cognito::UserPool" else None
            node["description"] = row.doc + (NULL_UNSETS if pdk is not None else "")
            node.pop("default", None)
            if pdk is not None:
                node["default"] = pdk
    return schema


def fields(rows: tuple[Prop, ...]) -> tuple[str, ...]:
    """The model fields of a table (each None when the spec does not give its key)."""
    return tuple(row.field for row in rows)


def resolved(rows: tuple[Prop, ...], mapping: dict) -> dict[str, Any]:
    """The model's values of the keys a (schema-valid) mapping gives."""
    out = {}
    for row in rows:
        value = _get(mapping, row.key_path)
        if value is not None:
            out[row.field] = row.resolve(value)
    return out


def with_rows(properties: dict[str, Any], rows: tuple[Prop, ...], node: Any) -> dict[str, Any]:
    """The properties a builder wrote, with the table's fields that are set merged in, deep: a nested row
    (``AdminCreateUserConfig.UnusedAccountValidityDays``) goes into the mapping the builder wrote there, beside its
    other keys, and never replaces it."""
    out = dict(properties)
    for row in rows:
        value = getattr(node, row.field)
        if value is None:
            continue
        *outer, last = row.cfn_path
        target = out
        for part in outer:
            inner = target.get(part)
            target[part] = inner = dict(inner) if isinstance(inner, dict) else {}
            target = inner
        target[last] = row.to_cfn(value)
    return out


def spec_keys(rows: tuple[Prop, ...], properties: dict, explicit_none: frozenset = frozenset()) -> dict[str, Any]:
    """``import``: the spec keys (nested as mappings) of the template properties the rows read, taken out of
    ``properties``; a key in ``explicit_none`` is written ``null`` when its property is absent (it unsets a PDK
    default)."""
    out: dict[str, Any] = {}
    for row in rows:
        value = _take(properties, row.cfn_path)
        if value is None and row.key not in explicit_none:
            continue
        *outer, last = row.key_path
        target = out
        for part in outer:
            target = target.setdefault(part, {})
        target[last] = None if value is None else row.from_cfn(value)
    return out


def _get(mapping: dict, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(mapping, dict):
            return None
        mapping = mapping.get(part)
    return mapping


def _take(properties: dict, path: tuple[str, ...]) -> Any:
    """The value at ``path``, taken out of ``properties`` (a mapping left empty goes too); the nested mappings on
    the way are copied first, so the template read stays as it was."""
    *outer, last = path
    parents = [properties]
    for part in outer:
        child = parents[-1].get(part)
        if not isinstance(child, dict):
            return None
        parents[-1][part] = child = dict(child)
        parents.append(child)
    value = parents[-1].pop(last, None)
    for parent, part in zip(reversed(parents[:-1]), reversed(outer)):
        if not parent[part]:
            del parent[part]
    return value


def markdown() -> str:
    """``docs/properties.md``: every row, with its defaults from ``defaults.py``."""
    from .defaults import USER_POOL_DEFAULTS

    lines = ["# Properties", "",
             "The spec keys that become one CloudFormation property each, as `identity_compiler/spec/properties.py` "
             "describes them (generated by `python -m identity_compiler.commands.generate`; a test keeps it in step). "
             "Keys with logic of their own (sign-in aliases, attributes, OAuth flows and scopes, triggers, ...) "
             "are in the README.", ""]
    for resource, rows in RESOURCE_TYPES.items():
        lines += [f"## `{resource}`", "", "| spec key | CloudFormation | PDK default | CDK default | meaning |",
                  "|---|---|---|---|---|"]
        for row in rows:
            pdk, cdk = USER_POOL_DEFAULTS.get(row.key, (None, None)) if resource == "AWS::Cognito::UserPool" else \
                (None, None)
            cells = [f"`{row.key}`", f"`{row.cfn}`", "" if pdk is None else f"`{pdk}`",
                     "" if cdk is None else f"`{cdk}`", row.doc]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)
