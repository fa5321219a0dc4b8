"""A baseline: the findings a team accepted when it adopted the tool on existing specs, so that a run fails only
on new ones (as ``--baseline`` does in detekt, psalm or bandit).

A baseline holds only what the project configuration's ``severity`` could lower (a rule that is a warning in some
mode): an error that stops a template from being written in every mode (a schema error, a file that is not YAML,
a rule the CDK refuses) is never hidden, whether ``--write-baseline`` is asked to keep it or a hand-edited
baseline holds it.

A finding is known by its file (relative to the baseline's folder), environment, rule, key path and message —
not its line, which moves with every edit above it. Each entry counts once: a second identical finding is new.
"""

from __future__ import annotations

import json
import os
from collections import Counter

from ..diagnostics import Diagnostic, format_path

VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read as one."""


def _key(diagnostic: Diagnostic, folder: str) -> tuple:
    file = diagnostic.file
    if not file.startswith("<"):
        file = os.path.relpath(os.path.abspath(file), folder).replace(os.sep, "/")
    return (file, diagnostic.environment or "", diagnostic.rule, format_path(diagnostic.path), diagnostic.message)


_FIELDS = ("file", "environment", "rule", "path", "message")


def baselinable(rule_id: str) -> bool:
    """Whether a baseline may hold a finding of a rule: one ``severity`` could lower (cfn-lint's warnings and
    informational findings too, under cfn-lint's own ids; never its errors)."""
    from ..codes import RULES

    rule = RULES.get(rule_id)
    return rule.acknowledgeable if rule is not None else not rule_id.startswith(("IC", "E"))  # cfn-lint's E: errors


def text(diagnostics: list[Diagnostic], path: str) -> str:
    """The baseline file of the ``diagnostics`` a baseline may hold (sorted, so it diffs well in review)."""
    folder = os.path.dirname(os.path.abspath(path))
    entries = sorted(_key(d, folder) for d in diagnostics if baselinable(d.rule))
    return json.dumps({"version": VERSION, "findings": [dict(zip(_FIELDS, e)) for e in entries]}, indent=2,
                      ensure_ascii=False) + "\n"


MAX_BYTES = 16 * 1024 * 1024


class Baseline:
    def __init__(self, path: str):
        from ..source.reading import Refused, read_bytes

        self.folder = os.path.dirname(os.path.abspath(path))
        try:
            data = json.loads(read_bytes(path, "baseline", MAX_BYTES).decode("utf-8"))
            entries = data["findings"] if isinstance(data, dict) and data.get("version") == VERSION else None
            known = Counter(tuple(str(e[f]) for f in _FIELDS) for e in entries)
        except Refused as exc:
            raise BaselineError(str(exc)) from None
        except OSError as exc:
            raise BaselineError(f"cannot read the baseline {path}: {exc.strerror or exc}") from None
        except (ValueError, TypeError, KeyError, RecursionError):
            raise BaselineError(f"{path} is not a baseline (write one with validate --write-baseline)") from None
        self.known = Counter({entry: count for entry, count in known.items() if baselinable(entry[2])})
        self.ignored = sum(known.values()) - sum(self.known.values())  # entries no baseline may hold

    def holds(self, diagnostic: Diagnostic) -> bool:
        """Whether the baseline holds a finding (without counting it as met)."""
        return self.known[_key(diagnostic, self.folder)] > 0

    def new(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """The findings the baseline does not hold (each entry meets one finding)."""
        fresh = []
        for d in diagnostics:
            key = _key(d, self.folder)
            if self.known[key] > 0:
                self.known[key] -= 1
            else:
                fresh.append(d)
        return fresh
