"""A replica's own template: its settings as an ``AWS::Cognito::UserPoolRegionalConfigurationAttachment``, which
CloudFormation creates in the replica's Region, so it is a stack of its own there (the CDK has no L2 for it; a
CDK user writes the L1 in a stack of that Region). The primary stack's pool id comes in as a parameter: the
primary is deployed first (README: "Multi-Region user pools")."""

from __future__ import annotations

from troposphere import Output, Parameter, Ref, Sub, Template, awslambda, cognito

from .. import construct_ids as ids
from .. import model
from .common import compact
from .user_pool import _email, _triggers

POOL_ID_PATTERN = r"^[\w-]+_[0-9a-zA-Z]+$"  # CreateUserPoolReplica's UserPoolId


def regional_template(pool: model.UserPool, replica: model.Replica, stack_name: str) -> dict:
    """The template for ``replica``'s Region."""
    template = Template(Description=f"Regional settings of the replica in {replica.region} of the user pool of the "
                                    f"stack {stack_name}")
    template.add_parameter(Parameter(ids.REPLICA_POOL_ID, Type="String", AllowedPattern=POOL_ID_PATTERN,
                                     Description=f"The user pool's id: the output UserPoolId of the stack {stack_name}"))
    pool_id = Ref(ids.REPLICA_POOL_ID)
    sms = None
    if replica.sms_role is not None:
        sms = compact({"SnsCallerArn": replica.sms_role, "ExternalId": replica.sms_role_external_id,
                       "SnsRegion": replica.sns_region})
    template.add_resource(cognito.UserPoolRegionalConfigurationAttachment.from_dict(ids.REGIONAL_CONFIGURATION, compact({
        "UserPoolId": pool_id,
        "Status": replica.status,
        "EmailConfiguration": _email(replica.email),
        "SmsConfiguration": sms,
        "LambdaConfig": _triggers(replica) or None,
        "UserPoolTags": dict(replica.tags) or None,
    })))
    for trigger in replica.lambda_triggers:
        if trigger.add_permission:  # as the pool's own: the function may be invoked by the pool in this Region
            template.add_resource(awslambda.Permission(
                trigger.permission_id, Action="lambda:InvokeFunction", FunctionName=trigger.function_arn,
                Principal="cognito-idp.amazonaws.com",
                SourceArn=Sub("arn:${AWS::Partition}:cognito-idp:${AWS::Region}:${AWS::AccountId}:userpool/"
                              "${" + ids.REPLICA_POOL_ID + "}")))
    template.add_output(Output(ids.REPLICA_POOL_ID, Value=pool_id, Description="The user pool's id in this Region"))
    return template.to_dict()
