"""Which quotes Ruby strings use (RuboCop ``Style/StringLiterals``).

Only strings that could be written either way count: a double-quoted string with
interpolation, an escape or a single quote inside must stay double; a single-quoted one
holding ``"`` or a backslash is neutral too. ``%q()`` and heredocs choose their own
delimiters and are left out.
"""

from __future__ import annotations

from standards.analyzers._rbindex import rb_scope
from standards.analyzers._style import first_example, tally_spots
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("ruby",)


def analyze(ctx: Context) -> list[Observation]:
    tally = tally_spots((f.path, line, v) for f in rb_scope(ctx, "Style/StringLiterals").files for line, v in f.strings)
    obs = tally.observation(
        id="rb.style.string_literals",
        title="",
        category="formatting",
        language="ruby",
        enforced_by=["rubocop:Style/StringLiterals"],
        why="One quote style for plain strings keeps diffs and searches predictable.",
    )
    if obs is None:
        return []
    single = obs.value == "single_quotes"
    obs.title = "Plain strings use 'single quotes'" if single else 'Strings use "double quotes"'
    obs.params = {"rubocop": {"Style/StringLiterals": {"EnforcedStyle": obs.value}}}
    obs.do = first_example(ctx, obs)
    obs.dont = 'name = "plain"' if single else "name = 'plain'"
    return [obs]
