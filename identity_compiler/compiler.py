"""The pipeline, stage by stage: load → check → build → render (→ lint). Errors are values here."""

from __future__ import annotations

from typing import Sequence

from .checking import CONSTRUCT_IDS, check_and_resolve
from .diagnostics import ERROR, Diagnostic, SpecError, has_errors
from .loading import Document, load_file, load_text
from .resolving import stack_name_for

__all__ = ["Result", "compile_spec", "compile_text", "load", "stack_name_for"]

INTERNAL = "IC0000"
TEMPLATE_LIMIT = "IC0004"


class Result:
    """What compiling one spec gave: diagnostics, and the template when there were no errors."""

    def __init__(self, file: str, diagnostics: list[Diagnostic] | None = None):
        self.file = file
        self.diagnostics: list[Diagnostic] = list(diagnostics or [])
        self.template = None  # a troposphere.Template when the spec compiled
        self.data: dict | None = None  # the template as plain data (what is rendered)
        self.stack_name: str | None = None

    @property
    def ok(self) -> bool:
        return self.template is not None and not has_errors(self.diagnostics)


def load(path: str) -> Document:
    """Load a spec file; raises SpecError (bad spec) or OSError (unreadable)."""
    return load_file(path)


def compile_spec(spec: Document, *, stack_name: str | None = None, pdk_compat: bool = False, build: bool = True,
                 files_roots: Sequence[str] = ()) -> Result:
    """Check a loaded spec and, if it has no errors (and ``build``), build its template and check that too.

    Files the spec names are read from its folder, or from below one of ``files_roots``.
    """
    name = stack_name_for(spec, stack_name)
    diagnostics, resolved = check_and_resolve(spec, pdk_compat=pdk_compat, stack_name=stack_name,
                                              files_roots=files_roots)
    result = Result(spec.file, diagnostics)
    if has_errors(result.diagnostics) or not build or resolved is None:
        return result
    result.stack_name = name
    from .building.constructs import build_template  # troposphere only from here on
    from .construct_tree import ConstructCollision, TooManyResources

    try:
        template, sources = build_template(resolved, result.stack_name)
        result.template = template
        result.data = template.to_dict()
        from .checking.template_rules import template_diagnostics

        acknowledged = set(resolved.acknowledge)
        reported = {(d.rule, d.path) for d in result.diagnostics}  # the schema may have found a limit already
        result.diagnostics += [d for d in template_diagnostics(spec, result.data, sources, pdk_compat=pdk_compat)
                               if (d.is_error or d.rule not in acknowledged) and (d.rule, d.path) not in reported]
    except ConstructCollision as exc:
        result.template = result.data = None
        result.diagnostics.append(spec.diagnostic(exc.source or (), str(exc), CONSTRUCT_IDS))
    except TooManyResources as exc:
        result.template = result.data = None
        result.diagnostics.append(spec.diagnostic(exc.source, str(exc), TEMPLATE_LIMIT))
    except Exception as exc:  # a bug, not bad input: still one clear line, never a traceback
        result.diagnostics.append(Diagnostic(spec.file, 1, 1, ERROR, (),
                                             f"internal error while building the template: {type(exc).__name__}: "
                                             f"{exc}; please report this with the spec", INTERNAL))
    return result


def compile_text(text: str | bytes, file: str = "<spec>", **options) -> Result:
    """Load and compile spec text in one step; diagnostics instead of exceptions."""
    try:
        spec = load_text(text, file)
    except SpecError as exc:
        return Result(file, exc.diagnostics)
    return compile_spec(spec, **options)
