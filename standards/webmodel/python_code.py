"""Handlers and query sites of Python web apps (Flask, FastAPI, Django, SQLAlchemy).

Handlers: Flask/FastAPI route functions (``@app.route``, ``@router.get``), Flask
``MethodView`` methods, Django function views (a ``request`` first argument in a views
module) and class-based views (HTTP-verb methods, DRF viewset actions and ``@action``s).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from standards import roles
from standards.webmodel._pyast import (
    HTTP_METHODS,
    Parsed,
    chain,
    const_str,
    count_statements,
    end_line,
    inner_calls,
    last_name,
    str_list,
)
from standards.webmodel.layers import HANDLER, MODEL, layer_of
from standards.webmodel.model import (
    Call,
    Handler,
    QuerySite,
)
from standards.webmodel.python_access import (
    DJANGO_SHORTCUTS,
    SESSION_NAMES,
    SQL_BUILDERS,
    SQL_MODULES,
    Alias,
    Frame,
    aggregation_loops,
    body_nodes,
    classify_call,
    first_model_arg,
    frame_of,
    handler_calls,
)

ROUTE_DECORATORS = HTTP_METHODS | {"route", "api_route", "websocket"}
VIEW_BASE_SUFFIXES = ("View", "ViewSet", "APIView", "Resource", "Endpoint")
DRF_ACTIONS = frozenset({"list", "retrieve", "create", "update", "partial_update", "destroy"})
__all__ = ["SESSION_NAMES", "ModuleScope", "classify", "handlers", "queries"]
DJANGO_LOOKUPS = frozenset({"filter", "exclude", "get", "get_or_create", "update_or_create", "exists"})
EQUALITY_SUFFIXES = frozenset({"exact", "in", "id", "pk"})


@dataclass(frozen=True)
class ModuleScope:
    """What a module's names mean: imported repo files, SQLAlchemy builders, model classes
    and ``Annotated[..., Depends(...)]`` aliases."""

    bindings: dict[str, str]  # local name -> repo file it is imported from
    sql_builders: frozenset[str]  # local names of sqlalchemy/sqlmodel select/insert/update/delete
    models: frozenset[str] = frozenset()  # model classes: the schema's, and names imported from models
    aliases: dict[str, Alias] = field(default_factory=dict)  # dependency aliases known to the repo

    @classmethod
    def of(
        cls,
        mod: Parsed,
        bindings: dict[str, str],
        models: frozenset[str] = frozenset(),
        aliases: dict[str, Alias] | None = None,
    ) -> ModuleScope:
        builders = set()
        for node in mod.imports:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(SQL_MODULES):
                builders.update(a.asname or a.name for a in node.names if a.name in SQL_BUILDERS)
        imported_models = {
            name for name, target in bindings.items() if name[:1].isupper() and layer_of(target) == MODEL
        }
        return cls(bindings, frozenset(builders), models | imported_models, dict(aliases or {}))

    def layer(self, name: str) -> str | None:
        target = self.bindings.get(name)
        return layer_of(target) if target else None


# -- handlers ------------------------------------------------------------------------------


def handlers(mod: Parsed, scope: ModuleScope, frameworks: dict[str, list[str]]) -> list[Handler]:
    if not roles.is_library(mod.path):
        return []
    in_views = layer_of(mod.path) == HANDLER
    route_fw = "fastapi" if "fastapi" in mod.text and "fastapi" in frameworks else "flask"
    out: list[Handler] = []
    for node in mod.tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if _route_decorated(node):
                out.append(_handler(mod, node, node.name, route_fw, scope))
            elif in_views and _takes_request(node) and "django" in frameworks:
                out.append(_handler(mod, node, node.name, "django", scope))
        elif isinstance(node, ast.ClassDef):
            out.extend(_class_handlers(mod, node, scope, in_views, route_fw))
    return out


def _route_decorated(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for dec in fn.decorator_list:
        if isinstance(dec, ast.Call) and isinstance(dec.func, ast.Attribute) and dec.func.attr in ROUTE_DECORATORS:
            first = const_str(dec.args[0]) if dec.args else const_str(_kw(dec, "path", "rule"))
            if first is not None and (first == "" or first.startswith("/")):
                return True
    return False


def _kw(call: ast.Call, *names: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg in names), None)


def _takes_request(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    args = fn.args.posonlyargs + fn.args.args
    return bool(args) and args[0].arg in ("request", "req")


def _class_handlers(mod: Parsed, cls: ast.ClassDef, scope: ModuleScope, in_views: bool, route_fw: str) -> list[Handler]:
    bases = [last_name(b) for b in cls.bases]
    is_view = any(b.endswith(VIEW_BASE_SUFFIXES) for b in bases)
    if not (is_view or in_views):
        return []
    flask = any(b == "MethodView" for b in bases) or ("flask" in mod.text and "django" not in mod.text)
    viewset = any(b.endswith("ViewSet") for b in bases)
    out = []
    for node in cls.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if (
            node.name in HTTP_METHODS
            or (viewset and node.name in DRF_ACTIONS)
            or any(last_name(d) == "action" for d in node.decorator_list)
        ):
            fw = "flask" if flask else ("fastapi" if route_fw == "fastapi" and "fastapi" in mod.text else "django")
            out.append(_handler(mod, node, f"{cls.name}.{node.name}", fw, scope))
    return out


def _handler(
    mod: Parsed,
    fn: ast.FunctionDef | ast.AsyncFunctionDef,
    name: str,
    framework: str,
    scope: ModuleScope,
) -> Handler:
    line = fn.decorator_list[0].lineno if fn.decorator_list else fn.lineno
    nodes = body_nodes(fn)
    frame = frame_of(fn, scope.bindings, scope.models, scope.aliases, nodes)
    calls, orm_nodes = handler_calls(nodes, frame, scope.bindings, scope.sql_builders, scope.models)
    return Handler(
        mod.path,
        name,
        line,
        end_line(fn),
        count_statements(fn.body),
        framework,
        calls,
        loops=aggregation_loops(nodes, frame, orm_nodes),
        injected=dict(frame.injected),
    )


def classify(call: ast.Call, scope: ModuleScope) -> Call | None:
    """An ORM, service/repository or model-method call outside any handler's own names, or
    None for anything else (see ``python_access.classify_call``)."""
    return classify_call(call, Frame(), scope.bindings, scope.sql_builders, scope.models)


def _model(name: str) -> str:
    return name if name[:1].isupper() and not name.isupper() else ""


def _first_model_arg(call: ast.Call) -> str:
    return first_model_arg(call)


# -- query sites ---------------------------------------------------------------------------


def queries(mod: Parsed) -> list[QuerySite]:
    """Column lookups in library code: Django lookups, SQLAlchemy filter_by/filter/where."""
    if not roles.is_library(mod.path):
        return []
    out: list[QuerySite] = []
    for call in mod.calls:
        method = last_name(call.func) if isinstance(call.func, ast.Attribute) else ""
        if not method:
            if isinstance(call.func, ast.Name) and call.func.id in DJANGO_SHORTCUTS:
                model = _first_model_arg(call)
                out.extend(_django_keywords(mod.path, call, model))
            continue
        names = chain(call.func)
        if "objects" in names[:-1] and method in DJANGO_LOOKUPS | {"order_by"}:
            model = _model(names[names.index("objects") - 1]) if names.index("objects") else ""
            if not model:
                continue
            if method == "order_by":
                out.extend(_order_sites(mod.path, call, model, "django"))
            else:
                out.extend(_django_keywords(mod.path, call, model))
                for q in (a for a in call.args for a in ast.walk(a)):
                    if isinstance(q, ast.Call) and last_name(q.func) == "Q":
                        out.extend(_django_keywords(mod.path, q, model))
        elif method == "filter_by":
            model = _sa_chain_model(call.func)
            if model:
                out.extend(
                    QuerySite(mod.path, call.lineno, model, k.arg, "eq", "sqlalchemy") for k in call.keywords if k.arg
                )
        elif method in ("filter", "where", "having"):
            out.extend(_sa_comparisons(mod.path, call))
        elif method in ("join", "outerjoin", "join_from"):
            out.extend(_sa_comparisons(mod.path, call, "join"))
        elif method == "order_by":
            out.extend(_sa_order(mod.path, call))
    return out


def _django_keywords(path: str, call: ast.Call, model: str) -> list[QuerySite]:
    out = []
    for kw in call.keywords:
        if not kw.arg or not model:
            continue
        parts = kw.arg.split("__")
        if len(parts) == 1 or (len(parts) == 2 and parts[1] in EQUALITY_SUFFIXES):
            out.append(QuerySite(path, call.lineno, model, parts[0], "eq", "django"))
    return out


def _order_sites(path: str, call: ast.Call, model: str, framework: str) -> list[QuerySite]:
    cols = [c.lstrip("-") for a in call.args for c in str_list(a)]
    return [QuerySite(path, call.lineno, model, c, "order", framework) for c in cols if "__" not in c]


def _sa_chain_model(func: ast.AST) -> str:
    """``Model.query.filter_by`` / ``session.query(Model).filter_by`` / ``select(Model)``."""
    for inner in inner_calls(func):
        fn = inner.func
        if last_name(fn) in ("query", "select") and inner.args and isinstance(inner.args[0], ast.Name):
            return _model(inner.args[0].id)
    names = chain(func)
    if "query" in names[1:]:
        return _model(names[names.index("query") - 1])
    return ""


def _sa_comparisons(path: str, call: ast.Call, op: str = "eq") -> list[QuerySite]:
    """``Model.col == x`` and ``Model.col.in_(...)`` in a filter; in a join condition
    (``op="join"``) both sides of ``A.b_id == B.id`` are joined on."""
    out = []
    for arg in [*call.args, *(k.value for k in call.keywords if k.arg == "onclause")]:
        for node in ast.walk(arg):
            if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.Eq):
                sides = [node.left, node.comparators[0]] if op == "join" else [node.left]
                sites = [_column_ref(path, side, call.lineno, op) for side in sides]
            elif (
                isinstance(node, ast.Call)
                and last_name(node.func) in ("in_", "is_")
                and isinstance(node.func, ast.Attribute)
            ):
                sites = [_column_ref(path, node.func.value, call.lineno, op)]
            else:
                continue
            out.extend(site for site in sites if site is not None)
    return out


def _column_ref(path: str, node: ast.AST, line: int, op: str = "eq") -> QuerySite | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and _model(node.value.id):
        return QuerySite(path, line, node.value.id, node.attr, op, "sqlalchemy")
    return None


def _sa_order(path: str, call: ast.Call) -> list[QuerySite]:
    out = []
    for arg in call.args:
        target = arg.func.value if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) else arg
        site = _column_ref(path, target, call.lineno, "order")
        if site is not None:
            out.append(site)
    return out
