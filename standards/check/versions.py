"""Other versions of a change's files: the base a finding is compared with, and the staged
content a commit will record.

Contents come from git plumbing (``git cat-file --batch``, no filters or textconv). To run
the linters on them, :func:`overlay` builds a scratch directory that mirrors what the linters
read: those contents, copies of the repository's configuration files at the same paths, and
empty stand-ins for the modules and packages ruff looks up on disk to sort imports
(:mod:`standards.check.import_stubs`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from standards import fsutil, git_objects, gitutil
from standards.check import import_stubs
from standards.errors import StandardsError

if TYPE_CHECKING:
    from standards.discovery import Discovery


def blobs(root: Path, revision: str, paths: list[str]) -> dict[str, bytes]:
    """The content of ``paths`` at ``revision`` ("" for the index); paths absent there are left out."""
    if not paths:
        return {}
    wanted = [p for p in paths if "\n" not in p]
    request = "".join(f"{revision}:{p}\n" for p in wanted).encode("utf-8", "surrogateescape")
    out = gitutil.run(root, "cat-file", "--batch", input=request)
    return git_objects.batch_contents(out, wanted) if out is not None else {}


def renamed(root: Path, base: str, staged: bool) -> dict[str, str]:
    """Renamed files since ``base``, new path -> old path: in the index (``staged``), else in
    HEAD's tree. Plumbing on objects only, so no filter or textconv runs on the work tree."""
    if staged:
        args = ["diff-index", "--cached", "-M", "--name-status", "-z", "--no-textconv", "--no-ext-diff", base, "--"]
    else:
        args = ["diff-tree", "-r", "-M", "--name-status", "-z", "--no-textconv", "--no-ext-diff", base, "HEAD", "--"]
    out = gitutil.run(root, *args)
    fields = [f.decode("utf-8", "surrogateescape") for f in (out or b"").split(b"\0")]
    pairs: dict[str, str] = {}
    i = 0
    while i < len(fields):
        status = fields[i]
        if status.startswith(("R", "C")) and i + 2 < len(fields):
            if status.startswith("R"):
                pairs[fields[i + 2]] = fields[i + 1]
            i += 3
        else:
            i += 2
    return pairs


def unstaged(root: Path, paths: list[str]) -> dict[str, bytes]:
    """Of ``paths``, those whose work-tree bytes differ from the index, with the index bytes.
    Compared here (the work tree read as regular files), so no clean filter ever runs."""
    staged = blobs(root, "", paths)
    dirty: dict[str, bytes] = {}
    for rel, data in staged.items():
        if _worktree_bytes(root / rel) != data:
            dirty[rel] = data
    return dirty


def _worktree_bytes(path: Path) -> bytes | None:
    try:
        if path.is_symlink():
            return os.fsencode(os.readlink(path))
        return fsutil.read_bytes(path)
    except (OSError, StandardsError):
        return None


# The files a linter or our own config readers open beside the code: copied into the mirror.
CONFIG_NAMES = frozenset(
    {
        "pyproject.toml",
        "ruff.toml",
        ".ruff.toml",
        "setup.cfg",
        "tox.ini",
        ".flake8",
        "standards.toml",
        "package.json",
        ".editorconfig",
        ".ruby-version",
        ".tool-versions",
        "Gemfile",
        "Gemfile.lock",
        ".gitattributes",
    }
)
CONFIG_PREFIXES = (
    ".eslintrc",
    "eslint.config.",
    "standards.eslint.",
    ".rubocop",
    ".standards-",
    "tsconfig",
    "jsconfig",
)
CONFIG_LIMIT = 1_000_000


def config_files(paths: list[str]) -> list[str]:
    """Of a repository listing, the configuration files a linter reads (by name)."""
    out = []
    for rel in paths:
        name = rel.rsplit("/", 1)[-1]
        if name in CONFIG_NAMES or name.startswith(CONFIG_PREFIXES):
            out.append(rel)
    return out


def listed(discovery: Discovery) -> list[str]:
    """Every path of a repository's listing, checked or not (a skipped module is still one
    ruff finds on disk): what :func:`overlay` mirrors the modules of."""
    skipped = [p for paths in discovery.skipped.values() for p in paths]
    return [*discovery.other_files, *(f.path for f in discovery.files), *skipped]


@contextmanager
def overlay(
    root: Path, contents: dict[str, bytes], configs: list[str], discovery: Discovery | None = None
) -> Iterator[Path]:
    """A scratch directory holding ``contents`` (repo-relative path -> bytes) and copies of the
    repository's ``configs``, so that each linter reads there what it reads in the repository;
    with the repository's ``discovery``, also empty stand-ins for the modules the Python files
    import and the packages they sit in, so ruff tells first-party imports from third-party
    ones as it does in the repository. Removed on exit. Nothing links back: reads stay
    confined to the scratch directory."""
    scratch = Path(tempfile.mkdtemp(prefix="standards-version-")).resolve()
    try:
        for rel in configs:
            if rel in contents:
                continue
            try:
                data = fsutil.read_repo_bytes(root, rel, CONFIG_LIMIT)
            except (StandardsError, OSError):
                continue  # not readable as data in the repository: not there in the mirror either
            _place(scratch, rel, data)
        for rel, data in contents.items():
            _place(scratch, rel, data)
        if discovery is not None:
            _stand_in(scratch, import_stubs.stubs(contents, listed(discovery)))
        yield scratch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _place(scratch: Path, rel: str, data: bytes) -> None:
    target = scratch / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _stand_in(scratch: Path, stubs: import_stubs.Stubs) -> None:
    """Create ``stubs`` empty in the mirror, never over what is there (a mirrored file or
    config); a path the mirror cannot hold (a file where a directory would go) is left out."""
    for rel in sorted(stubs.dirs):
        try:
            (scratch / rel).mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
    for rel in sorted(stubs.files):
        target = scratch / rel
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb"):
                pass
        except OSError:
            continue
