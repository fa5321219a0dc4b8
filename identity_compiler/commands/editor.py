"""What an editor asks of a spec, answered from the one pipeline and the schema: the findings ``validate`` would
report with the range of their key or value, the key under the cursor explained, what may be written at the
cursor, where a reference points, and quick fixes. Free of the protocol library: ``lsp.py`` speaks LSP.

Lines and characters here are the protocol's: 0-based, characters in UTF-16 code units.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from ..diagnostics import Diagnostic, SpecError, token_span
from ..source.loading import Document, load_text, looks_like_spec
from ..codes import BAD_VALUE, MISSING_KEY, NOT_ALLOWED_VALUE, RULES, UNKNOWN_KEY, WRONG_TYPE


class Range(NamedTuple):
    start_line: int
    start_char: int
    end_line: int
    end_char: int


class Finding(NamedTuple):
    diagnostic: Diagnostic
    range: Range


class Completion(NamedTuple):
    label: str
    kind: str  # "key", "value" or "reference"
    detail: str = ""
    documentation: str = ""
    insert_text: str | None = None


class Fix(NamedTuple):
    title: str
    edits: tuple[tuple[Range, str], ...]
    diagnostic: Diagnostic


class Options(NamedTuple):
    pdk_compat: bool = False
    files_roots: tuple[str, ...] = ()
    severity: dict = {}
    schema_diagnostics: bool = True  # off when yaml-language-server reports the schema's errors beside us


SCHEMA_RULES = (UNKNOWN_KEY, MISSING_KEY, WRONG_TYPE, NOT_ALLOWED_VALUE, BAD_VALUE)  # yaml-language-server's too


def is_spec(text: str, path: str) -> bool:
    return looks_like_spec(text.encode("utf-8", "surrogatepass"), path)


def findings(text: str, path: str, options: Options = Options()) -> list[Finding]:
    """Every diagnostic ``validate`` reports for the text (the base and every environment), with its range; none
    for YAML that is not a spec."""
    from ..pipeline import compile_each, deployments

    if not is_spec(text, path):
        return []
    try:
        spec = load_text(text, path)
        found = [d for result in compile_each(deployments(spec), pdk_compat=options.pdk_compat,
                                              files_roots=options.files_roots, severity=options.severity)
                 for d in result.diagnostics]
    except SpecError as exc:
        found = exc.diagnostics
    if not options.schema_diagnostics:
        found = [d for d in found if d.rule not in SCHEMA_RULES]
    lines = text.splitlines()
    return [Finding(d, token_range(lines, d.line, d.col)) for d in found]


def utf16(line: str, column: int) -> int:
    """A 1-based code-point column as a 0-based UTF-16 character."""
    return len(line[: max(column - 1, 0)].encode("utf-16-le")) // 2


def code_points(line: str, character: int) -> int:
    """A 0-based UTF-16 character as a 1-based code-point column."""
    return len(line.encode("utf-16-le")[: 2 * character].decode("utf-16-le", "ignore")) + 1



def token_range(lines: list[str], line: int, col: int) -> Range:
    """``token_span`` as the editor counts: 0-based lines, UTF-16 characters."""
    span = token_span(lines, line, col)
    if span is None:
        return Range(max(line - 1, 0), 0, max(line - 1, 0), 0)
    text = lines[line - 1]
    return Range(line - 1, utf16(text, span[0]), line - 1, utf16(text, span[1]))


def _value_at(data: Any, path: tuple) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def parse(text: str, path: str) -> Document | None:
    try:
        return load_text(text, path)
    except SpecError:
        return None


def locate(document: Document, lines: list[str], line: int, character: int) -> tuple[tuple, str] | None:
    """The key path under the cursor and whether it is on the key or its value."""
    if not 0 <= line < len(lines):
        return None
    column = code_points(lines[line], character)
    best, best_col = None, -1
    for path, ((key_line, key_col), (value_line, value_col)) in document.positions.items():
        if not path:
            continue
        if isinstance(path[-1], str) and key_line == line + 1 and key_col <= column <= key_col + len(path[-1]):
            if key_col > best_col:
                best, best_col = (path, "key"), key_col
        if value_line == line + 1 and value_col <= column and value_col > best_col \
                and not isinstance(_value_at(document.data, path), (dict, list)):
            best, best_col = (path, "value"), value_col
    return best


def _subschemas(document: Document, path: tuple) -> list[dict]:
    from ..spec.schema_walk import at, resolved

    return [sub for node in at(document.data, path) for sub in resolved(node)]


def hover(document: Document, path: tuple, part: str) -> str | None:
    """Markdown for the key (or value) at ``path``: its description, its defaults (the PDK's and the CDK's
    where they differ), the CloudFormation property it becomes; for an enum member, what it stands for."""
    subs = _subschemas(document, path)
    if not subs:
        return None
    key = path[-1]
    description = next((s["description"] for s in subs if s.get("description")), "")
    out = [f"**{key}**" + (f" — {description}" if description else "")]
    value = _value_at(document.data, path)
    if part == "value" and isinstance(value, str):
        members = next(([m for m in s["enum"] if isinstance(m, str)] for s in subs
                        if isinstance(s.get("enum"), list) and value in s["enum"]), None)
        if members:
            out.append(f"`{value}`: one of {', '.join(f'`{m}`' for m in members)}"
                       + (f"; in the template `{_template_value(value, members)}`"
                          if _template_value(value, members) is not None else ""))
    pool_defaults = _pool_defaults(document, path)
    if pool_defaults is not None:
        pdk, cdk = pool_defaults
        out.append(f"PDK default: `{_show(pdk)}` · CDK default: `{_show(cdk) if cdk is not None else 'none (not set)'}`")
    else:
        default = next((s["default"] for s in subs if "default" in s), None)
        if default is not None:
            out.append(f"Default: `{_show(default)}`")
    cfn = _cloudformation(document, path)
    if cfn:
        out.append(f"CloudFormation: `{cfn}`")
    return "\n\n".join(out)


def _show(value: Any) -> str:
    import json

    return json.dumps(value) if not isinstance(value, str) else value


def _template_value(member: str, members: list) -> str | None:
    """What an enum member becomes in the template, from the vocabulary that maps all of the enum's members."""
    from ..spec import vocabulary

    for table in vars(vocabulary).values():
        if isinstance(table, dict) and table and set(members) <= set(table) and isinstance(table.get(member), str):
            return table[member]
    return None


def _construct_root(document: Document, path: tuple) -> tuple[str, tuple] | None:
    """Which construct's mapping ``path`` lies in ("pool" or "client"), and that mapping's path."""
    body = path[2:] if len(path) >= 2 and path[0] == "environments" else path
    prefix = path[: len(path) - len(body)]
    for n in range(len(body) - 1, 0, -1):
        if body[n - 1] == "clients" and isinstance(body[n], int):
            return "client", prefix + body[: n + 1]
    if document.data.get("kind") == "UserIdentity":
        return ("pool", prefix + ("user_pool",)) if body[:1] == ("user_pool",) else None
    return "pool", prefix


def _pool_defaults(document: Document, path: tuple) -> tuple | None:
    from ..spec.defaults import USER_POOL_DEFAULTS

    root = _construct_root(document, path)
    if root and root[0] == "pool" and len(path) == len(root[1]) + 1:
        return USER_POOL_DEFAULTS.get(path[-1])
    return None


def _cloudformation(document: Document, path: tuple) -> str | None:
    from ..spec.properties import USER_POOL, USER_POOL_CLIENT

    root = _construct_root(document, path)
    if root is None:
        return None
    dotted = ".".join(str(p) for p in path[len(root[1]):])
    rows = USER_POOL if root[0] == "pool" else USER_POOL_CLIENT
    resource = "AWS::Cognito::UserPool" if root[0] == "pool" else "AWS::Cognito::UserPoolClient"
    return next((f"{resource}.{row.cfn}" for row in rows if row.key == dotted), None)


# -- completion -------------------------------------------------------------------------------------------

_KEY_LINE = re.compile(r"^(\s*)(-\s+)?([\w$-]+):\s*(.*)$")
_ITEM_LINE = re.compile(r"^(\s*)-\s*(\S*)$")


def _content_col(text: str) -> int:
    """The column (0-based) where a line's mapping content starts: after its indentation and any ``- ``."""
    match = re.match(r"^(\s*)((?:-\s+)*)", text)
    return len(match.group(1)) + len(match.group(2))


def _key_lines(document: Document) -> dict:
    return {(kl, kc): p for p, ((kl, kc), _v) in document.positions.items() if p and isinstance(p[-1], str)}


def _parent(document: Document, lines: list[str], line: int, indent: int, new_item: bool) -> tuple:
    """The key path of the mapping a key written at (line, indent) belongs to, from the lines above it."""
    keys = _key_lines(document)
    for above in range(line - 1, -1, -1):
        text = lines[above]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        col = _content_col(text)
        path = keys.get((above + 1, col + 1))
        if path is None:
            continue
        if col < indent:  # the key that opens the mapping (or the list of mappings) the cursor is in
            value = _value_at(document.data, path)
            if isinstance(value, list):
                return path + (len(value),) if new_item else path + (max(len(value) - 1, 0),)
            return path + (0,) if new_item else path
        if col == indent:  # a sibling
            if new_item and text.lstrip().startswith("-"):
                items = path[:-2]
                return items + (len(_value_at(document.data, items) or []),)
            return path[:-1]
    return ()


def _opener(document: Document, lines: list[str], line: int, col: int) -> tuple | None:
    """The key path of the nearest key above ``line`` written left of ``col``: the list an item at ``col`` is in."""
    keys = _key_lines(document)
    for above in range(line - 1, -1, -1):
        text = lines[above]
        content = _content_col(text)
        if text.strip() and not text.lstrip().startswith("#") and content < col and (above + 1, content + 1) in keys:
            return keys[(above + 1, content + 1)]
    return None


def completions(text: str, file: str, line: int, character: int) -> list[Completion]:
    """What may be written at the cursor: the keys the mapping there allows and does not have yet, or, after a
    key, its enum members, booleans and the ids a reference may name."""
    lines = text.splitlines() or [""]
    while len(lines) <= line:
        lines.append("")
    current = lines[line]
    before = current[: code_points(current, character) - 1]
    blanked = "\n".join(lines[:line] + [""] + lines[line + 1:]) + "\n"
    document = parse(blanked, file)
    if document is None or not isinstance(document.data, dict):
        return []
    flow = _FLOW_KEY.search(before)
    if flow:  # a value in a flow mapping ({resource_server: |, ...}): read the line with a stand-in value there
        return _flow_value_completions(lines, line, len(before), flow.group(1), file)
    value_match = _KEY_LINE.match(before)
    item_match = _ITEM_LINE.match(before)
    indent = _content_col(before) if before.strip() else len(before)
    if value_match:
        parent = _parent(document, lines, line, _content_col(before), bool(value_match.group(2)))
        return _value_completions(document, parent + (value_match.group(3),))
    if item_match and item_match.group(2):  # "- OPE": a list's item being written
        opener = _opener(document, lines, line, len(item_match.group(1)) + 1)
        return _value_completions(document, opener + (0,)) if opener is not None else []
    new_item = before.lstrip().startswith("-")
    parent = _parent(document, lines, line, indent, new_item)
    existing = _value_at(document.data, parent)
    written = set(existing) if isinstance(existing, dict) else set()
    from ..spec.schema_walk import at, properties

    allowed = properties(at(document.data, parent))
    if len(parent) == 2 and parent[0] == "environments":
        allowed = [k for k in allowed if k not in ("kind", "environments")]
    out = []
    for key in allowed:
        if key in written or key == "$schema":
            continue
        subs = _subschemas(document, parent + (key,))
        description = next((s["description"] for s in subs if s.get("description")), "")
        out.append(Completion(key, "key", "identity-compiler", description, f"{key}: "))
    return out


_FLOW_KEY = re.compile(r"[{,]\s*([\w$-]+):\s*[^\s,{}\[\]]*$")


def _flow_value_completions(lines: list[str], line: int, column: int, key: str, file: str) -> list[Completion]:
    current = lines[line]
    stand_in = " x" if current[:column].endswith(":") else "x"
    patched = lines[:line] + [current[:column] + stand_in + current[column:]] + lines[line + 1:]
    document = parse("\n".join(patched) + "\n", file)
    if document is None:
        return []
    on_line = [(kc, p) for p, ((kl, kc), _v) in document.positions.items()
               if p and p[-1] == key and kl == line + 1 and kc <= column]
    return _value_completions(document, max(on_line)[1]) if on_line else []


def _value_completions(document: Document, path: tuple) -> list[Completion]:
    subs = _subschemas(document, path)
    out, seen = [], set()
    for sub in subs:
        for member in sub.get("enum", []) + sub.get("examples", []):
            if isinstance(member, str) and member not in seen:
                seen.add(member)
                out.append(Completion(member, "value", "member"))
        if sub.get("type") == "boolean" and "true" not in seen:
            seen |= {"true", "false"}
            out += [Completion("true", "value"), Completion("false", "value")]
    target = next((s["x-reference"] for s in subs if "x-reference" in s), None)
    if target:
        for item_id in _ids_under(document.data, target):
            out.append(Completion(item_id, "reference", f"an id in {target}"))
    return out


def _ids_under(data: Any, key: str) -> list[str]:
    """The ``id`` of every item of every list named ``key`` in the spec (the base's and the environments')."""
    found, stack = [], [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for name, value in node.items():
                if name == key and isinstance(value, list):
                    found += [i["id"] for i in value if isinstance(i, dict) and isinstance(i.get("id"), str)]
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    return list(dict.fromkeys(found))


# -- go to definition -------------------------------------------------------------------------------------

def definition(document: Document, path: tuple) -> tuple | None:
    """The key path of the ``id`` a reference at ``path`` names (a resource server, an identity provider, a
    client), or None."""
    value = _value_at(document.data, path)
    target = next((s["x-reference"] for s in _subschemas(document, path) if "x-reference" in s), None)
    if not target or not isinstance(value, str):
        return None
    stack: list[tuple[tuple, Any]] = [((), document.data)]
    while stack:
        where, node = stack.pop(0)
        if isinstance(node, dict):
            for name, child in node.items():
                if name == target and isinstance(child, list):
                    for index, item in enumerate(child):
                        if isinstance(item, dict) and item.get("id") == value:
                            return where + (name, index, "id")
                stack.append((where + (name,), child))
        elif isinstance(node, list):
            stack.extend((where + (i,), child) for i, child in enumerate(node))
    return None


# -- quick fixes --------------------------------------------------------------------------------------------

_DID_YOU_MEAN = re.compile(r"did you mean '([^']+)'\?")


def fixes(text: str, finding: Finding) -> list[Fix]:
    """A misspelt key or member → its did-you-mean; an acknowledgeable warning → an ``acknowledge`` entry with a
    reason to fill in."""
    d = finding.diagnostic
    out = []
    suggestion = _DID_YOU_MEAN.search(d.message)
    if suggestion:
        out.append(Fix(f"Change to '{suggestion.group(1)}'", ((_fixed_token(text, finding), suggestion.group(1)),), d))
    rule = RULES.get(d.rule)
    if rule is not None and d.severity == "warning" and rule.acknowledgeable and d.rule != "IC0106":
        out.append(Fix(f"Acknowledge {d.rule} in this spec (give the reason)", (_acknowledge_edit(text, d.rule),), d))
    return out


def _fixed_token(text: str, finding: Finding) -> Range:
    """The token a did-you-mean fixes: the key itself for an unknown key, else the value the finding is about (a
    diagnostic stands at its key; the fix must not rename the key to the value's suggestion)."""
    d = finding.diagnostic
    if d.rule == UNKNOWN_KEY or not d.path:
        return finding.range
    parsed = parse(text, d.file)
    if parsed is None or tuple(d.path) not in parsed.positions:
        return finding.range
    line, col = parsed.position(d.path, key=False)
    return token_range(text.splitlines(), line, col)


def _acknowledge_edit(text: str, rule_id: str) -> tuple[Range, str]:
    lines = text.splitlines()
    entry = f"{rule_id}: TODO why this spec accepts it"
    for number, line in enumerate(lines):
        if re.match(r"^acknowledge:\s*(#.*)?$", line):
            following = next((x for x in lines[number + 1:] if x.strip() and not x.lstrip().startswith("#")), "")
            indent = len(following) - len(following.lstrip()) if following.startswith(" ") else 2
            return Range(number + 1, 0, number + 1, 0), " " * indent + entry + "\n"
    if not lines or text.endswith("\n"):
        return Range(len(lines), 0, len(lines), 0), f"acknowledge:\n  {entry}\n"
    end = utf16(lines[-1], len(lines[-1]) + 1)
    return Range(len(lines) - 1, end, len(lines) - 1, end), f"\nacknowledge:\n  {entry}\n"
