"""The project configuration: default options and per-rule severities, kept with the specs.

Found as ruff and kube-linter find theirs: walking up from the (first) spec's folder, the first
``identity-compiler.toml`` or ``.identity-compiler.toml`` (keys at the top level), or ``pyproject.toml`` with a
``[tool.identity-compiler]`` table. The command line wins over it; ``--config FILE`` names one, ``--isolated``
ignores any. A configuration is as untrusted as the specs beside it (a pull request can change it), so the
folders it names for spec files and its baseline must lie in or below its own folder, and an unknown key, a
wrong type or a rule that does not exist is an error, as in a spec.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any, NamedTuple

from ..diagnostics import FORMATS

OWN_FILES = ("identity-compiler.toml", ".identity-compiler.toml")
PYPROJECT = "pyproject.toml"
TABLE = "identity-compiler"
SEVERITIES = ("error", "warning", "off")
MAX_BYTES = 1024 * 1024
# An absolute http(s) URL of RFC 3986's characters, without query or fragment: it becomes every rule's SARIF
# helpUri and the editor's link, ``<docs-url>/rules/<id>.md``, so nothing in it may be markup, space or a line break.
_DOCS_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*)?")

# key → (type, what it means); the README's table is checked against this
KEYS: dict[str, tuple[type, str]] = {
    "pdk-compat": (bool, "`--pdk-compat` by default"),
    "lint": (bool, "`--lint` by default (compile)"),
    "error-format": (str, "the default `--error-format`: " + ", ".join(FORMATS)),
    "files-root": (list, "folders (below the configuration's) whose files specs may name, as `--files-root`"),
    "severity": (dict, "rule id → `error`, `warning` or `off`: raise any rule to an error; lower or turn off a "
                       "rule that is a warning in some mode"),
    "baseline": (str, "a baseline file (below the configuration's folder), as `--baseline`"),
    "docs-url": (str, "where this project's `docs/` is published: SARIF's help URL of each rule is "
                      "`<docs-url>/rules/<id>.md`"),
}


class ConfigError(Exception):
    """A configuration that cannot be used; ``line`` is where its key is written (1 when unknown)."""

    def __init__(self, file: str, message: str, line: int = 1):
        super().__init__(message)
        self.file = file
        self.line = line


class Configuration(NamedTuple):
    file: str | None = None
    pdk_compat: bool | None = None
    lint: bool | None = None
    error_format: str | None = None
    files_roots: tuple[str, ...] = ()
    severity: dict[str, str] = {}
    baseline: str | None = None
    docs_url: str | None = None


def find(start: str, stop: str | None = None) -> str | None:
    """The configuration file that applies to a spec in folder ``start``, or None.

    The search goes up to ``stop`` (the project's root: the git top level, else the working folder) when
    ``start`` lies in it, so a configuration above the repository, which is not the pull request's, never
    applies; from a folder outside the project it goes up to the file system's root."""
    from .reading import project_root, within

    folder = os.path.abspath(start)
    stop = stop or project_root()
    if not within(os.path.realpath(folder), stop):
        stop = None
    while True:
        for name in OWN_FILES:
            candidate = os.path.join(folder, name)
            if os.path.lexists(candidate) and not os.path.isdir(candidate):  # a link to a device is refused, not skipped
                return candidate
        candidate = os.path.join(folder, PYPROJECT)
        if os.path.isfile(candidate) and _has_table(candidate):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder or (stop is not None and os.path.realpath(folder) == stop):
            return None
        folder = parent


def _has_table(pyproject: str) -> bool:
    from .reading import Refused, read_bytes

    try:
        head = read_bytes(pyproject, "configuration", MAX_BYTES)
    except (OSError, Refused):
        return False
    return re.search(rb"^\s*\[\s*tool\s*\.\s*[\"']?identity-compiler\b", head, re.M) is not None


def load(path: str) -> Configuration:
    """Read and check a configuration file (``ConfigError`` says what is wrong, where)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    from .loading import AMBIGUOUS_BREAKS, position_of
    from .reading import Refused, read_bytes

    try:
        text = read_bytes(path, "configuration", MAX_BYTES).decode("utf-8")
        data = tomllib.loads(text)
    except Refused as exc:
        raise ConfigError(path, str(exc)) from None
    except OSError as exc:
        raise ConfigError(path, f"cannot read the configuration: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(path, "the configuration is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(where.group(1)) if where else max(text.count("\n"), 1) if "end of document" in str(exc) else 1
        raise ConfigError(path, f"not TOML: {exc}", getattr(exc, "lineno", None) or line) from None
    for character, name in AMBIGUOUS_BREAKS.items():
        if character in text:
            line, col = position_of(text, text.index(character))
            raise ConfigError(path, f"the character U+{ord(character):04X} ({name}) at column {col} ends a line for "
                                    "some readers and not for others; write it as an escape in a string", line)
    if os.path.basename(path) == PYPROJECT:
        data = data.get("tool", {}).get(TABLE, {})
        if not isinstance(data, dict):
            raise ConfigError(path, f"[tool.{TABLE}] must be a table", _line(text, TABLE))
    return _checked(path, text, data)


def _line(text: str, key: str) -> int:
    """The line a key is written on (TOML readers give values, not positions): its first appearance, at the start
    of a line, in a table header or in an inline table."""
    found = re.search(rf"(?:^|[{{,.\[])\s*[\"']?{re.escape(key)}[\"']?\s*[=.\]]", text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def _checked(path: str, text: str, data: dict[str, Any]) -> Configuration:
    from ..diagnostics import did_you_mean

    folder = os.path.dirname(os.path.abspath(path))
    values: dict[str, Any] = {"file": path}
    for key, value in data.items():
        if key not in KEYS:
            hint = did_you_mean(key, sorted(KEYS)) or "; the keys are " + ", ".join(KEYS)
            raise ConfigError(path, f"unknown key '{key}'{hint}", _line(text, key))
        kind = KEYS[key][0]
        if not isinstance(value, kind):
            raise ConfigError(path, f"'{key}' must be a {_type_name(kind)}", _line(text, key))
        if key == "error-format" and value not in FORMATS:
            raise ConfigError(path, f"'error-format' is one of {', '.join(FORMATS)}, not '{value}'",
                              _line(text, key))
        if key == "docs-url" and not _DOCS_URL.fullmatch(value):
            raise ConfigError(path, "'docs-url' is an absolute http:// or https:// URL (letters, digits and "
                                    "-._~/%!$&'()*+,;=:@ only; no query or fragment), not " + repr(value)[:80],
                              _line(text, key))
        if key == "files-root":
            values["files_roots"] = tuple(_inside(path, text, folder, key, item) for item in value)
        elif key == "baseline":
            values["baseline"] = _inside(path, text, folder, key, value)
        elif key == "severity":
            values["severity"] = _severities(path, text, value)
        else:
            values[key.replace("-", "_")] = value
    return Configuration(**values)


def _type_name(kind: type) -> str:
    return {bool: "boolean (true or false)", str: "string", list: "list of strings", dict: "table"}[kind]


def _inside(path: str, text: str, folder: str, key: str, value: Any) -> str:
    """A folder or file the configuration names: relative to its folder, and in or below it (links resolved)."""
    from .reading import within

    if not isinstance(value, str) or not value:
        raise ConfigError(path, f"'{key}' names folders and files by non-empty strings", _line(text, key))
    from .reading import in_metadata, link_problem

    joined = os.path.join(folder, value)
    target = os.path.realpath(joined)
    if link_problem(joined) or in_metadata(target):
        raise ConfigError(path, f"'{key}' = '{value}' is, or leads through a link to, version-control metadata or a "
                                "place outside the project", _line(text, key))
    if not within(target, os.path.realpath(folder)):
        raise ConfigError(path, f"'{key}' = '{value}' leaves the configuration's folder; a configuration may only "
                                "name what lies in or below it (use --files-root on the command line)",
                          _line(text, key))
    return target


def _severities(path: str, text: str, table: dict) -> dict[str, str]:
    from ..codes import RETIRED, RULES as all_rules
    from ..diagnostics import did_you_mean

    for rule_id, level in table.items():
        line = _line(text, rule_id)
        rule = all_rules.get(rule_id)
        if rule is None:
            gone = RETIRED.get(rule_id)
            removed = f" (it was {gone.state}: {gone.why})" if gone else ""
            raise ConfigError(path, f"severity: no rule {rule_id}{removed}{did_you_mean(rule_id, sorted(all_rules))}",
                              line)
        if level not in SEVERITIES:
            raise ConfigError(path, f"severity: {rule_id} is one of {', '.join(SEVERITIES)}, not {level!r}", line)
        if level != "error" and not rule.acknowledgeable:
            raise ConfigError(path, f"severity: {rule_id} is an error in every mode (the CDK or the spec format "
                                    "refuses it); only rules that are warnings in some mode can be lowered", line)
    return dict(table)


def configured(diagnostics: list, severity: dict[str, str]) -> list:
    """Diagnostics with the configuration's severities: a rule raised, lowered or (``off``) left out."""
    if not severity:
        return diagnostics
    return [d._replace(severity=severity[d.rule]) if d.rule in severity else d
            for d in diagnostics if severity.get(d.rule) != "off"]


__all__ = ["ConfigError", "Configuration", "KEYS", "configured", "find", "load"]
