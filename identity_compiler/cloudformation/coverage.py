"""What of CloudFormation's Cognito resources the spec leaves out, on purpose or not yet, each with its reason.

Every other ``AWS::Cognito::*`` resource type and property (nested ones too) in the resource schemas cfn-lint ships
is produced by some spec key: ``tests/test_coverage.py`` holds the two to each other, so a property CloudFormation adds fails a
test until it is a spec key or stands here with its reason. The README's "Coverage" section lists these.
"""

from __future__ import annotations

RETIRED_SYNC = "they configure Amazon Cognito Sync, which is closed to new customers (AWS points them to AWS AppSync)"
USER_DATA = "users and their group memberships are data that Cognito keeps, not infrastructure a stack deploys"

# (resource type, property path (dotted when nested; the whole of it) or None for the whole type) → why the spec
# has no key for it
LEFT_OUT: dict[tuple[str, str | None], str] = {
    ("AWS::Cognito::IdentityPool", "CognitoEvents"): RETIRED_SYNC,
    ("AWS::Cognito::IdentityPool", "CognitoStreams"): RETIRED_SYNC,
    ("AWS::Cognito::IdentityPool", "PushSync"): RETIRED_SYNC,
    ("AWS::Cognito::UserPool", "AdminCreateUserConfig.UnusedAccountValidityDays"):
        "Cognito's API reference says it is no longer in use; the temporary password's validity "
        "(`password_policy.temp_password_validity`) is what the CDK writes instead",
    ("AWS::Cognito::UserPool", "Schema.DeveloperOnlyAttribute"):
        "Cognito's API reference says to use a client's write attributes (`write_attributes`) instead; the CDK "
        "never writes it",
    ("AWS::Cognito::UserPoolClient", "AnalyticsConfiguration.ApplicationArn"):
        "the CDK takes a Pinpoint project by ARN only as a `CfnApp` construct of the same stack, which the spec "
        "does not create; `analytics` names it by id, role and external id",
    ("AWS::Cognito::UserPoolUser", None): USER_DATA,
    ("AWS::Cognito::UserPoolUserToGroupAttachment", None): USER_DATA,
}


def left_out(resource_type: str, prop: str) -> str | None:
    """Why the spec has no key for a resource type's property (dotted when nested), or None when it has one."""
    parts = prop.split(".")
    for path in [None] + [".".join(parts[:n]) for n in range(1, len(parts) + 1)]:
        if (resource_type, path) in LEFT_OUT:
            return LEFT_OUT[resource_type, path]
    return None


def markdown() -> str:
    """The README's table of what is left out."""
    rows = ["| resource type | property | why |", "|---|---|---|"]
    rows += [f"| `{kind}` | {f'`{prop}`' if prop else '(all)'} | {why} |" for (kind, prop), why in LEFT_OUT.items()]
    return "\n".join(rows) + "\n"
