"""Semantic rules as data: each has a stable id, a kind, a one-line description, its source, and a check.

A rule declares what it looks at (``on``: a model type such as ``model.Client``); the engine walks the
resolved spec once and calls the check with each object of that type and a ``Context``. A check
yields ``(key path, message)`` pairs; the engine turns them into diagnostics with the severity the
rule's kind has in the mode. Modules that define rules register them with ``@rule`` on import
(checking/__init__.py imports them all).
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, NamedTuple

from .. import model
from ..diagnostics import ERROR, WARNING, Diagnostic
from ..loading import Document
from ..records import fields

# aws-cdk-lib at v2.164.0, the line the PDK builds on; sources add "<file>#L<line>".
CDK = "https://github.com/aws/aws-cdk/blob/d7ad66d58e6a6bdc6a3a36dadc9db510c6cc56aa/packages/aws-cdk-lib/aws-cognito/lib/"
# aws-cdk-lib at v2.276.0, for props newer than the PDK's (feature plans, passwordless sign-in, ...).
CDK_CURRENT = "https://github.com/aws/aws-cdk/blob/v2.276.0/packages/aws-cdk-lib/aws-cognito/lib/"
Finding = tuple  # (key path, message)


class Context(NamedTuple):
    """What a check gets besides its target: the whole resolved spec, the mode, and the target's pool."""

    spec: model.Spec
    pdk_compat: bool
    pool: model.UserPool | model.ExistingPool | None = None  # for a pool and its methods


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
    check: Callable[[Any, Context], Iterator[Finding]] | None  # None: the loader, schema, resolve or build checks it
    on: type = model.Spec  # what the check looks at

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


def _stage_rule(rule_id: str, description: str, source: str, kind: str = SPEC) -> None:
    RULES[rule_id] = Rule(rule_id, kind, description, source, None)


_stage_rule("IC0000", "Internal error while building the template (a bug: please report it with the spec).",
            "README: Checks")
_stage_rule("IC0001", "The file can be read as a spec: exists, at most 1 MiB, UTF-8 text, not empty, a mapping.",
            "README: Checks (input limits)")
_stage_rule("IC0002", "The file is YAML without tags, duplicate keys, non-string keys, control characters or a "
            "second document, within 100 levels, 100,000 nodes and 1,000 entries in one mapping or list.",
            "https://yaml.org/spec/1.2.2/#103-core-schema; README: Checks (input limits)")
_stage_rule("IC0003", "With compile --check, the committed template is exactly what its spec compiles to.",
            "README: pre-commit")
_stage_rule("IC0004", "The template stays within CloudFormation's quota of 500 resources per stack (the CDK: 'Number "
            "of resources in stack ... is greater than allowed maximum of 500').",
            "https://github.com/aws/aws-cdk/blob/d7ad66d58e6a6bdc6a3a36dadc9db510c6cc56aa/packages/aws-cdk-lib/core/lib/"
            "stack.ts (maxResources)", SYNTH)
_stage_rule("IC0005", "Construct ids are unique among their siblings (clients, domains, providers, groups and grants "
            "beside the constructs the pool and UserIdentity create themselves), and no two resources get one logical "
            "id (the CDK: 'There is already a Construct with name ...', 'Section Resources already contains ...').",
            "https://github.com/aws/constructs/blob/10.x/src/construct.ts (Node.addChild)", SYNTH)
_stage_rule("IC0006", "With import, the template holds one identity construct whose every identity resource a spec "
            "reproduces exactly (the message names the resource and property that no spec key gives).",
            "README: Off the PDK: import")
_stage_rule("IC0007", "A file the spec names (managed login branding's settings_file and asset files, the hosted UI's "
            "css_file; relative to the spec's folder) lies, symbolic links resolved, in or below the spec's folder or "
            "a --files-root folder, outside /proc, /sys and /dev; is a regular file within its limit (settings 1 MiB "
            "of JSON, an image 750,000 bytes, CSS 131,072 bytes); and holds what its key says (UTF-8 CSS, a JSON "
            "object, the image format its extension names).",
            "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AssetType.html; "
            "README: Files a spec names")
_stage_rule("IC0008", "The stack name (--stack-name, else stack_name, else the spec file's stem) is a CloudFormation stack "
            "name: a letter, then letters, digits and hyphens, at most 128 characters (the CDK: 'Stack name must match "
            "the regular expression: /^[A-Za-z][A-Za-z0-9-]*$/').",
            "https://github.com/aws/aws-cdk/blob/d7ad66d58e6a6bdc6a3a36dadc9db510c6cc56aa/packages/aws-cdk-lib/core/lib/"
            "stack.ts (_validateId); https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/"
            "API_CreateStack.html", SYNTH)
_stage_rule("IC0101", "Every key is one the spec format knows.", "schemas/identity-spec.schema.json")
_stage_rule("IC0102", "Required keys are present; keys that exclude each other are not given together.",
            "schemas/identity-spec.schema.json")
_stage_rule("IC0103", "Every value has the right type.", "schemas/identity-spec.schema.json")
_stage_rule("IC0104", "Enum values are member names.", "schemas/identity-spec.schema.json")
_stage_rule("IC0105", "Values are in range and of the right form (ARNs, durations, names, lengths).",
            "schemas/identity-spec.schema.json")
_stage_rule("IC0106", "acknowledge names warnings that exist.", "README: Checks (acknowledging a warning)")


def repeated(items, key: Callable[[Any], Any]) -> Iterator[Any]:
    """The items whose ``key`` an earlier item already has (a key of None is never one)."""
    seen: set = set()
    for item in items:
        value = key(item)
        if value is not None and value in seen:
            yield item
        seen.add(value)


def rule(rule_id: str, kind: str, description: str, source: str, on: type = model.Spec):
    """Register a check of every ``on`` object under a stable id; it yields ``(key path, message)``."""
    def register(check: Callable[[Any, Context], Iterator[Finding]]) -> Callable:
        if rule_id in RULES:
            raise ValueError(f"rule id {rule_id} is used twice")
        RULES[rule_id] = Rule(rule_id, kind, description, source, check, on)
        return check
    return register


def targets(spec: model.Spec, pdk_compat: bool) -> Iterator[tuple[Any, Context]]:
    """Every object of the resolved spec, depth first, each with its context (its pool, if it has one)."""
    def walk(node: model.Node, pool: Any) -> Iterator[tuple[Any, Context]]:
        yield node, Context(spec, pdk_compat, pool)
        state = node.__dict__
        for name in fields(node):
            if name in _REFERENCES:
                continue
            value = state[name]
            for child in value if isinstance(value, tuple) else (value,):
                if isinstance(child, model.Node):
                    yield from walk(child, child if isinstance(child, model.Pool) else pool)

    yield from walk(spec, None)


_REFERENCES = {"web_client"}  # fields that refer to an object owned elsewhere (a declared WebClient is a pool's client)


def run_rules(spec: model.Spec, source: Document, pdk_compat: bool) -> list[Diagnostic]:
    """Every finding of every rule; warnings the spec acknowledges (``acknowledge``) are left out."""
    acknowledged = set(spec.acknowledge)
    found: list[Diagnostic] = list(_check_acknowledgements(source, spec.acknowledge))
    active = [(r, r.severity_in(pdk_compat)) for r in RULES.values() if r.check is not None]
    active = [(r, severity) for r, severity in active if not (severity == WARNING and r.id in acknowledged)]
    by_type: dict[type, list] = {}
    for target, context in targets(spec, pdk_compat):
        kind = type(target)
        if kind not in by_type:
            by_type[kind] = [(r, severity) for r, severity in active if issubclass(kind, r.on)]
        for current, severity in by_type[kind]:
            for path, message in current.check(target, context):
                found.append(source.diagnostic(path, message, current.id, severity))
    return found


def _check_acknowledgements(source: Document, acknowledged: tuple[str, ...]) -> Iterator[Diagnostic]:
    from .schema import did_you_mean

    for rule_id in acknowledged:
        known = RULES.get(rule_id)
        path = ("acknowledge", rule_id)
        if known is None:
            hint = did_you_mean(rule_id, sorted(r for r, v in RULES.items() if v.acknowledgeable))
            yield source.diagnostic(path, f"no rule {rule_id} to acknowledge{hint}", ACKNOWLEDGE)
        elif not known.acknowledgeable:
            yield source.diagnostic(path, f"{rule_id} is an error; only warnings can be acknowledged", ACKNOWLEDGE)


ACKNOWLEDGE = "IC0106"


__all__ = ["CDK", "Context", "Rule", "RULES", "rule", "run_rules", "ERROR", "WARNING", "SYNTH", "SPEC",
           "DEPLOY", "ADVICE"]
