"""Writing output files without ever destroying what the user has.

- A regular file (or a new one) is written through a temporary file in the same directory and
  renamed over it: a reader never sees half a template, and on error the old file is untouched.
- A symbolic link is written through: the file it points to is replaced, the link itself stays
  (``target_problem(links=False)`` tells a caller that refuses links: a generated folder is no place for one).
- A device, FIFO or socket (``/dev/null``, ``/dev/stdout``, a named pipe) is written to directly:
  renaming over it would replace the device node with a regular file.
- Several files are written all or none: every one is staged beside its target first, and only when
  all are staged are they renamed into place.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from typing import Sequence

_DIRECT_PREFIXES = ("/dev/", "/proc/")  # magic links (/dev/stdout → /proc/self/fd/1) are written to, not resolved


def write_outputs(files: Sequence[tuple[str, str]]) -> None:
    """Write each ``(path, text)``, all or none. Raises OSError, with nothing written, when one cannot be."""
    for path, _text in files:
        problem = target_problem(path)
        if problem:
            raise OSError(0, problem, path)
    pending: list[tuple[str, str]] = []  # (temporary, final), not yet renamed into place
    direct: list[tuple[str, bytes]] = []
    try:
        for path, text in files:
            data = text.encode("utf-8")
            if _is_direct(path):
                direct.append((path, data))
            else:
                final = os.path.realpath(path)
                try:
                    pending.append((_stage(final, data), final))
                except OSError as exc:
                    exc.filename = path
                    raise
        while pending:
            os.replace(*pending[0])
            pending.pop(0)
    except BaseException:
        for temporary, _final in pending:
            _remove(temporary)
        raise
    for path, data in direct:
        try:
            _write_directly(path, data)
        except OSError as exc:
            exc.filename = exc.filename or path  # os.write's error names no file
            raise


def target_problem(path: str, *, links: bool = True) -> str | None:
    """Why nothing can be written at ``path`` (a folder, a missing folder, a link where none may be), or None."""
    if path.endswith(("/", os.sep)) or os.path.isdir(path):
        return "it is a folder; give a file name"
    if not links and os.path.islink(path):
        return "it is a symbolic link; a generated file is not written through a link"
    from ..source.reading import link_problem

    problem = link_problem(path)
    if problem:
        return problem.replace("name the file itself", "nothing is written through it")
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        return f"the folder {parent} does not exist"
    return None


def _is_direct(path: str) -> bool:
    try:
        info = os.stat(path)  # follows symbolic links
    except OSError:
        info = None
    return (info is not None and not stat.S_ISREG(info.st_mode)) or os.path.abspath(path).startswith(_DIRECT_PREFIXES)


def _write_directly(path: str, data: bytes) -> None:
    """Write to a device or pipe. Opened without blocking, so a FIFO no one reads is an error at once (ENXIO),
    never a hang; then written to as usual."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOCTTY", 0)
                         | getattr(os, "O_NONBLOCK", 0), 0o666)
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        _write_all(descriptor, data)
    finally:
        os.close(descriptor)


def _stage(path: str, data: bytes) -> str:
    """A temporary file beside ``path`` holding ``data``, with the permissions of the file it replaces.

    Its name is short whatever ``path``'s is, so a 255-byte output name still works.
    """
    directory = os.path.dirname(path)
    temporary = os.path.join(directory, f".identity-compiler-{os.urandom(6).hex()}.tmp")
    try:
        existing = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        existing = None
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        try:
            _write_all(descriptor, data)
            if existing is not None:
                os.fchmod(descriptor, existing)
        finally:
            os.close(descriptor)
    except BaseException:
        _remove(temporary)
        raise
    return temporary


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view):]


def file_identity(path: str) -> tuple[int, int] | None:
    """(device, inode) of the file a path names, through links; None when there is none yet."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def name_key(path: str) -> str:
    """A path as a case-insensitive, normalizing file system (macOS, Windows) tells names apart."""
    return unicodedata.normalize("NFC", os.path.normpath(os.path.abspath(path))).casefold()
