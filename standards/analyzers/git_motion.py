"""Conventions in motion: where the lines people added recently use a newer style much
more than the tree as a whole (f-strings over ``%``, pytest asserts over unittest,
``let``/``const`` over ``var``, snake_case over camelCase in Python), the repository is
moving, and new code should follow the new style.

One observation per moving style, ``git.motion.<style>``, whose support and total are the
recent lines (so the level reflects how consistently new code follows it) and whose note
states the direction with figures. The window (``motion_max_commits``, ``motion_max_days``)
already means "recent", so these counts are not recency-weighted further.
"""

from __future__ import annotations

from collections.abc import Iterator

from standards.context import Context
from standards.history.motion import (
    STYLES,
    Count,
    RecentWindow,
    Style,
    added_lines,
    count_lines,
)
from standards.history.reader import history_for
from standards.model import Observation

LANGUAGES = ("python", "javascript", "typescript")
MIN_RECENT_LINES = 10
MIN_RECENT_SHARE = 0.6  # new code must mostly use the new style...
MIN_SHIFT = 0.15  # ...clearly more than the tree does
MIN_CHANGES = 3  # commits with a parent: fewer say nothing about where the code is going


def analyze(ctx: Context) -> list[Observation]:
    history = history_for(ctx)
    styles = tuple(s for s in STYLES if any(ctx.files(lang) for lang in s.languages))
    if sum(1 for c in history.commits if c.parents) < MIN_CHANGES or not styles:
        return []  # a direction needs a history of changes, not one imported tree
    window = RecentWindow.from_options(ctx.options)
    recent = count_lines(added_lines(ctx.root, history, window), styles)
    # the whole tree is read only for the styles recent code could be moving towards
    candidates = tuple(s for s in styles if _recent_enough(recent[s.key]))
    if not candidates:
        return []
    tree = count_lines(_tree_lines(ctx, candidates), candidates)
    return [
        _observation(style, recent[style.key], tree[style.key], window)
        for style in candidates
        if moving(recent[style.key], tree[style.key])
    ]


def _recent_enough(recent: Count) -> bool:
    return recent.total >= MIN_RECENT_LINES and recent.share >= MIN_RECENT_SHARE


def moving(recent: Count, tree: Count) -> bool:
    return _recent_enough(recent) and recent.share - tree.share >= MIN_SHIFT


def _tree_lines(ctx: Context, styles: tuple[Style, ...]) -> Iterator[tuple[str, int, str]]:
    languages = sorted({lang for s in styles for lang in s.languages})
    for f in ctx.files(*languages):
        text = ctx.text(f.path)
        if text is None:
            continue
        for lineno, line in enumerate(text.split("\n"), 1):
            yield f.path, lineno, line


def _observation(style: Style, recent: Count, tree: Count, window: RecentWindow) -> Observation:
    direction = (
        f"{style.new}: {recent.share:.0%} of {recent.total} lines added in the last "
        f"{window.max_days} days vs {tree.share:.0%} of {tree.total} in the tree"
    )
    return Observation(
        id=style.convention,
        title=f"New code uses {style.new}, not {style.old}",
        category="history",
        language=style.languages[0],
        value=style.key,
        support=recent.new,
        total=recent.total,
        counts={"new": recent.new, "old": recent.old},
        examples=tree.new_places,
        counter_examples=tree.old_places,
        enforced_by=["standards:new-code-style"],
        why=(
            f"this repository is moving from {style.old} to {style.new}; "
            "old code is left as it is, new lines follow the new style"
        ),
        do=style.example_new,
        dont=style.example_old,
        params={
            "recent_share": round(recent.share, 2),
            "tree_share": round(tree.share, 2),
            "recent_lines": recent.total,
            "tree_lines": tree.total,
            "days": window.max_days,
        },
        note=direction,
    )
