"""Every generated file is what its facts generate: the schema's row descriptions and defaults, docs/properties.md,
docs/rules.md, a page per rule, and each rule's snapshot (``python -m identity_compiler.commands.generate``)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, copy_of_checkout
from identity_compiler.commands.generate import generated, stale


def test_every_generated_file_is_current():
    assert [str(p.relative_to(ROOT)) for p in stale(generated())] == []


def test_the_generator_finds_a_stale_file_and_writes_it_again(tmp_path):
    """Run as a user runs it, on a copy of the checkout whose schema lost a row's description."""
    import json

    copy = tmp_path / "checkout"
    copy_of_checkout(copy)
    schema_file = copy / "schemas" / "identity-spec.schema.json"
    schema = json.loads(schema_file.read_text())
    del schema["$defs"]["PoolProps"]["properties"]["mfa_message"]["description"]
    schema_file.write_text(json.dumps(schema, indent=2) + "\n")
    command = [sys.executable, "-m", "identity_compiler.commands.generate"]
    check = subprocess.run(command + ["--check"], cwd=copy, capture_output=True, text=True, env={"PYTHONPATH": str(copy)})
    assert check.returncode == 1 and "schemas/identity-spec.schema.json" in check.stdout
    subprocess.run(command, cwd=copy, check=True, capture_output=True, env={"PYTHONPATH": str(copy)})
    assert json.loads(schema_file.read_text()) == json.loads((ROOT / "schemas" / "identity-spec.schema.json").read_text())
    assert subprocess.run(command + ["--check"], cwd=copy, env={"PYTHONPATH": str(copy)}).returncode == 0
