"""Files a spec names besides itself (managed login branding's settings and images, the hosted UI's CSS).

They are read once, at the resolve stage, relative to the spec's folder, under the rule kustomize's default
load restrictor keeps: the path is resolved, symbolic links included, and must then lie in or below the
spec's folder or a root the user names (``--files-root``). So a spec from a pull request cannot copy
``/proc/self/environ``, ``~/.aws/credentials`` or ``../../secret`` into the template it compiles to. Only
regular files within a size limit are read (a device, a FIFO or a huge file is one diagnostic, never a
hang), and what is read must be what the key says: UTF-8 text, JSON, or the image its extension names.
Inside the root is not enough: a hidden file or folder (a name starting with a dot: ``.git/config``, where CI
checkouts keep the job's token, ``.env``, ``.npmrc``, ``.aws/``) or a version-control folder (``CVS``, ``_darcs``)
is never read, as written or as a link resolves.
"""

from __future__ import annotations

import json
import os
import re
from typing import Sequence

from ..diagnostics import KeyPath
from .reading import METADATA, Refused, in_metadata, read_regular, within

# Kernel file systems whose "regular files" are views of the machine (the environment, memory, devices).
_PSEUDO = ("/proc", "/sys", "/dev")
MAX_TOTAL = 8 * 1024 * 1024  # every file of one spec together: far above what a template can hold (1 MB by S3 URL)
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
        self.read: list[str] = []  # the resolved paths of the files read
        self.cache: dict[str, bytes] = {}
        self.total = 0  # bytes read, all files together

    def read_bytes(self, where: KeyPath, name: str, limit: int) -> bytes | None:
        """The file's bytes, or None (with a finding) when it is outside the roots, missing, not a regular
        file or over ``limit``."""
        path = self._contained(where, name)
        if path is None:
            return None
        data = self.cache.get(path)  # a file named again (through YAML aliases, say) is read once
        if data is None:
            try:
                data = read_regular(path, "file", limit, follow=False)
            except Refused as exc:
                return self._refuse(where, str(exc).replace(f"the file {path}", f"'{name}'"))
            except OSError as exc:
                return self._refuse(where, f"cannot read '{name}': {exc.strerror or exc}")
            self.read.append(path)
            self.cache[path] = data
        self.total += len(data)  # each use goes into the template: counted each time
        if self.total > MAX_TOTAL:
            return self._refuse(where, f"the files this spec names come to more than {MAX_TOTAL:,} bytes, each use "
                                       "counted; no template takes so much")
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
        root = next(root for root in self.roots if within(resolved, root))
        written = os.path.relpath(os.path.normpath(os.path.join(self.base_dir, name)), self.base_dir)
        if _hidden(os.path.relpath(resolved, root)) or _hidden(written) or in_metadata(resolved):
            return self._refuse(where, f"'{name}' is, or lies in, a hidden file or folder (a name starting with a dot: "
                                       "version-control metadata, .env, credentials) or a version-control folder; a "
                                       "spec may not name it")
        return resolved

    def _refuse(self, where: KeyPath, message: str) -> None:
        self.findings.append((where, message))
        return None



def _hidden(relative: str) -> bool:
    """Whether a path below a root has a hidden or version-control component."""
    return any(part.startswith(".") and part not in (".", "..") or part in METADATA
               for part in relative.split(os.sep))


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")



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
