"""The repository's data layer as its handlers use it: the repositories, services and model
classes that own queries, which of them the handlers really call, and where a query found
in a handler belongs. Fixes and the playbook name these, never a layer the repo lacks."""

from __future__ import annotations

import ast
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath

from standards import roles
from standards.webmodel._pyast import Parsed
from standards.webmodel.layers import MODEL, SERVICE, access_kind, layer_of, layer_root
from standards.webmodel.model import (
    ORM,
    VIA_MODEL,
    VIA_ORM,
    VIA_REPOSITORY,
    VIA_SERVICE,
    Call,
    DataAccessor,
    Handler,
    WebModel,
)

MIN_HANDLERS = 3  # handlers that must reach data one way before it is "the repo's way" …
MIN_SHARE = 0.2  # … and the share of the data-touching handlers they must be
DELEGATING = (VIA_REPOSITORY, VIA_SERVICE, VIA_MODEL)


@dataclass(frozen=True)
class DataLayer:
    """How this repo's handlers reach data, by the handlers themselves."""

    kind: str  # VIA_REPOSITORY, VIA_SERVICE, VIA_MODEL, or VIA_ORM when handlers query directly
    handlers: int  # handlers that reach data this way
    total: int  # handlers that touch data at all
    root: str  # where that layer lives ("app/repositories/", "app/models.py"); "" for the ORM
    example: Handler | None = None  # a handler that does it, the smallest
    example_call: Call | None = None

    @property
    def noun(self) -> str:
        return {VIA_REPOSITORY: "repository", VIA_SERVICE: "service", VIA_MODEL: "model method"}.get(self.kind, "ORM")


@dataclass(frozen=True)
class Home:
    """Where a handler's queries belong: an accessor of the repo's own data layer."""

    accessor: DataAccessor
    reason: str  # "the handler already calls it", "it already queries Forum"

    def sentence(self, what: str) -> str:
        """``move the query on Forum into a method on ForumRepository like the others in app/repositories/forum.py``."""
        acc = self.accessor
        examples = ", ".join(acc.methods[:2])
        like = f" ({examples})" if examples else ""
        if acc.kind == VIA_MODEL and acc.methods:
            return f"move {what} into a method on the {acc.name} model in {acc.path}, beside its others{like}"
        if acc.kind == VIA_MODEL:
            return f"move {what} into a method on the {acc.name} model in {acc.path}, as handlers here call models"
        if _is_module(acc):
            return f"move {what} into a function in {acc.path}, like the others there{like}"
        return f"move {what} into a method on {acc.name} like the others in {acc.path}{like}"


def _is_module(acc: DataAccessor) -> bool:
    return acc.name == PurePosixPath(acc.path).stem and not acc.name[:1].isupper()


# -- the accessors of the repository ---------------------------------------------------------


def python_accessors(modules: list[Parsed], models: frozenset[str]) -> list[DataAccessor]:
    """Repository and service classes (and modules of functions) in the service layer, and
    model classes with methods of their own."""
    out: list[DataAccessor] = []
    for mod in modules:
        if not roles.is_library(mod.path):
            continue
        layer = layer_of(mod.path)
        if layer == SERVICE:
            out.extend(_service_module(mod, models))
        elif layer == MODEL or any(c.name in models for c in mod.classes):
            out.extend(_model_classes(mod, models))
    return out


def _names_in(node: ast.AST, models: frozenset[str]) -> tuple[str, ...]:
    found = [n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in models]
    return tuple(dict.fromkeys(found))


def _public_methods(body: list[ast.stmt]) -> tuple[str, ...]:
    return tuple(
        n.name for n in body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and not n.name.startswith("_")
    )


def _service_module(mod: Parsed, models: frozenset[str]) -> list[DataAccessor]:
    out = []
    for node in mod.tree.body:
        if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            methods = _public_methods(node.body)
            if methods:
                kind = access_kind(mod.path, node.name)
                out.append(DataAccessor(node.name, kind, mod.path, node.lineno, _names_in(node, models), methods))
    functions = _public_methods(mod.tree.body)
    if functions:
        stem = PurePosixPath(mod.path).stem
        name = stem if stem != "__init__" else PurePosixPath(mod.path).parent.name
        first = next(n for n in mod.tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))
        out.append(
            DataAccessor(name, access_kind(mod.path), mod.path, first.lineno, _names_in(mod.tree, models), functions)
        )
    return out


def _model_classes(mod: Parsed, models: frozenset[str]) -> list[DataAccessor]:
    out = []
    for node in mod.classes:
        if node.name in models:
            methods = tuple(m for m in _public_methods(node.body) if not m.startswith("__"))
            if methods:
                out.append(DataAccessor(node.name, VIA_MODEL, mod.path, node.lineno, (node.name,), methods))
    return out


# -- the layer the handlers use --------------------------------------------------------------


def data_layer(web: WebModel) -> DataLayer | None:
    """The way most of this repo's data-touching handlers reach data: through a repository,
    a service, a model's own methods, or (when none reaches MIN_HANDLERS handlers and MIN_SHARE
    of them) the ORM itself. None when no handler touches data."""
    touching = [h for h in web.handlers if h.calls]
    if not touching:
        return None
    by_kind: dict[str, list[Handler]] = {kind: [] for kind in (*DELEGATING, VIA_ORM)}
    for handler in touching:
        for kind in {c.access for c in handler.calls}:
            by_kind[kind].append(handler)
    ranked = sorted(DELEGATING, key=lambda k: (-len(by_kind[k]), DELEGATING.index(k)))
    common = len(by_kind[ranked[0]])
    kind = ranked[0] if common >= MIN_HANDLERS and common >= MIN_SHARE * len(touching) else VIA_ORM
    users = by_kind[kind]
    if not users:
        return DataLayer(kind, 0, len(touching), "")
    example = min(users, key=lambda h: (len(h.calls_of(ORM)) if kind != VIA_ORM else 0, h.statements, h.location))
    call = next((c for c in example.calls if c.access == kind), None)
    return DataLayer(kind, len(users), len(touching), _root(web, kind, users), example, call)


def _root(web: WebModel, kind: str, users: list[Handler]) -> str:
    if kind == VIA_ORM:
        return ""
    owners = Counter(c.owner for h in users for c in h.calls if c.access == kind and c.owner)
    paths = Counter()
    for owner, n in owners.items():
        for acc in web.accessors:
            if acc.name == owner and acc.kind == kind:
                paths[acc.path] += n
    if not paths:
        paths.update(a.path for a in web.accessors if a.kind == kind)
    if not paths:
        return ""
    top = paths.most_common(1)[0][0]
    return layer_root(top) if kind != VIA_MODEL else top


def _main_model(handler: Handler, models: list[str]) -> list[str]:
    """Among several models, the one the handler queries most, when one does; [] when the
    queries spread evenly (a dashboard's counts have no single model to own them)."""
    if len(models) <= 1:
        return models
    counts = Counter(c.model for c in handler.calls_of(ORM) if c.model in models)
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return []
    return [ranked[0][0]]


def home_for(web: WebModel, handler: Handler, models: list[str] | None = None) -> Home | None:
    """The accessor of the repo's own data layer that should own ``handler``'s queries on
    ``models`` (default: every model it queries): the one the handler already calls, else
    the one that already queries the first of those models, else the busiest of its kind."""
    layer = data_layer(web)
    if layer is None or layer.kind == VIA_ORM:
        return None
    wanted = models if models is not None else handler.query_models()
    kind_of = [a for a in web.accessors if a.kind == layer.kind]
    if layer.kind == VIA_MODEL:
        wanted = _main_model(handler, wanted)
        for model in wanted:
            acc = next((a for a in kind_of if a.name == model), None)
            if acc is not None:
                return Home(acc, f"it is the {model} model")
            table = web.schema.table_for(model)
            if table is not None and table.model == model:
                return Home(
                    DataAccessor(model, VIA_MODEL, table.path, table.line, (model,)), "handlers here call models"
                )
        return None
    called = {c.owner for c in handler.calls if c.access == layer.kind and c.owner}
    for acc in kind_of:
        if acc.name in called and (not wanted or set(acc.models) & set(wanted)):
            return Home(acc, "the handler already calls it")
    for model in wanted:
        owners = [a for a in kind_of if model in a.models]
        if owners:
            best = max(owners, key=lambda a: (a.name in called, len(set(a.models) & set(wanted)), len(a.methods)))
            return Home(best, f"it already queries {model}")
    for acc in kind_of:
        if acc.name in called:
            return Home(acc, "the handler already calls it")
    return None
