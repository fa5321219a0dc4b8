"""Diagnostics: the one value every stage returns for a problem, and its one text form."""

from __future__ import annotations

import json
import re
from typing import Iterable, NamedTuple

ERROR = "error"
WARNING = "warning"
ROOT = "(root)"  # the key path of a problem with the file as a whole

KeyPath = tuple  # of str (mapping keys) and int (list positions)


class CharClass:
    """A regular expression's character class in two parts: the ASCII characters compiled at once, the whole class
    when a text is not ASCII. (A class with characters beyond U+00FF costs about a millisecond to compile, and most
    texts are ASCII: start-up then pays only for the small one.)"""

    def __init__(self, ascii_chars: str, other_chars: str):
        self.ascii = re.compile(f"[{ascii_chars}]") if ascii_chars else None
        self.chars = ascii_chars + other_chars
        self.whole: re.Pattern | None = None

    def of(self, text: str) -> re.Pattern | None:
        """The pattern to search ``text`` with (None: an ASCII text holds none of the class)."""
        if text.isascii():
            return self.ascii
        if self.whole is None:
            self.whole = re.compile(f"[{self.chars}]")
        return self.whole


# Characters that would break the one-line form or a terminal: C0/C1 controls, line and paragraph
# separators, noncharacters, and the lone surrogates that stand for undecodable bytes of a file name.
_UNPRINTABLE = CharClass("\x00-\x1f\x7f", "\x80-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff")


def _escaped(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str) -> str:
    """``text`` with every unprintable character written as a backslash escape: one line, any terminal."""
    return _UNPRINTABLE.of(text).sub(_escaped, text)


def shown_file(name: str) -> str:
    """A file name as it starts a line: escaped, and never starting with ``::``, which GitHub Actions reads as a
    workflow command (``::error file=...``) wherever a line starts with it (leading spaces aside); such a name is
    written as the same path, ``./::...``. Only ``--error-format github`` writes workflow commands."""
    name = escape(name)
    return "./" + name if name.lstrip(" ").startswith(":") else name


_PLAIN_KEY = re.compile(r"[^.\[\]\s\"]+")


def format_path(path: Iterable[str | int]) -> str:
    """Dotted key path with list positions in brackets: ``user_pool.clients[0].o_auth``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not part or _PLAIN_KEY.fullmatch(part) is None:  # '', 'a.b', 'x y': quoted, so the path stays readable
            out += "[" + json.dumps(part, ensure_ascii=False) + "]"
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
    environment: str | None = None  # of a spec with environments: which one's merged spec it was found in

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def format(self) -> str:
        """``FILE:LINE:COL: error: KEY.PATH: message [RULE]``; the file as a whole is ``(root)``."""
        where = escape(format_path(self.path)) or ROOT
        return f"{shown_file(self.file)}:{self.line}:{self.col}: {self.severity}: {where}: {self.text()} [{self.rule}]"

    def text(self) -> str:
        """The message, naming the environment when there is one: ``... (environment prod)``."""
        environment = f" (environment {escape(self.environment)})" if self.environment else ""
        return escape(self.message) + environment

    def to_json(self) -> dict:
        return {
            "file": escape(self.file),
            "line": self.line,
            "column": self.col,
            "severity": self.severity,
            "path": escape(format_path(self.path)),
            "message": escape(self.message),
            "rule": self.rule,
        } | ({"environment": escape(self.environment)} if self.environment else {})


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


class SpecError(Exception):
    """Raised by a stage that cannot go on; carries the diagnostics that say why."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("; ".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics


def did_you_mean(word: str, choices) -> str:
    """"; did you mean 'X'?" for the choice ``word`` is closest to (case aside first), else ""."""
    import difflib  # only when there is something to suggest

    choices = [c for c in choices if isinstance(c, str)]
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return f"; did you mean '{lowered[word.lower()]}'?"
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


_PLAIN_END = re.compile(r"\s*(?:#.*)?$|:\s|:$|,|\]|\}")


def token_span(lines: list[str], line: int, col: int) -> tuple[int, int] | None:
    """The code-point columns (1-based, the end exclusive) of the key or value that starts at (line, col): a quoted
    scalar to its closing quote, a plain one to the ``:``, ``,``, bracket or comment that ends it; the rest of the
    line when none is found. None when the line is not in ``lines``."""
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    start = min(col - 1, len(text))
    end = len(text)
    if start < len(text) and text[start] in "'\"":
        close = text.find(text[start], start + 1)
        end = close + 1 if close > 0 else end
    else:
        found = _PLAIN_END.search(text, start)
        if found and found.start() > start:
            end = found.start()
    return start + 1, end + 1


STREAMED = ("text", "json", "github")


FORMATS = STREAMED + ("sarif", "junit")
