"""Every file the tool reads, read one way: contained, bounded, regular files only, never blocking.

CI runs the tool on the files of a pull request, so any file it opens may be an attacker's: a link to
``~/.aws/credentials`` or ``/dev/zero``, a link to ``/proc/self/fd/0`` that would wait for ever, a folder that
is a link out of the checkout. The rule, after kustomize's load restrictor, is the same for every input:

- a path that lies in the project (the git top level of the working folder, else the working folder), as
  written, must lie in it once every link is resolved, in every component, not only the last;
- a link never leads into version-control metadata (``.git/``, ``.hg/``...) that the path does not name itself;
- only a regular file is read (a device, a FIFO or a socket is refused before a byte is read, without waiting
  for a writer), at most ``limit`` bytes, and a file whose content disagrees with its size (a kernel's view,
  a file changing under us) is refused.

A path outside the project, as written, is the user's own choice (``compile /tmp/x.yaml``) and is read as named.
"""

from __future__ import annotations

import os
import stat
from functools import lru_cache

# Folders of version-control systems: a checkout's history, its remotes' credentials, its hooks.
METADATA = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs", "CVS", ".jj", ".pijul", ".fslckout", "_FOSSIL_"})
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)


class Refused(Exception):
    """A file that may not be read: outside the project through a link, not a regular file, or too large."""


def project_root() -> str:
    """The folder a run is contained in: the git top level of the working folder, else the working folder."""
    return _root_of(os.path.realpath(os.getcwd()))


@lru_cache(maxsize=8)
def _root_of(here: str) -> str:
    """Found once per working folder: every input and output of a run asks."""
    folder = here
    while True:
        if os.path.lexists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return here
        folder = parent


def within(path: str, root: str) -> bool:
    """Whether ``path`` is ``root`` or lies below it (both absolute and normalized)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def in_metadata(path: str) -> bool:
    """Whether a path has a version-control folder (``.git``...) among its components."""
    return any(part in METADATA for part in path.split(os.sep))


def link_problem(path: str, root: str | None = None) -> str | None:
    """Why a path the user named may not be used as it resolves (a link, in any component, leaving the project or
    leading into version-control metadata), or None."""
    root = root or project_root()
    written = os.path.abspath(path)
    resolved = os.path.realpath(path)
    if within(written, root) and not within(resolved, root):
        return "it is, or lies below, a symbolic link that leads outside the project; name the file itself"
    if in_metadata(resolved) and not in_metadata(written):
        return "it is, or lies below, a symbolic link into version-control metadata (.git/ and the like)"
    return None


def read_bytes(path: str, what: str, limit: int, root: str | None = None) -> bytes:
    """The bytes of a file the user named (a spec, a template, a configuration, a baseline...).

    Raises ``Refused`` (contained, regular, bounded: see the module) and ``OSError`` when the file cannot be
    opened at all (missing, no permission).
    """
    problem = link_problem(path, root)
    if problem:
        raise Refused(f"the {what} {path} is not read: {problem}")
    return read_regular(path, what, limit)


def read_regular(path: str, what: str, limit: int, *, follow: bool = True) -> bytes:
    """At most ``limit`` bytes of a regular file, opened without blocking; ``Refused`` for anything else."""
    descriptor = os.open(path, _FLAGS | (0 if follow else getattr(os, "O_NOFOLLOW", 0)))
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise Refused(f"the {what} {path} is a folder")
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"the {what} {path} is not a regular file (a device, a pipe or a socket is not read)")
        if info.st_size > limit:
            raise Refused(f"the {what} {path} is {info.st_size:,} bytes; a {what} may be at most {limit:,} bytes")
        data = _read(descriptor, limit + 1)
    finally:
        os.close(descriptor)
    if len(data) != info.st_size:
        raise Refused(f"the {what} {path} is not a regular file (its size and its content disagree)")
    return data


def _read(descriptor: int, most: int) -> bytes:
    chunks, size = [], 0
    while size < most:
        chunk = os.read(descriptor, most - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)
