"""YAML spec → plain data plus the source position of every key and value.

Built on PyYAML's event stream (libyaml's when present) rather than its constructors, so that:
- only YAML 1.2 core scalars are typed (``true``/``false`` are the booleans; ``OFF``, ``yes`` and
  ``2024-01-01`` stay strings), and no tag can construct a Python object;
- a duplicate key, a non-string key or a second document is an error at its own line;
- nesting depth and alias expansion are bounded *while* reading, before anything is expanded,
  so hostile input costs milliseconds and bounded memory;
- nothing recurses, however deep the input.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml
from yaml import events as ev

from ..diagnostics import ERROR, CharClass, Diagnostic, KeyPath, SpecError
from ..codes import FILE, YAML

try:  # libyaml's parser is several times faster; the pure-Python one behaves the same.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import Loader as _Parser

MAX_BYTES = 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 100
MAX_ENTRIES = 1_000  # keys of one mapping or items of one list: no part of a spec needs more (500 resources a stack)

_CORE = "tag:yaml.org,2002:"
_STR = _CORE + "str"
_ALLOWED_TAGS = {
    _STR: "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:map": "map",
    "tag:yaml.org,2002:seq": "seq",
}

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")

# Characters YAML 1.2 does not allow in a stream (https://yaml.org/spec/1.2.2/#51-character-set);
# tab, line feed, carriage return and NEL are the only controls it takes.
_NOT_YAML = CharClass("\x00-\x08\x0b\x0c\x0e-\x1f\x7f", "\x80-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff")
# Characters YAML 1.1 readers (PyYAML, libyaml) take for line breaks and YAML 1.2 readers, editors and review tools
# do not: after one, a "comment" is a key to one reader and a comment to the other (SPEC 12a).
AMBIGUOUS_BREAKS = {"\x85": "NEXT LINE", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}
_AMBIGUOUS_BREAK = CharClass("", "\x85\u2028\u2029")
MAX_REPORTED = 20  # diagnostics of one kind from the loader, so a binary-ish file stays readable



def file_problem(file: str, message: str, line: int = 1, col: int = 1) -> Diagnostic:
    """IC0001, the one way every stage says a file cannot be used as a spec or a template (at the file as a whole)."""
    return Diagnostic(file, line, col, ERROR, (), message, FILE)


class Document:
    """A loaded spec document, as written: its data, where each key path came from, and the file name to report.
    (``model.Spec`` is what it means, once resolved.)"""

    def __init__(self, data: dict, file: str, positions: dict | None = None):
        self.data = data
        self.file = file
        self.positions = positions or {}  # KeyPath → ((key line, col), (value line, col))

    def with_data(self, data: dict) -> "Document":
        """The same file with other data at the same positions (the schema-valid part of it, say)."""
        return Document(data, self.file, self.positions)

    def in_file(self, diagnostic: Diagnostic) -> Diagnostic:
        """A diagnostic as the user reads it (an environment's spec translates its key paths)."""
        return diagnostic

    def in_file_path(self, path: KeyPath) -> KeyPath:
        """A key path of this spec as written in the file."""
        return tuple(path)

    def position(self, path: KeyPath, *, key: bool = True) -> tuple[int, int]:
        """The line and column (1-based) of a key path; the nearest known ancestor if it has none."""
        path = tuple(path)
        while path:
            found = self.positions.get(path)
            if found is not None:
                return found[0] if key else found[1]
            path = path[:-1]
        return (1, 1)

    def diagnostic(self, path: KeyPath, message: str, rule: str, severity: str = ERROR,
                   *, at_value: bool = False) -> Diagnostic:
        line, col = self.position(path, key=not at_value)
        return Diagnostic(self.file, line, col, severity, tuple(path), message, rule)


def _scalar(value: str, tag: str | None, implicit: tuple, style) -> Any:
    """Resolve a scalar as YAML 1.2's core schema does; explicit ``!!`` tags are honoured."""
    kind = _ALLOWED_TAGS.get(tag) if tag not in (None, "!") else None
    plain = tag in (None, "!") and implicit[0] and not style
    if tag == "!" or (tag is None and not plain):
        return value
    if kind == "str":
        return value
    if plain or kind in ("null", "bool", "int", "float"):
        if _NULL.match(value) and kind in (None, "null"):
            return None
        if _TRUE.match(value) and kind in (None, "bool"):
            return True
        if _FALSE.match(value) and kind in (None, "bool"):
            return False
        if kind in (None, "int"):
            if _INT10.match(value):
                return int(value)
            if _INT8.match(value):
                return int(value[2:], 8)
            if _INT16.match(value):
                return int(value[2:], 16)
        if kind in (None, "float"):
            if _FLOAT.match(value):
                return float(value)
            if _INF.match(value):
                return -math.inf if value.startswith("-") else math.inf
            if _NAN.match(value):
                return math.nan
        if kind is not None:
            raise ValueError(f"{value!r} is not a valid !!{kind}")
    return value


# CloudFormation's short forms (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/
# intrinsic-function-reference.html): !Ref and !Condition keep their name, every other !Name is Fn::Name.
_SHORT_FORM = re.compile(r"^!([A-Z][A-Za-z0-9]*)$")
_UNPREFIXED = ("Ref", "Condition")


def _intrinsic(name: str, value: Any) -> dict:
    """``!GetAtt A.B`` → ``{"Fn::GetAtt": ["A", "B"]}``; ``!Ref X`` → ``{"Ref": "X"}``; ``!Sub s`` → ``{"Fn::Sub": s}``."""
    if name == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {name if name in _UNPREFIXED else f"Fn::{name}": value}


class _Frame:
    """A mapping or list being read."""

    __slots__ = ("value", "path", "key", "key_mark", "anchor", "start_mark", "size", "depth", "merged", "intrinsic")

    def __init__(self, value, path: KeyPath, anchor, start_mark, intrinsic: str | None = None):
        self.intrinsic = intrinsic  # the short form (GetAtt, If, ...) the finished value is wrapped in
        self.value = value
        self.path = path
        self.key = None  # the key whose value comes next (mappings)
        self.key_mark = None
        self.anchor = anchor
        self.start_mark = start_mark
        self.size = 1  # nodes, aliases expanded
        self.depth = 0  # nesting below this node, aliases expanded
        self.merged: set = set()  # keys that came in through '<<' and may still be overridden


class _Builder:
    """Turns the event stream of one document into data, tracking positions and limits."""

    def __init__(self, file: str, what: str = "spec"):
        self.file = file
        self.what = what  # "spec", or "template": then CloudFormation's short forms are read too
        self.positions: dict = {}
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # name → (value, node count, depth)
        self.nodes = 0

    def error(self, mark, message: str, path: KeyPath = ()) -> SpecError:
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        return SpecError([Diagnostic(self.file, line, col, ERROR, tuple(path), message, YAML)])

    def build(self, parser) -> Any:
        stack: list[_Frame] = []
        while True:
            event = parser.get_event()
            if isinstance(event, (ev.StreamStartEvent, ev.DocumentStartEvent)):
                continue
            if isinstance(event, (ev.DocumentEndEvent, ev.StreamEndEvent)):
                return None
            if isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
                frame = stack.pop()
                if frame.intrinsic:
                    frame.value = _intrinsic(frame.intrinsic, frame.value)
                if frame.anchor:
                    self.anchors[frame.anchor] = (frame.value, frame.size, frame.depth)
                if not stack:
                    return frame.value
                self._add(stack[-1], frame.value, frame.start_mark, frame.size, frame.depth)
                continue

            top = stack[-1] if stack else None
            if top is not None and isinstance(top.value, dict) and top.key is None:
                self._take_key(top, event)
                continue

            path = () if top is None else top.path + ((top.key,) if isinstance(top.value, dict) else (len(top.value),))
            if len(path) > MAX_DEPTH:
                raise self.error(event.start_mark, f"the {self.what} nests deeper than {MAX_DEPTH} levels", ())
            if isinstance(event, ev.AliasEvent):
                if event.anchor not in self.anchors:
                    raise self.error(event.start_mark, f"unknown or recursive alias '*{event.anchor}'", path)
                value, size, depth = self.anchors[event.anchor]
                if len(path) + depth > MAX_DEPTH:
                    raise self.error(event.start_mark, f"the {self.what} nests deeper than {MAX_DEPTH} levels", path)
                self._count(size, event.start_mark)
                if top is None:
                    return value
                self._add(top, value, event.start_mark, size, depth)
                continue
            tag, intrinsic = event.tag, None
            if tag is not None and tag != "!" and tag not in _ALLOWED_TAGS:
                short = _SHORT_FORM.match(tag) if self.what == "template" else None
                if short is None:
                    allowed = "plain YAML data and CloudFormation's short forms" if self.what == "template" else \
                        "plain YAML data"
                    shown = "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag
                    raise self.error(event.start_mark, f"the tag {shown} is not allowed in a {self.what} ({allowed} "
                                     "only)", path)
                tag, intrinsic = None, short.group(1)
            self._count(1, event.start_mark)
            if isinstance(event, ev.ScalarEvent):
                if tag is not None and _ALLOWED_TAGS.get(tag) in ("map", "seq"):
                    raise self.error(event.start_mark, f"the tag {tag} does not fit a single value", path)
                value = event.value if intrinsic else self._resolve(event, path)
                if intrinsic:
                    value = _intrinsic(intrinsic, value)
                if event.anchor:
                    self.anchors[event.anchor] = (value, 1, 0)
                if top is None:
                    return value
                self._add(top, value, event.start_mark, 1, 0)
                continue
            mapping = isinstance(event, ev.MappingStartEvent)
            expected = "map" if mapping else "seq"
            if tag is not None and tag != "!" and _ALLOWED_TAGS[tag] != expected:
                raise self.error(event.start_mark, f"the tag {tag} does not fit a {'mapping' if mapping else 'list'}",
                                 path)
            stack.append(_Frame({} if mapping else [], path, event.anchor, event.start_mark, intrinsic))

    def _take_key(self, frame: _Frame, event) -> None:
        if not isinstance(event, ev.ScalarEvent):
            raise self.error(event.start_mark, "a key must be a plain string, not a list, mapping or alias",
                             frame.path)
        key = self._resolve(event, frame.path)
        if not isinstance(key, str):
            hint = "; quote it" if isinstance(key, (int, float, bool)) or key is None else ""
            raise self.error(event.start_mark, f"a key must be a string, not {_kind(key)} ({event.value!r}){hint}",
                             frame.path)
        if key in frame.value and key not in frame.merged:
            raise self.error(event.start_mark, f"duplicate key '{key}'", frame.path + (key,))
        frame.key = key
        frame.key_mark = event.start_mark

    def _resolve(self, event, path) -> Any:
        try:
            return _scalar(event.value, event.tag, event.implicit, event.style)
        except ValueError as exc:
            raise self.error(event.start_mark, str(exc), path) from None

    def _count(self, size: int, mark) -> None:
        self.nodes += size
        if self.nodes > MAX_NODES:
            raise self.error(mark, f"the {self.what} expands to more than {MAX_NODES:,} nodes (through anchors and "
                                   "aliases)")

    def _add(self, frame: _Frame, value, start_mark, size: int, depth: int) -> None:
        frame.size += size
        frame.depth = max(frame.depth, depth + 1)
        if len(frame.value) >= MAX_ENTRIES:
            what = "keys" if isinstance(frame.value, dict) else "items"
            raise self.error(start_mark, f"more than {MAX_ENTRIES:,} {what} in one {'mapping' if what == 'keys' else 'list'}"
                             f"; no part of a {self.what} needs so many", frame.path)
        if isinstance(frame.value, list):
            self.positions[frame.path + (len(frame.value),)] = (_pos(start_mark), _pos(start_mark))
            frame.value.append(value)
            return
        key, frame.key = frame.key, None
        if key == "<<":  # YAML merge key: keys written in the mapping win over merged ones
            self._merge(frame, value, start_mark)
            return
        frame.merged.discard(key)
        frame.value[key] = value
        self.positions[frame.path + (key,)] = (_pos(frame.key_mark), _pos(start_mark))

    def _merge(self, frame: _Frame, value, mark) -> None:
        sources = value if isinstance(value, list) else [value]
        if not all(isinstance(s, dict) for s in sources):
            raise self.error(mark, "a merge key '<<' takes a mapping or a list of mappings", frame.path)
        for source in sources:
            for key, item in source.items():
                if key not in frame.value:
                    frame.value[key] = item
                    frame.merged.add(key)
                    self.positions[frame.path + (key,)] = (_pos(mark), _pos(mark))


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return type(value).__name__


class NotASpec(SpecError):
    """YAML of another tool (SPEC 12a): never reported as a spec, never rewritten; ``reason`` says whose."""

    def __init__(self, file: str, reason: str, line: int = 1):
        super().__init__([file_problem(file, f"not a spec: {reason}; identity-compiler leaves it alone", line)])
        self.reason = reason


# Top-level keys that mark another tool's document, whatever its ``kind`` says (SPEC 12a).
FOREIGN_KEYS = {
    "apiVersion": "a Kubernetes manifest (apiVersion: ACK, Crossplane, Argo and the like)",
    "AWSTemplateFormatVersion": "a CloudFormation template (AWSTemplateFormatVersion)",
    "Resources": "a CloudFormation template (Resources)",
}


def foreign(data: Any) -> str | None:
    """Whose document a parsed YAML document is when it carries another tool's marker, else None."""
    if isinstance(data, dict):
        return next((whose for key, whose in FOREIGN_KEYS.items() if key in data), None)
    return None


def load_text(text: str | bytes, file: str = "<spec>") -> Document:
    """Parse one spec document. Raises SpecError with the diagnostics if it cannot be used, ``NotASpec`` when it is
    another tool's YAML (a marker, template syntax, several documents)."""
    try:
        data, positions = _parse(text, file, single=True)
    except NotASpec:
        raise
    except SpecError:
        raw = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
        if b"{{" in raw:
            raise NotASpec(file, "template syntax ({{ }}: Helm, Jinja) that is not YAML") from None
        raise
    whose = foreign(data)
    if whose:
        raise NotASpec(file, f"it is {whose}")
    if not isinstance(data, dict):
        what = "nothing" if data is None else ("a list" if isinstance(data, list) else f"a single value ({data!r:.40})")
        raise SpecError([file_problem(file, f"a spec must be a mapping of keys (kind: ...), not {what}")])
    return Document(data=data, file=file, positions=positions)


def first_document(text: str | bytes, file: str = "<yaml>", what: str = "spec") -> Any:
    """The first document of any YAML file, read with the same limits (to tell specs from other YAML).

    ``what="template"`` also reads CloudFormation's short forms (``!Ref``, ``!GetAtt``, ...) as the
    intrinsic functions they stand for.
    """
    return _parse(text, file, single=False, what=what)[0]


def _parse(text: str | bytes, file: str, *, single: bool, what: str = "spec") -> tuple[Any, dict]:
    if isinstance(text, bytes):
        text = decode(text, file, what)
    if not text.strip():
        needs = "; a spec needs at least 'kind'" if what == "spec" else ""
        raise SpecError([file_problem(file, f"the file is empty{needs}")])
    _reject_control_characters(text, file)
    try:
        return _parse_events(text, file, single=single, what=what)
    except SpecError:
        joined, shifts = _join_surrogate_escapes(text)
        if not shifts:
            raise
        data, positions = _parse_events(joined, file, single=single, what=what)
        return data, {path: tuple(_unshift(shifts, position) for position in both) for path, both in positions.items()}


def _parse_events(text: str, file: str, *, single: bool, what: str) -> tuple[Any, dict]:
    builder = _Builder(file, what)
    parser = _Parser(text)
    try:
        data = builder.build(parser)
        if single:
            _reject_more_documents(parser, builder)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in problem:  # libyaml's own guard fires before ours on very deep input
            raise builder.error(mark, f"the {what} nests deeper than {MAX_DEPTH} levels") from None
        if "\t" in problem or "'\\t'" in str(exc) or (mark is not None and _is_tab(text, mark)):
            problem += " (tabs are not allowed for indentation in YAML; use spaces)"
        raise builder.error(mark, f"not valid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise builder.error(None, f"not valid YAML: {' '.join(str(exc).split())}") from None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()
    return data, builder.positions


# A UTF-16 surrogate pair written as two escapes ("\ud83c\udf89", as JSON writers escape an emoji), its
# backslash not itself escaped. YAML (libyaml) refuses a lone surrogate escape; when it does, the pair is
# read as the one character it stands for.
_SURROGATE_PAIR = re.compile(r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE)


def _join_surrogate_escapes(text: str) -> tuple[str, dict]:
    """The text with each surrogate-pair escape as one 32-bit escape (two characters shorter), and where:
    line → [(column after the rewrite, characters removed so far)]."""
    if "\\u" not in text:
        return text, {}
    shifts: dict[int, list] = {}

    def rewrite(match: "re.Match") -> str:
        high, low = int(match.group(2), 16), int(match.group(3), 16)
        code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        start = match.start()
        line = text.count("\n", 0, start) + 1
        col = match.end() - (text.rfind("\n", 0, start) + 1) + 1
        removed = shifts.setdefault(line, [])
        removed.append((col - 2 * (len(removed) + 1), 2 * (len(removed) + 1)))
        return f"{match.group(1)}\\U{code:08X}"

    return _SURROGATE_PAIR.sub(rewrite, text), shifts


def _unshift(shifts: dict, position: tuple[int, int]) -> tuple[int, int]:
    """A (line, column) of the rewritten text as it was in the file."""
    line, col = position
    removed = 0
    for after, total in shifts.get(line, ()):
        if col >= after:
            removed = total
    return line, col + removed


def _reject_control_characters(text: str, file: str) -> None:
    """Each character YAML refuses, at its own line and column (the parser would say only "position N")."""
    found = []
    refused, ambiguous = _NOT_YAML.of(text), _AMBIGUOUS_BREAK.of(text)
    for match in refused.finditer(text):
        line, col = position_of(text, match.start())
        code = ord(match.group())
        found.append(Diagnostic(file, line, col, ERROR, (),
                                f"the control character U+{code:04X} is not allowed in YAML; to put it in a value, "
                                f"write it as an escape in a double-quoted string (\"\\u{code:04x}\")", YAML))
        if len(found) == MAX_REPORTED:
            break
    for match in ambiguous.finditer(text) if ambiguous is not None and len(found) < MAX_REPORTED else ():
        line, col = position_of(text, match.start())
        code = ord(match.group())
        found.append(Diagnostic(file, line, col, ERROR, (),
                                f"the character U+{code:04X} ({AMBIGUOUS_BREAKS[match.group()]}) ends a line for some "
                                "YAML readers and not for others, so a comment could hide a key from a reviewer; "
                                f"to put it in a value, write it as an escape in a double-quoted string "
                                f"(\"\\u{code:04x}\")", YAML))
        if len(found) == MAX_REPORTED:
            break
    if found:
        raise SpecError(found)


def position_of(text: str, offset: int) -> tuple[int, int]:
    """The line and column (1-based, LF ends a line) of a character of ``text``."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _is_tab(text: str, mark) -> bool:
    lines = text.splitlines()
    return 0 <= mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]


def _reject_more_documents(parser, builder: _Builder) -> None:
    while True:
        event = parser.get_event()
        if event is None or isinstance(event, ev.StreamEndEvent):
            return
        if isinstance(event, ev.DocumentStartEvent):
            raise NotASpec(builder.file, "it holds more than one YAML document; a spec file holds one",
                           event.start_mark.line + 1)


def decode(raw: bytes, file: str, what: str = "spec") -> str:
    """Bytes → text: UTF-8 (a BOM is allowed); binary and other encodings are errors."""
    if b"\x00" in raw[:8192]:
        raise SpecError([file_problem(file, f"this is a binary file, not a YAML {what}")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise SpecError([file_problem(file, f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                                      line, col)]) from None


def read_file(path: str, what: str = "spec") -> bytes:
    """Read a spec file's (or, ``what``, a template's) bytes with ``reading``'s rule: contained in the project
    (every link resolved), a regular file, at most ``MAX_BYTES``.

    Raises OSError when the file cannot be opened (the CLI's exit status 2) and SpecError when it may not be
    read (status 1): a repository's link to ``~/.aws/credentials`` or ``/dev/zero``, passed along by a hook that
    names every YAML file, is not read.
    """
    from .reading import Refused, read_bytes

    try:
        return read_bytes(path, what, MAX_BYTES)
    except Refused as exc:
        raise SpecError([file_problem(path, str(exc))]) from None


def link_leaves_folder(path: str) -> bool:
    """Whether a path may not be read as it resolves (a link, in any component, leaving the project)."""
    from .reading import link_problem

    return link_problem(path) is not None


def read_stream(stream, name: str = "<stdin>", what: str = "spec") -> bytes:
    """Read a spec (or a template) from a stream (standard input) with the same size limit as a file."""
    raw = stream.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise SpecError([file_problem(name, f"a {what} may be at most {MAX_BYTES:,} bytes")])
    return raw


SPEC_KINDS = ("UserIdentity", "UserPoolWithMfa")
_KIND_LINE = re.compile(rb"""^kind[ \t]*:[ \t]*["']?([A-Za-z][\w-]*)""", re.MULTILINE)



def is_spec_kind(kind: Any) -> bool:
    """Whether a top-level ``kind`` is ours, or so close to ours that it is a misspelt spec."""
    if not isinstance(kind, str):
        return False
    lowered = kind.lower()
    if lowered.startswith(("userpool", "useridentity")):
        return True
    import difflib

    return bool(difflib.get_close_matches(lowered, [k.lower() for k in SPEC_KINDS], n=1, cutoff=0.8))


# A line of another tool's marker (or a second document's start), for YAML the loader cannot parse
_FOREIGN_LINE = re.compile(rb"^(?:" + b"|".join(key.encode() for key in FOREIGN_KEYS) + rb"|---)[ \t]*(?::|$)",
                           re.MULTILINE)


def looks_like_spec(raw: bytes, file: str = "<yaml>") -> bool:
    """Whether a YAML file is a spec (its top-level ``kind`` is ours), for hooks that see every YAML file.

    Kubernetes manifests, workflows, CloudFormation templates with short-form tags, Helm templates that
    are not YAML at all: none of them is a spec, and none is read beyond the loader's limits.
    """
    try:
        data = load_text(raw, file).data
    except NotASpec:
        return False
    except SpecError:  # not YAML we accept (tags, a broken line...): ours only if it says so
        match = _KIND_LINE.search(raw[:MAX_BYTES])
        return bool(match) and not _FOREIGN_LINE.search(raw[:MAX_BYTES]) and is_spec_kind(
            match.group(1).decode("ascii", "replace"))
    return is_spec_kind(data.get("kind"))


def load_file(path: str) -> Document:
    """Read and parse a spec file (see read_file for the errors)."""
    return load_text(read_file(path), path)
