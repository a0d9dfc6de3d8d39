"""Repositories in unusual states: no commits, not a git repository, git missing,
shallow clone, detached HEAD, submodules, worktrees. analyze and init always work."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from _repo import git, make_repo, python_module, standards, style_repo, write

BAD = '"""Bad."""\n\n\ndef badName():\n    return 1\n'


def ok(result, *codes):
    out = result.stdout + result.stderr
    assert "Traceback" not in out, out
    assert result.returncode in (codes or (0,)), out
    return out


def test_empty_repository_no_commits(tmp_path):
    root = tmp_path / "r"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(root, {f"pkg/mod_{i}.py": python_module(i) for i in range(4)})
    ok(standards(root, "analyze"))
    out = ok(standards(root, "init", "--no-hooks"))
    assert "wrote: standards.toml" in out
    git(root, "add", "-A")
    ok(standards(root, "check", "--staged"))
    write(root, {"pkg/bad.py": BAD})
    git(root, "add", "-A")
    assert "badName" in ok(standards(root, "check", "--staged"), 1)
    out = ok(standards(root, "check", "--diff"), 2)
    assert "no base branch" in out


def test_not_a_git_repository(tmp_path):
    root = tmp_path / "plain"
    write(root, {f"pkg/mod_{i}.py": python_module(i) for i in range(4)})
    write(root, {".gitignore": "ignored/\n", "ignored/junk.py": BAD})
    ok(standards(root, "analyze"))
    out = ok(standards(root, "init", "."))
    assert "is not a git repository: no hooks installed" in out
    assert not (root / ".git").exists()
    assert ok(standards(root, "check")).startswith("No new violations")  # ignored/ stays ignored
    assert "needs git" in ok(standards(root, "check", "--staged"), 2)


def test_git_missing_from_path(tmp_path):
    root = style_repo(tmp_path / "r", modules=4)
    bindir = tmp_path / "bin"  # only python, no git
    bindir.mkdir()
    (bindir / "python").symlink_to(sys.executable)
    no_git = {"PATH": str(bindir)}
    out = ok(standards(root, "init", extra_env=no_git))
    assert "git is not installed (not on PATH): no hooks installed" in out
    assert "git is not installed" in ok(standards(root, "check", "--staged", extra_env=no_git), 2)
    ok(standards(root, "check", extra_env=no_git))
    ok(standards(root, "analyze", extra_env=no_git))


def _history(root: Path, n: int = 4) -> None:
    for i in range(n):
        write(root, {f"pkg/extra_{i}.py": python_module(100 + i)})
        git(root, "add", "-A")
        git(root, "commit", "-qm", f"Add extra module {i}")


def test_shallow_clone_and_detached_head(tmp_path):
    upstream = style_repo(tmp_path / "up", modules=4)
    _history(upstream)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{upstream}", str(clone))
    git(clone, "config", "commit.gpgsign", "false")
    ok(standards(clone, "init", "--no-hooks"))
    git(clone, "add", "-A")
    git(clone, "commit", "-qm", "Adopt standards")
    out = ok(standards(clone, "check", "--diff", "HEAD~5"), 2)
    assert "shallow clone" in out
    write(clone, {"pkg/bad.py": BAD})
    git(clone, "add", "-A")
    git(clone, "commit", "-qm", "Bad")
    git(clone, "checkout", "-q", "--detach", "HEAD")
    assert "badName" in ok(standards(clone, "check", "--diff", "HEAD~1"), 1)
    assert "badName" in ok(standards(clone, "check", "--diff", "origin/main"), 1)
    ok(standards(clone, "init", "--no-hooks"))  # detached HEAD: init still works


def test_submodule_is_not_analysed_by_the_superproject(tmp_path):
    lib = make_repo(tmp_path / "lib", {"vendor_lib/thing.py": BAD * 3})
    sup = style_repo(tmp_path / "super", modules=4)
    git(sup, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(lib), "libs/lib")
    git(sup, "commit", "-qm", "Add a submodule")
    result = standards(sup, "analyze", "--format", "json")
    ok(result)
    data = json.loads(result.stdout)
    assert not any("libs/lib" in json.dumps(c) for c in data["conventions"].values())
    ok(standards(sup, "init"))
    assert ok(standards(sup, "check")).startswith("No new violations")
    sub = sup / "libs" / "lib"
    out = ok(standards(sub, "init"))  # the submodule on its own: .git is a file
    assert "git hooks installed" in out
    assert (sup / ".git" / "modules" / "libs" / "lib" / "hooks" / "pre-commit").exists()


def test_worktree(tmp_path):
    main = style_repo(tmp_path / "main", modules=4)
    wt = tmp_path / "wt"
    git(main, "worktree", "add", "-q", "-b", "feature", str(wt))
    out = ok(standards(wt, "init"))
    assert "git hooks installed" in out
    git(wt, "add", "-A")
    git(wt, "commit", "-qm", "Adopt standards")
    write(wt, {"pkg/bad.py": BAD})
    git(wt, "add", "-A")
    assert "badName" in ok(standards(wt, "check", "--staged"), 1)
    assert "badName" in ok(standards(wt, "check", "--diff", "main"), 1)
    assert not (main / "standards.toml").exists()  # the main checkout is untouched


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file(tmp_path):
    root = style_repo(tmp_path / "r", modules=4)
    secret = root / "pkg" / "secret.py"
    secret.write_text("x = 1\n")
    secret.chmod(0)
    try:
        ok(standards(root, "init", "--no-hooks"))
    finally:
        secret.chmod(0o644)
