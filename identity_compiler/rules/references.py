"""CloudFormation dynamic references written in a spec: well formed, as CloudFormation resolves them at deploy."""

from __future__ import annotations

import re

from .engine import check

# {{resolve:ssm:name[:version]}}, {{resolve:ssm-secure:name[:version]}},
# {{resolve:secretsmanager:secret-id[:SecretString[:json-key[:version-stage[:version-id]]]]}}
_DYNAMIC_REFERENCE = re.compile(r"\{\{resolve:(ssm|ssm-secure|secretsmanager):[^{}\s:][^{}\s]*\}\}")


@check("IC0713")
def dynamic_references(spec, _ctx):
    for path, value in spec.texts:
        if "{{resolve" in value or "resolve:" in value and "{{" in value:
            rest = _DYNAMIC_REFERENCE.sub("", value)
            if "{{" in rest or "resolve:" in rest:
                yield path, (f"{value!r:.80} holds a malformed dynamic reference; write "
                             "{{resolve:secretsmanager:<secret-id>:SecretString:<json-key>}} or {{resolve:ssm:<name>}}")
