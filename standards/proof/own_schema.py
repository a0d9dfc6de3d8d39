"""Fixtures for the proofs of ``hot-column-index``: a table declared the way this repository
declares the convention's own example column, but without its index.

* ``web.schema.fk_indexed``: the example foreign key copied, its index removed, into a new
  model class appended to the example's own file (SQLAlchemy, Flask-SQLAlchemy; a Django key is
  declared with ``db_index=False``, the one Django key without an index), a new Alembic revision
  beside it, a new Rails migration in ``db/migrate/`` or a new knex migration beside it; and
  filtered on once (the lookup an index is for);
* ``web.schema.hot_columns``: the example column (one that is not a key) copied the same way
  into a new model (Django, SQLAlchemy) or Rails migration and model, and looked up by equality
  in as many places as make a column hot here.

The change is staged in memory: the new lines are the diff the hook would see."""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import PurePosixPath

from standards.context import Context
from standards.model import Convention, Standards
from standards.proof.own_fixture import Fixture, appended, existing_text
from standards.rules import Rule
from standards.webmodel import Column, Table, extract

MODEL = "StandardsProof"
TABLE = "standards_proofs"
INDEX_KEYWORDS = frozenset({"index", "unique", "primary_key", "db_index"})
LATE = "29991231000000"  # a migration version after every real one, so it is replayed last
_RAILS_VERSION = re.compile(r"ActiveRecord::Migration\[(\d+\.\d+)\]")


def unindexed_fk(rule: Rule, conv: Convention, standards: Standards, analysis: Context) -> Fixture | str:
    for table, col in _example_columns(conv, analysis):
        if not col.fk_like:
            continue
        built = _declared(table, col, analysis, ["lookup_0"])  # a key a query filters on: what an index is for
        if built is not None:
            return built
    return "no foreign key among its examples declared in a dialect the proof can copy"


def unindexed_hot(rule: Rule, conv: Convention, standards: Standards, analysis: Context) -> Fixture | str:
    options = standards.rules.get(rule.id, {}) or {}
    sites = int(options.get("min_call_sites", conv.params.get("min_call_sites", conv.value)))
    for table, col in _example_columns(conv, analysis):
        if col.references or col.few_values or col.primary or (col.fk_like and table.framework != "django"):
            continue  # a key breaks the foreign-key convention instead (in Django, only a declared one)
        built = _declared(table, col, analysis, [f"lookup_{i}" for i in range(sites)])
        if built is not None:
            return built
    return "no column among its examples declared in a dialect the proof can copy"


def _example_columns(conv: Convention, analysis: Context) -> list[tuple[Table, Column]]:
    """The tables and columns the convention's examples (``path:line``) point at, in order,
    then its counter-examples (a column declared the same way, whose index is left out anyway)."""
    schema = extract(analysis).schema
    at = {f"{c.path}:{c.line}": (t, c) for t in schema.tables.values() for c in t.columns.values()}
    return [at[e] for e in [*conv.examples, *conv.counter_examples] if e in at]


def _declared(table: Table, col: Column, analysis: Context, lookups: list[str]) -> Fixture | None:
    """The example column, unindexed, in a new table of its dialect (with ``lookups``: one
    equality lookup on it per name), or None where the dialect is not one copied here."""
    text = existing_text(analysis, col.path) or ""
    if col.path.endswith(".py"):
        model = _python_model(text, col, table.framework == "django")  # django: keys opt out with db_index=False
        if model is not None:
            chain = "objects.filter" if table.framework == "django" else "query.filter_by"
            calls = "".join(
                f"\n\ndef standards_proof_{name}(value):\n    return {MODEL}.{chain}({model[1]}=value)\n"
                for name in lookups
            )
            looked_up = f", looked up in {len(lookups)} place{'s' if len(lookups) != 1 else ''}" if lookups else ""
            return appended(analysis, col.path, model[0] + calls, f"{MODEL}.{model[1]} without an index{looked_up}")
        if table.framework == "alembic":
            return _alembic(col, analysis, lookups)
        return None
    if col.path.endswith(".rb") and table.framework == "rails":
        return _rails(col, analysis, lookups)
    if table.framework == "knex":
        return _knex(col, analysis, lookups)
    return None


def _python_model(text: str, col: Column, django: bool) -> tuple[str, str] | None:
    """A copy of the model class that declares ``col``, named ``StandardsProof``, holding only
    its table name, primary key and ``col`` without index keywords; and the column's attribute."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return None
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        found = next((s for s in cls.body if s.lineno <= col.line <= (s.end_lineno or s.lineno)), None)
        target = _target(found) if found is not None else None
        if found is None or target is None or not isinstance(_value(found), ast.Call):
            continue
        body = [f'__tablename__ = "{TABLE}"'] if any(_target(s) == "__tablename__" for s in cls.body) else []
        if not django:
            body += [ast.unparse(s) for s in cls.body if s is not found and _is_primary(s)][:1]
        body.append(ast.unparse(_without_index(found, opt_out=django and bool(col.references))))
        bases = ", ".join([*(ast.unparse(b) for b in cls.bases), *(ast.unparse(k) for k in cls.keywords)])
        lines = "\n".join(textwrap.indent(b, "    ") for b in body)
        return f"\n\nclass {MODEL}({bases}):\n{lines}\n", target
    return None


def _target(stmt: ast.stmt) -> str | None:
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
        return stmt.targets[0].id
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return stmt.target.id
    return None


def _value(stmt: ast.stmt) -> ast.expr | None:
    return stmt.value if isinstance(stmt, (ast.Assign, ast.AnnAssign)) else None


def _is_primary(stmt: ast.stmt) -> bool:
    value = _value(stmt)
    return isinstance(value, ast.Call) and any(
        k.arg == "primary_key" and isinstance(k.value, ast.Constant) and k.value.value is True for k in value.keywords
    )


def _without_index(stmt: ast.stmt, opt_out: bool = False) -> ast.stmt:
    """``stmt`` with the keywords that index a column (index, unique, db_index, primary_key)
    removed; with ``opt_out`` (a Django foreign key), ``db_index=False`` instead."""
    copy = ast.parse(ast.unparse(stmt)).body[0]
    value = _value(copy)
    if isinstance(value, ast.Call):
        value.keywords = [k for k in value.keywords if k.arg not in INDEX_KEYWORDS]
        if opt_out:
            value.keywords.append(ast.keyword(arg="db_index", value=ast.Constant(False)))
    return copy


def _alembic(col: Column, analysis: Context, lookups: list[str]) -> Fixture | None:
    """A new Alembic revision creating the table; the lookups, if any, on a model class mapped
    to it in a library module beside the revisions' package (None where there is none)."""
    folder = str(PurePosixPath(col.path).parent)
    path = f"{folder}/{LATE}_standards_proof.py"
    reference = f', sa.ForeignKey("{col.references}")' if col.references else ""
    revision = (
        '"""standards proof"""\nimport sqlalchemy as sa\nfrom alembic import op\n\n'
        f'revision = "{LATE}"\ndown_revision = None\n\n\ndef upgrade():\n'
        f'    op.create_table("{TABLE}", sa.Column("id", sa.Integer(), primary_key=True), '
        f'sa.Column("{col.name}", sa.Integer(){reference}))\n'
    )
    fixture = appended(analysis, path, revision, f"an Alembic revision adding {TABLE}.{col.name} without an index")
    if lookups:
        model = (
            f'\n\nclass {MODEL}(db.Model):\n    __tablename__ = "{TABLE}"\n'
            f"    {col.name} = db.Column(db.Integer)\n"
            + "".join(
                f"\n\ndef standards_proof_{name}(value):\n    return {MODEL}.query.filter_by({col.name}=value)\n"
                for name in lookups
            )
        )
        _join(fixture, appended(analysis, "standards_proof_models.py", model, ""), len(lookups))
    return fixture


def _join(fixture: Fixture, more: Fixture, lookups: int) -> None:
    """``more``'s files and changed lines added to ``fixture``."""
    fixture.files.update(more.files)
    fixture.paths += more.paths
    if fixture.diff is not None and more.diff is not None:
        fixture.diff.lines.update(more.diff.lines)
        fixture.diff.new_files |= more.diff.new_files
    fixture.description += f", looked up in {lookups} place{'s' if lookups != 1 else ''}"


def _knex(col: Column, analysis: Context, lookups: list[str]) -> Fixture:
    folder = str(PurePosixPath(col.path).parent)
    path = f"{folder}/{LATE}_standards_proof.js"
    reference = f".references('{col.references}')" if col.references else ""
    migration = (
        f"exports.up = (knex) => knex.schema.createTable('{TABLE}', (table) => {{\n"
        f"  table.increments('id');\n  table.integer('{col.name}'){reference};\n}});\n"
    )
    fixture = appended(analysis, path, migration, f"a knex migration adding {TABLE}.{col.name} without an index")
    if lookups:
        queries = "".join(
            f"\nexports.standardsProof_{name} = (knex, value) => knex('{TABLE}').where({{ {col.name}: value }});\n"
            for name in lookups
        )
        _join(fixture, appended(analysis, "lib/standards_proof.js", queries, ""), len(lookups))
    return fixture


def _rails(col: Column, analysis: Context, lookups: list[str]) -> Fixture:
    version = _rails_version(analysis)
    kind = "bigint" if col.fk_like else "string"
    path = f"db/migrate/{LATE}_create_{TABLE}.rb"
    migration = (
        f"class Create{MODEL}s < ActiveRecord::Migration[{version}]\n  def change\n"
        f"    create_table :{TABLE} do |t|\n      t.{kind} :{col.name}\n    end\n  end\nend\n"
    )
    fixture = appended(analysis, path, migration, f"a Rails migration adding {TABLE}.{col.name} without an index")
    if lookups:
        finders = "".join(
            f"\n  def self.standards_proof_{name}(value)\n    {MODEL}.where({col.name}: value).first\n  end\n"
            for name in lookups
        )
        source = f"class {MODEL} < ApplicationRecord{finders}end\n"
        _join(fixture, appended(analysis, "app/models/standards_proof.rb", source, ""), len(lookups))
    return fixture


def _rails_version(analysis: Context) -> str:
    """The ``ActiveRecord::Migration[x.y]`` version of the newest migration here (7.1 if none)."""
    migrations = sorted(f.path for f in analysis.discovery.files if f.path.startswith("db/migrate/"))
    for path in reversed(migrations[-20:]):
        found = _RAILS_VERSION.search(existing_text(analysis, path) or "")
        if found:
            return found.group(1)
    return "7.1"
