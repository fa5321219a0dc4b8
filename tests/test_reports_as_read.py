"""Reports as their consumers read them (SPEC 12b): GitHub code scanning's documented SARIF requirements as a
table, GitLab's and Jenkins' JUnit attributes, and an independent reader of each format (sarif-tools for
SARIF, junitparser for JUnit) in the test extra."""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import run_cli
from junitparser import JUnitXml
from sarif import loader

BAD = "kind: UserPoolWithMfa\nmfa_message: no code here\nmfa: OFF\ndeletion_protection: false\n"
TWO_ERRORS = "kind: UserPoolWithMfa\nmfa: NOPE\nmfa_message: no code here\n"


@pytest.fixture()
def repo(tmp_path):
    """A repository whose specs lie two folders down, as a platform team keeps them."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    team = tmp_path / "specs" / "team-a"
    team.mkdir(parents=True)
    (team / "auth.yaml").write_text(BAD)
    (team / "two.yaml").write_text(TWO_ERRORS)
    (team / "good.yaml").write_text("kind: UserPoolWithMfa\nstack_name: Good\n")
    return tmp_path


# GitHub's SARIF support page (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/
# sarif-support-for-code-scanning): each property code scanning requires, and how it reads it.
def _run(log):
    return log["runs"][0]


def _results(log):
    return _run(log)["results"]


def _location(result):
    return result["locations"][0]["physicalLocation"]


GITHUB_SARIF_RULES = [
    ("one run per invocation", lambda log: len(log["runs"]) == 1),
    ("runs[].tool.driver.name", lambda log: bool(_run(log)["tool"]["driver"]["name"])),
    ("results[].ruleId", lambda log: all(r["ruleId"] for r in _results(log))),
    ("results[].message.text", lambda log: all(r["message"]["text"] for r in _results(log))),
    ("artifactLocation.uri relative, no ../", lambda log: all(
        not _location(r)["artifactLocation"]["uri"].startswith(("/", "..")) for r in _results(log))),
    ("uriBaseId defined in originalUriBaseIds", lambda log: all(
        _location(r)["artifactLocation"]["uriBaseId"] in _run(log)["originalUriBaseIds"] for r in _results(log))),
    ("originalUriBaseIds[].uri ends with /", lambda log: all(
        base["uri"].endswith("/") for base in _run(log)["originalUriBaseIds"].values())),
    ("region.startLine/startColumn/endLine/endColumn", lambda log: all(
        {"startLine", "startColumn", "endLine", "endColumn"} <= set(_location(r)["region"]) for r in _results(log))),
    ("region ends after it starts", lambda log: all(
        (_location(r)["region"]["endLine"], _location(r)["region"]["endColumn"])
        > (_location(r)["region"]["startLine"], _location(r)["region"]["startColumn"]) for r in _results(log))),
    ("partialFingerprints.primaryLocationLineHash", lambda log: all(
        r["partialFingerprints"]["primaryLocationLineHash"] for r in _results(log))),
    ("at most 25,000 results a run", lambda log: len(_results(log)) <= 25_000),
    ("security-severity with the security tag, 0.0-10.0", lambda log: all(
        ("security" in rule["properties"]["tags"]) == ("security-severity" in rule["properties"])
        and 0.0 <= float(rule["properties"].get("security-severity", 0)) <= 10.0
        for rule in _run(log)["tool"]["driver"]["rules"] if "properties" in rule)),
]


@pytest.mark.parametrize("cwd", [".", "specs", "specs/team-a"])
def test_sarif_meets_github_code_scanning_from_any_folder(repo, cwd):
    folder = repo / cwd
    specs = [str((repo / "specs" / "team-a" / name).relative_to(folder)) for name in ("auth.yaml", "two.yaml")]
    proc = run_cli("validate", *specs, "--error-format", "sarif", cwd=folder)
    log = json.loads(proc.stdout)
    for what, holds in GITHUB_SARIF_RULES:
        assert holds(log), what
    uris = {_location(r)["artifactLocation"]["uri"] for r in _results(log)}
    assert uris == {"specs/team-a/auth.yaml", "specs/team-a/two.yaml"}  # relative to the repository root
    assert _run(log)["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"
    (folder / "report.sarif").write_bytes(proc.stdout)
    read = loader.load_sarif_file(str(folder / "report.sarif"))  # sarif-tools, an independent reader
    assert len(read.get_results()) == len(_results(log))


def test_sarif_regions_end_where_the_token_ends(repo):
    proc = run_cli("validate", "specs/team-a/auth.yaml", "--error-format", "sarif", cwd=repo)
    region = next(_location(r)["region"] for r in _results(json.loads(proc.stdout)) if r["ruleId"] == "IC0202")
    assert region == {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": len("mfa_message") + 1}


def test_fingerprints_survive_lines_inserted_above(repo):
    def hashes():
        proc = run_cli("validate", "specs/team-a/auth.yaml", "--error-format", "sarif", cwd=repo)
        return {(r["ruleId"], r["partialFingerprints"]["primaryLocationLineHash"]) for r in _results(json.loads(proc.stdout))}

    before = hashes()
    (repo / "specs" / "team-a" / "auth.yaml").write_text("# a comment\n# and another\n\n" + BAD)
    assert hashes() == before and len(before) == 3


def test_security_rules_are_security_results(repo):
    proc = run_cli("validate", "specs/team-a/auth.yaml", "--error-format", "sarif", cwd=repo)
    rules = {rule["id"]: rule for rule in _run(json.loads(proc.stdout))["tool"]["driver"]["rules"]}
    for rule_id in ("IC0812", "IC0813", "IC0814", "IC0818", "IC0309", "IC0802"):
        assert "security" in rules[rule_id]["properties"]["tags"], rule_id
        assert float(rules[rule_id]["properties"]["security-severity"]) >= 4.0
    assert "security" not in rules["IC0202"]["properties"]["tags"]


def test_sarif_keeps_at_most_25000_results_most_severe_first_and_says_so():
    from identity_compiler.diagnostics import Diagnostic
    from identity_compiler.output.reports import Report

    report = Report("sarif", command="validate")
    warnings = [Diagnostic(f"s{n}.yaml", 1, 1, "warning", ("mfa",), "MFA is OFF", "IC0812") for n in range(25_000)]
    errors = [Diagnostic(f"e{n}.yaml", 2, 1, "error", ("mfa_message",), "no {####}", "IC0202") for n in range(1_250)]
    report.add("many.yaml", None, warnings + errors)
    log = report.sarif()
    results = _results(log)
    assert len(results) == 25_000 and sum(r["level"] == "error" for r in results) == 1_250
    notes = _run(log)["invocations"][0]["toolExecutionNotifications"]
    assert "1,250 of 26,250 results were left out" in notes[0]["message"]["text"]


# JUnit: GitLab (https://docs.gitlab.com/ci/testing/unit_test_reports/) reads testcase name, classname and file;
# Jenkins' junit-10.xsd counts failures by failed test cases.
def test_junit_counts_failed_cases_and_names_each_file(repo):
    report = repo / "report.xml"
    proc = run_cli("validate", "team-a/auth.yaml", "team-a/two.yaml", "team-a/good.yaml",
                   "--error-format", "junit", "--report-file", str(report), cwd=repo / "specs")
    assert proc.returncode == 1
    xml = JUnitXml.fromfile(str(report))
    suite = next(iter(xml))
    cases = list(suite)
    failed = [case for case in cases if not case.is_passed]
    assert (int(suite.tests), int(suite.failures)) == (3, 2) == (len(cases), len(failed))
    assert int(xml.failures) == 2  # the testsuites total, as junit-report-merger adds it
    assert {case._elem.get("file") for case in cases} == {"specs/team-a/auth.yaml", "specs/team-a/two.yaml",
                                                          "specs/team-a/good.yaml"}
    two = next(case for case in cases if case.name.endswith("two.yaml"))
    assert len(two.result) == 1 and "IC0104" in two.result[0].text and "IC0202" in two.result[0].text
    suite.update_statistics()  # junitparser recounts from the cases: the same numbers
    assert (int(suite.tests), int(suite.failures)) == (3, 2)


def test_a_deploy_event_names_the_resource_and_the_spec_key_that_made_it():
    from identity_compiler.commands.deploying import Stack, construct_paths, event_line
    from identity_compiler.pipeline import compile_text
    from conftest import EXAMPLES

    result = compile_text((EXAMPLES / "api-backend.yaml").read_text(), str(EXAMPLES / "api-backend.yaml"))
    paths = construct_paths(result.data, result.sources)
    client = next(lid for lid, r in result.data["Resources"].items() if r["Type"] == "AWS::Cognito::UserPoolClient")
    line = event_line(Stack("Api", "us-east-1", result.data, "primary"),
                      {"LogicalResourceId": client, "ResourceType": "AWS::Cognito::UserPoolClient",
                       "ResourceStatus": "CREATE_FAILED", "ResourceStatusReason": "Invalid scope"}, 3.25, paths)
    assert line == (f"Api (us-east-1) +3.2s  {client} [clients[0]]  AWS::Cognito::UserPoolClient  CREATE_FAILED  "
                    "Invalid scope")
    assert "\x1b" not in line and "\n" not in line
