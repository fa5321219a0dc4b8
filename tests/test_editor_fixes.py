"""Every quick fix, applied as an editor applies it (LSP ranges: 0-based lines, UTF-16 characters), then the
document checked again: a fix edits the token it fixes, its finding is gone, and no error takes its place."""

from __future__ import annotations

import pytest

from identity_compiler.commands import editor

CASES = {
    "enum member": "kind: UserPoolWithMfa\nstack_name: S\nmfa: REQUIRD\n",
    "key in a list item": "kind: UserPoolWithMfa\nstack_name: S\nclients:\n  - id: Web\n"
                          "    prevent_user_existence_errors: true\n    auth_flows: {user_srpp: true}\n",
    "misspelt key": "kind: UserPoolWithMfa\nstack_name: S\nmfa_mesage: 'Code {####}'\n",
    "misspelt key with non-ASCII before": "kind: UserPoolWithMfa\nstack_name: S\ndescription: \"caf\u00e9 \U0001f600\"\n"
                                          "tagz: {a: b}\n",
    "acknowledgeable warning": "kind: UserPoolWithMfa\nstack_name: S\nmfa: OFF\n",
    "environment": "kind: UserPoolWithMfa\nstack_name: S\nenvironments:\n  prod:\n    mfa: OPTINAL\n",
}


def _offset(text: str, line: int, character: int) -> int:
    lines = text.splitlines(True)
    start = sum(len(x) for x in lines[:line])
    units = (lines[line] if line < len(lines) else "").encode("utf-16-le")[: 2 * character]
    return start + len(units.decode("utf-16-le"))


def _apply(text: str, edits) -> str:
    for found, new in sorted(edits, key=lambda e: (e[0].start_line, e[0].start_char), reverse=True):
        start = _offset(text, found.start_line, found.start_char)
        end = _offset(text, found.end_line, found.end_char)
        text = text[:start] + new + text[end:]
    return text


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_fix_fixes_its_finding_and_nothing_else(name):
    text = CASES[name]
    findings = editor.findings(text, "spec.yaml")
    fixes = [fix for found in findings for fix in editor.fixes(text, found)]
    assert fixes, findings
    for fix in fixes:
        fixed = _apply(text, fix.edits)
        after = editor.findings(fixed, "spec.yaml")
        target = fix.diagnostic
        assert not any(f.diagnostic.rule == target.rule and f.diagnostic.path == target.path for f in after), \
            (fix.title, fixed, [f.diagnostic.format() for f in after])
        before_errors = {(f.diagnostic.rule, f.diagnostic.path) for f in findings if f.diagnostic.is_error}
        new_errors = [f.diagnostic.format() for f in after if f.diagnostic.is_error
                      and (f.diagnostic.rule, f.diagnostic.path) not in before_errors]
        assert not new_errors, (fix.title, fixed, new_errors)


def test_the_enum_fix_changes_the_value_not_the_key():
    text = CASES["enum member"]
    (finding,) = [f for f in editor.findings(text, "spec.yaml") if f.diagnostic.rule == "IC0104"]
    (fix,) = [f for f in editor.fixes(text, finding) if f.title.startswith("Change")]
    assert _apply(text, fix.edits).endswith("mfa: REQUIRED\n")
