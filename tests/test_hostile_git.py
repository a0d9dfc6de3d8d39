"""git never runs a program the repository names: fsmonitor, textconv, filters, gpg, pagers,
external diffs. Repositories git refuses (another owner), bare repositories and `.git/`
itself are refused; a linked worktree gets hooks that do not break the main checkout."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from _repo import ENV, env, git, make_repo, snapshot, standards, write

from standards import gitutil

TIMEOUT = 120


def payload(marker: Path, name: str, passthrough: str = "cat") -> str:
    """A shell command that records ``name`` in ``marker`` and otherwise behaves like ``passthrough``."""
    return f"sh -c 'echo {name} >> {marker}; {passthrough}'"


def armed_repo(tmp_path: Path) -> tuple[Path, Path]:
    """A repository on branch feat (one signed-looking commit ahead of main) whose config and
    attributes name a program for every door git has, and a staged and an unstaged change."""
    marker = tmp_path / "FIRED"
    root = make_repo(tmp_path / "r", {"app.py": "def total():\n    return 1\n"})
    git(root, "checkout", "-qb", "feat")
    program = tmp_path / "program.sh"
    program.write_text(f"#!/bin/sh\necho program >> {marker}\nexit 1\n")
    program.chmod(0o755)
    settings = {
        "core.fsmonitor": payload(marker, "fsmonitor", "false"),
        "diff.evil.textconv": payload(marker, "textconv", 'cat "$0"'),
        "filter.evil.clean": payload(marker, "clean"),
        "filter.evil.smudge": payload(marker, "smudge"),
        "filter.evil.process": payload(marker, "process", "false"),
        "gpg.program": str(program),
        "log.showSignature": "true",
        "core.pager": payload(marker, "pager"),
        "diff.external": str(program),
        "core.hooksPath": str(tmp_path / "hooks"),
    }
    write(root, {".gitattributes": "* diff=evil filter=evil\n", "app.py": "def total():\n    return 2\n"})
    git(root, "-c", "filter.evil.process=", "-c", "filter.evil.clean=", "add", "-A")
    tree = git(root, "write-tree").stdout.strip()
    parent = git(root, "rev-parse", "HEAD").stdout.strip()
    signed = (
        f"tree {tree}\nparent {parent}\nauthor Tess <t@example.org> 1767607200 +0000\n"
        "committer Tess <t@example.org> 1767607200 +0000\n"
        "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n =abcd\n -----END PGP SIGNATURE-----\n\n"
        "Change the total\n"
    )
    commit = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"], cwd=root, input=signed, capture_output=True, text=True
    ).stdout.strip()
    git(root, "update-ref", "refs/heads/feat", commit)
    for key, value in settings.items():
        git(root, "config", key, value)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in ("pre-commit", "post-checkout", "post-index-change", "reference-transaction"):
        (hooks / hook).write_text(f"#!/bin/sh\necho hook >> {marker}\n")
        (hooks / hook).chmod(0o755)
    return root, marker


def _stat_dirty(root: Path, *paths: str) -> None:
    """Change only the stat data, so that git would re-read the file (through its filter)."""
    for rel in paths:
        (root / rel).touch()


def test_git_programs_from_the_repository_are_never_run(tmp_path: Path) -> None:
    root, marker = armed_repo(tmp_path)
    result = standards(root, "init", "--no-hooks")
    assert result.returncode == 0, result.stderr
    write(root, {"extra.py": "def camelCase():\n    return 3\n", "app.py": "def total():\n    return 4\n"})
    git(root, "-c", "filter.evil.process=", "-c", "filter.evil.clean=", "-c", "core.fsmonitor=", "add", "extra.py")
    marker.unlink(missing_ok=True)
    for args in (["check", "--staged"], ["check", "--diff", "main"], ["check"], ["analyze"], ["doctor"]):
        _stat_dirty(root, "app.py", "extra.py")
        run = subprocess.run(
            ["timeout", str(TIMEOUT), sys.executable, "-P", "-m", "standards", *args],
            cwd=root,
            capture_output=True,
            text=True,
            env=env(),
        )
        assert "Traceback" not in run.stderr, (args, run.stderr)
        assert run.returncode in (0, 1), (args, run.stdout, run.stderr)
        assert not marker.exists(), f"`standards {' '.join(args)}` ran: {marker.read_text()}"


def test_worktree_diff_reads_the_change_without_filters(tmp_path: Path) -> None:
    root, marker = armed_repo(tmp_path)
    write(root, {"app.py": "def total():\n    return 2\n\n\ndef more():\n    return 3\n"})
    _stat_dirty(root, "app.py")
    marker.unlink(missing_ok=True)
    paths, info = gitutil.worktree_diff(root, "main")
    assert sorted(paths) == [".gitattributes", "app.py"]
    assert info.lines["app.py"] == {2, 3, 4, 5, 6}
    assert info.new_files == {".gitattributes"}
    assert gitutil.staged_diff(root).lines == {}
    assert not marker.exists(), marker.read_text()


def test_worktree_diff_agrees_with_git_diff(tmp_path: Path) -> None:
    lines = [f"line {i}\n" for i in range(40)]
    root = make_repo(tmp_path / "r", {"a.txt": "".join(lines), "same.txt": "x\n", "gone.txt": "y\n"})
    changed = lines[:3] + ["new\n"] + lines[5:20] + lines[21:] + ["tail"]
    write(root, {"a.txt": "".join(changed), "new.txt": "1\n2\n"})
    (root / "gone.txt").unlink()
    git(root, "add", "new.txt")
    _stat_dirty(root, "same.txt")
    paths, info = gitutil.worktree_diff(root, "HEAD")
    out = git(root, "diff", "-U0", "HEAD").stdout
    expected = gitutil.parse_unified_diff(out.encode())
    assert sorted(paths) == ["a.txt", "new.txt"]
    assert info.lines == {k: v for k, v in expected.lines.items() if k in paths}
    assert info.new_files == {"new.txt"}


def test_every_git_call_carries_the_hardening(tmp_path: Path) -> None:
    root, _ = armed_repo(tmp_path)
    argv, env = gitutil.command(root, "status")
    for key, value in (("core.fsmonitor", ""), ("core.hooksPath", "/dev/null"), ("diff.external", "")):
        assert f"{key}={value}" in argv
    assert "log.showSignature=false" in argv and "core.pager=cat" in argv
    assert env["GIT_CONFIG_NOSYSTEM"] == "1" and env["GIT_TERMINAL_PROMPT"] == "0"
    overridden = {env[f"GIT_CONFIG_KEY_{i}"]: env[f"GIT_CONFIG_VALUE_{i}"] for i in range(int(env["GIT_CONFIG_COUNT"]))}
    assert overridden["filter.evil.clean"] == "" and overridden["diff.evil.textconv"] == ""
    assert gitutil.config_get(root, "core.hooksPath") == str(tmp_path / "hooks")  # ours is not reported as theirs


def test_porcelain_calls_through_gitutil_run_nothing(tmp_path: Path) -> None:
    root, marker = armed_repo(tmp_path)
    _stat_dirty(root, "app.py")
    marker.unlink(missing_ok=True)
    assert gitutil.run(root, "log", "-2", "--format=%H %s") is not None  # log.showSignature -> gpg.program
    # diff.external and the textconv are switched off: a porcelain diff that would use them fails instead
    assert gitutil.run(root, "diff", "HEAD~1") is None
    assert gitutil.run(root, "diff", "--no-ext-diff", "--no-textconv", "HEAD~1") is not None
    assert gitutil.run(root, "status", "--porcelain") is not None  # fsmonitor, filters on a stat-dirty file
    assert not marker.exists(), marker.read_text()


def test_repository_owned_by_another_user_is_refused(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {"app.py": "x = 1\n"})
    before = snapshot(root)
    for args in (["init"], ["check", "--staged"], ["analyze"]):
        result = standards(root, *args, extra_env={"GIT_TEST_ASSUME_DIFFERENT_OWNER": "1"})
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "another user owns" in result.stderr and "safe.directory" in result.stderr
        assert "Traceback" not in result.stderr and "installed" not in result.stdout
    assert snapshot(root) == before
    assert not (root / ".git/hooks/pre-commit").exists()


def test_init_in_a_bare_repository_is_refused(tmp_path: Path) -> None:
    source = make_repo(tmp_path / "src", {"app.py": "x = 1\n"})
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(source), str(bare))
    before = sorted(p.relative_to(bare) for p in bare.rglob("*"))
    result = standards(bare, "init")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "bare repository" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.relative_to(bare) for p in bare.rglob("*")) == before


@pytest.mark.parametrize("inside", [".git", ".git/hooks"])
def test_init_inside_the_git_directory_is_refused(tmp_path: Path, inside: str) -> None:
    root = make_repo(tmp_path / "r", {"app.py": "x = 1\n"})
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    for where in (["init"], ["init", str(root / inside)]):
        cwd = root / inside if where == ["init"] else root
        result = standards(cwd, *where)
        assert result.returncode == 2, result.stdout + result.stderr
        assert ".git directory" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_init_in_a_linked_worktree_keeps_the_main_checkout_committing(tmp_path: Path) -> None:
    main = make_repo(tmp_path / "main", {"app.py": "def total():\n    return 1\n"})
    linked = tmp_path / "linked"
    git(main, "worktree", "add", "-q", "-b", "feature", str(linked))
    result = standards(linked, "init")
    assert result.returncode == 0, result.stderr
    assert "installed" in result.stdout
    assert (main / ".git/hooks/pre-commit").exists()  # the hooks directory every worktree shares
    write(main, {"other.py": "def other():\n    return 2\n"})
    git(main, "add", "other.py")
    committed = git(main, "commit", "-qm", "Add the other module", check=False)
    assert committed.returncode == 0, committed.stdout + committed.stderr
    assert git(main, "log", "-1", "--format=%s").stdout.strip() == "Add the other module"
    # in the linked worktree, where the config is, the hook runs the check
    write(linked, {"bad.py": "def total(:\n"})
    git(linked, "add", "-A")
    refused = git(linked, "commit", "-qm", "Adopt standards", check=False)
    assert "standards" in refused.stdout + refused.stderr


def test_env_for_children_is_complete() -> None:
    env = gitutil.child_env(exclude=("core.hooksPath",))
    keys = [env[f"GIT_CONFIG_KEY_{i}"] for i in range(int(env["GIT_CONFIG_COUNT"]))]
    assert "core.fsmonitor" in keys and "core.hooksPath" not in keys
    assert ENV["GIT_CONFIG_NOSYSTEM"] == env["GIT_CONFIG_NOSYSTEM"]
