"""``python -m identity_compiler.cloudformation.refresh``: the project's copy of the ``AWS::Cognito::*`` resource
schemas, from the newest source at hand.

cfn-lint's copy of CloudFormation's registry schemas first (with the Regions each type is in); where it lags
Cognito, the schemas in ``additions/``, written by hand from the CloudFormation template reference, botocore's
model and the CDK's generated L1, each recorded with its source in ``additions/sources.json``. A type cfn-lint
has caught up with is taken from cfn-lint, and the addition is reported as no longer needed. Writes
``schemas/<type>.json`` and ``index.json`` beside them (type → file, source, Regions); the coverage test then
names any new property the spec cannot write yet.
"""

from __future__ import annotations

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(HERE, "schemas")
ADDITIONS = os.path.join(HERE, "additions")
PREFIX = "AWS::Cognito::"
HOME = "us-east-1"  # the Region whose schemas are copied (every Cognito type is there)


def file_name(type_name: str) -> str:
    return type_name.lower().replace("::", "-") + ".json"


def main() -> int:
    from importlib.metadata import version

    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER as manager

    regions = sorted(manager.regions) if hasattr(manager, "regions") else _regions(manager)
    found = {}
    for region in regions:
        for type_name in manager.get_resource_types(region):
            if type_name.startswith(PREFIX):
                found.setdefault(type_name, []).append(region)
    index = {}
    for type_name in sorted(found):
        schema = manager.get_resource_schema(HOME, type_name).schema
        index[type_name] = {"file": file_name(type_name), "source": f"cfn-lint {version('cfn-lint')}",
                            "regions": sorted(found[type_name]), **_key_patterns(schema)}
        _write(index[type_name]["file"], schema)
    with open(os.path.join(ADDITIONS, "sources.json"), encoding="utf-8") as handle:
        sources = json.load(handle)
    for name in sorted(os.listdir(ADDITIONS)):
        if not name.endswith(".json") or name == "sources.json":
            continue
        with open(os.path.join(ADDITIONS, name), encoding="utf-8") as handle:
            schema = json.load(handle)
        type_name = schema["typeName"]
        if type_name in index:
            print(f"{type_name}: cfn-lint has it now; additions/{name} is no longer needed", file=sys.stderr)
            continue
        index[type_name] = {"file": file_name(type_name), "source": sources[type_name],
                            "regions": index[PREFIX + "UserPool"]["regions"], **_key_patterns(schema)}
        _write(index[type_name]["file"], schema)
    for name in os.listdir(SCHEMAS):
        if name not in {entry["file"] for entry in index.values()}:
            os.remove(os.path.join(SCHEMAS, name))
    _write(os.path.join(HERE, "index.json"), dict(sorted(index.items())))
    print(f"{len(index)} resource types written to {os.path.relpath(SCHEMAS)}", file=sys.stderr)
    return 0


def _key_patterns(schema: dict) -> dict:
    """The properties whose keys the schema patterns (one ``patternProperties`` pattern each), for the template
    check, which then needs the index alone, not every schema, on each compile."""
    found = {name: list(spec["patternProperties"])[0] for name, spec in (schema.get("properties") or {}).items()
             if isinstance(spec, dict) and len(spec.get("patternProperties") or {}) == 1}
    return {"key_patterns": found} if found else {}


def _regions(manager) -> list[str]:
    from cfnlint.helpers import REGIONS

    return sorted(REGIONS)


def _write(name: str, data: dict) -> None:
    with open(os.path.join(SCHEMAS, name), "w", encoding="utf-8") as handle:  # an absolute name is kept as it is
        json.dump(data, handle, indent=1, sort_keys=True)
        handle.write("\n")


if __name__ == "__main__":
    sys.exit(main())
