"""The pipeline, one way: load → schema → resolve → rules → build → template checks (→ render, lint).

Each stage is a module of its own and returns values (diagnostics, a model, a template); this module runs them
in order and is the only one that does. The command line, ``import``, ``diff`` and the public API call it, and
none of them re-implements a stage. Errors are values here: only the command line chooses an exit status.
"""

from __future__ import annotations

import os
from typing import Mapping, NamedTuple, Sequence

from .spec import model
from .rules.engine import run_rules
from .spec.schema import check_schema, ecma_pattern, is_api_limit, schema, schema_errors, schema_valid_part
from .cloudformation.template_checks import template_diagnostics
from .source.configuration import configured
from .spec.construct_tree import ConstructCollision, TooManyResources
from .diagnostics import ERROR, WARNING, Diagnostic, SpecError, has_errors
from .source.loading import MAX_NODES, Document, file_problem, is_spec_kind, load_file, load_text
from .codes import API_LIMIT, CONSTRUCT_IDS, INTERNAL, SPEC_FILES, STACK_NAME, TEMPLATE_LIMIT, YAML
from .resolve.resolving import resolve, stack_name_for
from .source.spec_files import SpecFiles

__all__ = ["Result", "check", "compile_each", "compile_spec", "compile_text", "deployments", "load", "stack_name_for",
           "stack_name_problem", "template_or_spec", "Compared"]


class Result:
    """What compiling one spec gave: diagnostics, and the template when there were no errors."""

    def __init__(self, file: str, diagnostics: list[Diagnostic] | None = None):
        self.file = file
        self.diagnostics: list[Diagnostic] = list(diagnostics or [])
        self.template = None  # a troposphere.Template when the spec compiled
        self.data: dict | None = None  # the template as plain data (what is rendered)
        self.stack_name: str | None = None
        self.environment: str | None = None  # which environment of the spec this is (None: the base)
        self.regional: dict[str, dict] = {}  # a multi-Region pool's replica Region → that Region's template
        self.inputs: list[str] = []  # the files the spec names that were read (no output may be one of them)
        self.sources: dict[str, tuple] = {}  # each resource's logical id → the spec key path that made it

    @property
    def ok(self) -> bool:
        return self.template is not None and not has_errors(self.diagnostics)


def load(path: str) -> Document:
    """Load a spec file; raises SpecError (bad spec) or OSError (unreadable)."""
    return load_file(path)


def compile_spec(spec: Document, *, stack_name: str | None = None, pdk_compat: bool = False, build: bool = True,
                 files_roots: Sequence[str] = (), severity: Mapping[str, str] | None = None,
                 baseline=None) -> Result:
    """Check a loaded spec and, if it has no errors (and ``build``), build its template and check that too.

    Files the spec names are read from its folder, or from below one of ``files_roots``. ``severity`` is the
    project configuration's (rule id → error, warning or off). A ``baseline`` (``baseline.Baseline``) accepts
    the findings it holds, as an acknowledgement does: only rules ``severity`` could lower, so an error that stops
    the template in every mode is never hidden.
    """
    name = stack_name_for(spec, stack_name)
    inputs: list[str] = []
    severity = dict(severity or {})
    diagnostics, resolved = _check_and_resolve(spec, pdk_compat=pdk_compat, stack_name=stack_name,
                                               files_roots=files_roots, inputs=inputs,
                                               limits_lowered=severity.get(API_LIMIT) in ("warning", "off"))
    result = Result(spec.file, configured(diagnostics, severity))
    result.inputs = inputs
    result.environment = getattr(spec, "environment", None)
    standing = [d for d in result.diagnostics if baseline is None or not baseline.holds(spec.in_file(d))]
    if not has_errors(standing) and build and resolved is not None:
        _build(result, spec, resolved, name, pdk_compat)
    acknowledged = _acknowledged(spec)
    found = configured(without_acknowledged(result.diagnostics, acknowledged), severity)
    found = [_not_acknowledgeable(d) if d.is_error and d.rule in acknowledged and severity.get(d.rule) == "error"
             else d for d in found]
    result.diagnostics = _accepted([spec.in_file(d) for d in found], baseline)
    if build and result.template is None and not has_errors(result.diagnostics):  # a failure always says why
        result.diagnostics.append(Diagnostic(spec.file, 1, 1, ERROR, (), "no template was built, though no error "
                                             "stands (the configuration or a baseline accepts what stopped it); "
                                             "please report this with the spec and the configuration", INTERNAL))
    return result


def without_acknowledged(diagnostics: list, acknowledged) -> list:
    """The diagnostics but the warnings the spec acknowledges (``acknowledge: {id: reason}``): the one place
    that filters them, for every stage's findings."""
    acknowledged = set(acknowledged or ())
    return [d for d in diagnostics if not (d.severity == WARNING and d.rule in acknowledged)]


def _not_acknowledgeable(diagnostic: Diagnostic) -> Diagnostic:
    """A finding the spec acknowledges that the project configuration raises to an error: the configuration wins
    (an organisation's rule is not waived file by file), and the message says so."""
    return diagnostic._replace(message=f"{diagnostic.message} (the spec's acknowledge of {diagnostic.rule} no "
                                       "longer applies: the project configuration's severity makes it an error, "
                                       "and an acknowledgement accepts warnings only)")


def _accepted(diagnostics: list[Diagnostic], baseline) -> list[Diagnostic]:
    return diagnostics if baseline is None else baseline.new(diagnostics)


class NoEnvironment(KeyError):
    """An environment a spec does not declare (a usage error: the command line names it)."""

    def __init__(self, spec: Document, name: str):
        from .resolve.environments import names

        declared = names(spec)
        super().__init__(f"{spec.file} has no environment {name!r}"
                         + (f"; it has {', '.join(declared)}" if declared else "; it declares no environments"))

    def __str__(self) -> str:
        return self.args[0]


def deployments(spec: Document, only: str | None = None, *, every: bool = True) -> list[Document]:
    """What a spec deploys: the base and each of its environments (``every``), else the base alone; or, with
    ``only``, that environment's spec alone (``NoEnvironment`` when the spec does not declare it)."""
    from .resolve.environments import KEY, environment, names

    if only is not None:
        try:
            return [environment(spec, only)]
        except KeyError:
            raise NoEnvironment(spec, only) from None
    merged = [environment(spec, name) for name in names(spec)] if every else []
    total = sum(map(_size, (document.data for document in [spec, *merged])))
    if total > MAX_NODES:  # each environment repeats the base: held to the limit aliases are held to
        raise SpecError([spec.diagnostic((KEY,), f"the base and its {len(merged)} environments come to {total:,} "
                                                 f"nodes to check, more than {MAX_NODES:,}; split the spec, or "
                                                 "check one environment at a time with --env", YAML)])
    return [spec] + merged


def _size(data) -> int:
    """The nodes of a spec's data (mappings, lists and scalars), counted without recursion."""
    count, pending = 0, [data]
    while pending:
        node = pending.pop()
        count += 1
        if isinstance(node, dict):
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return count


def compile_each(documents: Sequence[Document], **options) -> list[Result]:
    """``compile_spec`` for each of a spec's deployments; an environment's finding that the base has already
    reported, at the same place with the same message — or on a mapping the environment's override only adds to
    (reported at the override's line, as the merged mapping's) — is not repeated."""
    results, reported, inherited = [], set(), set()
    for document in documents:
        result = compile_spec(document, **options)
        if result.environment is None:
            reported = {d._replace(environment=None) for d in result.diagnostics}
            inherited = {(d.rule, d.severity, d.message, tuple(d.path)) for d in result.diagnostics}
        else:
            blended = getattr(document, "blended", {})
            result.diagnostics = [
                d for d in result.diagnostics if d._replace(environment=None) not in reported
                # on a mapping the override only adds to: the base's finding there, not the environment's own
                and (d.rule, d.severity, d.message, blended.get(tuple(d.path))) not in inherited]
        results.append(result)
    return results


def _acknowledged(spec: Document) -> tuple:
    written = spec.data.get("acknowledge")
    return tuple(written) if isinstance(written, dict) else ()


def _build(result: "Result", spec: Document, resolved: model.Spec, name: str, pdk_compat: bool) -> None:
    """The build stage and the checks of the built template."""
    result.stack_name = name
    from .build.constructs import build_template  # troposphere only from here on

    try:
        template, sources = build_template(resolved, result.stack_name)
        result.template = template
        result.sources = {logical_id: spec.in_file_path(path) for logical_id, path in sources.items()}
        result.data = template.to_dict()
        pool = resolved.pool
        if isinstance(pool, model.UserPool) and pool.replicas:
            from .build.replicas import regional_template

            result.regional = {r.region: regional_template(pool, r, result.stack_name) for r in pool.replicas}
        reported = {(d.rule, d.path) for d in result.diagnostics}  # the schema may have found a limit already
        result.diagnostics += [d for d in template_diagnostics(spec, result.data, sources, pdk_compat=pdk_compat)
                               if (d.rule, d.path) not in reported]
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


def check(spec: Document, *, pdk_compat: bool = False, stack_name: str | None = None,
          files_roots: Sequence[str] = ()) -> list[Diagnostic]:
    """Every diagnostic of the schema and the rules for a loaded spec, in file order (no build)."""
    return compile_spec(spec, pdk_compat=pdk_compat, stack_name=stack_name, files_roots=files_roots,
                        build=False).diagnostics


def _check_and_resolve(spec: Document, *, pdk_compat: bool = False, stack_name: str | None = None,
                      files_roots: Sequence[str] = (), inputs: list[str] | None = None,
                      limits_lowered: bool = False) -> tuple[list[Diagnostic], model.Spec | None]:
    """The diagnostics of a loaded spec, and its model when the schema accepts it.

    Files the spec names are read from its folder, or from below one of ``files_roots``. The AWS API's limits
    are warnings with ``pdk_compat`` or when the configuration lowers IC0712 (``limits_lowered``): the model is
    then resolved from the spec as the relaxed schema takes it.

    Where the schema refuses a part of the spec, the semantic rules still run on the rest, so that
    a user fixing errors meets them all in one run, not a new set after each fix.
    """
    errors = schema_errors(spec.data)
    found = check_schema(spec, errors, pdk_compat)
    if "stack_name" not in spec.data or stack_name:  # the spec's own is the schema's to check
        found += _stack_name_problems(spec, stack_name)
    if (pdk_compat or limits_lowered) and any(is_api_limit(e) for e in errors):
        errors = schema_errors(spec.data, relaxed=True)  # the AWS API's limits are warnings there
    resolved = None
    if not errors:
        resolved, findings = _resolved(spec, stack_name, pdk_compat, files_roots, inputs)
        found += findings
    else:
        found += _rules_on_the_valid_part(spec, errors, pdk_compat, stack_name, files_roots)
    found.sort(key=lambda d: (d.line, d.col, d.severity != "error", d.rule, d.message))
    return found, resolved


def stack_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a CloudFormation stack name (the CDK refuses it at synth), or None."""
    if ecma_pattern(schema()["$defs"]["StackName"]["pattern"]).search(name):
        return None
    return "a stack name is a letter, then letters, digits and hyphens, at most 128 characters"


def _stack_name_problems(spec: Document, override: str | None) -> list[Diagnostic]:
    name = stack_name_for(spec, override)
    problem = stack_name_problem(name)
    if problem is None:
        return []
    if override:
        message = f"the stack name '{name}' (--stack-name) is not one: {problem}"
    elif os.path.isfile(spec.file):
        message = f"the stack name '{name}', taken from the file's name, is not one: {problem}"
    else:
        message = "the spec has no file name to take the stack name from"
    return [Diagnostic(spec.file, 1, 1, ERROR, (), f"{message}; give stack_name in the spec or --stack-name",
                       STACK_NAME)]


def _resolved(spec: Document, stack_name: str | None, pdk_compat: bool, files_roots: Sequence[str],
              inputs: list[str] | None = None) -> tuple[model.Spec, list[Diagnostic]]:
    files = SpecFiles(os.path.dirname(os.path.abspath(spec.file)) if os.path.isfile(spec.file) else None, files_roots)
    files.read = inputs if inputs is not None else []
    resolved, collisions = resolve(spec.data, stack_name_for(spec, stack_name), files, pdk_compat=pdk_compat)
    found = [spec.diagnostic(path, message, CONSTRUCT_IDS) for path, message in collisions]
    found += [spec.diagnostic(path, message, SPEC_FILES) for path, message in files.findings]
    return resolved, found + run_rules(resolved, spec, pdk_compat)


def _rules_on_the_valid_part(spec: Document, errors: list, pdk_compat: bool, stack_name: str | None,
                             files_roots: Sequence[str]) -> list[Diagnostic]:
    """Rule findings on the schema-valid part, leaving out those that touch a part taken out, and those at or below
    a value a stand-in replaced (a finding about the mapping around it, such as its form, stands)."""
    data, removed, replaced = schema_valid_part(spec.data, errors, relaxed=pdk_compat)
    if data is None:
        return []
    try:
        found = _resolved(spec.with_data(data), stack_name, pdk_compat, files_roots)[1]
    except Exception:  # a rule meeting a combination the schema lets through only in part: the schema errors stand
        return []
    related = set(removed)
    return [d for d in found if d.path and not any(d.path[:len(r)] == r or r[:len(d.path)] == d.path for r in related)
            and not any(d.path[:len(r)] == r for r in replaced) and not _about_a_default(d, related)]


def _about_a_default(diagnostic: Diagnostic, removed: set) -> bool:
    """A finding at a pool as a whole may come from a default that stands in for a removed value."""
    return any(r[:-1] == diagnostic.path for r in removed)


class Compared(NamedTuple):
    template: dict | None  # None: ``errors`` say why
    errors: list[Diagnostic]
    regional: Mapping[str, dict] | None = None  # a spec's replicas' Regions' templates (a template shows none)


def template_or_spec(raw: bytes, file: str, environment: str | None = None, replica: str | None = None,
                     **options) -> Compared:
    """What ``diff`` compares: a spec's template (of ``environment`` when given; compiled with ``options``), or a
    template as written (JSON, YAML with short forms, get-template output); else None and the errors that say
    why."""
    from .source.templates import template_problem
    from .source.templates import template_document

    try:
        document = template_document(raw, file)
    except SpecError as exc:
        return Compared(None, exc.diagnostics)
    if isinstance(document, dict) and is_spec_kind(document.get("kind")):
        try:
            spec = load_text(raw, file)
            spec = deployments(spec, environment)[0]
        except SpecError as exc:
            return Compared(None, exc.diagnostics)
        except KeyError:
            raise NoEnvironment(spec, environment) from None
        result = compile_spec(spec, **options)
        if replica is not None and result.ok and replica not in result.regional:
            return Compared(None, [file_problem(file, f"the spec has no replica in {replica}")])
        data = result.regional.get(replica) if replica is not None else result.data
        return Compared(data if result.ok else None, [d for d in result.diagnostics if d.is_error], result.regional)
    if environment is not None or replica is not None:
        return Compared(None, [file_problem(file, "a template has no environments or replicas; give the spec")])
    problem = template_problem(document)
    if problem:
        return Compared(None, [file_problem(file, "not a spec (no 'kind: UserIdentity' or 'kind: UserPoolWithMfa') "
                                                  f"nor a template: {problem}")])
    return Compared(document, [])


def compile_text(text: str | bytes, file: str = "<spec>", **options) -> Result:
    """Load and compile spec text in one step; diagnostics instead of exceptions."""
    try:
        spec = load_text(text, file)
    except SpecError as exc:
        return Result(file, exc.diagnostics)
    return compile_spec(spec, **options)
