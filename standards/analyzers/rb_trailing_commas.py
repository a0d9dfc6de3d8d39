"""Trailing commas after the last item of multi-line array and hash literals and argument
lists (RuboCop ``Style/TrailingCommaInArrayLiteral``, ``...InHashLiteral``, ``...InArguments``).

``no_comma`` forbids them, ``comma`` wants one when every item (and the closing bracket)
is on its own line, ``consistent_comma`` wants one in every multi-line list. Each multi-line
list is a unit, tagged as RuboCop's TrailingComma mixin reads it (``_rbindex._trailing_comma``).
"""

from __future__ import annotations

from collections.abc import Iterable

from standards.analyzers._rbstyle import CopStyle, infer_style
from standards.analyzers._rbverify import analyzed
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("ruby",)
STYLES = ("consistent_comma", "comma", "no_comma")
FAMILY = (
    ("Style/TrailingCommaInArrayLiteral", "comma_array", "array", "multi-line arrays", ("[", "]", "1", "2")),
    ("Style/TrailingCommaInHashLiteral", "comma_hash", "hash", "multi-line hashes", ("{", "}", "a: 1", "b: 2")),
    (
        "Style/TrailingCommaInArguments",
        "comma_arguments",
        "arguments",
        "multi-line argument lists",
        ("add(", ")", "1", "2"),
    ),
)
WORDS = {
    "no_comma": "have no trailing comma",
    "comma": "end with a comma when each item is on its own line",
    "consistent_comma": "always end with a trailing comma",
}


def donts(shape: tuple[str, str, str, str]) -> dict[str, str]:
    """A multi-line list breaking each style: with a trailing comma, or without one."""
    opening, closing, first, second = shape
    with_comma = f"x = {opening}\n  {first},\n  {second},\n{closing}"
    without = f"x = {opening}\n  {first},\n  {second}\n{closing}"
    return {"no_comma": with_comma, "comma": without, "consistent_comma": without}


def fits(tag: str) -> Iterable[str]:
    comma, own, needs = tag.split(":")
    if comma == "comma":
        return [s for s, ok in (("comma", own == "own"), ("consistent_comma", needs == "needs")) if ok]
    return ["no_comma", *(["comma"] if own != "own" else []), *(["consistent_comma"] if needs != "needs" else [])]


def analyze(ctx: Context) -> list[Observation]:
    return analyzed(ctx, "rb_trailing_commas")


def observe(ctx: Context) -> list[Observation]:
    """The styles counted with tree-sitter (RuboCop checks them on a sample in ``analyze``)."""
    out = []
    for cop, fact, name, unit, shape in FAMILY:
        obs = infer_style(
            ctx,
            CopStyle(cop, "EnforcedStyleForMultiline", STYLES, "no_comma"),
            fact,
            fits,
            id=f"rb.style.trailing_comma_{name}",
            title="",
            category="formatting",
            why="One rule for the last item's comma keeps multi-line diffs to the lines that changed.",
            dont=donts(shape),
            unit=unit,
        )
        if obs is not None:
            obs.title = f"Multi-line {unit.removeprefix('multi-line ')} {WORDS[obs.value]}"
            out.append(obs)
    return out
