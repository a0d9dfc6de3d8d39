"""Where the dot goes when a Ruby method call continues on the next line (RuboCop
``Layout/DotPosition``): leading the new line (``.where(...)``) or trailing the old one."""

from __future__ import annotations

from standards.analyzers._rbstyle import CopStyle, infer_style
from standards.analyzers._rbverify import analyzed
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("ruby",)
SPEC = CopStyle("Layout/DotPosition", "EnforcedStyle", ("leading", "trailing"), "leading")
DONT = {"leading": "users.\n  active", "trailing": "users\n  .active"}


def analyze(ctx: Context) -> list[Observation]:
    return analyzed(ctx, "rb_dot_position")


def observe(ctx: Context) -> list[Observation]:
    """The styles counted with tree-sitter (RuboCop checks them on a sample in ``analyze``)."""
    obs = infer_style(
        ctx,
        SPEC,
        "dots",
        lambda tag: (tag,),
        id="rb.layout.dot_position",
        title="",
        category="formatting",
        why="A call chain split over lines puts its dots in one place, so the chain reads down one column.",
        dont=DONT,
        unit="calls continued on a new line",
    )
    if obs is None:
        return []
    obs.title = (
        "A continued call starts its line with the dot"
        if obs.value == "leading"
        else "A continued call ends its line with the dot"
    )
    return [obs]
