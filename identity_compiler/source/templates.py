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


def template_problem(template: Any) -> str | None:
    """Why ``template`` cannot be compared as a CloudFormation template, or None when it can."""
    if not isinstance(template, dict):
        return "a template is a mapping with 'Resources'"
    resources = template.get("Resources")
    if not isinstance(resources, dict):
        return "'Resources' must be a mapping of logical ids to resources"
    for logical_id, resource in resources.items():
        if not isinstance(resource, dict):
            return f"resource {logical_id!r} is not a mapping"
        if not isinstance(resource.get("Type"), str):
            return f"resource {logical_id!r} has no 'Type' string"
        if not isinstance(resource.get("Properties", {}), dict):
            return f"the 'Properties' of resource {logical_id!r} are not a mapping"
    return None
