"""The Python AST analyzers on small repositories written into tmp_path."""

from __future__ import annotations

import ast
import sys
import textwrap
from pathlib import Path

import pytest

from standards import pipeline
from standards.analyzers import _pyindex, py_sizes
from standards.context import Context
from standards.discovery import discover
from standards.model import Level, Observation


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))


def run(root: Path, analyzer: str) -> dict[str, Observation]:
    analysis = pipeline.analyze(root, {"debug": True}, only={analyzer})
    return {o.id: o for o in analysis.observations}


LIB = {
    "pkg/__init__.py": "",
    "pkg/core.py": '''
        """Core."""
        from __future__ import annotations

        import logging

        from . import util
        from pkg.util import helper

        logger = logging.getLogger(__name__)
        MAX_ITEMS = 10
        defaultName = "x"


        class Order:
            """An order."""

            class Meta:
                ordering = ["id"]

            def total(self, items: list[int]) -> int:
                """Sum."""
                return sum(items)

            def setUp(self):
                pass

            def getValue(self, itemId):
                return itemId


        def charge(order: Order, amount: int) -> int:
            """Charge.

            Args:
                order: the order.

            Returns:
                The amount.
            """
            try:
                return amount
            except:
                raise
            finally:
                print("done")


        def render(name):
            return "%s!" % name
        ''',
    "pkg/util.py": '''
        """Util."""
        from __future__ import annotations

        import ast


        def helper(x: int) -> str:
            """Help.

            Args:
                x: a number.
            """
            try:
                return f"{x}"
            except Exception:
                return ""


        class Visitor(ast.NodeVisitor):
            def visit_Name(self, node):
                return f"{node.id:>{10}}"
        ''',
    "pkg/BadModule.py": "x = 1\n",
    "tests/test_core.py": """
        import unittest

        from pkg.core import charge


        def test_charge():
            assert charge(None, 1) == 1


        class CoreTests(unittest.TestCase):
            def test_total(self):
                self.assertEqual(1, 1)

            def testOld(self):
                pass
        """,
    "tests/core_test.py": "def test_x():\n    assert True\n",
    "scripts/run.py": 'print("hi")\n',
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    write(tmp_path, LIB)
    return tmp_path


def test_naming(repo: Path) -> None:
    obs = run(repo, "py_naming")
    method = obs["py.naming.method"]
    # total, getValue, test_total and testOld are judged; setUp (ruff ignores it) and
    # visit_Name (an external API's name) are not
    assert (method.value, method.support, method.total) == ("snake_case", 2, 4)
    assert method.counter_examples == ["pkg/core.py:27", "tests/test_core.py:14"]
    assert method.params == {"ruff": {"lint.pep8-naming.extend-ignore-names": ["visit_*"]}}
    assert obs["py.naming.argument"].counter_examples == ["pkg/core.py:27"]
    cls = obs["py.naming.class"]
    assert (cls.support, cls.total) == (4, 4)  # Order, Meta, Visitor, CoreTests
    const = obs["py.naming.constant"]
    assert (const.value, const.support, const.total) == ("UPPER_CASE", 1, 3)
    assert const.examples == ["pkg/core.py:10"]
    assert sorted(const.counter_examples) == ["pkg/BadModule.py:1", "pkg/core.py:11"]
    module = obs["py.naming.module"]
    assert (module.support, module.total) == (2, 3)
    assert module.counter_examples == ["pkg/BadModule.py:1"]
    assert module.enforced_by == ["ruff:N999"]
    files = obs["py.tests.file_pattern"]
    assert files.counts == {"test_*.py": 1, "*_test.py": 1}
    assert files.title == f"Test files are named {files.value}"
    assert files.enforced_by == ["standards:py-test-file-name"]
    prefix = obs["py.tests.function_prefix"]
    assert (prefix.support, prefix.total) == (3, 4)
    assert prefix.counter_examples == ["tests/test_core.py:14"]


def test_strings(repo: Path) -> None:
    obs = run(repo, "py_strings")["py.strings.formatting"]
    # f"{x}" and the outer f-string of visit_Name; its format spec is not a second f-string
    assert obs.counts == {"f-string": 2, "percent": 1}
    assert obs.value == "f-string" and obs.enforced_by == ["ruff:UP031", "ruff:UP032"]
    assert obs.counter_examples == ["pkg/core.py:49"]


def test_exceptions(repo: Path) -> None:
    obs = run(repo, "py_exceptions")
    bare = obs["py.errors.bare_except"]
    assert (bare.support, bare.total, bare.counter_examples) == (1, 2, ["pkg/core.py:42"])
    broad = obs["py.errors.broad_except"]
    assert (broad.support, broad.total, broad.counter_examples) == (0, 1, ["pkg/util.py:15"])
    assert broad.enforced_by == ["ruff:BLE001"]


def test_logging(repo: Path) -> None:
    obs = run(repo, "py_logging")
    no_print = obs["py.logging.no_print"]
    assert (no_print.support, no_print.total) == (3, 4)
    assert no_print.counter_examples == ["pkg/core.py:45"]
    assert no_print.params == {"ruff_per_file_ignores": {"scripts/**": ["T201"], "tests/**": ["T201"]}}
    logger = obs["py.logging.module_logger"]
    assert (logger.value, logger.support, logger.total) == ("logger", 1, 1)
    assert logger.do == "logger = logging.getLogger(__name__)"


def test_asserts(repo: Path) -> None:
    obs = run(repo, "py_asserts")["py.errors.assert_outside_tests"]
    assert (obs.support, obs.total) == (5, 5)
    assert obs.params == {"ruff_per_file_ignores": {"tests/**": ["S101"]}}


def test_imports(repo: Path) -> None:
    obs = run(repo, "py_imports")
    rel = obs["py.imports.relative"]
    assert rel.counts == {"sibling": 1, "absolute": 1}
    # half absolute, half sibling, no parent imports: ruff can ban the parent ones
    assert (rel.value, rel.support, rel.total) == ("no parent-relative", 2, 2)
    assert rel.params == {"ruff": {"lint.flake8-tidy-imports.ban-relative-imports": "parents"}}
    future = obs["py.imports.future_annotations"]
    assert (future.support, future.total) == (2, 3)
    assert future.counter_examples == ["pkg/BadModule.py:1"]
    assert future.enforced_by == ["ruff:I002"]


def test_annotations(repo: Path) -> None:
    obs = run(repo, "py_annotations")["py.annotations.coverage"]
    assert obs.counts == {
        "annotated parameters": 4,
        "unannotated parameters": 3,
        "annotated returns": 3,
        "unannotated returns": 4,  # getValue, setUp, render, visit_Name
    }
    assert obs.enforced_by == []


def test_tests(repo: Path) -> None:
    obs = run(repo, "py_tests")
    fw = obs["py.tests.framework"]
    assert fw.counts == {"unittest": 2, "pytest": 2}
    assert fw.max_level is Level.INFO
    assert obs["py.tests.layout"].value == "tests/ tree"


def test_docs_small_sample_decided_by_ruff(repo: Path) -> None:
    conv = run(repo, "py_docs")["py.docs.convention"]
    # two sectioned docstrings are too few to trust: ruff's violation counts decide
    assert "fewest ruff violations" in conv.note
    assert conv.params == {"ruff": {"lint.pydocstyle.convention": conv.value}}
    assert conv.total == 6  # the library docstrings measured


def google_module(n: int) -> str:
    funcs = "\n\n".join(
        f'''def f{i}(x):
    """Do {i}.

    Args:
        x: a value.

    Returns:
        The value.
    """
    return x'''
        for i in range(n)
    )
    return f'"""Mod."""\n\n\n{funcs}\n'


def test_docs_google_from_sections(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"lib/__init__.py": "", "lib/a.py": google_module(6), "lib/_b.py": "def g():\n    return 1\n"},
    )
    obs = run(tmp_path, "py_docs")
    conv = obs["py.docs.convention"]
    assert (conv.value, conv.support, conv.total) == ("google", 6, 6)
    assert conv.examples[0] == "lib/a.py:5"
    assert "ruff:D212" in conv.enforced_by and "ruff:D213" not in conv.enforced_by
    cov = obs["py.docs.coverage"]
    # public module a.py and its six functions are documented; _b.py is private
    assert (cov.support, cov.total) == (7, 7)
    assert cov.enforced_by == ["ruff:D100", "ruff:D103"]


def test_sizes_measure_like_ruff() -> None:
    fn = ast.parse(
        textwrap.dedent(
            """
            def f(a, b, _c, *args, d, **kw):
                if a:
                    x = 1
                elif b:
                    x = 2
                for i in a:
                    try:
                        pass
                    except ValueError:
                        pass
                return x
            """
        )
    ).body[0]
    assert isinstance(fn, ast.FunctionDef)
    assert py_sizes.complexity(fn) == 5
    assert py_sizes.arguments(fn) == 3
    assert py_sizes.statements(fn) == 8  # as ruff counts: the return is free
    assert py_sizes.propose_limit([1] * 90 + [12] * 10, 5, 10) == 15
    assert py_sizes.propose_limit([1] * 99 + [40], 5, 10) == 10  # one outlier is not the p99


def test_sizes_observations(repo: Path) -> None:
    obs = run(repo, "py_sizes")
    comp = obs["py.size.complexity"]
    assert comp.value == 10 and comp.max_level is Level.WARN
    assert comp.params == {"ruff": {"lint.mccabe.max-complexity": 10}}


MODERN = """
class Box:
    def get(self, x):
        match x:
            case {"a": y} if (z := y):
                return z
        return x

async def main():
    try:
        pass
    except* ValueError:
        pass
"""
PEP695 = """
type Alias[T] = list[T]

class Pair[T]:
    def first[U](self, x: U) -> T | U:
        return x
"""


def index_of(root: Path, text: str) -> _pyindex.ModuleIndex:
    write(root, {"m.py": text})
    d = discover(root)
    ctx = Context(root=d.root, discovery=d)
    (idx,) = _pyindex.modules(ctx)
    assert _pyindex.modules(ctx)[0] is idx  # cached
    return idx


def test_index_handles_modern_syntax(tmp_path: Path) -> None:
    idx = index_of(tmp_path, MODERN)
    assert [(f.name, f.cls.name if f.cls else None) for f in idx.functions] == [
        ("get", "Box"),
        ("main", None),
    ]
    assert len(idx.excepts) == 1


@pytest.mark.skipif(sys.version_info < (3, 12), reason="PEP 695 syntax needs Python 3.12")
def test_index_handles_pep695(tmp_path: Path) -> None:
    idx = index_of(tmp_path, PEP695)
    assert [(f.name, f.cls.name if f.cls else None) for f in idx.functions] == [("first", "Pair")]


def test_role_globs_and_first_party() -> None:
    paths = ["src/app/__init__.py", "src/app/x.py", "src/app/tests/test_x.py", "tests/test_y.py", "setup.py"]
    assert _pyindex.role_globs(paths, {"test"}) == ["**/tests/**"]
    assert _pyindex.role_globs(paths, {"script"}) == ["setup.py"]
    assert _pyindex.first_party(paths) == {"app", "setup"}
