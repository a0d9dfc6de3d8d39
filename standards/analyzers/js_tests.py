"""Which framework JavaScript/TypeScript tests use and where test files live.

The framework of a test file is read from what it imports or requires (``node:test``,
``tap``, ``vitest``, ``@jest/globals``, ``mocha``, ...); files relying on globals take the
runner the manifest declares. The layout is the pattern most test files match, such as
``test/**/*.test.js`` or ``**/__tests__/**``.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from standards import roles
from standards.analyzers._jsindex import JsFile, js_files
from standards.analyzers._style import tally_spots
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("javascript", "typescript")
FRAMEWORK_BY_IMPORT = {
    "node:test": "node:test",
    "tap": "tap",
    "tape": "tape",
    "ava": "ava",
    "vitest": "vitest",
    "@jest/globals": "jest",
    "mocha": "mocha",
    "jasmine": "jasmine",
    "uvu": "uvu",
    "@playwright/test": "playwright",
}
GLOBAL_RUNNERS = ("jest", "mocha", "vitest")
NAME_MARKERS = (".test.", ".spec.", "_test.", "_spec.", "-test.", "-spec.")


def framework_of(js: JsFile, declared: str) -> str:
    for spec in sorted(js.imports):
        if spec in FRAMEWORK_BY_IMPORT:
            return FRAMEWORK_BY_IMPORT[spec]
    return declared


def layout_of(path: str) -> str:
    """A glob describing where a test file lives and how it is named."""
    p = PurePosixPath(path)
    dirs = list(p.parts[:-1])
    test_dirs = [i for i, part in enumerate(dirs) if part in roles.TEST_DIRS]
    if test_dirs:
        i = test_dirs[0]
        where = f"{dirs[i]}/**" if i == 0 else f"**/{dirs[i]}/**"
    else:
        where = "**"
    marker = next((m for m in NAME_MARKERS if m in p.name), ".")
    return f"{where}/*{marker}{p.suffix.lstrip('.')}" if marker != "." else f"{where}/*{p.suffix}"


def analyze(ctx: Context) -> list[Observation]:
    tests = [js for js in js_files(ctx) if js.is_test]
    if not tests:
        return []
    declared = next((name for name in GLOBAL_RUNNERS if name in ctx.frameworks), "unknown")
    frameworks = tally_spots((js.path, 1, framework_of(js, declared)) for js in tests)
    layouts = tally_spots((js.path, 1, layout_of(js.path)) for js in tests)
    out = []
    fw = frameworks.observation(
        id="js.tests.framework",
        title="",
        category="tests",
        language="javascript",
        why="One test framework: one runner, one assertion style, one set of helpers.",
    )
    if fw is not None and fw.value != "unknown":
        fw.title = f"Tests use {fw.value}"
        fw.do = f"write new tests with {fw.value}"
        fw.dont = "add a second test framework"
        out.append(fw)
    layout = layouts.observation(
        id="js.tests.layout",
        title="",
        category="tests",
        language="javascript",
        why="Tests in one predictable place are found by the runner and by people.",
    )
    if layout is not None:
        layout.title = f"Test files match {layout.value}"
        layout.do = layout.examples[0].rsplit(":", 1)[0] if layout.examples else ""
        layout.dont = "a test file elsewhere or named differently"
        out.append(layout)
    return out
