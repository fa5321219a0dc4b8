"""How findings leave the tool: one line each as they come (text, JSON lines, GitHub annotations), or one
report at the end for other tools to read (SARIF 2.1.0 for code scanning, JUnit XML for CI test views).

The pipeline's end: every form is made from the same ``Diagnostic`` values, and a command adds each spec (and
each environment of it) once, so a JUnit report has a test case for every one, passed or not.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Iterable

from ..diagnostics import STREAMED, Diagnostic, escape, format_path
from ..source.reading import within
from ..codes import RULES

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
DOCS = "rules/{}.md"  # a rule's page below docs/ (rules/docs.py gives them)
SRCROOT = "%SRCROOT%"  # the repository root, defined in each run's originalUriBaseIds
MAX_RESULTS = 25_000  # GitHub code scanning's limit of results in a run


def docs_url_for(configured: str | None) -> str | None:
    """Where ``docs/`` is published: the project configuration's ``docs-url``, else the package's own
    (``Documentation`` among its project URLs), so each rule's help URL is ``<it>/rules/<id>.md``."""
    if configured:
        return configured
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("identity-compiler").get_all("Project-URL") or []
    except PackageNotFoundError:  # run from a source tree that is not installed
        return None
    return next((url.split(",", 1)[1].strip() for url in urls if url.split(",", 1)[0].strip() == "Documentation"),
                None)


def lines(diagnostics: Iterable[Diagnostic], fmt: str) -> list[str]:
    """The line forms of findings: ``text`` (``FILE:LINE:COL: ...``), ``json`` (one object a line) or ``github``
    (workflow commands, which GitHub Actions turns into annotations)."""
    if fmt == "json":
        return [json.dumps(d.to_json(), ensure_ascii=False) for d in diagnostics]
    if fmt == "github":
        out = []
        for d in diagnostics:
            text = d.format().split(f" {d.severity}: ", 1)[1]
            out.append(f"::{'error' if d.is_error else 'warning'} file={_gh(escape(d.file))},line={d.line},col={d.col},"
                       f"title={d.rule}::{_gh_message(text)}")
        return out
    return [d.format() for d in diagnostics]


def _gh(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def _gh_message(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


class Report:
    """The findings of one command run. Line forms are printed to standard error as they are added; SARIF and
    JUnit are collected and written once, by ``finish``, to ``report_file`` (else standard output when the run
    writes nothing else there, else standard error). With a report file, standard error still gets the text
    lines, so a CI log shows what the report holds."""

    def __init__(self, fmt: str, *, command: str, report_file: str | None = None, stdout_free: bool = True,
                 levels: dict[str, str] | None = None, docs_url: str | None = None):
        self.fmt = fmt
        self.command = command
        self.report_file = report_file
        self.stdout_free = stdout_free
        self.levels = levels or {}  # rule id → its severity in this run (mode and configuration)
        self.configured_docs_url = docs_url  # the configuration's; docs_url_for adds the package's default
        self.cases: list[tuple[str, str | None, list[Diagnostic]]] = []
        self.sources: dict[str, list[str]] = {}  # file → its lines, for the ends of SARIF regions

    def add(self, file: str, environment: str | None, diagnostics: Iterable[Diagnostic]) -> None:
        """The findings of one spec (or one environment of it); an empty list is a passed case."""
        diagnostics = list(diagnostics)
        self.cases.append((file, environment, diagnostics))
        shown = self._streamed_form()
        for line in lines(diagnostics, shown) if shown else ():
            print(line, file=sys.stderr)

    def _streamed_form(self) -> str | None:
        """The line form printed to standard error as findings come: the format asked for, or text beside a
        report that goes elsewhere (none when the report itself goes to standard error)."""
        if self.fmt in STREAMED and not self.report_file:
            return self.fmt
        return None if self.destination() is None else "text"

    def text(self) -> str:
        if self.fmt == "sarif":
            return json.dumps(self.sarif(), indent=2, ensure_ascii=False) + "\n"
        if self.fmt == "junit":
            return self.junit()
        return "".join(line + "\n" for _, _, found in self.cases for line in lines(found, self.fmt))

    def destination(self) -> str | None:
        """Where ``finish`` writes: a file, ``-`` (standard output), ``None`` (standard error), or nothing to do."""
        if self.report_file:
            return self.report_file
        if self.fmt in STREAMED:
            return ""  # printed as added
        return "-" if self.stdout_free else None

    # SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), as GitHub code scanning
    # reads it (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/
    # sarif-support-for-code-scanning): one run; URIs relative to the repository root, which
    # originalUriBaseIds defines; regions with both ends; at most 25,000 results, the most severe kept and a
    # notification for the rest; primaryLocationLineHash fingerprints; security rules tagged and ranked.
    def sarif(self) -> dict:
        from ..source.reading import project_root

        self.docs_url = docs_url_for(self.configured_docs_url)  # where docs/ is published: each rule's help URL
        found = [d for _, _, diagnostics in self.cases for d in diagnostics]
        ids = sorted(set(RULES) | {d.rule for d in found})
        index = {rule_id: n for n, rule_id in enumerate(ids)}
        kept = sorted(found, key=lambda d: (not d.is_error, -_security(d.rule)))[:MAX_RESULTS]
        kept_ids = {id(d) for d in kept}
        kept = [d for d in found if id(d) in kept_ids]  # in the order found
        root = project_root()
        seen: dict[str, int] = {}
        notifications = []
        if len(found) > len(kept):
            notifications.append({"level": "warning", "message": {
                "text": f"{len(found) - len(kept):,} of {len(found):,} results were left out: GitHub code scanning "
                        f"takes at most {MAX_RESULTS:,} results a run; errors and the most severe security findings "
                        "were kept"}})
        return {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "identity-compiler",
                    "semanticVersion": _version(),
                    **({"informationUri": self.docs_url} if self.docs_url else {}),
                    "rules": [self._rule(rule_id) for rule_id in ids],
                }},
                "originalUriBaseIds": {SRCROOT: {"uri": _directory_uri(root)}},
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
                "columnKind": "unicodeCodePoints",
                "results": [self._result(d, index[d.rule], root, seen) for d in kept],
            }],
        }

    def _rule(self, rule_id: str) -> dict:
        from ..rules.docs import page  # the rule's docs page, as code scanning shows a rule's help

        rule = RULES.get(rule_id)
        if rule is None:  # a cfn-lint finding (--lint): its id is cfn-lint's
            return {"id": rule_id, "shortDescription": {"text": f"cfn-lint rule {rule_id}"},
                    "helpUri": "https://github.com/aws-cloudformation/cfn-lint/blob/main/docs/rules.md"}
        level = self.levels.get(rule_id, rule.severity)
        properties: dict = {"tags": [rule.kind], "kind": rule.kind}
        if rule.security is not None:
            properties["tags"] = ["security", rule.kind]
            properties["security-severity"] = f"{rule.security:.1f}"
        entry = {
            "id": rule.id,
            "shortDescription": {"text": _first_sentence(rule.description)},
            "fullDescription": {"text": rule.description},
            "help": {"text": f"{rule.description} Source: {rule.source}", "markdown": page(rule.id)},
            "defaultConfiguration": {"level": "none" if level == "off" else level},
            "properties": properties,
        }
        if self.docs_url:
            entry["helpUri"] = f"{self.docs_url.rstrip('/')}/{DOCS.format(rule.id)}"
        return entry

    def _result(self, d: Diagnostic, rule_index: int, root: str, seen: dict[str, int]) -> dict:
        path = format_path(d.path)
        uri, base = _uri(d.file, root)
        end_line, end_column = d.line, d.col + 1
        span = self._span(d)
        if span is not None:
            end_column = max(span[1], d.col + 1)
        # where the finding is in the spec's meaning, not its line number: it stays one alert when lines are
        # inserted above; the n-th identical one in a file is ":n", as GitHub's own line hashes count them
        where = f"{d.rule}\0{d.environment or ''}\0{escape(path)}\0{escape(d.message)}"
        import hashlib  # SARIF only: OpenSSL's few ms stay off every other run

        digest = hashlib.sha256(f"{uri}\0{where}".encode("utf-8", "surrogatepass")).hexdigest()[:16]
        seen[digest] = seen.get(digest, 0) + 1
        result = {
            "ruleId": d.rule,
            "ruleIndex": rule_index,
            "level": "error" if d.is_error else "warning",
            "message": {"text": (f"{path}: " if path else "") + d.text()},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": uri, **({"uriBaseId": base} if base else {})},
                    "region": {"startLine": d.line, "startColumn": d.col, "endLine": end_line,
                               "endColumn": end_column},
                },
                **({"logicalLocations": [{"fullyQualifiedName": escape(path), "kind": "member"}]} if path else {}),
            }],
            "partialFingerprints": {"primaryLocationLineHash": f"{digest}:{seen[digest]}",
                                    "keyPath/v1": f"{d.rule}:{d.environment or ''}:{escape(path)}"},
        }
        if d.environment:
            result["properties"] = {"environment": d.environment}
        return result

    def _span(self, d: Diagnostic) -> tuple[int, int] | None:
        """The code-point columns of the token a finding starts at, from the file's text when the run read it."""
        lines = self.sources.get(d.file)
        if lines is None:
            return None
        from ..diagnostics import token_span

        return token_span(lines, d.line, d.col)

    def remember(self, file: str, raw: bytes) -> None:
        """A spec's text, for the ends of its findings' regions (SARIF only)."""
        if self.fmt == "sarif":
            self.sources[file] = raw.decode("utf-8", "replace").splitlines()

    # JUnit XML as Jenkins (junit-10.xsd) and GitLab read it (https://docs.gitlab.com/ci/testing/unit_test_reports/,
    # https://github.com/jenkinsci/xunit-plugin): a test case per spec and environment with its file, a failure
    # (with every error of the case) when it has errors, warnings in its system-out; ``failures`` counts the
    # failed test cases.
    def junit(self) -> str:
        from xml.sax.saxutils import quoteattr

        def text(value: str) -> str:
            from xml.sax.saxutils import escape as xml_escape

            return xml_escape(_xml_chars(value))

        def attr(value: str) -> str:
            return quoteattr(_xml_chars(value))

        suite = f"identity-compiler {self.command}"
        root = None
        failed = sum(1 for _, _, found in self.cases if any(d.is_error for d in found))
        out = ['<?xml version="1.0" encoding="UTF-8"?>',
               f'<testsuites name={attr(suite)} tests="{len(self.cases)}" failures="{failed}" errors="0">',
               f'  <testsuite name={attr(suite)} tests="{len(self.cases)}" failures="{failed}" errors="0" '
               'skipped="0">']
        for file, environment, found in self.cases:
            if root is None:
                from ..source.reading import project_root

                root = project_root()
            name = f"{file} (environment {environment})" if environment else file
            shown = _relative(file, root)
            out.append(f'    <testcase classname={attr(suite)} name={attr(name)} file={attr(shown)}>')
            errors = [d for d in found if d.is_error]
            if errors:
                first = errors[0]
                message = first.message + (f" (and {len(errors) - 1} more error(s))" if len(errors) > 1 else "")
                body = "\n".join(d.format() for d in errors)
                out.append(f'      <failure type={attr(first.rule)} message={attr(message)}>{text(body)}</failure>')
            warnings = [d.format() for d in found if not d.is_error]
            if warnings:
                out.append(f"      <system-out>{text(chr(10).join(warnings))}</system-out>")
            out.append("    </testcase>")
        out += ["  </testsuite>", "</testsuites>"]
        return "\n".join(out) + "\n"


def _security(rule_id: str) -> float:
    """The rule's security severity (0: none, or a cfn-lint finding): the results kept first when a run is cut."""
    rule = RULES.get(rule_id)
    return (rule.security if rule else None) or 0.0


def _first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text


def _relative(file: str, root: str) -> str:
    """A file as a path relative to the repository root when it lies in it, else as given."""
    if file.startswith("<"):
        return file.strip("<>")
    absolute = os.path.realpath(file)
    if within(absolute, root):
        return os.path.relpath(absolute, root).replace(os.sep, "/")
    return file


def _uri(file: str, root: str) -> tuple[str, str | None]:
    """A file as SARIF names it: relative to the repository root (``%SRCROOT%``) when it lies in it, as GitHub
    resolves it against the checkout; else an absolute ``file:`` URI, with no base."""
    from urllib.parse import quote

    if file.startswith("<"):
        return quote(file.strip("<>")), SRCROOT
    absolute = os.path.realpath(file)
    if within(absolute, root):
        return quote(os.fsencode(os.path.relpath(absolute, root).replace(os.sep, "/")), safe="/"), SRCROOT
    return "file://" + quote(os.fsencode(absolute.replace(os.sep, "/")), safe="/"), None  # bytes: any file name


def _directory_uri(folder: str) -> str:
    from urllib.parse import quote

    return "file://" + quote(folder.replace(os.sep, "/").rstrip("/") + "/", safe="/")


def _xml_chars(value: str) -> str:
    """Only characters XML 1.0 allows (https://www.w3.org/TR/xml/#charsets); others as escapes."""
    return "".join(ch if ch in "\t\n\r" or " " <= ch <= "\ud7ff" or "\ue000" <= ch <= "\ufffd"
                   or "\U00010000" <= ch <= "\U0010ffff" else f"\\x{ord(ch):02x}" for ch in value)


def _version() -> str:
    from .. import __version__

    return __version__
