"""Whether JavaScript/TypeScript declares variables with ``const``/``let`` or with ``var``
(ESLint ``no-var``, or ``no-restricted-syntax`` for a codebase that keeps to ``var``)."""

from __future__ import annotations

from standards.analyzers._jsindex import gate, js_files
from standards.analyzers._style import first_example, tally_spots
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("javascript", "typescript")
BLOCK_SCOPED = "const/let"
KEEP_VAR = {
    "selector": "VariableDeclaration[kind='let'], VariableDeclaration[kind='const']",
    "message": "This codebase declares variables with var.",
}


def analyze(ctx: Context) -> list[Observation]:
    spots = [(f.path, line, kind) for f in js_files(ctx) for line, kind in f.declarations]
    tally = tally_spots((p, n, "var" if k == "var" else BLOCK_SCOPED) for p, n, k in spots)
    obs = tally.observation(
        id="js.style.declarations",
        title="",
        category="idioms",
        language="javascript",
        why="One way to declare variables; block scoping avoids hoisting surprises.",
    )
    if obs is None:
        return []
    kinds = tally_spots(spots).counts
    obs.counts = {k: kinds[k] for k in ("const", "let", "var") if kinds[k]}
    obs.do = first_example(ctx, obs)
    if obs.value == "var":
        obs.title = "Variables are declared with var"
        obs.enforced_by = ["eslint:no-restricted-syntax"]
        obs.params = {"eslint": {"no-restricted-syntax": [KEEP_VAR]}}
        obs.dont = "const value = 1"
    else:
        obs.title = "Variables are declared with const or let, never var"
        obs.enforced_by = ["eslint:no-var"]
        obs.params = {"eslint": {"no-var": []}}
        obs.dont = "var value = 1"
    return gate(ctx, [obs])
