"""Which framework Ruby tests use (RSpec or minitest) and where test files live.

A test file's framework is read from its code: ``RSpec.describe`` or a top-level
``describe`` means RSpec; a class inheriting from ``Minitest::Test`` or a Rails
``*TestCase`` means minitest. The layout is the glob most test files match, such as
``spec/**/*_spec.rb``.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from standards import roles
from standards.analyzers._rbindex import RbFile, rb_files
from standards.analyzers._style import tally_spots
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("ruby",)
SUFFIXES = ("_spec", "_test")
NAMES = {"rspec": "RSpec", "minitest": "minitest"}


def framework_of(rb: RbFile) -> str | None:
    styles = {style for _, style in rb.test_styles}
    if len(styles) == 1:
        return styles.pop()
    stem = PurePosixPath(rb.path).stem
    if stem.endswith("_spec"):
        return "rspec"
    if stem.endswith("_test"):
        return "minitest"
    return None


def layout_of(path: str) -> str:
    p = PurePosixPath(path)
    dirs = list(p.parts[:-1])
    index = next((i for i, part in enumerate(dirs) if part in roles.TEST_DIRS), None)
    if index is None:
        where = "**"
    else:
        where = f"{dirs[index]}/**" if index == 0 else f"**/{dirs[index]}/**"
    suffix = next((s for s in SUFFIXES if p.stem.endswith(s)), "")
    return f"{where}/*{suffix}.rb"


def analyze(ctx: Context) -> list[Observation]:
    tests = [rb for rb in rb_files(ctx) if rb.is_test and PurePosixPath(rb.path).suffix == ".rb"]
    spots = []
    for rb in tests:
        framework = framework_of(rb)
        if framework is not None:
            spots.append((rb.path, rb.test_styles[0][0] if rb.test_styles else 1, framework))
    out = []
    fw = tally_spots(spots).observation(
        id="rb.tests.framework",
        title="",
        category="tests",
        language="ruby",
        why="One test framework: one runner, one assertion style, one set of helpers.",
    )
    if fw is not None:
        fw.title = f"Tests use {NAMES[fw.value]}"
        fw.do = f"write new tests with {NAMES[fw.value]}"
        fw.dont = f"add {NAMES['minitest' if fw.value == 'rspec' else 'rspec']} tests"
        out.append(fw)
    layout = tally_spots((rb.path, 1, layout_of(rb.path)) for rb in tests if framework_of(rb)).observation(
        id="rb.tests.layout",
        title="",
        category="tests",
        language="ruby",
        why="Tests in one predictable place are found by the runner and by people.",
    )
    if layout is not None:
        layout.title = f"Test files match {layout.value}"
        layout.do = layout.examples[0].rsplit(":", 1)[0] if layout.examples else ""
        layout.dont = "a test file elsewhere or named differently"
        out.append(layout)
    return out
