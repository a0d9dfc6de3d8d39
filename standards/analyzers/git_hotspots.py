"""Hot spots, coupled files and owners: where a change needs care, for the playbook's
"Handle with care" section. Information only (never checked), recency-weighted.

* ``git.hotspots``: files that change often and are large (weighted commits × lines);
* ``git.coupling``: pairs of files that usually change together (excluding a file and its
  test, which are expected to);
* ``git.owners``: who makes most of the changes in each area.

Each value is a list of flat tables (TOML-serialisable) in ranking order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from standards.context import Context
from standards.history import areas, messages
from standards.history.reader import Commit, History, history_for
from standards.history.recency import commit_weights, half_life
from standards.model import Level, Observation

LANGUAGES = ()
TOP = 10
MAX_FILES_PER_COMMIT = 30  # larger commits are sweeping edits (renames, formatting), not coupling
MIN_TOGETHER = 5
MIN_DEGREE = 0.5
OWNERS_PER_AREA = 3
MIN_OWNER_SHARE = 0.10
MIN_AREA_COMMITS = 5


def analyze(ctx: Context) -> list[Observation]:
    history = history_for(ctx)
    commits = [c for c in messages.by_people(history.commits) if not c.is_root]
    if not commits:
        return []
    weights = commit_weights(history, half_life(ctx.options))
    current = {f.path for f in ctx.discovery.files}
    found = [
        hotspots(ctx, commits, weights, current),
        coupling(commits, current),
        owners(commits, weights),
    ]
    return [_info(obs, history) for obs in found if obs is not None]


def _info(obs: Observation, history: History) -> Observation:
    obs.max_level = Level.INFO
    obs.note = "; ".join(n for n in (obs.note, history.note) if n)
    return obs


def hotspots(ctx: Context, commits: list[Commit], weights: dict[str, float], current: set[str]) -> Observation | None:
    changes: Counter = Counter()
    churn: Counter = Counter()
    weighted: defaultdict[str, float] = defaultdict(float)
    for c in commits:
        for f in c.files:
            if f.path in current and not areas.is_test(f.path):
                changes[f.path] += 1
                churn[f.path] += f.churn
                weighted[f.path] += weights[c.sha]
    rows = []
    for path, w in weighted.items():
        text = ctx.text(path) or ""
        lines = text.count("\n")
        rows.append(
            {"path": path, "commits": changes[path], "churn": churn[path], "lines": lines, "score": round(w * lines)}
        )
    rows.sort(key=lambda r: (-int(r["score"]), str(r["path"])))
    top = [r for r in rows if int(r["score"]) > 0][:TOP]
    if not top:
        return None
    return Observation(
        id="git.hotspots",
        title="Hot spots: large files that change often",
        category="history",
        language="git",
        value=top,
        support=len(rows),
        total=len(rows),
        examples=[f"{r['path']}:1" for r in top[:3]],
        why="most defects and review effort gather where big files change often; change them in small, tested steps",
        note="score = recency-weighted commits × current lines",
    )


def coupling(commits: list[Commit], current: set[str]) -> Observation | None:
    revisions: Counter = Counter()
    together: Counter = Counter()
    for c in commits:
        paths = sorted({f.path for f in c.files if f.path in current})
        if len(paths) > MAX_FILES_PER_COMMIT:
            continue
        revisions.update(paths)
        together.update(pair for pair in combinations(paths, 2) if not _file_and_test(*pair))
    rows = []
    for (a, b), n in together.items():
        degree = n / min(revisions[a], revisions[b])
        if n >= MIN_TOGETHER and degree >= MIN_DEGREE:
            rows.append({"a": a, "b": b, "together": n, "degree": round(degree, 2)})
    rows.sort(key=lambda r: (-float(r["degree"]) * int(r["together"]), str(r["a"]), str(r["b"])))
    if not rows:
        return None
    top = rows[:TOP]
    return Observation(
        id="git.coupling",
        title="Files that usually change together",
        category="history",
        language="git",
        value=top,
        support=len(rows),
        total=len(rows),
        examples=[f"{r['a']}:1" for r in top[:3]],
        why="a change to one of these files usually needs the other: check both",
        note="degree = commits changing both / commits changing the less-changed one",
    )


def _file_and_test(a: str, b: str) -> bool:
    return areas.is_test(a) != areas.is_test(b)


def owners(commits: list[Commit], weights: dict[str, float]) -> Observation | None:
    by_area: defaultdict[str, defaultdict[str, float]] = defaultdict(lambda: defaultdict(float))
    counts: Counter = Counter()
    for c in commits:
        for area in {areas.area_of(f.path) for f in c.files}:
            by_area[area][c.author] += weights[c.sha]
            counts[area] += 1
    rows = []
    for area, n in counts.most_common(TOP * 2):
        if n < MIN_AREA_COMMITS:
            break
        authors = by_area[area]
        whole = sum(authors.values())
        ranked = sorted(authors.items(), key=lambda kv: (-kv[1], kv[0]))[:OWNERS_PER_AREA]
        names = [f"{name} ({w / whole:.0%})" for name, w in ranked if w / whole >= MIN_OWNER_SHARE]
        rows.append({"area": area, "commits": n, "owners": names})
    if not rows:
        return None
    return Observation(
        id="git.owners",
        title="Who changes each area most",
        category="history",
        language="git",
        value=rows,
        support=len(rows),
        total=len(rows),
        why="ask them before a large change to their area",
        note="share of recency-weighted commits by author (mailmap applied)",
    )
