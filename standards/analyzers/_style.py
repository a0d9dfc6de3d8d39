"""Helpers the JavaScript and Ruby style analyzers share: a per-analysis cache, naming
styles, the cliff of a line-length distribution and a size limit read from sizes."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from tree_sitter import Query, QueryCursor

from standards.analyzers._evidence import MAX_EXAMPLES, Tally, percentile
from standards.context import Context
from standards.model import Observation

T = TypeVar("T")


def per_context(ctx: Context, key: str, build: Callable[[Context], T]) -> T:
    """``build(ctx)``, computed once per Context and forgotten when the Context is."""
    return ctx.once(key, lambda: build(ctx))


# -- node selection ---------------------------------------------------------------------


@cache
def _query(language: Any, patterns: tuple[tuple[str, str], ...]) -> Query:
    known = [
        pattern or f"({node_type}) @{node_type}"
        for node_type, pattern in patterns
        if language.id_for_node_kind(node_type, True) is not None
    ]
    return Query(language, "\n".join(known))


def nodes_of_types(tree: Any, patterns: tuple[tuple[str, str], ...]) -> list[Any]:
    """The nodes of ``tree`` selected by ``patterns``, in document order (parents first).

    ``patterns`` are (node type, query or "") pairs: "" selects every node of the type, a
    query (capturing ``@<type>``) narrows it. Selection runs in C, so uninteresting nodes
    never become Python objects; types the grammar lacks are ignored. The order of the
    query's own results varies between processes, so it is sorted here: analyzers pick
    their examples from this order, and the same repository must give the same output.
    """
    wanted = {node_type for node_type, _ in patterns}
    captured = QueryCursor(_query(tree.language, patterns)).captures(tree.root_node)
    nodes = [node for name, found in captured.items() if name in wanted for node in found]
    nodes.sort(key=lambda n: (n.start_byte, -n.end_byte, n.type))
    return nodes


# -- naming -------------------------------------------------------------------------------

_UPPER = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)+|[A-Z]{2,}[0-9]*")
_PASCAL = re.compile(r"[A-Z][a-zA-Z0-9]*[a-z][a-zA-Z0-9]*|[A-Z]")
_CAMEL = re.compile(r"[a-z][a-z0-9]*([A-Z][a-z0-9]*)+")
_LOWER = re.compile(r"[a-z][a-z0-9]*")
_SNAKE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)+")
_KEBAB = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)+")


def name_style(name: str) -> str:
    """One of lower, camelCase, PascalCase, snake_case, UPPER_CASE, kebab-case, other.

    Leading and trailing ``_`` are ignored (they mark privacy, not style) and ``$`` is
    dropped, as ESLint's ``camelcase`` does: ``$__init`` keeps an inner underscore and is
    ``other``. A single lowercase word is ``lower``, which fits camelCase and snake_case.
    """
    core = name.strip("_").replace("$", "")
    for style, pattern in (
        ("lower", _LOWER),
        ("camelCase", _CAMEL),
        ("snake_case", _SNAKE),
        ("UPPER_CASE", _UPPER),
        ("PascalCase", _PASCAL),
        ("kebab-case", _KEBAB),
    ):
        if pattern.fullmatch(core):
            return style
    return "other"


def naming_observation(tally: Tally, fits: dict[str, frozenset[str]], **kwargs: object) -> Observation | None:
    """An observation whose value is the style (a key of ``fits``) that most names fit.

    ``fits`` maps a convention to the name styles that satisfy it (``lower`` satisfies
    both camelCase and snake_case); support counts every name that fits the winner.
    """
    if not tally.counts:
        return None
    scored = {value: sum(tally.counts[s] for s in styles) for value, styles in fits.items()}
    value = max(sorted(scored), key=lambda v: scored[v])
    allowed = fits[value]
    examples: list[str] = []
    counter: list[str] = []
    for style, _ in tally.counts.most_common():
        (examples if style in allowed else counter).extend(tally.places.get(style, []))
    return Observation(
        value=value,
        support=scored[value],
        total=tally.total,
        counts={k: v for k, v in tally.counts.most_common()},
        examples=examples[:MAX_EXAMPLES],
        counter_examples=counter[:MAX_EXAMPLES],
        **kwargs,  # type: ignore[arg-type]
    )


# -- line length --------------------------------------------------------------------------

LIMIT_CANDIDATES = (72, 80, 90, 100, 110, 120, 130, 140, 150, 160, 180, 200)
CLIFF_WINDOW = 10
CLIFF_RATIO = 4.0
CLIFF_MIN_BELOW = 20


@dataclass(frozen=True)
class LengthLimit:
    limit: int
    cliff: bool  # True: lines pile up just below the limit and thin out past it


def line_length_limit(lengths: list[int]) -> LengthLimit:
    """The line length the authors wrap at, read from the cliff of the distribution.

    For each usual limit L, compare how many lines are L-9..L long with how many are
    L+1..L+10: an enforced or habitual limit shows as a crowd just below it and a cliff
    after it. The first limit with a clear cliff wins; without one the limit is the usual
    value just above the 99th percentile, reported as no cliff.
    """
    hist = Counter(lengths)

    def band(lo: int, hi: int) -> int:
        return sum(hist[n] for n in range(lo, hi + 1))

    for limit in LIMIT_CANDIDATES:
        below = band(limit - CLIFF_WINDOW + 1, limit)
        above = band(limit + 1, limit + CLIFF_WINDOW)
        past = sum(n for length, n in hist.items() if length > limit)
        if below >= CLIFF_MIN_BELOW and below >= CLIFF_RATIO * max(above, 1) and past <= 0.02 * len(lengths):
            return LengthLimit(limit, True)
    p99 = percentile([float(n) for n in lengths], 99)
    above_p99 = [c for c in LIMIT_CANDIDATES if c >= p99]
    return LengthLimit(above_p99[0] if above_p99 else LIMIT_CANDIDATES[-1], False)


# -- sizes --------------------------------------------------------------------------------

SIZE_PERCENTILE = 95
MIN_SIZE_LIMIT = 10


SIZE_STEPS = (10, 15, 20, 25, 30, 40, 50, 60, 75, 100, 150, 200, 300)


def within_counts(values: list[int], limits: Iterable[int]) -> dict[str, int]:
    """How many values each limit admits: {"80": n, "100": m, ...}.

    Keyed by the limit, so that an explicit limit from a config file finds its support
    among the counts of an inferred one (inference looks up ``counts[str(value)]``).
    """
    ordered = sorted(values)
    out = {}
    for limit in sorted(set(limits)):
        out[str(limit)] = bisect.bisect_right(ordered, limit)
    return out


def size_limit(sizes: list[int]) -> int:
    """A cap that the repo's own code keeps to: its 95th percentile, rounded up to 5."""
    p = percentile([float(s) for s in sizes], SIZE_PERCENTILE)
    return max(MIN_SIZE_LIMIT, int(-(-p // 5) * 5))


def glob_pattern(glob: str, anywhere: bool = False) -> re.Pattern[str]:
    """A RuboCop/ruff path glob as a regex over repository-relative paths: ``**`` spans
    directories, ``*`` and ``?`` stay within one, ``{a,b}`` is either; a leading ``./`` is
    dropped, and a directory covers what is inside it. With ``anywhere`` a pattern without a
    ``/`` matches a file or directory of that name at any depth (ruff's ``exclude``)."""
    glob = glob.removeprefix("./").rstrip("/")
    out, i = [], 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "{" and "}" in glob[i:]:
            end = glob.index("}", i)
            out.append("(?:" + "|".join(re.escape(a) for a in glob[i + 1 : end].split(",")) + ")")
            i = end + 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    prefix = "(?:.*/)?" if anywhere and "/" not in glob else ""
    return re.compile(prefix + "".join(out) + "(?:/.*)?")


def gitignore_pattern(pattern: str) -> re.Pattern[str] | None:
    """An ignore-file line (.eslintignore, ``ignorePatterns``: gitignore syntax) as a path regex;
    None for blanks, comments and ``!`` re-inclusions (which only ever count more files)."""
    pattern = pattern.strip()
    if not pattern or pattern.startswith(("#", "!")):
        return None
    anchored = pattern.startswith("/") or "/" in pattern.rstrip("/")
    body = pattern.strip("/")
    return glob_pattern(body, anywhere=not anchored) if body else None


# -- evidence helpers -----------------------------------------------------------------------

SNIPPET_CHARS = 80


def tally_spots(spots: Iterable[tuple[str, int, str]]) -> Tally:
    """A Tally of (path, line, value) triples."""
    tally = Tally()
    for path, line, value in spots:
        tally.add(value, path, line)
    return tally


def source_line(ctx: Context, place: str) -> str:
    """The stripped source text at "path:line" (shortened), or "" when unknown."""
    path, _, line = place.rpartition(":")
    text = ctx.text(path) if path else None
    if text is None or not line.isdigit():
        return ""
    lines = text.split("\n")
    n = int(line)
    snippet = lines[n - 1].strip() if 0 < n <= len(lines) else ""
    return snippet if len(snippet) <= SNIPPET_CHARS else snippet[: SNIPPET_CHARS - 3] + "..."


def as_files(places: list[str]) -> list[str]:
    """ "path:line" places as bare paths: for a convention about whole files (a module without
    ``print``), no single line shows it, so no line is cited."""
    return [p.rpartition(":")[0] if p.rpartition(":")[2].isdigit() else p for p in places]


def cite_first(obs: Observation, snippet: str, place: str) -> None:
    """Make ``snippet`` (the text at ``place``) the Do, with ``place`` the first example, so
    the example shown with a location is the one quoted."""
    if not snippet or not place:
        return
    obs.do = snippet
    obs.examples = [place, *[e for e in obs.examples if e != place]][:MAX_EXAMPLES]


def quote_first(ctx: Context, obs: Observation) -> None:
    """Make ``obs.do`` the quoted text of its first example (nothing when that line is empty)."""
    snippet = first_example(ctx, obs)
    if snippet:
        obs.do = snippet


def first_example(ctx: Context, obs: Observation) -> str:
    """The source text of the observation's first example."""
    return source_line(ctx, obs.examples[0]) if obs.examples else ""
