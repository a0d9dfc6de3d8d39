"""Co-change: the tests-with-changes rule fires on a staged change to code whose history
always changed tests with it, and stays quiet otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from standards import gitutil, pipeline, standards_file
from standards.context import Context
from standards.discovery import discover
from standards.model import Level, Standards
from standards.rules import CheckContext
from standards.rules.tests_with_changes import RULE
from tests.test_history_repo import GitRepo


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "repo")


def tested_history(repo: GitRepo, n: int = 24) -> None:
    repo.commit("Initial import", {"src/shop/__init__.py": "", "tests/__init__.py": ""})
    for i in range(n):
        repo.commit(
            f"Add rule {i}",
            {
                f"src/shop/rule{i % 4}.py": f"RATE = {i}\n",
                f"tests/test_rule{i % 4}.py": f"def test_rate():\n    assert {i}\n",
            },
        )
    for i in range(6):  # docs change alone: not a code change
        repo.commit(f"Document rule {i}", {"docs/rules.md": f"{i}\n"})


def standards_for(root: Path) -> Standards:
    analysis = pipeline.analyze(root, only={"git_cochange"})
    standards = pipeline.build(analysis, None)
    (root / "standards.toml").write_text(standards_file.render(standards, None))
    loaded = standards_file.load(root)
    assert loaded is not None
    return loaded


def staged_check(repo: GitRepo, standards: Standards) -> list:
    diff = gitutil.diff_lines(repo.path, "--cached")
    ctx = CheckContext(
        root=repo.path,
        standards=standards,
        paths=gitutil.staged_files(repo.path),
        analysis=Context(root=repo.path, discovery=discover(repo.path)),
        diff=diff,
        mode="staged",
    )
    return list(RULE.check(ctx))


def test_cochange_is_learned_per_area(repo: GitRepo) -> None:
    tested_history(repo)
    conv = standards_for(repo.path).conventions["git.cochange.tests"]
    assert conv.level is Level.ERROR
    area = conv.params["areas"]["src/shop"]
    assert (area["commits"], area["with_tests"], area["tests_in"]) == (24, 24, "tests")
    assert area["example_test"].startswith("tests/test_rule")


def test_staged_source_change_without_tests_is_reported(repo: GitRepo) -> None:
    tested_history(repo)
    standards = standards_for(repo.path)
    repo.write({"src/shop/rule1.py": "RATE = 99\nCAP = 3\n"})
    repo.git("add", "src/shop/rule1.py")
    (finding,) = staged_check(repo, standards)
    assert finding.path == "src/shop/rule1.py" and finding.line == 1
    assert finding.level is Level.ERROR
    assert (
        finding.message
        == "changes to src/shop usually come with tests in tests (24 of 24 commits); this change has none"
    )
    assert finding.fix is not None and "tests/test_rule" in finding.fix.description


def test_staged_change_with_a_test_is_accepted(repo: GitRepo) -> None:
    tested_history(repo)
    standards = standards_for(repo.path)
    repo.write({"src/shop/rule1.py": "RATE = 99\n", "tests/test_rule1.py": "def test_rate():\n    assert 99\n"})
    repo.git("add", "-A")
    assert staged_check(repo, standards) == []


def test_docs_only_change_is_not_checked(repo: GitRepo) -> None:
    tested_history(repo)
    standards = standards_for(repo.path)
    repo.write({"docs/rules.md": "new\n"})
    repo.git("add", "-A")
    assert staged_check(repo, standards) == []


def test_weak_habit_is_not_enforced(repo: GitRepo) -> None:
    repo.commit("Initial import", {"app/__init__.py": "", "tests/__init__.py": ""})
    for i in range(20):
        files = {f"app/m{i % 3}.py": f"X = {i}\n"}
        if i % 2:
            files[f"tests/test_m{i % 3}.py"] = f"def test_x():\n    assert {i}\n"
        repo.commit(f"Change {i}", files)
    standards = standards_for(repo.path)
    assert standards.conventions["git.cochange.tests"].level is Level.INFO
    repo.write({"app/m1.py": "X = 100\n"})
    repo.git("add", "-A")
    assert staged_check(repo, standards) == []


def test_history_without_tests_has_no_cochange_convention(repo: GitRepo) -> None:
    for i in range(6):
        repo.commit(f"Change {i}", {"app/m.py": f"X = {i}\n"})
    assert pipeline.analyze(repo.path, only={"git_cochange"}).observations == []
