"""The repository as the runbook sources see it: its file list, and bounded reads that never
follow a symlink out of it, never block on a FIFO, and turn a refused file into a note."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from standards import fsutil

MAX_CONFIG_BYTES = 512 * 1024  # CI files, Makefiles, tox.ini, package.json: hand-written, small
MAX_SOURCE_BYTES = 1024 * 1024  # test modules and conftest.py


@dataclass
class RepoFiles:
    """The listed files of a repository and what reading them said."""

    root: Path
    files: Sequence[str]
    notes: list[str] = field(default_factory=list)
    _set: frozenset[str] = field(default=frozenset(), repr=False)
    _by_folder: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _texts: dict[tuple[str, int], str | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._set = frozenset(self.files)
        for rel in sorted(self._set):
            self._by_folder.setdefault(rel.rpartition("/")[0], []).append(rel)

    def has(self, rel: str) -> bool:
        return rel in self._set

    def first(self, *names: str) -> str | None:
        """The first of ``names`` the repository has."""
        return next((name for name in names if name in self._set), None)

    def matching(self, folder: str, suffixes: tuple[str, ...]) -> list[str]:
        """Files directly inside ``folder`` ("" for the root) whose names end with one of ``suffixes``."""
        return [rel for rel in self._by_folder.get(folder.strip("/"), []) if rel.endswith(suffixes)]

    def text(self, rel: str, limit: int = MAX_CONFIG_BYTES) -> str | None:
        """The file's text, or None (with a note saying why) when it is not read."""
        key = (rel, limit)
        if key not in self._texts:
            try:
                self._texts[key] = fsutil.read_repo_text(self.root, rel, limit)
            except fsutil.Unreadable as exc:
                self._texts[key] = None
                self.note(rel, exc.reason)
        return self._texts[key]

    def note(self, rel: str, reason: str) -> None:
        message = f"{rel}: {reason}"
        if message not in self.notes:
            self.notes.append(message)


def line_of(lines: list[str], needle: str, start: int = 0) -> int:
    """The 1-based number of the first line at or after index ``start`` that contains ``needle``
    (0 when none does)."""
    if not needle:
        return 0
    for i in range(max(start, 0), len(lines)):
        if needle in lines[i]:
            return i + 1
    return 0
