"""Loading: YAML 1.2 scalars, positions, and every kind of broken or hostile input."""

from __future__ import annotations

import time

import pytest

from identity_compiler.diagnostics import SpecError
from identity_compiler.source.loading import load_text


def errors_of(text) -> list[str]:
    with pytest.raises(SpecError) as info:
        load_text(text, "s.yaml")
    return [d.format() for d in info.value.diagnostics]


def test_only_true_and_false_are_booleans():
    data = load_text("kind: x\nmfa: OFF\na: yes\nb: on\nc: true\nd: False\ne: 2024-01-01\nf: 012\n").data
    assert data == {"kind": "x", "mfa": "OFF", "a": "yes", "b": "on", "c": True, "d": False,
                    "e": "2024-01-01", "f": 12}


def test_positions_of_keys_and_list_items():
    spec = load_text("kind: UserIdentity\nuser_pool:\n  clients:\n    - id: A\n      generate_secret: true\n")
    assert spec.position(("user_pool", "clients", 0, "generate_secret")) == (5, 7)
    assert spec.position(("user_pool", "clients", 0)) == (4, 7)
    assert spec.position(("user_pool", "clients", 0, "not_there")) == (4, 7)


@pytest.mark.parametrize("text, expected", [
    ("", "s.yaml:1:1: error: (root): the file is empty"),
    ("   \n\n", "s.yaml:1:1: error: (root): the file is empty"),
    ("- a\n- b\n", "s.yaml:1:1: error: (root): a spec must be a mapping"),
    ("just a string\n", "s.yaml:1:1: error: (root): a spec must be a mapping"),
    ("kind: a\nkind: b\n", "s.yaml:2:1: error: kind: duplicate key 'kind'"),
    ("kind: a\n---\nkind: b\n", "s.yaml:2:1: error: (root): not a spec: it holds more than one YAML document"),
    ("kind: a\nuser_pool:\n\tmfa: OFF\n", "tabs are not allowed"),
    ("kind: [a\n", "s.yaml:2:1: error: (root): not valid YAML"),
    ("1: a\n", "s.yaml:1:1: error: (root): a key must be a string"),
    ("? [a]\n: b\n", "a key must be a plain string"),
    ("kind: !!python/object/apply:os.system [ls]\n", "is not allowed in a spec"),
    ("kind: !Ref Foo\n", "is not allowed in a spec"),
    ("a: &x [*x]\n", "unknown or recursive alias"),
    (b"kind: \xff\xfe\n", "s.yaml:1:7: error: (root): the file is not valid UTF-8"),
    (b"\x00\x01\x02binary", "s.yaml:1:1: error: (root): this is a binary file"),
])
def test_broken_input_gives_one_clear_diagnostic(text, expected):
    messages = errors_of(text)
    assert len(messages) == 1
    assert expected in messages[0]


def test_deep_nesting_is_refused_without_recursion():
    text = "a: " + "[" * 50_000 + "]" * 50_000
    assert "nests deeper than 100 levels" in errors_of(text)[0]


def test_alias_bomb_is_refused_quickly():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    started = time.perf_counter()
    message = errors_of("\n".join(lines) + "\n")[0]
    assert "expands to more than 100,000 nodes" in message
    assert time.perf_counter() - started < 5  # a bound on the hang, not a benchmark


def test_aliases_and_merge_keys_are_allowed():
    data = load_text("base: &b {mfa: OFF, x: 1}\npool:\n  <<: *b\n  x: 2\n").data
    assert data["pool"] == {"mfa": "OFF", "x": 2}


def test_utf8_bom_is_accepted():
    assert load_text("\ufeffkind: UserIdentity\n".encode("utf-8")).data == {"kind": "UserIdentity"}


def test_json_with_surrogate_pair_escapes_reads_the_characters_at_their_own_positions():
    """JSON writers escape an emoji as a UTF-16 surrogate pair ("\\ud83c\\udf89"), which YAML refuses alone."""
    import json

    text = json.dumps({"kind": "UserPoolWithMfa", "user_pool_name": "\U0001F389\U0001F389 pool", "mfa_message": "x"})
    assert "\\ud83c\\udf89" in text
    spec = load_text(text, "s.json")
    assert spec.data["user_pool_name"] == "\U0001F389\U0001F389 pool"
    assert spec.position(("mfa_message",)) == (1, text.index('"mfa_message"') + 1)
    assert load_text('{"a": "\\\\ud83c\\\\udf89"}').data == {"a": "\\ud83c\\udf89"}  # escaped backslashes stay
    assert "invalid Unicode character escape" in errors_of('{"a": "\\ud83c"}')[0]  # a lone surrogate is refused
