"""Whether symbol-keyed Ruby hashes and keyword arguments use ``key: value`` (ruby19)
or ``:key => value`` (hash rockets) (RuboCop ``Style/HashSyntax``). Pairs whose key is
not a plain symbol need ``=>`` either way and are not counted."""

from __future__ import annotations

from standards.analyzers._rbindex import rb_scope
from standards.analyzers._style import first_example, tally_spots
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("ruby",)


def analyze(ctx: Context) -> list[Observation]:
    tally = tally_spots((f.path, line, v) for f in rb_scope(ctx, "Style/HashSyntax").files for line, v in f.hash_pairs)
    obs = tally.observation(
        id="rb.style.hash_syntax",
        title="",
        category="formatting",
        language="ruby",
        enforced_by=["rubocop:Style/HashSyntax"],
        why="Symbol keys written one way read alike across the codebase.",
    )
    if obs is None:
        return []
    ruby19 = obs.value == "ruby19"
    obs.title = "Symbol keys use key: value" if ruby19 else "Symbol keys use :key => value"
    obs.params = {"rubocop": {"Style/HashSyntax": {"EnforcedStyle": obs.value}}}
    obs.do = first_example(ctx, obs)
    obs.dont = "{ :name => 'x' }" if ruby19 else "{ name: 'x' }"
    return [obs]
