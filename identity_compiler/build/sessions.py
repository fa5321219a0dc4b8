"""Session configuration (SPEC 13): the pool's ``AWS::Cognito::UserPoolSessionConfigurationAttachment`` and each
client's ``AWS::Cognito::UserPoolClientSessionConfigurationAttachment``, as a CDK user adds the L1s (aws-cdk-lib
2.278.0 has no L2 props for them). A client's attachment comes after the pool's: it takes effect only while the
pool tracks sessions. The types are newer than troposphere's release: their classes come from the project's
CloudFormation schemas (``cloudformation.resource_class``)."""

from __future__ import annotations

from troposphere import Ref

from ..spec import construct_ids as ids
from ..spec import model
from ..cloudformation import resource_class
from .common import attach_direct
from .user_pool import PoolHandle

POOL_TYPE = "AWS::Cognito::UserPoolSessionConfigurationAttachment"
CLIENT_TYPE = "AWS::Cognito::UserPoolClientSessionConfigurationAttachment"


def build_session_configurations(pool: PoolHandle, model_pool: model.UserPool | model.ExistingPool) -> None:
    config = model_pool.session_configuration
    pool_attachment = None
    if config is not None:
        pool_attachment = pool.node.child(ids.SESSION_CONFIGURATION)
        attach_direct(pool_attachment, resource_class(POOL_TYPE), {
            "UserPoolId": pool.user_pool_id,
            "UserSessionTracking": config.user_session_tracking,
            "TokenSession": {"MaxPerUser": config.max_per_user},
        })
    for client in model_pool.clients:
        if client.sso_session is None:
            continue
        node = pool.clients[client.id]
        attachment = node.child(ids.SESSION_CONFIGURATION)
        attach_direct(attachment, resource_class(CLIENT_TYPE), {
            "UserPoolId": pool.user_pool_id,
            "ClientId": Ref(node.find_child(ids.RESOURCE).logical_id),
            "SSOSession": {"MaxValidityMinutes": client.sso_session.max_validity_minutes},
        })
        if pool_attachment is not None:
            attachment.add_dependency(pool_attachment)
