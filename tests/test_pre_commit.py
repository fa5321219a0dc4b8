"""The hooks as a platform team runs them: the README's `.pre-commit-config.yaml`, the real
`pre-commit run --all-files`, in a repository full of everyday YAML that is not a spec."""

from __future__ import annotations

import os
import re
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
HOOK_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "identity_compiler", "schemas")

# YAML that a real repository holds beside its specs; none of it is a spec.
EVERYDAY_YAML = {
    "k8s/app.yaml": """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  template:
    spec:
      containers: [{name: web, image: nginx}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
""",
    "charts/web/templates/deployment.yaml": """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
  labels:
    {{- include "web.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
""",
    ".github/workflows/ci.yml": """name: CI
on: {push: {branches: [main]}}
jobs:
  test:
    runs-on: ubuntu-latest
    steps: [{uses: actions/checkout@v4}, {run: make test}]
""",
    "cfn/bucket.yaml": """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${AWS::StackName}-site"
Outputs:
  Arn:
    Value: !GetAtt Bucket.Arn
  Name:
    Value: !Ref Bucket
""",
    "docker-compose.yml": "services:\n  web:\n    image: nginx\n    ports: ['8080:80']\n",
    "mkdocs.yml": """site_name: Docs
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
""",
    "empty.yaml": "",
    "list.yaml": "- a\n- b\n",
}
BROKEN_SPEC = "kind: UserIdentity\nuser_pool:\n  mfa: required\n"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout.strip()


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """This project's working tree as a git repository pre-commit can clone (repo, rev)."""
    repo = tmp_path_factory.mktemp("hooks")
    for name in HOOK_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, repo / name)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "hooks")
    return repo, _git(repo, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    """One pre-commit cache for the module: the hook environment is installed once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def readme_configs() -> list[str]:
    """The `.pre-commit-config.yaml` blocks of the README, as written there."""
    text = (ROOT / "README.md").read_text()
    section = text[text.index("### pre-commit"):]
    section = section[:section.index("\n## ")]
    return re.findall(r"```yaml\n(repos:.*?)```", section, re.S)


def _user_repo(path: Path, files: dict[str, str], config: str, hook_repo: tuple[Path, str]) -> Path:
    path.mkdir()
    _git(path, "init", "-q")
    repo, rev = hook_repo
    files = {**files, ".pre-commit-config.yaml": config.replace("<this repository>", str(repo))
             .replace("<a tag>", rev)}
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text)
    _git(path, "add", "-A")
    return path


def _run(repo: Path, home: Path, hook: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", hook, "--all-files"], cwd=repo,
                          capture_output=True, text=True, env=env, timeout=900)


def test_the_readme_shows_both_configurations():
    configs = readme_configs()
    assert len(configs) == 2
    assert "args: [--out-dir, templates]" in configs[1]


def test_validate_passes_over_everyday_yaml_and_fails_on_a_broken_spec(tmp_path, hook_repo, pre_commit_home):
    spec = (EXAMPLES / "web-app.yaml").read_text()
    repo = _user_repo(tmp_path / "repo", {**EVERYDAY_YAML, "auth.yaml": spec, "broken.yaml": BROKEN_SPEC},
                      readme_configs()[0], hook_repo)
    failed = _run(repo, pre_commit_home, "validate")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "broken.yaml:3:3: error: user_pool.mfa" in failed.stdout
    for name in EVERYDAY_YAML:
        assert name not in failed.stdout, failed.stdout

    (repo / "broken.yaml").unlink()
    _git(repo, "add", "-A")
    passed = _run(repo, pre_commit_home, "validate")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "error" not in passed.stdout


@pytest.mark.parametrize("variant", ["beside", "out-dir"])
def test_compile_checks_committed_templates_among_everyday_yaml(tmp_path, hook_repo, pre_commit_home, variant):
    spec = (EXAMPLES / "web-app.yaml").read_text()
    template = run_cli("compile", str(EXAMPLES / "web-app.yaml")).stdout.decode()
    committed = "auth.template.yaml" if variant == "beside" else "templates/auth.yaml"
    config = readme_configs()[0 if variant == "beside" else 1]
    repo = _user_repo(tmp_path / "repo", {**EVERYDAY_YAML, "auth.yaml": spec, committed: template}, config, hook_repo)
    passed = _run(repo, pre_commit_home, "compile")
    assert passed.returncode == 0, passed.stdout + passed.stderr

    (repo / "auth.yaml").write_text(spec + "allow_signup: true\n")
    (repo / "broken.yaml").write_text(BROKEN_SPEC)
    _git(repo, "add", "-A")
    stale = _run(repo, pre_commit_home, "compile")
    assert stale.returncode == 1
    again = "-o auth.template.yaml" if variant == "beside" else "-o templates/auth.yaml"
    assert f"the template {committed} is out of date; run: identity-compiler compile auth.yaml {again}" in stale.stdout
    assert "broken.yaml:3:3: error: user_pool.mfa" in stale.stdout
    for name in EVERYDAY_YAML:
        assert name not in stale.stdout, stale.stdout
    assert (repo / committed).read_text() == template  # --check writes nothing


def test_fmt_rewrites_specs_and_leaves_everyday_yaml_alone(tmp_path, hook_repo, pre_commit_home):
    spec = "# the shop's sign-in\nstack_name: Shop\nkind: UserPoolWithMfa\nmfa: 'OPTIONAL'  # for now\n"
    repo = _user_repo(tmp_path / "repo", {**EVERYDAY_YAML, "auth.yaml": spec}, readme_configs()[0], hook_repo)
    changed = _run(repo, pre_commit_home, "fmt")
    assert changed.returncode == 1, changed.stdout + changed.stderr  # pre-commit: the hook changed a file
    assert (repo / "auth.yaml").read_text() == ("# the shop's sign-in\nkind: UserPoolWithMfa\nstack_name: Shop\n"
                                                 "mfa: OPTIONAL    # for now\n")  # the comment keeps its column
    for name, text in EVERYDAY_YAML.items():
        assert (repo / name).read_text() == text
    _git(repo, "add", "-A")
    assert _run(repo, pre_commit_home, "fmt").returncode == 0
