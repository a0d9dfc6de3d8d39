"""Which quotes Ruby strings use (RuboCop ``Style/StringLiterals``) and which the strings
inside an interpolation use (``Style/StringLiteralsInInterpolation``).

Only strings that could be written either way count: a double-quoted string with
interpolation, an escape or a single quote inside must stay double; a single-quoted one
holding ``"`` or a backslash is neutral too. ``%q()`` and heredocs choose their own
delimiters and are left out.
"""

from __future__ import annotations

from standards.analyzers._rbstyle import CopStyle, infer_style
from standards.analyzers._rbverify import analyzed
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("ruby",)
SPEC = CopStyle("Style/StringLiterals", "EnforcedStyle", ("single_quotes", "double_quotes"), "single_quotes")
INTERPOLATION = CopStyle(
    "Style/StringLiteralsInInterpolation", "EnforcedStyle", ("single_quotes", "double_quotes"), "single_quotes"
)
FITS = {"single_quotes": ("single_quotes",), "double_quotes": ("double_quotes",)}
TITLES = {"single_quotes": "Plain strings use 'single quotes'", "double_quotes": 'Strings use "double quotes"'}
DONT = {"single_quotes": 'name = "plain"', "double_quotes": "name = 'plain'"}
DONT_INSIDE = {"single_quotes": '"#{h["k"]}"', "double_quotes": "\"#{h['k']}\""}


def analyze(ctx: Context) -> list[Observation]:
    return analyzed(ctx, "rb_string_literals")


def observe(ctx: Context) -> list[Observation]:
    """The styles counted with tree-sitter (RuboCop checks them on a sample in ``analyze``)."""
    out = []
    plain = infer_style(
        ctx,
        SPEC,
        "strings",
        FITS.get,
        id="rb.style.string_literals",
        title="",
        category="formatting",
        why="One quote style for plain strings keeps diffs and searches predictable.",
        dont=DONT,
        unit="strings",
    )
    if plain is not None:
        plain.title = TITLES[plain.value]
        out.append(plain)
    inside = infer_style(
        ctx,
        INTERPOLATION,
        "interpolated_strings",
        FITS.get,
        id="rb.style.string_literals_in_interpolation",
        title="",
        category="formatting",
        why="Strings inside #{...} follow one quote style, like the strings around them.",
        dont=DONT_INSIDE,
        unit="strings inside interpolations",
    )
    if inside is not None:
        quote = "'single'" if inside.value == "single_quotes" else '"double"'
        inside.title = f"Strings inside #{{...}} use {quote} quotes"
        out.append(inside)
    return out
