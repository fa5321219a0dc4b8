"""The construct ids the PDK and the CDK give the constructs they create themselves, written once.

Resolve reads them to place every construct and to catch a spec's id that takes one (IC0005), build to place
the resources, ``import`` to read logical ids back. The logical ids follow from them (``naming.py``), so a
typo here is a replaced resource: the parity and differential tests hold each to the real CDK.
"""

from __future__ import annotations

RESOURCE = "Resource"  # an L2's own CloudFormation resource (kept in the hash, dropped from the readable part)

# the PDK's constructs (UserIdentity, UserPoolWithMfa)
IDENTITY = "Identity"  # a UserIdentity, when the spec gives no id
USER_POOL = "UserPool"  # its pool, and a UserPoolWithMfa's, when the spec gives no id
# the client UserPoolAuthenticationProvider adds to a pool given without one (``userPool.addClient(...)``)
PROVIDER_CLIENT = "UserPoolAuthenticationProviderClient"
WEB_CLIENT = "WebClient"  # the client UserIdentity adds (or takes, when the pool has one of that id)
IDENTITY_POOL = "IdentityPool"

# a user pool's own children
SMS_ROLE = "smsRole"
WEB_ACL_ASSOCIATION = "WebAclAssociation"
LOG_DELIVERY = "LogDeliveryConfiguration"
UI_CUSTOMIZATION = "UICustomizationAttachment"  # a pool's (ClientId ALL) or a client's
SESSION_CONFIGURATION = "SessionConfiguration"  # a pool's or a client's session configuration attachment (SPEC 13)
RISK_CONFIGURATION = "RiskConfigurationAttachment"  # a pool's (ClientId ALL) or a client's
PERMISSION_SUFFIX = "Cognito"  # a trigger's Lambda permission: <Operation>Cognito (PreSignUpCognito)

# a client's children
MANAGED_LOGIN_BRANDING = "ManagedLoginBranding"
CLIENT_ID_OUTPUT = "ClientId"  # its id as a stack output (default mode; the WebClient's is the UserIdentity's)

# the identity pool's children (the alpha's IdentityPool)
DEFAULT_ROLE_ATTACHMENT = "DefaultRoleAttachment"
DEFAULT_POLICY = "DefaultPolicy"  # a default role's policy
PRINCIPAL_TAGS = "PrincipalTags"  # then PrincipalTags2, PrincipalTags3, ...

# an imported role's (Role.fromRoleArn) policy
POLICY = "Policy"
# Who a pool's grant can name (``pool.grant(grantee, ...)``): kind → the policy construct the CDK gives the imported
# principal (``addToPrincipalPolicy``), and the AWS::IAM::Policy property that attaches it
GRANTEES = {"role": (POLICY, "Roles"), "user": (POLICY, "Users"), "group": (DEFAULT_POLICY, "Groups")}


def imported_principal(reference: str) -> str:
    """The construct id of an existing role, user or group (``Role.fromRoleArn`` / ``fromRoleName`` and the like)
    when the spec gives none: the last part of its ARN or name."""
    return reference.rsplit("/", 1)[-1]


def default_role(kind: str) -> str:
    """``AuthenticatedRole`` / ``UnauthenticatedRole``: the identity pool's default role of a kind."""
    return f"{kind.title()}Role"


def terms(terms_name: str) -> str:
    """``TermsOfUse`` / ``PrivacyPolicy``: a client's terms of that name."""
    return "".join(part.title() for part in terms_name.split("-"))


def principal_tags(index: int) -> str:
    """The ``index``-th (from 0) principal tags of the identity pool."""
    return PRINCIPAL_TAGS + (str(index + 1) if index else "")


def permission(operation: str) -> str:
    """A trigger's Lambda permission: ``preSignUp`` → ``PreSignUpCognito``."""
    return operation[0].upper() + operation[1:] + PERMISSION_SUFFIX


REGIONAL_CONFIGURATION = "RegionalConfiguration"  # a replica's settings, in its Region's own template
REPLICA_POOL_ID = "UserPoolId"  # that template's parameter: the primary stack's pool id
REGIONAL_DESCRIPTION = "Regional settings of the replica in {region} of the user pool of the stack {stack}"


def replica(region: str) -> str:
    """A replica's ``AWS::Cognito::UserPoolReplica`` below its pool: ``eu-west-1`` → ``ReplicaEuWest1``."""
    return "Replica" + "".join(part.title() for part in region.split("-"))
