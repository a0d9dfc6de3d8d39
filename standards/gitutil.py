"""Thin wrappers over the git command line. Every call is a subprocess; none raises on a
missing git binary or a directory that is not a repository: they return None instead."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

_GIT_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}


class GitError(Exception):
    """git failed in a way that stops the work; the message is for the user."""


def git_available() -> bool:
    return shutil.which("git") is not None


def run(root: Path, *args: str, input: bytes | None = None) -> bytes | None:
    """Run git in ``root``; its stdout, or None when git is missing, hangs or fails."""
    if not git_available():
        return None
    env = {**os.environ, **_GIT_ENV}
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            env=env,
            input=input,
            timeout=300,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout if proc.returncode == 0 else None


def toplevel(path: Path) -> Path | None:
    out = run(path, "rev-parse", "--show-toplevel")
    if out is None:
        return None
    return Path(out.decode("utf-8", "surrogateescape").strip())


def is_repo(path: Path) -> bool:
    return toplevel(path) is not None


def why_not_repo(path: Path) -> str:
    """Why git cannot be used on ``path``, for messages."""
    if not git_available():
        return "git is not installed (not on PATH)"
    return f"{path.name} is not a git repository"


def has_commits(root: Path) -> bool:
    return run(root, "rev-parse", "--verify", "-q", "HEAD") is not None


def list_files(root: Path) -> list[str] | None:
    """Tracked plus untracked-not-ignored files under root, repo-relative; None outside git."""
    top = toplevel(root)
    if top is None:
        return None
    out = run(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name")
    if out is None:
        return None
    prefix = ""
    try:
        rel_root = root.resolve().relative_to(top.resolve())
        prefix = "" if str(rel_root) == "." else rel_root.as_posix() + "/"
    except ValueError:
        prefix = ""
    paths = []
    for raw in out.split(b"\0"):
        if not raw:
            continue
        p = raw.decode("utf-8", "surrogateescape")
        if prefix:
            if not p.startswith(prefix):
                continue
            p = p[len(prefix) :]
        paths.append(p)
    return paths


def staged_files(root: Path) -> list[str]:
    out = run(root, "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR")
    return _split_z(out)


def changed_files(root: Path, ref: str) -> list[str]:
    """Files changed between ``ref`` (merge base with HEAD) and the working tree."""
    out = run(root, "diff", "--name-only", "-z", "--diff-filter=ACMR", ref)
    return _split_z(out)


def _split_z(out: bytes | None) -> list[str]:
    if not out:
        return []
    return [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]


@dataclass
class DiffInfo:
    """Per file: the set of added/changed line numbers (new side), and whether it is new."""

    lines: dict[str, set[int]]
    new_files: set[str]


_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def diff_lines(root: Path, *diff_args: str) -> DiffInfo:
    # explicit prefixes: diff.noprefix / diff.mnemonicPrefix in the user's config must not change the paths
    out = run(
        root,
        "diff",
        "-U0",
        "--no-color",
        "--no-ext-diff",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        "--diff-filter=ACMR",
        *diff_args,
    )
    return parse_unified_diff(out or b"")


def parse_unified_diff(out: bytes) -> DiffInfo:
    info = DiffInfo(lines={}, new_files=set())
    current: str | None = None
    old_was_null = False
    for line in out.split(b"\n"):
        if line.startswith(b"--- "):
            old_was_null = line[4:] == b"/dev/null"
        elif line.startswith(b"+++ "):
            target = line[4:]
            current = None if target == b"/dev/null" else _strip_prefix(target)
            if current is not None:
                info.lines.setdefault(current, set())
                if old_was_null:
                    info.new_files.add(current)
        elif line.startswith(b"@@") and current is not None:
            m = _HUNK.match(line)
            if m:
                start = int(m.group(1))
                count = int(m.group(2)) if m.group(2) is not None else 1
                info.lines[current].update(range(start, start + count))
    return info


def _strip_prefix(target: bytes) -> str:
    """The path of a ``+++`` line: git appends a tab to names with spaces and C-quotes names
    with special or (core.quotePath) non-ASCII bytes."""
    if target.endswith(b"\t"):
        target = target[:-1]
    if target.startswith(b'"') and target.endswith(b'"') and len(target) >= 2:
        target = unquote_c(target[1:-1])
    text = target.decode("utf-8", "surrogateescape")
    return text[2:] if text.startswith("b/") else text


_C_ESCAPES = {
    ord("a"): 7,
    ord("b"): 8,
    ord("t"): 9,
    ord("n"): 10,
    ord("v"): 11,
    ord("f"): 12,
    ord("r"): 13,
    ord('"'): 34,
    ord("\\"): 92,
}


def unquote_c(quoted: bytes) -> bytes:
    """Undo git's C-style quoting (``\\t``, ``\\"``, ``\\303\\251``...) on raw bytes."""
    out = bytearray()
    i, n = 0, len(quoted)
    while i < n:
        byte = quoted[i]
        if byte != 92 or i + 1 == n:  # not a backslash
            out.append(byte)
            i += 1
            continue
        nxt = quoted[i + 1]
        octal = quoted[i + 1 : i + 4]
        if len(octal) == 3 and all(48 <= b <= 55 for b in octal):
            out.append(int(octal, 8) & 0xFF)
            i += 4
        else:
            out.append(_C_ESCAPES.get(nxt, nxt))
            i += 2
    return bytes(out)


def detect_base(root: Path) -> str | None:
    """The branch a change will merge into: origin/HEAD, the upstream, main, master."""
    out = run(root, "symbolic-ref", "-q", "refs/remotes/origin/HEAD")
    if out:
        return out.decode().strip().removeprefix("refs/remotes/")
    out = run(root, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}")
    if out:
        return out.decode().strip()
    for name in ("origin/main", "origin/master", "main", "master"):
        if run(root, "rev-parse", "--verify", "-q", name) is not None:
            current = run(root, "rev-parse", "--abbrev-ref", "HEAD")
            if current and current.decode().strip() == name:
                continue
            return name
    return None


def merge_base(root: Path, ref: str) -> str | None:
    out = run(root, "merge-base", ref, "HEAD")
    return out.decode().strip() if out else None


def is_shallow(root: Path) -> bool:
    out = run(root, "rev-parse", "--is-shallow-repository")
    return bool(out and out.strip() == b"true")


def hooks_dir(root: Path) -> Path | None:
    out = run(root, "rev-parse", "--git-path", "hooks")
    if not out:
        return None
    p = Path(out.decode().strip())
    return p if p.is_absolute() else root / p
