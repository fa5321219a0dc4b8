"""Roles, users and groups a spec names by ARN or name, and the policy statements it gives them."""

from __future__ import annotations

from typing import Any

from troposphere import iam as tiam

from ..spec import construct_ids as ids
from ..spec import model
from ..spec.construct_tree import Construct
from .common import attach
from .iam import document, statement, statements


def build_imported_principals(stack: Construct, principals: tuple[model.ImportedPrincipal, ...],
                              user_pool_arn: Any) -> None:
    """``Role.fromRoleArn(stack, id, arn)`` (a user's, a group's likewise) for each principal, with the one policy
    the CDK gives an imported principal (``<id>/Policy``; a group's ``<id>/DefaultPolicy``) holding its statements in
    the order the CDK appends them: the pool's grants, then ``addToPrincipalPolicy``."""
    for principal in principals:
        node = stack.child(principal.id)
        node.source = principal.path
        policy_id, attached_by = ids.GRANTEES[principal.kind]
        policy = node.child(policy_id)
        granted = [statement(actions=list(actions), resources=[user_pool_arn]) for actions in principal.grants]
        attach(policy, tiam.PolicyType, {
            "PolicyName": policy.logical_id_of(ids.RESOURCE)[-128:],
            "PolicyDocument": document(granted + statements(principal.statements)),
            attached_by: [principal.name],
        })
