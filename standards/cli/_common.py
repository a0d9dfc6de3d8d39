"""Helpers shared by the commands: locating the repository root."""

from __future__ import annotations

from pathlib import Path

from standards import gitutil
from standards.errors import StandardsError


def repo_root(path: str | None) -> Path:
    """The root to work on: PATH as given, else the git top level of the current directory."""
    if path:
        start = Path(path)
        if not start.exists():
            raise StandardsError(f"{start}: no such directory")
        if not start.is_dir():
            raise StandardsError(f"{start}: not a directory")
        return start.resolve()
    cwd = Path.cwd()
    return (gitutil.toplevel(cwd) or cwd).resolve()
