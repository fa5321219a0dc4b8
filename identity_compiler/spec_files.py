"""Files a spec names besides itself (managed login branding's settings and images, the hosted UI's CSS).

They are read once, at the resolve stage, relative to the spec's folder, under the rule kustomize's default
load restrictor keeps: the path is resolved, symbolic links included, and must then lie in or below the
spec's folder or a root the user names (``--files-root``). So a spec from a pull request cannot copy
``/proc/self/environ``, ``~/.aws/credentials`` or ``../../secret`` into the template it compiles to. Only
regular files within a size limit are read (a device, a FIFO or a huge file is one diagnostic, never a
hang), and what is read must be what the key says: UTF-8 text, JSON, or the image its extension names.
"""

from __future__ import annotations

import json
import os
import re
import stat
from typing import Sequence

from .diagnostics import KeyPath

# Kernel file systems whose "regular files" are views of the machine (the environment, memory, devices).
_PSEUDO = ("/proc", "/sys", "/dev")
# What an image file of each extension starts with (https://docs.aws.amazon.com/cognito-user-identity-pools/
# latest/APIReference/API_AssetType.html lists the extensions); SVG (text) and WEBP (RIFF, a size, WEBP) are checked apart.
_SIGNATURES = {"ICO": b"\x00\x00\x01\x00", "JPEG": b"\xff\xd8\xff", "PNG": b"\x89PNG\r\n\x1a\n"}
_SVG_ROOT = re.compile(r"<svg[\s>/]")


class SpecFiles:
    """Reads the files of one spec; what cannot be read becomes a finding at the key that names it."""

    def __init__(self, base_dir: str | None, roots: Sequence[str] = ()):
        self.base_dir = base_dir or os.getcwd()
        self.roots = tuple(dict.fromkeys(os.path.realpath(r) for r in (self.base_dir, *roots)))
        self.findings: list[tuple[KeyPath, str]] = []

    def read_bytes(self, where: KeyPath, name: str, limit: int) -> bytes | None:
        """The file's bytes, or None (with a finding) when it is outside the roots, missing, not a regular
        file or over ``limit``."""
        path = self._contained(where, name)
        if path is None:
            return None
        try:
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
                                 | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0))
        except OSError as exc:
            return self._refuse(where, f"cannot read '{name}': {exc.strerror or exc}")
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                return self._refuse(where, f"'{name}' is not a regular file")
            if info.st_size > limit:
                return self._refuse(where, f"'{name}' has {info.st_size:,} bytes; at most {limit:,} are allowed")
            data = _read(descriptor, limit + 1)
        except OSError as exc:
            return self._refuse(where, f"cannot read '{name}': {exc.strerror or exc}")
        finally:
            os.close(descriptor)
        if len(data) != info.st_size:  # a kernel's view (its size says 0), or a file changing under us
            return self._refuse(where, f"'{name}' is not a regular file (its size and its content disagree)")
        return data

    def read_text(self, where: KeyPath, name: str, limit: int) -> str | None:
        """UTF-8 text from the file, or None (with a finding)."""
        data = self.read_bytes(where, name, limit)
        if data is None:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return self._refuse(where, f"'{name}' is not UTF-8 text")

    def read_json_object(self, where: KeyPath, name: str, limit: int) -> dict | None:
        """A JSON object from the file, or None (with a finding)."""
        text = self.read_text(where, name, limit)
        if text is None:
            return None
        try:
            value = json.loads(text, parse_constant=_no_constant)  # NaN and Infinity are no JSON a template takes
        except (ValueError, RecursionError) as exc:
            return self._refuse(where, f"'{name}' is not JSON: {exc if isinstance(exc, ValueError) else 'too deep'}")
        if not isinstance(value, dict):
            return self._refuse(where, f"'{name}' holds a JSON {type(value).__name__}, not an object")
        return value

    def read_image(self, where: KeyPath, name: str, extension: str | None, limit: int) -> bytes | None:
        """An image's bytes, or None (with a finding) when the file is not the image ``extension`` names."""
        data = self.read_bytes(where, name, limit)
        if data is None or extension is None or image_is(data, extension):
            return data
        return self._refuse(where, f"'{name}' does not hold a {extension} image (its first bytes are not that "
                                   "format's signature)")

    def _contained(self, where: KeyPath, name: str) -> str | None:
        """The resolved path of ``name`` when it lies in or below a root; else None (with a finding)."""
        if "\x00" in name:
            return self._refuse(where, "a file name cannot hold the NUL character")
        resolved = os.path.realpath(os.path.join(self.base_dir, name))
        if any(within(resolved, pseudo) for pseudo in _PSEUDO):
            return self._refuse(where, f"'{name}' is not a regular file")
        if not any(within(resolved, root) for root in self.roots):
            return self._refuse(where, f"'{name}' is outside the spec's folder: a spec may name only files in or "
                                       "below its own folder (symbolic links resolved), or below a folder given "
                                       "with --files-root")
        return resolved

    def _refuse(self, where: KeyPath, message: str) -> None:
        self.findings.append((where, message))
        return None


def _read(descriptor: int, most: int) -> bytes:
    chunks, size = [], 0
    while size < most:
        chunk = os.read(descriptor, most - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def within(path: str, root: str) -> bool:
    """Whether ``path`` (resolved) is ``root`` or lies below it."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def image_is(data: bytes, extension: str) -> bool:
    """Whether ``data`` starts as an image of ``extension`` (ICO, JPEG, PNG, SVG or WEBP) does."""
    if extension == "SVG":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return False
        return bool(_SVG_ROOT.search(text))
    if extension == "WEBP":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    return data.startswith(_SIGNATURES.get(extension, b""))
