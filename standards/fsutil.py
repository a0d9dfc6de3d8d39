"""File I/O at the edges: reading source text safely, atomic writes, planned changes.

Every file `standards` writes in a repository goes through :class:`WritePlan`, so that
``--dry-run`` can print the exact diff and a real run writes each file atomically
(temporary file in the same directory, fsync, rename) and only when its content changes.
A plan is applied as a whole: every temporary file is written before the first rename, and
a failure restores what was renamed, so an interrupted run leaves the files as they were.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from standards.errors import StandardsError


class UnsafePath(StandardsError):
    """A path that would take a write outside the repository."""


class WriteFailed(StandardsError):
    """A file could not be written; everything the same run wrote was restored."""


MAX_BYTES = 16 * 1024 * 1024  # larger than any source or config file people write by hand


class Unreadable(StandardsError):
    """A file that is not read: not a regular file, too large, or refused by the OS."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path.name}: {reason}")


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    The repository is hostile input: a FIFO, a device or a socket under a config file's name
    would hang or flood a plain read, so the file is opened without blocking, checked to be a
    regular file on the open descriptor (no race with a rename), and read up to the limit.
    Raises :class:`Unreadable` (an exit-2 error naming the file) for anything else.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise Unreadable(path, f"cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(path, "not a regular file (a FIFO, device or socket); not read")
        if info.st_size > limit:
            raise Unreadable(path, f"{info.st_size} bytes, over the {limit}-byte limit; not read")
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise Unreadable(path, f"grew past the {limit}-byte limit while being read; not read")
        return data
    except OSError as exc:
        raise Unreadable(path, f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def read_config_text(path: Path, limit: int = MAX_BYTES) -> str:
    """A configuration file as text (UTF-8, BOM stripped, undecodable bytes replaced)."""
    data = read_bytes(path, limit)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8", errors="replace")


def read_text(path: Path, limit: int = MAX_BYTES) -> str:
    """Decode a source file: UTF-8 (BOM stripped), else latin-1; newlines normalised."""
    return decode(read_bytes(path, limit))


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


def _new_file_mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _stage(path: Path, text: str, executable: bool = False) -> str:
    """Write ``text`` to a temporary file beside ``path`` (fsynced, with the mode ``path``
    has, or a new file's default mode); return the temporary file's name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o7777 if path.exists() and not path.is_symlink() else _new_file_mode()
    if executable:
        mode |= 0o111
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _unlink(path: str | Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def atomic_write(path: Path, text: str, executable: bool = False) -> None:
    """Replace ``path`` with ``text`` in one rename; a symlink is replaced, never written through."""
    tmp = _stage(path, text, executable)
    try:
        os.replace(tmp, path)
    except BaseException:
        _unlink(tmp)
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
        return "".join(difflib.unified_diff(old_lines, new_lines, fromfile=fromfile, tofile=f"b/{self.path}"))


@dataclass
class WritePlan:
    root: Path
    writes: list[PlannedWrite] = field(default_factory=list)
    _applied: list[PlannedWrite] = field(default_factory=list, repr=False)
    _created_dirs: list[Path] = field(default_factory=list, repr=False)

    def current(self, rel: str) -> str | None:
        """The content a later write would start from: planned, else on disk."""
        for w in reversed(self.writes):
            if w.path == rel:
                return w.new
        path = self.root / rel
        if path.is_symlink() and not inside(self.root, path):
            raise UnsafePath(f"{rel} is a symlink that leads outside the repository; not touching it")
        return self._read(rel)

    def _read(self, rel: str) -> str | None:
        path = self.root / rel
        if not path.exists():
            return None
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise StandardsError(f"{rel}: not UTF-8 text; not touching it (convert it to UTF-8 first)") from None
        except OSError as exc:
            raise StandardsError(f"{rel}: cannot read: {exc.strerror or exc}") from None

    def add(self, rel: str, new: str, executable: bool = False) -> None:
        target = self.root / rel
        if not inside(self.root, target.parent if not target.exists() else target):
            raise UnsafePath(f"{rel} is outside the repository; not writing it")
        old = self._read(rel)
        self.writes = [w for w in self.writes if w.path != rel]
        self.writes.append(PlannedWrite(rel, old, new, executable))

    def changed(self) -> list[PlannedWrite]:
        return [w for w in self.writes if w.changed]

    def diff(self) -> str:
        return "".join(w.diff() for w in self.changed())

    def apply(self) -> list[str]:
        """Write every changed file; all or none. Returns the paths written."""
        changed = self.changed()
        staged: list[tuple[PlannedWrite, str]] = []
        created_dirs = self._missing_dirs(changed)
        try:
            for w in changed:
                staged.append((w, _stage(self.root / w.path, w.new, w.executable)))
        except OSError as exc:
            for _, tmp in staged:
                _unlink(tmp)
            _remove_dirs(created_dirs)
            failed = changed[len(staged)].path
            raise WriteFailed(f"cannot write {failed}: {exc.strerror or exc}; no file was changed") from None
        done: list[PlannedWrite] = []
        try:
            for w, tmp in staged:
                os.replace(tmp, self.root / w.path)
                done.append(w)
        except BaseException as exc:
            for _, tmp in staged[len(done) :]:
                _unlink(tmp)
            self._restore(done)
            _remove_dirs(created_dirs)
            if isinstance(exc, OSError):
                failed = staged[len(done)][0].path
                raise WriteFailed(
                    f"cannot write {failed}: {exc.strerror or exc}; the files written before it were restored"
                ) from None
            raise
        self._applied = done
        self._created_dirs = created_dirs
        return [w.path for w in done]

    def rollback(self) -> None:
        """Undo :meth:`apply`: restore each file's previous content, remove the new ones."""
        self._restore(self._applied)
        _remove_dirs(self._created_dirs)
        self._applied, self._created_dirs = [], []

    def _restore(self, done: list[PlannedWrite]) -> None:
        for w in reversed(done):
            path = self.root / w.path
            try:
                if w.old is None:
                    os.unlink(path)
                else:
                    atomic_write(path, w.old)
            except OSError:
                pass  # best effort: the original error is the one to report

    def _missing_dirs(self, writes: list[PlannedWrite]) -> list[Path]:
        """Directories the writes will create, deepest first."""
        missing: set[Path] = set()
        for w in writes:
            parent = (self.root / w.path).parent
            while parent != self.root and not parent.exists():
                missing.add(parent)
                parent = parent.parent
        return sorted(missing, key=lambda p: len(p.parts), reverse=True)


def _remove_dirs(dirs: list[Path]) -> None:
    for d in dirs:
        try:
            d.rmdir()
        except OSError:
            pass
