"""Template → text: JSON (keys sorted, 2-space indent) or YAML (libyaml's emitter when present)."""

from __future__ import annotations

import json

import yaml

try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper

FORMATS = ("yaml", "json")


def render(data: dict, fmt: str = "yaml") -> str:
    """Deterministic text for a template: sorted keys, so the same spec gives the same bytes."""
    if fmt == "json":
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return yaml.dump(data, Dumper=_Dumper, sort_keys=True, default_flow_style=False, allow_unicode=True,
                     width=1_000_000)
