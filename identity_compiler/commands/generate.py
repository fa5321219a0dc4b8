"""Every generated file, from the one place each fact is written: ``python -m identity_compiler.commands.generate``
writes the stale ones again; ``--check`` lists them and exits 1 (``tests/test_generated.py`` runs it).

- the JSON Schema's descriptions and PDK defaults of the property table's rows (``spec/properties.py``), and a
  ``lambda_triggers`` key for every trigger CloudFormation's ``LambdaConfig`` has (``cloudformation.trigger_operations``:
  a trigger newer than the CDK's table, as ``UserPoolOperation.of`` adds it);
- ``docs/properties.md``, from the rows;
- ``docs/rules.md`` and ``docs/rules/<id>.md``, from the rule table (``codes.py``) and each rule's case;
- ``identity_compiler/rules/cases/<id>.snap``, every diagnostic of each rule's case (review the diff before commit);
- the README's table of what the spec leaves out of CloudFormation's Cognito resources (``cloudformation/coverage.py``).

Run from a checkout: the docs and the schema are the repository's, not the installed package's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..spec.properties import SchemaEntryMissing

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "schemas" / "identity-spec.schema.json"


def generated(root: Path = ROOT) -> dict[Path, str]:
    """Each generated file's path with the text it must hold."""
    from ..rules import rules_markdown
    from ..rules.docs import CASES_DIR, cases, index, page, said, snapshot
    from ..spec.properties import described, markdown
    from ..codes import RULES

    files: dict[Path, str] = {}
    schema = with_triggers(described(json.loads((root / "schemas" / "identity-spec.schema.json").read_text(
        encoding="utf-8"))))
    files[root / "schemas" / "identity-spec.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    files[root / "docs" / "properties.md"] = markdown()
    from ..cloudformation.coverage import markdown as left_out_table

    readme = (root / "README.md").read_text(encoding="utf-8")
    files[root / "README.md"] = with_table(readme, left_out_table())
    files[root / "docs" / "rules.md"] = rules_markdown()
    files[root / "docs" / "rules" / "README.md"] = index()
    every = cases()
    for rule_id in sorted(RULES):
        case = every.get(rule_id)
        example = None if case is None else (case.trips, case.inside, [d.format() for d in said(rule_id, case)])
        files[root / "docs" / "rules" / f"{rule_id}.md"] = page(rule_id, example)
        if case is not None:
            files[Path(CASES_DIR) / f"{rule_id}.snap"] = snapshot(rule_id, case)
    return files


def with_table(text: str, table: str) -> str:
    """``text`` with the Markdown table that starts with ``table``'s header line replaced by ``table``."""
    header = table.split("\n", 1)[0] + "\n"
    start = text.index(header)
    end = start
    while end < len(text) and text.startswith("|", end):
        end = text.index("\n", end) + 1
    return text[:start] + table + text[end:]


def with_triggers(schema: dict) -> dict:
    """``schema`` whose ``LambdaTriggers`` has a key for every trigger of the project's CloudFormation schema copy."""
    from ..cloudformation import trigger_operations

    known = schema["$defs"]["LambdaTriggers"]["properties"]
    for key, (_operation, prop, _versioned) in trigger_operations().items():
        known.setdefault(key, {"$ref": "#/$defs/TriggerFunction", "description": f"The `{key}` trigger "
                                                                              f"(`LambdaConfig.{prop}`)."})
    return schema


def stale(files: dict[Path, str]) -> list[Path]:
    """The generated files whose text is not what the facts give, and the generated ones no fact gives any more."""
    wrong = [path for path, text in files.items() if not path.is_file() or path.read_text(encoding="utf-8") != text]
    folders = {path.parent for path in files if path.suffix in (".md", ".snap") and path.parent.name in ("rules", "cases")}
    extra = [path for folder in folders for path in folder.iterdir()
             if path.suffix in (".md", ".snap") and path not in files]
    return sorted(wrong + extra)


def main(argv: list[str]) -> int:
    if not SCHEMA.is_file():  # an installed package: its checkout's files are not beside it
        print(f"identity-compiler: error: {ROOT} is not a checkout of identity-compiler (no schemas/); run "
              "generate from one", file=sys.stderr)
        return 2
    try:
        files = generated()
    except SchemaEntryMissing as exc:
        print(f"identity-compiler: error: {exc}", file=sys.stderr)
        return 1
    if argv[1:] == ["--check"]:
        wrong = stale(files)
        for path in wrong:
            print(f"{path.relative_to(ROOT)} is not what its facts generate")
        return 1 if wrong else 0
    for path in stale(files):
        text = files.get(path)
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}" if text is not None else f"removed {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
