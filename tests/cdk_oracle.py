"""The real PDK/CDK as a test oracle: ``tests/oracle/synth.js`` in one long-lived node process.

Two sets of npm packages, each pinned by its own lock file and installed with ``npm ci`` on first use
(``.ci/run`` installs them up front): ``tests/oracle`` has the PDK's aws-cdk-lib 2.163.1, the oracle for
everything that version has; ``tests/oracle-current`` the current aws-cdk-lib under the same PDK, the
oracle for props newer than that. Without node on the machine the differential tests are skipped;
with node, a failed install is a test failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

ORACLE = Path(__file__).resolve().parent / "oracle"
CURRENT = ORACLE.with_name("oracle-current")


class OracleUnavailable(Exception):
    """No node on this machine."""


def install(packages: Path) -> str:
    """The node executable, with the packages of ``packages`` installed from its lock file."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        raise OracleUnavailable("node and npm are needed for the differential tests")
    if not (packages / "node_modules" / ".package-lock.json").is_file():  # what npm ci leaves when it is done
        done = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=packages,
                              capture_output=True, text=True, timeout=900)
        if done.returncode:
            raise RuntimeError(f"npm ci in {packages} failed: {done.stderr[-2000:]}")
    return node


class Oracle:
    """Synthesizes specs with the real constructs of ``packages``, one JSON line per spec."""

    def __init__(self, packages: Path = ORACLE) -> None:
        node = install(packages)
        env = dict(os.environ, JSII_DEPRECATED="quiet", JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION="1")
        self._process = subprocess.Popen([node, str(ORACLE / "synth.js"), str(packages)], cwd=packages,
                                         stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        self._lock = threading.Lock()

    def synthesize(self, spec: dict, stack: str) -> dict:
        """``{"template": ...}``, ``{"error": message}`` or ``{"unsupported": key}``."""
        with self._lock:
            assert self._process.stdin and self._process.stdout
            self._process.stdin.write(json.dumps({"spec": spec, "stack": stack}) + "\n")
            self._process.stdin.flush()
            line = self._process.stdout.readline()
        if not line:
            raise RuntimeError("the oracle's node process ended")
        return json.loads(line)

    def close(self) -> None:
        if self._process.stdin:
            self._process.stdin.close()
        self._process.wait(timeout=30)
