"""Whether multi-line object and array literals (and import/export lists) end with a
trailing comma (ESLint ``comma-dangle``). Single-line lists never do, so only lists whose
closing bracket sits on its own line are counted."""

from __future__ import annotations

from standards.analyzers._jsindex import gate, js_files
from standards.analyzers._style import cite_first, source_line, tally_spots
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
    last_item, place = _last_item(ctx, obs)
    obs.do = "b: 2," if trailing else "b: 2"
    cite_first(obs, last_item, place)  # the quoted last item is the first example cited
    obs.dont = obs.do.rstrip(",") if trailing else obs.do + ","
    return gate(ctx, [obs])


def _last_item(ctx: Context, obs: Observation) -> tuple[str, str]:
    """The last item of an example list (the line above its closing bracket) and its place."""
    for example in obs.examples:
        path, _, line = example.rpartition(":")
        place = f"{path}:{int(line) - 1}"
        text = source_line(ctx, place)
        if text:
            return text, place
    return "", ""
