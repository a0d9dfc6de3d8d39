"""`init` installs exactly the hooks standards needs, without importing anything from the
repository; every other process goes through procutil (isolated Python, bounded output,
a timeout)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from _repo import git, make_repo, standards, write

from standards import procutil

SHADOWS = ("pre_commit", "yaml", "cfgv", "identify", "sitecustomize", "runpy")


def shadowing_repo(tmp_path: Path, hook_types: str = "[post-checkout, post-merge, pre-push]") -> tuple[Path, Path]:
    """A repository whose root holds modules named like pre-commit's imports, and whose
    pre-commit config asks for hook types standards does not need."""
    marker = tmp_path / "IMPORTED"
    module = f"import pathlib\npathlib.Path({str(marker)!r}).open('a').write(__name__ + '\\n')\n"
    files: dict[str, str | bytes] = {f"{name}.py": module for name in SHADOWS}
    files["app.py"] = "def total():\n    return 1\n"
    files[".pre-commit-config.yaml"] = f"default_install_hook_types: {hook_types}\nrepos: []\n"
    return make_repo(tmp_path / "r", files), marker


def test_init_imports_nothing_from_the_repository(tmp_path: Path) -> None:
    root, marker = shadowing_repo(tmp_path)
    result = standards(root, "init")
    assert result.returncode == 0, result.stderr
    assert not marker.exists(), f"imported from the repository: {marker.read_text()}"
    assert "installed: .git/hooks/pre-commit, .git/hooks/commit-msg" in result.stdout


def test_a_commit_through_the_installed_hook_imports_nothing_from_the_repository(tmp_path: Path) -> None:
    root, marker = shadowing_repo(tmp_path)
    env = {"PRE_COMMIT_HOME": str(tmp_path / "pch")}
    result = standards(root, "init", extra_env=env)
    assert result.returncode == 0, result.stderr
    assert "-I -mpre_commit" in (root / ".git/hooks/pre-commit").read_text()
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Adopt standards", check=False, extra_env=env)
    assert not marker.exists(), f"the hook imported from the repository: {marker.read_text()}"


def test_init_installs_exactly_pre_commit_and_commit_msg(tmp_path: Path) -> None:
    root, _ = shadowing_repo(tmp_path)
    result = standards(root, "init")
    assert result.returncode == 0, result.stderr
    hooks = root / ".git/hooks"
    installed = sorted(p.name for p in hooks.iterdir() if not p.name.endswith(".sample"))
    assert installed == ["commit-msg", "pre-commit"]
    for name in ("post-checkout", "post-merge", "pre-push"):
        assert not (hooks / name).exists()


def test_hook_installation_refuses_a_hooks_path_without_claiming_success(tmp_path: Path) -> None:
    root, _ = shadowing_repo(tmp_path)
    git(root, "config", "core.hooksPath", ".githooks")
    result = standards(root, "init")
    assert result.returncode == 0, result.stderr
    assert "not installed: git's core.hooksPath is set to .githooks" in result.stdout
    assert not (root / ".githooks").exists()


def test_python_children_are_isolated(tmp_path: Path) -> None:
    write(tmp_path, {"json.py": "raise SystemExit('shadowed')\n"})
    argv = procutil.python_argv("-c", "import json, os, sys; print(os.getcwd()); print(json.__file__)")
    done = procutil.run(argv, timeout=60, env_extra={"PYTHONPATH": str(tmp_path)})
    assert done.returncode == 0, done.err
    cwd, module = done.out.splitlines()
    assert Path(cwd) != Path.cwd() and not module.startswith(str(tmp_path))
    assert argv[:2] == [sys.executable, "-I"]
    in_repo = procutil.run(argv, cwd=tmp_path, timeout=60)
    assert in_repo.returncode == 0 and str(tmp_path) not in in_repo.out.splitlines()[1]


def test_children_are_bounded_in_time_and_output() -> None:
    start = time.monotonic()
    with pytest.raises(procutil.ProcessFailed, match="did not finish within 1 seconds"):
        procutil.run(["sleep", "30"], timeout=1)
    assert time.monotonic() - start < 10
    with pytest.raises(procutil.ProcessFailed, match="printed more than"):
        procutil.run(["cat", "/dev/zero"], timeout=30, max_output=1 << 20)
    with pytest.raises(procutil.ProcessFailed, match="could not run"):
        procutil.run(["/nonexistent/tool"], timeout=5)
    echoed = procutil.run(["cat"], timeout=30, input=b"x" * (4 << 20))
    assert echoed.returncode == 0 and len(echoed.stdout) == 4 << 20


def test_scratch_dir_is_private_and_removed() -> None:
    with procutil.scratch_dir() as tmp:
        assert tmp.is_dir() and not any(tmp.iterdir())
        assert tmp.stat().st_mode & 0o077 == 0
    assert not tmp.exists()
