"""Writing an output file without ever destroying what the user has.

- A regular file (or a new one) is written through a temporary file in the same directory and
  renamed over it: a reader never sees half a template, and on error the old file is untouched.
- A symbolic link is written through: the file it points to is replaced, the link itself stays.
- A device, FIFO or socket (``/dev/null``, ``/dev/stdout``, a named pipe) is written to directly:
  renaming over it would replace the device node with a regular file.
"""

from __future__ import annotations

import os
import stat

_DIRECT_PREFIXES = ("/dev/", "/proc/")  # magic links (/dev/stdout → /proc/self/fd/1) are written to, not resolved


def write_output(path: str, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path``. Raises OSError (with ``strerror``) when it cannot."""
    data = text.encode("utf-8")
    try:
        info = os.stat(path)  # follows symbolic links
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(21, "it is a directory", path)
    if (info is not None and not stat.S_ISREG(info.st_mode)) or os.path.abspath(path).startswith(_DIRECT_PREFIXES):
        _write_directly(path, data)
    else:
        _write_atomically(os.path.realpath(path), data)


def _write_directly(path: str, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOCTTY", 0), 0o666)
    try:
        _write_all(descriptor, data)
    finally:
        os.close(descriptor)


def _write_atomically(path: str, data: bytes) -> None:
    """A temporary file beside ``path``, then a rename. A replaced file keeps its permissions."""
    directory, name = os.path.split(path)
    temporary = os.path.join(directory, f".{name}.{os.getpid()}.tmp")
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
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


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
