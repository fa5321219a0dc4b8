"""Clients that name a provider or resource server of the same spec by a plain string are created
after it (default mode), so CloudFormation cannot create the client first; --pdk-compat keeps the
CDK's template, which has no such dependency."""

from __future__ import annotations

from identity_compiler.compiler import compile_text

SPEC = """kind: UserPoolWithMfa
identity_providers:
  - {id: Google, type: google, client_id: x, client_secret: "{{resolve:ssm:g}}"}
  - {id: Corp, type: oidc, name: CorpSSO, client_id: x, client_secret: "{{resolve:ssm:c}}",
     issuer_url: "https://issuer.example.com"}
  - {id: Unused, type: amazon, client_id: x, client_secret: "{{resolve:ssm:a}}"}
resource_servers:
  - {id: Api, identifier: api, scopes: [{scope_name: read, scope_description: Read}]}
clients:
  - id: Web
    supported_identity_providers: [GOOGLE, CorpSSO, COGNITO]
    o_auth:
      flows: {authorization_code_grant: true}
      callback_urls: ["https://app.example.com/cb"]
      scopes: [OPENID, api/read]
"""


def _client(pdk_compat: bool) -> dict:
    result = compile_text(SPEC, "order.yaml", pdk_compat=pdk_compat)
    assert result.ok, [d.format() for d in result.diagnostics]
    resources = result.data["Resources"]
    return next(r for r in resources.values() if r["Type"] == "AWS::Cognito::UserPoolClient"), resources


def test_a_client_depends_on_the_providers_and_servers_it_names():
    client, resources = _client(False)
    kinds = sorted(resources[d]["Type"].split("::")[-1] for d in client["DependsOn"])
    assert kinds == ["UserPoolIdentityProvider", "UserPoolIdentityProvider", "UserPoolResourceServer"]
    names = {resources[d]["Properties"].get("ProviderName") for d in client["DependsOn"]}
    assert names == {"Google", "CorpSSO", None}  # not the Amazon provider it does not name


def test_pdk_compat_keeps_the_cdks_template():
    client, _ = _client(True)
    assert "DependsOn" not in client
