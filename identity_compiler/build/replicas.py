"""A replica's own template: its settings as an ``AWS::Cognito::UserPoolRegionalConfigurationAttachment`` (with, where
it has them, its threat-protection sender, log delivery and web ACL), which
CloudFormation creates in the replica's Region, so it is a stack of its own there (the CDK has no L2 for it; a
CDK user writes the L1 in a stack of that Region). The primary stack's pool id comes in as a parameter: the
primary is deployed first (README: "Multi-Region user pools")."""

from __future__ import annotations

from troposphere import Output, Parameter, Ref, Sub, Template, awslambda, cognito

from ..spec import construct_ids as ids
from ..spec import model
from ..spec import records
from .common import compact
from .risk import risk_configuration_properties
from .user_pool import email_configuration, lambda_config, log_delivery_properties, sms_configuration

POOL_ID_PATTERN = r"^[\w-]+_[0-9a-zA-Z]+$"  # CreateUserPoolReplica's UserPoolId


def regional_template(pool: model.UserPool, replica: model.Replica, stack_name: str) -> dict:
    """The template for ``replica``'s Region."""
    template = Template(Description=ids.REGIONAL_DESCRIPTION.format(region=replica.region, stack=stack_name))
    template.add_parameter(Parameter(ids.REPLICA_POOL_ID, Type="String", AllowedPattern=POOL_ID_PATTERN,
                                     Description=f"The user pool's id: the output UserPoolId of the stack {stack_name}"))
    pool_id = Ref(ids.REPLICA_POOL_ID)
    sms = None if replica.sms_role is None and replica.eums_sms is None else sms_configuration(
        replica.sms_role, replica.sms_role_external_id, replica.sns_region, replica.eums_sms)
    template.add_resource(cognito.UserPoolRegionalConfigurationAttachment.from_dict(ids.REGIONAL_CONFIGURATION, compact({
        "UserPoolId": pool_id,
        "Status": replica.status,
        "EmailConfiguration": email_configuration(replica.email),
        "SmsConfiguration": sms,
        "LambdaConfig": lambda_config(replica) or None,
        "UserPoolTags": dict(replica.tags) or None,
    })))
    pool_arn = Sub("arn:${AWS::Partition}:cognito-idp:${AWS::Region}:${AWS::AccountId}:userpool/"
                   "${" + ids.REPLICA_POOL_ID + "}")  # the replica's: the pool's id in this Region
    for trigger in replica.lambda_triggers:
        if trigger.add_permission:  # as the pool's own: the function may be invoked by the pool in this Region
            template.add_resource(awslambda.Permission(
                trigger.permission_id, Action="lambda:InvokeFunction", FunctionName=trigger.function_arn,
                Principal="cognito-idp.amazonaws.com", SourceArn=pool_arn))
    sender = replica.threat_protection_email
    if sender is not None and pool.risk_configuration is not None:  # IC0739: without the pool's, nothing to localize
        config = records.replace(pool.risk_configuration, notify_source_arn=sender.source_arn,
                                 notify_from=sender.from_email or pool.risk_configuration.notify_from)
        template.add_resource(cognito.UserPoolRiskConfigurationAttachment.from_dict(
            ids.RISK_CONFIGURATION, compact(risk_configuration_properties(pool_id, "ALL", config))))
    if replica.log_configurations:
        template.add_resource(cognito.LogDeliveryConfiguration.from_dict(
            ids.LOG_DELIVERY, log_delivery_properties(pool_id, replica.log_configurations)))
    if replica.web_acl_arn is not None:
        from troposphere import wafv2  # only for a replica with a web ACL: start-up

        template.add_resource(wafv2.WebACLAssociation(ids.WEB_ACL_ASSOCIATION, ResourceArn=pool_arn,
                                                      WebACLArn=replica.web_acl_arn))
    template.add_output(Output(ids.REPLICA_POOL_ID, Value=pool_id, Description="The user pool's id in this Region"))
    return template.to_dict()
