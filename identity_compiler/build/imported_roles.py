"""Roles a spec names by ARN or name, and the policy statements it gives them."""

from __future__ import annotations

from typing import Any

from troposphere import iam as tiam

from ..spec import construct_ids as ids
from ..spec import model
from ..spec.construct_tree import Construct
from .common import attach
from .iam import document, statement, statements


def build_imported_roles(stack: Construct, roles: tuple[model.ImportedRole, ...], user_pool_arn: Any) -> None:
    """``Role.fromRoleArn(stack, id, arn)`` for each role, with one ``Policy`` at ``<stack>/<id>/Policy`` holding
    its statements in the order the CDK appends them: the pool's grants, then ``addToPrincipalPolicy``."""
    for role in roles:
        node = stack.child(role.id)
        node.source = role.path
        policy = node.child(ids.POLICY)
        granted = [statement(actions=list(actions), resources=[user_pool_arn]) for actions in role.grants]
        attach(policy, tiam.PolicyType, {
            "PolicyName": policy.logical_id_of(ids.RESOURCE)[-128:],
            "PolicyDocument": document(granted + statements(role.statements)),
            "Roles": [role.role_name],
        })
