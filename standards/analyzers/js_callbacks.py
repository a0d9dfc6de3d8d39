"""Whether callbacks passed to calls are arrow functions or function expressions
(ESLint ``prefer-arrow-callback``; ``no-restricted-syntax`` for a function-expression
codebase). Function expressions that use their own ``this`` or ``arguments`` are not
counted: they cannot become arrows."""

from __future__ import annotations

from standards.analyzers._jsindex import gate, js_files
from standards.analyzers._style import first_example, tally_spots
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("javascript", "typescript")
NO_ARROW_CALLBACKS = {
    "selector": "CallExpression > ArrowFunctionExpression.arguments",
    "message": "Callbacks in this codebase are function expressions.",
}


def analyze(ctx: Context) -> list[Observation]:
    tally = tally_spots((f.path, line, v) for f in js_files(ctx) for line, v in f.callbacks)
    obs = tally.observation(
        id="js.style.callbacks",
        title="",
        category="idioms",
        language="javascript",
        why="Callbacks written one way read alike; arrows also keep the outer this.",
    )
    if obs is None:
        return []
    obs.do = first_example(ctx, obs)
    if obs.value == "arrow":
        obs.title = "Callbacks are arrow functions"
        obs.enforced_by = ["eslint:prefer-arrow-callback"]
        obs.params = {"eslint": {"prefer-arrow-callback": []}}
        obs.dont = "items.map(function (item) { return item.id })"
    else:
        obs.title = "Callbacks are function expressions"
        obs.enforced_by = ["eslint:no-restricted-syntax"]
        obs.params = {"eslint": {"no-restricted-syntax": [NO_ARROW_CALLBACKS]}}
        obs.dont = "items.map((item) => item.id)"
    return gate(ctx, [obs])
