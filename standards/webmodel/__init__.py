"""Framework model extraction: what a web app's handlers, schema and queries are,
recovered by parsing alone (never importing or running the analysed code).

``extract(ctx)`` builds a :class:`WebModel` once per :class:`Context`; analyzers and rules
share it. Each language lives in its own module (``python_code``/``python_schema``,
``ruby``, ``javascript``); this module only decides which extractors apply and joins them.
"""

from __future__ import annotations

import re

from standards import roles
from standards.context import Context
from standards.webmodel import accessors, javascript, python_access, python_code, python_schema, ruby
from standards.webmodel._pyast import Parsed
from standards.webmodel.accessors import DataLayer, Home, data_layer, home_for
from standards.webmodel.imports import (
    ModuleIndex,
    all_imports,
    js_bindings,
    python_bindings,
)
from standards.webmodel.layers import HANDLER, SERVICE_LAYER, layer_of
from standards.webmodel.model import (
    ACCESS_KINDS,
    MODEL_METHOD,
    ORM,
    SERVICE,
    VIA_MODEL,
    VIA_ORM,
    VIA_REPOSITORY,
    VIA_SERVICE,
    AggregationLoop,
    Call,
    Column,
    DataAccessor,
    Handler,
    Import,
    Index,
    QuerySite,
    Schema,
    Table,
    WebModel,
)

__all__ = [
    "ACCESS_KINDS",
    "MODEL_METHOD",
    "ORM",
    "SERVICE",
    "VIA_MODEL",
    "VIA_ORM",
    "VIA_REPOSITORY",
    "VIA_SERVICE",
    "AggregationLoop",
    "Call",
    "Column",
    "DataAccessor",
    "DataLayer",
    "Handler",
    "Home",
    "Import",
    "Index",
    "QuerySite",
    "Schema",
    "Table",
    "WebModel",
    "data_layer",
    "extract",
    "home_for",
]

ROUTE_HINT = re.compile(r"@\w+\.(?:route|get|post|put|patch|delete|api_route)\(|MethodView")
_JS_ROUTE_HINT = re.compile(r"\.(?:get|post|put|patch|delete|all)\(\s*['\"`]/")
_JS_QUERY_HINT = re.compile(r"\.(?:where|andWhere|orWhere|whereIn|findOne)\(")
_MIGRATION_HINT = re.compile(r"alembic|AddIndex|RemoveIndex|AddConstraint")


def extract(ctx: Context, only: frozenset[str] | None = None) -> WebModel:
    """The web model of the repository behind ``ctx`` (computed once per context).

    With ``only``, handlers, query sites and imports come from those files alone (the
    files a change touches: what a pre-commit check needs, without parsing the whole
    repository); the layer map still covers every file."""
    key = ("webmodel", only)
    model = ctx.memo.get(key)
    if model is None:
        model = ctx.memo[key] = _extract(ctx, only)
    return model


def focus(paths: list[str], mode: str) -> frozenset[str] | None:
    """The ``only`` argument for a check: None for --all, else the selected files."""
    return None if mode == "all" else frozenset(paths)


_SCHEMA_PATH = re.compile(r"(^|/)(models?|schema|migrations?|versions|alembic|db|entities|tables)(/|\.py$|_)")


def schema_focus(ctx: Context, paths: list[str], mode: str) -> frozenset[str] | None:
    """For schema rules on a change: the selected files plus every file whose path says it
    declares tables (models, migrations, schema), so indexes declared anywhere are known."""
    if mode == "all":
        return None
    declared = {f.path for f in ctx.discovery.files if _SCHEMA_PATH.search(f.path)}
    return frozenset(paths) | frozenset(declared)


def _extract(ctx: Context, only: frozenset[str] | None = None) -> WebModel:
    web = WebModel()
    index = ModuleIndex.build([f.path for f in ctx.files("python")])
    parsed = {
        f.path: Parsed.of(mod)
        for f in ctx.files("python")
        if (only is None or f.path in only) and _worth_parsing(ctx, f.path) and (mod := ctx.python(f.path)) is not None
    }
    if parsed:
        _python(ctx, list(parsed.values()), index, web)
        _python_accessors(ctx, parsed, web)
    if ctx.files("ruby") and _is_rails(ctx):
        _ruby(ctx, web, only)
    if ctx.files("javascript", "typescript"):
        _javascript(ctx, web, only)
    layered = [f.path for f in ctx.discovery.files if layer_of(f.path)]
    web.layers = {p: layer_of(p) or "" for p in layered}
    web.imports = [i for i in all_imports(ctx, parsed, index, set(layered)) if i.target in web.layers]
    return web


def _worth_parsing(ctx: Context, path: str) -> bool:
    """Library code, and the migrations that can change indexes (most Django migrations
    only add fields the models already declare, and parsing them all is slow)."""
    role = roles.role(path)
    if role == "library":
        return True
    return role == "migration" and bool(_MIGRATION_HINT.search(ctx.text(path) or ""))


def _python(ctx: Context, modules: list[Parsed], index: ModuleIndex, web: WebModel) -> None:
    if "django" in ctx.frameworks:
        python_schema.django_schema(modules, web.schema)
    python_schema.sqlalchemy_schema(modules, web.schema)
    python_schema.alembic_schema(modules, web.schema)
    models = frozenset(web.schema.models)
    aliases: dict[str, python_access.Alias] = {}
    for mod in modules:
        if "Depends" in mod.text and "Annotated" in mod.text:
            aliases.update(python_access.module_aliases(mod.tree))
    for mod in modules:
        if not roles.is_library(mod.path):
            continue
        if layer_of(mod.path) == HANDLER or ROUTE_HINT.search(mod.text):
            scope = python_code.ModuleScope.of(mod, python_bindings(mod, index), models, aliases)
            web.handlers.extend(python_code.handlers(mod, scope, ctx.frameworks))
        web.queries.extend(python_code.queries(mod))


def _python_accessors(ctx: Context, parsed: dict[str, Parsed], web: WebModel) -> None:
    """The data layer's classes: from the parsed files, plus (on a change) every
    service-layer file and the files that declare the models, which a fix may name."""
    modules = dict(parsed)
    wanted = {f.path for f in ctx.files("python") if layer_of(f.path) == SERVICE_LAYER}
    wanted |= {t.path for t in web.schema.tables.values() if t.model}
    for path in sorted(wanted - set(modules)):
        mod = ctx.python(path)
        if mod is not None:
            modules[path] = Parsed.of(mod)
    web.accessors.extend(accessors.python_accessors(list(modules.values()), frozenset(web.schema.models)))


def _is_rails(ctx: Context) -> bool:
    return "rails" in ctx.frameworks or any(
        f.path.startswith(("app/controllers/", "app/models/", "db/")) for f in ctx.files("ruby")
    )


def _ruby(ctx: Context, web: WebModel, only: frozenset[str] | None = None) -> None:
    ruby.rails_schema(ctx, web.schema)
    models = ruby.rails_models(ctx)
    services = ruby.service_classes(ctx)
    web.accessors.extend(ruby.accessors(ctx, models))
    for f in ctx.files("ruby"):
        if (only is not None and f.path not in only) or not roles.is_library(f.path):
            continue
        tree = ctx.tree(f.path, "ruby")
        if tree is None:
            continue
        web.handlers.extend(ruby.handlers(ctx, f.path, tree, set(models), services))
        web.queries.extend(ruby.queries(f.path, tree, models))


def _javascript(ctx: Context, web: WebModel, only: frozenset[str] | None = None) -> None:
    everything = ctx.files("javascript", "typescript")
    paths = {f.path for f in everything}
    files = [f for f in everything if only is None or f.path in only]
    mysql = "mysql" in ctx.frameworks
    found_tables = False
    for f in files:
        text = ctx.text(f.path) or ""
        role = roles.role(f.path)
        wants_handlers = role == "library" and (layer_of(f.path) == HANDLER or _JS_ROUTE_HINT.search(text))
        wants_queries = role == "library" and _JS_QUERY_HINT.search(text)
        wants_schema = role in ("library", "migration") and ("createTable" in text or "@@INDEXES@@" in text)
        if not (wants_handlers or wants_queries or wants_schema):
            if layer_of(f.path) == "model":
                web.schema.models.update(javascript.model_tables(text))
            continue
        tree = ctx.tree(f.path, f.language)
        if tree is None:
            continue
        if wants_handlers:
            _, bindings = js_bindings(f.path, tree, paths)
            web.handlers.extend(javascript.handlers(f.path, tree, f.language, bindings))
        if wants_queries:
            web.queries.extend(javascript.queries(f.path, tree, f.language))
        if wants_schema:
            tables = javascript.knex_tables(f.path, tree, f.language) + javascript.schema_objects(f.path, tree)
            for table in tables:
                if mysql:  # InnoDB indexes every foreign key column by itself
                    for col in table.columns.values():
                        col.auto_indexed |= bool(col.references)
                web.schema.add(table)
            found_tables |= bool(tables)
        if layer_of(f.path) == "model":
            web.schema.models.update(javascript.model_tables(text))
    if found_tables:
        web.schema.style.setdefault("migrations", "knex")
        web.schema.style["knex_mysql"] = mysql
