"""Writes are atomic and all-or-nothing; --dry-run writes nothing; nothing outside the
repository is written except caches in the user's cache directory."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from standards import adopt, cli, fsutil
from standards.errors import StandardsError

from _repo import git, standards, style_repo, write

PYPROJECT = '[project]\nname = "pkg"\nversion = "1.0"\nrequires-python = ">=3.10"\n'


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under root except .git: content and mode."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            full = Path(dirpath, name)
            out[full.relative_to(root).as_posix()] = (full.read_bytes(), full.stat().st_mode)
    return out


def dirs(root: Path) -> set[str]:
    return {Path(d).relative_to(root).as_posix() for d, _, _ in os.walk(root) if ".git" not in Path(d).parts}


@pytest.fixture
def repo(tmp_path):
    return style_repo(tmp_path / "r", modules=6)


def test_blocked_directory_fails_cleanly_and_writes_nothing(repo):
    write(repo, {".github": "a file where init needs a directory\n"})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "A file named .github")
    before, before_dirs = snapshot(repo), dirs(repo)
    result = standards(repo, "init", "--no-hooks")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert ".github/workflows/standards.yml" in result.stderr and "no file was changed" in result.stderr
    assert snapshot(repo) == before  # no temporary file, no partial write
    assert dirs(repo) == before_dirs  # no directory left behind either


def test_failure_after_the_first_writes_restores_everything(repo, monkeypatch):
    """The baseline is measured after the configs are written; when that fails, the
    configs are restored (pyproject.toml to its old content, new files removed)."""
    before, before_dirs = snapshot(repo), dirs(repo)

    def boom(*args, **kwargs):
        raise StandardsError("ruff failed: simulated")

    monkeypatch.setattr(adopt, "baseline_text", boom)
    monkeypatch.chdir(repo)
    assert cli.main(["init", "--no-hooks"]) == 2
    assert snapshot(repo) == before
    assert dirs(repo) == before_dirs


def test_rename_failing_midway_restores_the_files_already_renamed(repo, monkeypatch):
    before = snapshot(repo)
    real_replace = os.replace
    calls = []

    def flaky_replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(fsutil.os, "replace", flaky_replace)
    monkeypatch.chdir(repo)
    assert cli.main(["init", "--no-hooks"]) == 2
    assert len(calls) >= 3
    assert snapshot(repo) == before


def test_interrupt_restores(repo, monkeypatch, capsys):
    before = snapshot(repo)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(adopt, "baseline_text", interrupted)
    monkeypatch.chdir(repo)
    assert cli.main(["init", "--no-hooks"]) == 130
    assert "nothing half-written" in capsys.readouterr().err
    assert snapshot(repo) == before


def test_plan_apply_is_all_or_nothing(tmp_path):
    (tmp_path / "keep.txt").write_text("old\n")
    (tmp_path / "blocker").write_text("a file, not a directory\n")
    plan = fsutil.WritePlan(tmp_path)
    plan.add("keep.txt", "new\n")
    plan.add("fresh/deep/new.txt", "x\n")
    plan.add("blocker/inside.txt", "y\n")
    with pytest.raises(fsutil.WriteFailed, match="blocker/inside.txt"):
        plan.apply()
    assert (tmp_path / "keep.txt").read_text() == "old\n"
    assert not (tmp_path / "fresh").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker", "keep.txt"]


def test_new_files_get_the_usual_mode_and_existing_files_keep_theirs(tmp_path):
    old_umask = os.umask(0o022)
    try:
        (tmp_path / "script.sh").write_text("old\n")
        (tmp_path / "script.sh").chmod(0o750)
        plan = fsutil.WritePlan(tmp_path)
        plan.add("new.md", "x\n")
        plan.add("script.sh", "new\n")
        plan.add("hook", "#!/bin/sh\n", executable=True)
        plan.apply()
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "script.sh").stat().st_mode) == 0o750
    assert stat.S_IMODE((tmp_path / "hook").stat().st_mode) == 0o755


def test_dry_run_writes_nothing(repo):
    write(repo, {"pyproject.toml": PYPROJECT + "\n[tool.ruff]\nline-length = 100\n"})
    git(repo, "commit", "-qam", "ruff settings")
    before, before_dirs = snapshot(repo), dirs(repo)
    result = standards(repo, "init", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "+++ b/standards.toml" in result.stdout
    assert snapshot(repo) == before and dirs(repo) == before_dirs
    assert not (repo / ".git/hooks/pre-commit").exists()
    init = standards(repo, "init", "--no-hooks")
    assert init.returncode == 0, init.stderr
    update = standards(repo, "update", "--dry-run")
    assert update.returncode == 0, update.stderr
    after_init = snapshot(repo)
    assert standards(repo, "init", "--dry-run").returncode == 0
    assert snapshot(repo) == after_init


def test_nothing_written_outside_the_repository(tmp_path):
    """HOME, caches and the temporary directory are redirected into tmp_path; after init
    (with hooks) and check, nothing exists outside the repo but caches and git's config."""
    repo = style_repo(tmp_path / "work" / "r", modules=6)
    home, cache, tmp, pc_home = tmp_path / "home", tmp_path / "cache", tmp_path / "tmp", tmp_path / "cache/pre-commit"
    for d in (home, cache, tmp):
        d.mkdir(parents=True)
    env = {
        "HOME": str(home),
        "XDG_CACHE_HOME": str(cache),
        "TMPDIR": str(tmp),
        "PRE_COMMIT_HOME": str(pc_home),
        "XDG_CONFIG_HOME": str(home / ".config"),
    }
    init = standards(repo, "init", extra_env=env)
    assert init.returncode == 0, init.stderr
    assert "git hooks installed" in init.stdout
    git(repo, "add", "-A")
    commit = git(repo, "commit", "-qm", "Adopt", check=False, extra_env=env)
    assert commit.returncode == 0, commit.stdout + commit.stderr  # the hook ran and passed
    check = standards(repo, "check", extra_env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == ["r"]
    assert list(tmp.iterdir()) == []  # no temporary file left behind
    assert list(home.rglob("*")) == [], "nothing in HOME (caches go to XDG_CACHE_HOME)"
    generated = snapshot(repo)
    assert not any(".tmp" in p for p in generated)


def test_writes_never_go_through_a_symlink_leading_outside(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "pyproject.toml").write_text(PYPROJECT)
    (outside / "pre-commit.yaml").write_text("repos: []\n")
    (outside / "shared").mkdir()
    repo = style_repo(tmp_path / "r", modules=4)
    (repo / "pyproject.toml").unlink()
    (repo / "pyproject.toml").symlink_to(outside / "pyproject.toml")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Shared pyproject")
    before_outside = snapshot(outside)
    result = standards(repo, "init", "--no-hooks")
    assert result.returncode == 2
    assert "pyproject.toml is a symlink that leads outside the repository" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(outside) == before_outside
    assert not (repo / "standards.toml").exists()

    # the same for .pre-commit-config.yaml, and for a directory we would write into
    (repo / "pyproject.toml").unlink()
    write(repo, {"pyproject.toml": PYPROJECT})
    (repo / ".pre-commit-config.yaml").symlink_to(outside / "pre-commit.yaml")
    result = standards(repo, "init", "--no-hooks")
    assert result.returncode == 2 and ".pre-commit-config.yaml" in result.stderr, result.stderr
    (repo / ".pre-commit-config.yaml").unlink()
    (repo / ".standards").symlink_to(outside / "shared", target_is_directory=True)
    result = standards(repo, "init", "--no-hooks")
    assert result.returncode == 2 and ".standards/" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(outside) == before_outside
