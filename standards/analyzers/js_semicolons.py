"""Whether JavaScript/TypeScript statements end with a semicolon (ESLint ``semi``)."""

from __future__ import annotations

from standards.analyzers._jsindex import gate, js_files
from standards.analyzers._style import first_example, tally_spots
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("javascript", "typescript")


def analyze(ctx: Context) -> list[Observation]:
    tally = tally_spots((f.path, line, v) for f in js_files(ctx) for line, v in f.semis)
    obs = tally.observation(
        id="js.style.semi",
        title="",
        category="formatting",
        language="javascript",
        enforced_by=["eslint:semi", "eslint:@stylistic/semi"],
        why="Mixing semicolon styles invites ASI surprises and noisy diffs.",
    )
    if obs is None:
        return []
    always = obs.value == "always"
    obs.title = "Statements end with a semicolon" if always else "No semicolons at the end of statements"
    obs.params = {"eslint": {"semi": [obs.value]}}
    obs.do = first_example(ctx, obs)
    obs.dont = obs.do.rstrip(";") if always else obs.do + ";"
    return gate(ctx, [obs])
