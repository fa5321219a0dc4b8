"""Reading a CloudFormation template: JSON or YAML, short-form intrinsics (``!Ref``) included, or the
output of ``aws cloudformation get-template`` (its ``TemplateBody``, as text or as data)."""

from __future__ import annotations

import json
from typing import Any

from .diagnostics import SpecError


def template_document(raw: bytes, path: str) -> Any:
    """YAML or JSON data; a template with short-form intrinsics through cfn-lint's decoder; None if neither."""
    from .loading import first_document

    try:
        document = first_document(raw, path)
    except SpecError:
        document = None
        if b"!" in raw:
            document = _short_form(raw)
    if isinstance(document, dict) and "TemplateBody" in document:  # get-template output, as the CLI prints it
        body = document["TemplateBody"]
        document = template_document(body.encode("utf-8"), path) if isinstance(body, str) else body
    return document


def _short_form(raw: bytes) -> Any:
    from cfnlint.decode.decode import decode_str

    try:
        template, matches = decode_str(raw.decode("utf-8", "replace"))
    except Exception:  # cfn-lint's decoder raises on input it cannot read at all
        return None
    return None if matches else json.loads(json.dumps(template))  # its node classes → plain data
