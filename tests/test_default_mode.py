"""Default mode, what users run, held to the CDK too: over the differential test's generator, a spec that
compiles with ``--pdk-compat`` (which the differential test holds to the real CDK) never makes default mode
crash, is refused there only by rules stricter than the CDK (what AWS refuses at deploy: warnings with
``--pdk-compat``), and when both compile, the two templates differ only by the README's deliberate
differences, each differing path explained by one of them. Specs where default mode once crashed or
refused what deploys are kept in ``fixtures/default-mode/``; the differential test's regression cases run
through the same check.

``IC_DIFFERENTIAL_EXAMPLES`` and ``IC_DIFFERENTIAL_RANDOM`` set the number of specs and their seed, as for
the differential test.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from identity_compiler.codes import RULES
from identity_compiler.pipeline import compile_text
from identity_compiler.diagnostics import WARNING

from spec_strategies import specs

STACK = "Diff"
FIXTURES = Path(__file__).parent / "fixtures"
DEFAULT_CASES = sorted((FIXTURES / "default-mode").glob("*.json"))
DIFFERENTIAL_CASES = sorted((FIXTURES / "differential").glob("*.json"))
_TIER = ("AUDIT", "ENFORCED")


def _compile(spec: dict, pdk_compat: bool):
    return compile_text(json.dumps(spec, ensure_ascii=False), "generated.json", pdk_compat=pdk_compat, stack_name=STACK)


def _strings(details: dict) -> dict:
    """Difference 3: an identity provider's details as CloudFormation types them, strings."""
    return {k: ("true" if v else "false") if isinstance(v, bool) else v for k, v in details.items()}


def _is_default_branding(resource: dict) -> bool:
    """Difference 5: Cognito's look for a client that shows managed login's pages."""
    return resource["Type"] == "AWS::Cognito::ManagedLoginBranding" and \
        set(resource["Properties"]) == {"UserPoolId", "ClientId", "UseCognitoProvidedValues"} and \
        resource["Properties"]["UseCognitoProvidedValues"] is True


def unexplained(pdk: dict, default: dict) -> list[str]:
    """The paths where the default-mode template differs from the ``--pdk-compat`` one that no deliberate
    difference of the README explains (empty: every difference is explained)."""
    found: list[str] = []
    old, new = pdk["Resources"], default["Resources"]
    found += [f"Resources.{lid}: only with --pdk-compat" for lid in old.keys() - new.keys()]
    found += [f"Resources.{lid}: only in default mode" for lid in new.keys() - old.keys()
              if not _is_default_branding(new[lid])]
    for lid in sorted(old.keys() & new.keys()):
        a, b = dict(old[lid]), dict(new[lid])
        if a["Type"] == "AWS::Cognito::UserPoolClient":  # difference 4: after the providers and servers it names
            extra = [d for d in b.get("DependsOn", []) if d not in a.get("DependsOn", [])]
            if all(old.get(d, {}).get("Type") in ("AWS::Cognito::UserPoolIdentityProvider",
                                                  "AWS::Cognito::UserPoolResourceServer") for d in extra) \
                    and all(d in b.get("DependsOn", []) for d in a.get("DependsOn", [])):
                a.pop("DependsOn", None)
                b.pop("DependsOn", None)
        if [d for d in b.get("DependsOn", []) if not _is_default_branding(new.get(d, {"Type": None}))] == \
                a.get("DependsOn", []):  # difference 5: what depends on a client depends on its branding too
            a.pop("DependsOn", None)
            b.pop("DependsOn", None)
        pa, pb = dict(a.pop("Properties", {})), dict(b.pop("Properties", {}))
        if a["Type"] == "AWS::Cognito::UserPool" and "UserPoolTier" not in pa and pb.get("UserPoolTier") == "PLUS" \
                and (pa.get("UserPoolAddOns") or {}).get("AdvancedSecurityMode") in _TIER:  # difference 1
            del pb["UserPoolTier"]
        if a["Type"] == "AWS::Cognito::UserPoolIdentityProvider" and "ProviderDetails" in pa:  # difference 3
            pa["ProviderDetails"] = _strings(pa["ProviderDetails"])
        found += [f"Resources.{lid}.Properties.{key}" for key in sorted(pa.keys() | pb.keys()) if pa.get(key) != pb.get(key)]
        found += [f"Resources.{lid}.{key}" for key in sorted(a.keys() | b.keys()) if a.get(key) != b.get(key)]
    outputs = default.get("Outputs") or {}  # difference 2: more outputs, the PDK's unchanged
    found += [f"Outputs.{name}" for name, value in (pdk.get("Outputs") or {}).items() if outputs.get(name) != value]
    found += [key for key in pdk.keys() | default.keys() if key not in ("Resources", "Outputs")
              and pdk.get(key) != default.get(key)]
    return found


def assert_default_mode_holds(spec: dict, *, deploys: bool = False) -> None:
    """The property; ``deploys``: the spec is known to deploy, so default mode must compile it too."""
    shown = json.dumps(spec, ensure_ascii=False)
    compat = _compile(spec, True)
    if not compat.ok:
        return  # the CDK refuses it (the differential test holds --pdk-compat to that)
    default = _compile(spec, False)
    assert not [d for d in default.diagnostics if d.rule == "IC0000"], f"default mode crashes on {shown}"
    errors = [d for d in default.diagnostics if d.is_error]
    stricter = [d for d in errors if RULES[d.rule].severity_in(True) == WARNING]
    assert errors == stricter, f"default mode refuses with a rule the CDK does not have: {shown}\n" + \
        "\n".join(d.format() for d in errors if d not in stricter)
    if deploys:
        assert not errors, f"default mode refuses a spec that deploys: {shown}\n" + "\n".join(d.format() for d in errors)
    if not errors:
        differences = unexplained(json.loads(json.dumps(compat.data)), json.loads(json.dumps(default.data)))
        assert not differences, f"unexplained differences for {shown}: {differences}"


@pytest.mark.parametrize("case", DEFAULT_CASES, ids=[c.stem for c in DEFAULT_CASES])
def test_default_mode_regression_cases(case):
    """Specs where default mode once crashed or refused what the CDK synthesizes and Cognito deploys."""
    assert_default_mode_holds(json.loads(case.read_text())["spec"], deploys=True)


@pytest.mark.parametrize("case", DIFFERENTIAL_CASES, ids=[c.stem for c in DIFFERENTIAL_CASES])
def test_default_mode_on_the_differential_regression_cases(case):
    assert_default_mode_holds(json.loads(case.read_text())["spec"])


def test_the_check_finds_a_difference_no_deliberate_one_explains():
    spec = {"kind": "UserPoolWithMfa", "feature_plan": "PLUS", "clients": [{"id": "A"}]}
    pdk = json.loads(json.dumps(_compile(spec, True).data))
    default = json.loads(json.dumps(_compile(spec, False).data))
    assert unexplained(pdk, default) == []
    client = next(r for r in default["Resources"].values() if r["Type"] == "AWS::Cognito::UserPoolClient")
    client["Properties"]["ClientName"] = "changed"
    assert any(path.endswith("Properties.ClientName") for path in unexplained(pdk, default))


EXAMPLES = int(os.environ.get("IC_DIFFERENTIAL_EXAMPLES", "300"))
RANDOM = os.environ.get("IC_DIFFERENTIAL_RANDOM") == "1"


@settings(max_examples=EXAMPLES, deadline=None, derandomize=not RANDOM, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(spec=specs)
def test_default_mode_differs_from_pdk_compat_only_as_the_readme_says(spec):
    assert_default_mode_holds(spec)
