"""py-test-file-name: new test files follow the repository's naming pattern."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from standards import roles
from standards.model import Finding, Fix, Standards
from standards.rules import CheckContext, Rule, RuleDoc

CONVENTION = "py.tests.file_pattern"


def expected_name(stem: str, pattern: str) -> str:
    core = stem.removeprefix("test_").removesuffix("_test")
    return f"{core}_test.py" if pattern == "*_test.py" else f"test_{core}.py"


def check(ctx: CheckContext) -> Iterable[Finding]:
    conv = ctx.standards.get(CONVENTION)
    if conv is None:
        return
    pattern = str(conv.value)
    for path in ctx.paths:
        p = PurePosixPath(path)
        if p.suffix != ".py" or p.name in ("conftest.py", "__init__.py") or not roles.is_test(path):
            continue
        stem = p.stem
        is_test_module = stem.startswith("test_") or stem.endswith("_test")
        if not is_test_module:
            continue  # helpers and fixtures inside tests/ are not test modules
        follows = stem.startswith("test_") if pattern == "test_*.py" else stem.endswith("_test")
        if follows:
            continue
        target = str(p.with_name(expected_name(stem, pattern)))
        yield Finding(
            path=path,
            line=1,
            column=1,
            rule=RULE.qualified,
            message=f"test file {p.name} does not follow this repo's pattern {pattern}",
            level=conv.level,
            why=conv.why or "one pattern keeps test collection predictable",
            fix=Fix(f"rename it to {target}", command=f"git mv {path} {target}"),
            anchor=conv.anchor,
            source_line="",
            whole_file=True,
        )


def quick_data(standards: Standards, listing: list[str]) -> dict:
    """What the hook's quick verdict screens a change with (standards.check.quick_screens)."""
    conv = standards.get(CONVENTION)
    return {"pattern": str(conv.value) if conv is not None else ""}


RULE = Rule(
    id="py-test-file-name",
    title="Test files follow the repository's naming pattern",
    conventions=(CONVENTION,),
    languages=("python",),
    doc=RuleDoc(
        what="Checks that test modules are named with the pattern the repository uses (`test_*.py` or `*_test.py`).",
        why="pytest collects tests by file name; a second pattern means tests that silently never run, "
        "or a configuration that has to know both.",
        example="tests/orders_test.py      # in a repository whose tests are test_*.py",
        use_instead="tests/test_orders.py",
        options={},
    ),
    check=check,
    scope="file",
)
