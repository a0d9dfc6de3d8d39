"""Express/knex apps: route handlers and controller objects, knex schema builders and
declarative schema objects (``{posts: {id: {type: 'string', primary: true}}}``), and
query sites (``knex('posts').where({...})``, ``Model.findOne({...})``)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from standards import roles, treesitter
from standards.treesitter import node_text, walk
from standards.webmodel.layers import HANDLER, MODEL, SERVICE, access_kind, layer_of
from standards.webmodel.model import (
    ORM,
    VIA_REPOSITORY,
    Call,
    Column,
    Handler,
    Index,
    QuerySite,
    Table,
)
from standards.webmodel.model import (
    SERVICE as SERVICE_CALL,
)

ROUTE_METHODS = frozenset({"get", "post", "put", "patch", "delete", "all"})
ROUTER_NAME = re.compile(r"(^|\.)(app|router|api|routes?|\w+Router)$")
HANDLER_PARAMS = frozenset({"req", "request", "ctx", "frame"})
FUNCTIONS = frozenset(
    {
        "arrow_function",
        "function_expression",
        "function",
        "function_declaration",
        "method_definition",
    }
)
KNEX_WHERE = frozenset({"where", "andWhere", "orWhere", "whereIn", "first"})
MODEL_LOOKUPS = frozenset({"findOne", "where", "findAll", "findPage", "edit", "destroy"})
KNEX_ROOTS = frozenset({"knex", "db", "trx", "transacting"})
MODEL_STATICS = frozenset(
    {
        "findAll",
        "findOne",
        "findByPk",
        "findById",
        "find",
        "findAndCountAll",
        "findOrCreate",
        "create",
        "bulkCreate",
        "update",
        "destroy",
        "count",
        "aggregate",
        "countDocuments",
        "findOneAndUpdate",
        "findByIdAndUpdate",
        "findOneAndDelete",
        "findByIdAndDelete",
        "deleteMany",
        "deleteOne",
        "updateMany",
        "updateOne",
        "insertMany",
        "upsert",
        "sum",
        "max",
        "min",
        "query",
        "where",
    }
)  # Sequelize, Mongoose, Objection and Bookshelf statics on a model class
JS_GLOBALS = frozenset({"Object", "Array", "Promise", "Math", "JSON", "Date", "Reflect", "Number", "String", "Buffer"})
_MODEL_TABLE = re.compile(r"(\w+)\s*=\s*[\w.]+\.extend\(\s*\{[^{}]*?tableName:\s*['\"](\w+)", re.DOTALL)
_CALLS_PATTERN = "(call_expression function: (member_expression property: (property_identifier) @prop))"


@cache
def _query(grammar: str) -> Any:
    from tree_sitter import Query

    parser = treesitter._parser(grammar)
    return Query(parser.language, _CALLS_PATTERN)


def member_calls(tree: Any, language: str, path: str) -> list[tuple[Any, str, Any]]:
    """(call node, property name, arguments node) for every ``x.prop(...)`` call."""
    from tree_sitter import QueryCursor

    captures = QueryCursor(_query(treesitter.grammar_for(language, path))).captures(tree.root_node)
    out = []
    for prop in captures.get("prop", []):
        call = prop.parent.parent
        out.append((call, node_text(prop), call.child_by_field_name("arguments")))
    out.sort(key=lambda item: item[0].start_byte)
    return out


def _string(node: Any | None) -> str | None:
    if node is not None and node.type in ("string", "template_string"):
        return node_text(node)[1:-1]
    return None


def _args(args: Any) -> list[Any]:
    return [a for a in args.named_children if a.type != "comment"] if args is not None else []


def _statements(body: Any) -> int:
    return sum(
        1
        for node in walk(body)
        if node.is_named
        and node.type != "comment"
        and node.parent is not None
        and node.parent.type == "statement_block"
    )


def _first_param(fn: Any) -> str:
    params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
    if params is None:
        return ""
    if params.type == "identifier":
        return node_text(params)
    named = [p for p in params.named_children if p.type != "comment"]
    return node_text(named[0]).split("=")[0].split(":")[0].strip() if named else ""


# -- handlers ------------------------------------------------------------------------------


def handlers(path: str, tree: Any, language: str, bindings: dict[str, str]) -> list[Handler]:
    if not roles.is_library(path):
        return []
    out: list[Handler] = []
    seen: set[int] = set()
    for call, prop, args in member_calls(tree, language, path):
        if prop not in ROUTE_METHODS:
            continue
        fn_node = call.child_by_field_name("function")
        receiver = node_text(fn_node.child_by_field_name("object")) if fn_node is not None else ""
        items = _args(args)
        route = _string(items[0]) if items else None
        if route is None or not ROUTER_NAME.search(receiver):
            continue
        for item in items[1:]:
            if item.type in FUNCTIONS and item.id not in seen:
                seen.add(item.id)
                out.append(_handler(path, f"{prop.upper()} {route}", item, bindings))
    if layer_of(path) == HANDLER:
        for node in walk(tree.root_node):
            if node.type in FUNCTIONS and node.id not in seen and _is_controller_function(node):
                seen.add(node.id)
                out.append(_handler(path, _function_name(node), node, bindings))
    return out


def _is_controller_function(fn: Any) -> bool:
    param = _first_param(fn)
    if param in HANDLER_PARAMS - {"frame"}:
        return True
    return param == "frame" and _function_name(fn) != "anonymous"


def _function_name(fn: Any) -> str:
    """``browse`` for ``browse: {query(frame) {...}}``, else the method/function/key name."""
    name = fn.child_by_field_name("name")
    own = node_text(name) if name is not None else ""
    parent = fn.parent
    if own == "query" or own == "":
        while parent is not None and parent.type not in (
            "pair",
            "variable_declarator",
            "assignment_expression",
        ):
            if parent.type == "program":
                break
            parent = parent.parent
        if parent is not None and parent.type == "pair":
            return node_text(parent.child_by_field_name("key"))
        if parent is not None and parent.type == "variable_declarator":
            return node_text(parent.child_by_field_name("name"))
        if parent is not None and parent.type == "assignment_expression":
            return node_text(parent.child_by_field_name("left")).split(".")[-1]
    return own or "anonymous"


def _handler(path: str, name: str, fn: Any, bindings: dict[str, str]) -> Handler:
    body = fn.child_by_field_name("body")
    statements = _statements(body) if body is not None and body.type == "statement_block" else 1
    calls = []
    if body is not None:
        for node in walk(body):
            if node.type == "call_expression":
                call = classify(node, bindings)
                if call is not None:
                    calls.append(call)
    return Handler(
        path,
        name,
        fn.start_point[0] + 1,
        fn.end_point[0] + 1,
        statements,
        "express",
        calls,
    )


def classify(node: Any, bindings: dict[str, str]) -> Call | None:
    fn = node.child_by_field_name("function")
    if fn is None:
        return None
    text = node_text(fn)
    if fn.type not in ("identifier", "member_expression") or "(" in text:
        return None
    parts = text.replace("?.", ".").split(".")
    line = node.start_point[0] + 1
    target = bindings.get(parts[0])
    layer = layer_of(target) if target else None
    if parts[0] in KNEX_ROOTS or parts[-1] == "knex" or (layer == MODEL and len(parts) >= 2):
        model = parts[1] if len(parts) > 2 and parts[1][:1].isupper() else ""
        return Call(line, text, ORM, model)
    if len(parts) == 2 and parts[0][:1].isupper() and parts[0] not in JS_GLOBALS and parts[1] in MODEL_STATICS:
        return Call(line, text, ORM, parts[0])
    if layer == SERVICE:
        via = VIA_REPOSITORY if access_kind(target or "") == VIA_REPOSITORY else ""
        return Call(line, text, SERVICE_CALL, via=via, owner=parts[0])
    return None


# -- query sites ---------------------------------------------------------------------------


def model_tables(text: str) -> dict[str, str]:
    """Bookshelf-style ``Post = Model.extend({tableName: 'posts'})`` → {"Post": "posts"}."""
    return {m.group(1): m.group(2) for m in _MODEL_TABLE.finditer(text)}


def queries(path: str, tree: Any, language: str) -> list[QuerySite]:
    if not roles.is_library(path):
        return []
    out: list[QuerySite] = []
    for call, prop, args in member_calls(tree, language, path):
        items = _args(args)
        line = call.start_point[0] + 1
        if prop in KNEX_WHERE:
            table = _knex_table(call)
            if table:
                out.extend(QuerySite(path, line, table, c, "eq", "knex") for c in _where_columns(items))
        elif prop in MODEL_LOOKUPS and items and items[0].type == "object":
            obj = call.child_by_field_name("function").child_by_field_name("object")
            model = node_text(obj).split(".")[-1]
            if model[:1].isupper():
                out.extend(QuerySite(path, line, model, c, "eq", "knex") for c in _object_keys(items[0]))
    return out


def _knex_table(call: Any) -> str:
    node = call
    while node is not None and node.type in (
        "call_expression",
        "member_expression",
        "await_expression",
    ):
        if node.type == "call_expression":
            fn = node.child_by_field_name("function")
            items = _args(node.child_by_field_name("arguments"))
            name = node_text(fn).split(".")[-1] if fn is not None else ""
            if (name in KNEX_ROOTS or name in ("from", "table", "into")) and items and _string(items[0]):
                return _string(items[0]).split(" ")[0]
            node = fn
        else:
            node = node.child_by_field_name("object")
    return ""


def _where_columns(items: list[Any]) -> list[str]:
    if not items:
        return []
    if items[0].type == "object":
        return _object_keys(items[0])
    col = _string(items[0])
    if col and (len(items) == 2 or (len(items) == 3 and _string(items[1]) == "=")):
        return [col.split(".")[-1]]
    return []


def _object_keys(obj: Any) -> list[str]:
    keys = []
    for pair in obj.named_children:
        if pair.type == "pair":
            key = pair.child_by_field_name("key")
            keys.append(node_text(key).strip("'\"").split(".")[-1])
        elif pair.type == "shorthand_property_identifier":
            keys.append(node_text(pair))
    return keys


# -- schema --------------------------------------------------------------------------------


def knex_tables(path: str, tree: Any, language: str) -> list[Table]:
    """``knex.schema.createTable('t', (table) => {...})`` and ``alterTable``/``table``."""
    out = []
    for call, prop, args in member_calls(tree, language, path):
        items = _args(args)
        if prop not in ("createTable", "alterTable", "table") or len(items) < 2:
            continue
        name = _string(items[0])
        fn = items[1]
        if not name or fn.type not in FUNCTIONS:
            continue
        table = Table(name, "knex", path, call.start_point[0] + 1)
        param = _first_param(fn)
        for stmt in walk(fn):
            if stmt.type == "expression_statement":
                _knex_column(
                    stmt.named_children[0] if stmt.named_children else stmt,
                    param,
                    table,
                    path,
                )
        out.append(table)
    return out


def _knex_column(expr: Any, param: str, table: Table, path: str) -> None:
    links: list[tuple[str, list[Any]]] = []
    node = expr
    while node is not None and node.type == "call_expression":
        fn = node.child_by_field_name("function")
        if fn is None or fn.type != "member_expression":
            break
        links.append(
            (
                node_text(fn.child_by_field_name("property")),
                _args(node.child_by_field_name("arguments")),
            )
        )
        node = fn.child_by_field_name("object")
    if node is None or node_text(node) != param or not links:
        return
    links.reverse()
    head, head_args = links[0]
    line = expr.start_point[0] + 1
    if head in ("index", "unique", "primary") and head_args:
        cols = tuple(_array_strings(head_args[0]))
        if cols:
            table.indexes.append(
                Index(
                    cols,
                    path,
                    line,
                    unique=head != "index",
                    name=_string(head_args[1]) if len(head_args) > 1 else "",
                )
            )
        return
    col_name = _string(head_args[0]) if head_args else None
    if not col_name:
        return
    col = table.columns.setdefault(col_name, Column(col_name, path, line))
    col.primary |= head in ("increments", "bigIncrements")
    for method, margs in links[1:]:
        col.indexed |= method == "index"
        col.unique |= method == "unique"
        col.primary |= method == "primary"
        if method == "references" and margs:
            col.references = _string(margs[0]) or "?"
        if method == "inTable" and margs:
            col.references = f"{_string(margs[0])}.{col.references or 'id'}"


def _array_strings(node: Any) -> list[str]:
    if node.type == "array":
        return [s for s in (_string(c) for c in node.named_children) if s]
    single = _string(node)
    return [single] if single else []


def schema_objects(path: str, tree: Any) -> list[Table]:
    """Declarative schema objects: tables → columns with ``type``, ``index``, ``unique``,
    ``primary``, ``references``, plus ``@@INDEXES@@`` / ``@@UNIQUE_CONSTRAINTS@@``."""
    out = []
    for obj in (n for n in walk(tree.root_node) if n.type == "object"):
        if obj.parent is not None and obj.parent.type == "pair":
            continue
        tables = [_schema_table(pair, path) for pair in obj.named_children if pair.type == "pair"]
        tables = [t for t in tables if t is not None]
        if len(tables) >= 2:
            out.extend(tables)
    return out


def _schema_table(pair: Any, path: str) -> Table | None:
    value = pair.child_by_field_name("value")
    if value is None or value.type != "object":
        return None
    name = node_text(pair.child_by_field_name("key")).strip("'\"")
    table = Table(name, "knex", path, pair.start_point[0] + 1)
    for col_pair in (p for p in value.named_children if p.type == "pair"):
        key = node_text(col_pair.child_by_field_name("key")).strip("'\"")
        spec = col_pair.child_by_field_name("value")
        line = col_pair.start_point[0] + 1
        if spec is None:
            continue
        if key in ("@@INDEXES@@", "@@UNIQUE_CONSTRAINTS@@") and spec.type == "array":
            for group in spec.named_children:
                cols = tuple(_array_strings(group))
                if cols:
                    table.indexes.append(Index(cols, path, line, unique=key == "@@UNIQUE_CONSTRAINTS@@"))
        elif spec.type == "object":
            props = {
                node_text(p.child_by_field_name("key")): node_text(p.child_by_field_name("value"))
                for p in spec.named_children
                if p.type == "pair"
            }
            if "type" not in props:
                return None
            table.columns[key] = Column(
                key,
                path,
                line,
                references=props.get("references", "").strip("'\""),
                primary=props.get("primary") == "true",
                unique=props.get("unique") == "true",
                indexed=props.get("index") == "true",
                few_values=props.get("type", "").strip("'\"") in ("bool", "boolean", "enum")
                or "isIn" in node_text(spec),
            )
    return table if table.columns else None
