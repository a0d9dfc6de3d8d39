"""Fixture repositories for the core tests: files written into tmp_path, committed with
real git and fixed authors and dates."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ENV = {
    "GIT_AUTHOR_NAME": "Tess Tester",
    "GIT_AUTHOR_EMAIL": "tess@example.org",
    "GIT_COMMITTER_NAME": "Tess Tester",
    "GIT_COMMITTER_EMAIL": "tess@example.org",
    "GIT_AUTHOR_DATE": "2026-01-05T10:00:00",
    "GIT_COMMITTER_DATE": "2026-01-05T10:00:00",
    "GIT_CONFIG_NOSYSTEM": "1",
}


# The CI runner that runs these tests sets CI=true; `standards` reads it (the ratchet, refusing
# a run without ESLint, no cache), so a test that wants CI behaviour says so in extra_env and
# every other test runs as on a developer's machine, wherever the suite itself runs.
CI_MARKERS = ("CI",)


def env(extra: dict[str, str] | None = None) -> dict[str, str]:
    bindir = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "")
    inherited = {k: v for k, v in os.environ.items() if k not in CI_MARKERS}
    return {**inherited, **ENV, "PATH": f"{bindir}{os.pathsep}{path}", **(extra or {})}


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (outside .git) and its bytes: to assert nothing was written.
    `.standards/cache/` is left out: the check's own cache (git-ignored) is the one thing a
    check may write, and tests/test_check_cache.py looks at it directly."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git" and not (d == "cache" and dirpath.endswith(".standards"))]
        for name in filenames:
            path = os.path.join(dirpath, name)
            if not os.path.isfile(path) and not os.path.islink(path):
                continue  # a FIFO, device or socket holds no bytes to compare (and a read would wait)
            with open(path, "rb") as fh:
                out[os.path.relpath(path, root)] = fh.read()
    return out


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


def git(
    root: Path, *args: str, check: bool = True, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env=env(extra_env), check=check)


def make_repo(root: Path, files: dict[str, str | bytes], message: str = "Add the first version") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "commit.gpgsign", "false")
    write(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return root


def standards(root: Path, *args: str, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-P", "-m", "standards", *args], cwd=root, capture_output=True, text=True, env=env(extra_env)
    )


def python_module(index: int, quotes: str = '"') -> str:
    """A small module in one consistent style: snake_case, 4 spaces, double quotes."""
    q = quotes
    return f'''"""Module {index}."""

import logging

logger = logging.getLogger(__name__)

LIMIT_{index} = {index * 10}


def compute_total_{index}(values, factor=1):
    """Sum the values times a factor."""
    total = 0
    for value in values:
        total += value * factor
    return total


def describe_item_{index}(name, count):
    """A label for an item."""
    label = {q}{{}}: {{}}{q}.format(name, count)
    logger.info({q}described %s{q}, name)
    return label


class Widget{index}:
    """A widget."""

    def __init__(self, name):
        self.name = name

    def render_label(self):
        """The widget's label."""
        return describe_item_{index}(self.name, {index})
'''


def style_repo(root: Path, modules: int = 25, quotes: str = '"') -> Path:
    files: dict[str, str | bytes] = {f"pkg/mod_{i}.py": python_module(i, quotes) for i in range(modules)}
    files["pkg/__init__.py"] = ""
    files["tests/test_mod.py"] = (
        "from pkg.mod_1 import compute_total_1\n\n\ndef test_total():\n    assert compute_total_1([1, 2]) == 3\n"
    )
    files["pyproject.toml"] = '[project]\nname = "pkg"\nversion = "1.0"\nrequires-python = ">=3.10"\n'
    return make_repo(root, files)
