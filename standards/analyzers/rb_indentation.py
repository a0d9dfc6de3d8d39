"""How far Ruby bodies are indented (RuboCop ``Layout/IndentationWidth``) and whether
with spaces or tabs (``Layout/IndentationStyle``): the step between a ``class``, ``def``,
``do``, ``if``... line and the first statement of its body."""

from __future__ import annotations

from standards.analyzers._rbindex import rb_scope
from standards.analyzers._style import tally_spots
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("ruby",)


def analyze(ctx: Context) -> list[Observation]:
    tally = tally_spots(
        (f.path, line, v) for f in rb_scope(ctx, "Layout/IndentationWidth").files for line, v in f.indents
    )
    obs = tally.observation(
        id="rb.style.indentation",
        title="",
        category="formatting",
        language="ruby",
        why="A single indentation width keeps nesting readable and diffs clean.",
    )
    if obs is None:
        return []
    if obs.value == "tab":
        obs.title = "Indent with tabs"
        obs.enforced_by = ["rubocop:Layout/IndentationStyle"]
        obs.params = {"rubocop": {"Layout/IndentationStyle": {"EnforcedStyle": "tabs"}}}
    else:
        width = int(obs.value)
        obs.value = width
        obs.title = f"Indent with {width} spaces"
        obs.enforced_by = ["rubocop:Layout/IndentationWidth", "rubocop:Layout/IndentationStyle"]
        obs.params = {
            "rubocop": {
                "Layout/IndentationWidth": {"Width": width},
                "Layout/IndentationStyle": {"EnforcedStyle": "spaces"},
            }
        }
    obs.do = "one tab per nesting level" if obs.value == "tab" else f"{obs.value} spaces per nesting level"
    obs.dont = "4 spaces per nesting level" if obs.value == 2 else "2 spaces per nesting level"
    return [obs]
