"""Reading a CloudFormation template: JSON or YAML, short-form intrinsics (``!Ref``) included, or the
output of ``aws cloudformation get-template`` (its ``TemplateBody``, as text or as data).

The loader of specs reads it, with the same limits (size, depth, aliases, entries), so a hostile
template is one diagnostic that says what is wrong with it, and only plain data comes out: a date
stays the text it was written as (``AWSTemplateFormatVersion: 2010-09-09``), and a tag that would
construct anything else (``!!binary``, ``!!set``) is refused.
"""

from __future__ import annotations

from typing import Any


def template_document(raw: bytes, path: str) -> Any:
    """A template's data. Raises SpecError (IC0001/IC0002, with the reason) when it is not YAML or JSON within
    the loader's limits."""
    from .loading import first_document

    document = first_document(raw, path, what="template")
    if isinstance(document, dict) and isinstance(document.get("TemplateBody"), str):  # get-template output
        document = first_document(document["TemplateBody"], path, what="template")
    elif isinstance(document, dict) and isinstance(document.get("TemplateBody"), dict):
        document = document["TemplateBody"]
    return document
