"""Whether Ruby code leaves an ``else`` empty or fills it with a bare ``nil`` (RuboCop
``Style/EmptyElse``: ``both`` forbids either, ``empty`` only the empty one, ``nil`` only the
``nil`` one). Every ``else`` of an if, unless or case is a unit; one holding code satisfies
every style and counts for each (it is how the code avoids both)."""

from __future__ import annotations

from standards.analyzers._rbstyle import CopStyle, infer_style
from standards.analyzers._rbverify import analyzed
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("ruby",)
SPEC = CopStyle("Style/EmptyElse", "EnforcedStyle", ("both", "empty", "nil"), "both")
FITS = {"empty": ("nil",), "comment": ("nil",), "nil": ("empty",), "code": SPEC.styles}
TITLES = {
    "both": "No empty `else` and no `else nil`",
    "empty": "No empty `else` (an `else nil` is fine)",
    "nil": "No `else nil` (an empty `else` is fine)",
}
NIL_ELSE = "if ready\n  start\nelse\n  nil\nend"
DONT = {"both": NIL_ELSE, "empty": "if ready\n  start\nelse\nend", "nil": NIL_ELSE}


def analyze(ctx: Context) -> list[Observation]:
    return analyzed(ctx, "rb_empty_else")


def observe(ctx: Context) -> list[Observation]:
    """The styles counted with tree-sitter (RuboCop checks them on a sample in ``analyze``)."""
    obs = infer_style(
        ctx,
        SPEC,
        "else",
        FITS.get,
        id="rb.style.empty_else",
        title="",
        category="idioms",
        why="An else that does nothing is noise; the code says so one way.",
        dont=DONT,
        unit="else branches",
        neutral=True,
    )
    if obs is None:
        return []
    obs.title = TITLES[obs.value]
    return [obs]
