"""Python conventions counted with ruff itself: quote style, import sorting options,
formatter compatibility, and which of ruff's default correctness rules the code keeps.

Each candidate setting is one `ruff check --isolated` run over the repository's Python
files; the settings the code already follows win, the way RuboCop detects styles.
Candidates run concurrently.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from standards import roles, ruff_tool
from standards.analyzers._style import quote_first
from standards.context import Context
from standards.model import Level, Observation
from standards.sampling import sample

LANGUAGES = ("python",)
BACKGROUND = True  # its work is ruff subprocesses

# isort options, each tried against ruff's default; (ruff key, alternative value)
ISORT_OPTIONS: tuple[tuple[str, Any], ...] = (
    ("force-single-line", True),
    ("combine-as-imports", True),
    ("force-sort-within-sections", True),
    ("order-by-type", False),
    ("case-sensitive", True),
    ("lines-after-imports", 2),
    ("lines-between-types", 1),
    ("no-lines-before", ["local-folder"]),
    ("single-line-exclusions", ["typing"]),
)
MAX_ROUNDS = 4
SEARCH_LEAVES_OUT = frozenset({"docs", "example"})  # roles the isort option search does not read
ISORT_SAMPLE = 400  # files the option search runs on
# files quotes are counted on: on netbox (1,290 files) the count under the setting the code
# does not follow is 350,000 diagnostics, and 400 files already hold 100,000 strings
STYLE_SAMPLE = 400
CORRECTNESS_CODES = ("E4", "E7", "E9", "F")
MAX_RATE = 0.02  # a default rule is kept when at most this share of files break it


def analyze(ctx: Context) -> list[Observation]:
    if not ctx.files("python") or ruff_tool.ruff_bin() is None:
        return []
    root = ctx.root
    # Quotes and correctness need no parse: they start on every file at once, while the
    # main thread is still parsing, and drop the files that turn out not to parse.
    quoted = set(sample([f.path for f in ctx.files("python")], STYLE_SAMPLE))
    early = ctx.lintable_before_parse()
    quote_runs = _quote_runs(root, [p for p in early if p in quoted])
    correctness_diags = _correctness_run(root, early)
    paths = _countable(ctx)  # parse errors are reported once, not counted
    if not paths:
        return []
    parsed, started = set(paths), set(early)
    late = [p for p in paths if p not in started]
    if late:
        for style, counted in _quote_runs(root, [p for p in late if p in quoted]).items():
            quote_runs[style].add(counted)
        correctness_diags.extend(_correctness_run(root, late))
    broken = started - parsed
    out: list[Observation] = []
    measured = len(quoted & parsed)
    quotes = quotes_observation({k: v.without(broken) for k, v in quote_runs.items()}, measured, len(paths))
    for obs in quotes:
        quote_first(ctx, obs)  # the Do is the first string that follows the style, quoted
    out.extend(quotes)
    out.extend(correctness_observation(_within(correctness_diags, parsed), paths))
    line_length = _line_length_hint(ctx)
    out.extend(isort(ctx, paths, line_length))
    out.extend(formatter(root, paths, line_length, out))
    return out


def _countable(ctx: Context) -> list[str]:
    """The files that parsed, and the test modules left out of the parse sample (if any)
    that ruff can parse; those it cannot are recorded as parse errors like the others."""
    paths = ctx.countable_python_paths()
    unparsed = set(ctx.sampled_out) & set(paths)
    if not unparsed:
        return paths
    broken = ruff_tool.syntax_errors(ctx.root, sorted(unparsed))
    ctx.parse_errors.update(broken)
    return [p for p in paths if p not in broken]


def _within(diags: list[ruff_tool.Diagnostic], paths: set[str]) -> list[ruff_tool.Diagnostic]:
    return [d for d in diags if d.path in paths]


def _line_length_hint(ctx: Context) -> int:
    from standards.analyzers import py_layout

    for o in py_layout.analyze(ctx):
        if o.id == "py.format.line_length":
            return int(o.value)
    return 88


def _places(diags: list[ruff_tool.Diagnostic], n: int = 3) -> list[str]:
    return [f"{d.path}:{d.line}" for d in diags[:n]]


def _quote_runs(root: Path, paths: list[str]) -> dict[str, ruff_tool.Counted]:
    """Q000 under each setting; under "single" the flagged strings are double-quoted."""

    def run(style: str) -> ruff_tool.Counted:
        return ruff_tool.count(root, paths, ["Q000"], {"lint.flake8-quotes.inline-quotes": style})

    return {style: run(style) for style in ("single", "double")}


def quotes_observation(runs: dict[str, ruff_tool.Counted], measured: int, files: int) -> list[Observation]:
    """Single vs double quotes: Q000 under each setting flags the strings of the other.
    ``measured`` of the ``files`` that parse were counted (all of them up to STYLE_SAMPLE)."""
    # under "single", the flagged strings are double-quoted, and vice versa
    double, single = runs["single"].total, runs["double"].total
    total = single + double
    if not total:
        return []
    value = "single" if single > double else "double"
    other = "double" if value == "single" else "single"
    good = "'text'" if value == "single" else '"text"'
    anti = '"text"' if value == "single" else "'text'"
    return [
        Observation(
            id="py.format.quotes",
            title=f"Strings use {value} quotes",
            category="formatting",
            language="python",
            value=value,
            support=max(single, double),
            total=total,
            counts={"single": single, "double": double},
            examples=_places(runs[other].first),  # flagged under the other style = follow this one
            counter_examples=_places(runs[value].first),
            enforced_by=["ruff:Q000"],
            params={
                "ruff": {
                    "lint.flake8-quotes.inline-quotes": value,
                    "format.quote-style": value,
                }
            },
            why="One quote style keeps diffs free of churn; the other quote is for strings that contain it.",
            do=f"name = {good}",
            dont=f"name = {anti}",
            note=f"counted on {measured} of {files} files, a fixed sample spread over the repository"
            if measured < files
            else "",
        )
    ]


def isort(ctx: Context, paths: list[str], line_length: int) -> list[Observation]:
    """Import sorting: start from ruff's defaults, adopt each option that fits better.

    The search runs on a sample of files (options are a property of the whole code base,
    a few hundred files decide them); the chosen settings are then measured on all files."""
    root = ctx.root
    base: dict[str, Any] = {"line-length": line_length}
    roots = source_roots(paths)
    if roots:
        base["src"] = roots
    # the options are searched on the code maintainers keep sorted: documentation snippets
    # and examples are often left out of isort (pyramid skips docs/*) and only add noise
    kept = [p for p in paths if roles.role(p) not in SEARCH_LEAVES_OUT] or paths
    all_paths, paths = paths, sample(kept, ISORT_SAMPLE)

    def settings(opts: dict[str, Any]) -> dict[str, Any]:
        return {**base, **{f"lint.isort.{k}": v for k, v in opts.items()}}

    chosen: dict[str, Any] = {}
    evidence: dict[str, int] = {}
    per_file = ruff_tool.fix_diff_size(root, paths, ["I001"], settings({}))
    current = evidence["default"] = per_file.total()
    for _ in range(MAX_ROUNDS):  # coordinate descent: options interact (e.g. attrs, falcon)
        if current == 0:
            break
        candidates = {
            key: (["I001"], settings({**chosen, key: value})) for key, value in ISORT_OPTIONS if key not in chosen
        }
        if not candidates:
            break
        runs = ruff_tool.diff_sizes(root, paths, candidates)
        counts = {key: run.total() for key, run in runs.items()}
        for key, n in counts.items():
            evidence.setdefault(key, n)
        key = min(counts, key=lambda k: (counts[k], k))
        if _adopt(per_file, runs[key]):
            chosen[key] = dict(ISORT_OPTIONS)[key]
            per_file, current = runs[key], counts[key]
        else:
            break
    final = ruff_tool.check(root, all_paths, select=["I001"], settings=settings(chosen), concise=True)
    files_with_imports = _files_with_imports(ctx, all_paths)
    if not files_with_imports:
        return []
    unsorted = len({d.path for d in final})
    followed = max(0, files_with_imports - unsorted)
    described = ", ".join(f"{k} = {str(v).lower()}" for k, v in chosen.items()) or "ruff's defaults"
    return [
        Observation(
            id="py.imports.sorted",
            title="Imports are sorted (isort style)",
            category="imports",
            language="python",
            value=described,
            support=followed,
            total=files_with_imports,
            counts={"sorted": followed, "unsorted": unsorted},
            counter_examples=_places(final),
            enforced_by=["ruff:I001"],
            params={"ruff": {**({"src": roots} if roots else {}), **{f"lint.isort.{k}": v for k, v in chosen.items()}}}
            if chosen or roots
            else {},
            why="Sorted imports never conflict in merges and show dependencies at a glance.",
            do="run `ruff check --select I --fix` on the file",
            note="lines ruff would change, per candidate: " + ", ".join(f"{k} {v}" for k, v in evidence.items()),
        )
    ]


def _adopt(current: Counter, candidate: Counter) -> bool:
    """Whether an isort option fits the code better than what is chosen so far: it removes a
    tenth of the lines ruff would change, or it only ever helps (two files or more get
    better, none worse) where other differences (sections ruff cannot express, say) keep the
    total high."""
    gain = current.total() - candidate.total()
    if gain < 2:
        return False
    if candidate.total() <= current.total() * 0.9:
        return True
    files = set(current) | set(candidate)
    better = sum(1 for f in files if candidate[f] < current[f])
    worse = sum(1 for f in files if candidate[f] > current[f])
    return better >= 2 and worse == 0


def source_roots(paths: list[str]) -> list[str]:
    """Folders that hold top-level packages, when they are not ruff's defaults ("." and "src").

    A package's root is the parent of its top-most folder with an ``__init__.py``; ruff must
    know these roots to tell first-party imports from third-party ones."""
    present = set(paths)
    counts: Counter = Counter()
    for path in paths:
        parts = path.split("/")[:-1]
        top = None
        for i in range(len(parts), 0, -1):
            if "/".join(parts[:i]) + "/__init__.py" in present:
                top = i
            else:
                break
        if top is not None:
            counts["/".join(parts[: top - 1]) or "."] += 1
    total = sum(counts.values())
    roots = sorted(r for r, n in counts.items() if n >= max(3, total * 0.05))
    if all(r in (".", "src") for r in roots):
        return []
    return sorted(set(roots) | {"."})


def _files_with_imports(ctx: Context, paths: list[str]) -> int:
    """Files whose head imports something. From the texts in memory: file reads in this
    thread would each wait for the main thread to hand the GIL back (2 s on netbox)."""
    return sum(1 for p in paths if "import " in (ctx.text(p) or "")[:20_000])


def _correctness_run(root: Path, paths: list[str]) -> list[ruff_tool.Diagnostic]:
    return ruff_tool.check(root, paths, select=list(CORRECTNESS_CODES), concise=True) if paths else []


def correctness_observation(diags: list[ruff_tool.Diagnostic], paths: list[str]) -> list[Observation]:
    """ruff's default rules (pyflakes, pycodestyle errors): keep the codes the code keeps."""
    by_code: dict[str, list[ruff_tool.Diagnostic]] = {}
    for d in diags:
        by_code.setdefault(d.code, []).append(d)
    files = len(paths)
    dropped: list[str] = []
    role = {p: roles.role(p) for p in {d.path for d in diags}}
    for code, found in sorted(by_code.items()):
        broken_files = len({d.path for d in found if role[d.path] != "test"})
        if broken_files / files > MAX_RATE:
            dropped.append(code)
    clean_files = files - len({d.path for d in diags})
    ignored = sorted(dropped)
    return [
        Observation(
            id="py.lint.correctness",
            title="No unused imports or variables, undefined names, or syntax-level errors",
            category="correctness",
            language="python",
            value="pyflakes and pycodestyle errors" + (f" (except {', '.join(ignored)})" if ignored else ""),
            support=clean_files,
            total=files,
            counts=dict(Counter({d.code: 0 for d in diags}) + Counter(d.code for d in diags)),
            counter_examples=_places(diags),
            enforced_by=[f"ruff:{c}" for c in CORRECTNESS_CODES],
            params={"ruff_ignore": ignored} if ignored else {},
            why="These are bugs or dead code more often than style; ruff fixes most of them.",
            do="run `ruff check --fix` on the file",
            note=(f"not enforced, too common here: {', '.join(ignored)}" if ignored else ""),
        )
    ]


def formatter(root: Path, paths: list[str], line_length: int, found: list[Observation]) -> list[Observation]:
    """Is the code already what `ruff format` would write (so a format check can block)?"""
    settings: dict[str, Any] = {"line-length": line_length}
    for obs in found:
        if obs.id == "py.format.quotes" and obs.share >= 0.9:
            settings["format.quote-style"] = obs.value
    if not any(o.id == "py.format.quotes" and o.share >= 0.9 for o in found):
        settings["format.quote-style"] = "preserve"
    changed = ruff_tool.format_check(root, paths, settings)
    total = len(paths)
    obs = Observation(
        id="py.format.formatter",
        title="Code is formatted with `ruff format`",
        category="formatting",
        language="python",
        value="ruff format",
        support=total - changed,
        total=total,
        counts={"formatted": total - changed, "would change": changed},
        enforced_by=["ruff-format"],
        params={"ruff": dict(settings)},  # the width it was measured at is part of the convention
        why="A formatter ends layout debates; the files here already match it.",
        do="run `ruff format <file>` before committing",
        note=f"{changed} of {total} files would be reformatted",
    )
    if obs.share < 0.95:
        obs.max_level = Level.INFO
    return [obs]
