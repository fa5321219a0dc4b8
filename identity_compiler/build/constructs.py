"""The two PDK constructs, ``UserPoolWithMfa`` and ``UserIdentity``, assembled from the builders.

``build_template`` is the build stage: a resolved spec (model.py) in, a ``troposphere.Template`` out.
Every construct is placed at the path the resolve stage gave it.
"""

from __future__ import annotations

from troposphere import Template

from ..spec import model
from ..spec.construct_tree import Construct, ConstructCollision, TooManyResources, apply_dependencies
from .client import build_client
from .identity_pool import build_identity_pool
from .imported_principals import build_imported_principals
from .outputs import add_outputs
from .sessions import build_session_configurations
from .pool_children import (build_domain, build_group, build_identity_provider, build_resource_server,
                            build_ui_customizations)
from .user_pool import PoolHandle, build_user_pool, imported_pool

MAX_RESOURCES = 500  # CloudFormation's quota of resources in one stack (the CDK's Stack.maxResources)

BUILDERS = {
    model.IdentityProvider: build_identity_provider,
    model.ResourceServer: build_resource_server,
    model.Client: build_client,
    model.Domain: build_domain,
    model.Group: build_group,
}


def build_pool(stack: Construct, pool: model.UserPool | model.ExistingPool) -> PoolHandle:
    """The pool (or the references to an existing one) and its methods, in the order the CDK adds them."""
    if isinstance(pool, model.UserPool):
        handle = build_user_pool(stack, pool)
    else:
        handle = imported_pool(stack, pool)
    for method in pool.methods:
        handle.methods[method.id] = BUILDERS[type(method)](stack, handle, method)
    build_ui_customizations(handle, pool)
    build_session_configurations(handle, pool)
    return handle


def build_user_identity(stack: Construct, identity: model.UserIdentity) -> tuple[Construct, PoolHandle]:
    """``new UserIdentity(stack, id, {allowSignup, identityPoolOptions, userPool})``."""
    pool = build_pool(stack, identity.pool)  # inside the UserIdentity for its own pool
    node = stack.find_child(identity.id) or stack.child(identity.id)
    if not identity.web_client_declared:
        build_client(stack, pool, identity.web_client)
    providers = {provider.path: build_pool(stack, provider.pool)  # the pools to which the CDK adds a client
                 for provider in identity.identity_pool.user_pool_providers if provider.pool is not None}
    build_identity_pool(stack, identity.identity_pool, pool, pool.clients[identity.web_client.id], providers)
    return node, pool


def build_template(spec: model.Spec, stack_name: str) -> tuple[Template, dict[str, tuple]]:
    """Build the template for a resolved spec; also each resource's logical id → the spec key path it came from.
    The mode is the model's (the resolve stage decided it): nothing here asks which it is."""
    stack = Construct(stack_name)
    if isinstance(spec.root, model.UserIdentity):
        node, pool = build_user_identity(stack, spec.root)
    else:
        pool = build_pool(stack, spec.root)
        node = pool.node
    build_imported_principals(stack, spec.imported_principals, pool.user_pool_arn)
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
    if len(resources) > MAX_RESOURCES:
        raise TooManyResources(len(resources), MAX_RESOURCES, resources[MAX_RESOURCES].source_path)
    template = Template()
    if spec.description:
        template.set_description(spec.description)
    for resource_node in resources:
        template.add_resource(resource_node.resource)
    add_outputs(template, spec, node, pool)
    return template, {n.logical_id: n.source_path for n in resources}
