"""Whether Ruby files start with the ``# frozen_string_literal: true`` magic comment
(RuboCop ``Style/FrozenStringLiteralComment``). Each file with code counts once."""

from __future__ import annotations

from standards.analyzers._rbindex import rb_files
from standards.analyzers._style import tally_spots
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("ruby",)
MAGIC = "# frozen_string_literal: true"


def analyze(ctx: Context) -> list[Observation]:
    tally = tally_spots(
        (f.path, 1, "always" if f.frozen in ("true", "false") else "never")
        for f in rb_files(ctx)
        if f.frozen != "empty"
    )
    obs = tally.observation(
        id="rb.style.frozen_string_literal",
        title="",
        category="formatting",
        language="ruby",
        enforced_by=["rubocop:Style/FrozenStringLiteralComment"],
        why="Frozen string literals avoid accidental mutation and allocations; files agree on it.",
    )
    if obs is None:
        return []
    always = obs.value == "always"
    obs.title = f"Files start with `{MAGIC}`" if always else "Files have no frozen_string_literal comment"
    obs.params = {"rubocop": {"Style/FrozenStringLiteralComment": {"EnforcedStyle": obs.value}}}
    obs.do = MAGIC if always else "(no magic comment)"
    obs.dont = "(no magic comment)" if always else MAGIC
    return [obs]
