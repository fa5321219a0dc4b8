"""Files a spec names besides itself (managed login branding's settings and images, the hosted UI's CSS):
read once, at the resolve stage, relative to the spec's folder, and only when they are regular files
within a size limit, so that a device, a FIFO or a huge file is one diagnostic, never a hang."""

from __future__ import annotations

import json
import os
import stat

from .diagnostics import KeyPath


class SpecFiles:
    """Reads the files of one spec; what cannot be read becomes a finding at the key that names it."""

    def __init__(self, base_dir: str | None):
        self.base_dir = base_dir or os.getcwd()
        self.findings: list[tuple[KeyPath, str]] = []

    def read_bytes(self, where: KeyPath, name: str, limit: int) -> bytes | None:
        """The file's bytes, or None (with a finding) when it is missing, not a regular file or over ``limit``."""
        path = os.path.join(self.base_dir, name)
        try:
            with open(path, "rb", opener=_no_blocking) as handle:
                info = os.fstat(handle.fileno())
                if not stat.S_ISREG(info.st_mode):
                    self.findings.append((where, f"'{name}' is not a regular file"))
                    return None
                if info.st_size > limit:
                    self.findings.append((where, f"'{name}' has {info.st_size:,} bytes; at most {limit:,} are allowed"))
                    return None
                return handle.read(limit + 1)[:limit]
        except OSError as exc:
            self.findings.append((where, f"cannot read '{name}': {exc.strerror or exc}"))
            return None

    def read_json_object(self, where: KeyPath, name: str, limit: int) -> dict | None:
        """A JSON object from the file, or None (with a finding)."""
        data = self.read_bytes(where, name, limit)
        if data is None:
            return None
        try:
            value = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            self.findings.append((where, f"'{name}' is not JSON: {exc}"))
            return None
        if not isinstance(value, dict):
            self.findings.append((where, f"'{name}' holds a JSON {type(value).__name__}, not an object"))
            return None
        return value


def _no_blocking(path: str, flags: int) -> int:
    """Open without waiting on a FIFO that has no writer (it is then refused as not a regular file)."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
