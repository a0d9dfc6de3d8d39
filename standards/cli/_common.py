"""Helpers shared by the commands: locating the repository root."""

from __future__ import annotations

from pathlib import Path

from standards import gitutil
from standards.errors import StandardsError


def repo_root(path: str | None) -> Path:
    """The root to work on: PATH as given, else the git top level of the current directory.

    A bare repository or a directory inside ``.git`` has no work tree to work on: refused, so
    that nothing is ever written among git's own files. A repository git refuses because
    another user owns it raises :class:`gitutil.UnsafeRepository`."""
    if path:
        start = Path(path)
        if not start.exists():
            raise StandardsError(f"{start}: no such directory")
        if not start.is_dir():
            raise StandardsError(f"{start}: not a directory")
        refuse_git_internals(start)
        return start.resolve()
    cwd = Path.cwd()
    kind, top = gitutil.locate(cwd)
    refuse_git_internals(cwd, kind)
    return (top or cwd).resolve()


def refuse_git_internals(path: Path, kind: gitutil.RepoKind | None = None) -> None:
    """Exit 2 when ``path`` is a bare repository or inside a ``.git`` directory (``kind``:
    what git says about ``path``, when the caller has asked already)."""
    kind = kind or gitutil.repo_kind(path)
    if kind.bare:
        raise StandardsError(f"{path}: a bare repository has no working tree; run standards in a clone of it")
    if kind.inside_git_dir or ".git" in path.resolve().parts:
        raise StandardsError(f"{path}: inside a .git directory; run standards in the working tree")
