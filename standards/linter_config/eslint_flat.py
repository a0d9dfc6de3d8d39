"""The literal part of a JavaScript flat config (``eslint.config.js`` and the like), read with
tree-sitter and never run.

From the exported array (``export default [...]``, ``module.exports = [...]``, or either
wrapped in ``defineConfig(...)``) this keeps, in order, the literal ``rules`` of each config
object with the literal ``files`` and ``ignores`` it is scoped to (none: every file), and the
literal patterns of global ``ignores`` objects. Everything else that could change the result is
named by line: spreads and calls (except spreading our own ``standards.eslint.mjs``), computed
values, and top-level statements that are neither imports, declarations nor the export.
"""

from __future__ import annotations

from typing import Any

from standards import treesitter
from standards.analyzers._configfiles import NotLiteral, js_literal, object_keys, parse_js_module, property_name
from standards.errors import ConfigError

OURS = ("./standards.eslint.mjs", "standards.eslint.mjs")
QUIET_STATEMENTS = ("import_statement", "lexical_declaration", "variable_declaration", "comment", "empty_statement")
WRAPPERS = (b"defineConfig",)


class FlatBlock:
    """The literal rules of one config object scoped to ``files`` minus ``ignores`` (both empty:
    every file)."""

    def __init__(self, files: list[str], ignores: list[str]) -> None:
        self.files = files
        self.ignores = ignores
        self.rules: dict[str, Any] = {}
        self.lines: dict[str, int] = {}


class FlatConfig:
    """What a flat config holds as literals, and the lines that would need evaluation."""

    def __init__(self) -> None:
        self.rules: dict[str, Any] = {}  # the rules of the objects that apply to every file
        self.lines: dict[str, int] = {}
        self.blocks: list[FlatBlock] = []  # every object with rules, in order
        self.ignores: list[str] = []
        self.unread: list[int] = []
        self.readable = True


def read(name: str, text: str) -> FlatConfig:
    config = FlatConfig()
    try:
        module = parse_js_module(name, text)
        ours = _our_imports(module.root)
        array = None
        for statement in module.root.named_children:
            exported = _exported(statement)
            if exported is not None:
                array = _unwrap(exported)
                if array is None:
                    config.unread.append(_line(exported))
            elif statement.type not in QUIET_STATEMENTS and not _directive(statement):
                config.unread.append(_line(statement))
        if array is None:
            config.readable = False
            return config
        for element in array.named_children:
            _element(config, element, ours)
    except (ConfigError, RecursionError):
        config.readable = False
    return config


def _directive(statement: Any) -> bool:
    """``'use strict'`` and the like: a statement that is only a string."""
    named = statement.named_children if statement.type == "expression_statement" else []
    return len(named) == 1 and named[0].type == "string"


def _line(node: Any) -> int:
    return int(node.start_point[0]) + 1


def _our_imports(root: Any) -> set[str]:
    """Names bound to the default import of our own standards.eslint.mjs."""
    names = set()
    for statement in root.named_children:
        if statement.type != "import_statement":
            continue
        source = statement.child_by_field_name("source")
        if source is None or treesitter.node_text(source)[1:-1] not in OURS:
            continue
        for node in treesitter.walk(statement):
            if node.type == "import_clause" and node.named_children and node.named_children[0].type == "identifier":
                names.add(treesitter.node_text(node.named_children[0]))
    return names


def _exported(statement: Any) -> Any:
    """The value a statement exports as the config, or None."""
    if statement.type == "export_statement" and any(child.type == "default" for child in statement.children):
        return statement.child_by_field_name("value") or statement.child_by_field_name("declaration")
    if statement.type == "expression_statement" and statement.named_children:
        expr = statement.named_children[0]
        left = expr.child_by_field_name("left") if expr.type == "assignment_expression" else None
        if left is not None and left.text == b"module.exports":
            return expr.child_by_field_name("right")
    return None


def _unwrap(value: Any) -> Any:
    """The array literal of ``[...]`` or ``defineConfig([...])``, else None."""
    if value is None:
        return None
    if value.type == "array":
        return value
    if value.type == "call_expression":
        callee = value.child_by_field_name("function")
        args = value.child_by_field_name("arguments")
        named = [a for a in (args.named_children if args is not None else []) if a.type != "comment"]
        if callee is not None and callee.text in WRAPPERS and len(named) == 1 and named[0].type == "array":
            return named[0]
    return None


def _element(config: FlatConfig, element: Any, ours: set[str]) -> None:
    if element.type == "comment":
        return
    if element.type == "spread_element" and element.named_children:
        spread = element.named_children[0]
        if spread.type == "identifier" and treesitter.node_text(spread) in ours:
            return  # our own rules, rebuilt from standards.toml
    if element.type == "call_expression" and _global_ignores(config, element):
        return
    if element.type != "object":
        config.unread.append(_line(element))
        return
    keys = object_keys(element)
    if "extends" in keys:
        config.unread.append(_line(element))  # what it extends is named, not resolved: not merged
        return
    scope = _scope(config, element, keys)
    if scope is None:
        return
    if not scope.files and not scope.ignores:
        scope = None  # every file
    for pair in element.named_children:
        if pair.type != "pair":
            if pair.type != "comment":
                config.unread.append(_line(pair))
            continue
        try:
            key = property_name(pair)
        except NotLiteral:
            config.unread.append(_line(pair))
            continue
        value = pair.child_by_field_name("value")
        if key == "ignores" and keys <= {"ignores", "name"}:
            _ignores(config, value)
        elif key == "rules":
            _rules(config, value, scope)


def _global_ignores(config: FlatConfig, call: Any) -> bool:
    """``globalIgnores([...])`` (ESLint's helper) with a literal list: global ignores."""
    callee = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    named = [a for a in (args.named_children if args is not None else []) if a.type != "comment"]
    if callee is None or callee.text != b"globalIgnores" or len(named) != 1:
        return False
    try:
        patterns = js_literal(named[0])
    except NotLiteral:
        return False
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        return False
    config.ignores += patterns
    return True


def _scope(config: FlatConfig, element: Any, keys: set[str]) -> FlatBlock | None:
    """The literal ``files``/``ignores`` an object is scoped to, or None (with the line noted)
    when they are computed; a global ``ignores`` object has no scope."""
    scope = FlatBlock([], [])
    if "files" not in keys and ("ignores" not in keys or keys <= {"ignores", "name"}):
        return scope
    for pair in element.named_children:
        try:
            key = property_name(pair) if pair.type == "pair" else ""
        except NotLiteral:
            continue
        if key not in ("files", "ignores"):
            continue
        try:
            patterns = js_literal(pair.child_by_field_name("value"))
        except NotLiteral:
            config.unread.append(_line(element))
            return None
        flat = [p for p in patterns if isinstance(p, str)] if isinstance(patterns, list) else []
        if len(flat) != (len(patterns) if isinstance(patterns, list) else -1):
            config.unread.append(_line(element))  # nested arrays ("and" patterns) or a non-list
            return None
        if key == "files":
            scope.files = flat
        else:
            scope.ignores = flat
    return scope


def _ignores(config: FlatConfig, value: Any) -> None:
    try:
        patterns = js_literal(value)
    except NotLiteral:
        config.unread.append(_line(value))
        return
    config.ignores += [p for p in patterns if isinstance(p, str)] if isinstance(patterns, list) else []


def _rules(config: FlatConfig, value: Any, scope: FlatBlock | None) -> None:
    if value is None or value.type != "object":
        config.unread.append(_line(value) if value is not None else 1)
        return
    block = scope or FlatBlock([], [])
    config.blocks.append(block)
    for pair in value.named_children:
        if pair.type == "comment":
            continue
        try:
            if pair.type != "pair":
                raise NotLiteral("")
            rule = property_name(pair)
            setting = js_literal(pair.child_by_field_name("value"))
        except NotLiteral:
            config.unread.append(_line(pair))
            continue
        block.rules[rule] = setting
        block.lines[rule] = _line(pair)
        if scope is None:
            config.rules[rule] = setting
            config.lines[rule] = _line(pair)
