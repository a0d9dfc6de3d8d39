"""Whether multi-line object and array literals (and import/export lists) end with a
trailing comma (ESLint ``comma-dangle``). Single-line lists never do, so only lists whose
closing bracket sits on its own line are counted."""

from __future__ import annotations

from standards.analyzers._jsindex import js_files
from standards.analyzers._style import source_line, tally_spots
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("javascript", "typescript")
KINDS = ("arrays", "objects", "imports", "exports")


def analyze(ctx: Context) -> list[Observation]:
    tally = tally_spots((f.path, line, v) for f in js_files(ctx) for line, v in f.trailing_commas)
    obs = tally.observation(
        id="js.style.comma_dangle",
        title="",
        category="formatting",
        language="javascript",
        enforced_by=["eslint:comma-dangle", "eslint:@stylistic/comma-dangle"],
        why="A consistent trailing-comma style keeps one-line additions to one-line diffs.",
    )
    if obs is None:
        return []
    trailing = obs.value == "always-multiline"
    obs.title = "Multi-line literals end with a trailing comma" if trailing else "No trailing commas in literals"
    options = {kind: obs.value for kind in KINDS}
    options["functions"] = "ignore"
    obs.params = {"eslint": {"comma-dangle": [options]}}
    last_item = _last_item(ctx, obs)
    obs.do = last_item
    obs.dont = last_item.rstrip(",") if trailing else last_item + ","
    return [obs]


def _last_item(ctx: Context, obs: Observation) -> str:
    """The last item of an example list (the line above its closing bracket)."""
    for place in obs.examples:
        path, _, line = place.rpartition(":")
        text = source_line(ctx, f"{path}:{int(line) - 1}")
        if text:
            return text
    return "b: 2," if obs.value == "always-multiline" else "b: 2"
