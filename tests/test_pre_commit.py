"""The hooks as pre-commit runs them: `pre-commit try-repo` on a throwaway git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, run_cli

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")]

GIT_ENV = {"GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.com",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.com"}


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    """One pre-commit cache for the module: the hook environment is installed once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def _repo(path: Path, files: dict[str, str]) -> Path:
    path.mkdir()
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", "init", "-q"], cwd=path, check=True, env=env)
    for name, text in files.items():
        (path / name).write_text(text)
    subprocess.run(["git", "add", "-A"], cwd=path, check=True, env=env)
    return path


def _try_repo(repo: Path, hook: str, home: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--all-files", *extra],
                          cwd=repo, capture_output=True, text=True, env=env, timeout=900)


def test_validate_hook_fails_on_a_bad_spec_and_passes_over_other_yaml(tmp_path, pre_commit_home):
    good = (EXAMPLES / "web-app.yaml").read_text()
    repo = _repo(tmp_path / "repo", {
        "auth.yaml": good,
        "bad.yaml": "kind: UserIdentity\nuser_pool:\n  mfa: required\n",
        "docker-compose.yml": "services:\n  web:\n    image: nginx\n",
    })
    failed = _try_repo(repo, "validate", pre_commit_home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "bad.yaml:3:3: error: user_pool.mfa" in failed.stdout
    assert "docker-compose.yml" not in failed.stdout

    (repo / "bad.yaml").unlink()
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    passed = _try_repo(repo, "validate", pre_commit_home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_compile_hook_checks_committed_templates(tmp_path, pre_commit_home):
    spec = (EXAMPLES / "web-app.yaml").read_text()
    template = run_cli("compile", str(EXAMPLES / "web-app.yaml")).stdout.decode()
    repo = _repo(tmp_path / "repo", {"auth.yaml": spec, "auth.template.yaml": template})
    passed = _try_repo(repo, "compile", pre_commit_home)
    assert passed.returncode == 0, passed.stdout + passed.stderr

    (repo / "auth.yaml").write_text(spec + "allow_signup: true\n")
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    stale = _try_repo(repo, "compile", pre_commit_home)
    assert stale.returncode == 1
    assert "auth.template.yaml is out of date; run: identity-compiler compile auth.yaml -o auth.template.yaml" \
        in stale.stdout
