"""What the Python code of a web application says about its own parts: which classes are
forms, models, schemas, serializers and repositories, which functions are Celery tasks,
and what each handler refers to. Decided from class bases, decorators and imports (a
``NewTopicForm(PostForm)`` is a form because ``PostForm`` subclasses ``FlaskForm``), never
from file names; the handlers come from :mod:`standards.webmodel`."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from standards import roles
from standards.context import Context, PythonModule
from standards.webmodel import Handler, WebModel
from standards.webmodel._pyast import Parsed, count_statements, dotted, last_name
from standards.webmodel.imports import ModuleIndex, python_bindings, python_imports
from standards.webmodel.layers import SERVICE as SERVICE_LAYER
from standards.webmodel.layers import layer_of
from standards.webmodel.model import Import

FORM = "form"
MODEL = "model"
SCHEMA = "schema"
SERIALIZER = "serializer"
REPOSITORY = "repository"
SERVICE = "service"
TASK = "task"
DECLARATIVE = "declarative"  # a SQLAlchemy declarative base: its subclasses are models

FORM_BASES = frozenset({"FlaskForm", "Form", "ModelForm", "BaseForm", "SecureForm"})
MODEL_BASES = frozenset({"Model", "SQLModel"})
SCHEMA_BASES = frozenset({"BaseModel", "Schema", "ModelSchema", "SQLAlchemyAutoSchema", "SQLAlchemySchema"})
DECLARATIVE_BASES = frozenset({"DeclarativeBase", "DeclarativeBaseNoMeta"})
TASK_DECORATORS = frozenset({"task", "shared_task", "periodic_task", "actor"})
DELAY_METHODS = frozenset({"delay", "apply_async", "send", "s", "si", "send_with_options"})
REPOSITORY_SUFFIXES = ("Repository", "Repo", "Store", "DAO", "Dao")


@dataclass(frozen=True)
class Symbol:
    """A class or function of the repository with the kind its code gives it."""

    path: str
    name: str
    line: int
    kind: str
    base: str  # what decided the kind, as written: "FlaskForm", "db.Model", "BaseModel", "shared_task"


@dataclass
class Uses:
    """What one handler refers to: kind → (first symbol, line of the reference)."""

    handler: Handler
    kinds: dict[str, tuple[Symbol, int]] = field(default_factory=dict)
    depends: list[tuple[str, int]] = field(default_factory=list)  # Depends(target) as written, line
    delays: list[tuple[Symbol, int]] = field(default_factory=list)  # task.delay(...) calls

    def uses(self, kind: str) -> bool:
        return kind in self.kinds


@dataclass
class PyCode:
    """The repository's Python symbols, import bindings and edges, and the handlers' uses."""

    modules: dict[str, PythonModule] = field(default_factory=dict)
    symbols: dict[tuple[str, str], Symbol] = field(default_factory=dict)
    bindings: dict[str, dict[str, str]] = field(default_factory=dict)
    imports: dict[str, list[Import]] = field(default_factory=dict)
    uses: list[Uses] = field(default_factory=list)
    by_name: dict[str, list[Symbol]] = field(default_factory=dict)
    defs: dict[str, dict[str, list[ast.AST]]] = field(default_factory=dict)  # path -> name -> class/def nodes
    scopes: dict[int, Uses] = field(default_factory=dict)  # what a class or function refers to, by node
    subclass_views: list[tuple[Uses, str]] = field(default_factory=list)  # (uses, the repo view it builds on)

    def of_kind(self, kind: str) -> list[Symbol]:
        return sorted((s for s in self.symbols.values() if s.kind == kind), key=lambda s: (s.path, s.line))

    def resolve(self, path: str, name: str) -> Symbol | None:
        """The symbol ``name`` means inside ``path``: defined there or imported from a repo file."""
        own = self.symbols.get((path, name))
        if own is not None:
            return own
        target = self.bindings.get(path, {}).get(name)
        return self.symbols.get((target, name)) if target else None

    def resolve_expr(self, path: str, node: ast.AST) -> Symbol | None:
        if isinstance(node, ast.Name):
            return self.resolve(path, node.id)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            target = self.bindings.get(path, {}).get(node.value.id)
            if not target:
                return None
            found = self.symbols.get((target, node.attr))
            if found is None and target.endswith("__init__.py"):  # a package that re-exports its modules' names
                package = target.rsplit("/", 1)[0] + "/"
                named = [s for s in self.by_name.get(node.attr, []) if s.path.startswith(package)]
                found = named[0] if len(named) == 1 else None
            return found
        return None

    def nodes(self, path: str, name: str) -> list[ast.AST]:
        """The classes and functions called ``name`` anywhere in the module at ``path``."""
        index = self.defs.get(path)
        if index is None:
            index = self.defs[path] = {}
            mod = self.modules.get(path)
            for node in ast.walk(mod.tree) if mod is not None else ():
                if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                    index.setdefault(node.name, []).append(node)
        return index.get(name, [])


def pycode(ctx: Context, web: WebModel) -> PyCode:
    """The Python side of the repository behind ``ctx`` (computed once per context)."""
    return ctx.once("playbook.pycode", lambda: _build(ctx, web))


def _build(ctx: Context, web: WebModel) -> PyCode:
    code = PyCode()
    files = [f.path for f in ctx.files("python")]
    index = ModuleIndex.build(files)
    parsed: dict[str, Parsed] = {}
    for path in files:
        if not roles.is_library(path):
            continue
        mod = ctx.python(path)
        if mod is None:
            continue
        code.modules[path] = mod
        parsed[path] = Parsed.of(mod)
        code.bindings[path] = python_bindings(parsed[path], index)
        code.imports[path] = python_imports(parsed[path], index)
    _classify(code, parsed, web)
    for symbol in code.symbols.values():
        code.by_name.setdefault(symbol.name, []).append(symbol)
    handlers = [h for h in web.handlers if h.path in code.modules]
    code.uses = [_uses(code, h) for h in handlers]
    code.subclass_views = _subclass_views(code, parsed, handlers)
    return code


def _subclass_views(code: PyCode, parsed: dict[str, Parsed], handlers: list[Handler]) -> list[tuple[Uses, str]]:
    """Classes that answer requests by subclassing one of the repository's own class-based
    handlers (``class SiteView(generic.ObjectView)`` with ``queryset = ...`` and no HTTP method of
    its own): in such repositories most views are written this way."""
    owners = {h.name.rpartition(".")[0]: h for h in handlers if "." in h.name}
    own = {(h.path, h.name.rpartition(".")[0]) for h in handlers if "." in h.name}
    out: list[tuple[Uses, str]] = []
    for path, mod in parsed.items():
        for cls in mod.classes:
            if (path, cls.name) in own:
                continue
            for base in cls.bases:
                name = last_name(base)
                head = dotted(base).split(".", 1)[0] if dotted(base) else name
                imported = head in code.bindings.get(path, {}) or (path, name) in own
                if name in owners and imported:
                    parent = owners[name]
                    pseudo = Handler(
                        path,
                        f"{cls.name}.<class>",
                        cls.lineno,
                        cls.end_lineno or cls.lineno,
                        count_statements(cls.body),
                        parent.framework,
                    )
                    out.append((_uses(code, pseudo), name))
                    break
    return out


# -- kinds -----------------------------------------------------------------------------------


def _bases(cls: ast.ClassDef) -> list[str]:
    return [dotted(b) or last_name(b) for b in cls.bases]


def _classify(code: PyCode, parsed: dict[str, Parsed], web: WebModel) -> None:
    classes: list[tuple[str, ast.ClassDef]] = []
    for path, mod in parsed.items():
        pydantic = "pydantic" in mod.text or "marshmallow" in mod.text or "ninja" in mod.text
        for cls in mod.classes:
            classes.append((path, cls))
            kind, base = _direct_kind(cls, pydantic, path)
            if kind:
                code.symbols[(path, cls.name)] = Symbol(path, cls.name, cls.lineno, kind, base)
        for node in mod.tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                task = next((d for d in node.decorator_list if last_name(d) in TASK_DECORATORS), None)
                if task is not None:
                    line = task.lineno
                    code.symbols[(path, node.name)] = Symbol(path, node.name, line, TASK, dotted(task) or "task")
    for _ in range(4):  # subclasses of the repository's own forms, models, schemas (a few levels deep)
        changed = False
        for path, cls in classes:
            if (path, cls.name) in code.symbols and code.symbols[(path, cls.name)].kind != DECLARATIVE:
                continue
            for base in cls.bases:
                parent = code.resolve_expr(path, base)
                if parent is None or parent.name == cls.name and parent.path == path:
                    continue
                kind = MODEL if parent.kind == DECLARATIVE else parent.kind
                if kind in (FORM, MODEL, SCHEMA, SERIALIZER, REPOSITORY):
                    code.symbols[(path, cls.name)] = Symbol(path, cls.name, cls.lineno, kind, parent.name)
                    changed = True
                    break
        if not changed:
            break
    mapped = set(web.schema.models)  # mapped by the schema extractor (declarative classes)
    for path, cls in classes:
        if cls.name in mapped and (path, cls.name) not in code.symbols and layer_of(path) == "model":
            code.symbols[(path, cls.name)] = Symbol(
                path, cls.name, cls.lineno, MODEL, _bases(cls)[0] if cls.bases else ""
            )


def _direct_kind(cls: ast.ClassDef, pydantic: bool, path: str) -> tuple[str, str]:
    for written in _bases(cls):
        last = written.rsplit(".", 1)[-1]
        if last in DECLARATIVE_BASES:
            return DECLARATIVE, written
        if last in FORM_BASES or (last.endswith("Form") and written.startswith(("forms.", "wtforms.", "flask_wtf."))):
            return FORM, written
        if last in MODEL_BASES and written != "BaseModel":
            return MODEL, written
        if last.endswith("Serializer"):
            return SERIALIZER, written
        if pydantic and last in SCHEMA_BASES:
            return SCHEMA, written
    if cls.name.endswith(REPOSITORY_SUFFIXES) and any(isinstance(n, ast.FunctionDef) for n in cls.body):
        return REPOSITORY, cls.name
    if layer_of(path) == SERVICE_LAYER and any(
        isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) for n in cls.body
    ):
        return SERVICE, cls.name
    return "", ""


# -- what handlers refer to --------------------------------------------------------------------


def scope_node(code: PyCode, handler: Handler) -> ast.AST | None:
    """The code a handler is: its function, or for a class-based handler (``View.post``) the
    whole class, whose attributes (``form_class``, ``decorators``) serve every method."""
    owner, _, _method = handler.name.rpartition(".")
    for node in code.nodes(handler.path, owner or handler.name):
        inside = isinstance(node, ast.ClassDef) and node.lineno <= handler.line <= (node.end_lineno or node.lineno)
        if owner and isinstance(node, ast.ClassDef) and (inside or handler.line < node.lineno):
            return node
        if not owner and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
            if first == handler.line:
                return node
    return None


def _uses(code: PyCode, handler: Handler) -> Uses:
    node = scope_node(code, handler)
    if node is None:
        return Uses(handler)
    done = code.scopes.get(id(node))  # the methods of one class share its scope: walked once
    if done is not None:
        return Uses(handler, done.kinds, done.depends, done.delays)
    uses = code.scopes[id(node)] = Uses(handler)
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            callee = last_name(sub.func)
            if callee == "Depends":
                target = dotted(sub.args[0]) if sub.args else ""
                uses.depends.append((target, sub.lineno))
                continue
            if isinstance(sub.func, ast.Attribute) and sub.func.attr in DELAY_METHODS:
                task = code.resolve_expr(handler.path, sub.func.value)
                if task is not None and task.kind == TASK:
                    uses.delays.append((task, sub.lineno))
        elif isinstance(sub, (ast.Name, ast.Attribute)):
            symbol = code.resolve_expr(handler.path, sub)
            if symbol is not None:
                seen = uses.kinds.get(symbol.kind)
                if seen is None or sub.lineno < seen[1]:  # the first reference in the code
                    uses.kinds[symbol.kind] = (symbol, sub.lineno)
    uses.depends.sort(key=lambda d: d[1])
    uses.delays.sort(key=lambda d: d[1])
    return uses


def _walk_sorted(node: ast.AST) -> Iterator[ast.AST]:
    yield from sorted(ast.walk(node), key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0)))


def called_from(code: PyCode, path: str, node: ast.AST) -> list[tuple[Symbol | None, str, int]]:
    """Repository functions, classes and modules that a piece of code calls: (symbol or None,
    the repo file, line). A name bound to an object (``mail = Mail()`` imported from
    extensions) is not a call into that module's code and is left out."""
    out: list[tuple[Symbol | None, str, int]] = []
    bindings = code.bindings.get(path, {})
    for sub in _walk_sorted(node):
        if not isinstance(sub, ast.Call):
            continue
        head = sub.func.value if isinstance(sub.func, ast.Attribute) else sub.func
        if not isinstance(head, ast.Name) or head.id not in bindings:
            continue
        target = bindings[head.id]
        if _defines(code, target, head.id) or PurePosixPath(target).stem == head.id:
            out.append((code.resolve(path, head.id), target, sub.lineno))
    return out


def _defines(code: PyCode, path: str, name: str) -> bool:
    mod = code.modules.get(path)
    if mod is None:
        return False
    return any(
        isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n.name == name for n in mod.tree.body
    )
