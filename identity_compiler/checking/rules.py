"""Semantic rules as data: each has a stable id, a one-line description, its source, and a check.

A check receives a ``Context`` (the spec with every user pool it describes, PDK defaults applied)
and yields ``(key path, message)`` pairs; the registry turns them into diagnostics. Modules that
define rules register them with ``@rule`` on import (checking/__init__.py imports them all).
"""

from __future__ import annotations

from typing import Callable, Iterator, NamedTuple

from .. import defaults
from ..diagnostics import ERROR, WARNING, Diagnostic
from ..loading import Spec
from ..vocabulary import NOT_PROPS

# aws-cdk-lib at v2.164.0, the line the PDK builds on; sources add "<file>#L<line>".
CDK = "https://github.com/aws/aws-cdk/blob/d7ad66d58e6a6bdc6a3a36dadc9db510c6cc56aa/packages/aws-cdk-lib/aws-cognito/lib/"
Finding = tuple  # (key path, message)


class PoolView(NamedTuple):
    """A user pool the spec builds, as the rules see it."""

    path: tuple  # key path of the pool's mapping in the spec
    kind: str  # UserPoolWithMfa | UserPool
    given: dict  # what the spec wrote
    props: dict  # after the PDK's merge: what the pool is built with

    def key(self, *parts) -> tuple:
        return self.path + parts

    def items(self, method: str) -> Iterator[tuple[tuple, dict]]:
        """The entries of a method list (``clients``, ``domains``, ...) with their key paths."""
        for index, item in enumerate(self.given.get(method) or []):
            yield self.key(method, index), item


class Context:
    """What every rule gets: the spec, the mode, and the pools the spec builds."""

    def __init__(self, spec: Spec, pdk_compat: bool):
        self.spec = spec
        self.pdk_compat = pdk_compat
        self.pools: list[PoolView] = []  # the pools the spec builds (their props are checked)
        self.existing_pool: PoolView | None = None  # an existing pool (user_pool_id/arn): only its methods

    @property
    def data(self) -> dict:
        return self.spec.data

    @property
    def method_owners(self) -> list[PoolView]:
        """Every pool whose methods (clients, domains, providers, ...) the spec gives, an existing one too."""
        return self.pools + ([self.existing_pool] if self.existing_pool else [])

    @classmethod
    def of(cls, spec: Spec, pdk_compat: bool) -> "Context":
        data = spec.data
        context = cls(spec, pdk_compat)
        if data["kind"] == "UserPoolWithMfa":
            context.pools.append(_view((), "UserPoolWithMfa", data))
        else:
            user_pool = data.get("user_pool") or {}
            if "user_pool_id" in user_pool or "user_pool_arn" in user_pool:
                context.existing_pool = PoolView(("user_pool",), "existing", user_pool, {})
            elif "kind" in user_pool:
                context.pools.append(_view(("user_pool",), user_pool["kind"], user_pool))
            else:
                extra = {"self_sign_up_enabled": True} if data.get("allow_signup") else {}
                context.pools.append(_view(("user_pool",), "UserPoolWithMfa", user_pool, extra))
        return context


def _view(path: tuple, kind: str, given: dict, extra: dict | None = None) -> PoolView:
    props = {k: v for k, v in given.items() if k not in NOT_PROPS}
    return PoolView(path, kind, given, defaults.pool_props(kind, {**(extra or {}), **props}))


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
    check: Callable[[Context], Iterator[Finding]] | None  # None: checked by the loader, the schema or the build

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
_stage_rule("IC0005", "Construct ids are unique among their siblings, and no two resources get one logical id "
            "(the CDK: 'There is already a Construct with name ...', 'Section Resources already contains ...').",
            "https://github.com/aws/constructs/blob/10.x/src/construct.ts (Node.addChild)", SYNTH)
_stage_rule("IC0101", "Every key is one the spec format knows.", "schemas/identity-spec.schema.json")
_stage_rule("IC0102", "Required keys are present; keys that exclude each other are not given together.",
            "schemas/identity-spec.schema.json")
_stage_rule("IC0103", "Every value has the right type.", "schemas/identity-spec.schema.json")
_stage_rule("IC0104", "Enum values are member names.", "schemas/identity-spec.schema.json")
_stage_rule("IC0105", "Values are in range and of the right form (ARNs, durations, names, lengths).",
            "schemas/identity-spec.schema.json")
_stage_rule("IC0106", "acknowledge names warnings that exist.", "README: Checks (acknowledging a warning)")


def rule(rule_id: str, kind: str, description: str, source: str):
    """Register a check under a stable id; it yields ``(key path, message)`` for each finding."""
    def register(check: Callable[[Context], Iterator[Finding]]) -> Callable:
        if rule_id in RULES:
            raise ValueError(f"rule id {rule_id} is used twice")
        RULES[rule_id] = Rule(rule_id, kind, description, source, check)
        return check
    return register


def run_rules(context: Context) -> list[Diagnostic]:
    """Every finding of every rule; warnings the spec acknowledges (``acknowledge``) are left out."""
    acknowledged = context.data.get("acknowledge") or {}
    found: list[Diagnostic] = list(_check_acknowledgements(context, acknowledged))
    for current in RULES.values():
        if current.check is None:
            continue
        severity = current.severity_in(context.pdk_compat)
        if severity == WARNING and current.id in acknowledged:
            continue
        for path, message in current.check(context):
            found.append(context.spec.diagnostic(path, message, current.id, severity))
    return found


def _check_acknowledgements(context: Context, acknowledged: dict) -> Iterator[Diagnostic]:
    from .schema import did_you_mean

    for rule_id in acknowledged:
        known = RULES.get(rule_id)
        path = ("acknowledge", rule_id)
        if known is None:
            hint = did_you_mean(rule_id, sorted(r for r, v in RULES.items() if v.acknowledgeable))
            yield context.spec.diagnostic(path, f"no rule {rule_id} to acknowledge{hint}", ACKNOWLEDGE)
        elif not known.acknowledgeable:
            yield context.spec.diagnostic(path, f"{rule_id} is an error; only warnings can be acknowledged", ACKNOWLEDGE)


ACKNOWLEDGE = "IC0106"


__all__ = ["CDK", "Context", "PoolView", "Rule", "RULES", "rule", "run_rules", "ERROR", "WARNING", "SYNTH", "SPEC",
           "DEPLOY", "ADVICE"]
