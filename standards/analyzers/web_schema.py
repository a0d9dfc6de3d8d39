"""Hot columns: are foreign keys indexed where the ORM does not do it by itself, and are
the columns looked up by equality in many places indexed?"""

from __future__ import annotations

import statistics

from standards.analyzers._evidence import MAX_EXAMPLES
from standards.context import Context
from standards.model import Level, Observation
from standards.webmodel import extract
from standards.webmodel.hotcolumns import (
    co_filtered,
    equality_sites,
    fk_columns,
    indexed_call_sites,
    served,
)

LANGUAGES = ("python", "ruby", "javascript", "typescript")
MIN_FK_COLUMNS = 3
MIN_SITES_FLOOR = 3
MIN_SITES_CAP = 10
ENFORCED_BY = ["standards:hot-column-index"]


def analyze(ctx: Context) -> list[Observation]:
    web = extract(ctx)
    out = []
    fk = fk_observation(web.schema)
    if fk is not None:
        out.append(fk)
    hot = hot_observation(web.schema, web.queries)
    if hot is not None:
        out.append(hot)
    return out


def fk_observation(schema) -> Observation | None:
    columns = fk_columns(schema)
    if len(columns) < MIN_FK_COLUMNS:
        return None
    covered = [(t, c) for t, c in columns if t.covered(c.name)]
    bare = [(t, c) for t, c in columns if not t.covered(c.name)]
    orms = sorted({t.framework for t, _ in columns})
    return Observation(
        id="web.schema.fk_indexed",
        title="Foreign-key columns lead an index",
        category="schema",
        language="any",
        value=True,
        support=len(covered),
        total=len(columns),
        counts={"indexed": len(covered), "not indexed": len(bare)},
        examples=[f"{c.path}:{c.line}" for _, c in covered[:MAX_EXAMPLES]],
        counter_examples=[f"{c.path}:{c.line}" for _, c in bare[:MAX_EXAMPLES]],
        enforced_by=list(ENFORCED_BY),
        why=f"{', '.join(orms)} do not index foreign keys by themselves; joins and deletes on the "
        "parent scan the whole child table without one",
        params={"orms": orms, "migrations": schema.style.get("migrations", "")},
    )


def min_call_sites(schema, queries) -> int:
    """How many equality lookups make a column hot here: the median call-site count of the
    columns this repo chose to index, kept within [3, 10]."""
    indexed = indexed_call_sites(schema, queries)
    if not indexed:
        return MIN_SITES_FLOOR
    return max(MIN_SITES_FLOOR, min(MIN_SITES_CAP, int(statistics.median(indexed))))


def hot_observation(schema, queries) -> Observation | None:
    n = min_call_sites(schema, queries)
    sites_by_column = equality_sites(schema, queries)
    together = co_filtered(sites_by_column)
    hot, covered, bare = [], [], []
    for (table_name, column), sites in sites_by_column.items():
        table = schema.tables[table_name]
        col = table.columns[column]
        if col.primary or col.few_values or len({(s.path, s.line) for s in sites}) < n:
            continue
        hot.append((table, column, sites))
        fast = all(served(table, column, together[(table_name, s.path, s.line)]) for s in sites)
        (covered if fast else bare).append((table, column, sites))
    if not hot:
        return None
    bare.sort(key=lambda h: -len(h[2]))
    return Observation(
        id="web.schema.hot_columns",
        title=f"Columns looked up in {n}+ places are indexed",
        category="schema",
        language="any",
        value=n,
        support=len(covered),
        total=len(hot),
        counts={"indexed": len(covered), "not indexed": len(bare)},
        examples=[f"{t.columns[c].path}:{t.columns[c].line}" for t, c, _ in covered[:MAX_EXAMPLES]],
        counter_examples=[f"{t.columns[c].path}:{t.columns[c].line}" for t, c, _ in bare[:MAX_EXAMPLES]],
        enforced_by=list(ENFORCED_BY),
        why="an equality lookup on an unindexed column scans the table; this repo indexes the "
        f"columns it looks up in {n} or more places",
        params={"min_call_sites": n, "migrations": schema.style.get("migrations", "")},
        max_level=Level.WARN,
        note="equality lookups are weaker evidence than foreign keys: warn only",
    )
