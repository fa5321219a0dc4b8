"""Template → text: JSON (keys sorted, 2-space indent) or YAML (libyaml's emitter when present)."""

from __future__ import annotations

import json
import re

import yaml

try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper

FORMATS = ("yaml", "json")
# Written as \u escapes in JSON: controls, line/paragraph separators and noncharacters are legal
# JSON but trip up editors, terminals and other parsers when written raw.
_JSON_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")


def render(data: dict, fmt: str = "yaml") -> str:
    """Deterministic text for a template: sorted keys, so the same spec gives the same bytes."""
    if fmt == "json":
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
        return _JSON_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
    return yaml.dump(data, Dumper=_Dumper, sort_keys=True, default_flow_style=False, allow_unicode=True,
                     width=1_000_000)
