"""Schema of Python web apps: Django models and migrations, SQLAlchemy declarative
classes and ``Table(...)`` objects, and Alembic migrations replayed in revision order."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field, replace

from standards import roles
from standards.webmodel._pyast import (
    Parsed,
    chain,
    const_str,
    is_true,
    kwarg,
    last_name,
    str_list,
)
from standards.webmodel.layers import MODEL, layer_of
from standards.webmodel.model import Column, Index, Schema, Table

DJANGO_FK = ("ForeignKey", "OneToOneField", "ParentalKey")
DJANGO_NO_COLUMN = (
    "ManyToManyField",
    "GenericForeignKey",
    "GenericRelation",
    "ParentalManyToManyField",
)


@dataclass
class _ClassInfo:
    name: str
    path: str
    line: int
    bases: list[str]
    columns: dict[str, Column] = field(default_factory=dict)
    indexes: list[Index] = field(default_factory=list)
    table: str = ""
    abstract: bool = False


# -- Django -------------------------------------------------------------------------------


def django_schema(modules: list[Parsed], schema: Schema) -> None:
    classes: dict[str, _ClassInfo] = {}
    db_index = meta_index = 0
    for mod in modules:
        if roles.role(mod.path) != "library" or not (layer_of(mod.path) == MODEL or "models.Model" in mod.text):
            continue
        for node in mod.classes:
            if node.bases:
                info = _django_class(node, mod.path)
                classes.setdefault(info.name, info)
                db_index += sum(1 for c in info.columns.values() if c.indexed)
                meta_index += len([ix for ix in info.indexes if ix.name != "unique_together"])
    models = _django_models(classes)
    for info in classes.values():
        if info.abstract or info.name not in models:
            continue
        table = Table(
            name=info.name,
            framework="django",
            path=info.path,
            line=info.line,
            model=info.name,
        )
        table.columns["id"] = Column("id", info.path, info.line, primary=True)
        for ancestor in _lineage(info, classes):
            for name, col in ancestor.columns.items():
                table.columns.setdefault(name, col)
            table.indexes.extend(ancestor.indexes)
        schema.add(table)
    _django_migrations([m for m in modules if roles.role(m.path) == "migration"], schema)
    schema.style.setdefault("django_index", "meta" if meta_index > db_index else "db_index")


def _django_models(classes: dict[str, _ClassInfo]) -> set[str]:
    """Classes that derive from ``models.Model``: directly, through classes of the repo, or
    through a third-party ``...Model`` base (MPTTModel) when they declare fields."""
    memo: dict[str, bool] = {}

    def is_model(info: _ClassInfo, seen: frozenset[str]) -> bool:
        if info.name not in memo:
            memo[info.name] = any(
                base == "Model"
                or (base in classes and base not in seen and is_model(classes[base], seen | {base}))
                or (base not in classes and base.endswith("Model") and bool(info.columns))
                for base in info.bases
            )
        return memo[info.name]

    return {name for name, info in classes.items() if is_model(info, frozenset({name}))}


def _lineage(info: _ClassInfo, classes: dict[str, _ClassInfo]) -> list[_ClassInfo]:
    """The class and its known ancestors, nearest first (cycles and unknowns skipped)."""
    out, seen, todo = [], set(), [info]
    while todo:
        current = todo.pop(0)
        if current.name in seen:
            continue
        seen.add(current.name)
        out.append(current)
        todo.extend(classes[b] for b in current.bases if b in classes and b != current.name)
    return out


def _django_class(node: ast.ClassDef, path: str) -> _ClassInfo:
    info = _ClassInfo(node.name, path, node.lineno, [last_name(b) for b in node.bases])
    for stmt in node.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            if isinstance(stmt.value, ast.Call):
                col = _django_field(stmt.targets[0].id, stmt.value, path)
                if col is not None:
                    info.columns[col.name] = col
        elif isinstance(stmt, ast.ClassDef) and stmt.name == "Meta":
            _django_meta(stmt, info)
    return info


def _django_field(name: str, call: ast.Call, path: str) -> Column | None:
    kind = last_name(call.func)
    if kind in DJANGO_NO_COLUMN or not (kind.endswith("Field") or kind.endswith(DJANGO_FK)):
        return None
    col = Column(name, path, call.lineno)
    col.few_values = "Boolean" in kind or kwarg(call, "choices") is not None
    col.primary = is_true(kwarg(call, "primary_key"))
    col.unique = is_true(kwarg(call, "unique"))
    col.indexed = is_true(kwarg(call, "db_index"))
    if kind.endswith(DJANGO_FK):
        target = call.args[0] if call.args else kwarg(call, "to")
        col.references = (const_str(target) or last_name(target)) if target is not None else "?"
        db_index = kwarg(call, "db_index")
        col.auto_indexed = not (isinstance(db_index, ast.Constant) and db_index.value is False)
        col.unique |= kind == "OneToOneField"
    return col


def _django_meta(meta: ast.ClassDef, info: _ClassInfo) -> None:
    for stmt in meta.body:
        if not (isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name)):
            continue
        key, value = stmt.targets[0].id, stmt.value
        if key == "abstract":
            info.abstract = is_true(value)
        elif key in ("indexes", "constraints") and isinstance(value, (ast.List, ast.Tuple)):
            for item in value.elts:
                ix = _django_index(item, info.path)
                if ix is not None:
                    info.indexes.append(ix)
        elif key in ("unique_together", "index_together"):
            groups = value.elts if isinstance(value, (ast.List, ast.Tuple)) else []
            if groups and all(const_str(g) is not None for g in groups):
                groups = [value]
            for g in groups:
                cols = tuple(str_list(g))
                if cols:
                    info.indexes.append(
                        Index(
                            cols,
                            info.path,
                            stmt.lineno,
                            unique=key == "unique_together",
                            name=key,
                        )
                    )


def _django_index(item: ast.AST, path: str) -> Index | None:
    if not isinstance(item, ast.Call):
        return None
    kind = last_name(item.func)
    if kind not in ("Index", "UniqueConstraint") and not kind.endswith("Index"):
        return None
    cols = tuple(c.lstrip("-") for c in str_list(kwarg(item, "fields")))
    if not cols:
        return None
    return Index(
        cols,
        path,
        item.lineno,
        unique=kind == "UniqueConstraint",
        partial=kwarg(item, "condition") is not None,
        name=const_str(kwarg(item, "name")) or "",
    )


def _django_migrations(modules: list[Parsed], schema: Schema) -> None:
    by_lower = {name.lower(): name for name in schema.models}
    for mod in sorted(modules, key=lambda m: m.path):
        if "migrations.Migration" not in mod.text:
            continue
        for call in mod.calls:
            op = last_name(call.func)
            if op not in ("AddIndex", "RemoveIndex", "AddConstraint"):
                continue
            model = by_lower.get((const_str(kwarg(call, "model_name")) or "").lower())
            table = schema.tables.get(model or "")
            if table is None:
                continue
            if op == "RemoveIndex":
                name = const_str(kwarg(call, "name"))
                table.indexes = [ix for ix in table.indexes if not name or ix.name != name]
                continue
            ix = _django_index(kwarg(call, "index") or kwarg(call, "constraint"), mod.path)
            if ix is not None and not any(i.name == ix.name and i.columns == ix.columns for i in table.indexes):
                table.indexes.append(ix)


# -- SQLAlchemy ----------------------------------------------------------------------------

_SNAKE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def sqlalchemy_schema(modules: list[Parsed], schema: Schema) -> None:
    classes: dict[str, _ClassInfo] = {}
    for mod in modules:
        if not any(word in mod.text for word in ("sqlalchemy", "db.Column", "mapped_column", "sqlmodel")):
            continue
        if roles.role(mod.path) != "library":
            continue
        for node in mod.classes:
            info = _sa_class(node, mod.path)
            if info is not None:
                classes.setdefault(info.name, info)
        for call in mod.calls:
            if last_name(call.func) == "Table" and call.args and const_str(call.args[0]):
                schema.add(_sa_table_call(call, mod.path))
    for info in classes.values():
        if not info.table:
            continue
        table = Table(info.table, "sqlalchemy", info.path, info.line, model=info.name)
        for ancestor in _lineage(info, classes):
            if ancestor is not info and ancestor.table:
                continue  # joined-table inheritance: the parent's columns live in its own table
            for name, col in ancestor.columns.items():
                table.columns.setdefault(name, col)
            table.indexes.extend(ancestor.indexes)
        schema.add(table)


def _sa_class(node: ast.ClassDef, path: str) -> _ClassInfo | None:
    info = _ClassInfo(node.name, path, node.lineno, [last_name(b) for b in node.bases])
    sqlmodel_table = any(k.arg == "table" and is_true(k.value) for k in node.keywords)
    for stmt in node.body:
        target, value = _assignment(stmt)
        if target is None:
            continue
        if sqlmodel_table and isinstance(value, ast.Call) and last_name(value.func) == "Field":
            info.columns[target] = _sqlmodel_field(value, target, path)
            continue
        if target == "__tablename__":
            info.table = const_str(value) or ""
        elif target == "__table_args__" and value is not None:
            info.indexes.extend(_sa_table_args(value, path))
        elif isinstance(value, ast.Call) and last_name(value.func) in (
            "Column",
            "mapped_column",
        ):
            col = _sa_column(value, target, path)
            info.columns[col.name] = col
        elif value is None and isinstance(stmt, ast.AnnAssign) and _is_mapped(stmt.annotation):
            info.columns[target] = Column(target, path, stmt.lineno)
    if not info.columns and not info.table:
        return None
    if info.table == "" and sqlmodel_table:
        info.table = node.name.lower()  # SQLModel names the table after the class, lowercased
    elif info.table == "" and _declares_table(node):
        info.table = _SNAKE.sub("_", node.name).lower()
    return info


def _sqlmodel_field(call: ast.Call, attr: str, path: str) -> Column:
    """``owner_id: uuid.UUID = Field(foreign_key="user.id", index=True)`` in a SQLModel table."""
    col = Column(attr, path, call.lineno)
    col.primary = is_true(kwarg(call, "primary_key"))
    col.unique = is_true(kwarg(call, "unique"))
    col.indexed = is_true(kwarg(call, "index"))
    col.references = const_str(kwarg(call, "foreign_key")) or ""
    return col


def _declares_table(node: ast.ClassDef) -> bool:
    """A Flask-SQLAlchemy model without __tablename__ still maps a table named after it."""
    return any(last_name(b) == "Model" for b in node.bases)


def _assignment(stmt: ast.stmt) -> tuple[str | None, ast.expr | None]:
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
        return stmt.targets[0].id, stmt.value
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return stmt.target.id, stmt.value
    return None, None


def _is_mapped(annotation: ast.expr) -> bool:
    base = annotation.value if isinstance(annotation, ast.Subscript) else annotation
    if last_name(base) != "Mapped" or not isinstance(annotation, ast.Subscript):
        return False
    inner = ast.unparse(annotation.slice)
    return not any(word in inner for word in ("List[", "list[", "Set[", "set["))


def _sa_column(call: ast.Call, attr: str, path: str) -> Column:
    name = const_str(call.args[0]) if call.args else None
    col = Column(name or attr, path, call.lineno)
    col.few_values = any(last_name(a) in ("Boolean", "Enum") for a in call.args)
    col.primary = is_true(kwarg(call, "primary_key"))
    col.unique = is_true(kwarg(call, "unique"))
    col.indexed = is_true(kwarg(call, "index"))
    for arg in call.args:
        if isinstance(arg, ast.Call) and last_name(arg.func) == "ForeignKey" and arg.args:
            col.references = const_str(arg.args[0]) or ".".join(chain(arg.args[0])) or "?"
    return col


def _sa_index_columns(args: list[ast.expr]) -> tuple[str, ...]:
    cols = []
    for arg in args:
        text = const_str(arg)
        if text is None and isinstance(arg, (ast.Attribute, ast.Name)):
            text = last_name(arg)
        if text is None and isinstance(arg, ast.Call):  # Index("ix", desc(col)), func.lower(col)
            text = last_name(arg.args[0]) if arg.args else None
        if text:
            cols.append(text)
    return tuple(cols)


def _sa_table_args(value: ast.expr, path: str) -> list[Index]:
    items = value.elts if isinstance(value, (ast.Tuple, ast.List)) else [value]
    out = []
    for item in items:
        if not isinstance(item, ast.Call):
            continue
        kind = last_name(item.func)
        if kind == "Index":
            out.append(
                Index(
                    _sa_index_columns(item.args[1:]),
                    path,
                    item.lineno,
                    unique=is_true(kwarg(item, "unique")),
                    partial=any(k.arg and k.arg.endswith("_where") for k in item.keywords),
                    name=const_str(item.args[0]) or "" if item.args else "",
                )
            )
        elif kind in ("UniqueConstraint", "PrimaryKeyConstraint"):
            out.append(
                Index(
                    _sa_index_columns(item.args),
                    path,
                    item.lineno,
                    unique=True,
                    name=kind,
                )
            )
    return [ix for ix in out if ix.columns]


def _sa_table_call(call: ast.Call, path: str) -> Table:
    table = Table(const_str(call.args[0]) or "", "sqlalchemy", path, call.lineno)
    _fill_table(table, call.args[1:], path)
    return table


def _fill_table(table: Table, args: list[ast.expr], path: str) -> None:
    """Columns and constraints given positionally to ``Table(...)``/``op.create_table(...)``."""
    for arg in args:
        if not isinstance(arg, ast.Call):
            continue
        kind = last_name(arg.func)
        if kind == "Column":
            col = _sa_column(arg, "", path)
            table.columns[col.name] = col
        elif kind in ("PrimaryKeyConstraint", "UniqueConstraint"):
            cols = _sa_index_columns(arg.args)
            if len(cols) == 1 and cols[0] in table.columns:
                table.columns[cols[0]].primary |= kind == "PrimaryKeyConstraint"
                table.columns[cols[0]].unique = True
            elif cols:
                table.indexes.append(
                    Index(
                        cols,
                        path,
                        arg.lineno,
                        unique=True,
                        name=const_str(kwarg(arg, "name")) or "",
                    )
                )
        elif kind == "ForeignKeyConstraint" and len(arg.args) >= 2:
            for local, remote in zip(str_list(arg.args[0]), str_list(arg.args[1])):
                if local in table.columns:
                    table.columns[local].references = remote
        elif kind == "Index":
            cols = _sa_index_columns(arg.args[1:])
            if cols:
                table.indexes.append(Index(cols, path, arg.lineno, unique=is_true(kwarg(arg, "unique"))))


# -- Alembic -------------------------------------------------------------------------------


@dataclass
class _Revision:
    module: Parsed
    revision: str
    down: tuple[str, ...]


def alembic_schema(modules: list[Parsed], schema: Schema) -> None:
    revisions = [r for r in (_revision(m) for m in modules) if r is not None]
    if not revisions:
        return
    state: dict[str, Table] = {}
    op_f = plain = 0
    for rev in _in_order(revisions):
        upgrade = next(
            (n for n in rev.module.tree.body if isinstance(n, ast.FunctionDef) and n.name == "upgrade"),
            None,
        )
        if upgrade is None:
            continue
        spans = _batch_spans(upgrade)
        for call in rev.module.calls_within(upgrade):
            _replay(call, rev.module.path, state, _batches_at(spans, call.lineno))
            if last_name(call.func) == "create_index" and call.args:
                first = call.args[0]
                if isinstance(first, ast.Call) and last_name(first.func) == "f":
                    op_f += 1
                else:
                    plain += 1
    for table in state.values():
        schema.add(table)
    dirs = sorted({r.module.path.rsplit("/", 1)[0] for r in revisions})
    schema.style.update(alembic_dir=dirs[0], alembic_op_f=op_f >= plain and op_f > 0)
    schema.style.setdefault("migrations", "alembic")


def _revision(mod: Parsed) -> _Revision | None:
    if "alembic" not in mod.text or "down_revision" not in mod.text:
        return None
    rev, down = None, ()
    for stmt in mod.tree.body:
        target, value = _assignment(stmt)
        if target == "revision":
            rev = const_str(value)
        elif target == "down_revision" and value is not None:
            down = tuple(str_list(value))
    return _Revision(mod, rev, down) if rev else None


def _in_order(revisions: list[_Revision]) -> list[_Revision]:
    """Topological order of the revision graph; ties and cycles fall back to path order."""
    by_id = {r.revision: r for r in revisions}
    done: set[str] = set()
    out: list[_Revision] = []
    for start in sorted(revisions, key=lambda r: r.module.path):
        stack = [(start, False)]
        while stack:
            rev, expanded = stack.pop()
            if rev.revision in done:
                continue
            if expanded:
                done.add(rev.revision)
                out.append(rev)
                continue
            stack.append((rev, True))
            stack.extend((by_id[d], False) for d in rev.down if d in by_id and d not in done)
    return out


def _batch_spans(fn: ast.FunctionDef) -> list[tuple[int, int, str, str]]:
    """``with op.batch_alter_table("t") as batch_op`` → (first line, last line, "batch_op", "t"),
    one per block: a migration usually names every block's variable ``batch_op``."""
    out = []
    for node in ast.walk(fn):
        if isinstance(node, ast.With):
            for item in node.items:
                ctx = item.context_expr
                if (
                    isinstance(ctx, ast.Call)
                    and last_name(ctx.func) == "batch_alter_table"
                    and isinstance(item.optional_vars, ast.Name)
                ):
                    table = const_str(ctx.args[0] if ctx.args else kwarg(ctx, "table_name")) or ""
                    out.append((node.lineno, node.end_lineno or node.lineno, item.optional_vars.id, table))
    return out


def _batches_at(spans: list[tuple[int, int, str, str]], line: int) -> dict[str, str]:
    """The batch variables in scope at ``line`` (the innermost block winning)."""
    inside = sorted((s for s in spans if s[0] <= line <= s[1]), key=lambda s: s[1] - s[0], reverse=True)
    return {var: table for _, _, var, table in inside}


def _replay(call: ast.Call, path: str, state: dict[str, Table], batches: dict[str, str]) -> None:
    names = chain(call.func)
    if len(names) != 2:
        return
    receiver, op = names
    args = list(call.args)
    if receiver in batches:
        args.insert(
            0 if op in ("add_column", "drop_column", "alter_column") else 1,
            ast.Constant(batches[receiver]),
        )
    elif receiver != "op":
        return
    if op == "create_table" and args:
        table = Table(const_str(args[0]) or "", "alembic", path, call.lineno)
        _fill_table(table, args[1:], path)
        state[table.name] = table
        return
    if op == "rename_table" and len(args) >= 2:
        old, new = const_str(args[0]) or "", const_str(args[1]) or ""
        if old in state:
            state[new] = state.pop(old)
            state[new].name = new
        return
    if op == "drop_table" and args:
        state.pop(const_str(args[0]) or "", None)
        return
    table_name = _table_arg(op, args, call)
    table = state.setdefault(table_name, Table(table_name, "alembic", path, call.lineno)) if table_name else None
    if table is None:
        return
    if op == "add_column" and len(args) >= 2 and isinstance(args[1], ast.Call):
        col = _sa_column(args[1], "", path)
        table.columns[col.name] = col
    elif op == "alter_column" and len(args) >= 2 and const_str(kwarg(call, "new_column_name")):
        old, new = const_str(args[1]) or "", const_str(kwarg(call, "new_column_name")) or ""
        if old in table.columns:
            col = table.columns.pop(old)
            col.name = new
            table.columns[new] = col
            table.indexes = [
                replace(ix, columns=tuple(new if c == old else c for c in ix.columns)) for ix in table.indexes
            ]
    elif op == "drop_column" and len(args) >= 2:
        table.columns.pop(const_str(args[1]) or "", None)
        table.indexes = [ix for ix in table.indexes if const_str(args[1]) not in ix.columns]
    elif op in ("create_index", "create_unique_constraint", "create_primary_key"):
        cols = tuple(str_list(args[2] if len(args) > 2 else kwarg(call, "columns")))
        if cols:
            table.indexes.append(
                Index(
                    cols,
                    path,
                    call.lineno,
                    unique=op != "create_index" or is_true(kwarg(call, "unique")),
                    partial=any(k.arg and k.arg.endswith("_where") for k in call.keywords),
                    name=const_str(args[0]) or "" if args else "",
                )
            )
    elif op in ("drop_index", "drop_constraint") and args:
        name = const_str(args[0])
        table.indexes = [ix for ix in table.indexes if ix.name != name]
    elif op == "create_foreign_key" and len(args) >= 5:
        for local, remote in zip(str_list(args[3]), str_list(args[4])):
            col = table.columns.setdefault(local, Column(local, path, call.lineno))
            col.references = f"{const_str(args[2])}.{remote}"


def _table_arg(op: str, args: list[ast.expr], call: ast.Call) -> str:
    if op in ("add_column", "drop_column", "alter_column"):
        return const_str(args[0]) if args else ""
    if op == "create_foreign_key":
        return const_str(args[1]) if len(args) > 1 else ""
    if op in ("drop_index", "drop_constraint"):
        given = args[1] if len(args) > 1 else kwarg(call, "table_name")
        return const_str(given) or ""
    return const_str(args[1]) if len(args) > 1 else const_str(kwarg(call, "table_name")) or ""
