"""Construct paths → CDK logical ids and unique ids, and the CDK's order of construct paths.

The CDK derives every logical id from the construct path (``makeUniqueId`` in aws-cdk-lib's
``core/lib/private/uniqueid.ts``); computing them the same way is what lets a stack deployed with
the PDK be updated in place by this compiler.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Sequence

try:  # the built-in MD5 spares loading OpenSSL at start-up (a few ms on every run)
    from _md5 import md5
except ImportError:  # pragma: no cover - an interpreter built without it
    from hashlib import md5

HIDDEN_ID = "Default"  # dropped from paths altogether
HIDDEN_FROM_HUMAN_ID = "Resource"  # kept in the hash, dropped from the readable part
MAX_HUMAN_LEN = 240
MAX_ID_LEN = 255
HASH_LEN = 8
_NON_ALNUM = re.compile(r"[^A-Za-z0-9]")


def make_unique_id(components: Sequence[str]) -> str:
    """The CDK's ``makeUniqueId``: readable path, then 8 hex digits of the path's MD5."""
    parts = [c for c in components if c != HIDDEN_ID]
    if not parts:
        raise ValueError("a unique id needs at least one path component")
    if len(parts) == 1:
        candidate = _NON_ALNUM.sub("", parts[0])
        if len(candidate) <= MAX_ID_LEN:
            return candidate
    digest = md5("/".join(parts).encode("utf-8")).hexdigest()[:HASH_LEN].upper()
    human = "".join(_NON_ALNUM.sub("", c) for c in _remove_dupes(parts) if c != HIDDEN_FROM_HUMAN_ID)
    return human[:MAX_HUMAN_LEN] + digest


def _remove_dupes(parts: Sequence[str]) -> list[str]:
    """Skip a component that the previous kept one ends with (``UserPool/UserPool`` → ``UserPool``)."""
    kept: list[str] = []
    for part in parts:
        if not kept or not kept[-1].endswith(part):
            kept.append(part)
    return kept


def locale_sort_key(path: str) -> tuple:
    """Approximates JavaScript's ``String.localeCompare`` (ICU root collation) for construct paths.

    The CDK orders ``DependsOn`` by ``a.node.path.localeCompare(b.node.path)``: case is ignored at
    first (``smsRole`` sorts between ``Resource`` and ``WebClient``), punctuation sorts before
    digits, digits before letters; ties are broken lower case first.
    """
    primary = []
    for ch in path:
        if ch.isalpha():
            base = unicodedata.normalize("NFKD", ch)[0].lower()
            primary.append((3, base))
        elif ch.isdigit():
            primary.append((2, ch))
        else:
            primary.append((1, ch))
    tertiary = tuple(0 if ch.islower() or not ch.isalpha() else 1 for ch in path)
    return (tuple(primary), tertiary, path)
