"""``import --replica-template``: a replica's own settings read back from its Region's template (what
``build/replicas.py`` writes), into the replica of an imported spec, and proven by compiling that Region's
template again."""

from __future__ import annotations

import json
import re
from typing import Any

from ...cloudformation import trigger_operations
from ...spec import construct_ids as ids
from .decompile import (Unexpressible, read_email, leftover, log_configuration, read_triggers, risk_configuration,
                        sms_keys)
from .minimize import Target

_DESCRIBED_REGION = re.compile("^" + re.escape(ids.REGIONAL_DESCRIPTION.split("{region}")[0]) + r"(\S+) ")
_PERMISSIONS = {ids.permission(names[0]): operation for operation, names in trigger_operations().items()}


class _Permissions:
    """What ``read_triggers`` asks of a layout: the triggers that have their Lambda permission."""

    def __init__(self, operations: set[str]):
        self.permissions = {operation: operation for operation in operations}


def described_region(document: dict) -> str | None:
    """The Region a regional template says it is for (its description)."""
    found = _DESCRIBED_REGION.match(str(document.get("Description") or ""))
    return found.group(1) if found else None


def replica_settings(document: dict, pool_risk: dict | None) -> dict:
    """A replica's spec keys (all but its region) from its Region's template; ``pool_risk`` is the primary pool's
    ``risk_configuration`` as the imported spec has it (a replica may change only its notifications' sender)."""
    resources = document.get("Resources")
    by_type: dict[str, list[tuple[str, dict]]] = {}
    for lid, resource in resources.items():
        if isinstance(resource, dict):
            by_type.setdefault(str(resource.get("Type")), []).append((lid, resource))
    attachments = by_type.pop("AWS::Cognito::UserPoolRegionalConfigurationAttachment", [])
    if len(attachments) != 1:
        raise Unexpressible("Resources", "AWS::Cognito::UserPoolRegionalConfigurationAttachment",
                            f"a replica's template has exactly one, not {len(attachments)}")
    lid, attachment = attachments[0]
    p = dict(attachment.get("Properties") or {})
    p.pop("UserPoolId", None)
    out: dict[str, Any] = {}
    if "Status" in p:
        out["status"] = p.pop("Status")
    p.pop("UserPoolTags", None)  # the replica's tags with the pool's, as the primary's UserPoolTagsAtCreate has them
    if "EmailConfiguration" in p:
        out["email"] = read_email(lid, p.pop("EmailConfiguration"))
    sms_keys(p.pop("SmsConfiguration", None) or {}, out)  # what they do not say, the proof finds
    permissions = {_PERMISSIONS[plid] for plid, _ in by_type.pop("AWS::Lambda::Permission", []) if plid in _PERMISSIONS}
    read_triggers(lid, p.pop("LambdaConfig", None), _Permissions(permissions), out)
    leftover(lid, p)
    for rlid, resource in by_type.pop("AWS::Cognito::UserPoolRiskConfigurationAttachment", []):
        notify = (risk_configuration(rlid, resource).get("account_takeover_risk_configuration") or {}) \
            .get("notify_configuration") or {}
        sender = {"source_arn": notify.get("source_arn")}
        pool_from = (((pool_risk or {}).get("account_takeover_risk_configuration") or {})
                     .get("notify_configuration") or {}).get("from")
        if notify.get("from") is not None and notify.get("from") != pool_from:
            sender["from"] = notify["from"]
        out["threat_protection_email"] = sender
    for llid, resource in by_type.pop("AWS::Cognito::LogDeliveryConfiguration", []):
        out["log_configurations"] = [log_configuration(llid, c) for c in
                                     (resource.get("Properties") or {}).get("LogConfigurations") or []]
    for _wlid, resource in by_type.pop("AWS::WAFv2::WebACLAssociation", []):
        out["web_acl_arn"] = (resource.get("Properties") or {}).get("WebACLArn")
    if by_type:
        kind = sorted(by_type)[0]
        raise Unexpressible(by_type[kind][0][0], "Type", f"no replica setting of the spec writes {kind}")
    return out


def with_replica(spec: dict, document: dict, stack_name: str) -> dict:
    """``spec`` (an imported one) with its replica's settings from ``document``, that replica's Region's template,
    proven: the spec compiles (``--pdk-compat``) to that template's resources exactly."""
    from . import SHAPES
    from . import NotImportable

    resources = document.get("Resources")
    if not isinstance(resources, dict) or not resources:
        raise NotImportable("the replica's template has no Resources")
    pool = spec.get("user_pool") if spec.get("kind") == "UserIdentity" else spec
    replicas = (pool or {}).get("replicas") or []
    region = described_region(document) or (replicas[0]["region"] if len(replicas) == 1 else None)
    matching = [replica for replica in replicas if replica.get("region") == region]
    if not matching:
        have = ", ".join(str(r.get("region")) for r in replicas) or "none"
        raise NotImportable(f"the primary template has no replica {'in ' + region if region else 'this one is for'} "
                            f"(it has {have})")
    try:
        settings = replica_settings(document, pool.get("risk_configuration"))
    except Unexpressible as exc:
        raise NotImportable(str(exc)) from None
    except SHAPES as exc:
        raise NotImportable(f"a value of the replica's template is not of the shape the spec writes ({exc})") from None
    matching[0].update(settings)
    outputs = document.get("Outputs") if isinstance(document.get("Outputs"), dict) else {}
    different = Target(json.loads(json.dumps(resources)), json.loads(json.dumps(outputs)), region).difference(
        spec, stack_name)
    if different is not None:
        raise NotImportable(f"the replica's template is not what its settings compile to: {different}")
    return spec
