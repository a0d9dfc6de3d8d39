"""Hot columns: do foreign keys lead an index (counted over the keys that queries filter, order
or join on when there are enough of them, with what the ORM indexes by itself counted as
indexed), and are the columns looked up by equality in many places indexed?"""

from __future__ import annotations

import statistics

from standards.analyzers._evidence import MAX_EXAMPLES
from standards.context import Context
from standards.infer import COUNTED, Thresholds
from standards.model import Level, Observation
from standards.webmodel import QuerySite, Schema, extract
from standards.webmodel.hotcolumns import (
    FK_INDEXING_ORMS,
    ORM_NAMES,
    co_filtered,
    equality_sites,
    foreign_keys,
    indexed_call_sites,
    lookup_sites,
    served,
)

LANGUAGES = ("python", "ruby", "javascript", "typescript")
MIN_FK_COLUMNS = 3
MIN_LOOKED_UP = 5  # looked-up foreign keys needed before they alone are the denominator
MIN_SITES_FLOOR = 3
MIN_SITES_CAP = 10
ENFORCED_BY = ["standards:hot-column-index"]
DEFAULT_INDEXERS = {"django": "Django", "knex": "MySQL"}  # who indexes a key by itself, per ORM


def analyze(ctx: Context) -> list[Observation]:
    web = extract(ctx)
    out = []
    fk = fk_observation(web.schema, web.queries)
    if fk is not None:
        out.append(fk)
    hot = hot_observation(web.schema, web.queries)
    if hot is not None:
        out.append(hot)
    return out


def fk_observation(schema: Schema, queries: list[QuerySite]) -> Observation | None:
    """Do foreign keys lead an index here? Counted over the foreign keys that queries filter,
    order or join on (an index there is what the convention is for) when there are enough of
    them, else over all foreign keys; the denominator is stated. Keys the ORM or the database
    indexes by itself (Django, knex on MySQL) count as indexed: where that default makes it the
    norm the convention is a warning, never a block (the evidence is the framework's, not the
    repo's own choice). Where the ORM adds no index by itself and the keys queries use mostly
    have none, the convention is still a warning for those keys (``min_level``): a database
    practice, said so in the note with the numbers, the old keys known debt."""
    keys = foreign_keys(schema)
    if len(keys) < MIN_FK_COLUMNS:
        return None
    uses = lookup_sites(schema, queries)
    looked_up = [(t, c) for t, c in keys if uses.get((t.name, c.name))]
    measured = looked_up if len(looked_up) >= MIN_LOOKED_UP else keys
    covered = [(t, c) for t, c in measured if t.covered(c.name)]
    bare = sorted(
        ((t, c) for t, c in measured if not t.covered(c.name)),
        key=lambda k: (-len({(s.path, s.line) for s in uses.get((k[0].name, k[1].name), [])}), k[1].path, k[1].line),
    )
    by_default = [(t, c) for t, c in covered if c.auto_indexed]
    # keys no query uses break the convention too, unless this repo leaves those without an index
    indexed_anywhere = sum(t.covered(c.name) for t, c in keys)
    looked_up_only = measured is looked_up and indexed_anywhere < Thresholds().warn_share * len(keys)
    orms = sorted({t.framework for t, _ in keys})
    bare_orms = [o for o in orms if o in FK_INDEXING_ORMS]
    # a key that queries use and no index leads: a database practice (the ORM adds none), so the
    # check warns about a new one whatever this repo's share, and names the old ones as debt
    # (where the repo's own share already makes it a warning, that share decides, as before)
    practice = bool(bare_orms and looked_up and not by_default)
    practice = practice and len(covered) < Thresholds().warn_share * len(measured)
    looked_up_only = looked_up_only or practice
    if measured is looked_up:
        scope = (
            f"{COUNTED}the {len(measured)} foreign-key columns that queries filter, order or join on "
            f"({len(keys)} in all)"
        )
    else:
        scope = f"{COUNTED}all {len(keys)} foreign-key columns ({len(looked_up)} filtered, ordered or joined on)"
    notes = [scope]
    if practice:
        adds = "adds no index by itself" if len(bare_orms) == 1 else "add no index by themselves"
        notes.append(
            f"a database practice the hook warns about (never blocks) for keys that queries use: "
            f"{' and '.join(ORM_NAMES.get(o, o) for o in bare_orms)} {adds}; "
            f"the {len(measured) - len(covered)} unindexed ones here are known debt"
        )
    counts = {"indexed": len(covered), "not indexed": len(bare)}
    if by_default:
        makers = sorted({DEFAULT_INDEXERS.get(t.framework, t.framework) for t, _ in by_default})
        notes.append(f"{len(by_default)} indexed by {', '.join(makers)} by default: a warning at most")
        counts["indexed by default"] = len(by_default)
    if bare_orms:
        why = (
            f"{', '.join(bare_orms)} do not index foreign keys by themselves; joins and deletes on the "
            "parent scan the whole child table without one"
        )
    else:
        why = f"{', '.join(orms)} index foreign keys by themselves; a key that opts out scans the table on every join"
    return Observation(
        id="web.schema.fk_indexed",
        title="Foreign-key columns lead an index",
        category="schema",
        language="any",
        value=True,
        support=len(covered),
        total=len(measured),
        counts=counts,
        examples=[f"{c.path}:{c.line}" for _, c in covered[:MAX_EXAMPLES]],
        counter_examples=[f"{c.path}:{c.line}" for _, c in bare[:MAX_EXAMPLES]],
        enforced_by=list(ENFORCED_BY),
        why=why,
        params={"orms": orms, "migrations": schema.style.get("migrations", ""), "looked_up_only": looked_up_only},
        max_level=Level.WARN if by_default else None,
        min_level=Level.WARN if practice else None,
        note="; ".join(notes),
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
