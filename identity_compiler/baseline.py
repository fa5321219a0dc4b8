"""A baseline: the findings a team accepted when it adopted the tool on existing specs, so that a run fails only
on new ones (as ``--baseline`` does in detekt, psalm or bandit).

A finding is known by its file (relative to the baseline's folder), environment, rule, key path and message —
not its line, which moves with every edit above it. Each entry counts once: a second identical finding is new.
"""

from __future__ import annotations

import json
import os
from collections import Counter

from .diagnostics import Diagnostic, format_path

VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read as one."""


def _key(diagnostic: Diagnostic, folder: str) -> tuple:
    file = diagnostic.file
    if not file.startswith("<"):
        file = os.path.relpath(os.path.abspath(file), folder).replace(os.sep, "/")
    return (file, diagnostic.environment or "", diagnostic.rule, format_path(diagnostic.path), diagnostic.message)


_FIELDS = ("file", "environment", "rule", "path", "message")


def text(diagnostics: list[Diagnostic], path: str) -> str:
    """The baseline file of ``diagnostics`` (sorted, so it diffs well in review)."""
    folder = os.path.dirname(os.path.abspath(path))
    entries = sorted(_key(d, folder) for d in diagnostics)
    return json.dumps({"version": VERSION, "findings": [dict(zip(_FIELDS, e)) for e in entries]}, indent=2,
                      ensure_ascii=False) + "\n"


class Baseline:
    def __init__(self, path: str):
        self.folder = os.path.dirname(os.path.abspath(path))
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.loads(handle.read(16 * 1024 * 1024))
            entries = data["findings"] if isinstance(data, dict) and data.get("version") == VERSION else None
            self.known = Counter(tuple(str(e[f]) for f in _FIELDS) for e in entries)
        except OSError as exc:
            raise BaselineError(f"cannot read the baseline {path}: {exc.strerror or exc}") from None
        except (ValueError, TypeError, KeyError, RecursionError):
            raise BaselineError(f"{path} is not a baseline (write one with validate --write-baseline)") from None

    def new(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """The findings the baseline does not hold."""
        fresh = []
        for d in diagnostics:
            key = _key(d, self.folder)
            if self.known[key] > 0:
                self.known[key] -= 1
            else:
                fresh.append(d)
        return fresh
