"""The language server end to end, as an editor runs it: the real `identity-compiler lsp` process over stdio,
spoken to by pytest-lsp's client (pygls)."""

from __future__ import annotations

import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

SPEC = """\
kind: UserPoolWithMfa
mfa_message: no code here
mfa: OFF
clients:
  - id: Web
    o_auth:
      scopes:
        - {resource_server: Api, scope: read}
resource_servers:
  - id: Api
    identifier: api
    scopes: [{scope_name: read, scope_description: Read}]
"""


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "identity_compiler", "lsp"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities()))
    yield
    await lsp_client.shutdown_session()


async def opened(client: LanguageClient, tmp_path, text: str, name: str = "auth.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


@pytest.mark.asyncio
async def test_diagnostics_at_their_lines_with_rule_ids_and_cleared_after_the_fix(client, tmp_path):
    uri = await opened(client, tmp_path, SPEC)
    found = {d.code: d for d in client.diagnostics[uri]}
    assert found["IC0202"].range.start.line == 1 and found["IC0202"].severity == types.DiagnosticSeverity.Error
    assert found["IC0202"].code_description.href.endswith("/rules/IC0202.md")
    assert found["IC0812"].range.start.line == 2 and found["IC0812"].severity == types.DiagnosticSeverity.Warning
    assert found["IC0202"].source == "identity-compiler"

    fixed = SPEC.replace("no code here", "'Your code: {####}'")
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert "IC0202" not in {d.code for d in client.diagnostics[uri]}
    assert "IC0812" in {d.code for d in client.diagnostics[uri]}


@pytest.mark.asyncio
async def test_a_yaml_file_that_is_not_a_spec_gets_nothing(client, tmp_path):
    uri = await opened(client, tmp_path, "apiVersion: apps/v1\nkind: Deployment\nspec: {replicas: x}\n", "k8s.yaml")
    assert list(client.diagnostics[uri]) == []
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=1, character=1)))
    assert hover is None


@pytest.mark.asyncio
async def test_hover_explains_a_key_with_its_defaults_and_cloudformation_property(client, tmp_path):
    uri = await opened(client, tmp_path, SPEC)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=2, character=1)))
    text = hover.contents.value
    assert "**mfa**" in text and "PDK default: `REQUIRED`" in text
    assert "CloudFormation: `AWS::Cognito::UserPool.MfaConfiguration`" in text
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=2, character=6)))
    assert "`OFF`: one of `REQUIRED`, `OPTIONAL`, `OFF`; in the template `OFF`" in hover.contents.value, hover.contents.value


@pytest.mark.asyncio
async def test_completion_offers_keys_not_yet_written_enum_members_and_ids(client, tmp_path):
    uri = await opened(client, tmp_path, SPEC + "\n")
    items = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=12, character=0)))
    labels = {i.label for i in items.items}
    assert {"mfa_second_factor", "domains", "groups"} <= labels and "mfa" not in labels and "clients" not in labels

    text = SPEC.replace("mfa: OFF", "mfa: ").replace("{resource_server: Api,", "{resource_server: ,")
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
    items = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=2, character=5)))
    assert [i.label for i in items.items] == ["REQUIRED", "OPTIONAL", "OFF"]


@pytest.mark.asyncio
async def test_go_to_definition_from_a_reference_to_the_item_it_names(client, tmp_path):
    uri = await opened(client, tmp_path, SPEC)
    location = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=7, character=29)))
    assert location.uri == uri and location.range.start == types.Position(line=9, character=8)


@pytest.mark.asyncio
async def test_quick_fixes_correct_a_misspelt_key_and_acknowledge_a_warning(client, tmp_path):
    uri = await opened(client, tmp_path, SPEC.replace("mfa: OFF", "mfa: OFF\nmfa_mesage: x"))
    diagnostics = client.diagnostics[uri]
    typo = next(d for d in diagnostics if d.code == "IC0101")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=typo.range,
        context=types.CodeActionContext(diagnostics=[typo])))
    edit = actions[0].edit.changes[uri][0]
    assert actions[0].title == "Change to 'mfa_message'" and edit.new_text == "mfa_message"
    assert edit.range.start.line == 3 and edit.range.end.character == len("mfa_mesage")

    warning = next(d for d in diagnostics if d.code == "IC0812")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=warning.range,
        context=types.CodeActionContext(diagnostics=[warning])))
    assert actions[0].title.startswith("Acknowledge IC0812")
    assert actions[0].edit.changes[uri][0].new_text.startswith("acknowledge:\n  IC0812: ")


@pytest.mark.asyncio
async def test_completion_of_a_reference_offers_the_ids_it_may_name(client, tmp_path):
    text = SPEC.replace("{resource_server: Api,", "{resource_server: ,")
    uri = await opened(client, tmp_path, text)
    line = text.splitlines()[7]
    items = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=7, character=line.index(": ,") + 2)))
    assert [(i.label, i.kind) for i in items.items] == [("Api", types.CompletionItemKind.Reference)]
