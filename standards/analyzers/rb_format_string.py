"""How Ruby formats strings: ``format(...)``, ``sprintf(...)`` or ``"..." % args``
(RuboCop ``Style/FormatString``)."""

from __future__ import annotations

from standards.analyzers._rbstyle import CopStyle, infer_style
from standards.analyzers._rbverify import analyzed
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("ruby",)
SPEC = CopStyle("Style/FormatString", "EnforcedStyle", ("format", "sprintf", "percent"), "format")
SHAPES = {"format": "format('%s', name)", "sprintf": "sprintf('%s', name)", "percent": "'%s' % name"}


def analyze(ctx: Context) -> list[Observation]:
    return analyzed(ctx, "rb_format_string")


def observe(ctx: Context) -> list[Observation]:
    """The styles counted with tree-sitter (RuboCop checks them on a sample in ``analyze``)."""
    obs = infer_style(
        ctx,
        SPEC,
        "formats",
        lambda tag: (tag,),
        id="rb.style.format_string",
        title="",
        category="idioms",
        why="One way to format strings keeps them easy to find and review.",
        dont={style: next(shape for other, shape in SHAPES.items() if other != style) for style in SHAPES},
        unit="format calls",
    )
    if obs is None:
        return []
    obs.title = f"Strings are formatted with {SHAPES[obs.value]}"
    return [obs]
