"""Python line length and indentation, read from the text.

Line length: the limit is the *cliff* of the distribution — the width below which lines
pile up and above which they thin out — not the longest line. A repository formatted at
88 still has a few longer lines (strings, URLs); those decide the separate E501 limit
(``lint.pycodestyle.max-line-length``) or that E501 is not enforced at all.
"""

from __future__ import annotations

from collections import Counter

from standards import roles
from standards.analyzers._evidence import Tally
from standards.context import Context
from standards.model import Level, Observation

LANGUAGES = ("python",)

CANDIDATES = (72, 79, 80, 88, 90, 99, 100, 110, 119, 120, 130, 140, 150, 160)
WINDOW = 6  # columns either side of a candidate compared for the cliff
OVERFLOW_OK = 0.002  # share of lines that may exceed a hard limit (they are baselined)
MIN_LINES = 200


def analyze(ctx: Context) -> list[Observation]:
    return ctx.once("py_layout", lambda: _analyze(ctx))  # py_ruff_style reads it from its thread


def _analyze(ctx: Context) -> list[Observation]:
    lengths: Counter = Counter()
    longest: dict[int, str] = {}
    indent = Tally()
    for mod in ctx.python_modules():  # a file that does not parse is not evidence
        _measure(mod.path, mod.text, lengths, longest, indent)
    out = []
    obs = line_length(lengths, longest)
    if obs is not None:
        out.extend(obs)
    ind = indent.observation(
        id="py.format.indent",
        title="Indent with four spaces" if indent.majority()[0] == "4 spaces" else "Indentation",
        category="formatting",
        language="python",
        enforced_by=["ruff:W191", "ruff:E111", "ruff:E114"],
        why="Mixed indentation makes diffs noisy and breaks copy-paste between files.",
    )
    if ind is not None:
        value = ind.value
        if value == "tab":
            ind.title, ind.enforced_by = "Indent with tabs", ["ruff:E101"]
            ind.params = {"ruff": {"format.indent-style": "tab"}}
        else:
            width = int(str(value).split()[0])
            ind.title = f"Indent with {width} spaces"
            ind.params = {"ruff": {"indent-width": width}} if width != 4 else {}
            if width != 4:
                ind.enforced_by = ["ruff:W191"]
        out.append(ind)
    return out


def _measure(path: str, text: str, lengths: Counter, longest: dict[int, str], indent: Tally) -> None:
    """Count line lengths, and the indentation step after each line that opens a block.

    Lengths are counted by C-level passes (map/Counter); only lines that open a block are
    looked at one by one (the 400k lines of a large repository cost a tenth of a second)."""
    lines = text.split("\n")
    code = list(map(str.rstrip, lines))
    widths = list(map(len, code))
    counts = Counter(widths)
    counts.pop(0, None)
    lengths.update(counts)
    unseen = {n for n in counts if n not in longest}
    if unseen:  # the first place each length occurs, for examples
        for i, n in enumerate(widths):
            if n in unseen:
                longest[n] = f"{path}:{i + 1}"
                unseen.discard(n)
                if not unseen:
                    break
    if roles.role(path) == "docs":
        return
    for i in [i for i, line in enumerate(code) if line[-1:] == ":"]:
        stripped = code[i].lstrip()
        if stripped.startswith(("#", "lambda", "'", '"')):
            continue
        nxt = _next_code_line(code, i + 1)
        if nxt is None:
            continue
        opener = len(_lead(lines[i]).expandtabs(8))
        lead = _lead(lines[nxt])
        if "\t" in lead:
            indent.add("tab", path, nxt + 1)
        elif (step := len(lead.expandtabs(8)) - opener) in (2, 3, 4, 8):
            indent.add(f"{step} spaces", path, nxt + 1)


def _lead(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _next_code_line(code: list[str], start: int) -> int | None:
    """Index of the first line from ``start`` that is neither blank nor a comment."""
    for j in range(start, len(code)):
        stripped = code[j].lstrip()
        if stripped and not stripped.startswith("#"):
            return j
    return None


def cliff(lengths: Counter) -> tuple[int, float]:
    """The candidate limit with the sharpest drop in density just past it, and that drop."""
    best, best_score = 0, 0.0
    total = sum(lengths.values())
    for limit in CANDIDATES:
        below = sum(lengths[n] for n in range(limit - WINDOW + 1, limit + 1))
        above = sum(lengths[n] for n in range(limit + 1, limit + WINDOW + 1))
        beyond = sum(c for n, c in lengths.items() if n > limit)
        if below < max(10, total * 0.001):
            continue
        score = below / (above + 1)
        # a cliff must also be where the distribution ends: little beyond it
        if beyond / total > 0.03:
            continue
        if score > best_score * 1.5 or (best == 0 and score > 0):
            best, best_score = limit, score
    return _settle(best, lengths), best_score


def _settle(limit: int, lengths: Counter) -> int:
    """Between adjacent candidates (79/80, 99/100, 119/120) pick the one where lines stop."""

    def level(at: int) -> float:
        return sum(lengths[n] for n in range(at - 4, at)) / 4

    if limit - 1 in CANDIDATES and lengths[limit] < 0.3 * level(limit):
        return limit - 1
    if limit + 1 in CANDIDATES and lengths[limit + 1] >= 0.3 * level(limit + 1):
        return limit + 1
    return limit


def line_length(lengths: Counter, longest: dict[int, str]) -> list[Observation] | None:
    total = sum(lengths.values())
    if total < MIN_LINES:
        return None
    limit, score = cliff(lengths)
    if not limit or score < 3:
        return None
    within = sum(c for n, c in lengths.items() if n <= limit)
    over = sorted((n for n in lengths if n > limit), reverse=True)
    examples_over = [longest[n] for n in over[:3]]
    near = [longest[n] for n in sorted((n for n in lengths if limit - 3 <= n <= limit), reverse=True)[:3]]
    counts = {f"<= {limit}": within, f"> {limit}": total - within}
    formatter = Observation(
        id="py.format.line_length",
        title=f"Lines are at most {limit} characters",
        category="formatting",
        language="python",
        value=limit,
        support=within,
        total=total,
        counts=counts,
        examples=near,
        counter_examples=examples_over,
        params={"ruff": {"line-length": limit}},
        why=f"The code is wrapped at {limit} columns (lines pile up just below it and stop); "
        "keeping to it keeps diffs and side-by-side review readable.",
        note=f"cliff at {limit}: {score:.0f}x more lines just below than just above",
    )
    hard = limit
    while (total - sum(c for n, c in lengths.items() if n <= hard)) / total > OVERFLOW_OK:
        bigger = [c for c in CANDIDATES if c > hard]
        if not bigger:
            hard = 0
            break
        hard = bigger[0]
    hard_within = sum(c for n, c in lengths.items() if n <= hard) if hard else within
    e501 = Observation(
        id="py.format.max_line_length",
        title=f"No line longer than {hard} characters" if hard else "Long lines are tolerated",
        category="formatting",
        language="python",
        value=hard,
        support=hard_within,
        total=total,
        counts={f"<= {hard or limit}": hard_within, f"> {hard or limit}": total - hard_within},
        examples=near,
        counter_examples=[longest[n] for n in sorted((n for n in lengths if n > (hard or limit)), reverse=True)[:3]],
        enforced_by=["ruff:E501"] if hard else [],
        params={"ruff": {"lint.pycodestyle.max-line-length": hard}} if hard and hard != limit else {},
        why="Long strings and URLs may pass the formatter's width; beyond this hard limit nothing does.",
        do="Split long strings with implicit concatenation inside parentheses.",
        note="" if hard else f"{total - within} lines exceed {limit} with no clear second limit: E501 is not enforced",
    )
    if not hard:
        e501.max_level = Level.INFO
    return [formatter, e501]
