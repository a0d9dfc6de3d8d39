"""The line length JavaScript/TypeScript code is wrapped at (ESLint ``max-len``).

The limit is read from the cliff of the distribution (see
:func:`~standards.analyzers._style.line_length_limit`), never from the longest line.
Support counts the lines ESLint would check with the emitted options: lines holding a
string, template or regex literal, or a URL, are ignored by them and left out here too.
Under Prettier the width is the one it wraps code at (see :func:`prettier_width`): its output
has no cliff, only a few unbreakable lines past the width.
"""

from __future__ import annotations

import re

from standards.analyzers import explicit_js
from standards.analyzers._jsindex import JsFile, gate, js_files
from standards.analyzers._style import (
    LIMIT_CANDIDATES,
    line_length_limit,
    within_counts,
)
from standards.context import Context
from standards.model import Level, Observation

LANGUAGES = ("javascript", "typescript")
TAB_WIDTH = 4
PRETTIER_OVERFLOW = 0.005
URL = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def _checked_lines(js: JsFile) -> list[tuple[int, int]]:
    """(line, length) of the lines max-len checks with ignoreStrings/Urls/... set."""
    out = []
    for n, text in enumerate(js.lines, start=1):
        if text.strip() and n not in js.literal_lines and not URL.search(text):
            out.append((n, len(text.expandtabs(TAB_WIDTH))))
    return out


def prettier_width(lengths: list[int]) -> int | None:
    """The ``printWidth`` Prettier wrapped the code at: the smallest usual limit that holds all but
    :data:`PRETTIER_OVERFLOW` of the lines it could wrap (Prettier keeps an unbreakable chain or a
    long name whole, so a few lines stay longer)."""
    if not lengths:
        return None
    allowed = len(lengths) * PRETTIER_OVERFLOW
    for candidate in LIMIT_CANDIDATES:
        if sum(1 for length in lengths if length > candidate) <= allowed:
            return candidate
    return None


def analyze(ctx: Context) -> list[Observation]:
    files = js_files(ctx)
    lengths = [len(t.expandtabs(TAB_WIDTH)) for f in files for t in f.lines if t.strip()]
    if not lengths:
        return []
    found = line_length_limit(lengths)
    limit = found.limit
    checked = [(js.path, n, length) for js in files for n, length in _checked_lines(js)]
    if explicit_js.prettier(ctx) is not None:  # Prettier wraps code, not strings, comments or long names
        code = [length for js in files for n, length in _checked_lines(js) if n not in js.comment_lines]
        limit = prettier_width(code) or limit
    support = sum(1 for _, _, length in checked if length <= limit)
    examples = [f"{p}:{n}" for p, n, length in checked if limit - 10 < length <= limit][:3]
    counter = [f"{p}:{n}" for p, n, length in checked if length > limit][:3]
    return gate(
        ctx,
        [
            Observation(
                id="js.style.max_len",
                title=f"Lines are at most {limit} characters",
                category="formatting",
                language="javascript",
                value=limit,
                support=support,
                total=len(checked),
                counts=within_counts([length for _, _, length in checked], (*LIMIT_CANDIDATES, limit)),
                examples=examples,
                counter_examples=counter,
                enforced_by=["eslint:max-len", "eslint:@stylistic/max-len"],
                params={
                    "eslint": {
                        "max-len": [
                            {
                                "code": limit,
                                "tabWidth": TAB_WIDTH,
                                "ignoreUrls": True,
                                "ignoreStrings": True,
                                "ignoreTemplateLiterals": True,
                                "ignoreRegExpLiterals": True,
                            }
                        ]
                    }
                },
                why=f"The code is wrapped at {limit} columns; longer lines break side-by-side review.",
                do=f"wrap before column {limit + 1}",
                dont=f"a {limit + 20}-character line",
                note="" if found.cliff else "no clear wrapping limit: lines thin out gradually",
                max_level=None if found.cliff else Level.INFO,
            )
        ],
    )
