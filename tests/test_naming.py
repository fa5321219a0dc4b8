"""Logical ids and DependsOn order, as the CDK computes them."""

from identity_compiler.spec.naming import locale_sort_key, make_unique_id


def test_logical_ids_match_the_cdk():
    assert make_unique_id(["Identity", "UserPool", "Resource"]) == "IdentityUserPool96FE3B9B"
    assert make_unique_id(["UserPool", "UserPool", "Resource"]) == "UserPool6D0DFADB"
    assert make_unique_id(["Identity", "Identity-UserPoolId"]) == "IdentityIdentityUserPoolId81045BD2"
    assert make_unique_id(["Pool", "PostConfirmationCognito"]) == "PoolPostConfirmationCognito095C5D6D"
    assert make_unique_id(["IdentityDefaultStack", "Identity", "UserPool"]) == \
        "IdentityDefaultStackIdentityUserPool2925FC97"


def test_single_component_is_used_as_is():
    assert make_unique_id(["My-Bucket"]) == "MyBucket"
    assert make_unique_id(["Default", "Top"]) == "Top"


def test_human_part_is_truncated_to_240():
    long = "A" * 300
    assert len(make_unique_id([long, "Resource"])) == 240 + 8


def test_depends_on_order_ignores_case_like_locale_compare():
    paths = ["S/Pool/WebClient/Resource", "S/Pool/smsRole/Resource", "S/Pool/Resource", "S/Pool/Domain/Resource"]
    assert sorted(paths, key=locale_sort_key) == [
        "S/Pool/Domain/Resource", "S/Pool/Resource", "S/Pool/smsRole/Resource", "S/Pool/WebClient/Resource"]


def test_depends_on_order_is_javascripts_locale_compare():
    """The fixture is node's own order (``paths.sort((a, b) => a.localeCompare(b))``) of 1,200 paths
    of letters, digits and punctuation; shuffled, they must sort back to exactly that order."""
    import json
    import random

    from conftest import FIXTURES

    expected = json.loads((FIXTURES / "locale-compare.json").read_text())["sorted"]
    shuffled = expected[:]
    random.Random(0).shuffle(shuffled)
    assert sorted(shuffled, key=locale_sort_key) == expected
    assert sorted(["S/Spa#1", "S/Spa"], key=locale_sort_key) == ["S/Spa", "S/Spa#1"]
    assert sorted(["S/Web", "S/web-b", "S/Web_c"], key=locale_sort_key) == ["S/Web", "S/Web_c", "S/web-b"]


def test_saml_default_names_are_the_cdks_unique_resource_names():
    from identity_compiler.spec.naming import make_unique_resource_name

    # aws-cdk-lib 2.163.1 UserPoolIdentityProviderSaml without a name, synthesized by the real CDK
    assert make_unique_resource_name(["CaseStack", "UserPool", "CorporateDirectorySamlProvider"], 32) == \
        "CaseStackUseSamlProvider4D94A46B"
    assert len(make_unique_resource_name(["S", "P", "X" * 100], 32)) == 32
