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
from collections import Counter
from typing import Any

from .schema_walk import children, properties, schemas_for
from .diagnostics import SpecError
from .loading import decode, load_text

FIRST = ("kind", "id")
# Mappings whose order the template keeps (the CDK walks them in insertion order: the pool's Schema, its
# LambdaConfig, a provider's AttributeMapping, the terms' Links, the principal tags): never reordered.
KEEP_ORDER = frozenset({"standard_attributes", "lambda_triggers", "attribute_mapping", "links", "principal_tags"})


class NotFormattable(Exception):
    """A file ``fmt`` leaves as it is, and why."""


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip: comments, blank lines, flow style and anchors kept
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # long values stay on their line
    yaml.preserve_quotes = False  # one style of quoting: plain unless YAML needs quotes
    yaml.representer.add_representer(type(None), _null)  # `null` written out: it unsets a PDK default
    return yaml


def _null(representer, _value):
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def formatted(raw: bytes | str, file: str = "<spec>") -> str:
    """The canonical text of a spec (``SpecError`` for a file the loader refuses)."""
    text = decode(raw, file) if isinstance(raw, bytes) else raw
    before = load_text(text, file).data  # the loader's limits and checks come first
    yaml = _yaml()
    if text.lstrip("\ufeff").startswith("---"):
        yaml.explicit_start = True
    try:
        document = yaml.load(text)
    except Exception as exc:  # ruamel's own errors: the loader accepted it, so this is ruamel's limit
        raise NotFormattable(f"cannot be rewritten: {type(exc).__name__}") from None
    _order(document, schemas_for(document))
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


def _order(node: Any, schemas: list[dict]) -> None:
    """Put each mapping's keys in the schema's order, inner mappings first (iteratively: specs nest deep)."""
    mappings, stack = [], [(node, schemas)]
    while stack:
        current, here = stack.pop()
        if isinstance(current, dict):
            mappings.append((current, properties(here)))
            for key, value in current.items():
                if key in KEEP_ORDER:
                    continue
                below = children(here, key) if key != "environments" else _environment_schemas(here)
                stack.append((value, below))
        elif isinstance(current, list):
            below = children(here, None)
            stack.extend((item, below) for item in current)
    for mapping, known in reversed(mappings):  # children were found after their parents
        if known:
            _reorder(mapping, known)


def _reorder(mapping, known: list[str]) -> None:
    """Reorder one mapping, keeping the comment lines and blank lines above each key with that key.

    ruamel keeps what stands between two entries as the trailing comment of the first entry's last scalar;
    that text (all but the first entry's own end of line) is taken off before the move and put back above
    the key it belongs to, and what follows the mapping's last entry stays at its end.
    """
    rank = {name: n for n, name in enumerate(known)}
    rank.update({name: -len(FIRST) + n for n, name in enumerate(FIRST)})
    keys = list(mapping)
    wanted = sorted(keys, key=lambda k: (rank.get(k, len(rank)), keys.index(k)))
    if wanted == keys:
        return
    above = {keys[n + 1]: _detach(mapping, key) for n, key in enumerate(keys[:-1])}
    after = _detach(mapping, keys[-1])
    for key in wanted:
        mapping.move_to_end(key)
    carried = above.get(wanted[0], "")  # a key with lines above it moved to the front: they follow it
    for previous, key in zip(wanted, wanted[1:]):
        _attach(mapping, previous, carried + above.get(key, ""))
        carried = ""
    _attach(mapping, wanted[-1], carried + after)


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
