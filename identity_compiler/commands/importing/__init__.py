"""``identity-compiler import``: a synthesized or deployed template → the shortest spec that compiles
back (``--pdk-compat``, the same stack name) to exactly its identity resources.

The stages: find which resources are which construct (layout.py), read each resource back into spec
keys (decompile.py), prove the explicit spec compiles to the template, then take out every key the
template does not need (minimize.py), and write the spec as the examples are written (spec_text.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...spec import construct_ids as ids
from ...spec import defaults
from ...spec import naming
from . import decompile
from .decompile import Unexpressible
from .layout import Layout, LayoutError, find_layout
from .minimize import Target, attribute_of, minimize
from .spec_text import spec_text

__all__ = ["NotImportable", "Imported", "import_template"]


class NotImportable(Exception):
    """The template cannot be imported: the message names the resource and the property."""


@dataclass
class Imported:
    spec: dict
    stack_name: str | None
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (logical id, type) of other resources
    identity_resources: list[str] = field(default_factory=list)
    identity_outputs: list[str] = field(default_factory=list)


def import_template(document: dict, stack_name: str | None = None) -> Imported:
    """The spec for a template's identity construct; raises NotImportable when there is none it can prove."""
    resources = document.get("Resources")
    if not isinstance(resources, dict) or not resources:
        raise NotImportable("the template has no Resources")
    _reading.current = None
    try:
        layout = find_layout(resources)
        stack = stack_name or _stack_name(layout, resources)
        target = Target.of(document, layout)
        candidates = [_assemble(layout, resources, document, stack, legacy, kind)
                      for legacy, kind in _choices(layout)]
    except (LayoutError, Unexpressible) as exc:
        raise NotImportable(str(exc)) from None
    except SHAPES as exc:  # a value of a shape the constructs never write (a hand edit)
        raise NotImportable(f"{_reading.current or 'the template'}: a value is not of the shape the constructs write "
                           f"({type(exc).__name__}: {exc})") from None
    results = []
    problems = []
    for spec in candidates:
        found = target.difference(spec, stack)
        if found is None:
            results.append(minimize(spec, target, stack))
        else:
            problems.append(found)
    if not results:
        raise NotImportable(problems[0])
    spec = min(results, key=lambda s: len(spec_text(s)))  # the first of equals: the PDK's own defaults
    others = [(lid, str(r.get("Type") if isinstance(r, dict) else "not a resource")) for lid, r in resources.items()
              if lid not in layout.claimed and not (isinstance(r, dict) and r.get("Type") == CDK_METADATA)]
    return Imported(spec=spec, stack_name=stack, left_out=others, identity_resources=sorted(layout.claimed),
                    identity_outputs=target.outputs_of(spec, stack))


SHAPES = (TypeError, ValueError, KeyError, AttributeError, IndexError)
CDK_METADATA = "AWS::CDK::Metadata"  # what cdk synth adds to every stack (version reporting): not the construct's


class _Reading:
    """The resource being read, for the message when one has a value of an unexpected shape."""

    current: str | None = None

    def __call__(self, lid: str, read, *args):
        self.current = lid
        return read(lid, *args)


_reading = _Reading()


def _choices(layout: Layout) -> list[tuple[bool, str]]:
    """(legacy defaults, kind of a pool of its own) to try: the spec is the shortest that matches."""
    kinds = ["UserPoolWithMfa", "UserPool"] if layout.kind == "UserIdentity" and layout.form == "pool" else \
        ["UserPoolWithMfa"]
    if layout.pool_logical_id is None:
        return [(False, "UserPoolWithMfa")]
    return [(legacy, kind) for legacy in (False, True) for kind in kinds if not (legacy and kind == "UserPool")]


def _stack_name(layout: Layout, resources: dict) -> str | None:
    """The stack name the SMS role's ExternalId was made with (``Names.uniqueId`` of the pool)."""
    if layout.sms_role is None or layout.pool_logical_id is None:
        return None
    pool = (resources[layout.pool_logical_id].get("Properties") or {})
    external = (pool.get("SmsConfiguration") or {}).get("ExternalId")
    if not isinstance(external, str) or len(external) <= naming.HASH_LEN:
        return None
    human = external[:-naming.HASH_LEN]
    pool_human = naming.make_unique_id(list(layout.pool_path) + [ids.RESOURCE])[:-naming.HASH_LEN]
    if not human.endswith(pool_human):
        return None
    candidate = human[: len(human) - len(pool_human)]
    if candidate and naming.make_unique_id([candidate, *layout.pool_path]) == external:
        return candidate
    return None


def _assemble(layout: Layout, resources: dict, document: dict, stack: str | None, legacy: bool,
              pool_kind: str) -> dict:
    """The explicit spec: every value the template shows."""
    spec: dict[str, Any] = {"kind": layout.kind}
    if stack:
        spec["stack_name"] = stack
    if isinstance(document.get("Description"), str):
        spec["description"] = document["Description"]
    if legacy:
        spec["pdk_legacy_defaults"] = True
    pool = _pool(layout, resources, legacy if pool_kind == "UserPoolWithMfa" else None)
    _secret_outputs(layout, document, pool)
    if layout.kind == "UserPoolWithMfa":
        spec["id"] = layout.pool_path[-1]
        spec.update(pool)
        return spec
    spec["id"] = layout.identity_id
    if layout.form == "props":
        if pool.pop("self_sign_up_enabled", None):
            spec["allow_signup"] = True
    elif layout.form == "pool":
        pool = {"kind": pool_kind, "id": layout.pool_path[-1], **pool}
    else:
        pool = {"id": layout.pool_path[-1], **_existing_pool(layout, resources), **pool}
    spec["user_pool"] = pool
    client_ids = {lid: cid for cid, lid in layout.children.get("clients", [])}
    spec["identity_pool_options"] = decompile.identity_pool_options(layout, resources, client_ids,
                                                                    layout.pool_logical_id)
    policies = {kind: decompile.statements(lid, (resources[lid].get("Properties") or {}).get("PolicyDocument") or {})
                for kind, lid in layout.default_policies.items()}
    policies.update(_existing_role_policies(layout, resources, spec["identity_pool_options"]))
    _grants_on_existing_roles(pool.get("grants") or [], spec["identity_pool_options"])
    if policies:
        spec["role_policies"] = policies
    return spec


def _secret_outputs(layout: Layout, document: dict, pool: dict) -> None:
    """``output_client_secret`` for each client whose ``ClientSecret`` the template outputs."""
    outputs = [o.get("Value") for o in (document.get("Outputs") or {}).values() if isinstance(o, dict)]
    for item in pool.get("clients", []):
        lid = dict(layout.children.get("clients", [])).get(item["id"])
        if any(attribute_of(value, {lid: None}) == "ClientSecret" for value in outputs):
            item["output_client_secret"] = True


def _pool(layout: Layout, resources: dict, legacy: bool | None) -> dict:
    """The pool's props (with the PDK's defaults it lacks unset; ``legacy`` None: a plain UserPool, no PDK
    defaults) and its methods."""
    out: dict[str, Any] = {}
    if layout.pool_logical_id is not None:
        explicit = _reading(layout.pool_logical_id, decompile.pool_props, resources[layout.pool_logical_id], layout,
                            resources)
        pdk = {} if legacy is None else \
            defaults.PDK_LEGACY_USER_POOL_DEFAULTS if legacy else defaults.PDK_USER_POOL_DEFAULTS
        for key, value in explicit.items():
            if value is not None or key in pdk:
                out[key] = value
        for key in pdk:
            out.setdefault(key, None)
    ids = {lid: cid for method in ("identity_providers", "resource_servers")
           for cid, lid in layout.children.get(method, [])}
    readers = {"identity_providers": lambda lid: _reading(lid, decompile.identity_provider, resources[lid]),
               "resource_servers": lambda lid: _reading(lid, decompile.resource_server, resources[lid]),
               "clients": lambda lid: _reading(lid, decompile.client, resources[lid], ids),
               "domains": lambda lid: _reading(lid, decompile.domain, resources[lid]),
               "groups": lambda lid: _reading(lid, decompile.group, resources[lid])}
    for method, reader in readers.items():
        items = [{"id": cid, **reader(lid)} for cid, lid in _ordered(layout, resources, method)]
        if items:
            out[method] = items
    for owner, lids in layout.terms.items():
        next(item for item in out["clients"] if item["id"] == owner)["terms"] = [
            _reading(lid, decompile.terms, resources[lid]) for lid in lids]
    for key, found, reader in (("ui_customization", layout.ui_customizations, decompile.ui_customization),
                               ("risk_configuration", layout.risk_configurations, decompile.risk_configuration),
                               ("managed_login_branding", layout.brandings, decompile.managed_login_branding)):
        for owner, lid in found.items():
            value = _reading(lid, reader, resources[lid])
            target = out if owner is None else next(item for item in out["clients"] if item["id"] == owner)
            target[key] = value
    for owner, lid in layout.session_configurations.items():
        if owner is None:
            out["session_configuration"] = _reading(lid, decompile.session_configuration, resources[lid])
        else:
            client = next(item for item in out["clients"] if item["id"] == owner)
            client["sso_session"] = _reading(lid, decompile.sso_session, resources[lid])
    if layout.log_delivery:
        out["log_configurations"] = _reading(layout.log_delivery, decompile.log_delivery, resources[layout.log_delivery])
    if layout.web_acl_association:
        out["web_acl_arn"] = _reading(layout.web_acl_association, decompile.web_acl_arn,
                                      resources[layout.web_acl_association])
    grants = _grants(layout, resources)
    if grants:
        out["grants"] = grants
    return out


def _ordered(layout: Layout, resources: dict, method: str) -> list[tuple[str, str]]:
    """A method's items in the order they were added: identity providers as a client lists them by default."""
    items = list(layout.children.get(method, []))
    if method != "identity_providers" or len(items) < 2:
        return items
    position = {lid: i for i, (_cid, lid) in enumerate(items)}
    for _cid, client in layout.children.get("clients", []):
        listed = (resources[client].get("Properties") or {}).get("SupportedIdentityProviders") or []
        refs = [p["Ref"] for p in listed if isinstance(p, dict) and p.get("Ref") in position]
        if len(refs) == len(items):
            order = {lid: i for i, lid in enumerate(refs)}
            return sorted(items, key=lambda item: order[item[1]])
    return items


def _existing_pool_id(layout: Layout, resources: dict) -> str:
    for _cid, lid in layout.children.get("clients", []):
        value = (resources[lid].get("Properties") or {}).get("UserPoolId")
        if isinstance(value, str):
            return value
    raise Unexpressible(layout.identity_pool or "", "CognitoIdentityProviders", "no client names the existing pool's id")


def _existing_pool(layout: Layout, resources: dict) -> dict:
    """``user_pool_id``, or ``user_pool_arn`` when the template shows the ARN (a grant's resource, the web ACL's
    association) or a region
    of its own (``fromUserPoolArn`` names the pool's provider with the ARN's region, in role mappings and
    principal tags)."""
    pool_id = _existing_pool_id(layout, resources)
    policies = list(layout.imported_role_policies.values()) + [lid for _k, lid in layout.imported_principal_policies.values()]
    arns = [statement.get("Resource") for lid in policies
            for statement in ((resources[lid].get("Properties") or {}).get("PolicyDocument") or {}).get("Statement") or []]
    if layout.web_acl_association:  # the association names the pool by its ARN
        arns.append((resources[layout.web_acl_association].get("Properties") or {}).get("ResourceArn"))
    for arn in arns:
        if isinstance(arn, str) and arn.startswith("arn:") and arn.endswith(f":userpool/{pool_id}"):
            return {"user_pool_arn": arn}
    mappings = (resources[layout.role_attachment].get("Properties") or {}).get("RoleMappings") or {} \
        if layout.role_attachment else {}
    names = [mapping.get("IdentityProvider") for mapping in mappings.values()] + \
        [(resources[lid].get("Properties") or {}).get("IdentityProviderName") for lid in layout.principal_tags]
    parts = [part for name in names for part in decompile._join_parts(name) or []]
    region = next((p[len("cognito-idp."):].split(".")[0] for p in parts if isinstance(p, str) and
                   p.startswith("cognito-idp.") and len(p) > len("cognito-idp.")), None)
    if region:  # the ARN's account shows nowhere in the template: any account compiles to it
        return {"user_pool_arn": f"arn:aws:cognito-idp:{region}:000000000000:userpool/{pool_id}"}
    return {"user_pool_id": pool_id}


def _pool_arn(layout: Layout, resources: dict) -> Any:
    """The pool's ARN as the template writes it: ``GetAtt`` of the pool, an existing pool's ARN, or its
    ``formatArn``."""
    if layout.pool_logical_id:
        return {"Fn::GetAtt": [layout.pool_logical_id, "Arn"]}
    existing = _existing_pool(layout, resources)
    if "user_pool_arn" in existing:
        return existing["user_pool_arn"]
    return {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":cognito-idp:", {"Ref": "AWS::Region"}, ":",
                              {"Ref": "AWS::AccountId"}, f":userpool/{existing['user_pool_id']}"]]}


def _grants(layout: Layout, resources: dict) -> list[dict]:
    arn = _pool_arn(layout, resources)
    grants = []
    policies = [(node_id, "role", lid) for node_id, lid in layout.imported_role_policies.items()] + \
        [(node_id, kind, lid) for node_id, (kind, lid) in layout.imported_principal_policies.items()]
    for node_id, kind, lid in policies:
        props = resources[lid].get("Properties") or {}
        name = props[ids.GRANTEES[kind][1]][0]
        for statement in (props.get("PolicyDocument") or {}).get("Statement") or []:
            if statement.get("Resource") == arn and "Condition" not in statement:
                actions = statement.get("Action")
                grant: dict[str, Any] = {f"{kind}_name": name,
                                         "actions": actions if isinstance(actions, list) else [actions]}
                if node_id != name:
                    grant["id"] = node_id
                grants.append(grant)
    return grants


def _grants_on_existing_roles(grants: list[dict], options: dict) -> None:
    """A grant on a role the identity pool also uses names it by the same ARN: one ``Role.fromRoleArn``."""
    arns = {}  # the construct id of each existing default role → its ARN
    for kind in ("authenticated", "unauthenticated"):
        given = options.get(f"{kind}_role")
        if isinstance(given, str):
            arns[ids.imported_principal(given)] = given
        elif isinstance(given, dict):
            arns[given["id"]] = given["role_arn"]
    for grant in grants:
        node_id = grant.get("id", grant.get("role_name"))
        if node_id in arns and naming.principal_name_of(arns[node_id]) == grant.get("role_name"):
            grant["role_arn"] = arns[node_id]
            del grant["role_name"]


def _existing_role_policies(layout: Layout, resources: dict, options: dict) -> dict:
    """Statements on the identity pool's existing roles (``addToPrincipalPolicy`` on ``Role.fromRoleArn(stack, id,
    arn)``); a role whose construct id is not its name is written ``{role_arn, id}``."""
    out: dict[str, list] = {}
    pool_arn = _pool_arn(layout, resources)
    for kind in ("authenticated", "unauthenticated"):
        arn = options.get(f"{kind}_role")
        if not isinstance(arn, str):
            continue
        name = naming.principal_name_of(arn)
        found = [(node_id, lid) for node_id, lid in layout.imported_role_policies.items()
                 if ((resources[lid].get("Properties") or {}).get("Roles") or [None])[0] == name and any(
                     s.get("Resource") != pool_arn for s in _statements_of(resources[lid]))]
        if not found:
            continue
        node_id, lid = next(((n, lid) for n, lid in found if n == name), found[0])
        if node_id != name:
            options[f"{kind}_role"] = {"role_arn": arn, "id": node_id}
        kept = {"Statement": [s for s in _statements_of(resources[lid]) if s.get("Resource") != pool_arn]}
        out[kind] = decompile.statements(lid, kept)
    return out


def _statements_of(policy: dict) -> list:
    return ((policy.get("Properties") or {}).get("PolicyDocument") or {}).get("Statement") or []

