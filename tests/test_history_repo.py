"""A scripted git repository for the history tests (real ``git init``/``git commit`` with
fixed dates and authors), and the tests of the history reader itself."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from standards.history import reader
from standards.history.reader import Window, parse_numstat, read_history

BASE = 1_700_000_000  # 2023-11-14, a fixed clock for every scripted commit
DAY = 86_400


class GitRepo:
    """A repository whose commits are made with fixed dates: commit N is N days after BASE."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> str:
        full_env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "Ann Author",
            "GIT_AUTHOR_EMAIL": "ann@example.com",
            "GIT_COMMITTER_NAME": "Ann Author",
            "GIT_COMMITTER_EMAIL": "ann@example.com",
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": str(self.path),
            **(env or {}),
        }
        proc = subprocess.run(["git", *args], cwd=self.path, input=input, capture_output=True, env=full_env, check=True)
        return proc.stdout.decode("utf-8", "replace")

    def write(self, files: dict[str, str | bytes]) -> None:
        for rel, content in files.items():
            target = self.path / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content)

    def commit(
        self,
        message: str | bytes,
        files: dict[str, str | bytes] | None = None,
        *,
        author: str = "Ann Author",
        email: str = "ann@example.com",
        day: int | None = None,
    ) -> str:
        """Write ``files`` (or touch a counter file) and commit them with ``message``."""
        self.count += 1
        self.write(files or {"counter.txt": f"{self.count}\n"})
        self.git("add", "-A")
        when = f"@{BASE + (self.count if day is None else day) * DAY} +0000"
        env = {
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_DATE": when,
        }
        raw = message if isinstance(message, bytes) else message.encode()
        self.git("commit", "-q", "--allow-empty", "--no-verify", "-F", "-", input=raw, env=env)
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "repo")


def test_reads_commits_files_renames_and_binaries(repo: GitRepo) -> None:
    repo.commit("Initial import\n\nWith a body.", {"a.txt": "one\ntwo\n", "img.bin": b"\0\1\2"})
    repo.git("mv", "a.txt", "b.txt")
    repo.commit("Rename a to b", {"b.txt": "one\ntwo\nthree\n"})
    history = read_history(repo.path)
    assert history.problem == ""
    newest, oldest = history.commits
    assert (newest.subject, oldest.subject, oldest.body) == ("Rename a to b", "Initial import", "With a body.")
    assert oldest.is_root and not newest.is_root and not newest.is_merge
    assert newest.files == (reader.FileChange("b.txt", 1, 0, "a.txt"),)
    assert {f.path: f.binary for f in oldest.files} == {"a.txt": False, "img.bin": True}
    assert newest.author == "Ann Author" and newest.authored == BASE + 2 * DAY


def test_merge_commits_are_recorded_as_merges(repo: GitRepo) -> None:
    repo.commit("Base")
    repo.git("checkout", "-q", "-b", "topic")
    repo.commit("Topic work", {"t.txt": "t\n"})
    repo.git("checkout", "-q", "main")
    repo.commit("Main work", {"m.txt": "m\n"})
    repo.git("merge", "-q", "--no-edit", "topic")
    merge = read_history(repo.path).commits[0]
    assert merge.is_merge and len(merge.parents) == 2 and merge.files == ()


def test_window_limits_commits_and_days(repo: GitRepo) -> None:
    for day in (1, 2, 3, 400, 401):
        repo.commit(f"Change on day {day}", day=day)
    by_count = read_history(repo.path, Window(max_commits=2, max_days=9999))
    assert [c.subject for c in by_count.commits] == ["Change on day 401", "Change on day 400"]
    assert by_count.note == "history limited to the newest 2 commits"
    by_days = read_history(repo.path, Window(max_commits=100, max_days=30))
    assert len(by_days.commits) == 2 and by_days.limited_by == "days"
    assert len(read_history(repo.path, Window(max_commits=100, max_days=9999)).commits) == 5


def test_history_is_cached_per_head(repo: GitRepo) -> None:
    repo.commit("One")
    first = read_history(repo.path)
    assert read_history(repo.path) is first
    repo.commit("Two")
    assert len(read_history(repo.path).commits) == 2


def test_non_utf8_message_is_decoded(repo: GitRepo) -> None:
    repo.git("config", "i18n.commitEncoding", "ISO-8859-1")
    repo.commit("Corrige l'accès café".encode("latin-1"))
    repo.git("config", "--unset", "i18n.commitEncoding")
    repo.commit(b"Raw bytes \xff\xfe without a declared encoding")
    history = read_history(repo.path)
    assert [c.subject for c in history.commits] == [
        "Raw bytes ÿþ without a declared encoding",
        "Corrige l'accès café",
    ]


def test_empty_repository_not_a_repo_and_no_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = GitRepo(tmp_path / "empty")
    assert read_history(empty.path).problem == "the repository has no commits yet"
    plain = tmp_path / "plain"
    plain.mkdir()
    assert read_history(plain).problem.startswith("not a git repository")
    monkeypatch.setattr(reader.gitutil, "git_available", lambda: False)
    assert read_history(plain).problem == "git is not installed; history was not read"


def test_shallow_clone_is_noted(repo: GitRepo, tmp_path: Path) -> None:
    for i in range(5):
        repo.commit(f"Commit {i}", {f"f{i}.txt": "x\n"})
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{repo.path}", str(clone)], check=True, capture_output=True
    )
    history = read_history(clone)
    assert len(history.commits) == 2 and history.shallow
    assert "shallow clone" in history.note
    assert history.commits[-1].is_root  # the cut-off edge: its files are the whole tree


def test_single_commit(repo: GitRepo) -> None:
    repo.commit("Only commit", {"x.py": "x = 1\n"})
    history = read_history(repo.path)
    assert len(history.commits) == 1 and history.note == ""


def test_subdirectory_reads_its_own_history_with_relative_paths(repo: GitRepo) -> None:
    repo.commit("Outside", {"other/a.txt": "a\n"})
    repo.commit("Inside", {"pkg/sub/b.txt": "b\n"})
    history = read_history(repo.path / "pkg")
    assert [c.subject for c in history.commits] == ["Inside"]
    assert history.commits[0].files[0].path == "sub/b.txt"


def test_parse_numstat_handles_renames_binaries_and_odd_names() -> None:
    raw = b"\n3\t1\tsrc/a b.py\x002\t0\t\x00old.py\x00new.py\x00-\t-\tlogo.png\x00"
    assert list(parse_numstat(raw)) == [
        reader.FileChange("src/a b.py", 3, 1),
        reader.FileChange("new.py", 2, 0, "old.py"),
        reader.FileChange("logo.png", None, None),
    ]
