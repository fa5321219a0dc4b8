"""Where a command's outputs go, decided before anything is written: no output over one of the command's inputs
(by file identity), no two outputs on one file (by identity, and by name as a case-insensitive file system sees
it), no output that names a folder, no write through a link in a generated folder. A refusal is an
``OutputRefused`` (the command line's usage error, exit status 2); writing itself is ``writing.py``'s.
"""

from __future__ import annotations

import os

from ..diagnostics import ERROR, Diagnostic, escape
from ..codes import STALE_TEMPLATE
from .writing import file_identity, name_key, target_problem


class OutputRefused(Exception):
    """An output that may not be written where the command line says (a usage error)."""


def check_output_option(output: str | None) -> None:
    """``-o newdir/`` or ``-o folder`` names no file: refused before any work, not a file named ``newdir``."""
    if output not in (None, "-", ""):
        problem = target_problem(output)
        if problem:
            raise OutputRefused(f"cannot write {output}: {problem}")


def plan_outputs(outputs: list[str | None], inputs: list[str], new_folder: str | None = None) -> None:
    """Every file a run writes, checked together before any is written: none is one of the run's inputs (a spec,
    a file a spec names, a configuration, a baseline, a committed template), none is another output (by file
    identity after links, and by name as a case-insensitive file system sees it), and none is written through a
    link that leaves the project (``writing.target_problem``). ``new_folder`` is a folder the run creates for its
    outputs (``--out-dir``), which need not exist yet."""
    from ..source.reading import link_problem

    files = {file_identity(p): p for p in inputs if p != "-"}
    names = {name_key(os.path.realpath(p)): p for p in inputs if p != "-"}
    files.pop(None, None)
    seen_files: dict = {}
    seen_names: dict = {}
    for output in outputs:
        if output in (None, "-"):
            continue
        creating = new_folder is not None and not os.path.isdir(new_folder) and \
            os.path.dirname(os.path.abspath(output)) == os.path.abspath(new_folder)
        problem = link_problem(output) if creating else target_problem(output)
        if problem:
            raise OutputRefused(f"cannot write {escape(output)}: {problem}")
        if not _regular_or_new(output):
            continue  # a device or a pipe (/dev/null, /dev/stdout) is written to, never replaced
        identity, name = file_identity(output), name_key(os.path.realpath(output))
        clash = files.get(identity) if identity is not None else None
        clash = clash or names.get(name)
        if clash is not None:
            raise OutputRefused(f"{escape(output)} is {escape(clash)}, an input of this run; choose another file")
        twice = (seen_files.get(identity) if identity is not None else None) or seen_names.get(name)
        if twice is not None:
            raise OutputRefused(f"{escape(output)} and {escape(twice)} are one file; this run would write it twice")
        if identity is not None:
            seen_files[identity] = output
        seen_names[name] = output


def _regular_or_new(path: str) -> bool:
    import stat

    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True


def replica_regions(data: dict) -> list[str]:
    """The Regions of a spec's replicas that are Region names (a replica's template is named after its Region, so a
    value that is not one, reported by the schema, never becomes part of a path)."""
    from ..spec.schema import ecma_pattern, schema

    pool = data.get("user_pool") if data.get("kind") == "UserIdentity" else data
    replicas = pool.get("replicas") if isinstance(pool, dict) else None
    if not replicas:
        return []
    region = ecma_pattern(schema()["$defs"]["Region"]["pattern"])
    found = [r["region"] for r in replicas if isinstance(r, dict) and isinstance(r.get("region"), str)
             and region.search(r["region"])] if isinstance(replicas, list) else []
    return list(dict.fromkeys(found))  # two replicas in one Region are one template (the pipeline reports IC0005)


def template_targets(units: list[tuple[str, str | None, str | None]], *, output: str | None, out_dir: str | None,
                     fmt: str, check: bool) -> list[str | None]:
    """The file each template goes to (None or ``-``: standard output), in the order of ``units``: (spec path,
    environment or None for the base, replica Region or None for the primary).

    No template may land on a spec given on the same command line: ``compile *.yaml --out-dir .``
    or ``-o auth.yaml`` is refused before anything is written.
    """
    if out_dir:
        targets = []
        by_name: dict[str, str] = {}
        by_file: dict[tuple, str] = {}
        for spec_path, environment, region in units:
            if spec_path == "-":
                raise OutputRefused("standard input has no file name; --out-dir needs spec files")
            target = os.path.join(out_dir, template_name(spec_path, environment, region, fmt))
            # one file by name on a case-insensitive file system, or by a link: one template would be lost
            for seen, key in ((by_name, name_key(os.path.realpath(target))), (by_file, file_identity(target))):
                if key is not None and key in seen:
                    raise OutputRefused(f"{escape(_unit(spec_path, environment, region))} and {escape(seen[key])} "
                                        f"would both be written to {escape(target)}")
                if key is not None:
                    seen[key] = _unit(spec_path, environment, region)
            targets.append(target)
        for target in targets if not check else ():
            if os.path.islink(target):  # a link committed there would redirect the write
                raise OutputRefused(f"--out-dir would write {escape(target)}: {target_problem(target, links=False)}")
    elif check and not output:  # beside each spec: <stem>[.<environment>][.<region>].template.<format>
        targets = [beside(path, environment, region, fmt) for path, environment, region in units]
    else:
        targets = [output] * len(units)
    if not check:
        inputs = {file_identity(p): p for p, _, _ in units if p != "-"}
        inputs.pop(None, None)
        for target in targets:
            clash = inputs.get(file_identity(target)) if target not in (None, "-") else None
            if clash is not None:
                raise OutputRefused(f"the template would overwrite the spec {escape(clash)}; choose another "
                                    f"{'--out-dir' if out_dir else 'output file'}")
    return targets


def _unit(spec_path: str, environment: str | None, region: str | None = None) -> str:
    return spec_path + (f" (environment {environment})" if environment else "") + (f" (replica {region})" if region else "")


def _infix(environment: str | None, region: str | None) -> str:
    return "".join(f".{part}" for part in (environment, region) if part)


def template_name(spec_path: str, environment: str | None, region: str | None, fmt: str) -> str:
    """``<spec stem>[.<environment>][.<replica region>].<format>`` (``--out-dir``)."""
    return f"{os.path.splitext(os.path.basename(spec_path))[0]}{_infix(environment, region)}.{fmt}"


def beside(spec_path: str, environment: str | None, region: str | None, fmt: str) -> str:
    """``<spec stem>[.<environment>][.<replica region>].template.<format>``, where ``compile --check`` looks for a
    committed template."""
    if spec_path == "-":
        raise OutputRefused("--check needs spec files (or -o) to know which template to compare")
    return f"{os.path.splitext(spec_path)[0]}{_infix(environment, region)}.template.{fmt}"


def stale(spec_path: str, target: str, text: str, regenerate: str) -> list[Diagnostic]:
    """``compile --check``: the committed template must be exactly what the spec compiles to (``regenerate``: the
    command that writes it)."""
    from ..source.loading import MAX_BYTES
    from ..source.reading import Refused, read_bytes

    try:
        current = read_bytes(target, "template", max(MAX_BYTES, 2 * len(text))).decode("utf-8")
    except FileNotFoundError:
        current = None
    except (OSError, Refused, UnicodeDecodeError) as exc:
        reason = str(exc) if isinstance(exc, Refused) else "it is not UTF-8 text" if isinstance(
            exc, UnicodeDecodeError) else f"it cannot be read: {exc.strerror or exc}"
        return [Diagnostic(spec_path, 1, 1, ERROR, (), f"the template {target} cannot be compared ({reason}); "
                           f"run: {regenerate}", STALE_TEMPLATE)]
    if current == text:
        return []
    what = "is missing" if current is None else "is out of date"
    return [Diagnostic(spec_path, 1, 1, ERROR, (), f"the template {target} {what}; run: {regenerate}", STALE_TEMPLATE)]


def import_targets(template: str, output: str | None, refactor: str | None, stack_name: str | None,
                   to_stack: str | None) -> dict[str, str]:
    """Where ``import`` writes (``--refactor``'s file names → paths), checked before the template is read: never
    over the template itself, never into a folder that is a file, never through a link in the refactor folder."""
    if refactor and not (stack_name and to_stack):
        raise OutputRefused("--refactor needs --stack-name (the stack the template is deployed as) and --to-stack")
    if refactor and stack_name == to_stack:
        raise OutputRefused("--to-stack must name another stack than --stack-name")
    check_output_option(output)
    outputs: dict[str, str] = {}
    if refactor:
        if os.path.exists(refactor) and not os.path.isdir(refactor):
            raise OutputRefused(f"--refactor {refactor} exists and is not a folder")
        for name in file_names(stack_name, to_stack):
            outputs[name] = os.path.join(refactor, name)
            problem = target_problem(outputs[name], links=False) if os.path.lexists(outputs[name]) else None
            if problem:
                raise OutputRefused(f"--refactor would write {outputs[name]}: {problem}")
    paths = list(outputs.values()) + ([output] if output not in (None, "-") else [])
    source = file_identity(template) if template != "-" else None
    seen: set = set()
    for path in paths:
        if source is not None and file_identity(path) == source:
            raise OutputRefused(f"{path} is the template being imported; choose another output")
        if name_key(path) in seen:
            raise OutputRefused(f"{path} would be written twice; choose another output")
        seen.add(name_key(path))
    return outputs


def file_names(source: str, destination: str) -> tuple[str, str, str]:
    """What ``stack_refactor`` writes: the resource mappings, the source stack's and the destination's templates."""
    return ("resource-mappings.json", f"{source}.template.json", f"{destination}.template.json")
