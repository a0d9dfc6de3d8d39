"""Fixes derived from the finding's own line: what to do in words, and the corrected line only
where it follows from that line alone (never a template or a line quoted from elsewhere).

    corrected_var("var total = 0;")                   -> "let total = 0;"
    corrected_def("def parseOrder(raw):")             -> "def parse_order(raw):"
    corrected_assert("    self.assertEqual(a, 3)")    -> "    assert a == 3"
    corrected_root_logger("    logging.info(msg)", "logger") -> "    logger.info(msg)"
"""

from __future__ import annotations

import ast
import re

from standards.check.renames import snake_case

_VAR = re.compile(r"\bvar(\s+)")
_DEF = re.compile(r"^(\s*(?:async\s+)?def\s+)(\w+)(\s*\()")
_ROOT_CALL = re.compile(r"\blogging\.(\w+)\(")

# self.assertX(a, b) -> the plain assert, for the assertions whose meaning is one operator
_BINARY = {
    "assertEqual": "{0} == {1}",
    "assertEquals": "{0} == {1}",
    "assertNotEqual": "{0} != {1}",
    "assertIs": "{0} is {1}",
    "assertIsNot": "{0} is not {1}",
    "assertIn": "{0} in {1}",
    "assertNotIn": "{0} not in {1}",
    "assertGreater": "{0} > {1}",
    "assertGreaterEqual": "{0} >= {1}",
    "assertLess": "{0} < {1}",
    "assertLessEqual": "{0} <= {1}",
}
_UNARY = {
    "assertTrue": "{0}",
    "assertFalse": "not {0}",
    "assertIsNone": "{0} is None",
    "assertIsNotNone": "{0} is not None",
}


def corrected_var(line: str) -> str:
    """The line with its ``var`` declaration written with ``let`` ("" when it has none)."""
    fixed = _VAR.sub(r"let\1", line, count=1)
    return fixed if fixed != line else ""


def corrected_def(line: str) -> str:
    """The ``def`` line with its camelCase name in snake_case ("" when it is not one)."""
    m = _DEF.match(line)
    if not m or snake_case(m.group(2)) == m.group(2):
        return ""
    return f"{m.group(1)}{snake_case(m.group(2))}{m.group(3)}{line[m.end() :]}"


def corrected_assert(line: str) -> str:
    """A one-line ``self.assertX(...)`` written as a plain assert ("" when the call spans lines,
    takes a message, or has no single-operator equivalent)."""
    indent = line[: len(line) - len(line.lstrip())]
    code = line.strip()
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return ""
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr):
        return ""
    call = tree.body[0].value
    if not (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == "self"
        and not call.keywords
    ):
        return ""
    shape = _BINARY.get(call.func.attr) if len(call.args) == 2 else _UNARY.get(call.func.attr)
    if shape is None or len(call.args) != shape.count("{"):
        return ""
    parts = [ast.get_source_segment(code, a) or "" for a in call.args]
    parts = [f"({p})" if _needs_parentheses(a) else p for p, a in zip(parts, call.args)]
    return f"{indent}assert {shape.format(*parts)}"


def _needs_parentheses(node: ast.expr) -> bool:
    return isinstance(node, (ast.BoolOp, ast.Compare, ast.IfExp, ast.Lambda, ast.NamedExpr, ast.UnaryOp))


def corrected_root_logger(line: str, logger: str) -> str:
    """The line with its ``logging.<level>(`` call made through ``logger`` ("" when it has none)."""
    fixed = _ROOT_CALL.sub(lambda m: f"{logger}.{m.group(1)}(", line, count=1)
    return fixed if fixed != line else ""
