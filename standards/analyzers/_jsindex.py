"""One pass over each JavaScript/TypeScript syntax tree, shared by every ``js_*`` analyzer.

:func:`js_files` returns a :class:`JsFile` per parsable file, holding the raw facts the
analyzers count (quote of each string, semicolon after each statement, indentation step
of each block, ...). The index is built once per analysis; files that do not parse are
left out (the Context records why).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from standards import fsutil, roles
from standards.analyzers._style import gitignore_pattern, nodes_of_types, per_context
from standards.context import Context
from standards.errors import StandardsError
from standards.model import Level, Observation, Source
from standards.treesitter import node_text

Spot = tuple[int, str]  # (line, value)

# statements ESLint's `semi` rule checks, when they are not part of a for(...) head
SEMI_STATEMENTS = frozenset(
    {
        "expression_statement",
        "lexical_declaration",
        "variable_declaration",
        "return_statement",
        "throw_statement",
        "break_statement",
        "continue_statement",
        "import_statement",
        "export_statement",
        "do_statement",
        "debugger_statement",
    }
)
LOOP_HEADS = frozenset({"for_statement", "for_in_statement"})
EXPORTED_BLOCKS = frozenset(
    {
        "function_declaration",
        "generator_function_declaration",
        "class_declaration",
        "lexical_declaration",
        "function_expression",
        "generator_function",
        "class",
        "variable_declaration",
        "abstract_class_declaration",
        "interface_declaration",
        "enum_declaration",
        "type_alias_declaration",
        "module",
        "internal_module",
    }
)
INDENT_BLOCKS = frozenset({"statement_block", "class_body", "object", "array"})
CURLY_LISTS = frozenset({"object", "object_pattern", "named_imports", "export_clause"})
COMMA_LISTS = frozenset({"object", "object_pattern", "array", "array_pattern", "named_imports", "export_clause"})
FUNCTIONS = frozenset(
    {
        "function_declaration",
        "generator_function_declaration",
        "method_definition",
        "function_expression",
        "arrow_function",
        "generator_function",
    }
)
SCOPE_FUNCTIONS = frozenset(
    {
        "function_declaration",
        "generator_function_declaration",
        "method_definition",
        "function_expression",
        "generator_function",
        "class_body",
    }
)
TOOL_CONFIG = re.compile(r"(eslint\.config|\.eslintrc|prettier\.config|\.prettierrc|standards\.eslint)\.[cm]?[jt]s")


@dataclass
class FunctionSize:
    line: int
    end: int
    name: str
    size: int = 0  # non-blank, non-comment lines, as ESLint max-lines-per-function counts


@dataclass
class JsFile:
    """The facts about one JS/TS file that the style analyzers count."""

    path: str
    language: str
    lines: list[str]
    is_test: bool
    quotes: list[Spot] = field(default_factory=list)  # single | double
    semis: list[Spot] = field(default_factory=list)  # always | never
    indents: list[Spot] = field(default_factory=list)  # "2", "4", "tab", ...
    switch_cases: list[Spot] = field(default_factory=list)  # "0" | "1": case indented one step?
    trailing_commas: list[Spot] = field(default_factory=list)  # multi-line lists: always-multiline | never
    curly: list[Spot] = field(default_factory=list)  # always | never
    declarations: list[Spot] = field(default_factory=list)  # const | let | var
    callbacks: list[Spot] = field(default_factory=list)  # arrow | function
    function_names: list[Spot] = field(default_factory=list)
    variable_names: list[Spot] = field(default_factory=list)
    class_names: list[Spot] = field(default_factory=list)
    functions: list[FunctionSize] = field(default_factory=list)
    module_syntax: list[Spot] = field(default_factory=list)  # esm | commonjs
    imports: set[str] = field(default_factory=set)  # module specifiers imported or required
    literal_lines: set[int] = field(default_factory=set)  # lines holding a string/template/regex
    comment_lines: set[int] = field(default_factory=set)  # lines holding only a comment

    def line(self, lineno: int) -> str:
        return self.lines[lineno - 1] if 0 < lineno <= len(self.lines) else ""


ESLINTIGNORE = ".eslintignore"


def eslint_ignores(root: Path) -> list[re.Pattern[str]]:
    """The paths the project's ESLint ignores: ``.eslintignore`` and the ``ignorePatterns`` of its
    legacy config, read as data (a config that cannot be read ignores nothing here; the
    explicit_js analyzer and the check name the problem)."""
    from standards.linter_config import eslint_project  # reads configs as data; imports the emitters

    lines: list[str] = []
    try:
        lines += eslint_project.read(root).ignores
        if fsutil.present(root, ESLINTIGNORE):
            lines += fsutil.read_repo_config(root, ESLINTIGNORE, lenient=True).split("\n")
    except (StandardsError, OSError):
        return []
    return [p for p in (gitignore_pattern(line) for line in lines) if p is not None]


def js_files(ctx: Context) -> list[JsFile]:
    """Every parsable JS/TS file of the repository, indexed once per analysis."""
    return per_context(ctx, "jsindex", _build)


def _build(ctx: Context) -> list[JsFile]:
    out = []
    ignored = eslint_ignores(ctx.root)
    for src in ctx.files("javascript", "typescript"):
        if TOOL_CONFIG.fullmatch(PurePosixPath(src.path).name):
            continue  # tool configuration, partly written by us: not evidence of the code's style
        if any(p.fullmatch(src.path) for p in ignored):
            continue  # the project's ESLint never checks it: its style is no evidence of the rules
        tree = ctx.tree(src.path, src.language)
        text = ctx.text(src.path)
        if tree is None or text is None:
            continue
        out.append(index_file(src.path, src.language, text, tree))
    return out


def gate(ctx: Context, observations: list[Observation]) -> list[Observation]:
    """Observations as ESLint is to hold them here: with Prettier, the formatting it owns is
    documented from the code, not generated as ESLint rules (eslint-config-prettier turns those
    off for the same reason). That ESLint can run at all is proven at init (standards.proof)."""
    from standards.analyzers import explicit_js  # it imports this module

    formatter = explicit_js.prettier(ctx)
    if formatter is None:
        return observations
    owned = set(explicit_js.PRETTIER_OWNED.values())
    for obs in observations:
        if obs.id in owned and obs.source is Source.INFERRED:
            obs.enforced_by, obs.params = [], {}
            obs.max_level = Level.INFO
            obs.note = "; ".join(n for n in (explicit_js.prettier_note(formatter), obs.note) if n)
    return observations


def index_file(path: str, language: str, text: str, tree: Any) -> JsFile:
    """Record every fact the analyzers need from one syntax tree."""
    js = JsFile(path=path, language=language, lines=text.split("\n"), is_test=roles.is_test(path))
    for node in nodes_of_types(tree, HANDLED):
        _HANDLERS[node.type](js, node)
    for fn in js.functions:  # comment lines are known only once every node was seen
        fn.size = _non_blank_lines(js, fn.line, fn.end)
    return js


# -- helpers -----------------------------------------------------------------------------


def _line(node: Any) -> int:
    return node.start_point[0] + 1


def _indent(js: JsFile, lineno: int) -> str:
    text = js.line(lineno)
    return text[: len(text) - len(text.lstrip(" \t"))]


def _step(outer: str, inner: str) -> str | None:
    """The indentation step from one line to the next, or None when it is not an indent."""
    if inner.startswith("\t") and inner.startswith(outer) and len(inner) > len(outer):
        return "tab"
    if "\t" in inner or "\t" in outer:
        return None
    delta = len(inner) - len(outer)
    return str(delta) if delta > 0 else None


def _name(node: Any, field_name: str = "name") -> str:
    child = node.child_by_field_name(field_name)
    return node_text(child) if child is not None else ""


def _uses_own_this(fn: Any) -> bool:
    """Whether a function expression reads ``this``/``arguments`` of its own (an arrow would change it)."""
    body = fn.child_by_field_name("body")
    if body is None:
        return False
    stack = list(body.children)
    while stack:
        node = stack.pop()
        if node.type in ("this", "super") or (node.type == "identifier" and node.text == b"arguments"):
            return True
        if node.type in SCOPE_FUNCTIONS:
            continue
        stack.extend(node.children)
    return False


def _non_blank_lines(js: JsFile, start: int, end: int) -> int:
    return sum(1 for n in range(start, end + 1) if js.line(n).strip() and n not in js.comment_lines)


# -- handlers, one per node type ------------------------------------------------------------


def _string(js: JsFile, node: Any) -> None:
    raw = node.text or b""
    start = _line(node)
    js.literal_lines.update(range(start, node.end_point[0] + 2))
    parent = node.parent
    if not raw or raw[:1] not in (b"'", b'"') or (parent is not None and parent.type == "jsx_attribute"):
        return
    inner = raw[1:-1]
    if raw[:1] == b"'":
        if b'"' not in inner:
            js.quotes.append((start, "single"))
    elif b"'" not in inner:
        js.quotes.append((start, "double"))
    if parent is not None and parent.type in ("import_statement", "export_statement"):
        js.imports.add(inner.decode("utf-8", "replace"))


def _literal(js: JsFile, node: Any) -> None:
    js.literal_lines.update(range(_line(node), node.end_point[0] + 2))


def _comment(js: JsFile, node: Any) -> None:
    first, last = node.start_point[0] + 1, node.end_point[0] + 1
    before = js.line(first)[: node.start_point[1]]
    after = js.line(last)[node.end_point[1] :]
    if not before.strip() and not after.strip():
        js.comment_lines.update(range(first, last + 1))


def _statement(js: JsFile, node: Any) -> None:
    parent = node.parent
    if parent is not None and parent.type in LOOP_HEADS:
        return
    if node.type == "export_statement":
        if any(c.type in EXPORTED_BLOCKS for c in node.children):
            return
        js.module_syntax.append((_line(node), "esm"))
    elif node.type == "import_statement":
        js.module_syntax.append((_line(node), "esm"))
    last = node.children[-1] if node.children else None
    if last is not None and last.type in ("statement_block", "class_body"):
        return  # e.g. a TS `declare module` block
    has_semi = last is not None and last.type == ";"
    js.semis.append((node.end_point[0] + 1, "always" if has_semi else "never"))
    if node.type == "variable_declaration":
        js.declarations.append((_line(node), "var"))
    elif node.type == "lexical_declaration" and node.children:
        js.declarations.append((_line(node), node_text(node.children[0])))


def _field(js: JsFile, node: Any) -> None:
    nxt = node.next_sibling
    js.semis.append((node.end_point[0] + 1, "always" if nxt is not None and nxt.type == ";" else "never"))


def _block(js: JsFile, node: Any) -> None:
    head_line = _line(node)
    for child in node.named_children:
        if child.type == "comment":
            continue
        child_line = _line(child)
        if child_line > head_line:
            step = _step(_indent(js, head_line), _indent(js, child_line))
            if step is not None:
                js.indents.append((child_line, step))
        break


def _switch(js: JsFile, node: Any) -> None:
    head_line = _line(node)
    for child in node.named_children:
        if child.type in ("switch_case", "switch_default") and _line(child) > head_line:
            outer, inner = _indent(js, head_line), _indent(js, _line(child))
            js.switch_cases.append((_line(child), "1" if len(inner) > len(outer) else "0"))
            return


def _curly(js: JsFile, node: Any) -> None:
    text = node.text or b""
    if node.start_point[0] == node.end_point[0] and len(node.named_children) and len(text) > 2:
        left, right = text[1:2] == b" ", text[-2:-1] == b" "
        if left == right:
            js.curly.append((_line(node), "always" if left else "never"))


def _commas(js: JsFile, node: Any) -> None:
    children = node.children
    if len(children) < 3:
        return
    closing, before = children[-1], children[-2]
    last_item = children[-3] if before.type == "," else before
    if before.type in ("{", "[", "(") or last_item.type == "comment":
        return
    if closing.start_point[0] > last_item.end_point[0]:
        js.trailing_commas.append((_line(closing), "always-multiline" if before.type == "," else "never"))


def _container(js: JsFile, node: Any) -> None:
    if node.type in INDENT_BLOCKS:
        _block(js, node)
    if node.type in CURLY_LISTS:
        _curly(js, node)
    if node.type in COMMA_LISTS:
        _commas(js, node)


def _function(js: JsFile, node: Any) -> None:
    name = _name(node)
    body = node.child_by_field_name("body")
    if node.type != "method_definition" and node.type != "arrow_function" and name:  # declarations, named expressions
        js.function_names.append((_line(node), name))
    elif node.type == "method_definition":
        key = node.child_by_field_name("name")
        if key is not None and key.type in ("property_identifier", "private_property_identifier"):
            name = node_text(key).lstrip("#")
            if name != "constructor":
                js.function_names.append((_line(node), name))
    parent = node.parent
    is_callback = parent is not None and parent.type == "arguments"
    if is_callback and (
        node.type == "arrow_function" or (node.type == "function_expression" and not _uses_own_this(node))
    ):
        js.callbacks.append((_line(node), "arrow" if node.type == "arrow_function" else "function"))
    if body is not None and body.type == "statement_block":
        js.functions.append(FunctionSize(_line(node), node.end_point[0] + 1, name or _host_name(node)))


def _host_name(fn: Any) -> str:
    """The name a function expression is stored under (``const f = ...``, ``f: ...``)."""
    parent = fn.parent
    if parent is not None and parent.type in ("variable_declarator", "pair", "assignment_expression"):
        key = parent.child_by_field_name(
            "name" if parent.type == "variable_declarator" else "key" if parent.type == "pair" else "left"
        )
        if key is not None:
            return node_text(key)
    return "(anonymous)"


def _declarator(js: JsFile, node: Any) -> None:
    target = node.child_by_field_name("name")
    if target is None or target.type != "identifier":
        return
    value = node.child_by_field_name("value")
    name = node_text(target)
    if value is not None and value.type in ("arrow_function", "function_expression"):
        js.function_names.append((_line(node), name))
    else:
        js.variable_names.append((_line(node), name))


def _parameters(js: JsFile, node: Any) -> None:
    for child in node.named_children:
        target = child.child_by_field_name("left") if child.type == "assignment_pattern" else child
        if target is not None and target.type == "identifier":
            js.variable_names.append((_line(target), node_text(target)))
        elif child.type in ("required_parameter", "optional_parameter"):
            pattern = child.child_by_field_name("pattern")
            if pattern is not None and pattern.type == "identifier":
                js.variable_names.append((_line(pattern), node_text(pattern)))


def _class(js: JsFile, node: Any) -> None:
    name = _name(node)
    if name:
        js.class_names.append((_line(node), name))


def _require(js: JsFile, node: Any) -> None:
    callee = node.child_by_field_name("function")
    args = node.child_by_field_name("arguments")
    if callee is None or args is None or callee.type != "identifier" or callee.text != b"require":
        return
    first = args.named_children[0] if args.named_children else None
    if first is not None and first.type == "string":
        js.imports.add(node_text(first)[1:-1])
        js.module_syntax.append((_line(node), "commonjs"))


def _assignment(js: JsFile, node: Any) -> None:
    left = node.child_by_field_name("left")
    if left is None or left.type != "member_expression":
        return
    target = node_text(left)
    if target == "module.exports" or target.startswith(("module.exports.", "exports.")):
        js.module_syntax.append((_line(node), "commonjs"))


_HANDLERS: dict[str, Callable[[JsFile, Any], None]] = {
    "string": _string,
    "template_string": _literal,
    "regex": _literal,
    "comment": _comment,
    "field_definition": _field,
    "public_field_definition": _field,
    "switch_body": _switch,
    "variable_declarator": _declarator,
    "formal_parameters": _parameters,
    "class_declaration": _class,
    "class": _class,
    "abstract_class_declaration": _class,
    "call_expression": _require,
    "assignment_expression": _assignment,
    **{t: _statement for t in SEMI_STATEMENTS},
    **{t: _container for t in INDENT_BLOCKS | CURLY_LISTS | COMMA_LISTS},
    **{t: _function for t in FUNCTIONS},
}
NARROWED = {
    "call_expression": "(call_expression function: (identifier)) @call_expression",
    "assignment_expression": "(assignment_expression left: (member_expression)) @assignment_expression",
}
HANDLED = tuple((node_type, NARROWED.get(node_type, "")) for node_type in sorted(_HANDLERS))
