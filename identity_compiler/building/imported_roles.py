"""Roles a spec names by ARN or name, and the policy statements it gives them."""

from __future__ import annotations

from troposphere import iam as tiam

from ..model import Construct, ConstructCollision
from .common import attach
from .iam import document


class ImportedRoles:
    """Roles a spec names by ARN or name (``Role.fromRoleArn(stack, id, arn)``) and the statements given
    to them: each gets one ``Policy`` at ``<stack>/<id>/Policy``, its statements in the order the CDK
    appends them (grants, then the identity pool's ``addToPrincipalPolicy``)."""

    def __init__(self) -> None:
        self.roles: dict[str, tuple[str, list, tuple]] = {}  # construct id → (role name, statements, spec key path)
        self.references: dict[str, str] = {}  # construct id → the role's ARN or name as the spec gives it

    def add(self, node_id: str, reference: str, statements: list, source: tuple) -> None:
        """Statements for the role ``reference`` (an ARN or a name), imported once as ``node_id``; the
        same id for another role is the CDK's "There is already a Construct with name"."""
        known = self.references.setdefault(node_id, reference)
        if known != reference:
            raise ConstructCollision(f"there is already a construct with id '{node_id}' in the stack (the role "
                                     f"{known}); give this grant another id", source)
        role_name = reference.rsplit("/", 1)[-1]
        self.roles.setdefault(node_id, (role_name, [], source))[1].extend(statements)

    def build(self, stack: Construct) -> None:
        for node_id, (role_name, statements, source) in self.roles.items():
            try:
                role = stack.child(node_id)
            except ConstructCollision as exc:
                exc.source = source
                raise
            role.source = source
            policy = role.child("Policy")
            attach(policy, tiam.PolicyType, {
                "PolicyName": policy.logical_id_of("Resource")[-128:],
                "PolicyDocument": document(statements),
                "Roles": [role_name],
            })
