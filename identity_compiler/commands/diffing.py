"""The replacement guard: what a change of spec (or template) does to each deployed resource.

Three kinds of danger are flagged (README: The replacement guard):
1. replacement by identity: a logical id disappears (a renamed construct, a pool moved between
   ``user_pool`` forms), so CloudFormation deletes the resource and creates a new one;
2. replacement by property: a property in the resource type's ``createOnlyProperties`` (from the
   resource schemas cfn-lint ships) changes, or refers to a resource that is itself replaced;
3. updates Cognito refuses: CloudFormation would try an update in place that Cognito rejects
   (``REFUSED_UPDATES`` below, each with its source), and the stack rolls back.
"""

from __future__ import annotations

from typing import Any, Collection, Iterator, NamedTuple

USER_POOL = "AWS::Cognito::UserPool"
REPLICA = "AWS::Cognito::UserPoolReplica"
REGIONAL_CONFIGURATION = "AWS::Cognito::UserPoolRegionalConfigurationAttachment"
# CreateUserPoolReplica: a pool has one secondary replica, so CloudFormation cannot create the new one before it
# deletes the old (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-multi-region.html: "You can
# add one secondary Region"); the update fails and rolls back
REPLICA_REPLACED = ("the replica would be replaced, and a pool's one replica cannot be created again while it "
                    "exists; the update fails and rolls back (remove the replica in one deploy, add it in the next)")
# DeleteUserPoolReplica: "You can only delete replicas that are in the INACTIVE status"
# (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteUserPoolReplica.html)
REPLICA_ACTIVE = ("Cognito deletes only an INACTIVE replica, so the update fails and rolls back unless it is "
                  "INACTIVE: set its status INACTIVE and deploy its Region's template first")
REGION = "us-east-1"

IMPACT = {  # why a replacement hurts, by resource type
    USER_POOL: "a new, empty user pool: every user is lost (a retained old pool lingers, detached)",
    "AWS::Cognito::UserPoolClient": "a new client id: every deployed web app configured with the old one breaks",
    "AWS::Cognito::UserPoolDomain": "the domain is deleted and recreated: hosted-UI links break meanwhile",
    "AWS::Cognito::IdentityPool": "a new identity pool id: identities and their ids are lost",
}

# Updates that CloudFormation attempts in place but Cognito refuses for an existing pool.
REFUSED_UPDATES = {
    "AliasAttributes": ("sign-in aliases cannot be changed after the pool is created",
                        "Cognito Developer Guide, 'User pool attributes': sign-in options are set at creation"),
    "UsernameAttributes": ("username attributes (sign-in with email/phone) cannot be changed after the pool is created",
                           "Cognito Developer Guide, 'User pool attributes': sign-in options are set at creation"),
    "UsernameConfiguration": ("username case sensitivity cannot be changed after the pool is created",
                              "CloudFormation AWS::Cognito::UserPool UsernameConfiguration; Cognito UpdateUserPool "
                              "has no UsernameConfiguration"),
}
SCHEMA_SOURCE = ("Cognito Developer Guide, 'Custom attributes' and 'Standard attributes': attributes cannot be "
                 "removed or changed after the pool is created; a required standard attribute cannot be added")


class Change(NamedTuple):
    logical_id: str
    resource_type: str
    action: str  # add | remove | modify | replace
    property: str | None
    detail: str
    danger: int  # 0 none, 1 replacement by identity, 2 replacement by property, 3 update refused

    @property
    def blocking(self) -> bool:
        """A user pool lost (1, 2) or an update Cognito refuses (3)."""
        return self.danger == 3 or (self.danger in (1, 2) and self.resource_type == USER_POOL)


CDK_METADATA = "AWS::CDK::Metadata"  # the CDK's version report: not part of what is deployed for users



def _resources(template: dict) -> dict:
    return {k: v for k, v in (template.get("Resources") or {}).items() if v.get("Type") != CDK_METADATA}


def diff_templates(old: dict, new: dict, inactive: Collection[str] = ()) -> list[Change]:
    """Every change between two templates (checked by ``template_problem``), resource by resource; ``inactive``: the
    Regions whose replica is known to be INACTIVE now (the only replicas Cognito deletes)."""
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

    old_resources = _resources(old)
    new_resources = _resources(new)
    changes: list[Change] = []
    replaced: dict[str, str] = {}

    def create_only(resource_type: str) -> list[str]:
        from .. import cloudformation

        if resource_type in cloudformation.index():  # Cognito's: the project's own copy, newer than cfn-lint's
            return cloudformation.create_only(resource_type)
        try:
            schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema(REGION, resource_type).schema
        except Exception:  # an unknown type: nothing to say about it
            return []
        return [p[len("/properties/"):] for p in schema.get("createOnlyProperties") or []]

    for logical_id in sorted(set(old_resources) - set(new_resources)):
        kind = old_resources[logical_id].get("Type", "")
        replaced[logical_id] = "removed"
        region = (old_resources[logical_id].get("Properties") or {}).get("RegionName")
        if kind == REPLICA and region not in inactive:
            changes.append(Change(logical_id, kind, "remove", None, f"the replica in {_show(region)} is deleted; "
                                  + REPLICA_ACTIVE, 3))
            continue
        changes.append(Change(logical_id, kind, "remove", None,
                              "removed from the template" + _impact(kind, "deleted"), 1))
    removed_replicas = [lid for lid in set(old_resources) - set(new_resources) if old_resources[lid].get("Type") == REPLICA]
    for logical_id in sorted(set(new_resources) - set(old_resources)):
        kind = new_resources[logical_id].get("Type", "")
        if kind == REPLICA and removed_replicas:  # CloudFormation creates the new one before it deletes the old
            changes.append(Change(logical_id, kind, "add", None, "created while the pool's other replica still "
                                  "exists, and a pool has one: the update fails and rolls back (remove the old "
                                  "replica in one deploy, add the new one in the next)", 3))
            continue
        changes.append(Change(logical_id, kind, "add", None, "created", 0))

    common = sorted(set(old_resources) & set(new_resources))
    pending: dict[str, list[Change]] = {}
    for logical_id in common:
        before, after = old_resources[logical_id], new_resources[logical_id]
        kind = after.get("Type", "")
        found: list[Change] = []
        if before.get("Type") != kind:
            replaced[logical_id] = "its type changes"
            found.append(Change(logical_id, kind, "replace", None,
                                f"type {before.get('Type')} -> {kind}" + _impact(kind), 1))
        else:
            old_props, new_props = before.get("Properties") or {}, after.get("Properties") or {}
            immutable = create_only(kind)
            for name in sorted(set(old_props) | set(new_props)):
                a, b = old_props.get(name, _ABSENT), new_props.get(name, _ABSENT)
                if a == b:
                    continue
                if any(name == p or p.startswith(name + "/") for p in immutable) and kind == REPLICA:
                    found.append(Change(logical_id, kind, "modify", name,
                                        f"{_show(a)} -> {_show(b)}: create-only property; {REPLICA_REPLACED}", 3))
                elif any(name == p or p.startswith(name + "/") for p in immutable):
                    replaced[logical_id] = f"{name} changes"
                    found.append(Change(logical_id, kind, "replace", name,
                                        f"{_show(a)} -> {_show(b)}: create-only property" + _impact(kind), 2))
                elif kind == USER_POOL and name == "Schema":
                    found.extend(_schema_changes(logical_id, a, b))
                elif kind == USER_POOL and name in REFUSED_UPDATES:
                    reason, source = REFUSED_UPDATES[name]
                    found.append(Change(logical_id, kind, "modify", name,
                                        f"{_show(a)} -> {_show(b)}: {reason}; the update fails and rolls back "
                                        f"(source: {source})", 3))
                else:
                    found.append(Change(logical_id, kind, "modify", name, f"{_show(a)} -> {_show(b)}", 0))
            for attribute in ("DeletionPolicy", "UpdateReplacePolicy", "DependsOn"):
                if before.get(attribute) != after.get(attribute):
                    found.append(Change(logical_id, kind, "modify", attribute,
                                        f"{_show(before.get(attribute, _ABSENT))} -> {_show(after.get(attribute, _ABSENT))}",
                                        0))
        pending[logical_id] = found

    # A create-only property that refers to a replaced resource gets a new value too.
    grew = True
    while grew:
        grew = False
        for logical_id in common:
            if logical_id in replaced:
                continue
            after = new_resources[logical_id]
            kind = after.get("Type", "")
            for name in create_only(kind):
                targets = set(_references((after.get("Properties") or {}).get(name.split("/")[0]))) & set(replaced)
                if targets:
                    target = sorted(targets)[0]
                    replaced[logical_id] = f"{target} is replaced"
                    pending[logical_id].append(Change(
                        logical_id, kind, "replace", name.split("/")[0],
                        f"refers to {target}, which is replaced" + _impact(kind), 2))
                    grew = True
                    break
    for logical_id in common:
        changes.extend(pending[logical_id])
    return changes


def replica_status(regional: dict) -> str | None:
    """The status a replica's Region's template gives it (its regional configuration's), or None."""
    for resource in _resources(regional).values():
        if resource.get("Type") == REGIONAL_CONFIGURATION:
            return (resource.get("Properties") or {}).get("Status")
    return None


def _schema_changes(logical_id: str, old: Any, new: Any) -> Iterator[Change]:
    before = {a.get("Name"): a for a in (old if isinstance(old, list) else [])}
    after = {a.get("Name"): a for a in (new if isinstance(new, list) else [])}
    for name in before:
        if name not in after:
            yield Change(logical_id, USER_POOL, "modify", f"Schema/{name}",
                         f"attribute '{name}' removed: attributes cannot be removed; the update fails "
                         f"(source: {SCHEMA_SOURCE})", 3)
        elif before[name] != after[name]:
            yield Change(logical_id, USER_POOL, "modify", f"Schema/{name}",
                         f"attribute '{name}' changed ({_show(before[name])} -> {_show(after[name])}): attributes "
                         f"cannot be changed; the update fails (source: {SCHEMA_SOURCE})", 3)
    for name in after:
        if name in before:
            continue
        custom = "AttributeDataType" in after[name]
        if not custom and after[name].get("Required"):
            yield Change(logical_id, USER_POOL, "modify", f"Schema/{name}",
                         f"required standard attribute '{name}' added: the update fails (source: {SCHEMA_SOURCE})", 3)
        else:
            yield Change(logical_id, USER_POOL, "modify", f"Schema/{name}", f"attribute '{name}' added", 0)


_ABSENT = object()  # a property or attribute the resource does not have


def _show(value: Any) -> str:
    import json

    if value is _ABSENT:
        return "absent"
    text = json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= 80 else text[:77] + "..."


def _impact(kind: str, verb: str = "replaced") -> str:
    impact = IMPACT.get(kind)
    return f"; {verb}: {impact}" if impact else f"; {verb}"


def _references(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        if "Ref" in value and isinstance(value["Ref"], str):
            yield value["Ref"]
        if "Fn::GetAtt" in value:
            target = value["Fn::GetAtt"]
            yield target[0] if isinstance(target, list) else str(target).split(".")[0]
        for item in value.values():
            yield from _references(item)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item)
