"""Diagnostics: the one value every stage returns for a problem, and its one text form."""

from __future__ import annotations

from typing import Iterable, NamedTuple

ERROR = "error"
WARNING = "warning"
ROOT = "(root)"  # the key path of a problem with the file as a whole

KeyPath = tuple  # of str (mapping keys) and int (list positions)


def format_path(path: Iterable[str | int]) -> str:
    """Dotted key path with list positions in brackets: ``user_pool.clients[0].o_auth``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class Diagnostic(NamedTuple):
    """One finding at one place in one file (a NamedTuple: immutable, ordered, cheap to define)."""

    file: str
    line: int
    col: int
    severity: str
    path: KeyPath
    message: str
    rule: str

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def format(self) -> str:
        """``FILE:LINE:COL: error: KEY.PATH: message [RULE]``; the file as a whole is ``(root)``."""
        where = format_path(self.path) or ROOT
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {where}: {self.message} [{self.rule}]"

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.col,
            "severity": self.severity,
            "path": format_path(self.path),
            "message": self.message,
            "rule": self.rule,
        }


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


class SpecError(Exception):
    """Raised by a stage that cannot go on; carries the diagnostics that say why."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("; ".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics
