"""Whether JavaScript files are ES modules (``import``/``export``) or CommonJS
(``require``/``module.exports``). Each ``.js``/``.jsx`` file counts once: ``.mjs``,
``.cjs`` and TypeScript files have their module system fixed by their extension.

ESM is enforced with ``no-restricted-syntax`` on ``require()``; CommonJS by parsing
``.js`` files as ``sourceType: "commonjs"``, where an ``import`` is a syntax error
(reported by the ESLint runner as ``eslint:syntax``).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from standards.analyzers._jsindex import JsFile, gate, js_files
from standards.analyzers._style import first_example, tally_spots
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("javascript",)
COUNTED_SUFFIXES = frozenset({".js", ".jsx"})
NO_REQUIRE = {
    "selector": "CallExpression[callee.name='require']",
    "message": "This codebase uses ES modules: import instead of require().",
}


def file_system(js: JsFile) -> tuple[int, str] | None:
    """(line, "esm" | "commonjs") for a file, ESM winning when a file mixes both."""
    if not js.module_syntax:
        return None
    esm = [line for line, kind in js.module_syntax if kind == "esm"]
    if esm:
        return esm[0], "esm"
    return js.module_syntax[0][0], "commonjs"


def analyze(ctx: Context) -> list[Observation]:
    spots = []
    for js in js_files(ctx):
        if js.language != "javascript" or PurePosixPath(js.path).suffix not in COUNTED_SUFFIXES:
            continue
        found = file_system(js)
        if found is not None:
            spots.append((js.path, found[0], found[1]))
    obs = tally_spots(spots).observation(
        id="js.modules.system",
        title="",
        category="imports",
        language="javascript",
        why="One module system per codebase; mixing them breaks bundlers and default exports.",
    )
    if obs is None:
        return []
    obs.do = first_example(ctx, obs)
    if obs.value == "esm":
        obs.title = "JavaScript files are ES modules (import/export)"
        obs.enforced_by = ["eslint:no-restricted-syntax"]
        obs.params = {"eslint": {"no-restricted-syntax": [NO_REQUIRE]}, "sourceType": "module"}
        obs.dont = "const fs = require('fs')"
    else:
        obs.title = "JavaScript files are CommonJS (require/module.exports)"
        obs.enforced_by = ["eslint:syntax"]
        obs.params = {"sourceType": "commonjs"}
        obs.dont = "import fs from 'fs'"
    return gate(ctx, [obs])
