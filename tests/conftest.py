"""Shared helpers: run the real command line, compile specs in-process, lint with cfn-lint."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
PDK = FIXTURES / "pdk"
EXAMPLES = ROOT / "examples"


def copy_of_checkout(target: Path) -> Path:
    """The package, the schema, the docs and the README copied to ``target``: a checkout to run generate in."""
    import shutil

    for folder in ("identity_compiler", "schemas", "docs"):
        shutil.copytree(ROOT / folder, target / folder, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "README.md", target / "README.md")
    return target


def run_cli(*args: str, input: bytes | None = None, cwd: Path | None = None, env: dict | None = None):
    """``python -m identity_compiler ARGS`` as a user runs it, from this checkout whatever the working folder (the
    checkout first on the path, not whichever copy is installed); returns the CompletedProcess."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    full_env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [full_env.get("PYTHONPATH")])])
    return subprocess.run([sys.executable, "-m", "identity_compiler", *args], input=input, capture_output=True,
                          cwd=cwd, env=full_env, timeout=120)


@pytest.fixture(scope="session")
def linter():
    from identity_compiler.cloudformation.linting import Linter

    return Linter()


def key_paths(node, prefix=()):
    """Every key path of a JSON-like value, the root's () first, parents before their children."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from key_paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from key_paths(value, prefix + (index,))


def stack_of(spec_path: Path) -> str:
    for line in spec_path.read_text().splitlines():
        if line.startswith("stack_name:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"{spec_path} has no stack_name")
