"""The Python custom rules on small fixture repositories."""

from __future__ import annotations

from pathlib import Path

from standards import pipeline
from standards.context import Context
from standards.discovery import discover
from standards.model import Convention, Level, Source, Standards
from standards.rules import CheckContext
from standards.rules.py_module_logger import RULE as LOGGER
from standards.rules.py_test_file_name import RULE as TEST_NAME
from tests._repo import make_repo


def conv(cid: str, value: str) -> Convention:
    return Convention(
        id=cid,
        title="t",
        category="tests",
        language="python",
        value=value,
        level=Level.ERROR,
        source=Source.INFERRED,
        support=(30, 30),
        confidence=0.9,
    )


def ctx_for(root: Path, standards: Standards, paths: list[str]) -> CheckContext:
    return CheckContext(
        root=root, standards=standards, paths=paths, analysis=Context(root=root, discovery=discover(root))
    )


def test_test_file_name_flags_the_other_pattern(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {"tests/test_a.py": "", "tests/b_test.py": "", "tests/helpers.py": ""})
    standards = Standards(conventions={"py.tests.file_pattern": conv("py.tests.file_pattern", "test_*.py")})
    found = list(TEST_NAME.check(ctx_for(root, standards, ["tests/test_a.py", "tests/b_test.py", "tests/helpers.py"])))
    assert [f.path for f in found] == ["tests/b_test.py"]
    assert found[0].fix is not None and found[0].fix.command == "git mv tests/b_test.py tests/test_b.py"


def test_module_logger_flags_root_logging_in_library_code_only(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "r",
        {
            "pkg/a.py": "import logging\n\nlogging.info('x')\n",
            "pkg/b.py": "import logging\n\nlogger = logging.getLogger(__name__)\nlogger.info('x')\n",
            "tests/test_c.py": "import logging\n\nlogging.info('x')\n",
        },
    )
    standards = Standards(conventions={"py.logging.module_logger": conv("py.logging.module_logger", "logger")})
    found = list(LOGGER.check(ctx_for(root, standards, ["pkg/a.py", "pkg/b.py", "tests/test_c.py"])))
    assert [(f.path, f.line) for f in found] == [("pkg/a.py", 3)]
    assert "logger = logging.getLogger(__name__)" in found[0].fix.description


def test_rules_are_off_without_their_convention(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {"pkg/a.py": "import logging\nlogging.info('x')\n"})
    standards = pipeline.build(pipeline.analyze(root, only=set()), None)
    assert LOGGER.convention(standards) is None and TEST_NAME.convention(standards) is None
