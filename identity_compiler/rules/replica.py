"""Multi-Region replication: the preconditions Cognito's guide states for replicas of a user pool, before deploy."""

from __future__ import annotations

import re

from ..spec import model
from ..spec.vocabulary import SENDER_TRIGGERS, sns_regions
from .engine import arn_region, check

_MULTI_REGION_KEY = re.compile(r":key/mrk-[0-9a-zA-Z]+$")
NO_SECONDARY_SIGN_UP = ("pre_sign_up", "post_confirmation", "user_migration")  # a secondary creates no users


@check("IC0732", on=model.UserPool)
def replica_plan(pool, _ctx):
    if pool.replicas and pool.feature_plan == "LITE":
        yield pool.key("feature_plan"), "multi-Region replication needs the ESSENTIALS or PLUS feature plan, not LITE"


@check("IC0733", on=model.UserPool)
def replica_key(pool, _ctx):
    if not pool.replicas:
        return
    if pool.key_type != "CUSTOMER_MANAGED_KEY":
        yield pool.key("replicas"), ("replication needs the pool encrypted with a multi-Region customer managed key: "
                                     "key_configuration: {key_type: CUSTOMER_MANAGED_KEY, kms_key_arn: <mrk- key>}")
    elif pool.kms_key_arn is not None and not _MULTI_REGION_KEY.search(pool.kms_key_arn):
        yield pool.key("key_configuration", "kms_key_arn"), \
            "replication needs a multi-Region key (its id starts with mrk-), replicated to every replica's Region"


@check("IC0735", on=model.UserPool)
def replica_not_in_primary_region(pool, _ctx):
    primary = arn_region(pool.kms_key_arn)
    for replica in pool.replicas:
        if primary is not None and replica.region == primary:
            yield replica.key("region"), (f"{primary} is the primary pool's Region (its key's); a replica goes to "
                                          "another Region")



def _replica_types(replica: model.Replica) -> list[str]:
    """The Cognito resource types a replica's Region's template holds."""
    types = ["AWS::Cognito::UserPoolRegionalConfigurationAttachment"]
    if replica.threat_protection_email is not None:
        types.append("AWS::Cognito::UserPoolRiskConfigurationAttachment")
    if replica.log_configurations:
        types.append("AWS::Cognito::LogDeliveryConfiguration")
    return types


@check("IC0750", on=model.UserPool)
def types_in_their_regions(pool, _ctx):
    from .. import cloudformation

    primary = arn_region(pool.kms_key_arn)
    replica_type = "AWS::Cognito::UserPoolReplica"
    if pool.replicas and primary is not None and primary not in cloudformation.regions(replica_type):
        yield pool.key("replicas"), (f"{replica_type} does not exist in {primary}, the primary pool's Region (its "
                                     "key's): replicas cannot be made from there")
    for replica in pool.replicas:
        missing = [kind for kind in _replica_types(replica)
                   if cloudformation.regions(kind) and replica.region not in cloudformation.regions(kind)]
        if missing:
            yield replica.key("region"), (f"{', '.join(missing)} does not exist in {replica.region}: a replica's Region "
                                          "must be one where CloudFormation has it")


@check("IC0736", on=model.Replica)
def replica_regional_resources(replica, _ctx):
    for trigger in replica.lambda_triggers:
        region = arn_region(trigger.function_arn)
        if region is not None and region != replica.region:
            yield trigger.path, (f"the replica in {replica.region} invokes functions in its own Region; this one is "
                                 f"in {region}")
    region = arn_region(replica.web_acl_arn)
    if region is not None and region != replica.region:
        yield replica.key("web_acl_arn"), (f"the replica in {replica.region} is protected by a web ACL of its own "
                                           f"Region; this one is in {region}")


@check("IC0738", on=model.UserPool)
def domain_failover(pool, _ctx):
    regions = {r.region for r in pool.replicas}
    for domain in pool.domains:
        if domain.failover_region is not None and domain.failover_region not in regions:
            yield domain.key("failover", "secondary_region"), (
                f"{domain.failover_region} is not the Region of a replica of this pool"
                + (f" ({', '.join(sorted(regions))})" if regions else "; add it to replicas"))



@check("IC0739", on=model.UserPool)
def replica_threat_protection_email(pool, _ctx):
    config = pool.risk_configuration
    for replica in pool.replicas:
        sender = replica.threat_protection_email
        if sender is not None and (config is None or config.notify_source_arn is None):
            what = "no risk_configuration" if config is None else "a risk_configuration without a notify_configuration"
            yield sender.path, (f"the pool has {what}; a secondary Region keeps the primary's risk configuration and "
                                "may only change who sends its notifications")


@check("IC0740", on=model.UserPool)
def one_replica(pool, _ctx):
    for replica in pool.replicas[1:]:
        yield replica.path, (f"a user pool has at most one secondary replica, and this pool's is in "
                             f"{pool.replicas[0].region}")


@check("IC0742", on=model.UserPool)
def failover_custom_domain(pool, _ctx):
    for domain in pool.domains:
        if domain.failover_region is not None and domain.domain_name is None:
            yield domain.key("failover"), ("failover routing is supported for custom domains only (custom_domain); "
                                           "a prefix domain belongs to its Region")


@check("IC0746", on=model.Replica)
def replica_custom_sender_key(replica, _ctx):
    if replica.custom_sender_kms_key is None:
        for trigger in replica.lambda_triggers:
            if trigger.operation in SENDER_TRIGGERS:
                yield trigger.path, (f"a {trigger.operation} trigger needs a KMS key: give the replica its "
                                     "custom_sender_kms_key, a key in its Region")


@check("IC0734", on=model.UserPool)
def replica_issuer(pool, _ctx):
    if pool.replicas and pool.issuer_type != "UPDATED":
        where = pool.key("issuer_configuration", "type") if pool.issuer_type else pool.key("replicas")
        yield where, ("tokens from each Region carry that Region's issuer; set issuer_configuration: {type: UPDATED} "
                      "so that they validate the same everywhere")


@check("IC0737", on=model.UserPool)
def replica_sign_up(pool, _ctx):
    for replica in pool.replicas:
        for trigger in replica.lambda_triggers:
            if trigger.operation in NO_SECONDARY_SIGN_UP:
                yield trigger.path, (f"a secondary pool creates no users, so its {trigger.operation} trigger never "
                                     "runs; sign-up happens in the primary's Region")
    if pool.replicas and pool.self_sign_up_enabled:
        yield pool.key("replicas"), ("users sign themselves up, but a secondary pool creates no users: while the "
                                     "replica serves (a failover), sign-up fails until the primary's Region is back")


@check("IC0741", on=model.UserPool)
def replica_totp(pool, _ctx):
    if pool.replicas and "SOFTWARE_TOKEN_MFA" in (pool.enabled_mfas or ()):
        yield pool.key("replicas"), ("a secondary replica does not support TOTP MFA (mfa_second_factor.otp): in a "
                                     "failover, users who chose an authenticator app cannot sign in until the "
                                     "primary's Region serves again")


@check("IC0743", on=model.Replica)
def replica_sns_region(replica, _ctx):
    # a Region Cognito refuses is IC0751's; here only an allowed alternate where the replica's own Region would do
    if replica.sns_region is not None and replica.sns_region != replica.region \
            and replica.sns_region in sns_regions(replica.region) and replica.region in sns_regions(replica.region):
        yield replica.key("sns_region"), (f"the replica in {replica.region} sends SMS through SNS in "
                                          f"{replica.sns_region}: if that Region fails, the replica sends none")
