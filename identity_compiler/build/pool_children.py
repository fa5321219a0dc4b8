"""The pool's other methods: ``addDomain``, ``addResourceServer``, ``registerIdentityProvider`` and
groups (aws-cdk-lib 2.163 ``user-pool-domain.ts``, ``user-pool-resource-server.ts``,
``user-pool-idps/*.ts``, ``user-pool-group.ts``)."""

from __future__ import annotations

from troposphere import Ref, Region, cognito

from ..spec import construct_ids as ids
from ..spec import model
from ..spec.construct_tree import Construct
from ..spec.vocabulary import PROVIDER_TYPES
from .common import attach, attach_direct, compact, join, place
from .user_pool import PoolHandle


def build_domain(stack: Construct, pool: PoolHandle, domain: model.Domain) -> Construct:
    node = place(stack, domain)
    resource = attach(node, cognito.UserPoolDomain, {
        "UserPoolId": pool.user_pool_id,
        "Domain": domain.domain_name or domain.domain_prefix,
        "CustomDomainConfig": None if domain.certificate_arn is None else compact({
            "CertificateArn": domain.certificate_arn, "SecurityPolicy": domain.security_policy}),
        "ManagedLoginVersion": domain.managed_login_version,
        "Routing": None if domain.failover_region is None else {"Failover": {
            "SecondaryRegion": domain.failover_region, "PrimaryRoute53HealthCheckId": domain.failover_health_check}},
    })
    # the host of UserPoolDomain.baseUrl(): the custom domain itself, or <prefix>.auth.<region>.amazoncognito.com
    host = domain.domain_name if domain.domain_name is not None else \
        join(Ref(resource.logical_id), ".auth.", Region, ".amazoncognito.com")
    pool.hosted_ui_domains.append((domain.domain_name is not None, host))
    return node


def build_resource_server(stack: Construct, pool: PoolHandle, server: model.ResourceServer) -> Construct:
    node = place(stack, server)
    resource = attach(node, cognito.UserPoolResourceServer, {
        "Identifier": server.identifier,
        "Name": server.name,
        "Scopes": None if server.scopes is None else
        [{"ScopeName": s.scope_name, "ScopeDescription": s.scope_description} for s in server.scopes],
        "UserPoolId": pool.user_pool_id,
    })
    pool.resource_servers[server.id] = Ref(resource.logical_id)
    return node


def build_identity_provider(stack: Construct, pool: PoolHandle, provider: model.IdentityProvider) -> Construct:
    """``UserPoolIdentityProvider<Type>`` created as a child of the pool, registered on it."""
    node = place(stack, provider)
    resource = attach(node, cognito.UserPoolIdentityProvider, {
        "UserPoolId": pool.user_pool_id,
        "ProviderName": provider.provider_name,
        "ProviderType": PROVIDER_TYPES[provider.type][0],
        "ProviderDetails": dict(provider.details),
        "IdpIdentifiers": None if provider.identifiers is None else list(provider.identifiers),
        "AttributeMapping": None if provider.attribute_mapping is None else dict(provider.attribute_mapping),
    })
    pool.identity_providers[provider.id] = Ref(resource.logical_id)
    return node


def build_ui_customizations(pool: PoolHandle, model_pool: model.UserPool | model.ExistingPool) -> None:
    """The hosted UI's CSS, for every client (on the pool) and for one (on a client), each after the pool's
    domains: Cognito refuses a UI customization of a pool without one."""
    targets = []
    if model_pool.ui_customization_css is not None:
        targets.append((pool.node, "ALL", model_pool.ui_customization_css))
    for client in model_pool.clients:
        if client.ui_customization_css is not None:
            node = pool.clients[client.id]
            targets.append((node, Ref(node.find_child(ids.RESOURCE).logical_id), client.ui_customization_css))
    domains = [pool.methods[d.id] for d in model_pool.domains]
    for parent, client_id, css in targets:
        attachment = parent.child(ids.UI_CUSTOMIZATION)
        attach_direct(attachment, cognito.UserPoolUICustomizationAttachment,
                      {"UserPoolId": pool.user_pool_id, "ClientId": client_id, "CSS": css})
        for domain in domains:
            attachment.add_dependency(domain)


def build_group(stack: Construct, pool: PoolHandle, group: model.Group) -> Construct:
    node = place(stack, group)
    attach(node, cognito.UserPoolGroup, {
        "UserPoolId": pool.user_pool_id,
        "GroupName": group.group_name,
        "Description": group.description,
        "Precedence": group.precedence,
        "RoleArn": group.role_arn,
    })
    return node

