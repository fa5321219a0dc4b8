"""identity-compiler: a YAML spec of a Cognito identity setup → the AWS PDK's CloudFormation template.

The public API mirrors the command line, one function per stage::

    spec = load_spec("auth.yaml")                 # SpecError / OSError on unusable input
    diagnostics = check(spec)                     # schema, then semantic rules
    result = compile_spec(spec, pdk_compat=True)  # result.template is a troposphere.Template
    text = render(result.template, "json")
    findings = lint(text, "auth.template.json")   # cfn-lint, as diagnostics
"""

from __future__ import annotations

__version__ = "0.1.0"

# The stages are imported when first used (PEP 562), so that the command line starts with nothing
# loaded: a Ctrl-C during start-up then reaches the command line's handler, not a traceback.
_LAZY = {"check": ("pipeline", "check"), "Result": ("pipeline", "Result"), "compile_spec": ("pipeline", "compile_spec"),
         "compile_text": ("pipeline", "compile_text"), "load_spec": ("pipeline", "load"),
         "Diagnostic": ("diagnostics", "Diagnostic"), "SpecError": ("diagnostics", "SpecError")}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    module, attribute = _LAZY[name]
    value = getattr(import_module(f"{__name__}.{module}"), attribute)
    globals()[name] = value
    return value


def render(template, fmt: str = "yaml") -> str:
    """A compiled template as YAML or JSON text (deterministic: sorted keys)."""
    from .output.rendering import render as _render

    return _render(template.to_dict(), fmt)


def lint(text: str, file: str = "<template>") -> list:
    """cfn-lint findings for a rendered template (loads cfn-lint's rules on first use)."""
    global _linter
    if _linter is None:
        from .cloudformation.linting import Linter

        _linter = Linter()
    return _linter.lint(text, file)


_linter = None

__all__ = ["Diagnostic", "Result", "SpecError", "check", "compile_spec", "compile_text", "lint", "load_spec",
           "render", "__version__"]
