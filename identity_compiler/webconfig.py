"""``web-config``: the deployed stack's ids, as the file a web client loads.

Two formats: ``runtime-config.json`` as the PDK's static-website construct writes it (region,
userPoolId, userPoolWebClientId, identityPoolId), and Amplify's ``amplify_outputs.json`` (its
``auth`` section). Values come from the stack's outputs (this compiler's, or the PDK's two) and,
where an output is missing (a stack compiled with ``--pdk-compat``), from the stack's resources.
"""

from __future__ import annotations

import os
import re
from typing import Any

_OUTPUT = re.compile(r"(?P<name>UserPoolId|IdentityPoolId|WebClientId|Region)[0-9A-F]{8}$")


class WebConfigError(Exception):
    """The stack cannot be read or does not hold what a web client needs."""


class DeployedIds:
    """The ids a web client needs, and the AWS session they were read with."""

    def __init__(self, region: str, user_pool_id: str, web_client_id: str | None, identity_pool_id: str | None,
                 client_for):
        self.region = region
        self.user_pool_id = user_pool_id
        self.web_client_id = web_client_id
        self.identity_pool_id = identity_pool_id
        self.client_for = client_for  # service name → boto3 client, same session and endpoint


def read_stack(stack_name: str, region: str | None = None, endpoint_url: str | None = None) -> DeployedIds:
    """The ids a web client needs, from a deployed stack (boto3; credentials as the AWS CLI finds them)."""
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        session = boto3.session.Session(region_name=region or os.environ.get("AWS_REGION") or None)
        if session.region_name is None:
            raise WebConfigError("no region: pass --region or set AWS_REGION")
        cfn = session.client("cloudformation", endpoint_url=endpoint_url)
        stack = cfn.describe_stacks(StackName=stack_name)["Stacks"][0]
        resources = []
        for page in cfn.get_paginator("list_stack_resources").paginate(StackName=stack_name):
            resources.extend(page["StackResourceSummaries"])
    except (BotoCoreError, ClientError, ValueError) as exc:  # ValueError: botocore's check of the endpoint
        raise WebConfigError(f"cannot read stack {stack_name}: {exc}") from None

    found: dict[str, Any] = {}
    for output in stack.get("Outputs") or []:
        match = _OUTPUT.search(output["OutputKey"])
        if match and match.group("name") not in found:
            found[match.group("name")] = output["OutputValue"]
    by_type: dict[str, list[dict]] = {}
    for resource in resources:
        by_type.setdefault(resource["ResourceType"], []).append(resource)

    def physical(resource_type: str, prefer: str | None = None) -> str | None:
        candidates = by_type.get(resource_type) or []
        if prefer:
            preferred = [r for r in candidates if prefer in r["LogicalResourceId"]]
            candidates = preferred or candidates
        if len(candidates) > 1:
            names = ", ".join(r["LogicalResourceId"] for r in candidates)
            raise WebConfigError(f"stack {stack_name} has several {resource_type} ({names}); which one is the web app's?")
        return candidates[0].get("PhysicalResourceId") if candidates else None

    user_pool_id = found.get("UserPoolId") or physical("AWS::Cognito::UserPool")
    if not user_pool_id:
        raise WebConfigError(f"stack {stack_name} has no user pool")
    return DeployedIds(
        region=found.get("Region") or session.region_name,
        user_pool_id=user_pool_id,
        web_client_id=found.get("WebClientId") or physical("AWS::Cognito::UserPoolClient", "WebClient"),
        identity_pool_id=found.get("IdentityPoolId") or physical("AWS::Cognito::IdentityPool"),
        client_for=lambda service: session.client(service, endpoint_url=endpoint_url),
    )


def runtime_config(ids: DeployedIds) -> dict:
    """``runtime-config.json`` as the PDK's website construct writes it."""
    config = {"region": ids.region, "identityPoolId": ids.identity_pool_id, "userPoolId": ids.user_pool_id,
              "userPoolWebClientId": ids.web_client_id}
    return {key: value for key, value in config.items() if value}


def amplify_outputs(ids: DeployedIds) -> dict:
    """``amplify_outputs.json`` (Amplify Gen 2, version 1.3): its ``auth`` section, read from the pool."""
    from botocore.exceptions import BotoCoreError, ClientError

    auth: dict[str, Any] = {
        "aws_region": ids.region,
        "user_pool_id": ids.user_pool_id,
        "user_pool_client_id": ids.web_client_id,
        "identity_pool_id": ids.identity_pool_id,
    }
    try:
        pool = ids.client_for("cognito-idp").describe_user_pool(UserPoolId=ids.user_pool_id)["UserPool"]
    except (BotoCoreError, ClientError):
        pool = {}
    policy = (pool.get("Policies") or {}).get("PasswordPolicy")
    if policy:
        auth["password_policy"] = {
            "min_length": policy.get("MinimumLength", 8),
            "require_lowercase": policy.get("RequireLowercase", False),
            "require_uppercase": policy.get("RequireUppercase", False),
            "require_numbers": policy.get("RequireNumbers", False),
            "require_symbols": policy.get("RequireSymbols", False),
        }
    if pool.get("MfaConfiguration"):
        auth["mfa_configuration"] = {"ON": "REQUIRED", "OPTIONAL": "OPTIONAL"}.get(pool["MfaConfiguration"], "NONE")
    if pool.get("MfaConfiguration") in ("ON", "OPTIONAL"):
        try:  # the factors are not part of DescribeUserPool
            mfa = ids.client_for("cognito-idp").get_user_pool_mfa_config(UserPoolId=ids.user_pool_id)
        except (BotoCoreError, ClientError):
            mfa = {}
        auth["mfa_methods"] = [name for key, name in (("SmsMfaConfiguration", "SMS"),
                                                      ("SoftwareTokenMfaConfiguration", "TOTP"),
                                                      ("EmailMfaConfiguration", "EMAIL"))
                               if mfa.get(key) and mfa[key].get("Enabled", True)]
    if pool.get("UsernameAttributes") is not None:
        auth["username_attributes"] = [a.lower() for a in pool["UsernameAttributes"]]
    if pool.get("AutoVerifiedAttributes") is not None:
        auth["user_verification_types"] = list(pool["AutoVerifiedAttributes"])
    required = [a["Name"] for a in pool.get("SchemaAttributes") or [] if a.get("Required")]
    if required:
        auth["standard_required_attributes"] = required
    auth = {k: v for k, v in auth.items() if v is not None}
    return {"version": "1.3", "auth": auth}
