"""Helpers shared by the commands: locating the repository root."""

from __future__ import annotations

from pathlib import Path

from standards import gitutil
from standards.errors import StandardsError


def repo_root(path: str | None) -> Path:
    """The repository root for PATH (default: the current directory)."""
    start = Path(path or ".")
    if not start.exists():
        raise StandardsError(f"{start}: no such directory")
    if not start.is_dir():
        raise StandardsError(f"{start}: not a directory")
    top = gitutil.toplevel(start)
    return (top or start).resolve()
