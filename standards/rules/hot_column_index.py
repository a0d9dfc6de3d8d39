"""hot-column-index: foreign keys and hot lookup columns lead an index."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from standards.model import Convention, Finding, Fix, Level
from standards.rules import CheckContext, Rule, RuleDoc
from standards.webmodel import Schema, extract, schema_focus
from standards.webmodel.diffscope import changed_text, source_line, touches
from standards.webmodel.hotcolumns import Gap, gaps, migration

FK = "web.schema.fk_indexed"
HOT = "web.schema.hot_columns"
MAX_SITES_SHOWN = 3
_SCHEMA_OR_QUERY = re.compile(
    r"Column\(|mapped_column|ForeignKey|models\.\w+Field|db_index|Index\(|op\.|add_column|add_reference"
    r"|add_index|create_table|references|createTable|\.filter\(|filter_by|\.get\(|\.exclude\(|find_by"
    r"|\.where\(|\.order\(|findOne|order_by|\.joins?\(|outerjoin"
)


def check(ctx: CheckContext) -> Iterable[Finding]:
    fk = ctx.standards.enabled(FK)
    hot = ctx.standards.enabled(HOT)
    looked_up_fk = _looked_up(ctx.standards.enabled(FK, Level.INFO))
    if fk is None and hot is None and looked_up_fk is None:
        return
    options = ctx.options(RULE.id)
    min_sites = int(options.get("min_call_sites", hot.params.get("min_call_sites", 3) if hot else 3))
    if ctx.mode != "all" and not any(
        _SCHEMA_OR_QUERY.search(changed_text(ctx.diff, p, ctx.analysis.text(p))) for p in ctx.paths
    ):
        return  # the change neither declares columns nor looks rows up: nothing to re-check
    selected = set(ctx.paths)
    web = extract(ctx.analysis, schema_focus(ctx.analysis, ctx.paths, ctx.mode))
    if ctx.mode != "all":
        # the schema and the change's own lookups decide whether there is anything to say;
        # only then are the lookups of the whole repository counted for the message
        if not any(_location(ctx, gap, selected) for gap in gaps(web.schema, web.queries, min_sites)):
            return
        web = extract(ctx.analysis)
    for gap in gaps(web.schema, web.queries, min_sites):
        conv = _convention(gap, fk, hot, looked_up_fk)
        if conv is None:
            continue
        where = _location(ctx, gap, selected)
        if where is not None:
            yield _finding(ctx, gap, conv, *where, web.schema)


def _looked_up(fk: Convention | None) -> Convention | None:
    """The FK convention for a foreign key that queries filter, sort or join on: reported at
    least as a warning even where the repo indexes its foreign keys too unevenly for the
    convention itself to be enforced (it stays in the playbook at info)."""
    if fk is None or fk.level.rank <= Level.WARN.rank:
        return fk
    return replace(fk, level=Level.WARN)


def _convention(
    gap: Gap, fk: Convention | None, hot: Convention | None, looked_up_fk: Convention | None
) -> Convention | None:
    """The convention a gap breaks: an unindexed foreign key breaks the repo's enforced FK
    convention; one that queries filter, sort or join on breaks even an info-level one; where
    the repo has none (a Django app, whose ORM indexes FKs itself, or too few FKs to infer one),
    a looked-up foreign key still breaks the hot-column convention (at its warn level)."""
    if not gap.strong:
        return hot
    if gap.table.framework != "django":
        if fk is not None:
            return fk
        if gap.sites and looked_up_fk is not None:
            return looked_up_fk
    return hot if gap.sites else None


def _location(ctx: CheckContext, gap: Gap, selected: set[str]) -> tuple[str, int] | None:
    """The declaration when it is selected (and, on a diff, changed); on a diff that only
    adds lookups to an unindexed column, or when the column is declared in a generated dump
    no check reads (db/schema.rb), the first (added) lookup."""
    col = gap.column
    if col.path in selected and touches(ctx.diff, col.path, col.line):
        return col.path, col.line
    if ctx.diff is None and _checked(ctx, col.path):
        return None  # reported at its declaration when that file is checked
    # on a change that only adds lookups, or when the declaration is a generated dump that is
    # never checked (db/schema.rb): the first (added) lookup
    for site in gap.sites:
        if site.path in selected and touches(ctx.diff, site.path, site.line):
            return site.path, site.line
    return None


def _checked(ctx: CheckContext, path: str) -> bool:
    """Whether ``path`` is a file checks look at (not a generated dump such as db/schema.rb)."""
    known = ctx.analysis.memo.get("hot-column-index:files")
    if known is None:
        known = ctx.analysis.memo["hot-column-index:files"] = frozenset(f.path for f in ctx.analysis.discovery.files)
    return path in known


def _finding(ctx: CheckContext, gap: Gap, conv: Convention, path: str, line: int, schema: Schema) -> Finding:
    table, col = gap.table, gap.column
    places = list(dict.fromkeys(f"{s.path}:{s.line}" for s in gap.sites))
    shown = ", ".join(places[:MAX_SITES_SHOWN])
    more = f" and {len(places) - MAX_SITES_SHOWN} more" if len(places) > MAX_SITES_SHOWN else ""
    count = f"{len(places)} place{'s' if len(places) != 1 else ''}"
    if gap.strong and table.framework == "django":
        message = f"{table.name}.{col.name} is a foreign key declared with db_index=False, so it has no index"
    elif gap.strong:
        message = f"{table.name}.{col.name} is a foreign key that leads no index ({table.framework} does not add one)"
    else:
        message = f"{table.name}.{col.name} is looked up by equality in {count} ({shown}{more}) and has no index"
    if gap.strong and gap.sites:
        message += f"; {_verbs(gap)} in {count} ({shown}{more})"
    declaration = source_line(ctx.analysis.text(col.path), col.line)
    description, code = migration(schema, table, col, declaration)
    return Finding(
        path=path,
        line=line,
        column=1,
        rule=RULE.qualified,
        message=message,
        level=conv.level,
        why=conv.why,
        fix=Fix(description, replacement=code),
        anchor=conv.anchor,
        source_line=source_line(ctx.analysis.text(path), line),
    )


def _verbs(gap: Gap) -> str:
    """``filtered on``, ``filtered and joined on``: what the queries do with the column."""
    words = {"eq": "filtered", "order": "ordered", "join": "joined"}
    ops = [words[op] for op in ("eq", "order", "join") if any(s.op == op for s in gap.sites)]
    return (" and ".join([", ".join(ops[:-1]), ops[-1]]) if len(ops) > 1 else ops[0]) + " on"


RULE = Rule(
    id="hot-column-index",
    title="Foreign keys and hot lookup columns are indexed",
    conventions=(FK, HOT),
    languages=("python", "ruby", "javascript", "typescript"),
    doc=RuleDoc(
        what="Strong tier: a foreign-key-like column that leads no index (nor is primary key or unique) "
        "in an ORM that does not index foreign keys itself (SQLAlchemy and Flask-SQLAlchemy, Alembic, Rails "
        "add_column/t.integer/references with index: false, knex on PostgreSQL/SQLite), naming where queries "
        "filter, sort or join on it; a Django ForeignKey only when declared with db_index=False and looked up. "
        "Weak tier (warn): a column looked up by equality in at least N call sites (N inferred from the "
        "columns this repo chose to index) with no index, ranked by call sites. The fix is in the repo's own "
        "dialect: index=True on the column plus an Alembic op.create_index revision, add_index in a Rails "
        "migration, db_index=True or Meta.indexes in Django, a knex migration.",
        why="Without an index every lookup, join or cascading delete on the column scans the table; it "
        "works in development and falls over with production data.",
        example='class Comment(db.Model):\n    post_id = db.Column(db.ForeignKey("posts.id"))',
        use_instead='class Comment(db.Model):\n    post_id = db.Column(db.ForeignKey("posts.id"), index=True)\n\n'
        '# alembic revision\nop.create_index("ix_comments_post_id", "comments", ["post_id"])',
        options={"min_call_sites": "equality lookups that make a column hot (default: inferred, 3 to 10)"},
    ),
    check=check,
    scope="repo",
)
