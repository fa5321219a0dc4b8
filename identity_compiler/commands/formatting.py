"""``fmt``: one canonical layout for specs, as ``terraform fmt`` and ``rain fmt`` give templates.

Keys in the schema's order (``kind`` and ``id`` first; keys the schema does not know, and the names of a
user's own mappings such as custom attributes or tags, keep their order after them), plain scalars wherever
YAML allows and quotes only where it needs them, two spaces of indentation with list items indented under
their key, flow or block style as written. ``ruamel.yaml`` round-trips every comment and blank line group
(PyYAML drops them). The meaning never changes: the result is read back with the spec loader and must be
the same data, or nothing is written.
"""

from __future__ import annotations

import io
import re
from collections import Counter, OrderedDict
from typing import Any

from ..spec.schema_walk import children, properties, schemas_for
from ..diagnostics import SpecError
from ..source.loading import decode, load_text

FIRST = ("kind", "id")
# Mappings whose order the template keeps (the CDK walks them in insertion order: the pool's Schema, its
# LambdaConfig, a provider's AttributeMapping, the terms' Links, the principal tags): never reordered.
KEEP_ORDER = frozenset({"standard_attributes", "lambda_triggers", "attribute_mapping", "links", "principal_tags"})


class NotFormattable(Exception):
    """A file ``fmt`` leaves as it is, and why."""


def round_trip_yaml():
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip: comments, blank lines, flow style and anchors kept
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # long values stay on their line
    yaml.preserve_quotes = True  # read which scalars were quoted; _requote decides which keep their quotes
    yaml.brace_single_entry_mapping_in_flow_sequence = True  # [{id: A}, ...], never [id: A, ...]
    yaml.representer.add_representer(type(None), _null)  # `null` written out: it unsets a PDK default
    return yaml


def _null(representer, _value):
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def formatted(raw: bytes | str, file: str = "<spec>") -> str:
    """The canonical text of a spec (``SpecError`` for a file the loader refuses)."""
    text = decode(raw, file) if isinstance(raw, bytes) else raw
    before = load_text(text, file).data  # the loader's limits and checks come first
    yaml = round_trip_yaml()
    if text.lstrip("\ufeff").startswith("---"):
        yaml.explicit_start = True
    try:
        document = yaml.load(text)
    except Exception as exc:  # ruamel's own errors: the loader accepted it, so this is ruamel's limit
        raise NotFormattable(f"cannot be rewritten: {type(exc).__name__}") from None
    _order(document, schemas_for(document))
    document = _requote(document)
    out = io.StringIO()
    yaml.dump(document, out)
    result = out.getvalue().lstrip("\n")  # no blank lines before the first line (ruamel keeps them only once)
    if load_text(result, file).data != before:
        raise NotFormattable("the canonical layout would change its meaning; left as it is")
    if _comments(result) != _comments(text):  # ruamel drops a comment in a few places (between flow items)
        raise NotFormattable("the canonical layout would lose a comment; left as it is")
    return result


_BLOCK_SCALAR = re.compile(r"[|>][0-9+-]*\s*(#.*)?$")


def _comments(text: str) -> Counter:
    """Every comment of a YAML text: a ``#`` at a line's start or after a space, outside quotes and block
    scalars."""
    found: Counter = Counter()
    block_indent = None
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip())
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = None
        quote = None
        for n, ch in enumerate(line):
            if quote:
                if ch == quote:
                    quote = None
            elif ch in "'\"" and (n == 0 or line[n - 1] in " :[{,-"):
                quote = ch
            elif ch == "#" and (n == 0 or line[n - 1] in " \t"):
                found[line[n:].strip()] += 1
                break
        code = line.split(" #", 1)[0]
        if _BLOCK_SCALAR.search(code.rstrip()) and ":" in code or code.strip() in ("|", ">", "- |", "- >"):
            block_indent = indent
    return found


# Plain scalars some YAML reader in use reads as another type than a string: YAML 1.1 (PyYAML, go-yaml v2: yes/no,
# on/off, y/n, sexagesimal 1:30, dates, octal 0777, 1_000, ~) and YAML 1.2 (true/false, null, numbers). A string
# that one of them would read so keeps its quotes; every other quoted scalar becomes plain.
_OTHER_TYPE = re.compile(r"""^(?:
    y|Y|n|N|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
  | ~|null|Null|NULL|
  | [-+]?(?:0|[1-9][0-9_]*)(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
  | [-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?
  | [-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?0x[0-9a-fA-F_]+
  | [-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
  | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?
  | =|<<
)$""", re.VERBOSE)


def other_type(text: str) -> bool:
    """Whether some YAML reader in use reads ``text``, written plain, as something other than a string."""
    return bool(_OTHER_TYPE.match(text)) and any(ch not in "._-+" for ch in text) or text == ""


def _requote(node: Any) -> Any:
    """Quoted scalars (keys too) made plain unless a YAML 1.1 or 1.2 reader would then read another type."""
    from ruamel.yaml.scalarstring import ScalarString

    def plain(value: Any) -> Any:
        if isinstance(value, ScalarString) and type(value).__name__ in ("SingleQuotedScalarString",
                                                                       "DoubleQuotedScalarString"):
            return value if other_type(str(value)) or "\n" in value else str(value)
        return value

    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            for key in list(current):
                value = current[key]
                if isinstance(value, (dict, list)):
                    stack.append(value)
                else:  # past CommentedMap's own __setitem__, which keeps a replaced string's quoting
                    OrderedDict.__setitem__(current, key, plain(value))
                renamed = plain(key)
                if renamed is not key and type(renamed) is not type(key):
                    _rename(current, key, renamed)
        elif isinstance(current, list):
            for n, value in enumerate(current):
                if isinstance(value, (dict, list)):
                    stack.append(value)
                else:
                    list.__setitem__(current, n, plain(value))
    return node


def _rename(mapping, key, renamed) -> None:
    """Replace a key with an equal one of another quoting style, keeping its place and its comments."""
    items = list(mapping.items())
    comments = mapping.ca.items.pop(key, None)
    for name, _ in items:
        del mapping[name]
    for name, value in items:
        mapping[renamed if name == key else name] = value
    if comments is not None:
        mapping.ca.items[renamed] = comments


def _order(node: Any, schemas: list[dict]) -> None:
    """Put each mapping's keys in the schema's order, inner mappings first (iteratively: specs nest deep)."""
    mappings, stack = [], [(node, schemas, None, None)]
    while stack:
        current, here, holder, at = stack.pop()
        if isinstance(current, dict):
            mappings.append((current, properties(here), holder, at))
            for key, value in current.items():
                if key in KEEP_ORDER:
                    continue
                below = children(here, key) if key != "environments" else _environment_schemas(here)
                stack.append((value, below, current, key))
        elif isinstance(current, list):
            below = children(here, None)
            stack.extend((item, below, current, n) for n, item in enumerate(current))
    for mapping, known, holder, at in reversed(mappings):  # children were found after their parents
        if known:
            _reorder(mapping, known, holder, at)


def _reorder(mapping, known: list[str], holder=None, at=None) -> None:
    """Reorder one mapping, keeping the comment lines and blank lines above each key with that key.

    ruamel keeps what stands between two entries as the trailing comment of the first entry's last scalar, and
    what stands above a nested mapping's first key in its parent's entry (``holder[at]``); that text is taken
    off before the move and put back above the key it belongs to, and what follows the mapping's last entry
    stays at its end. (The top level's first comments are the file's header and stay on top.)
    """
    rank = {name: n for n, name in enumerate(known)}
    rank.update({name: -len(FIRST) + n for n, name in enumerate(FIRST)})
    keys = list(mapping)
    wanted = sorted(keys, key=lambda k: (rank.get(k, len(rank)), keys.index(k)))
    if wanted == keys:
        return
    above = {keys[n + 1]: _detach(mapping, key) for n, key in enumerate(keys[:-1])}
    after = _detach(mapping, keys[-1])
    column = _indent(mapping, keys)
    if holder is not None:
        above[keys[0]] = _take_lead(holder, at, column)
    for key in wanted:
        mapping.move_to_end(key)
    carried = ""
    if holder is not None:
        _put_lead(holder, at, above.get(wanted[0], ""), column)
    else:  # at the top, a key with lines above it moved to the front: they follow it
        carried = above.get(wanted[0], "")
    for previous, key in zip(wanted, wanted[1:]):
        _attach(mapping, previous, carried + above.get(key, ""))
        carried = ""
    _attach(mapping, wanted[-1], carried + after)


def _indent(mapping, keys: list) -> int:
    """The column a mapping's keys are written at (0-based), from ruamel's record of where each key was read."""
    try:
        return mapping.lc.key(keys[0])[1]
    except (AttributeError, KeyError, TypeError):
        return 0


def _lead_slot(holder, at) -> tuple[list, int]:
    slot = 3 if isinstance(holder, dict) else 1
    tokens = holder.ca.items.setdefault(at, [None, None, None, None])
    return tokens, slot


def _take_lead(holder, at, column: int) -> str:
    """Take off the comment and blank lines above a nested mapping's first key, as text indented at ``column``."""
    tokens, slot = _lead_slot(holder, at)
    lead = tokens[slot]
    if not lead:
        return ""
    tokens[slot] = None
    text = "".join(token.value for token in lead)
    return "".join(" " * column + line if line.strip() else line for line in text.splitlines(True))


def _put_lead(holder, at, text: str, column: int) -> None:
    """Put comment and blank lines (indented text) above a nested mapping's first key."""
    if not text:
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    tokens, slot = _lead_slot(holder, at)
    at_dash = not isinstance(holder, dict)  # above a list item: at its dash, two columns before its keys
    indent = max(column - 2, 0) if at_dash else column
    # ruamel indents the token's first line by its column; the lines after it are written as they are
    lines = "".join(("" if n == 0 else " " * indent) + line.lstrip(" ") if line.strip() else line
                    for n, line in enumerate(text.splitlines(True)))
    tokens[slot] = [CommentToken(lines, CommentMark(indent), None)]


def _tail(mapping, key):
    """The mapping or list, and the key or index, of the last scalar of ``mapping[key]``: where ruamel keeps
    the text that follows the entry."""
    holder, at = mapping, key
    while True:
        value = holder[at]
        if isinstance(value, (dict, list)) and len(value) and not value.fa.flow_style():
            holder, at = value, (list(value)[-1] if isinstance(value, dict) else len(value) - 1)
            continue
        return holder, at, 2 if isinstance(holder, dict) else 0


def _detach(mapping, key) -> str:
    """Take off what follows the entry's own line (blank lines, comment lines) and return it."""
    holder, at, slot = _tail(mapping, key)
    tokens = holder.ca.items.get(at)
    if not tokens or len(tokens) <= slot or tokens[slot] is None:
        return ""
    first, newline, rest = tokens[slot].value.partition("\n")
    tokens[slot].value = first + newline
    return rest


def _attach(mapping, key, text: str) -> None:
    """Put ``text`` (blank and comment lines) after the entry ``mapping[key]``."""
    if not text:
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    holder, at, slot = _tail(mapping, key)
    tokens = holder.ca.items.setdefault(at, [None, None, None, None] if slot == 2 else [None, None])
    if tokens[slot] is None:
        tokens[slot] = CommentToken("\n" + text, CommentMark(0), None)
    else:
        value = tokens[slot].value
        tokens[slot].value = (value if value.endswith("\n") else value + "\n") + text


def _environment_schemas(kind_schemas: list[dict]) -> list[dict]:
    """An environment's entries are ordered as the spec itself is: the environments' mapping stands for names."""
    return [{"additionalProperties": {"allOf": kind_schemas}}]


__all__ = ["NotFormattable", "SpecError", "formatted"]
