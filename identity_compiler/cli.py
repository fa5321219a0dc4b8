"""Command line: parse arguments, wire the stages, print diagnostics, choose the exit status.

Exit status: 0 compiled or valid (warnings allowed), 1 a spec or template has errors, 2 bad usage,
an input that cannot be opened, or an output that cannot be written. Diagnostics go to standard
error; a template goes to standard output only when no ``-o``/``--out-dir`` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import Iterable, Sequence

from .diagnostics import ERROR, Diagnostic, SpecError, has_errors

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
ERROR_FORMATS = ("text", "json", "github")


class UsageError(Exception):
    """A command line or file-system problem (exit status 2)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="identity-compiler",
        description="Compile a YAML spec of a Cognito identity setup (the AWS PDK's UserIdentity / "
                    "UserPoolWithMfa) into a CloudFormation template.",
        epilog="Exit status: 0 done (warnings allowed); 1 a spec or template has errors (or diff found a lost "
               "user pool / refused update); 2 bad usage, an input that cannot be opened or an output that "
               "cannot be written.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def diagnostics_options(sub):
        sub.add_argument("--error-format", choices=ERROR_FORMATS, default="text",
                         help="how to print diagnostics: text (FILE:LINE:COL: ...), json, or github "
                              "(workflow-command annotations)")
        sub.add_argument("--pdk-compat", action="store_true",
                         help="reproduce the PDK's template exactly (no deliberate differences)")

    compile_cmd = commands.add_parser("compile", help="compile specs to CloudFormation templates")
    compile_cmd.add_argument("specs", nargs="+", metavar="SPEC", help="spec file(s); - reads standard input")
    compile_cmd.add_argument("-o", "--output", metavar="OUT", help="output file (- or absent: standard output)")
    compile_cmd.add_argument("--out-dir", metavar="DIR", help="write <spec stem>.<format> for each spec here")
    compile_cmd.add_argument("--format", choices=("yaml", "json"), default="yaml", help="template format")
    compile_cmd.add_argument("--stack-name", metavar="NAME", help="the stack name (wins over the spec's stack_name)")
    compile_cmd.add_argument("--lint", action="store_true", help="run cfn-lint on each template")
    compile_cmd.add_argument("--check", action="store_true",
                             help="write nothing; fail if the template (-o, --out-dir, or <spec>.template.<format> "
                                  "beside each spec) differs from what the spec compiles to")
    compile_cmd.add_argument("--skip-non-specs", action="store_true",
                             help="pass over YAML files that have no top-level 'kind' key")
    diagnostics_options(compile_cmd)

    validate_cmd = commands.add_parser("validate", help="check specs without writing templates (for pre-commit)")
    validate_cmd.add_argument("specs", nargs="+", metavar="SPEC")
    validate_cmd.add_argument("--skip-non-specs", action="store_true",
                              help="pass over YAML files that have no top-level 'kind' key")
    diagnostics_options(validate_cmd)

    diff_cmd = commands.add_parser(
        "diff", help="what changing OLD into NEW does to each resource; fails when a user pool would be lost")
    diff_cmd.add_argument("old", metavar="OLD", help="the deployed spec or template")
    diff_cmd.add_argument("new", metavar="NEW", help="the changed spec or template")
    diff_cmd.add_argument("--allow-replacement", action="store_true",
                          help="acknowledge user-pool replacements and refused updates (exit 0)")
    diff_cmd.add_argument("--stack-name", metavar="NAME", help="stack name for compiling specs")
    diagnostics_options(diff_cmd)

    web_cmd = commands.add_parser("web-config", help="write the deployed stack's ids for the web app")
    web_cmd.add_argument("--stack-name", metavar="NAME", required=True, help="the deployed stack")
    web_cmd.add_argument("--region", metavar="REGION", help="its region (default: as the AWS CLI finds it)")
    web_cmd.add_argument("--format", choices=("runtime-config", "amplify"), default="runtime-config",
                         help="runtime-config.json (the PDK website's) or amplify_outputs.json")
    web_cmd.add_argument("-o", "--output", metavar="OUT",
                         help="output file (default: runtime-config.json or amplify_outputs.json; - for stdout)")
    web_cmd.add_argument("--endpoint-url", metavar="URL", help="an AWS endpoint other than the default")

    commands.add_parser("schema", help="print the JSON Schema of a spec")
    commands.add_parser("rules", help="list the checks, with their ids and sources")
    return parser


def _version() -> str:
    from . import __version__

    return __version__


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed its message
        return EXIT_USAGE if exc.code not in (0, None) else EXIT_OK
    try:
        return {"compile": _compile, "validate": _validate, "diff": _diff, "web-config": _web_config,
                "schema": _schema, "rules": _rules}[args.command](args)
    except UsageError as exc:
        print(f"identity-compiler: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _read_spec(path: str):
    """Load one spec; a SpecError is the spec's fault (1), an OSError the input's (2)."""
    from .loading import load_text, read_file

    if path == "-":
        return load_text(sys.stdin.buffer.read(), "<stdin>")
    if os.path.isdir(path):
        raise OSError(f"{path} is a directory")
    return load_text(read_file(path), path)


def _open_spec(path: str, args):
    """Load one spec, printing why it cannot be used: (spec, 0), (None, 1) bad spec, (None, 2) unreadable."""
    try:
        return _read_spec(path), EXIT_OK
    except SpecError as exc:
        if getattr(args, "skip_non_specs", False) and _not_a_spec(path):
            return None, EXIT_OK
        _print(exc.diagnostics, args.error_format)
        return None, EXIT_ERRORS
    except OSError as exc:
        _print([_unreadable(path, exc)], args.error_format)
        return None, EXIT_USAGE


def _unreadable(path: str, exc: OSError) -> Diagnostic:
    reason = exc.strerror or str(exc)
    return Diagnostic(path, 1, 1, ERROR, (), f"cannot open the spec: {reason}", "IC0001")


def _compile(args) -> int:
    from .compiler import compile_spec

    if len(args.specs) > 1 and not (args.out_dir or args.check):
        raise UsageError("several specs need --out-dir DIR (one template each)")
    if args.out_dir and args.output:
        raise UsageError("give -o for one spec, or --out-dir for many, not both")
    targets = _targets(args)
    status = EXIT_OK
    linter = None
    for spec_path, target in targets:
        spec, code = _open_spec(spec_path, args)
        status = max(status, code)
        if spec is None or (args.skip_non_specs and "kind" not in spec.data):
            continue
        result = compile_spec(spec, stack_name=args.stack_name, pdk_compat=args.pdk_compat)
        diagnostics = list(result.diagnostics)
        text = None
        if result.ok:
            from .rendering import render

            text = render(result.template.to_dict(), args.format)
            if args.lint:
                if linter is None:
                    from .linting import Linter

                    linter = Linter()
                diagnostics += linter.lint(text, target if target not in (None, "-") else f"{spec_path} (template)")
        if args.check and text is not None:
            diagnostics += _stale(spec_path, target, text, args)
        _print(diagnostics, args.error_format)
        if has_errors(diagnostics):
            status = max(status, EXIT_ERRORS)
        elif args.check:
            continue
        elif target in (None, "-"):
            _write_stdout(text)
        else:
            try:
                if args.out_dir:
                    os.makedirs(args.out_dir, exist_ok=True)  # only once there is something to write
                write_atomically(target, text)
            except OSError as exc:
                print(f"identity-compiler: error: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
                status = EXIT_USAGE
    return status


def _write_stdout(text: str) -> None:
    """Templates are UTF-8 whatever the terminal's locale says."""
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def _stale(spec_path: str, target: str, text: str, args) -> list[Diagnostic]:
    """``--check``: the committed template must be exactly what the spec compiles to."""
    try:
        with open(target, encoding="utf-8") as handle:
            current = handle.read()
    except OSError:
        current = None
    if current == text:
        return []
    again = " ".join(["identity-compiler compile", spec_path, "-o", target]
                     + (["--format", args.format] if args.format != "yaml" else [])
                     + (["--pdk-compat"] if args.pdk_compat else [])
                     + (["--stack-name", args.stack_name] if args.stack_name else []))
    what = "is missing" if current is None else "is out of date"
    return [Diagnostic(spec_path, 1, 1, ERROR, (), f"the template {target} {what}; run: {again}", "IC0003")]


def _targets(args) -> list[tuple[str, str | None]]:
    """Each spec with the file its template goes to (None: standard output)."""
    if not args.out_dir:
        if args.check and not args.output:  # beside each spec: <stem>.template.<format>
            return [(path, _beside(path, args.format)) for path in args.specs]
        return [(args.specs[0], args.output)]
    if os.path.exists(args.out_dir) and not os.path.isdir(args.out_dir):
        raise UsageError(f"--out-dir {args.out_dir} exists and is not a directory")
    targets, seen = [], {}
    for spec_path in args.specs:
        if spec_path == "-":
            raise UsageError("standard input has no file name; --out-dir needs spec files")
        stem = os.path.splitext(os.path.basename(spec_path))[0]
        target = os.path.join(args.out_dir, f"{stem}.{args.format}")
        if target in seen:
            raise UsageError(f"{spec_path} and {seen[target]} would both be written to {target}")
        seen[target] = spec_path
        targets.append((spec_path, target))
    return targets


def _beside(spec_path: str, fmt: str) -> str:
    if spec_path == "-":
        raise UsageError("--check needs spec files (or -o) to know which template to compare")
    return f"{os.path.splitext(spec_path)[0]}.template.{fmt}"


def write_atomically(path: str, text: str) -> None:
    """Write through a temporary file in the same directory, then rename: never a partial file.

    A new file gets the usual permissions (0o666 less the umask); a replaced one keeps its own.
    """
    if os.path.isdir(path):
        raise IsADirectoryError(21, "it is a directory", path)
    directory, name = os.path.split(os.path.abspath(path))
    temporary = os.path.join(directory, f".{name}.{os.getpid()}.tmp")
    existing = os.stat(path).st_mode & 0o777 if os.path.exists(path) else None
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        if existing is not None:
            os.chmod(temporary, existing)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _validate(args) -> int:
    from .compiler import compile_spec

    status = EXIT_OK
    for spec_path in args.specs:
        spec, code = _open_spec(spec_path, args)
        status = max(status, code)
        if spec is None or (args.skip_non_specs and "kind" not in spec.data):
            continue
        result = compile_spec(spec, pdk_compat=args.pdk_compat, build=False)
        _print(result.diagnostics, args.error_format)
        if has_errors(result.diagnostics):
            status = max(status, EXIT_ERRORS)
    return status


def _not_a_spec(path: str) -> bool:
    """Whether a file that is not a usable spec is other YAML (no top-level ``kind``), to pass over.

    Read with the spec loader's own limits, so a hostile file costs no more here than in ``validate``.
    """
    from .loading import first_document, read_file

    try:
        raw = read_file(path)
    except (OSError, SpecError):
        return False  # unreadable or too large: reported as such
    try:
        data = first_document(raw, path)
    except SpecError:  # broken YAML: ours only if it looks like a spec
        return not re.search(rb"^kind\s*:", raw, re.MULTILINE)
    return not (isinstance(data, dict) and "kind" in data)


def _diff(args) -> int:
    from .diffing import diff_templates

    templates = []
    for path in (args.old, args.new):
        template, code = _template_of(path, args)
        if template is None:
            return code
        templates.append(template)
    changes = diff_templates(*templates)
    labels = {1: "REPLACED (new logical id)", 2: "REPLACED (create-only property)", 3: "UPDATE REFUSED"}
    sys.stdout.reconfigure(errors="backslashreplace")  # file names and values in any locale
    print(f"{args.old} -> {args.new}")
    for change in changes:
        where = f" {change.property}" if change.property else ""
        flag = f"  [{labels[change.danger]}]" if change.danger else ""
        print(f"  {change.action:<7} {change.logical_id} ({change.resource_type}){where}: {change.detail}{flag}")
    blocking = [c for c in changes if c.blocking]
    replaced = {c.logical_id for c in changes if c.danger in (1, 2)}
    print(f"{len(changes)} change(s); {len(replaced)} resource(s) replaced; "
          f"{len({c.logical_id for c in blocking})} blocking (user pool lost or update refused)")
    if blocking and not args.allow_replacement:
        print("identity-compiler: error: this change would lose a user pool or be refused by Cognito; "
              "rethink it, or pass --allow-replacement", file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK


def _template_of(path: str, args):
    """A template from a spec (compiled) or a template file: (template, 0) or (None, exit status)."""
    from .compiler import compile_spec
    from .loading import first_document, read_file

    try:
        raw = read_file(path)
        document = first_document(raw, path)
    except OSError as exc:
        _print([_unreadable(path, exc)], args.error_format)
        return None, EXIT_USAGE
    except SpecError as exc:
        if b"!" not in raw:
            _print(exc.diagnostics, args.error_format)
            return None, EXIT_ERRORS
        document = None  # a template with short-form intrinsics (!Ref): cfn-lint's decoder reads it
    if isinstance(document, dict) and "kind" in document:
        spec, code = _open_spec(path, args)
        if spec is None:
            return None, code
        result = compile_spec(spec, stack_name=args.stack_name, pdk_compat=args.pdk_compat)
        _print([d for d in result.diagnostics if d.is_error], args.error_format)  # warnings: not this command's
        if not result.ok:
            return None, EXIT_ERRORS
        return result.template.to_dict(), EXIT_OK
    if isinstance(document, dict) and "Resources" in document:
        return document, EXIT_OK
    from cfnlint.decode.decode import decode_str

    template, matches = decode_str(raw.decode("utf-8", "replace"))
    if matches or not isinstance(template, dict) or "Resources" not in template:
        _print([Diagnostic(path, 1, 1, ERROR, (), "neither a spec (no 'kind') nor a template (no 'Resources')",
                           "IC0001")], args.error_format)
        return None, EXIT_ERRORS
    return template, EXIT_OK


def _web_config(args) -> int:
    from .webconfig import WebConfigError, amplify_outputs, read_stack, runtime_config

    try:
        ids = read_stack(args.stack_name, args.region, args.endpoint_url)
        data = amplify_outputs(ids) if args.format == "amplify" else runtime_config(ids)
    except WebConfigError as exc:
        print(f"identity-compiler: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    text = json.dumps(data, indent=2) + "\n"
    target = args.output or ("amplify_outputs.json" if args.format == "amplify" else "runtime-config.json")
    if target == "-":
        _write_stdout(text)
        return EXIT_OK
    try:
        write_atomically(target, text)
    except OSError as exc:
        print(f"identity-compiler: error: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _schema(_args) -> int:
    from .checking.schema import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK


def _rules(_args) -> int:
    from .checking import RULES

    for current in sorted(RULES.values(), key=lambda r: r.id):
        print(f"{current.id}  {current.severity:<7}  {current.description}\n        source: {current.source}")
    return EXIT_OK


def _print(diagnostics: Iterable[Diagnostic], fmt: str) -> None:
    diagnostics = list(diagnostics)
    if not diagnostics:
        return
    if fmt == "json":
        for d in diagnostics:
            print(json.dumps(d.to_json(), ensure_ascii=False), file=sys.stderr)
    elif fmt == "github":
        for d in diagnostics:
            level = "error" if d.is_error else "warning"
            text = d.format().split(f" {d.severity}: ", 1)[1]
            print(f"::{level} file={_gh(d.file)},line={d.line},col={d.col},title={d.rule}::{_gh_message(text)}",
                  file=sys.stderr)
    else:
        for d in diagnostics:
            print(d.format(), file=sys.stderr)


def _gh(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def _gh_message(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
