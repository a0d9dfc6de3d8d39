"""Python tests: the runner (pytest, unittest or Django's ``manage.py test``), the shared
fixtures of conftest.py with how many tests ask for each, the base classes test classes derive
from, and where the test files live. The test modules are parsed with ``ast``, never imported;
py_tests decides each test's style (unittest when its class derives from an outside
``*TestCase``, else pytest)."""

from __future__ import annotations

import ast
import re
import warnings
from collections import Counter
from collections.abc import Iterable
from pathlib import PurePosixPath

from standards import roles
from standards.analyzers import py_tests
from standards.analyzers._pyindex import FunctionInfo, ModuleIndex, dotted, index_of
from standards.context import MAX_AST_DEPTH, PythonModule, ast_deeper_than, could_be_deep
from standards.discovery import is_vendored
from standards.runbook.files import MAX_SOURCE_BYTES, RepoFiles
from standards.runbook.model import BaseClass, Fixture, TestLayout
from standards.sampling import sample, spread_key

MAX_PARSED = 400  # test modules parsed; beyond, a fixed spread sample (counts are then of the sample)
MAX_PARSED_BYTES = 600_000  # and no more than this much test code (netbox has 9 MB)
MAX_HELPER_BYTES = 1_500_000  # shared test code (conftest.py, base classes, factories): where the bases are
PYTEST_CONFIGS = ("pytest.ini", ".pytest.ini")
SKIP_BASES = frozenset({"object", "ABC", "Generic", "Protocol"})


def test_files(files: list[str]) -> list[str]:
    """The repository's own Python test modules (not those of its examples or docs)."""
    return [f for f in files if f.endswith(".py") and roles.is_test(f) and not is_vendored(f) and not _aside(f)]


def _aside(path: str) -> bool:
    dirs = {part.lower() for part in PurePosixPath(path).parts[:-1]}
    return bool(dirs & (roles.EXAMPLE_DIRS | roles.DOC_DIRS))


def _budgeted(repo: RepoFiles, paths: list[str], budget: int) -> list[str]:
    """A fixed spread sample of ``paths`` within MAX_PARSED files and ``budget`` bytes."""
    out: list[str] = []
    used = 0
    for rel in sample(paths, len(paths)) if len(paths) <= MAX_PARSED else sorted(paths, key=spread_key):
        size = _size(repo, rel)
        if len(out) == MAX_PARSED or used + size > budget and out:
            continue
        out.append(rel)
        used += size
    return out


def _size(repo: RepoFiles, rel: str) -> int:
    try:
        return (repo.root / rel).lstat().st_size
    except OSError:
        return 0


def parse(repo: RepoFiles, rel: str) -> ModuleIndex | None:
    text = repo.text(rel, MAX_SOURCE_BYTES)
    if text is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text, filename=rel)
    except SyntaxError as exc:
        repo.note(rel, f"syntax error at line {exc.lineno}; not read")
        return None
    except (ValueError, RecursionError, MemoryError):
        repo.note(rel, "nested too deeply to read")
        return None
    if could_be_deep(text) and ast_deeper_than(tree, MAX_AST_DEPTH):
        return None
    try:
        return index_of(PythonModule(rel, text, tree))
    except RecursionError:  # a machine-made expression thousands of terms long, over short lines
        repo.note(rel, "nested too deeply to read")
        return None


def layout(repo: RepoFiles) -> TestLayout | None:
    paths = test_files(list(repo.files))
    if not paths:
        return None
    helpers = [p for p in paths if _naming(p) == "other names"]  # conftest.py, base classes, factories
    modules = sorted(set(paths) - set(helpers))
    chosen = sorted(set(_budgeted(repo, helpers, MAX_HELPER_BYTES)) | set(_budgeted(repo, modules, MAX_PARSED_BYTES)))
    indexes = [i for i in (parse(repo, p) for p in chosen) if i is not None]
    tests = [(idx, fn) for idx in indexes for fn in idx.functions if py_tests.is_test_function(fn)]
    test_paths = sorted({idx.path for idx, _ in tests})
    if not test_paths:  # test files, none of which could be read: counted, framework unknown
        return TestLayout("python", "", len(modules))
    graph = py_tests.unittest_classes(indexes)
    styles = Counter(py_tests.framework(fn, graph) for _, fn in tests)
    framework, evidence = _runner(repo, indexes, styles)
    modules = modules or test_paths
    out = TestLayout(
        "python",
        framework,
        files=len(modules),
        framework_evidence=evidence,
        places=_counted(_place(p) for p in modules),
        naming=_counted(_naming(p) for p in modules),
        fixtures=_fixtures(indexes, tests),
        base_classes=_bases(indexes, tests),
        helpers=_helpers(indexes),
        example=_example(sorted(set(test_paths) & set(modules)) or test_paths),
    )
    if framework == "django":
        out.run_from = _manage_dir(repo)
    return out


def _manage_dir(repo: RepoFiles) -> str:
    """The folder of the shallowest manage.py ("" at the root)."""
    found = sorted((f for f in repo.files if PurePosixPath(f).name == "manage.py"), key=lambda f: (f.count("/"), f))
    parent = str(PurePosixPath(found[0]).parent) if found else "."
    return "" if parent == "." else parent + "/"


def _runner(repo: RepoFiles, indexes: list[ModuleIndex], styles: Counter[str]) -> tuple[str, str]:
    """pytest when pytest is the runner the repository shows (conftest.py, ``import pytest``, a
    pytest configuration); else Django's test runner when the tests use django.test and there is
    a manage.py; else the style most tests are written in."""
    unittest, pytest = styles.get("unittest", 0), styles.get("pytest", 0)
    shown = f"{pytest} pytest-style and {unittest} unittest-style tests" if unittest and pytest else ""
    runner = py_tests.runner_evidence(indexes)
    config = _pytest_config(repo)
    if runner or config:
        return "pytest", "; ".join([*(runner or config)[:2], *([shown] if shown else [])])
    django = sum(1 for idx in indexes if any(_module(node).startswith("django.test") for node in idx.imports))
    if django and any(PurePosixPath(f).name == "manage.py" for f in repo.files):
        return "django", f"django.test imported in {django} test files"
    return ("unittest" if unittest > pytest else "pytest"), shown or f"{unittest + pytest} tests"


def _module(node: ast.Import | ast.ImportFrom) -> str:
    if isinstance(node, ast.ImportFrom):
        return node.module or ""
    return " ".join(a.name for a in node.names)


def _pytest_config(repo: RepoFiles) -> list[str]:
    out = [f"{name}" for name in PYTEST_CONFIGS if repo.has(name)]
    for rel, marker in (("pyproject.toml", "[tool.pytest"), ("setup.cfg", "[tool:pytest]"), ("tox.ini", "[pytest]")):
        if repo.has(rel):
            text = repo.text(rel)
            if text and marker in text:
                out.append(f"{marker.strip('[]')} in {rel}")
    return out


def _place(path: str) -> str:
    parts = PurePosixPath(path).parts[:-1]
    for i, part in enumerate(parts):
        if part in roles.TEST_DIRS:
            return "/".join(parts[: i + 1]) + "/" if i == 0 else "**/" + part + "/"
    return "/".join(parts) + "/" if parts else "./"


def _naming(path: str) -> str:
    stem = PurePosixPath(path).stem
    if stem.startswith("test_"):
        return "test_*.py"
    if stem.endswith("_test"):
        return "*_test.py"
    if stem.endswith("_tests"):
        return "*_tests.py"
    if stem.startswith("test"):
        return "test*.py"
    return f"{stem}.py" if stem in ("tests", "test") else "other names"


def _counted(values: Iterable[str]) -> list[tuple[str, int]]:
    return Counter(values).most_common(4)


def _fixture_name(fn_node: ast.AST) -> str | None:
    for deco in getattr(fn_node, "decorator_list", []):
        target = deco.func if isinstance(deco, ast.Call) else deco
        if dotted(target).rsplit(".", 1)[-1] == "fixture":
            if isinstance(deco, ast.Call):
                for kw in deco.keywords:
                    if kw.arg == "name" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                        return kw.value.value
            return str(getattr(fn_node, "name", ""))
    return None


def _fixtures(indexes: list[ModuleIndex], tests: list[tuple[ModuleIndex, FunctionInfo]]) -> list[Fixture]:
    defined: dict[str, tuple[str, int]] = {}
    for idx in sorted(indexes, key=lambda i: (i.path.count("/"), i.path)):  # the shallowest definition
        if PurePosixPath(idx.path).name != "conftest.py":
            continue
        for fn in idx.functions:
            name = _fixture_name(fn.node)
            if name and not fn.nested and name not in defined:
                defined[name] = (idx.path, fn.line)
    if not defined:
        return []
    uses: Counter[str] = Counter()
    for _, fn in tests:
        asked = {a.arg for a in fn.parameters()}
        asked |= _used_fixtures(fn.node)
        uses.update(name for name in asked if name in defined)
    ranked = sorted(defined, key=lambda n: (-uses[n], n))
    return [Fixture(n, *defined[n], uses[n]) for n in ranked if uses[n]][:5]


USEFIXTURES = re.compile(r"usefixtures$")


def _used_fixtures(node: ast.AST) -> set[str]:
    out: set[str] = set()
    for deco in getattr(node, "decorator_list", []):
        if isinstance(deco, ast.Call) and USEFIXTURES.search(dotted(deco.func)):
            out |= {a.value for a in deco.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    return out


def _bases(indexes: list[ModuleIndex], tests: list[tuple[ModuleIndex, FunctionInfo]]) -> list[BaseClass]:
    defined = {c.name: (idx.path, c.line) for idx in indexes for c in idx.classes}
    classes = {id(fn.cls): fn.cls for _, fn in tests if fn.cls is not None}
    counts: Counter[str] = Counter()
    for cls in classes.values():
        counts.update({b for b in cls.bases if b.rsplit(".", 1)[-1] not in SKIP_BASES})
    out = []
    for name, uses in counts.most_common():
        if uses < 2 or len(out) == 3:
            continue
        path, line = defined.get(name.rsplit(".", 1)[-1], ("", 0))
        out.append(BaseClass(name, uses, path, line))
    return out


def _helpers(indexes: list[ModuleIndex]) -> list[tuple[str, int]]:
    out = []  # conftest.py files are named in the framework's evidence
    factories = sum(1 for idx in indexes for c in idx.classes if c.name.endswith("Factory"))
    if factories:
        out.append(("factory classes", factories))
    return out


def _example(test_paths: list[str]) -> str:
    named = [p for p in test_paths if _naming(p) in ("test_*.py", "*_test.py")]
    pool = named or test_paths
    place = Counter(_place(p) for p in pool).most_common(1)[0][0]
    return min(p for p in pool if _place(p) == place)
