"""Template outputs: the PDK's two for UserIdentity, and (README, deliberate difference 2; not with ``--pdk-compat``)
everything a web client's configuration needs."""

from __future__ import annotations

from typing import Any

from troposphere import GetAtt, Output, Ref, Region, Template

from ..spec import construct_ids as ids
from ..spec import model
from ..spec.construct_tree import Construct, ConstructCollision
from ..spec.vocabulary import CLIENT_ID_OUTPUT
from .common import join
from .user_pool import PoolHandle

MAX_OUTPUTS = 200  # CloudFormation quota: outputs per template


def _output(template: Template, node: Construct, name: str, value: Any, description: str | None = None,
            source: tuple = ()) -> None:
    """``new CfnOutput(node, '<node id>-<name>', {value})``: its logical id comes from that path."""
    _add(template, node.logical_id_of(f"{node.id}-{name}"), value, description, source)


def _add(template: Template, logical_id: str, value: Any, description: str | None, source: tuple = ()) -> None:
    if logical_id in template.outputs:  # the CDK: "section 'Outputs' already contains ..."
        raise ConstructCollision(f"two outputs would get the logical id {logical_id} (an id 'Default' stands for its "
                                 "parent in logical ids, and only letters and digits are kept); give one of the "
                                 "clients another id", source)
    output = Output(logical_id, Value=value)
    if description:
        output.Description = description
    template.add_output(output)


def add_outputs(template: Template, spec: model.Spec, node: Construct, pool: PoolHandle) -> None:
    if spec.kind == "UserIdentity":
        identity_pool = node.find_child(ids.IDENTITY_POOL).find_child(ids.RESOURCE)
        _output(template, node, "UserPoolId", pool.user_pool_id)
        _output(template, node, "IdentityPoolId", Ref(identity_pool.logical_id))
    elif spec.web_outputs:
        _output(template, node, "UserPoolId", pool.user_pool_id)
    for client_id in pool.secret_outputs:  # asked for in the spec (output_client_secret): in both modes
        client = pool.clients[client_id]
        _output(template, node, f"{client_id}ClientSecret", GetAtt(client.find_child(ids.RESOURCE).logical_id,
                                                                   "ClientSecret"),
                f"Secret of the user pool client {client_id}", client.source or ())
    if not spec.web_outputs:
        return
    _output(template, node, "UserPoolArn", pool.user_pool_arn, "ARN of the user pool")
    provider_url = pool.provider_url or join("https://cognito-idp.", Region, ".amazonaws.com/", pool.user_pool_id)
    _output(template, node, "UserPoolProviderUrl", provider_url, "Issuer URL of the user pool's tokens")
    _output(template, node, "Region", Region, "Region of the user pool and identity pool")
    if pool.hosted_ui_domains:  # a custom domain is the one the team set up for its users
        host = sorted(pool.hosted_ui_domains, key=lambda domain: not domain[0])[0][1]
        _output(template, node, "HostedUiDomain", host, "Host name of the hosted UI and managed login pages")
    web_first = sorted(pool.clients.items(), key=lambda item: item[0] != ids.WEB_CLIENT)
    for client_id, client in web_first:
        if len(template.outputs) >= MAX_OUTPUTS:
            break  # one per client, as far as CloudFormation's quota of outputs allows
        value, description = Ref(client.find_child(ids.RESOURCE).logical_id), CLIENT_ID_OUTPUT.format(client_id)
        if client_id == ids.WEB_CLIENT:
            _output(template, node, f"{ids.WEB_CLIENT}Id", value, description)
        else:  # at the client's own path: unique by construction, whatever the ids (a client Web, an id Default)
            _add(template, client.logical_id_of(ids.CLIENT_ID_OUTPUT), value, description)
