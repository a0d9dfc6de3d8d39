"""Find the files of a repository that analysis should read, and say what was skipped.

Inside git: tracked files plus untracked files that are not ignored (``git ls-files``).
Outside git: a walk that honours ``.gitignore`` patterns at the root and in sub-folders
(the common subset: globs, directory patterns, anchors, negation).
Never follows a symlink, never leaves the repository.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from standards import fsutil, gitutil
from standards.source_kinds import (
    GENERATED_BY,
    GENERATED_MARKER,
    GENERATED_NAME,
    GENERATED_THEN_DO_NOT_EDIT,
    LANGUAGE_BY_NAME,
    LANGUAGE_BY_SUFFIX,
    MARKED_ATTRIBUTES,
    MAX_FILE_BYTES,
    MAX_LINE_CHARS,
    MAX_NESTING,
    VENDORED_BANNER,
    VENDORED_DIRS,
    content_skip_reason,
    has_library_banner,
    is_generated,
    is_vendored,
    language_of,
    nesting_depth,
)

# the kinds of source and skip reasons live in source_kinds; they are asked for here too
__all__ = [
    "GENERATED_BY",
    "GENERATED_MARKER",
    "GENERATED_NAME",
    "GENERATED_THEN_DO_NOT_EDIT",
    "LANGUAGE_BY_NAME",
    "LANGUAGE_BY_SUFFIX",
    "LINTER_CONFIGS",
    "MARKED_ATTRIBUTES",
    "MAX_FILE_BYTES",
    "MAX_LINE_CHARS",
    "MAX_NESTING",
    "VENDORED_BANNER",
    "VENDORED_DIRS",
    "Discovery",
    "IgnoreRule",
    "SourceFile",
    "classify",
    "content_skip_reason",
    "discover",
    "has_library_banner",
    "is_generated",
    "is_vendored",
    "language_of",
    "marked_by_attributes",
    "nesting_depth",
    "parse_gitignore",
    "refuse_unreadable_configs",
    "walk_with_gitignore",
]


@dataclass(frozen=True)
class SourceFile:
    path: str  # repo-relative POSIX path
    language: str
    size: int

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name


@dataclass
class Discovery:
    root: Path
    files: list[SourceFile] = field(default_factory=list)
    other_files: list[str] = field(default_factory=list)  # non-source files (configs, docs, ...)
    skipped: dict[str, list[str]] = field(default_factory=dict)  # reason -> paths
    in_git: bool = False
    # the bytes read while classifying, kept for the first reader (Context.text takes them)
    contents: dict[str, bytes] = field(default_factory=dict, repr=False, compare=False)

    def take(self, path: str) -> bytes | None:
        """The bytes read for ``path`` during discovery, handed over once (None after)."""
        return self.contents.pop(path, None)

    def of(self, *languages: str) -> list[SourceFile]:
        return [f for f in self.files if f.language in languages]

    def languages(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.files:
            out[f.language] = out.get(f.language, 0) + 1
        return dict(sorted(out.items(), key=lambda kv: -kv[1]))

    def skip(self, reason: str, path: str) -> None:
        self.skipped.setdefault(reason, []).append(path)

    def skipped_summary(self) -> list[str]:
        lines = []
        for reason, paths in sorted(self.skipped.items()):
            sample = ", ".join(paths[:3]) + (", ..." if len(paths) > 3 else "")
            lines.append(f"{len(paths)} {reason}: {sample}")
        return lines


# what pathlib's is_file/exists treat as "not there" rather than as an error
_GONE = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})


def classify(root: Path, rel: str, discovery: Discovery, read_contents: bool = True) -> None:
    """Decide whether ``rel`` is analysed, and record why not."""
    full = root / rel
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes, kept as surrogates: no UTF-8 output can name the file
        discovery.skip(
            "file names that are not UTF-8", rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        )
        return
    if is_vendored(rel):
        discovery.skip("vendored or build output", rel)
        return
    try:
        info = os.lstat(full)  # one call answers what is_symlink, is_file, is_dir and stat would
    except OSError as exc:
        if exc.errno not in _GONE:  # else gone since git listed it: nothing to check
            discovery.skip("unreadable", rel)
        return
    try:
        if stat.S_ISLNK(info.st_mode):
            if language_of(rel) is None and not full.is_dir():
                discovery.other_files.append(rel)  # a config, read where it leads inside the repository only
            else:
                discovery.skip("symlinks (not followed)", rel)
            return
    except OSError:
        discovery.skip("unreadable", rel)
        return
    if not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):  # a submodule
            return
        if language_of(rel) is None:
            discovery.other_files.append(rel)  # a config: its reader stops the work, naming it
        else:
            discovery.skip("not regular files (FIFOs, devices, sockets)", rel)
        return
    size = info.st_size
    language = language_of(rel)
    if language is None:
        discovery.other_files.append(rel)
        return
    if GENERATED_NAME.search(rel):
        discovery.skip("generated or minified", rel)
        return
    if size > MAX_FILE_BYTES:
        discovery.skip(f"over {MAX_FILE_BYTES // 1000} kB", rel)
        return
    if not read_contents:
        discovery.files.append(SourceFile(rel, language, size))
        return
    try:
        data = fsutil.read_bytes(full, MAX_FILE_BYTES)
    except fsutil.Unreadable:  # replaced since the stat: by a FIFO, or by a larger file
        discovery.skip("unreadable", rel)
        return
    reason = content_skip_reason(rel, data)
    if reason is not None:
        discovery.skip(reason, rel)
        return
    discovery.files.append(SourceFile(rel, language, size))
    discovery.contents[rel] = data


def marked_by_attributes(root: Path, paths: list[str]) -> dict[str, str]:
    """Paths the project's ``.gitattributes`` marks ``linguist-generated`` or ``linguist-vendored``
    (read by ``git check-attr``: the attributes are data, nothing runs), with the reason."""
    if not paths:
        return {}
    request = b"\0".join(p.encode("utf-8", "surrogateescape") for p in paths) + b"\0"
    out = gitutil.run(root, "check-attr", "-z", "--stdin", *MARKED_ATTRIBUTES, input=request)
    fields = (out or b"").split(b"\0")
    marked: dict[str, str] = {}
    for i in range(0, len(fields) - 2, 3):
        path, attribute, value = (f.decode("utf-8", "surrogateescape") for f in fields[i : i + 3])
        if value in ("set", "true") and attribute in MARKED_ATTRIBUTES:
            marked.setdefault(path, MARKED_ATTRIBUTES[attribute])
    return marked


def discover(root: Path, read_contents: bool = True) -> Discovery:
    """The repository's source files and what was skipped. ``read_contents=False`` decides
    from names and sizes alone (no binary, generated-header, minified or nesting test): a
    check on a change lists the repository that way and reads only what its rules open."""
    root = root.resolve()
    discovery = Discovery(root=root)
    paths = gitutil.list_files(root)
    if paths is None:
        paths = list(walk_with_gitignore(root))
    else:
        discovery.in_git = True
    # a check on a change asks git about the attributes of the files it checks (the engine does)
    wanted = discovery.in_git and read_contents
    marked = marked_by_attributes(root, [p for p in paths if language_of(p)]) if wanted else {}
    for rel in sorted(set(paths)):
        if rel in marked:
            discovery.skip(marked[rel], rel)
            continue
        classify(root, rel, discovery, read_contents)
    refuse_unreadable_configs(root, paths)
    return discovery


# Configuration files the linters we run find and read by themselves, beside the code.
LINTER_CONFIGS = frozenset(
    {
        "pyproject.toml",
        "ruff.toml",
        ".ruff.toml",
        ".editorconfig",
        ".rubocop.yml",
        ".rubocop_todo.yml",
        "package.json",
        "tsconfig.json",
        ".eslintrc",
        ".eslintrc.json",
        ".eslintrc.yml",
        ".eslintrc.yaml",
        ".eslintrc.js",
        ".eslintrc.cjs",
        ".eslintignore",
        "standards.toml",
    }
)


def refuse_unreadable_configs(root: Path, paths: list[str]) -> None:
    """Stop the work (exit 2 naming it) at a linter configuration that is not a regular file in
    the repository: a linter reading a FIFO would hang, a device would flood it, and a symlink
    out of the repository would make it read, and echo, a file elsewhere. Checked by name at
    the root (a FIFO is never listed as untracked) and wherever git lists one."""
    names = {p for p in paths if p.rpartition("/")[2] in LINTER_CONFIGS and not is_vendored(p)}
    for rel in sorted(names | LINTER_CONFIGS):
        full = root / rel
        if not os.path.lexists(full):
            continue
        if full.is_symlink() and not fsutil.inside(root, full):  # git lists no path through a linked folder
            raise fsutil.Unreadable(full, "leads outside the repository (a symlink); not read", shown=rel)
        if not full.is_file():
            raise fsutil.Unreadable(full, "not a regular file (a FIFO, device or socket); not read", shown=rel)


# --- .gitignore outside git -------------------------------------------------------------


@dataclass(frozen=True)
class IgnoreRule:
    base: str  # directory of the .gitignore, repo-relative ("" for root)
    pattern: str
    negate: bool
    dir_only: bool
    anchored: bool

    def matches(self, rel: str, is_dir: bool) -> bool:
        if self.dir_only and not is_dir:
            return False
        if self.base:
            if not rel.startswith(self.base + "/"):
                return False
            rel = rel[len(self.base) + 1 :]
        if self.anchored:
            return fnmatch.fnmatchcase(rel, self.pattern) or _globstar(rel, self.pattern)
        name = rel.rsplit("/", 1)[-1]
        return fnmatch.fnmatchcase(name, self.pattern)


def _globstar(rel: str, pattern: str) -> bool:
    if "**" not in pattern:
        return False
    regex = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*").replace(r"\*", "[^/]*")
    return re.fullmatch(regex, rel) is not None


def parse_gitignore(text: str, base: str) -> list[IgnoreRule]:
    rules = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        if negate:
            line = line[1:]
        dir_only = line.endswith("/")
        line = line.rstrip("/")
        anchored = "/" in line
        line = line.lstrip("/")
        if line:
            rules.append(IgnoreRule(base, line, negate, dir_only, anchored))
    return rules


def _ignored(rules: list[IgnoreRule], rel: str, is_dir: bool) -> bool:
    verdict = False
    for rule in rules:
        if rule.matches(rel, is_dir):
            verdict = not rule.negate
    return verdict


def walk_with_gitignore(root: Path) -> Iterator[str]:
    """Yield repo-relative paths of regular files, honouring .gitignore files; no symlinks."""
    stack: list[tuple[str, list[IgnoreRule]]] = [("", [])]
    while stack:
        rel_dir, rules = stack.pop()
        full_dir = root / rel_dir if rel_dir else root
        gi = full_dir / ".gitignore"
        if gi.is_file() and not gi.is_symlink():
            try:
                rules = rules + parse_gitignore(fsutil.read_config_text(gi), rel_dir)
            except fsutil.Unreadable:
                pass
        try:
            entries = sorted(os.scandir(full_dir), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            if entry.name == ".git":
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not _ignored(rules, rel, True) and entry.name not in VENDORED_DIRS:
                        stack.append((rel, rules))
                    continue
            except OSError:
                continue
            if not _ignored(rules, rel, False):
                yield rel
