"""Clients that name a provider or resource server of the same spec by a plain string are created
after it (default mode), so CloudFormation cannot create the client first; --pdk-compat keeps the
CDK's template, which has no such dependency."""

from __future__ import annotations

from identity_compiler.pipeline import compile_text

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


def _diagnostics(text: str) -> list:
    return compile_text(text, "ids.yaml").diagnostics


def test_a_client_called_default_would_take_the_pools_logical_id():
    [error] = [d for d in _diagnostics("kind: UserPoolWithMfa\nclients:\n  - id: Default\n") if d.is_error]
    assert (error.rule, error.path, error.line) == ("IC0005", ("clients", 0), 3)
    assert "would both get the logical id" in error.message


def test_a_domain_called_webclient_collides_with_the_web_client_useridentity_adds():
    spec = "kind: UserIdentity\nuser_pool:\n  domains:\n    - {id: WebClient, cognito_domain: {domain_prefix: abc-auth}}\n"
    [error] = [d for d in _diagnostics(spec) if d.is_error]
    assert (error.rule, error.path) == ("IC0005", ("user_pool",))
    assert "already a construct with id 'WebClient'" in error.message


def test_a_grant_named_like_a_top_level_construct_collides():
    spec = ("kind: UserIdentity\nuser_pool:\n  kind: UserPoolWithMfa\n  grants:\n"
            "    - {role_name: Identity, actions: ['cognito-idp:AdminGetUser']}\n")
    errors = [d for d in _diagnostics(spec) if d.is_error]
    assert [(d.rule, d.path) for d in errors] == [("IC0005", ("user_pool", "grants", 0))], errors
    assert "already a construct with id 'Identity'" in errors[0].message
