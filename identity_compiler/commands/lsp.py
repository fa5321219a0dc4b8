"""``identity-compiler lsp``: a Language Server Protocol server over stdio (pygls, lsprotocol's types).

It speaks the protocol and nothing else: every answer comes from ``editor.py``, which runs the command line's
own pipeline in-process. A check runs on a worker thread, never on the request loop, so hover, completion and
the next keystroke are answered while a large spec is checked; findings are published as soon as the check of
the current text ends, and a check whose text has changed meanwhile is dropped, not published (a burst of
keystrokes costs the check that is running and one more). The project configuration that applies to a file
(its severities, ``pdk-compat``, ``files-root``) is found as the command line finds it.

Initialization options: ``{"schemaDiagnostics": false}`` leaves the schema's own findings (IC0101-IC0105) to
yaml-language-server when it runs beside this server with the spec's schema.
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from .. import __version__
from . import editor
from ..diagnostics import format_path
from ..source.configuration import ConfigError, Configuration, find, load
from ..output.reports import docs_url_for

SOURCE = "identity-compiler"


class SpecServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("identity-compiler", __version__)
        self.schema_diagnostics = True
        self.open: set[str] = set()  # documents the editor has open
        self.checking: set[str] = set()  # documents whose check is running
        self.stale: set[str] = set()  # documents changed while their check ran: check again, drop that result
        self.findings: dict[str, list[editor.Finding]] = {}
        self.configurations: dict[str, Configuration] = {}
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="identity-compiler-check")


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


async def _check(uri: str) -> None:
    """Check a document off the request loop and publish its findings, unless its text changed meanwhile (then
    the newest text is checked instead)."""
    if uri in server.checking:
        server.stale.add(uri)
        return
    server.checking.add(uri)
    try:
        while True:
            server.stale.discard(uri)
            try:
                document = server.workspace.get_text_document(uri)
            except KeyError:
                return
            source, version, path = document.source, document.version, _path(uri)
            config = _configuration(path)
            options = editor.Options(pdk_compat=bool(config.pdk_compat), files_roots=config.files_roots,
                                     severity=config.severity, schema_diagnostics=server.schema_diagnostics)
            found, failure = await asyncio.get_running_loop().run_in_executor(server.worker, _findings, source, path,
                                                                              options)
            if failure:
                server.window_log_message(lsp.LogMessageParams(lsp.MessageType.Error, failure))
            if uri in server.stale:
                continue  # the text changed while it was checked: these findings are of a text gone
            if uri not in server.open:
                return
            server.findings[uri] = found
            docs_url = docs_url_for(config.docs_url)
            server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
                uri=uri, version=version, diagnostics=[_diagnostic(f, docs_url) for f in found]))
            return
    finally:
        server.checking.discard(uri)


def _findings(source: str, path: str, options: editor.Options) -> tuple[list[editor.Finding], str | None]:
    """The findings of one text, and what went wrong if a bug stopped the check (on the worker thread, which sends
    nothing to the client itself)."""
    try:
        found = editor.findings(source, path, options)
    except Exception as exc:  # a bug must not take the editor's server down: one message, no findings
        return [], f"identity-compiler: {exc!r}"
    return [f for f in found if os.path.abspath(f.diagnostic.file) == os.path.abspath(path)], None


def _schedule(uri: str) -> None:
    server.open.add(uri)
    asyncio.get_running_loop().create_task(_check(uri))


@server.feature(lsp.INITIALIZE)
def initialize(params: lsp.InitializeParams) -> None:
    options = params.initialization_options
    if isinstance(options, dict) and options.get("schemaDiagnostics") is False:
        server.schema_diagnostics = False


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
async def did_open(params: lsp.DidOpenTextDocumentParams) -> None:
    _schedule(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(params: lsp.DidChangeTextDocumentParams) -> None:
    _schedule(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
async def did_save(params: lsp.DidSaveTextDocumentParams) -> None:
    server.configurations.clear()  # a saved configuration file applies from now on
    _schedule(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(params: lsp.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    server.open.discard(uri)
    server.stale.add(uri)  # a check still running is not published
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
