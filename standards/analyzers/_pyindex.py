"""One walk over each Python module, shared by every Python analyzer.

:func:`modules` returns a :class:`ModuleIndex` per parsed module: its functions and methods
(with their class, decorators and nesting), classes, module-level assignments, calls,
imports, except handlers, asserts and string formatting sites. The index is built once and
cached on the :class:`~standards.context.PythonModule` itself, so ten analyzers on a large
repository cost one walk, not ten.

The module also holds the small helpers the analyzers share: dotted names, globs for the
test/script/docs directories that exist, and the repo's first-party package names.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from standards import fsutil, roles
from standards.analyzers._style import glob_pattern
from standards.context import Context, PythonModule
from standards.errors import StandardsError

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef

_CACHE_KEY = "_standards_pyindex"
_STDLIB = frozenset(sys.stdlib_module_names)
OVERRIDE_DECORATORS = frozenset({"override", "typing.override", "typing_extensions.override"})
# Statements that never count as content: a module holding only these is "empty".
_TRIVIAL = (ast.Pass, ast.Expr)
# Node types with no children worth a visit (names, literals, contexts, operators).
_LEAVES = frozenset(
    {ast.Name, ast.Constant, ast.Load, ast.Store, ast.Del, ast.alias}
    | {
        cls
        for cls in vars(ast).values()
        if isinstance(cls, type) and issubclass(cls, (ast.operator, ast.unaryop, ast.cmpop, ast.boolop))
    }
)


@dataclass(frozen=True)
class ClassInfo:
    node: ast.ClassDef
    bases: tuple[str, ...]  # dotted names of the bases ("" for anything else)
    decorators: tuple[str, ...]
    outer: ClassInfo | None  # the class this one is nested in
    in_function: bool  # defined inside a function body

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def line(self) -> int:
        return self.node.lineno

    @property
    def top_level(self) -> bool:
        return self.outer is None and not self.in_function


@dataclass(frozen=True)
class FunctionInfo:
    node: FunctionNode
    cls: ClassInfo | None  # the class it is a method of, if any
    decorators: tuple[str, ...]
    nested: bool  # defined inside another function

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def line(self) -> int:
        return self.node.lineno

    @property
    def is_method(self) -> bool:
        return self.cls is not None

    @property
    def is_dunder(self) -> bool:
        return is_dunder(self.name)

    @property
    def is_override(self) -> bool:
        """Decorated with ``@override``, the marker ruff's naming and docs rules honour."""
        return any(d in OVERRIDE_DECORATORS for d in self.decorators)

    @property
    def is_overload(self) -> bool:
        return any(d.rsplit(".", 1)[-1] == "overload" for d in self.decorators)

    @property
    def is_static(self) -> bool:
        return "staticmethod" in self.decorators

    def parameters(self) -> list[ast.arg]:
        """Every parameter, in order: positional-only, regular, *args, keyword-only, **kwargs."""
        a = self.node.args
        params = [*a.posonlyargs, *a.args]
        if a.vararg:
            params.append(a.vararg)
        params.extend(a.kwonlyargs)
        if a.kwarg:
            params.append(a.kwarg)
        return params

    def explicit_parameters(self) -> list[ast.arg]:
        """Parameters a caller passes: without ``self``/``cls`` of methods."""
        params = self.parameters()
        a = self.node.args
        if self.is_method and not self.is_static and (a.posonlyargs or a.args):
            params = params[1:]
        return params


@dataclass(frozen=True)
class Assignment:
    """A module-level ``name = value`` or ``name: T = value``."""

    names: tuple[str, ...]
    value: ast.expr | None
    line: int
    annotated: bool


@dataclass
class ModuleIndex:
    module: PythonModule
    role: str
    functions: list[FunctionInfo] = field(default_factory=list)
    classes: list[ClassInfo] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    calls: list[tuple[ast.Call, str]] = field(default_factory=list)  # (call, dotted callee or "")
    imports: list[ast.Import | ast.ImportFrom] = field(default_factory=list)
    excepts: list[ast.ExceptHandler] = field(default_factory=list)
    asserts: list[ast.Assert] = field(default_factory=list)
    fstrings: list[ast.JoinedStr] = field(default_factory=list)  # outermost f-strings only
    percent_formats: list[ast.BinOp] = field(default_factory=list)  # "literal" % args

    @property
    def path(self) -> str:
        return self.module.path

    @property
    def tree(self) -> ast.Module:
        return self.module.tree

    @property
    def is_test(self) -> bool:
        return self.role == "test"

    @property
    def is_library(self) -> bool:
        return self.role == "library"

    @property
    def is_stub(self) -> bool:
        return self.path.endswith(".pyi")

    @property
    def is_empty(self) -> bool:
        """True when the module holds nothing but a docstring, ``pass`` or bare expressions."""
        return all(isinstance(s, _TRIVIAL) for s in self.tree.body)

    def where(self, node: ast.AST | int) -> str:
        line = node if isinstance(node, int) else getattr(node, "lineno", 1)
        return f"{self.path}:{line}"

    def module_level_names(self) -> dict[str, int]:
        """How many times each name is bound by a module-level assignment."""
        seen: dict[str, int] = {}
        for a in self.assignments:
            for n in a.names:
                seen[n] = seen.get(n, 0) + 1
        return seen


def quote_block(text: str | None, line: int, stop: Callable[[str], bool], max_lines: int = 8) -> str:
    """The non-blank lines of ``text`` from 1-based ``line`` through the first that ``stop``
    accepts, stripped and joined by newlines: a verbatim quote of a construct's opening
    (a def and its docstring's first line). "" when ``stop`` accepts none of ``max_lines``."""
    if text is None or line < 1:
        return ""
    out: list[str] = []
    for raw in text.split("\n")[line - 1 : line - 1 + max_lines * 2]:
        stripped = raw.strip()
        if not stripped:
            continue
        out.append(stripped)
        if stop(stripped):
            return "\n".join(out)
        if len(out) >= max_lines:
            break
    return ""


def dotted(node: ast.AST | None) -> str:
    """``a.b.c`` for a Name/Attribute chain (a call's callee is followed); "" otherwise."""
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            return ".".join(reversed(parts))
        else:
            return ""


def is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


class _Builder:
    """Fills a ModuleIndex in one recursive pass, tracking class and function scope."""

    def __init__(self, index: ModuleIndex) -> None:
        self.index = index
        self.format_specs: set[int] = set()
        self.collect: dict[type, Callable[[Any], None]] = {
            ast.Call: self._call,
            ast.JoinedStr: self._fstring,
            ast.FormattedValue: self._formatted_value,
            ast.BinOp: self._binop,
            ast.Import: index.imports.append,
            ast.ImportFrom: index.imports.append,
            ast.ExceptHandler: index.excepts.append,
            ast.Assert: index.asserts.append,
        }

    def build(self) -> ModuleIndex:
        for stmt in self.index.tree.body:
            self._module_statement(stmt)
            self._visit(stmt, None, False)
        return self.index

    def _module_statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, ast.Assign):
            names = tuple(n for t in stmt.targets for n in _target_names(t))
            self.index.assignments.append(Assignment(names, stmt.value, stmt.lineno, False))
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            self.index.assignments.append(Assignment((stmt.target.id,), stmt.value, stmt.lineno, True))

    def _visit(self, node: ast.AST, cls: ClassInfo | None, in_function: bool) -> None:
        kind = type(node)
        if kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
            self._function(node, cls, in_function)  # type: ignore[arg-type]
        elif kind is ast.ClassDef:
            self._class(node, cls, in_function)  # type: ignore[arg-type]
        else:
            collect = self.collect.get(kind)
            if collect is not None:
                collect(node)
            self._children(node, cls, in_function)

    def _function(self, node: FunctionNode, cls: ClassInfo | None, in_function: bool) -> None:
        decorators = tuple(dotted(d) for d in node.decorator_list)
        self.index.functions.append(FunctionInfo(node, cls, decorators, in_function))
        self._children(node, None, True)

    def _class(self, node: ast.ClassDef, cls: ClassInfo | None, in_function: bool) -> None:
        info = ClassInfo(
            node,
            tuple(dotted(b) for b in node.bases),
            tuple(dotted(d) for d in node.decorator_list),
            cls,
            in_function,
        )
        self.index.classes.append(info)
        for child in (*node.decorator_list, *node.bases, *node.keywords, *getattr(node, "type_params", ())):
            self._visit(child, cls, in_function)
        for stmt in node.body:
            self._visit(stmt, info, in_function)

    def _children(self, node: ast.AST, cls: ClassInfo | None, in_function: bool) -> None:
        """Visit the children of ``node``; leaves that can hold nothing of interest are skipped."""
        visit = self._visit
        for name in _child_fields(type(node)):
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if type(item) not in _LEAVES and item is not None:
                        visit(item, cls, in_function)
            elif value is not None and type(value) not in _LEAVES:
                visit(value, cls, in_function)

    def _call(self, node: ast.Call) -> None:
        self.index.calls.append((node, dotted(node.func)))

    def _fstring(self, node: ast.JoinedStr) -> None:
        if id(node) not in self.format_specs:
            self.index.fstrings.append(node)

    def _formatted_value(self, node: ast.FormattedValue) -> None:
        if node.format_spec is not None:
            self.format_specs.add(id(node.format_spec))

    def _binop(self, node: ast.BinOp) -> None:
        if isinstance(node.op, ast.Mod) and _is_str(node.left):
            self.index.percent_formats.append(node)


# Fields that hold names, numbers or flags, never nodes (``names`` holds aliases or strings).
_SCALAR_FIELDS = frozenset(
    {"name", "names", "id", "attr", "arg", "module", "level", "kind", "type_comment", "conversion"}
    | {"is_async", "tag", "kwd_attrs", "rest", "ctx", "op"}
)
_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(kind: type) -> tuple[str, ...]:
    """The fields of a node type that can hold child nodes (computed once per type)."""
    fields = _FIELDS.get(kind)
    if fields is None:
        fields = _FIELDS[kind] = tuple(f for f in getattr(kind, "_fields", ()) if f not in _SCALAR_FIELDS)
    return fields


def _is_str(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _target_names(target: ast.expr) -> Iterable[str]:
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, (ast.Tuple, ast.List)):
        for elt in target.elts:
            yield from _target_names(elt)
    elif isinstance(target, ast.Starred):
        yield from _target_names(target.value)


def index_of(module: PythonModule) -> ModuleIndex:
    """The index of one module, built on first use and cached on the module."""
    cached = module.__dict__.get(_CACHE_KEY)
    if cached is None:
        cached = _Builder(ModuleIndex(module, roles.role(module.path))).build()
        module.__dict__[_CACHE_KEY] = cached
    return cached


def modules(ctx: Context) -> list[ModuleIndex]:
    """The index of every Python module that parses and that ruff checks (the project's own
    ``exclude``/``extend-exclude`` taken out): library code first, so examples come from it."""
    excluded = ctx.once("pyindex.ruff_exclude", lambda: ruff_excludes(ctx.root))
    indexes = [index_of(m) for m in ctx.python_modules() if not any(p.fullmatch(m.path) for p in excluded)]
    return sorted(indexes, key=lambda i: (not i.is_library, i.path))


RUFF_CONFIGS = ("ruff.toml", ".ruff.toml", "pyproject.toml")


def ruff_excludes(root: Path) -> list[re.Pattern[str]]:
    """The paths the project's linter never checks: its ruff ``exclude`` and ``extend-exclude``
    patterns (from the first config ruff would use), else its flake8 ``exclude`` (which init
    carries over into ruff's ``lint.exclude``), read as data; none when the file is missing or
    unreadable (explicit_python says why)."""
    from standards.analyzers.explicit_python import flake8_excludes

    globs = _ruff_exclude_globs(root)
    if not globs:
        try:
            globs = flake8_excludes(root)[0]
        except StandardsError:
            globs = []
    return [glob_pattern(str(g), anywhere=True) for g in globs if str(g).strip()]


def _ruff_exclude_globs(root: Path) -> list[str]:
    for rel in RUFF_CONFIGS:
        if not fsutil.present(root, rel):
            continue
        try:
            data = tomllib.loads(fsutil.read_repo_config(root, rel))
        except (StandardsError, tomllib.TOMLDecodeError, RecursionError, MemoryError):
            return []
        if rel == "pyproject.toml":
            tool = data.get("tool")
            data = tool.get("ruff") if isinstance(tool, dict) else None
            if not isinstance(data, dict):
                continue
        return [str(g) for key in ("exclude", "extend-exclude") if isinstance(data.get(key), list) for g in data[key]]
    return []


# -- paths -----------------------------------------------------------------------------------

ROLE_DIRS: dict[str, frozenset[str]] = {
    "test": roles.TEST_DIRS,
    "docs": roles.DOC_DIRS,
    "example": roles.EXAMPLE_DIRS,
    "script": roles.SCRIPT_DIRS,
}


def role_globs(paths: Iterable[str], wanted: Iterable[str]) -> list[str]:
    """ruff per-file-ignores globs covering the files of ``paths`` whose role is in ``wanted``.

    A directory that gives the role becomes ``dir/**`` at the root and ``**/dir/**``
    deeper; test files outside test directories become ``**/test_*.py`` (or the
    ``*_test.py``/``conftest.py`` forms); scripts by name (``setup.py``) are listed as such.
    Only globs that match a file of the repository are returned.
    """
    wanted = set(wanted)
    out: set[str] = set()
    for path in paths:
        role = roles.role(path)
        if role not in wanted:
            continue
        out.add(_glob_for(path, role))
    return sorted(g for g in out if f"**/{g}" not in out)


def _glob_for(path: str, role: str) -> str:
    p = PurePosixPath(path)
    dirs = ROLE_DIRS.get(role, frozenset())
    for i, part in enumerate(p.parts[:-1]):
        if part.lower() in dirs or (role == "test" and part in dirs):
            return f"{part}/**" if i == 0 else f"**/{part}/**"
    stem = p.name.split(".", 1)[0]
    if role == "test":
        if stem.startswith("test_"):
            return "**/test_*.py"
        if stem.endswith("_test"):
            return "**/*_test.py"
        return f"**/{p.name}"
    return p.name if len(p.parts) == 1 else f"**/{p.name}"


def first_party(paths: Iterable[str]) -> set[str]:
    """Top-level importable names of the repository's own packages.

    For each ``__init__.py`` the outermost directory of its chain of packages is a
    first-party package; modules at the root or in ``src/`` count too. Names of the
    standard library are left out (a ``json.py`` helper does not make ``json`` ours).
    """
    paths = [PurePosixPath(p) for p in paths if p.endswith((".py", ".pyi"))]
    packages = {str(p.parent) for p in paths if p.stem == "__init__"}
    names: set[str] = set()
    for package in packages:
        parts = PurePosixPath(package).parts
        top = len(parts)
        while top > 1 and "/".join(parts[: top - 1]) in packages:
            top -= 1
        names.add(parts[top - 1])
    names.update(p.stem for p in paths if len(p.parts) == 1 or (len(p.parts) == 2 and p.parts[0] == "src"))
    return {n for n in names if n.isidentifier() and n not in _STDLIB}
