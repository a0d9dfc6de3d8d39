"""hot-column-index: foreign keys and hot lookup columns lead an index."""

from __future__ import annotations

import re
from collections.abc import Iterable

from standards.model import Convention, Finding, Fix, Standards
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
    if fk is None and hot is None:
        return
    inferred_fk = ctx.standards.get(FK) is not None  # the repo's own evidence on its foreign keys
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
        conv = _convention(gap, fk, hot, inferred_fk, min_sites)
        if conv is None:
            continue
        where = _location(ctx, gap, selected)
        if where is not None:
            yield _finding(ctx, gap, conv, *where, web.schema)


def _convention(
    gap: Gap, fk: Convention | None, hot: Convention | None, inferred_fk: bool, min_sites: int
) -> Convention | None:
    """The convention a gap breaks. An unindexed foreign key breaks the repo's FK convention
    when that is checked (warn or error; for keys queries use it is at least a warning where the
    ORM adds no index itself, web_schema's database practice). Where it is not, the repo's own
    evidence decides: a repo whose looked-up foreign keys mostly have no index (an info-level FK
    convention) is not told otherwise, except for a key looked up by equality in as many places as makes a
    column hot here (the hot-column convention); where there is no FK evidence at all (too
    few keys to infer one), a looked-up foreign key breaks the hot-column convention."""
    if not gap.strong:
        return hot
    if fk is not None:
        # counted over the keys queries use, the convention speaks about those keys only
        return fk if gap.sites or not fk.params.get("looked_up_only") else None
    if hot is None or not gap.sites:
        return None
    if not inferred_fk:
        return hot
    lookups = {(s.path, s.line) for s in gap.sites if s.op == "eq"}
    return hot if len(lookups) >= min_sites else None


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


def quick_data(standards: Standards, listing: list[str]) -> dict:
    """What the hook's quick verdict screens a change with (standards.check.quick_screens)."""
    return {"pattern": _SCHEMA_OR_QUERY.pattern}


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
        "Its level comes from the repo's own keys: those queries filter, order or join on (all keys when "
        "fewer than five are), with keys the ORM indexes by itself counted as indexed (then a warning at "
        "most); where the repo leaves the keys no query uses without an index, only a looked-up key breaks it. "
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
