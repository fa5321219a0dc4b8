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
    single, human, digest = _readable_and_hash(components, MAX_ID_LEN)
    return single if single is not None else human[:MAX_HUMAN_LEN] + digest


def make_unique_resource_name(components: Sequence[str], max_length: int) -> str:
    """The CDK's ``Names.uniqueResourceName`` (``makeUniqueResourceName`` in aws-cdk-lib's
    ``core/lib/private/unique-resource-name.ts``): the readable path cut in the middle to fit, then the
    path's hash. ``components`` start with the stack's name, as ``uniqueResourceName`` takes them."""
    single, human, digest = _readable_and_hash(components, max_length)
    if single is not None:
        return single
    room = max_length - HASH_LEN
    if len(human) > room:
        half = room // 2  # JavaScript's slice(0, half) + slice(-half), half = room / 2 (slice(-0) is all)
        human = human[:half] + (human[-half:] if half else human)
    return human + digest


def readable(component: str) -> str:
    """A path component as the readable part of a logical id has it: letters and digits only."""
    return _NON_ALNUM.sub("", component)


def _readable_and_hash(components: Sequence[str], max_single: int) -> tuple[str | None, str, str]:
    """What both CDK schemes share: a lone component used as is when it fits (else None), the readable
    path (no ``Resource``, no repeated component, letters and digits only) and the path's hash."""
    parts = [c for c in components if c != HIDDEN_ID]
    if not parts:
        raise ValueError("a unique id needs at least one path component")
    if len(parts) == 1:
        single = readable(parts[0])
        if len(single) <= max_single:
            return single, "", ""
    digest = md5("/".join(parts).encode("utf-8")).hexdigest()[:HASH_LEN].upper()
    human = "".join(readable(c) for c in _remove_dupes(parts) if c != HIDDEN_FROM_HUMAN_ID)
    return None, human, digest


def _remove_dupes(parts: Sequence[str]) -> list[str]:
    """Skip a component that the previous kept one ends with (``UserPool/UserPool`` → ``UserPool``)."""
    kept: list[str] = []
    for part in parts:
        if not kept or not kept[-1].endswith(part):
            kept.append(part)
    return kept


# JavaScript's ``localeCompare`` (ICU's root collation, as node's en-US uses it) orders printable ASCII
# by these primary groups, first to last; within a group, lower case before upper case (tertiary).
_COLLATION_GROUPS = (" ", "_", "-", ",", ";", ":", "!", "?", ".", "'", '"', "(", ")", "[", "]", "{", "}", "@",
                     "*", "/", "\\", "&", "#", "%", "`", "^", "+", "<", "=", ">", "|", "~", "$",
                     *"0123456789", *(c + c.upper() for c in "abcdefghijklmnopqrstuvwxyz"))
_PRIMARY = {ch: rank for rank, group in enumerate(_COLLATION_GROUPS) for ch in group}


def locale_sort_key(path: str) -> tuple:
    """JavaScript's ``String.localeCompare`` for construct paths, as a sort key.

    The CDK orders ``DependsOn`` by ``a.node.path.localeCompare(b.node.path)``. ICU compares the
    strings' primary weights first (case ignored; punctuation before digits before letters, in
    ``_COLLATION_GROUPS``' order), then accents, then case (lower first). Exact for ASCII; other
    letters sort with their base letter, other characters after ASCII.
    """
    primary, secondary = [], []
    for ch in path:
        rank = _PRIMARY.get(ch)
        if rank is None:
            base = unicodedata.normalize("NFKD", ch)[:1]
            rank = _PRIMARY.get(base.lower(), len(_COLLATION_GROUPS) + ord(ch)) if base.isascii() else \
                len(_COLLATION_GROUPS) + ord(ch)
            secondary.append(ord(ch))
        else:
            secondary.append(0)
        primary.append(rank)
    tertiary = tuple(1 if ch.isupper() else 0 for ch in path)
    return (tuple(primary), tuple(secondary), tertiary, path)


def arn_resource_name(arn: str) -> str:
    """The resource name of an ARN as the CDK's ``Arn.split`` reads it (``core/lib/arn.ts``): what follows
    the first ``/`` of the sixth part, then every later ``:``-part. ``fromUserPoolArn`` takes it as the
    pool id, ``Role.fromRoleArn`` its last ``/`` segment as the role name."""
    _arn, _partition, _service, _region, _account, resource, *rest = arn.split(":")
    start = 1 if resource.startswith("/") else 0
    slash = resource.find("/", start)
    name = resource[slash + 1:] if slash != -1 else None
    if rest:
        name = ("" if not name else name + ":") + ":".join(rest)
    return name or ""


def principal_name_of(reference: str) -> str:
    """The name ``Role.fromRoleArn`` (``User.fromUserArn``, ``Group.fromGroupArn``, or ``from...Name``) gives an
    existing role, user or group."""
    return arn_resource_name(reference).split("/")[-1] if reference.startswith("arn:") else reference
