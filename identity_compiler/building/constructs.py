"""The two PDK constructs, ``UserPoolWithMfa`` and ``UserIdentity``, assembled from the builders.

``build_template`` is the build stage: a checked spec in, a ``troposphere.Template`` out.
"""

from __future__ import annotations

from troposphere import Template

from .. import defaults
from ..model import Construct, ConstructCollision, apply_dependencies
from ..vocabulary import NOT_PROPS, POOL_METHODS
from .client import build_client
from .identity_pool import build_identity_pool
from .outputs import add_outputs
from .pool_children import build_domain, build_grants, build_group, build_identity_provider, build_resource_server
from .user_pool import PoolHandle, build_user_pool, imported_pool

BUILDERS = {
    "identity_providers": build_identity_provider,
    "resource_servers": build_resource_server,
    "clients": build_client,
    "domains": build_domain,
    "groups": build_group,
}


def build_pool(parent: Construct, node_id: str, kind: str, spec: dict, *, pdk_compat: bool,
               path: tuple = ()) -> PoolHandle:
    """A ``UserPoolWithMfa`` (PDK defaults) or plain ``UserPool`` with the spec's methods applied.

    ``path`` is the key path of the pool's mapping in the spec; each construct records where it came from.
    """
    given = {k: v for k, v in spec.items() if k not in NOT_PROPS}
    pool = build_user_pool(parent, node_id, defaults.pool_props(kind, given), pdk_compat=pdk_compat, path=path,
                           with_mfa=kind == "UserPoolWithMfa")
    apply_methods(pool, spec, path)
    return pool


def apply_methods(pool: PoolHandle, spec: dict, path: tuple) -> None:
    """The pool's methods as the spec lists them (``addClient``, ``addDomain``, ..., ``grant``), on a pool
    built here or an existing one (the CDK builds them alike on ``UserPool.fromUserPoolId``)."""
    for key in POOL_METHODS:
        for index, item in enumerate(spec.get(key) or []):
            try:
                BUILDERS[key](pool, item["id"], {k: v for k, v in item.items() if k != "id"})
            except ConstructCollision as exc:
                exc.source = exc.source or path + (key, index, "id")
                raise
            pool.node.children[-1].source = path + (key, index)
    if spec.get("grants"):
        build_grants(pool, spec["grants"], path + ("grants",))


def build_user_identity(stack: Construct, spec: dict, *, pdk_compat: bool) -> tuple[Construct, PoolHandle]:
    """``new UserIdentity(stack, id, {allowSignup, identityPoolOptions, userPool})``."""
    node_id = spec.get("id", defaults.IDENTITY_ID)
    user_pool = spec.get("user_pool") or {}
    if "user_pool_id" in user_pool or "user_pool_arn" in user_pool:
        pool = imported_pool(stack, user_pool.get("id", defaults.USER_POOL_ID),
                             user_pool.get("user_pool_id"), user_pool.get("user_pool_arn"))
        pool.pdk_compat = pdk_compat
        apply_methods(pool, user_pool, ("user_pool",))
        node = _identity_node(stack, node_id)
    elif "kind" in user_pool:
        # The "user provided" pool: built at the stack's top level before UserIdentity.
        pool = build_pool(stack, user_pool.get("id", defaults.USER_POOL_ID), user_pool["kind"], user_pool,
                          pdk_compat=pdk_compat, path=("user_pool",))
        node = _identity_node(stack, node_id)
    else:
        node = stack.child(node_id)
        signup = {"self_sign_up_enabled": True} if spec.get("allow_signup") else {}
        pool = build_pool(node, defaults.USER_POOL_ID, "UserPoolWithMfa", {**signup, **user_pool},
                          pdk_compat=pdk_compat, path=("user_pool",))
    client = pool.clients.get(defaults.WEB_CLIENT_ID)
    if client is None:
        try:
            build_client(pool, defaults.WEB_CLIENT_ID, defaults.WEB_CLIENT_PROPS)
        except ConstructCollision as exc:  # a domain, server, provider or group called WebClient
            exc.source = exc.source or ("user_pool",)
            exc.args = (f"{exc} (UserIdentity adds its web client with the id {defaults.WEB_CLIENT_ID})",)
            raise
        client = pool.clients[defaults.WEB_CLIENT_ID]
    options = dict(spec.get("identity_pool_options") or {})
    if spec.get("role_policies"):
        options["role_policies"] = spec["role_policies"]  # the extension may sit at the top level
    build_identity_pool(node, options, pool, client).source = ("identity_pool_options",)
    return node, pool


def _identity_node(stack: Construct, node_id: str) -> Construct:
    """The UserIdentity, created after a pool of the stack's own (or imported): that pool, or a role its
    grants import, may have taken the id first."""
    try:
        return stack.child(node_id)
    except ConstructCollision as exc:
        exc.source = ("id",)
        raise


def build_template(spec: dict, stack_name: str, *, pdk_compat: bool = False) -> tuple[Template, dict[str, tuple]]:
    """Build the template for a checked spec; also each resource's logical id → the spec key path it came from."""
    stack = Construct(stack_name)
    kind = spec["kind"]
    if kind == "UserIdentity":
        node, pool = build_user_identity(stack, spec, pdk_compat=pdk_compat)
    else:
        node_id = spec.get("id", defaults.DEFAULT_IDS[kind])
        pool = build_pool(stack, node_id, kind, spec, pdk_compat=pdk_compat)
        node = pool.node
    pool.imported_roles.build(stack)
    apply_dependencies(stack)
    resources = stack.resources()
    seen: dict[str, Construct] = {}
    for resource_node in resources:
        other = seen.setdefault(resource_node.logical_id, resource_node)
        if other is not resource_node:
            raise ConstructCollision(
                f"{resource_node.path} and {other.path} would both get the logical id {resource_node.logical_id} "
                "(an id 'Default' stands for its parent in logical ids); give one of them another id",
                resource_node.source_path)
    template = Template()
    if spec.get("description"):
        template.set_description(spec["description"])
    for resource_node in resources:
        template.add_resource(resource_node.resource)
    add_outputs(template, kind, node, pool, pdk_compat=pdk_compat)
    return template, {n.logical_id: n.source_path for n in resources}
