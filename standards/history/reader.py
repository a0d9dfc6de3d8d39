"""Read a repository's history once: one streamed ``git log --numstat`` process.

The reader records, per commit, its sha, parents, author, dates, message and the files it
touched with added/deleted line counts (``None`` for binary files; renames keep the old
path). It is bounded by a :class:`Window` (newest N commits, and commits at most D days
older than the newest one: a dormant repository still has a history to learn from).

Nothing here raises on a missing git binary, a directory outside git, an empty repository
or a shallow clone: :class:`History` says what happened in ``problem`` and ``note``, and
analyzers turn that into evidence notes. Parsed histories are cached per repository,
HEAD and window for the life of the process, since several analyzers read the same one.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from standards import gitutil, procutil

DEFAULT_MAX_COMMITS = 5000
DEFAULT_MAX_DAYS = 730
DAY = 86_400

_MARK = b"\x1e"  # starts every commit record; git messages practically never contain it
_FORMAT = "--format=%x1e%H%x00%P%x00%aN%x00%aE%x00%at%x00%ct%x00%B%x00"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Window:
    """How much history to read. Options: ``history_max_commits``, ``history_max_days``."""

    max_commits: int = DEFAULT_MAX_COMMITS
    max_days: int = DEFAULT_MAX_DAYS

    @classmethod
    def from_options(cls, options: Mapping[str, Any], prefix: str = "history") -> Window:
        commits = options.get(f"{prefix}_max_commits", cls.max_commits)
        days = options.get(f"{prefix}_max_days", cls.max_days)
        return cls(max_commits=max(1, int(commits)), max_days=max(1, int(days)))


@dataclass(frozen=True)
class FileChange:
    """One file in a commit. ``added``/``deleted`` are None for a binary file."""

    path: str
    added: int | None
    deleted: int | None
    old_path: str | None = None  # set when the file was renamed or copied

    @property
    def binary(self) -> bool:
        return self.added is None

    @property
    def churn(self) -> int:
        return (self.added or 0) + (self.deleted or 0)


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    authored: int  # epoch seconds
    committed: int  # epoch seconds
    message: str
    files: tuple[FileChange, ...] = ()

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0].strip()

    @property
    def body(self) -> str:
        _, _, rest = self.message.partition("\n")
        return rest.strip("\n")

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1

    @property
    def is_root(self) -> bool:
        """No parent: the first commit, or the cut-off edge of a shallow clone. Its file
        list is the whole tree at that point, not a change, so churn analyses skip it."""
        return not self.parents


@dataclass
class History:
    """The commits read (newest first) and what limited them."""

    root: Path
    commits: list[Commit] = field(default_factory=list)
    window: Window = field(default_factory=Window)
    shallow: bool = False
    limited_by: str = ""  # "commits" or "days" when the window stopped the walk early
    stopped: str = ""  # why git log ended before the window did (e.g. missing objects)
    problem: str = ""  # why there is no history at all (not a repo, no git, no commits)

    @property
    def newest(self) -> int:
        return self.commits[0].committed if self.commits else 0

    @property
    def note(self) -> str:
        """What a reader of the evidence should know about how the history was read."""
        parts = []
        if self.shallow:
            parts.append("shallow clone: only the fetched part of history was read")
        if self.limited_by == "commits":
            parts.append(f"history limited to the newest {len(self.commits)} commits")
        elif self.limited_by == "days":
            parts.append(f"history limited to {self.window.max_days} days ({len(self.commits)} commits)")
        if self.stopped:
            parts.append(f"git log stopped after {len(self.commits)} commits: {self.stopped}")
        return "; ".join(parts)


_cache: dict[tuple[str, str, Window], History] = {}
_reading = threading.Lock()


def read_history(root: Path, window: Window | None = None) -> History:
    """The history of the repository at ``root``; cached per root, HEAD and window."""
    window = window or Window()
    if not gitutil.git_available():
        return History(root=root, window=window, problem="git is not installed; history was not read")
    top = gitutil.toplevel(root)
    if top is None:
        return History(root=root, window=window, problem="not a git repository; history was not read")
    head = gitutil.run(root, "rev-parse", "-q", "--verify", "HEAD")
    if head is None:
        return History(root=root, window=window, problem="the repository has no commits yet")
    key = (str(root.resolve()), head.decode().strip(), window)
    with _reading:  # a prefetching thread and an analyzer may ask at once: read once
        if key not in _cache:
            subdir = root.resolve() != top.resolve()
            _cache[key] = _read(root, window, subdir=subdir, shallow=gitutil.is_shallow(root))
    return _cache[key]


def history_for(ctx: Any) -> History:
    """The history for an analysis :class:`~standards.context.Context` (its root and options)."""
    return read_history(ctx.root, Window.from_options(ctx.options))


def _read(root: Path, window: Window, *, subdir: bool, shallow: bool) -> History:
    args = [
        "log", "-z", "-M", "--numstat", "--no-color", "--no-ext-diff",
        "--no-textconv", "--no-show-signature", "--encoding=UTF-8", _FORMAT,
        f"--max-count={window.max_commits + 1}",
    ]  # fmt: skip
    if subdir:  # a package inside a larger repository: its own history, paths relative to it
        args += ["--relative", "--", "."]
    history = History(root=root, window=window, shallow=shallow)
    argv, env = gitutil.command(root, *args)
    try:
        proc = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=procutil.neutral_dir()
        )
    except OSError as exc:
        history.problem = f"cannot run git: {exc.strerror or exc}"
        return history
    assert proc.stdout is not None
    try:
        for commit in _commits(split_records(proc.stdout)):
            if history.commits and commit.committed < history.newest - window.max_days * DAY:
                history.limited_by = "days"
                break
            if len(history.commits) == window.max_commits:
                history.limited_by = "commits"
                break
            history.commits.append(commit)
    finally:
        proc.stdout.close()
        if history.limited_by:
            proc.kill()
        assert proc.stderr is not None
        stderr = b"" if history.limited_by else proc.stderr.read()
        proc.stderr.close()
        returncode = proc.wait()
    if returncode != 0 and not history.limited_by:
        lines = stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[0] if lines else f"exit status {returncode}"
        if history.commits:
            history.stopped = reason
        else:
            history.problem = f"git log failed: {reason}"
    return history


def split_records(stream: Any) -> Iterator[bytes]:
    """Split the stream into commit records without reading it whole."""
    pending: list[bytes] = []  # pieces of the record being read; joined once it is complete
    while chunk := stream.read(_CHUNK):
        cut = chunk.rfind(_MARK)
        if cut < 0:
            pending.append(chunk)
            continue
        first, *middle = chunk[:cut].split(_MARK)
        pending.append(first)
        for record in (b"".join(pending), *middle):
            if record:
                yield record
        pending = [chunk[cut + 1 :]]
    if tail := b"".join(pending):
        yield tail


def _commits(records: Iterator[bytes]) -> Iterator[Commit]:
    for record in records:
        commit = parse_record(record)
        if commit is not None:
            yield commit


def parse_record(record: bytes) -> Commit | None:
    """One ``_FORMAT`` record followed by its ``-z --numstat`` entries; None if malformed."""
    fields = record.split(b"\0", 7)
    if len(fields) < 8:
        return None
    sha, parents, name, email, authored, committed, message, stats = fields
    try:
        authored_at, committed_at = int(authored), int(committed)
    except ValueError:
        return None
    return Commit(
        sha=sha.decode("ascii", "replace"),
        parents=tuple(p.decode("ascii", "replace") for p in parents.split()),
        author=decode_text(name),
        email=decode_text(email),
        authored=authored_at,
        committed=committed_at,
        message=decode_text(message).replace("\r\n", "\n").strip("\n"),
        files=tuple(parse_numstat(stats)),
    )


def parse_numstat(stats: bytes) -> Iterator[FileChange]:
    """``added\\tdeleted\\tpath\\0`` entries; a rename is ``added\\tdeleted\\t\\0old\\0new\\0``."""
    tokens = stats.lstrip(b"\0\n").split(b"\0")
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip(b"\n")
        i += 1
        parts = token.split(b"\t", 2)
        if len(parts) != 3:
            continue
        added, deleted, path = parts
        old: str | None = None
        if not path and i + 1 < len(tokens):
            old, path = decode_path(tokens[i]), tokens[i + 1]
            i += 2
        yield FileChange(decode_path(path), _count(added), _count(deleted), old)


def _count(raw: bytes) -> int | None:
    return None if raw == b"-" else int(raw)


def decode_text(raw: bytes) -> str:
    """A message or name: UTF-8 when valid (git re-encodes declared encodings), else
    Windows-1252/Latin-1, which every byte sequence decodes as."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            return raw.decode("latin-1")


def decode_path(raw: bytes) -> str:
    """A path, decoded as gitutil decodes paths, so both name a file the same way."""
    return raw.decode("utf-8", "surrogateescape")
