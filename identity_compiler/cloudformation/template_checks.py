"""Checks of the built template, reported at the place in the spec that produced the value.

IC0712: every literal value against the constraints the Cognito, IAM and Lambda APIs publish
(``api_constraints``), and the values Cognito keeps unique. An error in default mode; with
``--pdk-compat`` a warning, as the CDK synthesizes such a template (Cognito refuses it at deploy).
"""

from __future__ import annotations

from .api_limits import Problem, check_template
from ..diagnostics import Diagnostic
from ..source.loading import Document
from ..spec.properties import RESOURCE_TYPES
from ..codes import API_LIMIT, RULES

# CloudFormation property → the spec keys (relative to the construct's own mapping) that set it,
# most specific first; the first one the spec gives is where a problem is reported. The plain properties'
# come from their rows (properties.py).
SPEC_KEYS: dict[tuple[str, str], tuple[tuple, ...]] = {
    **{(resource, row.cfn_path[0]): (row.key_path,) for resource, rows in RESOURCE_TYPES.items() for row in rows
       if len(row.cfn_path) == 1},
    ("AWS::Cognito::UserPool", "Schema"): (("custom_attributes",), ("standard_attributes",)),
    ("AWS::Cognito::UserPool", "EmailVerificationSubject"): (("user_verification", "email_subject"),),
    ("AWS::Cognito::UserPool", "EmailVerificationMessage"): (("user_verification", "email_body"),),
    ("AWS::Cognito::UserPool", "SmsVerificationMessage"): (("user_verification", "sms_message"),),
    ("AWS::Cognito::UserPool", "VerificationMessageTemplate"): (("user_verification",),),
    ("AWS::Cognito::UserPool", "AdminCreateUserConfig"): (("user_invitation",),),
    ("AWS::Cognito::UserPool", "LambdaConfig"): (("lambda_triggers",),),
    ("AWS::Cognito::UserPool", "EmailConfiguration"): (("email",),),
    ("AWS::Cognito::UserPool", "SmsConfiguration"): (("sms_role_external_id",), ("sms_role",), ("sns_region",)),
    ("AWS::Cognito::UserPool", "Policies"): (("password_policy",), ("sign_in_policy",)),
    ("AWS::Cognito::UserPool", "AliasAttributes"): (("sign_in_aliases",),),
    ("AWS::Cognito::UserPool", "UsernameAttributes"): (("sign_in_aliases",),),
    ("AWS::Cognito::UserPool", "AutoVerifiedAttributes"): (("auto_verify",),),
    ("AWS::Cognito::UserPool", "DeviceConfiguration"): (("device_tracking",),),
    ("AWS::Cognito::UserPoolClient", "CallbackURLs"): (("o_auth", "callback_urls"),),
    ("AWS::Cognito::UserPoolClient", "AllowedOAuthScopes"): (("o_auth", "scopes"),),
    ("AWS::Cognito::UserPoolClient", "AllowedOAuthFlows"): (("o_auth", "flows"),),
    ("AWS::Cognito::UserPoolClient", "SupportedIdentityProviders"): (("supported_identity_providers",),),
    ("AWS::Cognito::UserPoolClient", "ReadAttributes"): (("read_attributes",),),
    ("AWS::Cognito::UserPoolClient", "WriteAttributes"): (("write_attributes",),),
    ("AWS::Cognito::UserPoolClient", "IdTokenValidity"): (("id_token_validity",),),
    ("AWS::Cognito::UserPoolClient", "AccessTokenValidity"): (("access_token_validity",),),
    ("AWS::Cognito::UserPoolClient", "RefreshTokenValidity"): (("refresh_token_validity",),),
    ("AWS::Cognito::UserPoolClient", "RefreshTokenRotation"): (("refresh_token_rotation_grace_period",),),
    ("AWS::Cognito::UserPoolClient", "AnalyticsConfiguration"): (("analytics",),),
    ("AWS::Cognito::UserPoolDomain", "Domain"): (("cognito_domain", "domain_prefix"), ("custom_domain", "domain_name")),
    ("AWS::Cognito::UserPoolDomain", "CustomDomainConfig"): (("custom_domain", "certificate_arn"),),
    ("AWS::Cognito::UserPoolResourceServer", "Name"): (("user_pool_resource_server_name",), ("identifier",)),
    ("AWS::Cognito::UserPoolResourceServer", "Identifier"): (("identifier",),),
    ("AWS::Cognito::UserPoolResourceServer", "Scopes"): (("scopes",),),
    ("AWS::Cognito::UserPoolIdentityProvider", "ProviderName"): (("name",),),
    ("AWS::Cognito::UserPoolIdentityProvider", "IdpIdentifiers"): (("identifiers",),),
    ("AWS::Cognito::UserPoolIdentityProvider", "AttributeMapping"): (("attribute_mapping",),),
    ("AWS::Cognito::UserPoolGroup", "GroupName"): (("group_name",),),
    ("AWS::Cognito::UserPoolGroup", "Description"): (("description",),),
    ("AWS::Cognito::UserPoolGroup", "Precedence"): (("precedence",),),
    ("AWS::Cognito::UserPoolGroup", "RoleArn"): (("role_arn",),),
    ("AWS::Cognito::IdentityPool", "IdentityPoolName"): (("identity_pool_name",),),
    ("AWS::Cognito::IdentityPool", "SupportedLoginProviders"): (("authentication_providers",),),
    ("AWS::Cognito::IdentityPool", "OpenIdConnectProviderARNs"): (
        ("authentication_providers", "open_id_connect_providers"),),
    ("AWS::Cognito::IdentityPool", "SamlProviderARNs"): (("authentication_providers", "saml_providers"),),
    ("AWS::Cognito::IdentityPool", "DeveloperProviderName"): (("authentication_providers", "custom_provider"),),
    ("AWS::Cognito::IdentityPoolRoleAttachment", "RoleMappings"): (("role_mappings",),),
}
# A row's whole CloudFormation path → its spec key: a problem at or below a nested row's property is reported at
# the row's own key, once (not at the key that builds the mapping around it).
ROW_KEYS: dict[tuple[str, tuple], tuple] = {(resource, row.cfn_path): row.key_path
                                            for resource, rows in RESOURCE_TYPES.items() for row in rows}
# What to do about a value the spec did not write (a default the CDK derives from another key).
HINTS = {
    ("AWS::Cognito::UserPoolResourceServer", "Name"): "the CDK names a resource server after its identifier by "
                                                       "default: give user_pool_resource_server_name",
    ("AWS::Cognito::UserPoolIdentityProvider", "ProviderName"): "give the provider a 'name'",
}


def template_diagnostics(spec: Document, template: dict, sources: dict[str, tuple], *, pdk_compat: bool) -> list[Diagnostic]:
    """IC0712 for a built template; ``sources`` maps each logical id to its construct's spec key path."""
    severity = RULES[API_LIMIT].severity_in(pdk_compat)
    found = [_diagnostic(spec, problem, sources.get(problem.logical_id, ()), severity, template)
             for problem in check_template(template)]
    once: dict = {}
    for diagnostic in found:  # a tag is on several resources, and checked by IAM's and Cognito's rules: said once
        once.setdefault((diagnostic.rule, diagnostic.path), diagnostic)
    return list(once.values())


_TAGS = ("Tags", "IdentityPoolTags", "UserPoolTags", "UserPoolTagsAtCreate")


def _tag_key(problem: Problem, template: dict) -> str | None:
    """The tag a problem in a resource's tags is about (a list entry's Key, or the map's key)."""
    if problem.path[0] not in _TAGS or len(problem.path) < 2:
        return None
    if problem.path[0] in ("UserPoolTags", "UserPoolTagsAtCreate"):
        return str(problem.path[1])
    try:
        return template["Resources"][problem.logical_id]["Properties"][problem.path[0]][problem.path[1]]["Key"]
    except (KeyError, IndexError, TypeError):
        return None


def _diagnostic(spec: Document, problem: Problem, source: tuple, severity: str, template: dict) -> Diagnostic:
    key = (problem.resource_type, problem.path[0])
    row = next((ROW_KEYS[problem.resource_type, tuple(problem.path[:n])] for n in range(len(problem.path), 0, -1)
                if (problem.resource_type, tuple(problem.path[:n])) in ROW_KEYS), None)
    candidates = [source + row] if row is not None else [source + keys for keys in SPEC_KEYS.get(key, ())]
    tag = _tag_key(problem, template)
    if tag is not None:  # the construct's own tags, else the stack's
        candidates = [source + ("tags", tag), ("tags", tag)]
    given = next((path for path in candidates if path in spec.positions), None)
    where = ".".join(str(p) for p in problem.path) if tag is None else f"tag {problem.path[-1]}"
    message = f"{problem.resource_type.split('::')[-1]} {where}: {problem.message}"
    if key in HINTS and (given is None or given[-1] != SPEC_KEYS[key][0][-1]):
        message += f"; {HINTS[key]}"
    return spec.diagnostic(given or source, message, API_LIMIT, severity)
