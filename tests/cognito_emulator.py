"""Test-only plugin: CloudFormation models for Cognito in moto's local AWS emulator.

moto's CloudFormation has no models for ``AWS::Cognito::*``. These classes teach it the ones the
compiled templates deploy (user pool, client, domain, group, resource server, identity pool and its
role attachment), on
top of moto's own Cognito backends, so ``aws cloudformation deploy`` creates real emulated pools
that a client can sign in to. moto finds them as direct subclasses of ``CloudFormationModel``, so
importing this module registers them. Written against moto 5.2 (pinned in the test extra).
"""

from __future__ import annotations

import json
from typing import Any

from moto.cognitoidentity.models import cognitoidentity_backends
from moto.cognitoidp.models import cognitoidp_backends
from moto.core.common_models import CloudFormationModel

# moto's model metaclass files each model under the second part of its module's dotted name.
_MODULE = "tests.cognito_emulator"
ROLE_ATTACHMENTS: dict[str, dict] = {}  # identity pool id → {"Roles": ..., "RoleMappings": ...}


def _props(cloudformation_json: dict) -> dict:
    return dict(cloudformation_json.get("Properties") or {})


class _Base:
    """What every model here shares: no names to generate, created at once, no deletion by name."""

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    def is_created(self) -> bool:
        return True


class UserPool(CloudFormationModel, _Base):
    __module__ = _MODULE

    def __init__(self, pool, account_id: str, region: str):
        self.pool, self.account_id, self.region = pool, account_id, region

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Cognito::UserPool"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in ("Arn", "ProviderName", "ProviderURL", "UserPoolId")

    @property
    def physical_resource_id(self) -> str:
        return self.pool.id

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        provider = f"cognito-idp.{self.region}.amazonaws.com/{self.pool.id}"
        return {"Arn": self.pool.arn, "ProviderName": provider, "ProviderURL": f"https://{provider}",
                "UserPoolId": self.pool.id}[attribute_name]

    @staticmethod
    def _configure(backend, pool, props: dict, enabled_mfas: list | None) -> None:
        mfas = enabled_mfas or []
        token = {"Enabled": True} if "SOFTWARE_TOKEN_MFA" in mfas else None
        sms = {"SmsConfiguration": props["SmsConfiguration"]} if "SMS_MFA" in mfas and "SmsConfiguration" in props \
            else None
        backend.set_user_pool_mfa_config(pool.id, sms, token, props.get("MfaConfiguration") or "OFF")

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = _props(cloudformation_json)
        backend = cognitoidp_backends[account_id][region_name]
        enabled = props.pop("EnabledMfas", None)
        pool = backend.create_user_pool(props.pop("UserPoolName", resource_name), props)
        cls._configure(backend, pool, props, enabled)
        return cls(pool, account_id, region_name)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json,
                                        account_id, region_name):
        props = _props(cloudformation_json)
        backend = cognitoidp_backends[account_id][region_name]
        enabled = props.pop("EnabledMfas", None)
        props.pop("UserPoolName", None)
        backend.update_user_pool(original_resource.pool.id, props)
        cls._configure(backend, original_resource.pool, props, enabled)
        return original_resource

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        cognitoidp_backends[account_id][region_name].delete_user_pool(resource_name)


class UserPoolClient(CloudFormationModel, _Base):
    __module__ = _MODULE

    def __init__(self, client):
        self.client = client

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Cognito::UserPoolClient"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in ("ClientId", "ClientSecret", "Name")

    @property
    def physical_resource_id(self) -> str:
        return self.client.id

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        return {"ClientId": self.client.id, "ClientSecret": self.client.secret,
                "Name": self.client.extended_config.get("ClientName")}[attribute_name]

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = _props(cloudformation_json)
        backend = cognitoidp_backends[account_id][region_name]
        pool_id = props.pop("UserPoolId")
        return cls(backend.create_user_pool_client(pool_id, props.pop("GenerateSecret", False), props))

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json,
                                        account_id, region_name):
        props = _props(cloudformation_json)
        backend = cognitoidp_backends[account_id][region_name]
        client = original_resource.client
        backend.update_user_pool_client(props.pop("UserPoolId"), client.id, props)
        return original_resource

    def delete(self, account_id: str, region_name: str) -> None:
        cognitoidp_backends[account_id][region_name].delete_user_pool_client(self.client.user_pool_id, self.client.id)


class UserPoolDomain(CloudFormationModel, _Base):
    __module__ = _MODULE

    def __init__(self, domain: str, pool_id: str):
        self.domain, self.pool_id = domain, pool_id

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Cognito::UserPoolDomain"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in ("CloudFrontDistribution",)

    @property
    def physical_resource_id(self) -> str:
        return self.domain

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = _props(cloudformation_json)
        backend = cognitoidp_backends[account_id][region_name]
        backend.create_user_pool_domain(props["UserPoolId"], props["Domain"], props.get("CustomDomainConfig"))
        return cls(props["Domain"], props["UserPoolId"])

    def delete(self, account_id: str, region_name: str) -> None:
        cognitoidp_backends[account_id][region_name].delete_user_pool_domain(self.domain)


class UserPoolGroup(CloudFormationModel, _Base):
    __module__ = _MODULE

    def __init__(self, pool_id: str, name: str):
        self.pool_id, self.name = pool_id, name

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Cognito::UserPoolGroup"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return False

    @property
    def physical_resource_id(self) -> str:
        return self.name

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = _props(cloudformation_json)
        name = props.get("GroupName") or resource_name
        cognitoidp_backends[account_id][region_name].create_group(
            props["UserPoolId"], name, props.get("Description"), props.get("RoleArn"), props.get("Precedence"))
        return cls(props["UserPoolId"], name)

    def delete(self, account_id: str, region_name: str) -> None:
        cognitoidp_backends[account_id][region_name].delete_group(self.pool_id, self.name)


class UserPoolResourceServer(CloudFormationModel, _Base):
    __module__ = _MODULE

    def __init__(self, identifier: str):
        self.identifier = identifier

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Cognito::UserPoolResourceServer"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return False

    @property
    def physical_resource_id(self) -> str:
        return self.identifier

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = _props(cloudformation_json)
        cognitoidp_backends[account_id][region_name].create_resource_server(
            props["UserPoolId"], props["Identifier"], props["Name"], props.get("Scopes") or [])
        return cls(props["Identifier"])


class IdentityPool(CloudFormationModel, _Base):
    __module__ = _MODULE

    def __init__(self, pool_id: str, name: str):
        self.pool_id, self.name = pool_id, name

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Cognito::IdentityPool"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in ("Name", "Id")

    @property
    def physical_resource_id(self) -> str:
        return self.pool_id

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        return {"Name": self.name, "Id": self.pool_id}[attribute_name]

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = _props(cloudformation_json)
        backend = cognitoidentity_backends[account_id][region_name]
        name = props.get("IdentityPoolName") or resource_name
        created = json.loads(backend.create_identity_pool(
            name, props.get("AllowUnauthenticatedIdentities", False), props.get("SupportedLoginProviders") or {},
            props.get("DeveloperProviderName") or "", props.get("OpenIdConnectProviderARNs") or [],
            props.get("CognitoIdentityProviders") or [], props.get("SamlProviderARNs") or [], {}))
        return cls(created["IdentityPoolId"], name)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json,
                                        account_id, region_name):
        props = _props(cloudformation_json)
        cognitoidentity_backends[account_id][region_name].update_identity_pool(
            original_resource.pool_id, original_resource.name, props.get("AllowUnauthenticatedIdentities", False),
            props.get("SupportedLoginProviders"), props.get("DeveloperProviderName"),
            props.get("OpenIdConnectProviderARNs"), props.get("CognitoIdentityProviders"),
            props.get("SamlProviderARNs"), None)
        return original_resource

    def delete(self, account_id: str, region_name: str) -> None:
        cognitoidentity_backends[account_id][region_name].delete_identity_pool(self.pool_id)


class IdentityPoolRoleAttachment(CloudFormationModel, _Base):
    __module__ = _MODULE

    """moto's Cognito Identity has no roles: the attachment is kept here, for the tests to read."""

    def __init__(self, pool_id: str):
        self.pool_id = pool_id

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Cognito::IdentityPoolRoleAttachment"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return False

    @property
    def physical_resource_id(self) -> str:
        return f"{self.pool_id}-roles"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = _props(cloudformation_json)
        ROLE_ATTACHMENTS[props["IdentityPoolId"]] = {"Roles": props.get("Roles") or {},
                                                     "RoleMappings": props.get("RoleMappings") or {}}
        return cls(props["IdentityPoolId"])

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json,
                                        account_id, region_name):
        return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)

    def delete(self, account_id: str, region_name: str) -> None:
        ROLE_ATTACHMENTS.pop(self.pool_id, None)


def _refresh_outputs_after_change_set() -> None:
    """moto 5.2 executes a change set without re-reading the stack's outputs; `aws cloudformation
    deploy` works through change sets, so the stack's outputs are refreshed after each one."""
    from moto.cloudformation import models as cloudformation

    apply = cloudformation.ChangeSet.apply

    def apply_and_refresh(self) -> None:
        apply(self)
        self.stack.template = self.template
        self.stack._parse_template()
        self.stack.output_map = self.stack._create_output_map()

    cloudformation.ChangeSet.apply = apply_and_refresh


_refresh_outputs_after_change_set()
