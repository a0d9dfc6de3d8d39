"""The line length Ruby code is wrapped at (RuboCop ``Layout/LineLength``), read from
the cliff of the distribution, not from the longest line. Heredoc bodies and lines with a
URI are not counted, as RuboCop's defaults (``AllowHeredoc``, ``AllowURI``) ignore them."""

from __future__ import annotations

import re

from standards.analyzers._rbindex import RbFile, rb_scope
from standards.analyzers._style import (
    LIMIT_CANDIDATES,
    line_length_limit,
    within_counts,
)
from standards.context import Context
from standards.model import Level, Observation

LANGUAGES = ("ruby",)
URI = re.compile(r"https?://")


def _checked(rb: RbFile) -> list[tuple[int, int]]:
    return [
        (n, len(text))
        for n, text in enumerate(rb.lines, start=1)
        if text.strip() and n not in rb.heredoc_lines and not URI.search(text)
    ]


def analyze(ctx: Context) -> list[Observation]:
    measured = [(rb.path, n, length) for rb in rb_scope(ctx, "Layout/LineLength").files for n, length in _checked(rb)]
    if not measured:
        return []
    found = line_length_limit([length for _, _, length in measured])
    limit = found.limit
    within = [(p, n, length) for p, n, length in measured if length <= limit]
    near = [f"{p}:{n}" for p, n, length in within if length > limit - 10][:3]
    beyond = [f"{p}:{n}" for p, n, length in measured if length > limit][:3]
    return [
        Observation(
            id="rb.style.line_length",
            title=f"Lines are at most {limit} characters",
            category="formatting",
            language="ruby",
            value=limit,
            support=len(within),
            total=len(measured),
            counts=within_counts([length for _, _, length in measured], (*LIMIT_CANDIDATES, limit)),
            examples=near,
            counter_examples=beyond,
            enforced_by=["rubocop:Layout/LineLength"],
            params={"rubocop": {"Layout/LineLength": {"Max": limit}}},
            why=f"The code is wrapped at {limit} columns; longer lines break side-by-side review.",
            do=f"wrap before column {limit + 1}",
            dont=f"a {limit + 20}-character line",
            note="" if found.cliff else "no clear wrapping limit: lines thin out gradually",
            max_level=None if found.cliff else Level.INFO,
        )
    ]
