"""How Ruby raises an exception with a message (RuboCop ``Style/RaiseArgs``): ``raise
Error, message`` (exploded) or ``raise Error.new(message)`` (compact). A bare ``raise
Error`` or ``raise "message"`` fits both and is not counted."""

from __future__ import annotations

from standards.analyzers._rbstyle import CopStyle, infer_style
from standards.analyzers._rbverify import analyzed
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("ruby",)
SPEC = CopStyle("Style/RaiseArgs", "EnforcedStyle", ("exploded", "compact"), "exploded")


def analyze(ctx: Context) -> list[Observation]:
    return analyzed(ctx, "rb_raise_args")


def observe(ctx: Context) -> list[Observation]:
    """The styles counted with tree-sitter (RuboCop checks them on a sample in ``analyze``)."""
    obs = infer_style(
        ctx,
        SPEC,
        "raise",
        lambda tag: (tag,),
        id="rb.style.raise_args",
        title="",
        category="errors",
        why="Exceptions raised one way are easy to search for and read alike.",
        dont={"exploded": "raise ArgumentError.new('bad input')", "compact": "raise ArgumentError, 'bad input'"},
        unit="raise calls with a message",
    )
    if obs is None:
        return []
    obs.title = "raise Error, message" if obs.value == "exploded" else "raise Error.new(message)"
    obs.title = f"Exceptions are raised as `{obs.title}`"
    return [obs]
