"""How Ruby formats strings: ``format(...)``, ``sprintf(...)`` or ``"..." % args``
(RuboCop ``Style/FormatString``)."""

from __future__ import annotations

from standards.analyzers._rbindex import rb_scope
from standards.analyzers._style import first_example, tally_spots
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("ruby",)
SHAPES = {"format": "format('%s', name)", "sprintf": "sprintf('%s', name)", "percent": "'%s' % name"}


def analyze(ctx: Context) -> list[Observation]:
    tally = tally_spots((f.path, line, v) for f in rb_scope(ctx, "Style/FormatString").files for line, v in f.formats)
    obs = tally.observation(
        id="rb.style.format_string",
        title="",
        category="idioms",
        language="ruby",
        enforced_by=["rubocop:Style/FormatString"],
        why="One way to format strings keeps them easy to find and review.",
    )
    if obs is None:
        return []
    obs.title = f"Strings are formatted with {SHAPES[obs.value]}"
    obs.params = {"rubocop": {"Style/FormatString": {"EnforcedStyle": obs.value}}}
    obs.do = first_example(ctx, obs)
    obs.dont = next(shape for style, shape in SHAPES.items() if style != obs.value)
    return [obs]
