"""Where one Python handler's data access goes: the ORM itself (a session, ``Model.query``,
Django managers, ``select(...)``), a repository or service (imported, built in the handler,
or injected with FastAPI ``Depends``), or a method of a model; and the loops that walk query
results to add them up in the handler."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from standards.webmodel._pyast import chain, inner_calls, last_name
from standards.webmodel.layers import SERVICE, access_kind, layer_of
from standards.webmodel.model import (
    MODEL_METHOD,
    ORM,
    VIA_REPOSITORY,
    AggregationLoop,
    Call,
)
from standards.webmodel.model import SERVICE as SERVICE_CALL

SESSION_NAMES = frozenset({"session", "db_session", "Session", "dbsession", "async_session"})
SESSION_TYPES = frozenset({"Session", "AsyncSession", "scoped_session", "Connection", "AsyncConnection"})
SQL_BUILDERS = frozenset({"select", "insert", "update", "delete"})
SQL_MODULES = ("sqlalchemy", "sqlmodel")
DJANGO_SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})
FLASK_SQLALCHEMY_HELPERS = frozenset({"get_or_404", "first_or_404", "one_or_404", "paginate"})
EXECUTES = frozenset({"execute", "exec", "scalars", "scalar", "query", "get", "paginate"})
NOT_DATA = frozenset(
    {
        "model_dump", "model_dump_json", "model_validate", "model_construct", "from_orm", "parse_obj", "dict",
        "json", "to_dict", "as_dict", "serialize", "get", "keys", "items", "has_perm", "is_authenticated",
    }
)  # fmt: skip  # methods on a model instance that only read it back
AGGREGATES = frozenset({"sum", "min", "max"})
_REPOSITORY_TYPE = re.compile(r"(?:Repository|Repo|Dao|DAO|Crud|CRUD)$")
_SERVICE_TYPE = re.compile(r"(?:Service|UseCase|Interactor|Manager)$")
_SESSION_PROVIDER = re.compile(r"session|database|(?:^|_)(?:db|conn|connection)(?:$|_)", re.IGNORECASE)
_REPOSITORY_PROVIDER = re.compile(r"repo(?!rt)|crud|dao", re.IGNORECASE)
_SERVICE_PROVIDER = re.compile(r"service", re.IGNORECASE)


@dataclass(frozen=True)
class Alias:
    """``SessionDep = Annotated[Session, Depends(get_db)]``: the type and the provider."""

    type_name: str
    provider: str


@dataclass(frozen=True)
class Delegate:
    """A name in a handler that stands for a repository or service object."""

    via: str  # VIA_REPOSITORY or VIA_SERVICE
    owner: str  # its class (or the provider that builds it)
    injected: bool


@dataclass
class Frame:
    """What the names inside one handler stand for."""

    sessions: set[str] = field(default_factory=lambda: set(SESSION_NAMES))
    delegates: dict[str, Delegate] = field(default_factory=dict)
    instances: dict[str, str] = field(default_factory=dict)  # local name -> model class
    built: dict[str, str] = field(default_factory=dict)  # local name -> model of the query it holds
    results: dict[str, str] = field(default_factory=dict)  # local name -> model of the rows it holds
    injected: dict[str, str] = field(default_factory=dict)  # parameter -> what Depends(...) gives it


def module_aliases(tree: ast.Module) -> dict[str, Alias]:
    """Module-level ``X = Annotated[T, Depends(p)]`` (and ``type X = ...``) definitions."""
    out: dict[str, Alias] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            name, value = stmt.targets[0].id, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            name, value = stmt.target.id, stmt.value
        elif type(stmt).__name__ == "TypeAlias":
            name, value = getattr(getattr(stmt, "name", None), "id", ""), getattr(stmt, "value", None)  # 3.12 syntax
        else:
            continue
        alias = _annotated(value)
        if name and alias is not None:
            out[name] = alias
    return out


def _annotated(node: ast.AST | None) -> Alias | None:
    """``Annotated[T, Depends(p)]`` → Alias(T, p); None for anything else."""
    if not (isinstance(node, ast.Subscript) and last_name(node.value) == "Annotated"):
        return None
    items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    if not items:
        return None
    provider = next((_provider(i) for i in items[1:] if _provider(i) is not None), None)
    if provider is None:
        return None
    return Alias(_type_name(items[0]), provider)


def _provider(node: ast.AST | None) -> str | None:
    """``Depends(get_db)`` → "get_db"; ``Depends()`` → ""; anything else → None."""
    if isinstance(node, ast.Call) and last_name(node.func) in ("Depends", "Security"):
        return last_name(node.args[0]) if node.args else ""
    return None


def _type_name(node: ast.AST | None) -> str:
    if isinstance(node, ast.Subscript):  # Optional[X], X | None handled below
        return _type_name(node.slice)
    if isinstance(node, ast.BinOp):
        return _type_name(node.left) or _type_name(node.right)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.split(".")[-1].strip("'\"")
    name = last_name(node) if node is not None else ""
    return "" if name == "None" else name


def body_nodes(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.AST]:
    """Every node of a function's body, each statement breadth first (a call comes before
    the calls in its arguments): walked once, read by the frame, the calls and the loops."""
    return [node for stmt in fn.body for node in ast.walk(stmt)]


def frame_of(
    fn: ast.FunctionDef | ast.AsyncFunctionDef,
    bindings: dict[str, str],
    models: frozenset[str],
    aliases: dict[str, Alias],
    nodes: list[ast.AST] | None = None,
) -> Frame:
    """The handler's parameters (sessions, injected repositories, model instances) and the
    locals it binds to repositories, model instances and queries."""
    frame = Frame()
    args = fn.args
    defaults = dict(zip([a.arg for a in (args.posonlyargs + args.args)][::-1], args.defaults[::-1], strict=False)) | {
        a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=False) if d is not None
    }
    for arg in args.posonlyargs + args.args + args.kwonlyargs:
        _parameter(frame, arg, defaults.get(arg.arg), bindings, models, aliases)
    for node in body_nodes(fn) if nodes is None else nodes:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    _local(frame, target.id, node.value, bindings, models)
        elif (
            isinstance(node, ast.withitem)
            and isinstance(node.optional_vars, ast.Name)
            and last_name(node.context_expr) in SESSION_TYPES | {"SessionLocal", "session_scope", "begin"}
        ):
            frame.sessions.add(node.optional_vars.id)
    return frame


def _parameter(
    frame: Frame,
    arg: ast.arg,
    default: ast.expr | None,
    bindings: dict[str, str],
    models: frozenset[str],
    aliases: dict[str, Alias],
) -> None:
    annotation = arg.annotation
    alias = _annotated(annotation)
    if alias is None and annotation is not None and last_name(annotation) in aliases:
        alias = aliases[last_name(annotation)]
    provider = alias.provider if alias is not None else _provider(default)
    type_name = alias.type_name if alias is not None else _type_name(annotation)
    dep_alias = alias is None and annotation is not None and last_name(annotation).endswith(_ALIAS_SUFFIXES)
    if dep_alias:  # an alias defined elsewhere: ``session: SessionDep``, ``repo: ForumRepoDep``
        type_name, provider = "", last_name(annotation)
    injected = provider is not None
    hint = provider or ""
    if type_name in SESSION_TYPES or (injected and _is_session_hint(hint)):
        frame.sessions.add(arg.arg)
    delegate = _delegate_for(type_name, hint, bindings, injected)
    if delegate is not None:
        frame.delegates[arg.arg] = delegate
    elif type_name in models:
        frame.instances[arg.arg] = type_name
    if injected:
        frame.injected[arg.arg] = type_name or hint


_ALIAS_SUFFIXES = ("Dep", "Deps", "Dependency")


def _is_session_hint(hint: str) -> bool:
    """``get_db``, ``get_session``, ``SessionDep``, ``DbDep``: a provider that yields a session."""
    return bool(_SESSION_PROVIDER.search(hint) or re.match(r"(?:Db|DB)(?:[A-Z]|$)", hint))


def _delegate_for(type_name: str, provider: str, bindings: dict[str, str], injected: bool) -> Delegate | None:
    target = bindings.get(type_name)
    if target and layer_of(target) == SERVICE:
        return Delegate(access_kind(target, type_name), type_name, injected)
    if _REPOSITORY_TYPE.search(type_name):
        return Delegate(VIA_REPOSITORY, type_name, injected)
    if _SERVICE_TYPE.search(type_name):
        return Delegate(SERVICE_CALL, type_name, injected)
    if injected and not type_name and provider:
        if _REPOSITORY_PROVIDER.search(provider):
            return Delegate(VIA_REPOSITORY, provider, injected)
        if _SERVICE_PROVIDER.search(provider):
            return Delegate(SERVICE_CALL, provider, injected)
    return None


def _local(frame: Frame, name: str, value: ast.expr, bindings: dict[str, str], models: frozenset[str]) -> None:
    """Remember what an assignment in the handler binds: a repository built here, a model
    instance, a query statement, or the rows a query returned."""
    if isinstance(value, ast.Await):
        value = value.value
    if isinstance(value, ast.Call):
        callee = last_name(value.func)
        if isinstance(value.func, ast.Name) and callee[:1].isupper():
            delegate = _delegate_for(callee, "", bindings, injected=False)
            if delegate is not None:
                frame.delegates[name] = delegate
                return
            if callee in models:
                frame.instances[name] = callee
                return
            if callee in SESSION_TYPES | {"SessionLocal"}:
                frame.sessions.add(name)
                return
    model = _query_model(value, frame)
    if model is None:
        return
    builder_only = all(last_name(c.func) not in EXECUTES and not _is_orm_root(c, frame) for c in inner_calls(value))
    if builder_only and any(last_name(c.func) in SQL_BUILDERS for c in inner_calls(value)):
        frame.built[name] = model
    elif _returns_one(value):
        if model:
            frame.instances[name] = model
    else:
        frame.results[name] = model


def _returns_one(value: ast.expr) -> bool:
    method = last_name(value.func) if isinstance(value, ast.Call) else ""
    return method in {
        "get",
        "first",
        "one",
        "one_or_none",
        "scalar",
        "scalar_one",
        "scalar_one_or_none",
        "get_or_404",
        "first_or_404",
        "one_or_404",
        "get_object_or_404",
        "latest",
        "earliest",
        "create",
    }


def _is_orm_root(call: ast.Call, frame: Frame) -> bool:
    names = chain(call.func)
    return len(names) >= 2 and names[-2] in frame.sessions


def _query_model(value: ast.expr, frame: Frame) -> str | None:
    """The model a query expression reads ("" when unknown), or None when it is no query."""
    for call in inner_calls(value):
        names = chain(call.func)
        if not names:
            continue
        if len(names) >= 3 and names[-2] in ("objects", "query"):
            return _model(names[-3])
        if names[-1] in SQL_BUILDERS | DJANGO_SHORTCUTS and (len(names) == 1 or names == ["db", names[-1]]):
            return first_model_arg(call)
        if len(names) >= 2 and names[-2] in frame.sessions:
            return first_model_arg(call) or _built_model(call, frame)
        if len(names) == 2 and names[0] == "db" and names[1] in FLASK_SQLALCHEMY_HELPERS:
            return first_model_arg(call) or _built_model(call, frame)
    return None


def _built_model(call: ast.Call, frame: Frame) -> str:
    """``session.exec(statement)`` where ``statement = select(Item)...`` was built above."""
    if call.args and isinstance(call.args[0], ast.Name):
        return frame.built.get(call.args[0].id, "")
    return ""


def _model(name: str) -> str:
    return name if name[:1].isupper() and not name.isupper() else ""


def first_model_arg(call: ast.Call) -> str:
    """The model a call names first: ``session.query(User)``, ``get_object_or_404(User, …)``,
    ``session.execute(select(User).where(…))``."""
    if not call.args:
        return ""
    first = call.args[0]
    if isinstance(first, ast.Name):
        return _model(first.id)
    for inner in inner_calls(first):
        if last_name(inner.func) in SQL_BUILDERS | {"query"} and inner.args and isinstance(inner.args[0], ast.Name):
            return _model(inner.args[0].id)
    return ""


# -- calls -----------------------------------------------------------------------------------


def handler_calls(
    nodes: list[ast.AST], frame: Frame, bindings: dict[str, str], sql_builders: frozenset[str], models: frozenset[str]
) -> tuple[list[Call], set[int]]:
    """The data calls among a handler body's nodes (``body_nodes``), one per query, and the
    ids of the ORM call nodes."""
    calls: list[Call] = []
    orm_nodes: set[int] = set()
    nested: set[int] = set()
    for node in nodes:
        if not isinstance(node, ast.Call):
            continue
        found = classify_call(node, frame, bindings, sql_builders, models)
        if found is None:
            continue
        if found.kind == ORM:
            orm_nodes.add(id(node))
            if id(node) in nested or _only_builds(node, found, frame, sql_builders):
                continue
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                nested.update(id(n) for n in ast.walk(arg) if isinstance(n, ast.Call))
        calls.append(found)
    calls.sort(key=lambda c: c.line)
    return calls, orm_nodes


def _only_builds(node: ast.Call, found: Call, frame: Frame, sql_builders: frozenset[str]) -> bool:
    """``select(Item)`` assigned to a statement that a session executes later: the query is
    counted where it runs."""
    builder = found.text in sql_builders or found.text in {f"db.{b}" for b in SQL_BUILDERS}
    return builder and bool(frame.built)


def classify_call(
    call: ast.Call, frame: Frame, bindings: dict[str, str], sql_builders: frozenset[str], models: frozenset[str]
) -> Call | None:
    """An ORM, service/repository or model-method call, or None for anything else. Each
    chain counts once: ``Order.objects.filter(...).first()`` is one ORM call on Order."""
    names = chain(call.func)
    if not names:
        return None
    text = ".".join(names)
    line = call.lineno
    head = names[0]
    if len(names) >= 3 and names[-2] == "objects":
        return Call(line, text, ORM, _model(names[-3]))
    if len(names) >= 3 and names[-2] == "query" and _model(names[-3]):
        return Call(line, text, ORM, names[-3])
    if len(names) >= 2 and names[-2] in frame.sessions:
        model = first_model_arg(call) or _built_model(call, frame) if names[-1] in EXECUTES else ""
        return Call(line, text, ORM, model)
    if len(names) == 2 and head == "db" and names[1] in FLASK_SQLALCHEMY_HELPERS | SQL_BUILDERS:
        return Call(line, text, ORM, first_model_arg(call) or _built_model(call, frame))
    if len(names) == 1 and (head in DJANGO_SHORTCUTS | FLASK_SQLALCHEMY_HELPERS or head in sql_builders):
        return Call(line, text, ORM, first_model_arg(call) or _built_model(call, frame))
    if head in frame.delegates and len(names) >= 2:
        d = frame.delegates[head]
        return Call(line, text, SERVICE_CALL, via=_via(d.via), owner=d.owner, injected=d.injected)
    target = bindings.get(head)
    if target and layer_of(target) == SERVICE:
        return Call(line, text, SERVICE_CALL, via=_via(access_kind(target, head)), owner=head)
    if any("service" in n.lower() for n in names[:-1]) or names[-1].lower().endswith(("_service", "service_factory")):
        return Call(line, text, SERVICE_CALL, owner=next((n for n in names[:-1] if "service" in n.lower()), head))
    if len(names) == 2 and names[1] not in NOT_DATA and not names[1].startswith("__"):
        if head in frame.instances:
            return Call(line, text, MODEL_METHOD, frame.instances[head], owner=frame.instances[head])
        if head in models and names[1][:1].islower():
            return Call(line, text, MODEL_METHOD, head, owner=head)
    return None


def _via(access: str) -> str:
    return VIA_REPOSITORY if access == VIA_REPOSITORY else ""


# -- aggregation loops -----------------------------------------------------------------------


def aggregation_loops(nodes: list[ast.AST], frame: Frame, orm_nodes: set[int]) -> list[AggregationLoop]:
    """Among a handler body's nodes: loops over query results whose body accumulates
    (``total += row.amount``, ``counts[k] += 1``), and ``sum/min/max(... for row in <query>)``."""
    out: list[AggregationLoop] = []
    gathered = _gathering_names(nodes)
    for node in nodes:
        if isinstance(node, (ast.For, ast.AsyncFor)):
            model = _rows_of(node.iter, frame, orm_nodes)
            how = _accumulation(node.body, gathered)
            if model is not None and how:
                out.append(
                    AggregationLoop(node.lineno, node.end_lineno or node.lineno, ast.unparse(node.iter), how, model)
                )
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in AGGREGATES:
            gen = node.args[0] if node.args else None
            if isinstance(gen, (ast.GeneratorExp, ast.ListComp)) and gen.generators:
                model = _rows_of(gen.generators[0].iter, frame, orm_nodes)
                if model is not None:
                    source = ast.unparse(gen.generators[0].iter)
                    out.append(
                        AggregationLoop(
                            node.lineno, node.end_lineno or node.lineno, source, f"{node.func.id}(...)", model
                        )
                    )
    out.sort(key=lambda loop: loop.line)
    return out


def _rows_of(node: ast.expr, frame: Frame, orm_nodes: set[int]) -> str | None:
    """The model of the rows an expression yields when it is a query's result, else None."""
    if isinstance(node, ast.Await):
        node = node.value
    root = node
    while isinstance(root, ast.Call) and isinstance(root.func, ast.Attribute) and id(root) not in orm_nodes:
        root = root.func.value  # rows.all(), result.scalars()
    if isinstance(root, ast.Name) and root.id in frame.results:
        return frame.results[root.id]
    if any(id(c) in orm_nodes for c in inner_calls(node)) or id(root) in orm_nodes:
        return _query_model(node, frame) or ""
    return None


def _gathering_names(nodes: list[ast.AST]) -> set[str]:
    """Names the handler starts as text or a collection (``msg = ""``, ``ids = []``)."""
    return {
        target.id
        for node in nodes
        if isinstance(node, ast.Assign)
        and (_builds_collection_or_text(node.value) or isinstance(node.value, (ast.Dict, ast.DictComp)))
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def _accumulation(body: list[ast.stmt], gathered: frozenset[str] | set[str] = frozenset()) -> str:
    """How a loop body aggregates: ``total +=``, ``counts[...] +=``, or ``d[k] = d.get(k, 0) + v``."""
    for stmt in body:
        for node in ast.walk(stmt):
            if (
                isinstance(node, ast.AugAssign)
                and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult))
                and not _builds_collection_or_text(node.value)
                and not (isinstance(node.target, ast.Name) and node.target.id in gathered)
            ):
                target = ast.unparse(node.target)
                return f"{target} {_OPS[type(node.op)]}="
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Subscript)
                and isinstance(node.value, ast.BinOp)
                and isinstance(node.value.op, ast.Add)
                and any(last_name(c.func) == "get" for c in ast.walk(node.value) if isinstance(c, ast.Call))
            ):
                return f"{ast.unparse(node.targets[0])} = ... + ..."
    return ""


def _builds_collection_or_text(value: ast.expr) -> bool:
    """``ids += [row.id]``, ``html += f"<li>…"``: gathering, not adding up."""
    if isinstance(value, (ast.List, ast.ListComp, ast.Tuple, ast.Set, ast.JoinedStr)):
        return True
    return isinstance(value, ast.Constant) and isinstance(value.value, str)


_OPS: dict[type, str] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*"}
