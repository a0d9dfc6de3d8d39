"""How tests are written and where they live.

Framework: each test (a ``test*`` function or method in a test file) counts as unittest when
its class derives from a ``*TestCase`` that is not the repository's own (unittest's, Django's,
DRF's), directly or through the repository's classes; otherwise as pytest. A repository class
named ``BaseTestCase`` that derives from nothing is a pytest-style class. The runner is named
from what the tests import (``import pytest``) and pytest's own files (conftest.py).
Layout: each test file counts as ``tests/ tree`` when it sits under a root-level test
directory, or ``beside the code`` when its test directory lives inside the package.
Both are playbook information, not checks.
"""

from __future__ import annotations

import ast
from pathlib import PurePosixPath

from standards import roles
from standards.analyzers import _pyindex
from standards.analyzers._evidence import Tally
from standards.analyzers._pyindex import FunctionInfo, ModuleIndex
from standards.analyzers._style import quote_first
from standards.context import Context
from standards.model import Level, Observation

LANGUAGES = ("python",)

SNIPPETS = {
    "pytest": "def test_total_is_zero_for_empty_cart():\n    assert Cart().total == 0",
    "unittest": (
        "class CartTests(TestCase):\n    def test_total_is_zero(self):\n        self.assertEqual(Cart().total, 0)"
    ),
}


def framework(fn: FunctionInfo, graph: dict[str, str] | None = None) -> str:
    """unittest when the test's class derives from an outside ``*TestCase`` (through the
    repository's own classes in ``graph``: name -> "unittest"/"pytest"), else pytest."""
    if fn.cls is None:
        return "pytest"
    graph = graph or {}
    for base in fn.cls.bases:
        name = base.rsplit(".", 1)[-1]
        if graph.get(name, "unittest" if name.endswith("TestCase") else "pytest") == "unittest":
            return "unittest"
    return "pytest"


def is_test_function(fn: FunctionInfo) -> bool:
    return not fn.nested and fn.name.startswith("test") and (fn.cls is None or fn.cls.top_level)


def layout(path: str) -> str | None:
    parts = PurePosixPath(path).parts[:-1]
    for i, part in enumerate(parts):
        if part in roles.TEST_DIRS:
            return "tests/ tree" if i == 0 else "beside the code"
    return "beside the code" if parts else None


def _framework(ctx: Context, tests: list[ModuleIndex], graph: dict[str, str]) -> Observation | None:
    tally = Tally()
    for idx in tests:
        for fn in idx.functions:
            if is_test_function(fn):
                tally.add(framework(fn, graph), idx.path, fn.line)
    value, _ = tally.majority()
    if value is None:
        return None
    obs = tally.observation(
        value,
        id="py.tests.framework",
        title=f"Tests are written for {value}",
        category="tests",
        language="python",
        why="New tests should look like the ones around them and run under the same runner.",
        do=SNIPPETS[value],
        dont=SNIPPETS["unittest" if value == "pytest" else "pytest"],
        max_level=Level.INFO,
        note="unittest: methods of classes deriving from unittest's or a framework's *TestCase",
    )
    assert obs is not None
    quote_first(ctx, obs)
    runner = runner_evidence(tests)
    if runner:
        obs.params = {"runner": "pytest", "runner_evidence": runner}
        obs.note += f"; runner: pytest ({', '.join(runner)})"
    return obs


def runner_evidence(tests: list[ModuleIndex]) -> list[str]:
    """Where the tests show pytest is their runner: conftest.py files and ``import pytest``."""
    conftest = [i.path for i in tests if PurePosixPath(i.path).name == "conftest.py"]
    importing = [i.path for i in tests if any(_imports_pytest(node) for node in i.imports)]
    out = [f"{len(conftest)} conftest.py"] if conftest else []
    if importing:
        out.append(f"imported in {len(importing)} of {len(tests)} test files")
    return out


def _imports_pytest(node: ast.Import | ast.ImportFrom) -> bool:
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").split(".")[0] == "pytest"
    return any(a.name.split(".")[0] == "pytest" for a in node.names)


def _layout(tests: list[ModuleIndex]) -> Observation | None:
    tally = Tally()
    for idx in tests:
        where = layout(idx.path)
        if where is not None:
            tally.add(where, idx.path, 1)
    value, _ = tally.majority()
    if value is None:
        return None
    return tally.observation(
        value,
        id="py.tests.layout",
        title="Tests live in a tests/ tree" if value == "tests/ tree" else "Tests live beside the code they test",
        category="tests",
        language="python",
        why="A new test belongs where the existing tests of that code already are.",
        max_level=Level.INFO,
    )


def unittest_classes(indexes: list[ModuleIndex]) -> dict[str, str]:
    """The repository's classes and their style: "unittest" for those deriving, through the
    repository's classes, from an outside ``*TestCase``; "pytest" for the rest."""
    bases = {c.name: [b.rsplit(".", 1)[-1] for b in c.bases] for i in indexes for c in i.classes}

    def derives(name: str, seen: frozenset[str]) -> bool:
        if name not in bases:
            return name.endswith("TestCase")  # unittest's, Django's, DRF's ...
        if name in seen:
            return False
        return any(derives(b, seen | {name}) for b in bases[name])

    return {name: "unittest" if derives(name, frozenset()) else "pytest" for name in bases}


def analyze(ctx: Context) -> list[Observation]:
    indexes = _pyindex.modules(ctx)
    tests = [i for i in indexes if i.is_test]
    graph = unittest_classes(indexes)
    return [obs for obs in (_framework(ctx, tests, graph), _layout(tests)) if obs is not None]
