"""The registry of rules: every id, what it stands for (its kind, which decides its severity in each mode), its
description and its public source. Rules that a stage checks itself (the loader, the schema, resolve, the
build, the command line) are registered here with their ids as constants; the semantic rules register with
``checking.rules.rule``. ``identity-compiler rules`` and ``docs/rules.md`` list them all.

Light on purpose (no model, no schema): the loader reports with these ids too.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, NamedTuple

from .diagnostics import ERROR, WARNING

# What a rule stands for decides its severity in each mode. With --pdk-compat the compiler accepts
# exactly what the CDK synthesizes (README: "--pdk-compat"), so there only SYNTH and SPEC rules are errors.
SYNTH = "synth"  # the CDK throws at synth
SPEC = "spec"  # the spec itself means nothing (a reference to nothing, a key another type does not take)
DEPLOY = "deploy"  # Cognito, IAM or CloudFormation refuse it at deploy, or the CDK would quietly drop it
ADVICE = "advice"  # security and usage advice
_SEVERITIES = {SYNTH: (ERROR, ERROR), SPEC: (ERROR, ERROR), DEPLOY: (ERROR, WARNING), ADVICE: (WARNING, WARNING)}


class Rule(NamedTuple):
    id: str
    kind: str  # SYNTH, SPEC, DEPLOY or ADVICE
    description: str
    source: str  # a public URL, pinned where the source changes (the CDK at a commit), or this README
    check: Callable[[Any, Any], Iterator[tuple]] | None  # (target, checking.rules.Context) → findings; None: a stage's
    on: type | None = None  # what the check looks at (model.Spec when a check gives none)

    def severity_in(self, pdk_compat: bool) -> str:
        return _SEVERITIES[self.kind][pdk_compat]

    @property
    def severity(self) -> str:
        """The severity in the default mode."""
        return self.severity_in(False)

    @property
    def acknowledgeable(self) -> bool:
        """A rule that is a warning in some mode can be acknowledged (``acknowledge: {id: reason}``)."""
        return WARNING in _SEVERITIES[self.kind]


RULES: dict[str, Rule] = {}


def _stage_rule(rule_id: str, description: str, source: str, kind: str = SPEC) -> str:
    """A rule that a stage (loading, schema, resolve, build, the CLI) checks itself; its id, for that stage."""
    RULES[rule_id] = Rule(rule_id, kind, description, source, None)
    return rule_id


INTERNAL = _stage_rule("IC0000", "Internal error while building the template (a bug: please report it with the spec).",
            "README: Checks")
FILE = _stage_rule("IC0001", "The file can be read as a spec: exists, at most 1 MiB, UTF-8 text, not empty, a mapping.",
            "README: Checks (input limits)")
YAML = _stage_rule("IC0002", "The file is YAML without tags, duplicate keys, non-string keys, control characters or a "
            "second document, within 100 levels, 100,000 nodes and 1,000 entries in one mapping or list.",
            "https://yaml.org/spec/1.2.2/#103-core-schema; README: Checks (input limits)")
STALE_TEMPLATE = _stage_rule("IC0003", "With compile --check, the committed template is exactly what its spec compiles to.",
            "README: pre-commit")
TEMPLATE_LIMIT = _stage_rule("IC0004", "The template stays within CloudFormation's quota of 500 resources per stack (the CDK: 'Number "
            "of resources in stack ... is greater than allowed maximum of 500').",
            "https://github.com/aws/aws-cdk/blob/d7ad66d58e6a6bdc6a3a36dadc9db510c6cc56aa/packages/aws-cdk-lib/core/lib/"
            "stack.ts (maxResources)", SYNTH)
CONSTRUCT_IDS = _stage_rule("IC0005", "Construct ids are unique among their siblings (clients, domains, providers, groups and grants "
            "beside the constructs the pool and UserIdentity create themselves), and no two resources get one logical "
            "id (the CDK: 'There is already a Construct with name ...', 'Section Resources already contains ...').",
            "https://github.com/aws/constructs/blob/10.x/src/construct.ts (Node.addChild)", SYNTH)
IMPORT = _stage_rule("IC0006", "With import, the template holds one identity construct whose every identity resource a spec "
            "reproduces exactly (the message names the resource and property that no spec key gives).",
            "README: Off the PDK: import")
SPEC_FILES = _stage_rule("IC0007", "A file the spec names (managed login branding's settings_file and asset files, the hosted UI's "
            "css_file; relative to the spec's folder) lies, symbolic links resolved, in or below the spec's folder or "
            "a --files-root folder, outside /proc, /sys and /dev, and neither it nor a folder it lies in below that "
            "root is hidden (.git, .env, .npmrc) or a version-control folder; is a regular file within its limit "
            "(settings 1 MiB "
            "of JSON, an image 750,000 bytes, CSS 131,072 bytes); and holds what its key says (UTF-8 CSS, a JSON "
            "object, the image format its extension names).",
            "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AssetType.html; "
            "README: What the compiler reads and writes")
STACK_NAME = _stage_rule("IC0008", "The stack name (--stack-name, else stack_name, else the spec file's stem) is a CloudFormation stack "
            "name: a letter, then letters, digits and hyphens, at most 128 characters (the CDK: 'Stack name must match "
            "the regular expression: /^[A-Za-z][A-Za-z0-9-]*$/').",
            "https://github.com/aws/aws-cdk/blob/d7ad66d58e6a6bdc6a3a36dadc9db510c6cc56aa/packages/aws-cdk-lib/core/lib/"
            "stack.ts (_validateId); https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/"
            "API_CreateStack.html", SYNTH)
UNKNOWN_KEY = _stage_rule("IC0101", "Every key is one the spec format knows.", "schemas/identity-spec.schema.json")
MISSING_KEY = _stage_rule("IC0102", "Required keys are present; keys that exclude each other are not given together.",
            "schemas/identity-spec.schema.json")
WRONG_TYPE = _stage_rule("IC0103", "Every value has the right type.", "schemas/identity-spec.schema.json")
NOT_ALLOWED_VALUE = _stage_rule("IC0104", "Enum values are member names.", "schemas/identity-spec.schema.json")
BAD_VALUE = _stage_rule("IC0105", "Values are in range and of the right form (ARNs, durations, names, lengths).",
            "schemas/identity-spec.schema.json")
ACKNOWLEDGE = _stage_rule("IC0106", "acknowledge names warnings that exist.", "README: Checks (acknowledging a warning)")


API_LIMIT = "IC0712"
RULES[API_LIMIT] = Rule(
    API_LIMIT, DEPLOY,
    "Every value the template passes to Cognito, IAM or Lambda is within the length, range, pattern and enum "
    "that API publishes, and values Cognito keeps unique (provider names, domains, ...) are unique.",
    "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/Welcome.html; "
    "https://docs.aws.amazon.com/IAM/latest/APIReference/welcome.html; "
    "https://docs.aws.amazon.com/lambda/latest/api/welcome.html",
    None)  # checked on the spec (the schema's x-api-limit) and on the built template (api_constraints.py)


# Ids that are no rule (any more): a gap in the numbers explains itself here, and an id is never given again.
REMOVED: dict[str, str] = {
    "IC0405": "construct ids that collide among a pool's methods are found while resolving, as IC0005 (one id for "
              "every construct-id collision)",
    "IC0505": "role_policies on an existing role are that role's Policy, as the CDK's addToPrincipalPolicy writes it, "
              "so there is nothing to refuse",
    "IC0706": "sign_in_aliases without username is a username pool, as the CDK builds it, so a pool always has a way "
              "to sign in",
}
UNUSED: dict[str, str] = {
    **{f"IC07{n}": "left free in the deploy rules' block" for n in (15, 16, 17)},
    **{f"IC08{n:02d}": "left free between the client advice (IC0801-IC0806) and the pool advice (IC0811 on)"
       for n in (7, 8, 9, 10)},
}


# Rules that protect users, as GitHub code scanning ranks security results: the SARIF rule's ``security`` tag and its
# ``security-severity`` (CVSS-like: 9.0+ critical, 7.0-8.9 high, 4.0-6.9 medium, below low;
# https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning).
SECURITY_SEVERITY: dict[str, float] = {
    "IC0309": 7.0,  # an http:// callback or sign-out URL: codes and tokens in clear text
    "IC0801": 5.5,  # the implicit grant: tokens in the URL
    "IC0802": 8.5,  # an identity provider's secret in plain text in the template
    "IC0803": 4.0,  # guest identities get AWS credentials
    "IC0804": 4.0,  # password sign-in without SRP
    "IC0805": 5.0,  # callers find out which users exist
    "IC0812": 7.5,  # MFA not required
    "IC0813": 5.0,  # deletion protection off: one stack change deletes every user
    "IC0814": 5.0,  # threat protection not enforced
    "IC0817": 5.5,  # the PDK's WebClient: implicit grant and password auth
    "IC0818": 8.0,  # a client secret as a stack output
    "IC0819": 6.0,  # TLS 1.0 on a custom domain
}


def without_acknowledged(diagnostics: list, acknowledged: Any) -> list:
    """The diagnostics but the warnings the spec acknowledges (``acknowledge: {id: reason}``): the one place
    that filters them, for every stage's findings."""
    acknowledged = set(acknowledged or ())
    return [d for d in diagnostics if not (d.severity == WARNING and d.rule in acknowledged)]
