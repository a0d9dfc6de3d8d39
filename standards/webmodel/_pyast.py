"""Small, pure helpers over the stdlib ``ast`` shared by the Python extractors."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

from standards.analyzers._pyindex import index_of
from standards.context import PythonModule

HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options"})


def chain(node: ast.AST) -> list[str]:
    """Names along an attribute/call chain: ``Order.objects.filter(x).first`` →
    ``["Order", "objects", "filter", "first"]``; ``[]`` when it does not start at a name."""
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            return parts[::-1]
        else:
            return []


def inner_calls(node: ast.AST) -> Iterator[ast.Call]:
    """The calls a chain is made of, outermost first: ``a.b(x).c(y)`` → c(y), b(x)."""
    while True:
        if isinstance(node, ast.Call):
            yield node
            node = node.func
        elif isinstance(node, (ast.Attribute, ast.Subscript)):
            node = node.value
        else:
            return


def dotted(node: ast.AST) -> str:
    """``a.b.c`` for a pure Name/Attribute chain, else ""."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def last_name(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Call):
        return last_name(node.func)
    return ""


def const_str(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Call) and last_name(node.func) == "f" and node.args:  # alembic op.f("ix_...")
        return const_str(node.args[0])
    return None


def str_list(node: ast.AST | None) -> list[str]:
    """The strings of a list/tuple literal (or a single string), skipping anything else."""
    if node is None:
        return []
    single = const_str(node)
    if single is not None:
        return [single]
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [s for s in (const_str(e) for e in node.elts) if s is not None]
    return []


def kwarg(call: ast.Call, name: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def is_true(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def count_statements(body: list[ast.stmt]) -> int:
    """Statements in a body, nested blocks included, a leading docstring excluded."""
    if body and isinstance(body[0], ast.Expr) and const_str(body[0].value) is not None:
        body = body[1:]
    total = 0
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.stmt):
            total += 1
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            stack.extend(getattr(node, name, ()) or ())
    return total


def walk_calls(nodes: list[ast.stmt]) -> Iterator[ast.Call]:
    for stmt in nodes:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Call):
                yield node


def end_line(node: ast.AST) -> int:
    return getattr(node, "end_lineno", None) or getattr(node, "lineno", 0)


@dataclass
class Parsed:
    """A parsed module with the nodes extractors look for, gathered in one traversal."""

    module: PythonModule
    calls: list[ast.Call] = field(default_factory=list)  # in source order
    classes: list[ast.ClassDef] = field(default_factory=list)
    imports: list[ast.Import | ast.ImportFrom] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.module.path

    @property
    def text(self) -> str:
        return self.module.text

    @property
    def tree(self) -> ast.Module:
        return self.module.tree

    @classmethod
    def of(cls, module: PythonModule) -> Parsed:
        """Drawn from the analyzers' shared index of the module (one walk serves both)."""
        index = index_of(module)
        calls = sorted((call for call, _ in index.calls), key=lambda c: (c.lineno, c.col_offset))
        return cls(module, calls, [c.node for c in index.classes], list(index.imports))

    def calls_within(self, node: ast.AST) -> list[ast.Call]:
        start, end = node.lineno, end_line(node)
        return [c for c in self.calls if start <= c.lineno <= end]
