"""Every git call `standards` makes, through one hardened door.

The repository is hostile input: its ``.git/config`` and ``.gitattributes`` can name programs
(``core.fsmonitor``, ``diff.<driver>.textconv``, ``filter.<driver>.clean``, ``gpg.program``,
pagers, external diffs, hooks) that git would run on our behalf. :func:`command` builds the
argv and environment of every call: a fixed prefix of ``-c`` overrides that switch those
programs off, the filter and diff drivers the repository's configuration defines switched off
by name (through ``GIT_CONFIG_COUNT``, so no name can be misparsed), ``GIT_CONFIG_NOSYSTEM``,
no prompts. Diffs use plumbing with ``--no-textconv --no-ext-diff``; the work tree is compared
in Python (:func:`worktree_diff`), so no clean filter ever runs on it.

A repository git refuses because another user owns it (``safe.directory``) raises
:class:`UnsafeRepository`: it is never overridden. Other failures (no git, not a repository,
a failing command) return None, as before.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from standards import diff_hunks, fsutil, procutil
from standards.errors import StandardsError
from standards.git_hardening import ENV as _ENV
from standards.git_hardening import HARDENING, prefix

TIMEOUT = 300
CONFIG_TIMEOUT = 30

_DRIVER_KEY = re.compile(r"^(filter|diff)\.(.+)\.(clean|smudge|process|textconv|command)$", re.DOTALL)
_DUBIOUS = b"dubious ownership"
unquote_c = diff_hunks.unquote_c  # git's C quoting undone, asked for here too


class GitError(Exception):
    """git failed in a way that stops the work; the message is for the user."""


class UnsafeRepository(StandardsError):
    """git refuses the repository: it belongs to another user and is not a safe.directory."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path}: git refuses this repository because another user owns it (safe.directory). "
            "standards does not override that; if you trust it, its owner can run standards, or you can "
            f"add it with `git config --global --add safe.directory {path}`"
        )


def git_available() -> bool:
    return shutil.which("git") is not None


def command(root: Path, *args: str) -> tuple[list[str], dict[str, str]]:
    """The argv and environment of ``git -C root ARGS`` with every hardening applied."""
    argv, extra = _command(root, *args)
    return argv, {**os.environ, **extra}


def _command(root: Path, *args: str) -> tuple[list[str], dict[str, str]]:
    """Like :func:`command`, with only the variables set over the inherited environment."""
    where = os.path.abspath(root)  # git runs in a private directory, so a relative path would not do
    return [*prefix(), "-C", where, *args], {**_ENV, **config_env(_drivers(where))}


def config_env(pairs: Iterable[tuple[str, str]], base: Mapping[str, str] | None = None) -> dict[str, str]:
    """``GIT_CONFIG_COUNT``/``KEY_n``/``VALUE_n`` adding ``pairs`` after any the caller already set."""
    base = os.environ if base is None else base
    try:
        count = int(base.get("GIT_CONFIG_COUNT", "0"))
    except ValueError:
        count = 0
    env: dict[str, str] = {}
    for key, value in pairs:
        env[f"GIT_CONFIG_KEY_{count}"] = key
        env[f"GIT_CONFIG_VALUE_{count}"] = value
        count += 1
    if env:
        env["GIT_CONFIG_COUNT"] = str(count)
    return env


def child_env(exclude: tuple[str, ...] = ()) -> dict[str, str]:
    """Environment for a program that runs git itself (pre-commit): the hardening as
    ``GIT_CONFIG_*`` variables (minus the keys in ``exclude``) and the fixed variables."""
    pairs = [(k, v) for k, v in HARDENING if k not in exclude]
    return {**_ENV, **config_env(pairs)}


_drivers_lock = threading.Lock()


def _drivers(root: str) -> tuple[tuple[str, str], ...]:
    """Overrides that switch off every filter and diff driver the configuration defines: an
    empty command is no command, and a "required" filter must not fail for lack of one.
    Asked once per repository and process, also when several threads start git at once."""
    with _drivers_lock:
        return _configured_drivers(root)


@functools.lru_cache(maxsize=16)
def _configured_drivers(root: str) -> tuple[tuple[str, str], ...]:
    argv = [*prefix(), "-C", root, "config", "-z", "--get-regexp", r"^(filter|diff)\..*\."]
    env = {**os.environ, **_ENV}
    try:
        proc = procutil.run(argv, env_extra=env, timeout=CONFIG_TIMEOUT)
    except procutil.ProcessFailed:
        return ()
    overrides: list[tuple[str, str]] = []
    for record in proc.stdout.split(b"\0"):
        key = record.split(b"\n", 1)[0].decode("utf-8", "surrogateescape")
        m = _DRIVER_KEY.match(key)
        if not m:
            continue
        kind, name, _ = m.groups()
        if kind == "filter":
            keys = ("clean", "smudge", "process")
            overrides += [(f"filter.{name}.{k}", "") for k in keys] + [(f"filter.{name}.required", "false")]
        else:
            overrides += [(f"diff.{name}.textconv", ""), (f"diff.{name}.command", "")]
    return tuple(dict.fromkeys(overrides))


def run(root: Path, *args: str, input: bytes | None = None) -> bytes | None:
    """Run git in ``root``; its stdout, or None when git is missing, hangs or fails.
    Raises :class:`UnsafeRepository` when git refuses the repository's owner."""
    proc = run_full(root, *args, input=input)
    return proc.stdout if proc is not None and proc.returncode == 0 else None


def run_full(root: Path, *args: str, input: bytes | None = None) -> procutil.Completed | None:
    """Like :func:`run`, but the whole result (exit code, stderr); None when git cannot run."""
    if not git_available():
        return None
    argv, env = _command(root, *args)  # procutil adds them to the inherited environment
    try:
        proc = procutil.run(argv, env_extra=env, input=input, timeout=TIMEOUT)
    except procutil.ProcessFailed:
        return None
    if proc.returncode == 128 and _DUBIOUS in proc.stderr:
        raise UnsafeRepository(root)
    return proc


def config_get(root: Path, key: str) -> str | None:
    """The repository's own value of ``key`` (not one of our overrides), or None."""
    out = run(root, "config", "-z", "--show-origin", "--get-all", key)
    value = None
    for origin, text in _pairs(out or b""):
        if origin != "command line:":
            value = text
    return value


def _pairs(out: bytes) -> list[tuple[str, str]]:
    parts = out.split(b"\0")
    return [
        (parts[i].decode("utf-8", "surrogateescape"), parts[i + 1].decode("utf-8", "surrogateescape"))
        for i in range(0, len(parts) - 1, 2)
    ]


_toplevels: dict[str, Path] = {}


def toplevel(path: Path) -> Path | None:
    """The root of the work tree ``path`` is in, or None. A found root is remembered for the
    process (a directory does not leave its repository while a command runs); a miss is not."""
    key = os.path.abspath(path)
    if key in _toplevels:
        return _toplevels[key]
    out = run(path, "rev-parse", "--show-toplevel")
    if out is None:
        return None
    _toplevels[key] = Path(out.decode("utf-8", "surrogateescape").strip())
    return _toplevels[key]


def is_repo(path: Path) -> bool:
    return toplevel(path) is not None


def why_not_repo(path: Path) -> str:
    """Why git cannot be used on ``path``, for messages."""
    if not git_available():
        return "git is not installed (not on PATH)"
    return f"{path.name} is not a git repository"


@dataclass(frozen=True)
class RepoKind:
    """Where ``path`` sits for git: in a bare repository, inside a ``.git`` directory, in a
    linked worktree, or none of these (a plain work tree or no repository at all)."""

    bare: bool = False
    inside_git_dir: bool = False
    linked_worktree: bool = False


_KIND_ARGS = ("rev-parse", "--is-bare-repository", "--is-inside-git-dir", "--git-dir", "--git-common-dir")


def repo_kind(path: Path) -> RepoKind:
    out = run(path, *_KIND_ARGS)
    if out is None:
        return RepoKind()
    return _kind(path, out.decode("utf-8", "surrogateescape").splitlines())


def locate(path: Path) -> tuple[RepoKind, Path | None]:
    """``repo_kind(path)`` and ``toplevel(path)``: one ``rev-parse`` in a work tree (every
    command starts here), the two calls otherwise (git stops at ``--show-toplevel`` in a bare
    repository or inside ``.git``)."""
    proc = run_full(path, *_KIND_ARGS, "--show-toplevel")
    if proc is not None and proc.returncode == 0:
        parts = proc.stdout.decode("utf-8", "surrogateescape").split("\n", 4)
        if len(parts) == 5 and parts[4].strip():
            top = Path(parts[4].strip())
            _toplevels[os.path.abspath(path)] = top
            _toplevels.setdefault(os.path.abspath(top), top)  # the top level's own top level
            return _kind(path, parts[:4]), top
    return repo_kind(path), toplevel(path)


def _kind(path: Path, lines: list[str]) -> RepoKind:
    if len(lines) < 4:
        return RepoKind()
    bare, inside, git_dir, common = lines[:4]

    def resolve(p: str) -> Path:
        return (Path(p) if os.path.isabs(p) else path / p).resolve()

    return RepoKind(
        bare=bare == "true",
        inside_git_dir=inside == "true",
        linked_worktree=resolve(git_dir) != resolve(common),
    )


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
    return staged_change(root).paths


@dataclass(frozen=True)
class StagedChange:
    """The staged files (their new names) from one ``diff-index --name-status``, with what the
    same call tells about the base: the renames (new path -> old path) and whether HEAD exists
    (else the index is compared with the empty tree)."""

    paths: list[str]
    renames: dict[str, str]
    head: bool


def staged_change(root: Path) -> StagedChange:
    args = ("diff-index", "--cached", "--name-status", "-z", "-M", "--no-textconv", "--no-ext-diff")
    out, head = _against_head_with(root, *args, "--diff-filter=ACMR")
    fields = [f.decode("utf-8", "surrogateescape") for f in (out or b"").split(b"\0")]
    paths: list[str] = []
    renames: dict[str, str] = {}
    i = 0
    while i + 1 < len(fields):
        status = fields[i]
        if status.startswith(("R", "C")) and i + 2 < len(fields):
            if status.startswith("R"):
                renames[fields[i + 2]] = fields[i + 1]
            paths.append(fields[i + 2])
            i += 3
        else:
            paths.append(fields[i + 1])
            i += 2
    return StagedChange([p for p in paths if p], renames if head else {}, head)


def changed_files(root: Path, ref: str) -> list[str]:
    """Files changed between ``ref`` and the working tree (see :func:`worktree_diff`)."""
    return worktree_diff(root, ref)[0]


def _split_z(out: bytes | None) -> list[str]:
    if not out:
        return []
    return [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]


def _against_head(root: Path, *args: str) -> bytes | None:
    """``git ARGS HEAD --``, or against the empty tree before the first commit."""
    return _against_head_with(root, *args)[0]


def _against_head_with(root: Path, *args: str) -> tuple[bytes | None, bool]:
    """Like :func:`_against_head`, and whether HEAD exists."""
    out = run(root, *args, "HEAD", "--")
    if out is not None:
        return out, True
    if has_commits(root):
        return None, True
    empty = run(root, "hash-object", "-t", "tree", "--no-filters", "--stdin", input=b"")
    return (run(root, *args, empty.decode().strip(), "--") if empty else None), False


@dataclass
class DiffInfo:
    """Per file: the set of added/changed line numbers (new side), and whether it is new."""

    lines: dict[str, set[int]]
    new_files: set[str]


def diff_lines(root: Path, *diff_args: str) -> DiffInfo:
    """Changed lines: ``diff_lines(root, "--cached")`` for the index against HEAD,
    ``diff_lines(root, REF)`` for the work tree against REF."""
    if diff_args == ("--cached",):
        return staged_diff(root)
    if len(diff_args) == 1 and not diff_args[0].startswith("-"):
        return worktree_diff(root, diff_args[0])[1]
    raise ValueError(f"diff_lines: unsupported arguments {diff_args}")


def staged_diff(root: Path) -> DiffInfo:
    """The index against HEAD, from plumbing that reads only objects: no work-tree file, so no
    filter; no textconv, no external diff; explicit prefixes and no relative paths, so the
    user's diff settings cannot change the paths."""
    out = _against_head(root, *diff_hunks.STAGED_DIFF_ARGS)
    return parse_unified_diff(out or b"")


_NULL_OID = re.compile(rb"^0+$")
_SUBMODULE = b"160000"


def worktree_diff(root: Path, base: str) -> tuple[list[str], DiffInfo]:
    """Tracked files whose work-tree content differs from ``base``, and their changed lines.

    git lists the candidates (``diff-index --raw``, which compares stat data and object ids,
    never file content through a filter); their content is then compared here: the base blob
    from ``cat-file --batch`` (no filters) with the work-tree bytes read as a regular file."""
    top = toplevel(root) or root
    out = run(root, "diff-index", "--raw", "-z", "--no-renames", "--no-relative", base, "--")
    entries = _raw_entries(out or b"")
    old_ids = [old for status, old, _, _ in entries if status != "A"]
    blobs = _blobs(root, old_ids)
    paths: list[str] = []
    info = DiffInfo(lines={}, new_files=set())
    for status, old, new_mode, path in entries:
        current = _worktree_bytes(top / path, new_mode)
        if current is None:
            continue
        if status == "A":
            info.new_files.add(path)
            info.lines[path] = set(range(1, len(_split_lines(current)) + 1))
        else:
            before = blobs.get(old)
            if before == current:
                continue  # only the file's stat data changed
            info.lines[path] = changed_line_numbers(before or b"", current)
        paths.append(path)
    return paths, info


def _raw_entries(out: bytes) -> list[tuple[str, str, bytes, str]]:
    """(status, old object id, new mode, path) of each ``A``/``M``/``T`` entry of ``--raw -z``."""
    parts = out.split(b"\0")
    entries = []
    i = 0
    while i + 1 < len(parts):
        meta, path = parts[i], parts[i + 1]
        i += 2
        fields = meta.lstrip(b":").split(b" ")
        if len(fields) < 5:
            continue
        _, new_mode, old_id, _, status = fields[:5]
        kind = status[:1].decode()
        if kind not in ("A", "M", "T") or new_mode == _SUBMODULE:
            continue
        old = "" if _NULL_OID.match(old_id) else old_id.decode()
        entries.append((kind, old, new_mode, path.decode("utf-8", "surrogateescape")))
    return entries


def _worktree_bytes(path: Path, mode: bytes) -> bytes | None:
    """What git would store for the work-tree file: a symlink's target, a file's bytes;
    None when it is gone or cannot be read as a regular file."""
    if mode == b"120000" or path.is_symlink():
        try:
            return os.fsencode(os.readlink(path))
        except OSError:
            return None
    try:
        return fsutil.read_bytes(path)
    except fsutil.Unreadable:
        return None


def _blobs(root: Path, ids: list[str]) -> dict[str, bytes]:
    """The content of each blob, from one ``cat-file --batch`` (which applies no filter)."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    out = run(root, "cat-file", "--batch", input="".join(f"{i}\n" for i in wanted).encode())
    blobs: dict[str, bytes] = {}
    pos = 0
    data = out or b""
    while pos < len(data):
        end = data.find(b"\n", pos)
        if end < 0:
            break
        header = data[pos:end].split(b" ")
        pos = end + 1
        if len(header) != 3:
            continue  # "<id> missing"
        size = int(header[2])
        blobs[header[0].decode()] = data[pos : pos + size]
        pos += size + 1
    return blobs


def _split_lines(data: bytes) -> list[bytes]:
    """Lines as git counts them: split after each newline; a last line without one counts."""
    parts = data.split(b"\n")
    lines = [p + b"\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def changed_line_numbers(before: bytes, after: bytes) -> set[int]:
    """Line numbers (1-based, of ``after``) that a line diff from ``before`` adds or changes."""
    import difflib  # --diff only

    matcher = difflib.SequenceMatcher(None, _split_lines(before), _split_lines(after))
    changed: set[int] = set()
    for tag, _, _, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            changed.update(range(j1 + 1, j2 + 1))
    return changed


def parse_unified_diff(out: bytes) -> DiffInfo:
    lines, new_files = diff_hunks.parse(out)
    return DiffInfo(lines=lines, new_files=new_files)


def detect_base(root: Path) -> str | None:
    """The branch a change will merge into: origin/HEAD, the upstream, main, master."""
    out = run(root, "symbolic-ref", "-q", "refs/remotes/origin/HEAD")
    name = out.decode("utf-8", "replace").strip().removeprefix("refs/remotes/") if out else ""
    if name and not name.startswith("-"):  # the repository names it: never let it read as an option
        return name
    out = run(root, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}")
    name = out.decode("utf-8", "replace").strip() if out else ""
    if name and not name.startswith("-"):
        return name
    for name in ("origin/main", "origin/master", "main", "master"):
        if run(root, "rev-parse", "--verify", "-q", name) is not None:
            current = run(root, "rev-parse", "--abbrev-ref", "HEAD")
            if current and current.decode().strip() == name:
                continue
            return name
    return None


def merge_base(root: Path, ref: str) -> str | None:
    out = run(root, "merge-base", "--end-of-options", ref, "HEAD")
    return out.decode().strip() if out else None


def is_shallow(root: Path) -> bool:
    out = run(root, "rev-parse", "--is-shallow-repository")
    return bool(out and out.strip() == b"true")


def hooks_dir(root: Path) -> Path | None:
    """The hooks directory git runs hooks from: the repository's own (shared by all its
    worktrees) or the one ``core.hooksPath`` names in the repository's configuration."""
    configured = config_get(root, "core.hooksPath")
    if configured:
        p = Path(os.path.expanduser(configured))
        return p if p.is_absolute() else root / p
    out = run(root, "rev-parse", "--git-common-dir")
    if not out:
        return None
    p = Path(out.decode("utf-8", "surrogateescape").strip()) / "hooks"
    return p if p.is_absolute() else root / p
