"""Template → text: JSON (keys sorted, 2-space indent) or YAML (libyaml's emitter when present)."""

from __future__ import annotations

import json

import yaml

from ..diagnostics import CharClass

try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper

FORMATS = ("yaml", "json")
# Written as \u escapes in JSON: controls, line/paragraph separators and noncharacters are legal
# JSON but trip up editors, terminals and other parsers when written raw.
_JSON_ESCAPE = CharClass("\x7f", "\x80-\x9f\u2028\u2029\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff")


class _Emitter(_Dumper):
    """Strings with line breaks double-quoted, every break an escape: a template's lines then never start with
    text from a value (a CSS file's ``::error::`` line would be a workflow command in a CI log)."""


def _string(dumper, value: str):
    style = '"' if any(ch in value for ch in "\n\r\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Emitter.add_representer(str, _string)


def render(data: dict, fmt: str = "yaml") -> str:
    """Deterministic text for a template: sorted keys, so the same spec gives the same bytes."""
    if fmt == "json":
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
        return _JSON_ESCAPE.of(text).sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
    return yaml.dump(data, Dumper=_Emitter, sort_keys=True, default_flow_style=False, allow_unicode=True,
                     width=1_000_000)
