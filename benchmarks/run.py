"""Speed and scaling of identity-compiler, as whole-process runs a user would make.

    python benchmarks/run.py [--runs N] [--batch N] [--quick]

Every figure is a median of repeated runs, and each cold figure is also given as a ratio to the
import floor measured in the same run (a bare interpreter importing the libraries the command
cannot do without), so results from different machines compare. Prints a Markdown table for the
README. Needs the project installed (``pip install .``); measures the interpreter running it.

When ``node`` is on the PATH, the same run also times the PDK itself, interleaved with the cold
compile: ``tests/oracle/app.js``, a bare node app that synthesizes the default ``UserIdentity``
with @aws/pdk 0.26.15 and aws-cdk-lib 2.163.1 as pinned by ``tests/oracle/package-lock.json``
(installed with ``npm ci`` on first use).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "web-app.yaml"
PY = sys.executable
CLI = [PY, "-m", "identity_compiler"]
# Measure as an installed tool runs: with its bytecode cached (pip writes it at install time; an
# editable install writes it on the warm-up run once this is unset).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def pdk_command(out: str) -> list[str] | None:
    """The PDK's bare node app, its packages installed from the lock file; None without node or npm."""
    sys.path.insert(0, str(ROOT / "tests"))
    from cdk_oracle import ORACLE, OracleUnavailable, install

    try:
        node = install(ORACLE)
    except (OracleUnavailable, RuntimeError) as exc:
        print(f"(the PDK comparison is left out: {str(exc)[-300:]})", file=sys.stderr)
        return None
    return [node, str(ORACLE / "app.js"), out]


def run_once(cmd: list[str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds (user + system) of one process."""
    with tempfile.TemporaryFile() as stderr:  # a file, not a pipe: a chatty batch cannot block on it
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=stderr, env=ENV)
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            stderr.seek(0)
            raise SystemExit(f"benchmark command failed: {' '.join(cmd)}\n{stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def measure(cmd: list[str], runs: int) -> tuple[float, int, float]:
    """Median wall seconds, the largest peak RSS and median CPU seconds over ``runs`` runs (after a warm-up)."""
    return measure_together({"only": cmd}, runs)["only"]


def measure_together(cmds: dict[str, list[str]], runs: int) -> dict[str, tuple[float, int, float]]:
    """Like ``measure``, for several commands run in turn, so that a busy machine slows all alike."""
    for cmd in cmds.values():
        run_once(cmd)
    results: dict[str, list] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            results[name].append(run_once(cmd))
    return {name: (statistics.median(r[0] for r in rs), max(r[1] for r in rs), statistics.median(r[2] for r in rs))
            for name, rs in results.items()}


def write_specs(directory: Path, count: int, suffix: str = "yaml") -> list[str]:
    """``count`` varied specs: both kinds, clients, custom attributes, identity providers."""
    paths = []
    for i in range(count):
        if i % 3 == 0:
            spec = {"kind": "UserIdentity", "id": "Identity", "stack_name": f"App{i}", "allow_signup": bool(i % 2)}
        elif i % 3 == 1:
            spec = {"kind": "UserPoolWithMfa", "id": "Pool", "stack_name": f"Pool{i}",
                    "custom_attributes": {f"attr{k}": {"type": "string", "max_len": 64} for k in range(3)},
                    "clients": [{"id": f"Client{k}", "auth_flows": {"user_srp": True},
                                 "o_auth": {"flows": {"authorization_code_grant": True},
                                            "callback_urls": [f"https://app{k}.example.com/cb"]}}
                                for k in range(2)]}
        else:
            spec = {"kind": "UserIdentity", "id": "Auth", "stack_name": f"Social{i}",
                    "user_pool": {"identity_providers": [{
                        "id": "Google", "type": "google", "client_id": "id",
                        "client_secret_value": "{{resolve:secretsmanager:g:SecretString:s}}"}],
                        "domains": [{"id": "Domain", "cognito_domain": {"domain_prefix": f"login-{i}"}}]}}
        path = directory / f"spec{i:05d}.{suffix}"
        path.write_text(json.dumps(spec))  # JSON is YAML: the same loader reads both
        paths.append(str(path))
    return paths


def sized_spec(kind: str, size: int) -> str:
    if kind == "clients":
        spec = {"kind": "UserPoolWithMfa", "id": "Pool", "clients": [
            {"id": f"Client{k}", "auth_flows": {"user_srp": True},
             "o_auth": {"flows": {"authorization_code_grant": True}, "callback_urls": ["https://a.example.com/cb"]}}
            for k in range(size)]}
    else:
        spec = {"kind": "UserPoolWithMfa", "id": "Pool",
                "custom_attributes": {f"a{k}": {"type": "string", "max_len": 64} for k in range(size)}}
    return json.dumps(spec)


def in_process_scaling(sizes: dict[str, list[int]], repeats: int) -> dict:
    """Milliseconds to load, check, build and render a spec with ``size`` clients / attributes,
    and to load and check (``validate``) one with up to 1,000 clients."""
    from identity_compiler import check, compile_text, render
    from identity_compiler.source.loading import load_text

    out: dict = {}
    for kind, counts in sizes.items():
        for size in counts:
            text = sized_spec("clients" if kind != "custom attributes" else "attributes", size)
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                if kind == "clients, validate only":
                    check(load_text(text, "sized.yaml"))
                else:
                    result = compile_text(text, "sized.yaml")
                    if not result.ok:
                        raise SystemExit(f"sized spec ({kind}, {size}) did not compile: {result.diagnostics[:1]}")
                    render(result.template, "yaml")
                times.append(time.perf_counter() - started)
            out[(kind, size)] = statistics.median(times) * 1000
    return out


def editor_keystroke(repeats: int) -> list[tuple[str, str, str]]:
    """What one keystroke costs the language server on the largest example (in-process, after a warm-up, as a
    running server is): the findings of every environment, a completion and a hover."""
    from identity_compiler.commands import editor

    largest = max(ROOT.glob("examples/*.yaml"), key=lambda p: p.stat().st_size)
    text = largest.read_text()
    lines = text.splitlines()
    document = editor.parse(text, str(largest))
    line = next(n for n, line in enumerate(lines) if line.lstrip().startswith("- id:")) + 1  # in a list's item
    located = editor.locate(document, lines, line, len(lines[line]) - len(lines[line].lstrip()) + 1)
    timings = {}
    for name, step in (("findings", lambda: editor.findings(text, str(largest))),
                       ("completion", lambda: editor.completions(text, str(largest), line, 4)),
                       ("hover", lambda: editor.hover(document, *located))):
        step()
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            step()
            times.append(time.perf_counter() - started)
        timings[name] = statistics.median(times) * 1000
    return [(f"language server, one keystroke on the largest example ({largest.name}, {len(lines)} lines)",
             f"{timings['findings']:.0f} ms", "findings: every check of `validate`, on the server's worker thread; "
             f"completion {timings['completion']:.1f} ms, hover {timings['hover']:.1f} ms")]


def keystroke_over_stdio(repeats: int) -> list[tuple[str, str, str]]:
    """didChange → publishDiagnostics, as an editor sees it: the server started as a subprocess and driven over
    stdio by pygls's language client, one change at a time on the largest example."""
    import asyncio

    from lsprotocol import types
    from pygls.lsp.client import BaseLanguageClient

    largest = max(ROOT.glob("examples/*.yaml"), key=lambda p: p.stat().st_size)
    text = largest.read_text()
    uri = largest.as_uri()

    async def session() -> list[float]:
        client = BaseLanguageClient("identity-compiler-benchmark", "1")
        published: asyncio.Queue = asyncio.Queue()

        @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _published(params: types.PublishDiagnosticsParams) -> None:
            published.put_nowait((params.version, time.perf_counter()))

        await client.start_io(PY, "-m", "identity_compiler", "lsp", env=ENV)
        await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
        client.initialized(types.InitializedParams())
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="yaml", version=0, text=text)))
        await published.get()
        times = []
        for version in range(1, repeats + 1):
            edited = text + f"# keystroke {version}\n"
            started = time.perf_counter()
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                [types.TextDocumentContentChangeWholeDocument(text=edited)]))
            while True:
                got, at = await published.get()
                if got == version:
                    times.append(at - started)
                    break
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
        return times

    times = asyncio.run(session())
    return [(f"language server over stdio: didChange → publishDiagnostics ({largest.name})",
             f"{statistics.median(times) * 1000:.0f} ms", f"median of {len(times)} keystrokes, a real client "
             f"(pygls) driving `identity-compiler lsp`; slowest {max(times) * 1000:.0f} ms")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="runs per cold measurement (median)")
    parser.add_argument("--batch", type=int, default=1000, help="specs in the batch measurement")
    parser.add_argument("--lint-batch", type=int, default=100, help="specs in the batch --lint measurement")
    parser.add_argument("--quick", action="store_true", help="few runs, small batches (a smoke test)")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.batch, args.lint_batch = 3, 50, 5
    rows = []

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out = str(tmp / "out.yaml")
        commands = {
            "bare": [PY, "-c", "pass"],
            "floor": [PY, "-c", "import yaml, jsonschema, troposphere.cognito, troposphere.iam"],
            "compile": CLI + ["compile", str(EXAMPLE), "-o", out],
            "validate": CLI + ["validate", str(EXAMPLE)],
        }
        pdk = pdk_command(str(tmp / "pdk.json"))
        if pdk is not None:
            commands["pdk"] = pdk
        cold_runs = measure_together(commands, args.runs)
        bare, floor = (cold_runs[k][0] for k in ("bare", "floor"))
        floor_rss = cold_runs["floor"][1]
        cold, cold_rss, _ = cold_runs["compile"]
        validate, validate_rss, _ = cold_runs["validate"]
        cpu = {k: v[2] for k, v in cold_runs.items()}
        rows.append(("bare interpreter (`python -c pass`)", f"{bare * 1000:.0f} ms", f"CPU {cpu['bare'] * 1000:.0f} ms"))
        rows.append(("import floor (`import yaml, jsonschema, troposphere.cognito, troposphere.iam`)",
                     f"{floor * 1000:.0f} ms",
                     f"CPU {cpu['floor'] * 1000:.0f} ms"))
        rows.append(("cold `compile` of the default UserIdentity", f"{cold * 1000:.0f} ms",
                     f"{cold / floor:.2f}× floor (CPU {cpu['compile'] / cpu['floor']:.2f}×)"))
        if pdk is not None:
            pdk_time, pdk_rss, _ = cold_runs["pdk"]
            rows.append(("the PDK: a bare `node` app synthesizing the default UserIdentity (same run)",
                         f"{pdk_time * 1000:.0f} ms", f"peak {pdk_rss / 1024:.0f} MiB; cold `compile` takes "
                         f"{cold / pdk_time:.2f}× its time ({pdk_time / cold:.1f}× faster)"))
        rows.append(("cold `validate` (every check of `compile`, the built template's included)",
                     f"{validate * 1000:.0f} ms", f"{validate / floor:.2f}× floor (CPU {cpu['validate'] / cpu['floor']:.2f}×)"))

        (tmp / "one").mkdir()
        (tmp / "many").mkdir()
        one = write_specs(tmp / "one", 1)
        many = write_specs(tmp / "many", args.batch)
        for fmt in ("yaml", "json"):
            single, _, _ = measure(CLI + ["compile", *one, "--out-dir", str(tmp / "o1"), "--format", fmt], 3)
            batch, batch_rss, _ = measure(CLI + ["compile", *many, "--out-dir", str(tmp / f"o-{fmt}"), "--format", fmt], 1)
            per = (batch - single) / (args.batch - 1) * 1000
            rows.append((f"batch `compile --out-dir` of {args.batch} specs, {fmt} output",
                         f"{per:.1f} ms per spec", f"{batch:.2f} s in all, peak {batch_rss / 1024:.0f} MiB"))

        lint_cold, lint_rss, _ = measure(CLI + ["compile", str(EXAMPLE), "--lint", "-o", out], max(3, args.runs // 3))
        rows.append(("cold `compile --lint`", f"{lint_cold * 1000:.0f} ms", f"{lint_cold / floor:.2f}× floor"))
        lint_specs = many[: args.lint_batch]
        lint_batch, _, _ = measure(CLI + ["compile", *lint_specs, "--lint", "--out-dir", str(tmp / "ol")], 1)
        lint_single, _, _ = measure(CLI + ["compile", *one, "--lint", "--out-dir", str(tmp / "ol1")], 3)
        rows.append((f"batch `compile --lint` of {args.lint_batch} specs",
                     f"{(lint_batch - lint_single) / (args.lint_batch - 1) * 1000:.0f} ms per spec", ""))
        rows.append(("peak memory, cold `compile` / `validate` / `--lint`",
                     f"{cold_rss / 1024:.0f} / {validate_rss / 1024:.0f} / {lint_rss / 1024:.0f} MiB",
                     f"floor {floor_rss / 1024:.0f} MiB"))

    # Within the quotas a template must keep: 500 resources per stack, 50 schema attributes per pool (the
    # PDK's four standard ones and 46 custom).
    sizes = {"clients": [1, 10, 100, 450], "custom attributes": [1, 10, 46],
             "clients, validate only": [1, 10, 100, 1000]}
    scaling = in_process_scaling(sizes, 3 if args.quick else 7)
    for kind, counts in sizes.items():
        cells = ", ".join(f"{size}: {scaling[(kind, size)]:.1f} ms" for size in counts)
        per_item = [(scaling[(kind, b)] - scaling[(kind, a)]) / (b - a) for a, b in zip(counts, counts[1:])]
        label = ("in-process load + check by number of clients" if kind == "clients, validate only"
                 else f"in-process compile + render by number of {kind}")
        rows.append((label, cells, "per added item: " + ", ".join(f"{p:.2f} ms" for p in per_item)))

    rows += editor_keystroke(3 if args.quick else 15)
    rows += keystroke_over_stdio(5 if args.quick else 30)

    print(f"Measured {datetime.date.today().isoformat()} on {platform.system()} {platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}; medians of {args.runs} runs.\n")
    print("| measurement | result | note |")
    print("|---|---|---|")
    for name, value, note in rows:
        print(f"| {name} | {value} | {note} |")


if __name__ == "__main__":
    main()
