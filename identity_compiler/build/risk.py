"""Threat protection's risk configuration: an ``AWS::Cognito::UserPoolRiskConfigurationAttachment`` as a
CDK user adds it (the CDK has no L2 for it), for the pool's clients (``ALL``) or one client."""

from __future__ import annotations

from typing import Any

from troposphere import cognito

from ..spec import construct_ids as ids
from ..spec import model
from ..spec.construct_tree import Construct
from .common import attach_direct, compact, if_any, listed


def attach_risk_configuration(node: Construct, pool_id: Any, client_id: Any, config: model.RiskConfiguration) -> None:
    """``<node>/RiskConfigurationAttachment``: threat protection's actions for the pool (``ALL``) or one client."""
    attach_direct(node.child(ids.RISK_CONFIGURATION), cognito.UserPoolRiskConfigurationAttachment,
                  risk_configuration_properties(pool_id, client_id, config))


def risk_configuration_properties(pool_id: Any, client_id: Any, config: model.RiskConfiguration) -> dict:
    """The attachment's properties (a replica's Region writes them too, with its own sender)."""
    takeover = None if config.takeover_actions is None else {
        "Actions": {f"{a.level.capitalize()}Action": {"EventAction": a.event_action, "Notify": a.notify}
                    for a in config.takeover_actions},
        "NotifyConfiguration": None if config.notify_source_arn is None else compact({
            "SourceArn": config.notify_source_arn, "From": config.notify_from, "ReplyTo": config.notify_reply_to,
            **{_EMAILS[e.kind]: compact({"Subject": e.subject, "HtmlBody": e.html_body, "TextBody": e.text_body})
               for e in config.notify_emails}}),
    }
    return {
        "UserPoolId": pool_id,
        "ClientId": client_id,
        "CompromisedCredentialsRiskConfiguration": None if config.compromised_credentials_action is None else compact({
            "Actions": {"EventAction": config.compromised_credentials_action},
            "EventFilter": listed(config.compromised_credentials_events)}),
        "AccountTakeoverRiskConfiguration": None if takeover is None else compact(takeover),
        "RiskExceptionConfiguration": if_any({"BlockedIPRangeList": listed(config.blocked_ip_ranges),
                                              "SkippedIPRangeList": listed(config.skipped_ip_ranges)}),
    }


_EMAILS = {"block": "BlockEmail", "mfa": "MfaEmail", "no_action": "NoActionEmail"}

