"""``identity-compiler lsp``: a Language Server Protocol server over stdio (pygls, lsprotocol's types).

It speaks the protocol and nothing else: every answer comes from ``editor.py``, which runs the command line's
own pipeline in-process. Findings are published on open and save at once, and on change after a short pause
(a burst of keystrokes costs one check). The project configuration that applies to a file (its severities,
``pdk-compat``, ``files-root``) is found as the command line finds it.

Initialization options: ``{"schemaDiagnostics": false}`` leaves the schema's own findings (IC0101-IC0105) to
yaml-language-server when it runs beside this server with the spec's schema.
"""

from __future__ import annotations

import asyncio
import os
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from . import __version__, editor
from .diagnostics import format_path
from .configuration import ConfigError, Configuration, find, load
from .reports import docs_url_for

DEBOUNCE_SECONDS = 0.3
SOURCE = "identity-compiler"


class SpecServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("identity-compiler", __version__)
        self.schema_diagnostics = True
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.findings: dict[str, list[editor.Finding]] = {}
        self.configurations: dict[str, Configuration] = {}


server = SpecServer()


def _path(uri: str) -> str:
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme == "file" else uri


def _configuration(path: str) -> Configuration:
    folder = os.path.dirname(os.path.abspath(path))
    if folder not in server.configurations:
        try:
            found = find(folder)
            server.configurations[folder] = load(found) if found else Configuration()
        except ConfigError as exc:
            server.window_show_message(lsp.ShowMessageParams(
                lsp.MessageType.Warning, f"identity-compiler: {exc.file}:{exc.line}: {exc}; using the defaults"))
            server.configurations[folder] = Configuration()
    return server.configurations[folder]


def _range(found: editor.Range) -> lsp.Range:
    return lsp.Range(lsp.Position(found.start_line, found.start_char), lsp.Position(found.end_line, found.end_char))


def _diagnostic(found: editor.Finding, docs_url: str | None) -> lsp.Diagnostic:
    d = found.diagnostic
    path = format_path(d.path)
    return lsp.Diagnostic(
        range=_range(found.range),
        message=(f"{path}: " if path else "") + d.text(),
        severity=lsp.DiagnosticSeverity.Error if d.is_error else lsp.DiagnosticSeverity.Warning,
        code=d.rule,
        code_description=lsp.CodeDescription(href=f"{docs_url.rstrip('/')}/rules/{d.rule}.md") if docs_url else None,
        source=SOURCE,
    )


def _check(uri: str) -> None:
    server.pending.pop(uri, None)
    document = server.workspace.get_text_document(uri)
    path = _path(uri)
    config = _configuration(path)
    options = editor.Options(pdk_compat=bool(config.pdk_compat), files_roots=config.files_roots,
                             severity=config.severity, schema_diagnostics=server.schema_diagnostics)
    try:
        found = editor.findings(document.source, path, options)
    except Exception as exc:  # a bug must not take the editor's server down: one message, no findings
        server.window_log_message(lsp.LogMessageParams(lsp.MessageType.Error, f"identity-compiler: {exc!r}"))
        found = []
    found = [f for f in found if os.path.abspath(f.diagnostic.file) == os.path.abspath(path)]
    server.findings[uri] = found
    docs_url = docs_url_for(config.docs_url)
    server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
        uri=uri, version=document.version, diagnostics=[_diagnostic(f, docs_url) for f in found]))


def _schedule(uri: str, delay: float) -> None:
    waiting = server.pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    server.pending[uri] = asyncio.get_running_loop().call_later(delay, _check, uri)


@server.feature(lsp.INITIALIZE)
def initialize(params: lsp.InitializeParams) -> None:
    options = params.initialization_options
    if isinstance(options, dict) and options.get("schemaDiagnostics") is False:
        server.schema_diagnostics = False


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
async def did_open(params: lsp.DidOpenTextDocumentParams) -> None:
    _schedule(params.text_document.uri, 0)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(params: lsp.DidChangeTextDocumentParams) -> None:
    _schedule(params.text_document.uri, DEBOUNCE_SECONDS)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
async def did_save(params: lsp.DidSaveTextDocumentParams) -> None:
    server.configurations.clear()  # a saved configuration file applies from now on
    _schedule(params.text_document.uri, 0)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(params: lsp.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    waiting = server.pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    server.findings.pop(uri, None)
    server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def _located(uri: str, position: lsp.Position):
    document = server.workspace.get_text_document(uri)
    path = _path(uri)
    if not editor.is_spec(document.source, path):
        return None, None, None
    parsed = editor.parse(document.source, path)
    if parsed is None:
        return None, None, None
    lines = document.source.splitlines()
    return parsed, lines, editor.locate(parsed, lines, position.line, position.character)


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(params: lsp.HoverParams) -> lsp.Hover | None:
    parsed, _lines, located = _located(params.text_document.uri, params.position)
    if not located:
        return None
    text = editor.hover(parsed, *located)
    return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, text)) if text else None


_KINDS = {"key": lsp.CompletionItemKind.Property, "value": lsp.CompletionItemKind.EnumMember,
          "reference": lsp.CompletionItemKind.Reference}


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[" ", ":", "-"]))
def completion(params: lsp.CompletionParams) -> lsp.CompletionList:
    document = server.workspace.get_text_document(params.text_document.uri)
    path = _path(params.text_document.uri)
    if not editor.is_spec(document.source, path) and document.source.strip():
        return lsp.CompletionList(is_incomplete=False, items=[])
    items = [lsp.CompletionItem(label=c.label, kind=_KINDS[c.kind], detail=c.detail or None,
                                documentation=lsp.MarkupContent(lsp.MarkupKind.Markdown, c.documentation)
                                if c.documentation else None, insert_text=c.insert_text)
             for c in editor.completions(document.source, path, params.position.line, params.position.character)]
    return lsp.CompletionList(is_incomplete=False, items=items)


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
def definition(params: lsp.DefinitionParams) -> lsp.Location | None:
    parsed, lines, located = _located(params.text_document.uri, params.position)
    if not located or located[1] != "value":
        return None
    target = editor.definition(parsed, located[0])
    if target is None:
        return None
    line, col = parsed.position(target, key=False)
    return lsp.Location(params.text_document.uri, _range(editor.token_range(lines, line, col)))


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
def code_action(params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    uri = params.text_document.uri
    document = server.workspace.get_text_document(uri)
    wanted = {(d.code, d.range.start.line, d.range.start.character) for d in params.context.diagnostics}
    actions = []
    for found in server.findings.get(uri, []):
        start = found.range
        if wanted and (found.diagnostic.rule, start.start_line, start.start_char) not in wanted:
            continue
        if not wanted and not (start.start_line <= params.range.start.line <= start.end_line):
            continue
        for fix in editor.fixes(document.source, found):
            edits = [lsp.TextEdit(_range(r), text) for r, text in fix.edits]
            actions.append(lsp.CodeAction(
                title=fix.title, kind=lsp.CodeActionKind.QuickFix,
                diagnostics=[d for d in params.context.diagnostics if d.code == found.diagnostic.rule] or None,
                edit=lsp.WorkspaceEdit(changes={uri: edits})))
    return actions


def run() -> int:
    """Serve over standard input and output until the client says exit."""
    server.start_io()
    return 0
