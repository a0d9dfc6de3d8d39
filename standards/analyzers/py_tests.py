"""How tests are written and where they live.

Framework: each test (a ``test*`` function or method in a test file) counts as unittest when
its class derives from a ``*TestCase`` (Django's and DRF's included), otherwise as pytest.
Layout: each test file counts as ``tests/ tree`` when it sits under a root-level test
directory, or ``beside the code`` when its test directory lives inside the package.
Both are playbook information, not checks.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from standards import roles
from standards.analyzers import _pyindex
from standards.analyzers._evidence import Tally
from standards.analyzers._pyindex import FunctionInfo, ModuleIndex
from standards.context import Context
from standards.model import Level, Observation

LANGUAGES = ("python",)

SNIPPETS = {
    "pytest": "def test_total_is_zero_for_empty_cart():\n    assert Cart().total == 0",
    "unittest": "class CartTests(TestCase):\n    def test_total_is_zero(self):\n        self.assertEqual(Cart().total, 0)",
}


def framework(fn: FunctionInfo) -> str:
    if fn.cls is not None and any(b.rsplit(".", 1)[-1].endswith("TestCase") for b in fn.cls.bases):
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


def _framework(tests: list[ModuleIndex], graph: dict[str, str]) -> Observation | None:
    tally = Tally()
    for idx in tests:
        for fn in idx.functions:
            if is_test_function(fn):
                kind = framework(fn)
                if kind == "pytest" and fn.cls is not None and graph.get(fn.cls.name) == "unittest":
                    kind = "unittest"
                tally.add(kind, idx.path, fn.line)
    value, _ = tally.majority()
    if value is None:
        return None
    return tally.observation(
        value,
        id="py.tests.framework",
        title=f"Tests are written for {value}",
        category="tests",
        language="python",
        why="New tests should look like the ones around them and run under the same runner.",
        do=SNIPPETS[value],
        dont=SNIPPETS["unittest" if value == "pytest" else "pytest"],
        max_level=Level.INFO,
        note="unittest: methods of *TestCase subclasses (Django's included)",
    )


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
    """Repo classes that derive, through repo classes, from a *TestCase: name -> "unittest"."""
    bases = {c.name: [b.rsplit(".", 1)[-1] for b in c.bases] for i in indexes for c in i.classes}
    found: dict[str, str] = {}

    def derives(name: str, seen: frozenset[str]) -> bool:
        if name.endswith("TestCase"):
            return True
        if name in seen or name not in bases:
            return False
        return any(derives(b, seen | {name}) for b in bases[name])

    for name in bases:
        if derives(name, frozenset()):
            found[name] = "unittest"
    return found


def analyze(ctx: Context) -> list[Observation]:
    indexes = _pyindex.modules(ctx)
    tests = [i for i in indexes if i.is_test]
    graph = unittest_classes(tests)
    return [obs for obs in (_framework(tests, graph), _layout(tests)) if obs is not None]
