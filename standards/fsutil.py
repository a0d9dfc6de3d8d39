"""File I/O at the edges: reading source text safely, atomic writes, planned changes.

Every file `standards` writes in a repository goes through :class:`WritePlan`, so that
``--dry-run`` can print the exact diff and a real run writes each file atomically
(temporary file in the same directory, fsync, rename) and only when its content changes.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


class UnsafePath(Exception):
    """A path that would take a write outside the repository."""


def read_text(path: Path) -> str:
    """Decode a source file: UTF-8 (BOM stripped), else latin-1; newlines normalised."""
    data = path.read_bytes()
    return decode(data)


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def inside(root: Path, target: Path) -> bool:
    """True when target (resolved, symlinks followed) is inside root."""
    try:
        target.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError):
        return False


def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = None
    if path.exists():
        mode = path.stat().st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


@dataclass
class PlannedWrite:
    path: str  # repo-relative
    old: str | None  # None: file does not exist
    new: str
    executable: bool = False

    @property
    def changed(self) -> bool:
        return self.old != self.new

    def diff(self) -> str:
        old_lines = (self.old or "").splitlines(keepends=True)
        new_lines = self.new.splitlines(keepends=True)
        fromfile = f"a/{self.path}" if self.old is not None else "/dev/null"
        return "".join(
            difflib.unified_diff(old_lines, new_lines, fromfile=fromfile, tofile=f"b/{self.path}")
        )


@dataclass
class WritePlan:
    root: Path
    writes: list[PlannedWrite] = field(default_factory=list)

    def current(self, rel: str) -> str | None:
        """The content a later write would start from: planned, else on disk."""
        for w in reversed(self.writes):
            if w.path == rel:
                return w.new
        path = self.root / rel
        if path.is_symlink() and not inside(self.root, path):
            raise UnsafePath(f"{rel} is a symlink that leads outside the repository; not touching it")
        if not path.exists():
            return None
        return path.read_text(encoding="utf-8")

    def add(self, rel: str, new: str, executable: bool = False) -> None:
        target = self.root / rel
        if not inside(self.root, target.parent if not target.exists() else target):
            raise UnsafePath(f"{rel} is outside the repository; not writing it")
        old = None
        on_disk = self.root / rel
        if on_disk.exists():
            old = on_disk.read_text(encoding="utf-8")
        self.writes = [w for w in self.writes if w.path != rel]
        self.writes.append(PlannedWrite(rel, old, new, executable))

    def changed(self) -> list[PlannedWrite]:
        return [w for w in self.writes if w.changed]

    def diff(self) -> str:
        return "".join(w.diff() for w in self.changed())

    def apply(self) -> list[str]:
        done = []
        for w in self.changed():
            path = self.root / w.path
            atomic_write(path, w.new)
            if w.executable:
                path.chmod(path.stat().st_mode | 0o111)
            done.append(w.path)
        return done
