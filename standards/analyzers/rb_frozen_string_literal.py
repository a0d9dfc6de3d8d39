"""Whether Ruby files start with the ``# frozen_string_literal: true`` magic comment
(RuboCop ``Style/FrozenStringLiteralComment``). Each file with code counts once."""

from __future__ import annotations

from standards.analyzers._rbindex import FROZEN_COMMENT, RbFile, rb_files, rb_scope
from standards.analyzers._style import as_files, quote_first, tally_spots
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("ruby",)
MAGIC = "# frozen_string_literal: true"
COP = "Style/FrozenStringLiteralComment"


def analyze(ctx: Context) -> list[Observation]:
    scope = rb_scope(ctx, COP, [f for f in rb_files(ctx) if f.frozen != "empty"])
    tally = tally_spots(
        (f.path, magic_line(f), "always" if f.frozen in ("true", "false") else "never") for f in scope.files
    )
    obs = tally.observation(
        id="rb.style.frozen_string_literal",
        title="",
        category="formatting",
        language="ruby",
        enforced_by=[f"rubocop:{COP}"],
        why="Frozen string literals avoid accidental mutation and allocations; files agree on it.",
    )
    if obs is None:
        return []
    always = obs.value == "always"
    obs.title = f"Files start with `{MAGIC}`" if always else "Files have no frozen_string_literal comment"
    obs.params = {"rubocop": {"Style/FrozenStringLiteralComment": {"EnforcedStyle": obs.value}}}
    obs.do = MAGIC if always else "a file without the magic comment"
    if always:
        quote_first(ctx, obs)  # the comment as the first example writes it
    obs.dont = "a file without the magic comment" if always else MAGIC
    if not always:
        obs.examples = as_files(obs.examples)  # a file without the comment: no line shows it
    obs.note = "; ".join(n for n in (obs.note, scope.note("Ruby files with code")) if n)
    return [obs]


def magic_line(rb: RbFile) -> int:
    """The line of the file's frozen_string_literal comment (1 when it has none: where it goes)."""
    for n, text in enumerate(rb.lines[:5], 1):
        if FROZEN_COMMENT.match(text.strip()):
            return n
    return 1
