"""Conventions in motion: recent lines vs the tree, and the new-code-style rule on a change."""

from __future__ import annotations

from pathlib import Path

import pytest

from standards import gitutil, pipeline, standards_file
from standards.context import Context
from standards.discovery import discover
from standards.history import motion
from standards.model import Level, Standards
from standards.rules import CheckContext
from standards.rules.new_code_style import RULE
from tests.test_history_repo import GitRepo

LEGACY = "".join(f'def report_{i}(name, n):\n    return "%s: %d" % (name, n)\n' for i in range(30))


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "repo")


def migrating_repo(repo: GitRepo) -> None:
    """Old code uses % formatting; everything written in the last year uses f-strings."""
    repo.commit("Add reports", {"app/legacy.py": LEGACY}, day=1)
    for i in range(6):
        body = "".join(f'def label_{i}_{j}(name):\n    return f"{{name}} #{j}"\n' for j in range(5))
        repo.commit(f"Add labels {i}", {f"app/labels_{i}.py": body}, day=600 + i)


def standards_for(root: Path) -> Standards:
    analysis = pipeline.analyze(root, only={"git_motion"})
    standards = pipeline.build(analysis, None)
    (root / "standards.toml").write_text(standards_file.render(standards, None))
    loaded = standards_file.load(root)
    assert loaded is not None
    return loaded


def test_motion_is_detected_with_figures(repo: GitRepo) -> None:
    migrating_repo(repo)
    conv = standards_for(repo.path).conventions["git.motion.fstring"]
    assert conv.level is Level.ERROR
    assert conv.support == (30, 30)
    assert conv.note.startswith("f-strings: 100% of 30 lines added in the last 365 days vs 50% of 60 in the tree")
    assert conv.counter_examples[0] == "app/legacy.py:2"


def test_a_repository_that_is_not_moving_has_no_motion(repo: GitRepo) -> None:
    for i in range(4):
        repo.commit(f"Add reports {i}", {f"app/r{i}.py": LEGACY}, day=600 + i)
    assert pipeline.analyze(repo.path, only={"git_motion"}).observations == []


def test_rule_reports_new_old_style_lines_only(repo: GitRepo) -> None:
    migrating_repo(repo)
    standards = standards_for(repo.path)
    text = (repo.path / "app/legacy.py").read_text()
    repo.write({"app/legacy.py": text + 'def extra(name):\n    return "%s!" % name\n', "app/new.py": 'X = f"{1}"\n'})
    repo.git("add", "-A")
    ctx = CheckContext(
        root=repo.path,
        standards=standards,
        paths=gitutil.staged_files(repo.path),
        analysis=Context(root=repo.path, discovery=discover(repo.path)),
        diff=gitutil.diff_lines(repo.path, "--cached"),
        mode="staged",
    )
    (finding,) = RULE.check(ctx)
    assert (finding.path, finding.line, finding.level) == ("app/legacy.py", 62, Level.ERROR)
    assert finding.message.startswith("new line uses % formatting / str.format; new code here uses f-strings")


@pytest.mark.parametrize(
    ("style", "path", "line", "verdict"),
    [
        ("fstring", "a.py", 'x = "%s-%d" % (a, b)', "old"),
        ("fstring", "a.py", 'x = "{}".format(a)', "old"),
        ("fstring", "a.py", 'x = f"{a}"', "new"),
        ("fstring", "a.py", 'log.info("x %s", a)', None),
        ("pytest", "tests/test_a.py", "        self.assertEqual(a, 1)", "old"),
        ("pytest", "tests/test_a.py", "    assert a == 1", "new"),
        ("pytest", "app/a.py", "    assert a == 1", None),
        ("let_const", "a.js", "var x = 1;", "old"),
        ("let_const", "a.ts", "for (const k of ks) {", "new"),
        ("let_const", "a.js", "// var x = 1;", None),
        ("snake_case", "a.py", "def parseOrder(raw):", "old"),
        ("snake_case", "a.py", "    async def parse_order(raw):", "new"),
        ("snake_case", "tests/test_a.py", "    def setUp(self):", None),
    ],
)
def test_classifiers(style: str, path: str, line: str, verdict: str | None) -> None:
    chosen = motion.style_for(f"git.motion.{style}")
    assert chosen is not None and chosen.classify(path, line) == verdict
