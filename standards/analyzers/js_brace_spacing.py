"""Whether single-line braces of objects, destructuring and import/export lists have
spaces inside them (ESLint ``object-curly-spacing``): ``{ a }`` or ``{a}``."""

from __future__ import annotations

from standards.analyzers._jsindex import gate, js_files
from standards.analyzers._style import first_example, tally_spots
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("javascript", "typescript")


def analyze(ctx: Context) -> list[Observation]:
    tally = tally_spots((f.path, line, v) for f in js_files(ctx) for line, v in f.curly)
    obs = tally.observation(
        id="js.style.object_curly_spacing",
        title="",
        category="formatting",
        language="javascript",
        enforced_by=["eslint:object-curly-spacing", "eslint:@stylistic/object-curly-spacing"],
        why="Braces spaced one way read the same in every file.",
    )
    if obs is None:
        return []
    spaced = obs.value == "always"
    obs.title = "Spaces inside braces: { a }" if spaced else "No spaces inside braces: {a}"
    obs.params = {"eslint": {"object-curly-spacing": [obs.value]}}
    obs.do = first_example(ctx, obs)
    obs.dont = "const {a} = b" if spaced else "const { a } = b"
    return gate(ctx, [obs])
