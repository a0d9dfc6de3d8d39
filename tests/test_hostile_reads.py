"""Reads of repository files are bounded: regular files only, size-capped, no symlink out of
the repository. A FIFO, a device or a link to /dev/zero under a config's name stops the work
with exit 2 naming the file (never a hang, a traceback or gigabytes of memory); a source file
that cannot be read is skipped and said. Folders named on `check`'s command line stand for the
files under them."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _repo import env, git, make_repo, python_module, write

TIMEOUT = 120  # seconds; a FIFO read blocks forever, so a hang shows as this timeout
SOURCES = {
    **{f"pkg/mod_{i}.py": python_module(i) for i in range(3)},
    "web/app.js": "const value = 1;\n\nfunction show() {\n  return value;\n}\n",
    "lib/app.rb": "# frozen_string_literal: true\n\ndef show\n  1\nend\n",
    "pyproject.toml": '[project]\nname = "x"\nversion = "1"\n',
}
# file -> commands that read it and must stop with exit 2 naming it
CONFIGS = {
    "pyproject.toml": ("init", "analyze"),
    "standards.toml": ("init", "check", "analyze"),
    ".standards/baseline.json": ("init", "check"),
    ".eslintrc.json": ("init", "analyze"),
    "package.json": ("init", "analyze"),
    "AGENTS.md": ("init",),
    ".rubocop.yml": ("init", "analyze"),
    "setup.cfg": ("init", "analyze"),
    ".editorconfig": ("init", "analyze"),
}
COMMANDS = {"init": ["init", "--no-hooks"], "check": ["check"], "analyze": ["analyze"]}


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    """The CLI in ``root``; a run that outlives TIMEOUT fails the test as a hang."""
    try:
        return subprocess.run(
            [sys.executable, "-P", "-m", "standards", *args],
            cwd=root,
            capture_output=True,
            text=True,
            env=env(),
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`standards {' '.join(args)}` hung (over {TIMEOUT} s)")


def assert_stopped_naming(result: subprocess.CompletedProcess, name: str) -> None:
    assert result.returncode == 2, (name, result.args, result.stdout[-2000:], result.stderr[-2000:])
    assert "Traceback" not in result.stderr, result.stderr
    assert name in result.stderr, result.stderr


@pytest.fixture(scope="module")
def adopted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository after `standards init`, committed; each test works on a copy."""
    files = {
        **SOURCES,
        ".eslintrc.json": '{"rules": {"semi": ["error", "always"]}}\n',
        "package.json": '{"name": "x", "version": "1.0.0"}\n',
        ".rubocop.yml": "Style/StringLiterals:\n  EnforcedStyle: double_quotes\n",
        "setup.cfg": "[flake8]\nmax-line-length = 100\n",
        ".editorconfig": "root = true\n\n[*.py]\nindent_size = 4\n",
    }
    root = make_repo(tmp_path_factory.mktemp("adopted") / "r", files)
    result = run(root, "init", "--no-hooks")
    assert result.returncode == 0, result.stderr
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Adopt standards")
    assert (root / ".standards/baseline.json").exists() and (root / "AGENTS.md").exists()
    return root


def copy_of(adopted: Path, tmp_path: Path) -> Path:
    root = tmp_path / "r"
    shutil.copytree(adopted, root, symlinks=True)
    return root


def replace_with_fifo(root: Path, name: str) -> None:
    target = root / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.unlink()
    os.mkfifo(target)


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_fifo_config_stops_the_work_naming_it(adopted: Path, tmp_path: Path, name: str) -> None:
    root = copy_of(adopted, tmp_path)
    replace_with_fifo(root, name)
    for command, args in COMMANDS.items():
        result = run(root, *args)
        assert "Traceback" not in result.stderr, result.stderr
        if command in CONFIGS[name]:
            assert_stopped_naming(result, name)
        else:
            assert result.returncode in (0, 1, 2), result.stderr
            assert result.returncode != 2 or name in result.stderr, result.stderr


def test_fifo_source_file_is_skipped_and_said(adopted: Path, tmp_path: Path) -> None:
    root = copy_of(adopted, tmp_path)
    replace_with_fifo(root, "pkg/mod_1.py")  # tracked: git still lists it
    result = run(root, "analyze")
    assert result.returncode == 0, result.stderr
    said = [line for line in result.stdout.splitlines() if "pkg/mod_1.py" in line]
    assert said and "not regular files" in said[0], result.stdout
    for args in (["check"], ["check", "pkg/mod_1.py"], ["check", "pkg"]):
        result = run(root, *args)
        assert result.returncode in (0, 1), (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        if len(args) > 1:
            assert "skipped pkg/mod_1.py: not a regular file" in result.stderr, result.stderr


def test_baseline_linked_to_dev_zero(adopted: Path, tmp_path: Path) -> None:
    root = copy_of(adopted, tmp_path)
    (root / ".standards/baseline.json").unlink()
    (root / ".standards/baseline.json").symlink_to("/dev/zero")
    for args in (["check"], ["check", "pkg/mod_1.py"], ["init", "--no-hooks"]):
        assert_stopped_naming(run(root, *args), ".standards/baseline.json")
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kib < 1_500_000, f"a child used {peak_kib} KiB"


def test_device_and_oversized_config(adopted: Path, tmp_path: Path) -> None:
    root = copy_of(adopted, tmp_path)
    (root / ".standards/baseline.json").unlink()
    (root / ".standards/baseline.json").write_bytes(b" " * (17 * 1024 * 1024) + b"{}")
    assert_stopped_naming(run(root, "check"), ".standards/baseline.json")


def test_symlinks_out_of_the_repository_are_not_followed(adopted: Path, tmp_path: Path) -> None:
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "config.json").write_text('{"rules": {"SECRET_MARKER_7f3a": "error"}}\n')
    (secret / "standards.toml").write_text('[meta]\nnote = "SECRET_MARKER_7f3a"\n')
    (secret / "pyproject.toml").write_text('[tool.ruff]\nline-length = "SECRET_MARKER_7f3a"\n')
    cases = {
        ".eslintrc.json": (secret / "config.json", ["analyze"]),
        "standards.toml": (secret / "standards.toml", ["check", "analyze"]),
        "pyproject.toml": (secret / "pyproject.toml", ["analyze"]),
        ".rubocop.yml": (Path("/etc/passwd"), ["analyze"]),
    }
    for name, (target, commands) in cases.items():
        root = copy_of(adopted, tmp_path / name.strip("."))
        (root / name).unlink()
        (root / name).symlink_to(target)
        for command in commands:
            result = run(root, command)
            assert_stopped_naming(result, name)
            assert "outside the repository" in result.stderr
            assert "SECRET_MARKER_7f3a" not in result.stdout + result.stderr
            assert "root:" not in result.stdout + result.stderr


def test_inherit_from_outside_the_repository(adopted: Path, tmp_path: Path) -> None:
    root = copy_of(adopted, tmp_path)
    (root / ".rubocop.yml").write_text("inherit_from: ../../../../../../../../etc/passwd\n")
    result = run(root, "analyze")
    assert_stopped_naming(result, "etc/passwd")
    assert "root:" not in result.stdout + result.stderr


VIOLATION = 'LONG = "' + "x" * 120 + '"\n'  # over the 100 columns setup.cfg sets: an error


def test_folders_on_the_command_line_are_expanded(adopted: Path, tmp_path: Path) -> None:
    root = copy_of(adopted, tmp_path)
    write(root, {"pkg/bad.py": VIOLATION, "notes/readme.txt": "words\n"})
    git(root, "add", "-A")
    for args in (["check", "pkg"], ["check", "."], ["check", "pkg/"], ["check", str(root / "pkg")]):
        result = run(root, *args, "--format", "json")
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        report = json.loads(result.stdout)
        assert report["summary"]["files_checked"] >= (4 if args[1] == "." else 2), report["summary"]
        assert any(f["path"] == "pkg/bad.py" for f in report["findings"]), report["findings"]
    inside = run(root / "pkg", "check", ".", "--format", "json")
    assert inside.returncode == 1 and json.loads(inside.stdout)["summary"]["files_checked"] >= 2, inside.stderr


def test_paths_outside_the_repository_are_refused(adopted: Path, tmp_path: Path) -> None:
    root = copy_of(adopted, tmp_path)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.py").write_text(VIOLATION)
    for name in (str(tmp_path / "elsewhere"), str(tmp_path / "elsewhere" / "x.py"), "../elsewhere"):
        result = run(root, "check", name)
        assert_stopped_naming(result, name)
        assert "outside the repository" in result.stderr
