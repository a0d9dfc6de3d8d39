"""hot-column-index: foreign keys and hot lookup columns lead an index."""

from __future__ import annotations

import re
from collections.abc import Iterable

from standards.model import Convention, Finding, Fix
from standards.rules import CheckContext, Rule, RuleDoc
from standards.webmodel import extract, schema_focus
from standards.webmodel.diffscope import changed_text, source_line, touches
from standards.webmodel.hotcolumns import Gap, gaps, migration

FK = "web.schema.fk_indexed"
HOT = "web.schema.hot_columns"
MAX_SITES_SHOWN = 3
_SCHEMA_OR_QUERY = re.compile(
    r"Column\(|mapped_column|ForeignKey|models\.\w+Field|db_index|Index\(|op\.|add_column|add_reference"
    r"|add_index|create_table|references|createTable|\.filter\(|filter_by|\.get\(|\.exclude\(|find_by"
    r"|\.where\(|\.order\(|findOne"
)


def check(ctx: CheckContext) -> Iterable[Finding]:
    fk = ctx.standards.enabled(FK)
    hot = ctx.standards.enabled(HOT)
    if fk is None and hot is None:
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
        conv = fk if gap.strong else hot
        if conv is None:
            continue
        where = _location(ctx, gap, selected)
        if where is not None:
            yield _finding(ctx, gap, conv, *where, web.schema)


def _location(ctx: CheckContext, gap: Gap, selected: set[str]) -> tuple[str, int] | None:
    """The declaration when it is selected (and, on a diff, changed); on a diff that only
    adds lookups to an unindexed column, the first added lookup."""
    col = gap.column
    if col.path in selected and touches(ctx.diff, col.path, col.line):
        return col.path, col.line
    if ctx.diff is None:
        return None
    for site in gap.sites:
        if site.path in selected and touches(ctx.diff, site.path, site.line):
            return site.path, site.line
    return None


def _finding(ctx: CheckContext, gap: Gap, conv: Convention, path: str, line: int, schema) -> Finding:
    table, col = gap.table, gap.column
    shown = ", ".join(f"{s.path}:{s.line}" for s in gap.sites[:MAX_SITES_SHOWN])
    more = f" and {gap.call_sites - MAX_SITES_SHOWN} more" if gap.call_sites > MAX_SITES_SHOWN else ""
    if gap.strong:
        message = f"{table.name}.{col.name} is a foreign key that leads no index ({table.framework} does not add one)"
        if gap.sites:
            message += f"; looked up in {gap.call_sites} places ({shown}{more})"
    else:
        message = f"{table.name}.{col.name} is looked up by equality in {gap.call_sites} places ({shown}{more}) and has no index"
    description, code = migration(schema, table, col)
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


RULE = Rule(
    id="hot-column-index",
    title="Foreign keys and hot lookup columns are indexed",
    conventions=(FK, HOT),
    languages=("python", "ruby", "javascript", "typescript"),
    doc=RuleDoc(
        what="Strong tier: a foreign-key-like column that leads no index (nor is primary key or unique) "
        "in an ORM that does not index foreign keys itself (SQLAlchemy, Alembic, Rails, knex on "
        "PostgreSQL/SQLite); never a Django ForeignKey. Weak tier (warn): a column looked up by equality "
        "in at least N call sites (N inferred from the columns this repo chose to index) with no index, "
        "ranked by call sites. The fix is a ready-to-paste migration in the repo's own dialect.",
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
