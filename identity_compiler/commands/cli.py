"""Command line: parse arguments, wire the stages, print diagnostics, choose the exit status.

Exit status: 0 compiled or valid (warnings allowed), 1 a spec or template has errors, 2 bad usage,
an input that cannot be opened, or an output that cannot be written. Diagnostics go to standard
error; a template goes to standard output only when no ``-o``/``--out-dir`` is given.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Iterable, Sequence

from ..source.configuration import configured, find
from ..diagnostics import ERROR, Diagnostic, SpecError, escape as _escape, has_errors, shown_file as _shown
from ..output.targets import (OutputRefused, check_output_option, import_targets, replica_regions, stale,
                              template_targets)
from ..codes import IMPORT
from ..diagnostics import FORMATS as REPORT_FORMATS, STREAMED as LINE_FORMATS

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
COMMANDS = ("compile", "validate", "diff", "deploy", "web-config", "import", "schema", "rules", "fmt", "lsp")
CONFIGURED = ("compile", "validate", "diff", "deploy")  # the commands the project configuration gives defaults to


class UsageError(Exception):
    """A command line or file-system problem (exit status 2)."""


def _parser(only: str | None = None):
    """The command line's parser; with ``only``, just that command's (each costs start-up to build, and a run
    needs one: the full parser is built for ``--help`` and for a command that is not one)."""
    import argparse

    def wanted(name: str) -> bool:
        return only is None or only == name

    class Parser(argparse.ArgumentParser):
        def error(self, message: str):  # the arguments it echoes are file names a hook passes: one line each
            self.print_usage(sys.stderr)
            self.exit(2, f"{self.prog}: error: {_escape(message)}\n")

    parser = Parser(
        prog="identity-compiler",
        description="Compile a YAML spec of a Cognito identity setup (the AWS PDK's UserIdentity / "
                    "UserPoolWithMfa) into a CloudFormation template.",
        epilog="Exit status: 0 done (warnings allowed); 1 a spec or template has errors (or diff found a lost "
               "user pool / refused update); 2 bad usage, an input that cannot be opened or an output that "
               "cannot be written.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def diagnostics_options(sub, *, reports: bool = True):
        sub.add_argument("--error-format", choices=REPORT_FORMATS if reports else LINE_FORMATS, default=None,
                         help="how to report findings: text (FILE:LINE:COL: ...), json (one object a line), github "
                              "(workflow-command annotations)"
                              + (", sarif (SARIF 2.1.0, for code scanning) or junit (JUnit XML)" if reports else "")
                              + "; default: the project configuration's, else text")
        if reports:
            sub.add_argument("--report-file", metavar="PATH",
                             help="write the report there (the template still goes to -o or standard output)")
            sub.add_argument("--baseline", metavar="FILE",
                             help="report only findings this baseline (validate --write-baseline) does not hold")
        sub.add_argument("--pdk-compat", action=argparse.BooleanOptionalAction, default=None,
                         help="reproduce the PDK's template exactly (no deliberate differences)")
        sub.add_argument("--files-root", action="append", default=[], metavar="DIR",
                         help="a folder whose files specs may name (CSS, branding) besides the spec's own folder; "
                              "may be given more than once")
        sub.add_argument("--config", metavar="FILE",
                         help="the project configuration to use (default: found by walking up from the first spec: "
                              "identity-compiler.toml, .identity-compiler.toml, or pyproject.toml with "
                              "[tool.identity-compiler])")
        sub.add_argument("--isolated", action="store_true", help="ignore any project configuration")

    def env_option(sub, what: str):
        sub.add_argument("--env", metavar="NAME", help=what)

    if wanted("compile"):
        compile_cmd = commands.add_parser("compile", help="compile specs to CloudFormation templates")
        compile_cmd.add_argument("specs", nargs="+", metavar="SPEC", help="spec file(s); - reads standard input")
        compile_cmd.add_argument("-o", "--output", metavar="OUT", help="output file (- or absent: standard output)")
        compile_cmd.add_argument("--out-dir", metavar="DIR", help="write <spec stem>.<format> for each spec here")
        compile_cmd.add_argument("--format", choices=("yaml", "json"), default="yaml", help="template format")
        compile_cmd.add_argument("--stack-name", metavar="NAME", help="the stack name (wins over the spec's stack_name)")
        compile_cmd.add_argument("--lint", action=argparse.BooleanOptionalAction, default=None,
                                 help="run cfn-lint on each template")
        env_option(compile_cmd, "compile this environment of the spec (default: the base; with --out-dir or --check, "
                                "the base and every environment)")
        compile_cmd.add_argument("--replica", metavar="REGION",
                                 help="write the template of the pool's replica in REGION (its regional settings, "
                                      "deployed there); --out-dir and --check take every replica's")
        compile_cmd.add_argument("--check", action="store_true",
                                 help="write nothing; fail if the template (-o, --out-dir, or <spec>.template.<format> "
                                      "beside each spec) differs from what the spec compiles to")
        compile_cmd.add_argument("--skip-non-specs", action="store_true",
                                 help="pass over YAML files that have no top-level 'kind' key")
        diagnostics_options(compile_cmd)

    if wanted("validate"):
        validate_cmd = commands.add_parser("validate", help="check specs without writing templates (for pre-commit)")
        validate_cmd.add_argument("specs", nargs="+", metavar="SPEC")
        validate_cmd.add_argument("--skip-non-specs", action="store_true",
                                  help="pass over YAML files that have no top-level 'kind' key")
        validate_cmd.add_argument("--write-baseline", metavar="FILE",
                                  help="write every current finding to FILE as the baseline, and pass")
        env_option(validate_cmd, "check this environment only (default: the base and every environment)")
        diagnostics_options(validate_cmd)

    if wanted("diff"):
        diff_cmd = commands.add_parser(
            "diff", help="what changing OLD into NEW does to each resource; fails when a user pool would be lost")
        diff_cmd.add_argument("old", metavar="OLD", help="the deployed spec or template")
        diff_cmd.add_argument("new", metavar="NEW", help="the changed spec or template")
        diff_cmd.add_argument("--allow-replacement", action="store_true",
                              help="acknowledge user-pool replacements and refused updates (exit 0)")
        diff_cmd.add_argument("--stack-name", metavar="NAME", help="stack name for compiling specs")
        env_option(diff_cmd, "compare this environment of both specs")
        diff_cmd.add_argument("--old-env", metavar="NAME", help="the environment of OLD (wins over --env)")
        diff_cmd.add_argument("--new-env", metavar="NAME", help="the environment of NEW (wins over --env)")
        diff_cmd.add_argument("--replica", metavar="REGION",
                              help="compare the templates of the pool's replica in REGION (both specs')")
        diagnostics_options(diff_cmd, reports=False)

    if wanted("deploy"):
        deploy_cmd = commands.add_parser(
            "deploy", help="compile a spec and deploy its stacks with CloudFormation change sets, in order, guarded")
        deploy_cmd.add_argument("specs", nargs=1, metavar="SPEC", help="the spec to deploy")
        env_option(deploy_cmd, "deploy this environment's stacks (default: the base's)")
        deploy_cmd.add_argument("--stack-name", metavar="NAME",
                                help="the primary stack (default: as compile names it); a replica's is <NAME>-<Region>")
        deploy_cmd.add_argument("--region", metavar="REGION",
                                help="the primary stack's Region (default: AWS_REGION, else as the AWS CLI finds it)")
        deploy_cmd.add_argument("--endpoint-url", metavar="URL", help="a CloudFormation endpoint other than AWS's")
        deploy_cmd.add_argument("--plan", action="store_true",
                                help="print each stack's change set and remove it; nothing changes")
        deploy_cmd.add_argument("--allow-replacement", action="store_true",
                                help="deploy even when a user pool would be replaced or Cognito would refuse an update")
        deploy_cmd.add_argument("--web-config", metavar="FILE",
                                help="then write the web app's config from the deployed stack (as web-config does)")
        deploy_cmd.add_argument("--format", choices=("runtime-config", "amplify"), default=None,
                                help="the --web-config format (default: runtime-config.json's)")
        deploy_cmd.set_defaults(report_file=None, baseline=None, replica=None)
        diagnostics_options(deploy_cmd, reports=False)

    if wanted("web-config"):
        web_cmd = commands.add_parser("web-config", help="write the deployed stack's ids for the web app")
        web_cmd.add_argument("--stack-name", metavar="NAME", required=True, help="the deployed stack")
        web_cmd.add_argument("--region", metavar="REGION", help="its region (default: AWS_REGION, else as the AWS CLI finds it)")
        web_cmd.add_argument("--format", choices=("runtime-config", "amplify"), default="runtime-config",
                             help="runtime-config.json (the PDK website's) or amplify_outputs.json")
        web_cmd.add_argument("-o", "--output", metavar="OUT",
                             help="output file (default: runtime-config.json or amplify_outputs.json; - for stdout)")
        web_cmd.add_argument("--client", metavar="NAME",
                             help="the construct id of the client the web app signs in with (default: WebClient, "
                                  "else the only client without a secret)")
        web_cmd.add_argument("--replica", metavar="REGION",
                             help="the config for signing in at the pool's replica in REGION (the same pool and "
                                  "client, that Region; no identity pool, which is not replicated)")
        web_cmd.add_argument("--endpoint-url", metavar="URL", help="an AWS endpoint other than the default")
        web_cmd.add_argument("--check", metavar="FILE",
                             help="write nothing; exit 1, listing the keys that differ, when FILE (the committed "
                                  "config) no longer matches the deployed stack")

    if wanted("import"):
        import_cmd = commands.add_parser(
            "import", help="the spec of a template's identity construct: compiles back to exactly its resources")
        import_cmd.add_argument("template", metavar="TEMPLATE",
                                help="a synthesized template (cdk.out), get-template output, JSON or YAML")
        import_cmd.add_argument("-o", "--output", metavar="SPEC", help="the spec file to write (- or absent: standard output)")
        import_cmd.add_argument("--stack-name", metavar="NAME",
                                help="the stack the template belongs to (default: read from the template where it shows)")
        import_cmd.add_argument("--refactor", metavar="DIR",
                                help="when the stack holds other resources too: write into DIR what "
                                     "`aws cloudformation create-stack-refactor` needs to move the identity resources to "
                                     "the stack --to-stack (resource mappings, both stacks' templates; needs --stack-name)")
        import_cmd.add_argument("--to-stack", metavar="NAME", help="the identity resources' own stack, for --refactor")
        import_cmd.add_argument("--into", metavar="SPEC",
                                help="write SPEC with the template as its environment --env (the spec's base and the "
                                     "stack's differences), proven to compile to the template")
        import_cmd.add_argument("--env", metavar="NAME", help="the environment's name, with --into")
        import_cmd.add_argument("--replica-template", metavar="FILE", action="append", default=[],
                                help="the template of a replica's Region (compile --replica writes it): its settings "
                                     "become the replica's, proven to compile back to it")
        import_cmd.add_argument("--error-format", choices=LINE_FORMATS, default="text", help="how to print diagnostics")

    if wanted("fmt"):
        fmt_cmd = commands.add_parser("fmt", help="rewrite specs in one canonical layout, comments kept")
        fmt_cmd.add_argument("specs", nargs="+", metavar="SPEC", help="spec file(s)")
        fmt_cmd.add_argument("--skip-non-specs", action="store_true",
                             help="pass over YAML that is not a spec (no kind of ours, another tool's markers); "
                                  "without it, such a file is an error and is never rewritten")
        fmt_cmd.add_argument("--check", action="store_true",
                             help="write nothing; exit 1 and list the files that would change")
        fmt_cmd.add_argument("--diff", action="store_true", help="write nothing; print what would change")

    if wanted("schema"):
        commands.add_parser("schema", help="print the JSON Schema of a spec")

    if wanted("lsp"):
        commands.add_parser("lsp", help="a language server over standard input and output, for editors")

    if wanted("rules"):
        rules = commands.add_parser("rules", help="list the checks, with their ids, severities and sources")
        rules.add_argument("--format", choices=("text", "markdown"), default="text",
                           help="markdown: the table of docs/rules.md")
    return parser


def _version() -> str:
    from .. import __version__

    return __version__


_interrupted: list[bool] = []  # a Ctrl-C that Python could not raise (it landed in a callback)


def _note_lost_interrupts(unraisable) -> None:
    """``sys.unraisablehook``: a Ctrl-C that lands in a callback Python cannot raise from (an import lock's, say)
    is noted, for the exit status, instead of printing 'Exception ignored ... Traceback'."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        _interrupted.append(True)
        return
    sys.__unraisablehook__(unraisable)


def main(argv: Sequence[str] | None = None) -> int:
    sys.unraisablehook = _note_lost_interrupts
    try:
        status = _main(argv)
    except KeyboardInterrupt:  # Ctrl-C, also during start-up: a partial output was never renamed into place
        _interrupted.append(True)
    if _interrupted:
        print("identity-compiler: interrupted", file=sys.stderr)
        return 130
    return status


def _main(argv: Sequence[str] | None) -> int:
    try:
        given = list(sys.argv[1:] if argv is None else argv)
        args = _parser(given[0] if given and given[0] in COMMANDS else None).parse_args(given)
    except SystemExit as exc:  # argparse has printed its message
        return EXIT_USAGE if exc.code not in (0, None) else EXIT_OK
    args.inputs = []  # every file the run reads: no output may be one of them
    try:
        for option in ("stack_name", "to_stack"):
            if getattr(args, option, None) is not None:
                from ..pipeline import stack_name_problem

                problem = stack_name_problem(getattr(args, option))
                if problem:
                    raise UsageError(f"--{option.replace('_', '-')} {getattr(args, option)!r} is not a stack name: "
                                     f"{problem}")
        if args.command in CONFIGURED:
            _configure(args)
        status = globals()["_" + args.command.replace("-", "_")](args)  # compile → _compile, web-config → _web_config
        return max(status, _finish_report(args))
    except (UsageError, OutputRefused) as exc:
        print(f"identity-compiler: error: {_escape(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK


def _configure(args) -> None:
    """Options the command line leaves out, from the project configuration; the run's report and baseline.

    Each spec is governed by the configuration nearest above it (``--config`` names one for all, ``--isolated``
    none), as ruff finds its configuration: its mode, severities, ``lint`` and ``files-root``
    (``_options``). What the run has once — the report's format and help URLs, the baseline — comes from the
    configuration found from the working folder, else from the one every input shares."""
    from ..source.configuration import Configuration

    inputs = [p for p in (getattr(args, "specs", None) or [args.old, args.new]) if p != "-"]
    args.cli = {"pdk_compat": args.pdk_compat, "lint": getattr(args, "lint", None), "files_root": args.files_root}
    args.configurations = {}
    if args.isolated:
        config = Configuration()
    elif args.config:
        config = _configuration_file(args, args.config)
    else:
        config = _configuration_file(args, find(os.getcwd()))
        if config.file is None:
            governing = {_configuration_for(args, p).file for p in inputs}
            if len(governing) == 1:
                config = _configuration_for(args, inputs[0])
    options = _settings(args, config)
    args.pdk_compat, args.files_root, args.severity = options.pdk_compat, options.files_root, options.severity
    args.lint = options.lint
    args.error_format = args.error_format or config.error_format or "text"
    if args.command == "deploy" and args.error_format not in LINE_FORMATS:
        args.error_format = "text"  # a configured report format is validate's and compile's; deploy prints lines
    if args.command == "diff":
        if args.error_format not in LINE_FORMATS:
            raise UsageError(f"diff reports in {', '.join(LINE_FORMATS)}, not {args.error_format} (from {config.file})")
        return
    args.report = _report_for(args, config)
    args.baseline = args.baseline or config.baseline
    args.known = None
    if args.baseline and not getattr(args, "write_baseline", None):
        from ..output.baseline import Baseline, BaselineError

        try:
            args.known = Baseline(args.baseline)
        except BaselineError as exc:
            raise UsageError(str(exc)) from None
        args.inputs.append(args.baseline)
        if args.known.ignored:
            print(_escape(f"identity-compiler: warning: the baseline {args.baseline} holds {args.known.ignored} "
                          "finding(s) of rules that stop a template from being written (errors in every mode); a "
                          "baseline holds only what severity could lower, so they are reported"), file=sys.stderr)


def _configuration_file(args, path: str | None):
    """A configuration file, read once a run (a usage error when it cannot be used)."""
    from ..source.configuration import ConfigError, Configuration, load

    if path is None:
        return Configuration()
    if path not in args.configurations:
        try:
            args.configurations[path] = load(path)
        except ConfigError as exc:
            raise UsageError(f"{exc.file}:{exc.line}: {exc}") from None
        args.inputs.append(path)
    return args.configurations[path]


def _configuration_for(args, spec_path: str):
    """The configuration that governs one spec: the nearest above it, or the one the command line names."""
    from ..source.configuration import Configuration

    if args.isolated:
        return Configuration()
    if args.config:
        return _configuration_file(args, args.config)
    folder = os.path.dirname(os.path.abspath(spec_path)) if spec_path != "-" else os.getcwd()
    return _configuration_file(args, find(folder))


def _settings(args, config):
    """The options of a run or a spec: the command line's where it gives them, else the configuration's."""
    from argparse import Namespace

    given = args.cli
    return Namespace(pdk_compat=bool(config.pdk_compat if given["pdk_compat"] is None else given["pdk_compat"]),
                     lint=bool(config.lint if given["lint"] is None else given["lint"]),
                     files_root=list(given["files_root"]) + list(config.files_roots), severity=config.severity)


def _options(args, spec_path: str):
    """The options one spec is compiled with (its own configuration's)."""
    return _settings(args, _configuration_for(args, spec_path))


def _report_for(args, config):
    from ..output.targets import plan_outputs
    from ..output.reports import Report

    for option in ("report_file", "write_baseline"):
        if getattr(args, option, None) in ("", "-"):
            raise UsageError(f"--{option.replace('_', '-')} needs a file name")
    output = getattr(args, "output", None)
    checked = getattr(args, "check", False)  # compile --check reads -o's template
    plan_outputs([getattr(args, "report_file", None), getattr(args, "write_baseline", None)]
                 + ([output] if not checked else []), args.specs + ([output] if checked and output else []))
    template_to_stdout = (args.command == "compile" and not args.check and not args.out_dir
                          and args.output in (None, "-"))
    from ..codes import RULES

    levels = {rule_id: config.severity.get(rule_id, rule.severity_in(args.pdk_compat))
              for rule_id, rule in RULES.items()}
    return Report(args.error_format, command=args.command, report_file=args.report_file,
                  stdout_free=not template_to_stdout, levels=levels, docs_url=config.docs_url)


def _finish_report(args) -> int:
    """Write the run's report (SARIF, JUnit, or a line form to --report-file); 2 when it cannot be written."""
    report = getattr(args, "report", None)
    if report is None:
        return EXIT_OK
    if getattr(args, "write_baseline", None):
        from ..output.baseline import text

        found = [d for _, _, diagnostics in report.cases for d in diagnostics]
        status = _write_files([(args.write_baseline, text(found, args.write_baseline))], args)
        if status == EXIT_OK:
            print(f"identity-compiler: wrote {len(found)} finding(s) to the baseline {_escape(args.write_baseline)}",
                  file=sys.stderr)
        return status
    where = report.destination()
    if where == "":
        return EXIT_OK
    if where == "-":
        _write_stdout(report.text())
        return EXIT_OK
    if where is None:
        sys.stderr.write(report.text())
        return EXIT_OK
    return _write_files([(where, report.text())], args)


def _report(diagnostics: Iterable[Diagnostic], args, file: str, environment: str | None = None) -> list[Diagnostic]:
    """Findings of one spec (or environment) for the run's report; with a baseline, only the new ones, which
    are also what the exit status is decided on (returned). (The pipeline has applied the baseline to a spec's
    own findings; what is added here — cfn-lint's, a stale template — meets the rest of it.)"""
    diagnostics = list(diagnostics)
    if args.known is not None:
        diagnostics = args.known.new(diagnostics)
    args.report.add(file, environment, diagnostics)
    return diagnostics


def _read_raw(path: str, what: str = "spec") -> bytes:
    """A spec's (or template's) bytes, from a file or (``-``) standard input, within the loader's size limit."""
    from ..source.loading import read_file, read_stream

    if path == "-":
        if sys.stdin is None:
            raise OSError("standard input is closed")
        return read_stream(sys.stdin.buffer, what=what)
    if os.path.isdir(path):
        raise OSError(f"{path} is a directory")
    return read_file(path, what)


def _display(path: str) -> str:
    return "<stdin>" if path == "-" else path


def _open_spec(path: str, args):
    """Load one spec, printing why it cannot be used.

    Returns (spec, 0); (None, 0) for other YAML passed over with ``--skip-non-specs``; (None, 1) a bad
    spec; (None, 2) an input that cannot be read.
    """
    from ..source.loading import NotASpec, link_leaves_folder, load_text, looks_like_spec

    skip = getattr(args, "skip_non_specs", False)
    if skip and path != "-" and link_leaves_folder(path):
        return None, EXIT_OK  # not read, so not known to be a spec: passed over, as other YAML is
    try:
        raw = _read_raw(path)
        args.inputs.append(path)
        if skip and not looks_like_spec(raw, _display(path)):
            return None, EXIT_OK
        args.report.remember(_display(path), raw)
        return load_text(raw, _display(path)), EXIT_OK
    except NotASpec as exc:  # another tool's YAML named on its own: one line, a usage error
        _report(exc.diagnostics, args, _display(path))
        return None, EXIT_USAGE
    except SpecError as exc:
        _report(exc.diagnostics, args, _display(path))
        return None, EXIT_ERRORS
    except OSError as exc:
        _report([_unreadable(_display(path), exc)], args, _display(path))
        return None, EXIT_USAGE


def _unreadable(path: str, exc: OSError, what: str = "spec") -> Diagnostic:
    reason = exc.strerror or str(exc)
    from ..source.loading import file_problem

    return file_problem(path, f"cannot open the {what}: {reason}")


def _compile(args) -> int:

    if args.output == "" or args.out_dir == "":
        raise UsageError(f"{'-o' if args.output == '' else '--out-dir'} needs a path, not an empty string")
    if len(args.specs) > 1 and not args.out_dir:
        if not args.check:
            raise UsageError("several specs need --out-dir DIR (one template each)")
        if args.output:
            raise UsageError("-o names the template of one spec; with several specs, use --out-dir DIR or "
                             "leave the templates beside their specs")
    if args.out_dir and args.output:
        raise UsageError("give -o for one spec, or --out-dir for many, not both")
    if args.out_dir and os.path.exists(args.out_dir) and not os.path.isdir(args.out_dir):
        raise UsageError(f"--out-dir {args.out_dir} exists and is not a directory")
    if not args.check:
        check_output_option(args.output)
    status, documents = EXIT_OK, []
    every = bool(args.check or args.out_dir)  # one template (-o, stdout) is the base's, --env's or --replica's
    for spec_path in args.specs:
        spec, code = _open_spec(spec_path, args)
        status = max(status, code)
        if spec is not None:
            deployed, code = _deployments(spec, args, every=every)
            status = max(status, code)
            documents += [(spec_path, document) for document in deployed]
    # a unit is one template: a deployment's primary (region None), or the template of one of its replicas' Regions
    units = []
    for spec_path, document in documents:
        regions = replica_regions(document.data)
        if args.replica is not None and args.replica not in regions:
            raise UsageError(f"{document.file} has no replica in {args.replica}"
                             + (f"; it has {', '.join(regions)}" if regions else ""))
        chosen = regions if every else [args.replica] if args.replica else []
        units += [(spec_path, document, None)] * (not args.replica or every)
        units += [(spec_path, document, region) for region in chosen]
    targets = template_targets([(path, getattr(document, "environment", None), region)
                                for path, document, region in units],
                               output=args.output, out_dir=args.out_dir, fmt=args.format, check=args.check)
    linter, outputs = None, []
    results: dict[int, object] = {}  # one spec's deployments at a time: a batch keeps texts, not templates
    for (spec_path, spec, region), target in zip(units, targets):
        if id(spec) not in results:
            results.clear()
            group = [document for path, document in documents if path == spec_path]
            options = _options(args, spec_path)
            results.update(zip(map(id, group), _compile_each(group, args, options)))
        result = results[id(spec)]
        reported_here = region is None or (args.replica is not None and not every)  # a spec's findings, once
        diagnostics = list(result.diagnostics) if reported_here else []
        text = None
        if result.ok:
            from ..output.rendering import render

            text = render(result.data if region is None else result.regional[region], args.format)
            if options.lint:
                if linter is None:
                    from ..cloudformation.linting import Linter

                    linter = Linter()
                found = linter.lint(text, target if target not in (None, "-") else f"{spec.file} (template)")
                diagnostics += [d._replace(environment=result.environment) for d in found]
        if args.check and text is not None:
            command = _regenerate(spec_path, target, result.environment, region, args, options.pdk_compat)
            args.inputs.append(target)
            diagnostics += [d._replace(environment=result.environment) for d in stale(spec.file, target, text, command)]
        if reported_here or diagnostics:
            diagnostics = _report(configured(diagnostics, options.severity), args, spec.file, result.environment)
        if has_errors(diagnostics) or (not result.ok and reported_here):
            status = max(status, EXIT_ERRORS)
        elif not args.check and text is not None:
            outputs.append((target, text))
    if status != EXIT_OK:  # all or none: a batch never leaves some templates new and others stale
        if outputs and (args.out_dir or len(outputs) > 1):
            print("identity-compiler: no template was written, as some specs have errors", file=sys.stderr)
        return status
    if outputs and outputs[0][0] in (None, "-"):
        _write_stdout(outputs[0][1])
        return status
    return _write_files(outputs, args, mkdir=args.out_dir)


def _deployments(spec, args, *, every: bool) -> list:
    """The base and environments of a spec that a command works on: ``--env``'s alone, else the base (and, with
    ``every``, each environment); and the status (1: more than the limits allow, reported)."""
    from ..pipeline import NoEnvironment, deployments

    try:
        return deployments(spec, getattr(args, "env", None), every=every), EXIT_OK
    except SpecError as exc:  # more work than the limits allow
        _report(exc.diagnostics, args, spec.file)
        return [], EXIT_ERRORS
    except NoEnvironment as exc:
        raise UsageError(str(exc)) from None


def _compile_each(documents: list, args, options) -> list:
    from ..pipeline import compile_each

    results = compile_each(documents, stack_name=getattr(args, "stack_name", None), pdk_compat=options.pdk_compat,
                           files_roots=options.files_root, severity=options.severity,
                           baseline=getattr(args, "known", None))
    args.inputs += [path for result in results for path in result.inputs]
    return results


def _regenerate(spec_path: str, target: str, environment: str | None, region: str | None, args,
                pdk_compat: bool) -> str:
    """The command that writes the template ``compile --check`` compared."""
    return " ".join(["identity-compiler compile", spec_path, "-o", target]
                    + (["--env", environment] if environment else [])
                    + (["--replica", region] if region else [])
                    + (["--format", args.format] if args.format != "yaml" else [])
                    + (["--pdk-compat"] if pdk_compat else [])
                    + (["--stack-name", args.stack_name] if args.stack_name else []))


def _write_files(files: list[tuple[str, str]], args, *, mkdir: str | None = None, rewrites: bool = False) -> int:
    """Write every file or none; the exit status (2 when one cannot be written).

    They are planned with every other file the run writes (its report and baseline, written last) before any
    is written: none is an input of the run (``rewrites``: fmt, whose outputs are its inputs) or another output,
    none is written through a link that leaves the project."""
    from ..output.targets import plan_outputs
    from ..output.writing import write_outputs

    named = [path for path, _ in files]
    plan_outputs(named + [p for p in _run_outputs(args) if p not in named], [] if rewrites else args.inputs,
                 new_folder=mkdir)
    try:
        if mkdir and files:
            os.makedirs(mkdir, exist_ok=True)  # only once there is something to write
        write_outputs(files)
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        print(f"identity-compiler: error: cannot write{_escape(where)}: {_escape(exc.strerror or str(exc))}"
              + ("; nothing was written" if len(files) > 1 else ""), file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _run_outputs(args) -> list[str]:
    """The files a run writes at its end: its report file and its baseline."""
    report = getattr(args, "report", None)
    return [path for path in (report.destination() if report is not None else None,
                              getattr(args, "write_baseline", None)) if path not in (None, "", "-")]


def _write_stdout(text: str) -> None:
    """Templates are UTF-8 whatever the terminal's locale says."""
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def _validate(args) -> int:
    status = EXIT_OK
    for spec_path in args.specs:
        spec, code = _open_spec(spec_path, args)
        status = max(status, code)
        if spec is None:
            continue
        deployed, code = _deployments(spec, args, every=True)
        status = max(status, code)
        for result in _compile_each(deployed, args, _options(args, spec_path)):
            if has_errors(_report(result.diagnostics, args, spec.file, result.environment)):
                status = max(status, EXIT_ERRORS)
    if args.write_baseline and status == EXIT_ERRORS:
        from ..output.baseline import baselinable

        kept = [d for _, _, found in args.report.cases for d in found if d.is_error and not baselinable(d.rule)]
        if not kept:
            return EXIT_OK  # the findings are the baseline's now
        print(f"identity-compiler: error: {len(kept)} error(s) stop a template from being written and no baseline "
              "holds them (only what severity could lower); fix them first", file=sys.stderr)
    return status


def _diff(args) -> int:
    from .diffing import diff_templates, replica_status

    compared = []
    for path, environment in ((args.old, args.old_env or args.env), (args.new, args.new_env or args.env)):
        found, code = _template_of(path, environment, args)
        if found is None:
            return code
        compared.append(found)
    old, new = compared
    inactive = {region for region, regional in (old.regional or {}).items() if replica_status(regional) == "INACTIVE"}
    changes = diff_templates(old.template, new.template, inactive)
    labels = {1: "REPLACED (new logical id)", 2: "REPLACED (create-only property)", 3: "UPDATE REFUSED"}
    sys.stdout.reconfigure(errors="backslashreplace")  # file names and values in any locale
    print(_shown(args.old) + " -> " + _escape(args.new))
    for change in changes:
        where = f" {change.property}" if change.property else ""
        flag = f"  [{labels[change.danger]}]" if change.danger else ""
        print(_escape(f"  {change.action:<7} {change.logical_id} ({change.resource_type}){where}: {change.detail}{flag}"))
    blocking = [c for c in changes if c.blocking]
    replaced = {c.logical_id for c in changes if c.danger in (1, 2)}
    print(f"{len(changes)} change(s); {len(replaced)} resource(s) replaced; "
          f"{len({c.logical_id for c in blocking})} blocking (user pool lost or update refused)")
    if blocking and not args.allow_replacement:
        print("identity-compiler: error: this change would lose a user pool or be refused by Cognito; "
              "rethink it, or pass --allow-replacement", file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK


def _template_of(path: str, environment: str | None, args):
    """A template from a spec (compiled, with its replicas' Regions' templates), a template file, or ``aws
    cloudformation get-template`` output.

    Returns (pipeline.Compared, 0) or (None, exit status).
    """
    from ..pipeline import NoEnvironment, template_or_spec

    try:
        raw = _read_raw(path)
    except OSError as exc:
        _print([_unreadable(_display(path), exc)], args.error_format)
        return None, EXIT_USAGE
    except SpecError as exc:
        _print(exc.diagnostics, args.error_format)
        return None, EXIT_ERRORS
    options = _options(args, path)  # each input under the configuration nearest above it
    try:
        found = template_or_spec(raw, _display(path), environment, args.replica, stack_name=args.stack_name,
                                 pdk_compat=options.pdk_compat, files_roots=options.files_root,
                                 severity=options.severity)
    except NoEnvironment as exc:  # as compile and validate say it: a usage error listing the environments
        raise UsageError(str(exc)) from None
    _print(found.errors, args.error_format)  # a spec's warnings are not this command's
    return (found, EXIT_OK) if found.template is not None else (None, EXIT_ERRORS)


def _import(args) -> int:
    """A template's identity construct as a spec, proven to compile back before anything is written."""
    from ..pipeline import check
    from ..source.templates import template_problem
    from .importing import NotImportable, import_template
    from .importing.refactor import stack_refactor
    from .formatting import formatted
    from .importing.spec_text import spec_text
    from ..source.loading import load_text
    from ..source.templates import template_document

    path = args.template
    if bool(args.into) != bool(args.env):
        raise UsageError("--into SPEC and --env NAME go together")
    if args.into and args.refactor:
        raise UsageError("--into writes a spec's environment; --refactor a stack's split: one at a time")
    if args.into and args.replica_template:
        raise UsageError("--into writes a spec's environment; --replica-template a replica's settings: one at a time")
    outputs = import_targets(args.template, args.output, args.refactor, args.stack_name, args.to_stack)
    if args.output not in (None, "-"):
        from ..output.targets import plan_outputs

        plan_outputs([args.output], [path, *([args.into] if args.into else []), *args.replica_template])
    def fail(message: str) -> int:
        _print([Diagnostic(_display(path), 1, 1, ERROR, (), message, IMPORT)], args.error_format)
        return EXIT_ERRORS

    documents = []  # the template, then each replica's Region's
    for template_path in [path, *args.replica_template]:
        try:
            documents.append(template_document(_read_raw(template_path, "template"), _display(template_path)))
            args.inputs.append(template_path)
        except OSError as exc:
            _print([_unreadable(_display(template_path), exc, "template")], args.error_format)
            return EXIT_USAGE
        except SpecError as exc:
            _print(exc.diagnostics, args.error_format)
            return EXIT_ERRORS
        problem = template_problem(documents[-1])
        if problem:
            shown = "" if template_path == path else f"{template_path} is "
            return fail(f"{shown}not a CloudFormation template: {problem}")
    document = documents[0]
    try:
        imported = import_template(document, args.stack_name)
    except NotImportable as exc:
        return fail(f"cannot import: {exc}; nothing was written")
    for regional_path, regional in zip(args.replica_template, documents[1:]):
        from .importing.regional import with_replica

        try:
            with_replica(imported.spec, regional, imported.stack_name or "Stack")
        except NotImportable as exc:
            return fail(f"cannot import {regional_path}: {exc}; nothing was written")
    name = "standard input" if path == "-" else os.path.basename(path)
    header = (f"# Imported from {name}: compiles with --pdk-compat to its {len(imported.identity_resources)} "
              f"identity resources.\n")
    text = formatted(spec_text(imported.spec, header), "<imported>")  # in fmt's canonical layout
    if args.into:
        from ..resolve.environments import KEY
        from .importing.environment import into_environment
        from ..pipeline import stack_name_problem

        if stack_name_problem(args.env) or "_" in args.env:
            raise UsageError(f"--env {args.env!r} is not an environment name (a letter, then letters, digits and "
                             "hyphens)")
        try:
            base_text = _read_raw(args.into).decode("utf-8")
            args.inputs.append(args.into)
            text = into_environment(base_text, args.into, args.env, imported.spec)
        except OSError as exc:
            _print([_unreadable(args.into, exc)], args.error_format)
            return EXIT_USAGE
        except UnicodeDecodeError:
            return fail(f"{args.into} is not UTF-8 text")
        except SpecError as exc:
            _print(exc.diagnostics, args.error_format)
            return EXIT_ERRORS
        except NotImportable as exc:
            return fail(f"cannot import as {KEY}.{args.env} of {args.into}: {exc}; nothing was written")
    target = args.output if args.output not in (None, "-") else "<stdout>"
    _print([d for d in check(load_text(text, target), pdk_compat=True) if d.rule in IMPORT_WARNINGS],
           args.error_format)
    files = [(args.output, text)] if target != "<stdout>" else []
    refactored = bool(imported.left_out and args.refactor)
    if refactored:
        contents = stack_refactor(document, imported.identity_resources, imported.identity_outputs,
                                  args.stack_name, args.to_stack)
        files += [(outputs[name], json.dumps(content, indent=2) + "\n") for name, content in contents.items()]
    status = _write_files(files, args, mkdir=args.refactor if refactored else None)
    if status != EXIT_OK:
        return status
    if target == "<stdout>":
        _write_stdout(text)
    if imported.left_out:
        listed = ", ".join(f"{lid} ({kind})" for lid, kind in imported.left_out)
        print(_escape(f"identity-compiler: left out {len(imported.left_out)} resource(s) that are not part of the "
                      f"identity construct: {listed}"), file=sys.stderr)
        if args.refactor:
            print(_escape(f"identity-compiler: to move the identity resources to {args.to_stack}: aws cloudformation "
                          f"create-stack-refactor --enable-stack-creation --resource-mappings "
                          f"file://{os.path.join(args.refactor, 'resource-mappings.json')} --stack-definitions "
                          f"StackName={args.stack_name},TemplateBody@=file://"
                          f"{os.path.join(args.refactor, args.stack_name + '.template.json')} "
                          f"StackName={args.to_stack},TemplateBody@=file://"
                          f"{os.path.join(args.refactor, args.to_stack + '.template.json')}"), file=sys.stderr)
        else:
            print("identity-compiler: --refactor DIR --stack-name NAME --to-stack NAME writes what "
                  "create-stack-refactor needs to move them to a stack of their own", file=sys.stderr)
    return EXIT_OK


IMPORT_WARNINGS = ("IC0802", "IC0713")  # a secret in plain text, a malformed dynamic reference: as in a spec


def _check_endpoint(endpoint_url: str | None) -> None:
    """``--endpoint-url`` is an http:// or https:// URL with a host (a usage error otherwise)."""
    if endpoint_url is not None:
        from urllib.parse import urlsplit

        try:
            url = urlsplit(endpoint_url)
            url.port  # parsed on access: ValueError when not a number in range
            valid = url.scheme in ("http", "https") and bool(url.hostname)
        except ValueError:
            valid = False
        if not valid:
            raise UsageError(f"--endpoint-url {endpoint_url!r} is not an http:// or https:// URL")


def _deploy(args) -> int:
    """Compile (all or nothing), guard every stack against what runs, then plan or deploy them in order."""
    from .deploying import DeployError, DeployFailed, Deployer, stacks_of

    _check_endpoint(args.endpoint_url)
    if args.format is not None and args.web_config is None:
        raise UsageError("--format is the format of --web-config FILE; give both")
    if args.web_config is not None:
        if args.plan:
            raise UsageError("--plan changes nothing, so there is no deployed stack to write --web-config from")
        if args.web_config == "":
            raise UsageError("--web-config needs a file name, or - for standard output")
        check_output_option(args.web_config)
    path = args.specs[0]
    spec, status = _open_spec(path, args)
    if spec is None:
        return max(status, EXIT_ERRORS)
    deployed, status = _deployments(spec, args, every=False)
    if not deployed:
        return status
    (result,) = _compile_each(deployed, args, _options(args, path))
    if has_errors(_report(result.diagnostics, args, spec.file, result.environment)) or not result.ok:
        print("identity-compiler: error: the spec does not compile; nothing was deployed", file=sys.stderr)
        return EXIT_ERRORS
    if args.web_config is not None:
        from ..output.targets import plan_outputs

        plan_outputs([args.web_config], args.inputs)
    started = time.monotonic()
    live = sys.stderr.isatty()
    deployer = Deployer(args.endpoint_url, _live_line if live else _progress, waiting=_status_line if live else None)
    try:
        region = args.region or deployer.default_region()
        if not region:
            raise DeployError("no Region: pass --region or set AWS_REGION")
        stacks = stacks_of(result.data, result.regional, args.stack_name or result.stack_name, region)
        from ..pipeline import stack_name_problem

        for stack in stacks[1:]:  # <stack>-<Region>: refused before anything changes, not after the primary
            problem = stack_name_problem(stack.name)
            if problem:
                raise DeployError(f"the replica's stack name {stack.name!r} is not one: {problem}; give a shorter "
                                  "--stack-name")
        states = {stack.name: deployer.status(stack) for stack in stacks}
        guarded = {}
        for stack in stacks:
            state = states[stack.name]
            if state is not None and state.endswith("_IN_PROGRESS") and state != "REVIEW_IN_PROGRESS":
                print(_escape(f"identity-compiler: error: {stack.name} ({stack.region}) is busy ({state}); nothing "
                              "was changed: deploy again once it ends"), file=sys.stderr)
                return EXIT_ERRORS
            guarded[stack.name] = deployer.guard(stack, state)
        lost = [(stack, change) for stack in stacks for change in guarded[stack.name] if change.blocking]
        for stack, change in lost:
            where = f" {change.property}" if change.property else ""
            print(_escape(f"{stack.name} ({stack.region}): {change.logical_id} ({change.resource_type}){where}: "
                          f"{change.detail}"), file=sys.stderr)
        if lost and not args.allow_replacement:
            print("identity-compiler: error: this deploy would lose a user pool or be refused by Cognito; nothing "
                  "was changed (pass --allow-replacement to deploy it anyway)", file=sys.stderr)
            return EXIT_ERRORS
        done, unchanged = [], []
        for stack in stacks:
            try:
                status = _deploy_stack(deployer, stack, states, guarded[stack.name], stacks[0], args, result.data,
                                       result.sources)
            except DeployFailed as exc:
                status = f"{deployer.status(stack) or 'not created'}"
                deployer.why[stack.name] = str(exc)
            if status is None:
                unchanged.append(stack.name)
            elif status not in ("CREATE_COMPLETE", "UPDATE_COMPLETE"):
                reason = deployer.why.get(stack.name) or deployer.failure(stack)
                print(_escape(f"identity-compiler: error: {stack.name} ({stack.region}) failed: {reason}; "
                              f"CloudFormation left it {status}"), file=sys.stderr)
                for other in stacks:
                    if other is not stack:
                        print(_escape(f"identity-compiler: {other.name} ({other.region}) is "
                                      f"{deployer.status(other) or 'not created'}"
                                      + (" (deployed by this run)" if other.name in done else "")), file=sys.stderr)
                return EXIT_ERRORS
            else:
                done.append(stack.name)
    except DeployError as exc:
        print(f"identity-compiler: error: {_escape(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except _Refused as exc:
        print(f"identity-compiler: error: {_escape(str(exc))}; nothing more was changed (pass --allow-replacement "
              "to deploy it anyway)", file=sys.stderr)
        return EXIT_ERRORS
    elapsed = time.monotonic() - started
    if args.plan:
        print(f"identity-compiler: planned {len(stacks)} stack(s); nothing was changed", file=sys.stderr)
        return EXIT_OK
    if not done:
        print(f"identity-compiler: nothing to deploy: {len(unchanged)} stack(s) already as the spec says",
              file=sys.stderr)
    else:
        print(_escape(f"identity-compiler: deployed {', '.join(done)} in {elapsed:.1f}s"
                      + (f"; unchanged: {', '.join(unchanged)}" if unchanged else "")), file=sys.stderr)
    if args.web_config is not None:
        return _deployed_web_config(args, stacks[0])
    return EXIT_OK


def _deploy_stack(deployer, stack, states: dict, guarded: list, primary, args, template: dict,
                  sources: dict) -> str | None:
    """Plan (and unless ``--plan``, execute) one stack's change set; its final status, None when unchanged."""
    from ..spec.construct_ids import REPLICA_POOL_ID
    from .deploying import construct_paths, pool_id_output, replaced_pools

    state = states[stack.name]
    if state == "ROLLBACK_COMPLETE":
        print(_escape(f"{stack.name} ({stack.region}): left in ROLLBACK_COMPLETE by a failed first create; "
                      "CloudFormation cannot update such a stack, so, as the AWS CLI documents, it "
                      + ("would be deleted and created again (it holds no resources)" if args.plan else
                         "is deleted and created again (it holds no resources)")), file=sys.stderr)
        if args.plan:
            return None
        else:
            deployer.call(stack, "delete_stack", StackName=stack.name)
            while deployer.status(stack) not in (None, "DELETE_COMPLETE"):
                time.sleep(deployer.poll)
            state = states[stack.name] = None
    parameters = {}
    if stack.replica:
        key = pool_id_output(template)
        pool_id = deployer.output(primary, key) if key and (states.get(primary.name) or not args.plan) else None
        if pool_id is None:
            print(_escape(f"{stack.name} ({stack.region}): planned once the primary stack exists (its parameter "
                          "UserPoolId is the primary's pool id)"), file=sys.stderr)
            return None
        parameters[REPLICA_POOL_ID] = pool_id
    planned = deployer.change_set(stack, state, parameters)
    if planned.change_set is None:
        print(_escape(f"{stack.name} ({stack.region}): nothing to deploy"), file=sys.stderr)
        return None
    _print_plan(planned, guarded)
    replaced = replaced_pools(planned)
    if replaced and not args.allow_replacement:
        deployer.remove(stack, planned.change_set, planned.created)
        raise _Refused(f"{stack.name} ({stack.region}): the change set replaces the user pool {', '.join(replaced)}")
    if args.plan:
        deployer.remove(stack, planned.change_set, planned.created)
        return None
    return deployer.execute(planned, construct_paths(stack.template, sources if not stack.replica else None))


class _Refused(Exception):
    """CloudFormation's own answer says a user pool would be replaced."""


def _print_plan(planned, guarded: list) -> None:
    from .deploying import plan_rows

    rows = plan_rows(planned, guarded)
    stack = planned.stack
    print(_escape(f"{stack.name} ({stack.region}, {stack.label}): {'create' if planned.created else 'update'}, "
                  f"{len(rows)} change(s)"))
    if not rows:
        print("  no resource changes: the template's other parts (its description, outputs) change")
        sys.stdout.flush()
        return
    header = ("resource", "action", "replacement", "why")
    widths = [max(len(str(row[n])) for row in [header, *rows]) for n in range(3)]
    for row in [header, *rows]:
        print(_escape("  " + "  ".join(str(cell).ljust(widths[n]) for n, cell in enumerate(row[:3]))
                      + (f"  {row[3]}" if row[3] else "")).rstrip())
    sys.stdout.flush()


def _progress(line: str) -> None:
    """One event a line, as it comes (standard error, the CI log)."""
    print(_escape(line), file=sys.stderr, flush=True)


def _live_line(line: str) -> None:
    """On a terminal: an event line over the status line, which the next wait writes again."""
    sys.stderr.write("\r\x1b[K")
    _progress(line)


def _status_line(text: str) -> None:
    """On a terminal: the stack's status while it changes, on one line rewritten in place."""
    sys.stderr.write("\r\x1b[K" + _escape(text))
    sys.stderr.flush()


def _deployed_web_config(args, primary) -> int:
    from .webconfig import WebConfigError, amplify_outputs, read_stack, runtime_config

    try:
        ids = read_stack(primary.name, primary.region, args.endpoint_url, None, None)
        data = amplify_outputs(ids) if args.format == "amplify" else runtime_config(ids)
    except WebConfigError as exc:
        print(f"identity-compiler: error: the stacks are deployed, but --web-config: "
              f"{_escape(' '.join(str(exc).split()))}", file=sys.stderr)
        return EXIT_USAGE
    for warning in ids.warnings:
        print(f"identity-compiler: warning: {_escape(warning)}", file=sys.stderr)
    text = json.dumps(data, indent=2) + "\n"
    if args.web_config == "-":
        _write_stdout(text)
        return EXIT_OK
    status = _write_files([(args.web_config, text)], args)
    if status == EXIT_OK:
        print(_escape(f"identity-compiler: wrote {args.web_config}"), file=sys.stderr)
    return status


def _web_config(args) -> int:
    from .webconfig import WebConfigError, amplify_outputs, read_stack, runtime_config

    _check_endpoint(args.endpoint_url)
    if args.check is not None and args.output is not None:
        raise UsageError("--check compares a file with the stack; it writes nothing, so -o has no meaning with it")
    target = args.output or ("amplify_outputs.json" if args.format == "amplify" else "runtime-config.json")
    if args.check is None:
        check_output_option(target)
    else:  # the committed file first: one that may not be read stops the run before the stack is asked
        committed, status = _committed_web_config(args.check)
        if status != EXIT_OK:
            return status
    try:
        ids = read_stack(args.stack_name, args.region, args.endpoint_url, args.client, args.replica)
        data = amplify_outputs(ids) if args.format == "amplify" else runtime_config(ids)
    except WebConfigError as exc:
        print(f"identity-compiler: error: {_escape(' '.join(str(exc).split()))}", file=sys.stderr)
        return EXIT_USAGE
    for warning in ids.warnings:
        print(f"identity-compiler: warning: {_escape(warning)}", file=sys.stderr)
    text = json.dumps(data, indent=2) + "\n"
    if args.check is not None:
        return _check_web_config(args.check, committed, data)
    if target == "-":
        _write_stdout(text)
        return EXIT_OK
    return _write_files([(target, text)], args)


def _fmt(args) -> int:
    """Each spec in the canonical layout: rewritten (all or none), or with --check/--diff only reported."""
    from .formatting import NotFormattable, formatted
    from ..source.loading import NotASpec, link_leaves_folder, load_text, looks_like_spec

    status, changed = EXIT_OK, []
    for path in args.specs:
        if path == "-":
            raise UsageError("fmt rewrites files; it does not read standard input")
        if args.skip_non_specs and link_leaves_folder(path):
            continue  # a link out of the project is not read, so not known to be a spec
        try:
            raw = _read_raw(path)
            if not looks_like_spec(raw, path):
                if args.skip_non_specs:
                    continue  # other YAML (a Kubernetes manifest in a pre-commit run) is left alone
                load_text(raw, path)  # NotASpec says whose it is; a spec without kind its own error
                raise NotASpec(path, "it has no top-level kind of identity-compiler's (UserIdentity, "
                                     "UserPoolWithMfa)")
            text = formatted(raw, path)
        except NotASpec as exc:
            _print(exc.diagnostics, "text")
            status = max(status, EXIT_USAGE)
            continue
        except SpecError as exc:
            _print(exc.diagnostics, "text")
            status = max(status, EXIT_ERRORS)
            continue
        except OSError as exc:
            _print([_unreadable(path, exc)], "text")
            status = max(status, EXIT_USAGE)
            continue
        except NotFormattable as exc:
            print(f"identity-compiler: error: {_escape(path)}: {_escape(str(exc))}", file=sys.stderr)
            status = max(status, EXIT_ERRORS)
            continue
        if text.encode("utf-8") != raw:
            changed.append((path, text, raw))
    if args.check or args.diff:
        for path, text, raw in changed:
            if args.diff:
                import difflib

                sys.stdout.writelines(difflib.unified_diff(raw.decode("utf-8").splitlines(True), text.splitlines(True),
                                                           _shown(path), f"{_shown(path)} (formatted)"))
            print(f"would reformat {_escape(path)}", file=sys.stderr)
        return max(status, EXIT_ERRORS if changed else EXIT_OK)
    if status != EXIT_OK:
        if changed:
            print("identity-compiler: no spec was rewritten, as some could not be read", file=sys.stderr)
        return status
    for path, _, _ in changed:
        print(f"reformatted {_escape(path)}", file=sys.stderr)
    return _write_files([(path, text) for path, text, _ in changed], args, rewrites=True)


def _committed_web_config(path: str) -> tuple[object, int]:
    """The committed config ``web-config --check`` compares, read as every input is, and the status (not 0: it
    cannot be used, and why is printed)."""
    from ..source.reading import Refused, read_bytes

    try:
        return json.loads(read_bytes(path, "config", 1024 * 1024).decode("utf-8")), EXIT_OK
    except Refused as exc:
        print(f"identity-compiler: error: {_escape(str(exc))}", file=sys.stderr)
        return None, EXIT_USAGE
    except OSError as exc:
        print(f"identity-compiler: error: cannot open {_escape(path)}: {_escape(exc.strerror or str(exc))}",
              file=sys.stderr)
        return None, EXIT_USAGE
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        print(f"identity-compiler: error: {_escape(path)} is not JSON", file=sys.stderr)
        return None, EXIT_ERRORS


def _check_web_config(path: str, committed, deployed: dict) -> int:
    """``web-config --check``: the committed file against what the stack gives now, key by key."""
    from .webconfig import differences

    changed = differences(committed, deployed)
    for key, (was, now) in changed.items():
        print(_shown(path) + _escape(f": {key}: {json.dumps(was)} -> the stack has {json.dumps(now)}"), file=sys.stderr)
    if changed:
        print(_escape(f"identity-compiler: error: {path} no longer matches the deployed stack ({len(changed)} "
                      f"key(s)); write it again with the same web-config command without --check"), file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK


def _lsp(_args) -> int:
    from .lsp import run

    return run()


def _schema(_args) -> int:
    from ..spec.schema import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK


def _rules(args) -> int:
    from ..rules import RULES, rules_markdown

    if args.format == "markdown":
        sys.stdout.write(rules_markdown())
        return EXIT_OK
    for current in sorted(RULES.values(), key=lambda r: r.id):
        print(f"{current.id}  {current.kind:<6}  {current.severity:<7}  --pdk-compat: {current.severity_in(True):<7}  "
              f"{current.description}\n        source: {current.source}")
    return EXIT_OK


def _print(diagnostics: Iterable[Diagnostic], fmt: str) -> None:
    """Findings of a command without a report (diff, import), in a line form."""
    from ..output.reports import lines

    for line in lines(diagnostics, fmt):
        print(line, file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
