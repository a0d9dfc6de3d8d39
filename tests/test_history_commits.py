"""Commit message conventions: learned from scripted histories, enforced by `standards commit-msg`."""

from __future__ import annotations

from pathlib import Path

import pytest

from standards import pipeline, standards_file
from standards.cli import main
from standards.history import messages
from standards.model import Level
from tests.test_history_repo import GitRepo

CONVENTIONAL = [
    "feat(api): add pagination to orders",
    "fix(cli): handle missing config file",
    "docs: explain the retry policy",
    "feat(api): support filtering by status",
    "refactor(core): split the scheduler",
    "test(api): cover the empty page",
    "chore: bump ruff",
    "fix(api): return 404 for unknown orders",
]
MIXED = [
    "Added the export button",
    "fix login",
    "WIP",
    "Update README.md",
    "feat: dark mode",
    "Refactoring the parser.",
    "more tests",
    "Fixes #12",
]


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "repo")


def build(repo: GitRepo, subjects: list[str], n: int = 30) -> None:
    for i in range(n):
        repo.commit(subjects[i % len(subjects)], {f"src/m{i % 5}.py": f"x = {i}\n"})


def write_standards(root: Path) -> None:
    analysis = pipeline.analyze(root, only={"git_commits"})
    standards = pipeline.build(analysis, None)
    (root / "standards.toml").write_text(standards_file.render(standards, None))


def commit_msg(repo: GitRepo, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    msg = repo.path / ".git" / "COMMIT_EDITMSG"
    msg.write_text(text)
    code = main(["commit-msg", str(msg), "--repo", str(repo.path)])
    return code, capsys.readouterr().out


def test_conventional_history_is_learned(repo: GitRepo) -> None:
    build(repo, CONVENTIONAL)
    repo.commit("Merge branch 'x'")  # not evidence
    repo.commit("Bump lodash from 4.17.20 to 4.17.21", author="dependabot[bot]", email="bot@github.com")
    write_standards(repo.path)
    standards = standards_file.load(repo.path)
    assert standards is not None
    fmt = standards.conventions["git.commit.format"]
    assert (fmt.value, fmt.level) == ("conventional", Level.ERROR)
    assert fmt.params["types"][:2] == ["feat", "fix"] and "api" in fmt.params["scopes"]
    assert fmt.do in CONVENTIONAL
    assert standards.conventions["git.commit.capitalization"].value == "lower"
    assert standards.conventions["git.commit.mood"].value == "imperative"
    assert standards.conventions["git.commit.trailing_period"].value == "no-period"
    assert standards.conventions["git.commit.subject_length"].value == 72


def test_commit_msg_rejects_with_rule_reason_and_example(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    build(repo, CONVENTIONAL)
    write_standards(repo.path)
    code, out = commit_msg(repo, "fixed stuff\n# Please enter the commit message\n", capsys)
    assert code == 1
    assert '"fixed stuff" is not a Conventional Commit' in out
    assert "why: commit subjects follow Conventional Commits" in out
    assert "100% of recent commits" in out and "types: feat, fix" in out
    example = next(line for line in out.splitlines() if "example from this repo:" in line)
    assert example.split(": ", 1)[1] in CONVENTIONAL
    assert "Commit refused" in out and "standards explain commit-message" in out


def test_commit_msg_accepts_a_conventional_message(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    build(repo, CONVENTIONAL)
    write_standards(repo.path)
    assert commit_msg(repo, "feat(api): add x\n\nLonger body.\n# comment\n", capsys) == (0, "")


@pytest.mark.parametrize(
    "message",
    [
        "fixup! feat(api): add x",
        "squash! anything",
        "Merge branch 'main' into topic",
        'Revert "feat: x"',
        "# only a comment\n",
    ],
)
def test_commit_msg_ignores_generated_messages(repo: GitRepo, capsys: pytest.CaptureFixture[str], message: str) -> None:
    build(repo, CONVENTIONAL)
    write_standards(repo.path)
    assert commit_msg(repo, message, capsys)[0] == 0


def test_commit_msg_names_each_broken_convention(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    build(repo, CONVENTIONAL)
    write_standards(repo.path)
    code, out = commit_msg(repo, "feat(api): Added pagination.", capsys)
    assert code == 1
    assert 'the description starts with "Added"' in out
    assert '"Added" is the past form' in out
    assert "the subject ends with a period" in out
    assert "Suggested subject: feat(api): add pagination\n" in out


def test_mixed_history_accepts_anything_reasonable(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    build(repo, MIXED, n=40)
    write_standards(repo.path)
    standards = standards_file.load(repo.path)
    assert standards is not None
    blocking = {c.id for c in standards.conventions.values() if c.level is Level.ERROR}
    assert blocking <= {"git.commit.subject_length"}  # 72 characters: every reasonable subject fits
    for message in ("fixed stuff", "Add a button", "feat: x", "Updating docs."):
        assert commit_msg(repo, message, capsys)[0] == 0


def test_plain_history_refuses_a_commit_type(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    build(repo, ["Add the export button", "Fix login on Safari", "Document the retry policy"])
    write_standards(repo.path)
    code, out = commit_msg(repo, "feat: add x", capsys)
    assert code == 1 and '"feat: add x" starts with a commit type; subjects here do not' in out
    assert commit_msg(repo, "Add x", capsys) == (0, "")


def test_without_standards_toml_every_message_passes(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit("anything")
    assert commit_msg(repo, "whatever", capsys) == (0, "")


def test_missing_message_file_is_a_clear_error(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    build(repo, CONVENTIONAL)
    write_standards(repo.path)
    code = main(["commit-msg", str(repo.path / "nope"), "--repo", str(repo.path)])
    assert code == 2 and "no such file" in capsys.readouterr().err


def test_no_history_yields_no_commit_conventions(tmp_path: Path) -> None:
    empty = GitRepo(tmp_path / "empty")
    analysis = pipeline.analyze(empty.path, only={"git_commits"})
    assert analysis.observations == [] and analysis.failures == {}


def test_github_squash_suffix_is_not_an_authored_reference() -> None:
    f = messages.features("fix: handle empty pages (#1234)")
    assert f.pr_suffix and not f.references and f.length == len("fix: handle empty pages")


@pytest.mark.parametrize(
    ("subject", "kind", "mood", "case"),
    [
        ("feat(api)!: drop v1", "conventional", "imperative", "lower"),
        ("net/http: fix header parsing", "prefixed", "imperative", "lower"),
        ("Added the export button", "plain", "past", "upper"),
        ("Updating docs", "plain", "gerund", "upper"),
        ("Fixes a crash", "plain", "third-person", "upper"),
        ("README tweaks", "plain", None, None),
    ],
)
def test_subject_features(subject: str, kind: str, mood: str | None, case: str | None) -> None:
    f = messages.features(subject)
    assert (f.subject.kind, f.mood, f.capitalization) == (kind, mood, case)


def test_strip_comments_drops_comments_and_the_scissors_part() -> None:
    text = "feat: x\n\nbody\n# comment\n# ------------------------ >8 ------------------------\ndiff --git a b\n"
    assert messages.strip_comments(text) == "feat: x\n\nbody"
