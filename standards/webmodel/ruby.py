"""Rails: controller actions, the schema (``db/schema.rb``, else ``db/migrate`` replayed in
timestamp order) and Active Record query sites, from tree-sitter trees."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from standards import fsutil, roles
from standards.context import Context
from standards.treesitter import node_text, walk
from standards.webmodel.layers import HANDLER, SERVICE, access_kind, layer_of
from standards.webmodel.model import (
    MODEL_METHOD,
    ORM,
    VIA_MODEL,
    AggregationLoop,
    Call,
    Column,
    DataAccessor,
    Handler,
    Index,
    QuerySite,
    Schema,
    Table,
)
from standards.webmodel.model import (
    SERVICE as SERVICE_CALL,
)

STATEMENT_PARENTS = frozenset(
    {
        "body_statement",
        "then",
        "else",
        "block_body",
        "begin",
        "ensure",
        "rescue",
        "when",
    }
)
AR_METHODS = frozenset(
    {
        "where", "find", "find_by", "find_by!", "find_each", "find_in_batches", "all", "first", "last", "create",
        "create!", "update_all", "delete_all", "destroy_all", "order", "joins", "includes", "preload", "pluck",
        "count", "exists?", "select", "limit", "find_or_create_by", "find_or_create_by!", "find_or_initialize_by",
        "insert_all", "upsert_all", "sum", "group", "eager_load", "left_joins", "none", "distinct",
        "update", "destroy", "find_by_sql", "page", "paginate", "unscoped", "maximum", "minimum", "average",
        "calculate", "ids", "take", "second", "in_batches", "where_not", "update!", "delete",
    }
)  # fmt: skip
LOOKUPS = frozenset(
    {
        "where",
        "find_by",
        "find_by!",
        "exists?",
        "find_or_create_by",
        "find_or_create_by!",
        "find_or_initialize_by",
        "rewhere",
    }
)
COLUMN_TYPES = frozenset(
    {
        "string", "text", "integer", "bigint", "float", "decimal", "numeric", "datetime", "timestamp", "time",
        "date", "binary", "boolean", "json", "jsonb", "uuid", "column", "citext", "inet", "hstore", "enum",
    }
)  # fmt: skip
SERVICE_SUFFIXES = (
    "Service",
    "Interactor",
    "Operation",
    "Command",
    "UseCase",
    "Query",
    "Form",
)
TEXT_TYPES = frozenset({"string", "text", "citext", "uuid"})
_SQL_EQ = re.compile(r"(?:^|[\s(.\"`])(\w+)[\"`]?\s*(?:=|IN|in)\s*[?:(]")
_FIND_BY = re.compile(r"^find_(?:all_)?by_(\w+?)!?$")
_VERSION = re.compile(r"Migration\[(\d+)\.(\d+)\]")


def underscore(name: str) -> str:
    name = name.split("::")[-1]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def pluralize(word: str) -> str:
    if word.endswith("person"):
        return word[:-6] + "people"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    return word + "s"


def singularize(word: str) -> str:
    """``stories`` → ``story``, ``boxes`` → ``box``, ``users`` → ``user`` (Rails' common cases)."""
    if word.endswith("people"):
        return word[:-6] + "person"
    if word.endswith("ies"):
        return word[:-3] + "y"
    if re.search(r"(s|x|z|ch|sh)es$", word):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def table_name(model: str) -> str:
    return pluralize(underscore(model))


def _args(node: Any) -> list[Any]:
    args = node.child_by_field_name("arguments")
    return [a for a in args.named_children if a.type != "comment"] if args is not None else []


def _name(node: Any | None) -> str:
    """Text of a symbol, string or constant argument without its punctuation."""
    if node is None:
        return ""
    text = node_text(node)
    if node.type in ("simple_symbol", "hash_key_symbol"):
        return text.lstrip(":").rstrip(":")
    if node.type == "string":
        return text.strip("'\"")
    if node.type in ("constant", "scope_resolution", "identifier"):
        return text
    return ""


def _names(node: Any) -> list[str]:
    if node.type == "array":
        return [n for n in (_name(c) for c in node.named_children) if n]
    name = _name(node)
    return [name] if name else []


def _options(args: list[Any]) -> dict[str, Any]:
    out = {}
    for arg in args:
        pairs = arg.named_children if arg.type == "hash" else [arg]
        for pair in pairs:
            if pair.type == "pair":
                key, value = (
                    pair.child_by_field_name("key"),
                    pair.child_by_field_name("value"),
                )
                if key is not None and value is not None:
                    out[_name(key) or node_text(key).rstrip(":")] = value
    return out


def _method(node: Any) -> str:
    m = node.child_by_field_name("method")
    return node_text(m) if m is not None else ""


def _truthy(node: Any | None, default: bool) -> bool:
    if node is None:
        return default
    return node.type != "false" and node_text(node) not in ("nil", "false")


# -- schema --------------------------------------------------------------------------------


@dataclass
class _Replay:
    schema_tables: dict[str, Table] = field(default_factory=dict)
    path: str = ""
    references_indexed: bool = True  # Rails >= 5 indexes t.references/add_reference by default
    concurrently: int = 0
    plain: int = 0
    version: str = ""

    def table(self, name: str, line: int) -> Table:
        return self.schema_tables.setdefault(name, Table(name, "rails", self.path, line))


def rails_schema(ctx: Context, schema: Schema) -> None:
    files = {f.path for f in ctx.files("ruby")}
    replay = _Replay()
    migrations = sorted(p for p in files if re.search(r"(^|/)db/migrate/[^/]+\.rb$", p))
    dumps = [p for p in files if p.endswith("db/schema.rb")] or _generated_dump(ctx, migrations)
    sources = [*dumps, *pending(ctx, dumps, migrations)] if dumps else migrations
    for path in migrations:
        text = ctx.text(path) or ""
        m = _VERSION.search(text)
        if m:
            replay.version = f"{m.group(1)}.{m.group(2)}"
        replay.concurrently += text.count("algorithm: :concurrently")
    for path in sources:
        tree = ctx.tree(path, "ruby")
        if tree is None:
            continue
        replay.path = path
        if path in migrations:
            m = _VERSION.search(ctx.text(path) or "")
            replay.references_indexed = not m or int(m.group(1)) >= 5
        for node in _top_calls(tree.root_node):
            _schema_call(node, replay)
    for table in replay.schema_tables.values():
        schema.add(table)
    if replay.schema_tables:
        schema.style.setdefault("migrations", "rails")
        schema.style.update(rails_concurrently=replay.concurrently > 0, rails_version=replay.version)
    for model, table in rails_models(ctx).items():
        schema.models.setdefault(model, table)
        if table in schema.tables:
            schema.tables[table].model = schema.tables[table].model or model


_DUMP_VERSION = re.compile(r"define\(version:\s*([\d_]+)\)")
_STAMP = re.compile(r"/(\d{14})_[^/]+\.rb$")


def _generated_dump(ctx: Context, migrations: list[str]) -> list[str]:
    """``db/schema.rb`` beside the migrations, read even where discovery leaves it out as a
    generated file: it is the schema Rails itself loads."""
    roots = sorted({m.rsplit("db/migrate/", 1)[0] for m in migrations}) or [""]
    dumps = [f"{root}db/schema.rb" for root in roots if fsutil.present(ctx.root, f"{root}db/schema.rb")]
    return [dump for dump in dumps if ctx.text(dump) is not None][:1]  # an app on structure.sql has none


def pending(ctx: Context, dumps: list[str], migrations: list[str]) -> list[str]:
    """Migrations newer than the schema dump's version (written, not yet run into it): a
    change that adds a migration is judged before ``db/schema.rb`` is regenerated."""
    m = _DUMP_VERSION.search(ctx.text(dumps[0]) or "") if dumps else None
    if m is None:
        return []
    version = m.group(1).replace("_", "")
    return [p for p in migrations if (s := _STAMP.search(p)) is not None and s.group(1) > version]


def _top_calls(root: Any) -> Iterator[Any]:
    """Receiver-less calls (create_table, add_index, ...) in source order, skipping the
    bodies of ``def down`` so that a replay only moves forward."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "method" and node_text(node.child_by_field_name("name")) == "down":
            continue
        if node.type == "call" and node.child_by_field_name("receiver") is None:
            yield node
        stack.extend(reversed(node.children))


def _schema_call(node: Any, r: _Replay) -> None:
    method, args = _method(node), _args(node)
    if not args:
        return
    name = _name(args[0])
    line = node.start_point[0] + 1
    opts = _options(args)
    if method in ("create_table", "change_table"):
        table = r.table(name, line)
        if method == "create_table":
            table.path, table.line = r.path, line
            if _truthy(opts.get("id"), True):
                table.columns.setdefault("id", Column("id", r.path, line, primary=True))
        block = node.child_by_field_name("block")
        if block is not None:
            for inner in walk(block):
                if inner.type == "call" and inner.child_by_field_name("receiver") is not None:
                    _table_call(inner, table, r)
    elif method == "drop_table":
        r.schema_tables.pop(name, None)
    elif method == "add_column" and len(args) >= 2:
        col = _name(args[1])
        column = r.table(name, line).columns[col] = Column(col, r.path, line)
        column.text = len(args) >= 3 and _name(args[2]) in TEXT_TYPES
    elif method == "remove_column" and len(args) >= 2:
        r.table(name, line).columns.pop(_name(args[1]), None)
    elif method in ("add_reference", "add_belongs_to") and len(args) >= 2:
        _reference(r.table(name, line), _name(args[1]), opts, line, r)
    elif method == "add_index" and len(args) >= 2:
        r.table(name, line).indexes.append(_index(_names(args[1]), opts, r.path, line))
    elif method == "remove_index":
        _remove_index(r.table(name, line), args[1:], opts)
    elif method == "add_foreign_key" and len(args) >= 2:
        target = _name(args[1])
        column = _name(opts.get("column")) or singularize(underscore(target)) + "_id"
        col = r.table(name, line).columns.get(column)
        if col is not None:  # a key on a column the replay never saw is not invented
            col.references = f"{target}.id"


def _table_call(node: Any, table: Table, r: _Replay) -> None:
    method, args = _method(node), _args(node)
    line = node.start_point[0] + 1
    opts = _options(args)
    if method in ("references", "belongs_to"):
        for arg in args:
            if arg.type in ("simple_symbol", "string"):
                _reference(table, _name(arg), opts, line, r)
    elif method == "index" and args:
        table.indexes.append(_index(_names(args[0]), opts, r.path, line))
    elif method == "remove_index":
        _remove_index(table, args, opts)
    elif method in COLUMN_TYPES:
        for arg in args:
            if arg.type in ("simple_symbol", "string"):
                col = Column(_name(arg), r.path, line, few_values=method in ("boolean", "enum"))
                col.text = method in TEXT_TYPES
                col.indexed = "index" in opts and _truthy(opts["index"], False)
                col.unique = col.indexed and "unique: true" in node_text(opts["index"])
                table.columns[col.name] = col
    elif method == "remove" and args:
        for arg in args:
            table.columns.pop(_name(arg), None)


def _reference(table: Table, ref: str, opts: dict[str, Any], line: int, r: _Replay) -> None:
    col = Column(f"{ref}_id", r.path, line, references=f"{pluralize(ref)}.id")
    indexed = _truthy(opts.get("index"), r.references_indexed)
    if "polymorphic" in opts and _truthy(opts["polymorphic"], False):
        table.columns[f"{ref}_type"] = Column(f"{ref}_type", r.path, line)
        if indexed:
            table.indexes.append(Index((f"{ref}_type", col.name), r.path, line))
    elif indexed:
        col.indexed = True
    table.columns[col.name] = col


def _index(cols: list[str], opts: dict[str, Any], path: str, line: int) -> Index:
    return Index(
        tuple(cols),
        path,
        line,
        unique=_truthy(opts.get("unique"), False),
        partial="where" in opts,
        name=_name(opts.get("name")),
    )


def _remove_index(table: Table, args: list[Any], opts: dict[str, Any]) -> None:
    name = _name(opts.get("name"))
    cols = (
        tuple(_names(args[0]))
        if args and args[0].type != "pair"
        else tuple(_names(opts["column"]))
        if "column" in opts
        else ()
    )
    table.indexes = [ix for ix in table.indexes if not ((name and ix.name == name) or (cols and ix.columns == cols))]
    for col in cols[:1]:
        if col in table.columns and len(cols) == 1:
            table.columns[col].indexed = False


def rails_models(ctx: Context) -> dict[str, str]:
    """Active Record classes in app/models → their tables (``self.table_name`` honoured)."""
    out: dict[str, str] = {}
    for f in ctx.files("ruby"):
        if layer_of(f.path) != "model" or "/models/" not in f"/{f.path}":
            continue
        tree = ctx.tree(f.path, "ruby")
        if tree is None:
            continue
        for cls in (n for n in walk(tree.root_node) if n.type == "class"):
            name = cls.child_by_field_name("name")
            if name is None:
                continue
            model = node_text(name).split("::")[-1]
            text = node_text(cls)
            m = re.search(r"self\.table_name\s*=\s*[\"':](\w+)", text)
            out[model] = m.group(1) if m else table_name(model)
    return out


# -- handlers ------------------------------------------------------------------------------


def handlers(ctx: Context, path: str, tree: Any, models: set[str], services: set[str]) -> list[Handler]:
    if layer_of(path) != HANDLER or not path.endswith("_controller.rb"):
        return []
    out = []
    for cls in (n for n in walk(tree.root_node) if n.type == "class"):
        name = cls.child_by_field_name("name")
        body = next((c for c in cls.named_children if c.type == "body_statement"), None)
        if name is None or body is None:
            continue
        public = True
        for child in body.named_children:
            if child.type == "identifier" and node_text(child) in (
                "private",
                "protected",
            ):
                public = False
            elif child.type == "method" and public:
                out.append(_action(path, node_text(name), child, models, services))
    return out


ONE_ROW = frozenset({"find", "find_by", "find_by!", "first", "last", "create", "create!", "new", "find_or_create_by"})
RELATION = frozenset({"where", "all", "order", "joins", "includes", "preload", "eager_load", "left_joins", "limit"})
ITERATORS = frozenset({"each", "find_each", "each_with_index", "map", "collect", "each_with_object"})
REDUCERS = frozenset({"sum", "inject", "reduce", "max_by", "min_by", "count", "group_by"})
NOT_DATA = frozenset({"id", "to_param", "to_json", "as_json", "present?", "blank?", "nil?", "errors", "persisted?"})


def _action(path: str, controller: str, method: Any, models: set[str], services: set[str]) -> Handler:
    name = node_text(method.child_by_field_name("name"))
    body = method.child_by_field_name("body")
    statements, calls, loops = 0, [], []
    if body is not None:
        instances, relations = _bound(body, models)
        for node in walk(body):
            if (
                node.is_named
                and node.type != "comment"
                and node.parent is not None
                and node.parent.type in STATEMENT_PARENTS
            ):
                statements += 1
            if node.type == "call":
                call = _classify(node, models, services, instances)
                if call is not None:
                    calls.append(call)
                loop = _aggregation(node, models, relations)
                if loop is not None:
                    loops.append(loop)
    return Handler(
        path,
        f"{controller}#{name}",
        method.start_point[0] + 1,
        method.end_point[0] + 1,
        statements,
        "rails",
        calls,
        loops=loops,
    )


def _bound(body: Any, models: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Variables (``@topic``, ``orders``) an action assigns from a model: one record, or a
    relation (rows to come)."""
    instances: dict[str, str] = {}
    relations: dict[str, str] = {}
    for node in walk(body):
        if node.type != "assignment":
            continue
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None or left.type not in ("identifier", "instance_variable"):
            continue
        model, last = _chain_model(right, models)
        if model:
            (instances if last in ONE_ROW or _FIND_BY.match(last) else relations)[node_text(left)] = model
    return instances, relations


def _chain_model(node: Any, models: set[str]) -> tuple[str, str]:
    """(model, outermost method) of ``Model.where(...).order(...)``; ("", "") otherwise."""
    last = _method(node) if node.type == "call" else ""
    while node is not None and node.type == "call":
        receiver = node.child_by_field_name("receiver")
        if receiver is not None and receiver.type in ("constant", "scope_resolution"):
            const = node_text(receiver).split("::")[-1]
            return (const, last) if const in models else ("", "")
        node = receiver
    return "", ""


def _classify(node: Any, models: set[str], services: set[str], instances: dict[str, str] | None = None) -> Call | None:
    receiver = node.child_by_field_name("receiver")
    method = _method(node)
    line = node.start_point[0] + 1
    if receiver is not None and receiver.type in ("identifier", "instance_variable") and instances:
        model = instances.get(node_text(receiver), "")
        if model and method not in NOT_DATA and node.parent is not None and node.parent.type != "call":
            return Call(line, f"{node_text(receiver)}.{method}", MODEL_METHOD, model, owner=model)
        return None
    if receiver is None or receiver.type not in ("constant", "scope_resolution"):
        return None
    const = node_text(receiver).split("::")[-1]
    if const in models and (method in AR_METHODS or _FIND_BY.match(method)):
        return Call(line, f"{const}.{method}", ORM, const)
    if const in services or const.endswith(SERVICE_SUFFIXES):
        return Call(line, f"{const}.{method}", SERVICE_CALL, owner=const)
    if const in models and method not in ("new", "human_attribute_name", "model_name"):
        return Call(line, f"{const}.{method}", MODEL_METHOD, const, owner=const)
    return None


ARITHMETIC = frozenset({"+=", "-=", "*="})
TEXT_OR_LIST = frozenset({"string", "array", "hash", "if", "unless", "conditional", "case", "heredoc_beginning"})


def _adds_up(node: Any) -> bool:
    """``total += order.amount``, ``count += 1``: arithmetic accumulation, not ``||=`` or
    gathering text and lists (``msg += "…"``, ``ids += [x]``)."""
    if node.type != "operator_assignment" or not any(c.type in ARITHMETIC for c in node.children):
        return False
    right = node.child_by_field_name("right")
    return right is not None and not any(n.type in TEXT_OR_LIST for n in walk(right))


def _aggregation(node: Any, models: set[str], relations: dict[str, str]) -> AggregationLoop | None:
    """``Order.where(...).each { |o| total += o.amount }`` or ``@orders.sum { |o| o.total }``:
    rows loaded to be added up in Ruby."""
    block = node.child_by_field_name("block")
    method = _method(node)
    if block is None or method not in ITERATORS | REDUCERS:
        return None
    receiver = node.child_by_field_name("receiver")
    if receiver is None:
        return None
    model, _ = _chain_model(receiver, models)
    if not model and receiver.type in ("identifier", "instance_variable"):
        model = relations.get(node_text(receiver), "")
    if not model:
        return None
    if method in REDUCERS:
        how = f"{method} {{ ... }}"
    else:
        assign = next((n for n in walk(block) if _adds_up(n)), None)
        if assign is None:
            return None
        left = assign.child_by_field_name("left")
        op = next((c.type for c in assign.children if c.type in ARITHMETIC), "+=")
        how = f"{node_text(left) if left is not None else '?'} {op}"
    return AggregationLoop(node.start_point[0] + 1, node.end_point[0] + 1, node_text(receiver), how, model)


def service_classes(ctx: Context) -> set[str]:
    out = set()
    for f in ctx.files("ruby"):
        if layer_of(f.path) == SERVICE:
            stem = PurePosixPath(f.path).stem
            out.add("".join(part.capitalize() for part in stem.split("_")))
    return out


# -- query sites ---------------------------------------------------------------------------


def queries(path: str, tree: Any, models: dict[str, str]) -> list[QuerySite]:
    """``Model.where(col: v)``, ``find_by(col:)``, ``find_by_col``, ``where("col = ?")``,
    ``order(:col)``; the model is the constant receiver, an association named like a
    table, or the enclosing model class for receiver-less calls in scopes."""
    if not roles.is_library(path):
        return []
    tables = {t: m for m, t in models.items()}
    out: list[QuerySite] = []
    for node in walk(tree.root_node):
        if node.type != "call":
            continue
        method = _method(node)
        find_by = _FIND_BY.match(method)
        if method not in LOOKUPS and method not in ("order", "joins", "left_joins") and not find_by:
            continue
        model = _receiver_model(node, models, tables)
        if not model:
            continue
        line = node.start_point[0] + 1
        if method in ("joins", "left_joins"):
            out.extend(_join_sites(path, line, model, _args(node), models))
            continue
        if find_by:
            cols, op = find_by.group(1).split("_and_"), "eq"
        elif method == "order":
            cols, op = _order_columns(_args(node)), "order"
        else:
            cols, op = _lookup_columns(_args(node)), "eq"
        out.extend(QuerySite(path, line, model, c, op, "rails") for c in cols if c)
    return out


def _join_sites(path: str, line: int, model: str, args: list[Any], models: dict[str, str]) -> list[QuerySite]:
    """``Post.joins(:author)`` joins posts.author_id; ``User.joins(:posts)`` joins posts.user_id."""
    out = []
    for assoc in (n for a in args if a.type in ("simple_symbol", "array") for n in _names(a)):
        if assoc in models.values():  # has_many: the other table holds the key
            out.append(QuerySite(path, line, assoc, f"{underscore(model)}_id", "join", "rails"))
        else:
            out.append(QuerySite(path, line, model, f"{assoc}_id", "join", "rails"))
    return out


def _lookup_columns(args: list[Any]) -> list[str]:
    cols = list(_options(args))
    if args and args[0].type == "string":
        cols.extend(_SQL_EQ.findall(node_text(args[0])))
    return [c.split(".")[-1] for c in cols]


def _order_columns(args: list[Any]) -> list[str]:
    cols = [_name(a) for a in args if a.type in ("simple_symbol", "string")]
    return [c.split()[0] for c in cols if c] + list(_options(args))


def _receiver_model(node: Any, models: dict[str, str], tables: dict[str, str]) -> str:
    receiver = node.child_by_field_name("receiver")
    while receiver is not None:
        if receiver.type in ("constant", "scope_resolution"):
            name = node_text(receiver).split("::")[-1]
            return name if name in models else ""
        if receiver.type == "call":
            method = _method(receiver)
            if method in tables:
                return tables[method]
            receiver = receiver.child_by_field_name("receiver")
        elif receiver.type == "identifier":
            return tables.get(node_text(receiver), "")
        else:
            return ""
    parent = node.parent
    while parent is not None and parent.type != "class":
        parent = parent.parent
    if parent is not None:
        name = parent.child_by_field_name("name")
        model = node_text(name).split("::")[-1] if name is not None else ""
        return model if model in models else ""
    return ""


# -- the data layer ------------------------------------------------------------------------


def accessors(ctx: Context, models: dict[str, str]) -> list[DataAccessor]:
    """Service objects in the service layer and model classes with methods of their own."""
    out: list[DataAccessor] = []
    for f in ctx.files("ruby"):
        layer = layer_of(f.path)
        if layer not in (SERVICE, "model") or not roles.is_library(f.path):
            continue
        tree = ctx.tree(f.path, "ruby")
        if tree is None:
            continue
        for cls in (n for n in walk(tree.root_node) if n.type == "class"):
            name_node = cls.child_by_field_name("name")
            if name_node is None:
                continue
            name = node_text(name_node).split("::")[-1]
            methods = tuple(
                method
                for method in (
                    node_text(m.child_by_field_name("name"))
                    for m in walk(cls)
                    if m.type in ("method", "singleton_method") and m.child_by_field_name("name") is not None
                )
                if re.match(r"[a-z_]\w*[?!]?$", method)
            )
            if not methods:
                continue
            line = cls.start_point[0] + 1
            if layer == SERVICE:
                text = node_text(cls)
                named = tuple(m for m in models if re.search(rf"\b{re.escape(m)}\b", text))
                out.append(DataAccessor(name, access_kind(f.path, name), f.path, line, named, methods))
            elif name in models:
                out.append(DataAccessor(name, VIA_MODEL, f.path, line, (name,), methods))
    return out
