"""File I/O at the edges: reading source text safely, atomic writes, planned changes.

Every file `standards` writes in a repository goes through :class:`WritePlan`, so that
``--dry-run`` can print the exact diff and a real run writes each file atomically
(temporary file in the same directory, fsync, rename) and only when its content changes.
A plan is applied as a whole: every temporary file is written before the first rename, and
a failure restores what was renamed, so an interrupted run leaves the files as they were.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from standards import source_text
from standards.errors import StandardsError


class UnsafePath(StandardsError):
    """A path that would take a write outside the repository."""


class WriteFailed(StandardsError):
    """A file could not be written; everything the same run wrote was restored."""


MAX_BYTES = 16 * 1024 * 1024  # larger than any source or config file people write by hand


class Unreadable(StandardsError):
    """A file that is not read: not a regular file, too large, or refused by the OS."""

    def __init__(self, path: Path, reason: str, shown: str | None = None) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{shown or path.name}: {reason}")


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


decode = source_text.decode  # one decoding for every reader (the hook's quick verdict too)


def read_repo_bytes(root: Path, rel: str, limit: int = MAX_BYTES) -> bytes:
    """:func:`read_bytes` of the repository file ``rel``, named by its repository path.

    A symlink (of the file or of a folder on its way) that leads outside the repository is
    not followed: the repository cannot make `standards` read, or echo, a file elsewhere.
    """
    path = root / rel
    if not inside(root, path):
        raise Unreadable(path, "leads outside the repository (a symlink or ..); not read", shown=rel)
    try:
        return read_bytes(path, limit)
    except Unreadable as exc:
        raise Unreadable(path, exc.reason, shown=rel) from None


def read_repo_text(root: Path, rel: str, limit: int = MAX_BYTES) -> str:
    """:func:`read_text` of the repository file ``rel`` (see :func:`read_repo_bytes`)."""
    return decode(read_repo_bytes(root, rel, limit))


def read_repo_config(root: Path, rel: str, limit: int = MAX_BYTES, lenient: bool = False) -> str:
    """A repository configuration file as UTF-8 text (BOM stripped); exit 2 naming it when it
    is not a regular file inside the repository, too large, or (unless ``lenient``: undecodable
    bytes replaced) not UTF-8."""
    data = read_repo_bytes(root, rel, limit)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8", errors="replace" if lenient else "strict")
    except UnicodeDecodeError:
        raise Unreadable(root / rel, "not UTF-8 text", shown=rel) from None


def present(root: Path, rel: str) -> bool:
    """Whether the repository has something at ``rel`` (a dangling or hostile symlink counts:
    reading it says why it is not read)."""
    return os.path.lexists(root / rel)


def inside(root: Path, target: Path) -> bool:
    """True when target (resolved, symlinks followed) is inside root."""
    try:
        target.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError):
        return False


class ChangedSinceRead(StandardsError):
    """A file someone else changed between the moment `standards` read it and its write."""


# Files `standards` reads to decide what to write. A path taken from a setting (the playbook)
# may never be one of them, even when it does not exist yet: the next run would read it back.
INPUTS = frozenset(
    {
        "standards.toml",
        "pyproject.toml",
        "ruff.toml",
        ".ruff.toml",
        "setup.cfg",
        "tox.ini",
        "package.json",
        "tsconfig.json",
        ".pre-commit-config.yaml",
        ".pre-commit-config.yml",
        ".rubocop.yml",
        ".rubocop_todo.yml",
        ".standards-rubocop.yml",
        "standards.eslint.mjs",
        "eslint.config.js",
        "eslint.config.mjs",
        "eslint.config.cjs",
        ".eslintrc.json",
        ".eslintrc.yml",
        ".eslintrc.yaml",
        ".eslintrc.js",
        ".editorconfig",
        ".gitignore",
        ".gitattributes",
        "AGENTS.md",
        "CLAUDE.md",
        ".github/copilot-instructions.md",
    }
)
INPUT_DIRS = (".standards/", ".github/workflows/", ".cursor/rules/")
MARKER_SPAN = 4096  # a generated header sits in the first lines of the file
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Seen:
    """A file as the plan first read it: its bytes and the stat that proves nobody changed it."""

    data: bytes | None  # None: the file did not exist
    size: int = 0
    mtime_ns: int = 0
    digest: str = ""

    @classmethod
    def read(cls, path: Path) -> Seen:
        try:
            info = os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            return cls(None)
        except OSError as exc:
            raise Unreadable(path, f"cannot read: {exc.strerror or exc}") from None
        data = read_bytes(path)
        return cls(data, info.st_size, info.st_mtime_ns, hashlib.sha256(data).hexdigest())

    def still(self, path: Path) -> bool:
        """True when ``path`` holds what was read: same size, mtime and content hash."""
        if self.data is None:
            return not os.path.lexists(path)
        try:
            info = os.stat(path)
            if (info.st_size, info.st_mtime_ns) != (self.size, self.mtime_ns):
                return False
            return hashlib.sha256(read_bytes(path)).hexdigest() == self.digest
        except (OSError, Unreadable):
            return False


@dataclass(frozen=True)
class TextStyle:
    """How a file spells its text: byte-order mark and line endings, to write it back alike."""

    bom: bool = False
    crlf: bool = False  # most of its line breaks are CRLF

    @classmethod
    def of(cls, data: bytes) -> TextStyle:
        crlf = data.count(b"\r\n")
        return cls(bom=data.startswith(BOM), crlf=crlf > 0 and crlf * 2 >= data.count(b"\n"))


def as_text(rel: str, data: bytes) -> str:
    """The text an emitter edits: UTF-8 without BOM, CRLF read as LF (lone CRs are kept)."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise StandardsError(f"{rel}: not UTF-8 text; not touching it (convert it to UTF-8 first)") from None
    return text.replace("\r\n", "\n")


def in_style(new: str, old: bytes | None) -> bytes:
    """``new`` (LF text) as the bytes of the file that held ``old``.

    Lines ``new`` shares with the old text are written with the exact bytes they had (their
    own line ending, CRLF or LF); new lines take the file's usual ending; a BOM is kept. So
    a CRLF file stays CRLF, and the bytes outside what an emitter changed stay the same.
    """
    if old is None:
        return new.encode("utf-8")
    style = TextStyle.of(old)
    body = old[len(BOM) :] if style.bom else old
    if b"\r" in body:
        raw = _lines(body.decode("utf-8"))
        plain = [line.replace("\r\n", "\n") for line in raw]
        fresh = _lines(new)
        out: list[str] = []
        import difflib  # writes only: not loaded by a check

        matcher = difflib.SequenceMatcher(None, plain, fresh, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                out.extend(raw[i1:i2])
            else:
                out.extend(_with_ending(line, style.crlf) for line in fresh[j1:j2])
        new = "".join(out)
    data = new.encode("utf-8")
    return BOM + data if style.bom and not data.startswith(BOM) else data


def _lines(text: str) -> list[str]:
    """Lines split at LF only, each with its ending (the last one may have none)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    return lines + [parts[-1]] if parts[-1] else lines


def _with_ending(line: str, crlf: bool) -> str:
    if crlf and line.endswith("\n") and not line.endswith("\r\n"):
        return line[:-1] + "\r\n"
    return line


def _new_file_mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _stage(path: Path, data: bytes, executable: bool = False) -> str:
    """Write ``data`` to a temporary file beside ``path`` (fsynced, with the mode ``path``
    has, or a new file's default mode); return the temporary file's name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o7777 if path.exists() and not path.is_symlink() else _new_file_mode()
    if executable:
        mode |= 0o111
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
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


def atomic_write(path: Path, content: str | bytes, executable: bool = False) -> None:
    """Replace ``path`` with ``content`` in one rename; a symlink is replaced, never written through."""
    tmp = _stage(path, content.encode("utf-8") if isinstance(content, str) else content, executable)
    try:
        os.replace(tmp, path)
    except BaseException:
        _unlink(tmp)
        raise


def confined(root: Path, rel: str, setting: str | None = None) -> str:
    """``rel`` as the repository-relative path a write really lands on, or :class:`UnsafePath`.

    The path must be relative, stay inside the repository, stay out of ``.git/``, and no
    component may be a symlink leading outside (a symlink inside the repository is followed,
    so a linked file keeps its link and gets the content). ``setting`` names where the path
    came from (a path from configuration), for the message.
    """
    where = f"{setting} = {rel!r}" if setting else rel

    def refuse(reason: str) -> UnsafePath:
        return UnsafePath(f"{where}: {reason}; nothing was written")

    if not rel or posixpath.isabs(rel) or "\\" in rel or rel.startswith("~"):
        raise refuse("must be a path relative to the repository root")
    norm = posixpath.normpath(rel)
    parts = norm.split("/")
    if norm in (".", "") or parts[0] == "..":
        raise refuse("leads outside the repository")
    if any(part.casefold() == ".git" for part in parts):
        raise refuse("is inside .git/, which belongs to git")
    real_root = root.resolve()
    for depth in range(1, len(parts) + 1):
        prefix = "/".join(parts[:depth])
        path = root / prefix
        if not path.is_symlink():
            continue
        if not inside(root, path):
            shown = prefix if depth == len(parts) else prefix + "/"
            reason = "is a symlink that leads outside the repository; not touching it"
            raise UnsafePath(f"{shown} {reason}" if not setting else f"{where}: {shown} {reason}")
    try:
        real = (root / norm).resolve().relative_to(real_root).as_posix()
    except (ValueError, OSError, RuntimeError):
        raise refuse("leads outside the repository") from None
    if any(part.casefold() == ".git" for part in real.split("/")):
        raise refuse("leads into .git/, which belongs to git")
    return real


@dataclass
class PlannedWrite:
    path: str  # repo-relative
    old: str | None  # None: file does not exist
    new: str
    executable: bool = False
    old_bytes: bytes | None = None
    new_bytes: bytes = b""

    @property
    def changed(self) -> bool:
        return self.old_bytes != self.new_bytes

    def diff(self) -> str:
        old_lines = (self.old or "").splitlines(keepends=True)
        new_lines = self.new.splitlines(keepends=True)
        fromfile = f"a/{self.path}" if self.old is not None else "/dev/null"
        import difflib

        return "".join(difflib.unified_diff(old_lines, new_lines, fromfile=fromfile, tofile=f"b/{self.path}"))


@dataclass
class WritePlan:
    """Every file one run writes: read once, checked, then written all at once or not at all.

    Emitters see text with LF line endings and no BOM (:meth:`current`); :meth:`add` writes
    it back in the file's own style. A path from a setting (``setting=``) must also be owned:
    new, or carrying ``marker`` (the header standards writes), and none of standards' inputs.
    Before each rename the file is checked to be as it was read; a change made meanwhile
    stops the whole plan, with nothing written.
    """

    root: Path
    writes: list[PlannedWrite] = field(default_factory=list)
    _seen: dict[str, Seen] = field(default_factory=dict, repr=False)
    _claims: dict[str, str] = field(default_factory=dict, repr=False)  # path -> setting that chose it
    _applied: list[PlannedWrite] = field(default_factory=list, repr=False)
    _created_dirs: list[Path] = field(default_factory=list, repr=False)

    def current(self, rel: str) -> str | None:
        """The content a later write would start from: planned, else on disk."""
        real = confined(self.root, rel)
        for w in reversed(self.writes):
            if w.path == real:
                return w.new
        return self._read(real)

    def _read(self, rel: str) -> str | None:
        seen = self._seen_of(rel)
        return None if seen.data is None else as_text(rel, seen.data)

    def _seen_of(self, rel: str) -> Seen:
        if rel not in self._seen:
            try:
                self._seen[rel] = Seen.read(self.root / rel)
            except Unreadable as exc:
                raise StandardsError(f"{rel}: {exc.reason}") from None
        return self._seen[rel]

    def add(
        self, rel: str, new: str, executable: bool = False, *, setting: str | None = None, marker: str | None = None
    ) -> None:
        """Plan ``rel`` to hold ``new``. With ``setting``, the path came from configuration and
        must be owned (see the class); ``marker`` is the text that proves an existing file ours."""
        real = confined(self.root, rel, setting)
        claimed_by = self._claims.get(real)
        if setting is not None:
            self._check_owned(real, rel, setting, marker)
        elif claimed_by is not None:
            raise UnsafePath(f"{claimed_by} = {rel!r}: standards writes {real} itself; choose another path")
        seen = self._seen_of(real)
        old = None if seen.data is None else as_text(real, seen.data)
        self.writes = [w for w in self.writes if w.path != real]
        self.writes.append(PlannedWrite(real, old, new, executable, seen.data, in_style(new, seen.data)))

    def _check_owned(self, real: str, rel: str, setting: str, marker: str | None) -> None:
        def refuse(reason: str) -> UnsafePath:
            return UnsafePath(f"{setting} = {rel!r}: {reason}; nothing was written")

        if real in INPUTS or real.startswith(INPUT_DIRS):
            raise refuse(f"{real} is a file standards reads or manages itself; choose another path")
        if any(w.path == real for w in self.writes) and self._claims.get(real) != setting:
            raise refuse(f"standards writes {real} itself; choose another path")
        seen = self._seen_of(real)
        if seen.data is not None and (marker is None or marker.encode("utf-8") not in seen.data[:MARKER_SPAN]):
            raise refuse(f"{real} exists and was not written by standards (it has no generated header)")
        self._claims[real] = setting

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
                staged.append((w, _stage(self.root / w.path, w.new_bytes, w.executable)))
        except OSError as exc:
            self._discard(staged, created_dirs)
            failed = changed[len(staged)].path
            raise WriteFailed(f"cannot write {failed}: {exc.strerror or exc}; no file was changed") from None
        moved = {w.path for w in changed if not self._seen[w.path].still(self.root / w.path)}
        conflicts = [w for w in changed if w.path in moved and not _holds(self.root / w.path, w.new_bytes)]
        if conflicts:
            self._discard(staged, created_dirs)
            raise ChangedSinceRead(_changed_message(conflicts[0].path, "no file was changed"))
        for w, tmp in [(w, tmp) for w, tmp in staged if w.path in moved]:  # another run wrote exactly our bytes
            _unlink(tmp)
            staged.remove((w, tmp))
        done: list[PlannedWrite] = []
        try:
            for w, tmp in staged:
                if not self._seen[w.path].still(self.root / w.path):
                    raise ChangedSinceRead(_changed_message(w.path, "the files written before it were restored"))
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

    def _discard(self, staged: list[tuple[PlannedWrite, str]], created_dirs: list[Path]) -> None:
        for _, tmp in staged:
            _unlink(tmp)
        _remove_dirs(created_dirs)

    def rollback(self) -> None:
        """Undo :meth:`apply`: restore each file's previous bytes, remove the new ones."""
        self._restore(self._applied)
        _remove_dirs(self._created_dirs)
        self._applied, self._created_dirs = [], []

    def _restore(self, done: list[PlannedWrite]) -> None:
        """Put back the old bytes of each file written, unless someone changed it since."""
        for w in reversed(done):
            path = self.root / w.path
            try:
                if read_bytes(path) != w.new_bytes:
                    continue  # edited after our write: theirs now, not ours to undo
                if w.old_bytes is None:
                    os.unlink(path)
                else:
                    atomic_write(path, w.old_bytes, w.executable)
            except (OSError, Unreadable):
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


def _holds(path: Path, data: bytes) -> bool:
    try:
        return read_bytes(path) == data
    except Unreadable:
        return False


def _changed_message(rel: str, outcome: str) -> str:
    return f"{rel} changed while standards was running (after it was read); {outcome}. Run the command again"


def _remove_dirs(dirs: list[Path]) -> None:
    for d in dirs:
        try:
            d.rmdir()
        except OSError:
            pass
