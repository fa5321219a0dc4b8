"""The layout shows the pipeline: each module sits in the folder of its stage, a stage imports only from itself
and the stages before it (function-level imports too), no module imports another's private name, and
docs/architecture.md names only modules that exist."""

from __future__ import annotations

import ast
import re

from conftest import ROOT

PACKAGE = ROOT / "identity_compiler"
# The vocabulary every stage reports with, then the stages in the order data flows through them.
ORDER = ("diagnostics", "codes", "source", "spec", "cloudformation", "resolve", "rules", "build", "output", "pipeline",
         "commands")


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        package = parts[:-1] if parts[-1] != "__init__" else parts
        yield path, ".".join(parts), package


def _imports(path, package):
    """(line, imported module, names) of every relative import in the file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[:len(package) - node.level + 1])
            target = base + (node.module.split(".") if node.module else [])
            yield node.lineno, target, [alias.name for alias in node.names]


def test_every_module_is_in_a_stage_folder_or_is_one_of_the_top():
    top = {"__init__", "__main__", "codes", "diagnostics", "pipeline"}
    for path, name, _package in _modules():
        assert name.split(".")[0] in set(ORDER) | top, f"{name}: put it in the folder of its stage"


def test_a_stage_imports_only_from_itself_and_the_stages_before_it():
    wrong = []
    for path, name, package in _modules():
        stage = name.split(".")[0]
        if stage not in ORDER:
            continue
        for line, target, names in _imports(path, package):
            for imported in ([target[0]] if target else names):
                if imported in ORDER and ORDER.index(imported) > ORDER.index(stage):
                    wrong.append(f"{name}:{line} imports {'.'.join(target) or imported}")
    assert wrong == []


def test_no_module_imports_a_private_name_of_another():
    wrong = [f"{name}:{line} imports {alias} from {'.'.join(target)}"
             for path, name, package in _modules() for line, target, names in _imports(path, package)
             for alias in names if alias.startswith("_") and not alias.startswith("__")]
    assert wrong == []


def test_docs_architecture_names_only_files_that_exist():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:[a-z_]+/)*[a-z_]+\.py|[a-z_]+/)`", text))
    assert named, "the architecture names its modules"
    missing = [n for n in named if not ((PACKAGE / n).exists() or (ROOT / n).exists()
                                        or "/" not in n.rstrip("/") and any(PACKAGE.rglob(n.rstrip("/"))))]
    assert missing == []
