"""Which columns need an index: foreign keys that lead none (where the ORM does not index
them itself), and columns looked up by equality in many places. Also writes the fix as a
migration in the project's own dialect."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from standards.webmodel.model import Column, QuerySite, Schema, Table

FK_INDEXING_ORMS = frozenset({"sqlalchemy", "alembic", "rails", "knex"})  # Django indexes FKs itself
ORM_NAMES = {"sqlalchemy": "SQLAlchemy", "alembic": "Alembic", "rails": "Rails", "knex": "knex"}
LOOKUP_OPS = ("eq", "order", "join")  # what an index on a foreign key serves: filters, sorts, joins


@dataclass(frozen=True)
class Gap:
    """An unindexed column, with the lookups that would use an index."""

    table: Table
    column: Column
    sites: tuple[QuerySite, ...]  # equality lookups on it, in path/line order
    strong: bool  # a foreign key (strong tier) rather than a hot column (weak tier)

    @property
    def call_sites(self) -> int:
        return len({(s.path, s.line) for s in self.sites})


def equality_sites(schema: Schema, queries: list[QuerySite]) -> dict[tuple[str, str], list[QuerySite]]:
    """(table, column) → equality lookups on it, with Django ``user_id`` folded into ``user``."""
    return lookup_sites(schema, queries, ("eq",))


def lookup_sites(
    schema: Schema, queries: list[QuerySite], ops: tuple[str, ...] = LOOKUP_OPS
) -> dict[tuple[str, str], list[QuerySite]]:
    """(table, column) → the query sites that filter, order or join on it (``ops``)."""
    out: dict[tuple[str, str], list[QuerySite]] = defaultdict(list)
    for site in queries:
        if site.op not in ops:
            continue
        table = schema.table_for(site.model)
        if table is None:
            continue
        column = site.column
        if column == "pk":
            continue
        if column not in table.columns and column.endswith("_id") and column[:-3] in table.columns:
            column = column[:-3]
        if column in table.columns:
            out[(table.name, column)].append(site)
    return out


def co_filtered(
    sites: dict[tuple[str, str], list[QuerySite]],
) -> dict[tuple[str, str, int], set[str]]:
    """(table, path, line) → the columns one lookup filters on together."""
    out: dict[tuple[str, str, int], set[str]] = defaultdict(set)
    for (table, column), found in sites.items():
        for site in found:
            out[(table, site.path, site.line)].add(column)
    return out


def served(table: Table, column: str, together: set[str]) -> bool:
    """A lookup can use an index: the column is covered, or the lookup also filters on
    the leading column of a composite index that contains it (``device=…, name=…``)."""
    if table.covered(column):
        return True
    return any(ix.leading in together and column in ix.columns for ix in table.indexes)


def fk_columns(schema: Schema) -> list[tuple[Table, Column]]:
    """Foreign-key-like columns in ORMs that do not index foreign keys by themselves."""
    return [
        (table, col)
        for table in schema.tables.values()
        if table.framework in FK_INDEXING_ORMS
        for col in table.columns.values()
        if col.fk_like and not col.primary and not col.auto_indexed
    ]


def foreign_keys(schema: Schema) -> list[tuple[Table, Column]]:
    """Every foreign-key-like column that is not a primary key, in every ORM: also those the
    ORM or the database indexes by itself (Django, knex on MySQL). The denominator of the
    repo's foreign-key convention, where :func:`fk_columns` is what the check looks at."""
    return [
        (table, col)
        for table in schema.tables.values()
        for col in table.columns.values()
        if col.fk_like and not col.primary and (table.framework in FK_INDEXING_ORMS or col.references)
    ]


def unindexed_django_fks(schema: Schema) -> list[tuple[Table, Column]]:
    """Django foreign keys declared with ``db_index=False``: the one way a Django FK has no index."""
    return [
        (table, col)
        for table in schema.tables.values()
        if table.framework == "django"
        for col in table.columns.values()
        if col.references and not col.auto_indexed and not col.primary
    ]


def gaps(schema: Schema, queries: list[QuerySite], min_sites: int) -> list[Gap]:
    """Unindexed FK columns (strong; a Django FK only when it opted out of its index and is
    looked up) and unindexed columns with >= min_sites equality lookups (weak), the most
    looked-up first. A strong gap's sites are the filters, sorts and joins on it."""
    sites = equality_sites(schema, queries)
    uses = lookup_sites(schema, queries)
    out: list[Gap] = []
    strong = set()
    django = unindexed_django_fks(schema)
    for table, col in [*fk_columns(schema), *django]:
        if table.covered(col.name):
            continue
        found = tuple(sorted(uses.get((table.name, col.name), []), key=lambda s: (s.path, s.line)))
        if table.framework == "django" and not found:
            continue
        out.append(Gap(table, col, found, strong=True))
        strong.add((table.name, col.name))
    together = co_filtered(sites)
    for (table_name, column), found in sites.items():
        table = schema.tables[table_name]
        if (table_name, column) in strong or table.covered(column) or table.columns[column].few_values:
            continue
        slow = [s for s in found if not served(table, column, together[(table_name, s.path, s.line)])]
        gap = Gap(
            table,
            table.columns[column],
            tuple(sorted(slow, key=lambda s: (s.path, s.line))),
            strong=False,
        )
        if gap.call_sites >= min_sites:
            out.append(gap)
    out.sort(key=lambda g: (not g.strong, -g.call_sites, g.table.name, g.column.name))
    return out


def indexed_call_sites(schema: Schema, queries: list[QuerySite]) -> list[int]:
    """Call-site counts of the non-key columns the repo did index: how hot a column gets
    before this repo indexes it."""
    out = []
    for (table_name, column), found in equality_sites(schema, queries).items():
        table = schema.tables[table_name]
        col = table.columns[column]
        if not col.primary and table.covered(column):
            out.append(len({(s.path, s.line) for s in found}))
    return out


# -- fixes in the project's dialect ---------------------------------------------------------


def migration(schema: Schema, table: Table, column: Column, declaration: str = "") -> tuple[str, str]:
    """(description, code) of the index to add, in the repo's own migration dialect.
    ``declaration`` is the column's source line, when known: the fix then shows it with the
    index declared (``index=True``, ``db_index=True``)."""
    style = schema.style
    if table.framework == "django" and column.references and not column.auto_indexed:
        line = _with_option(declaration, "db_index", "True") or f"{column.name} = models.ForeignKey(..., db_index=True)"
        return (
            (
                f"{column.name} opted out of the index Django gives every foreign key: declare it with "
                "db_index=True (or drop db_index=False), then run makemigrations"
            ),
            line + "\n",
        )
    if table.framework == "django":
        if style.get("django_index") == "meta":
            code = (
                f"class {table.model or table.name}(...):\n    class Meta:\n        indexes = [\n"
                f'            models.Index(fields=["{column.name}"]),\n        ]\n'
            )
            return (
                f"add an index on {table.name}.{column.name} to Meta.indexes, then run makemigrations",
                code,
            )
        return (
            f"declare {column.name} with db_index=True, then run makemigrations",
            f"{column.name} = models.<Field>(..., db_index=True)\n",
        )
    if table.framework in ("sqlalchemy", "alembic"):
        name = f"ix_{table.name}_{column.name}"
        name_expr = f'op.f("{name}")' if style.get("alembic_op_f") else f'"{name}"'
        model_line = _with_option(declaration, "index", "True")
        declared = f"# {column.path}:{column.line}\n{model_line}\n\n" if model_line else ""
        if style.get("migrations") != "alembic" and table.framework == "sqlalchemy":
            return (
                f"declare {column.name} with index=True (this repo has no Alembic migrations to add it in)",
                declared or f"{column.name} = Column(..., index=True)\n",
            )
        where = style.get("alembic_dir", "your Alembic versions directory")
        code = (
            f"{declared}# new revision in {where}\n"
            f'def upgrade():\n    op.create_index({name_expr}, "{table.name}", ["{column.name}"], unique=False)\n\n\n'
            f'def downgrade():\n    op.drop_index({name_expr}, table_name="{table.name}")\n'
        )
        return (
            (
                f"declare {column.name} with index=True on the model and add an Alembic revision in {where} "
                "that creates the index"
            ),
            code,
        )
    if table.framework == "rails":
        version = style.get("rails_version") or "7.1"
        class_name = "".join(p.capitalize() for p in f"add_index_to_{table.name}_{column.name}".split("_"))
        if style.get("rails_concurrently"):
            body = (
                f"  disable_ddl_transaction!\n\n  def change\n"
                f"    add_index :{table.name}, :{column.name}, algorithm: :concurrently\n  end\n"
            )
        else:
            body = f"  def change\n    add_index :{table.name}, :{column.name}\n  end\n"
        return (
            "add a migration in db/migrate",
            f"class {class_name} < ActiveRecord::Migration[{version}]\n{body}end\n",
        )
    return (
        "add a knex migration",
        (
            f"exports.up = (knex) => knex.schema.alterTable('{table.name}', (table) => {{\n"
            f"    table.index(['{column.name}']);\n}});\n\n"
            f"exports.down = (knex) => knex.schema.alterTable('{table.name}', (table) => {{\n"
            f"    table.dropIndex(['{column.name}']);\n}});\n"
        ),
    )


def _with_option(declaration: str, option: str, value: str) -> str:
    """``owner_id = db.Column(db.ForeignKey("users.id"))`` with ``index=True`` set (an
    existing ``index=False`` replaced); "" when the line is not one call on one line."""
    text = declaration.strip()
    if not text.endswith(")") or "(" not in text:
        return ""
    pattern = re.compile(rf"\b{option}\s*=\s*\w+")
    if pattern.search(text):
        return pattern.sub(f"{option}={value}", text, count=1)
    return f"{text[:-1]}, {option}={value})"
