"""What past changes looked like, for Danger-style checks on a change: how many lines a
commit adds, and which files travel together (a migration with its model, a lockfile with
its manifest). The commits come from the history every analyzer shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from standards import roles
from standards.discovery import GENERATED_NAME, VENDORED_DIRS
from standards.history.reader import History
from standards.webmodel.layers import MODEL, layer_of

MAX_COMMITS = 1000
LOCK_MANIFEST: dict[str, str] = {
    "package-lock.json": "package.json",
    "npm-shrinkwrap.json": "package.json",
    "yarn.lock": "package.json",
    "pnpm-lock.yaml": "package.json",
    "bun.lockb": "package.json",
    "Gemfile.lock": "Gemfile",
    "poetry.lock": "pyproject.toml",
    "uv.lock": "pyproject.toml",
    "pdm.lock": "pyproject.toml",
    "Pipfile.lock": "Pipfile",
    "composer.lock": "composer.json",
    "Cargo.lock": "Cargo.toml",
    "go.sum": "go.mod",
}
SCHEMA_DUMPS = ("db/schema.rb", "db/structure.sql")


@dataclass(frozen=True)
class Change:
    """One commit (or the change being checked): path → lines it adds."""

    added: dict[str, int]

    @property
    def size(self) -> int:
        """Added lines that a reviewer reads: lockfiles and generated files do not count."""
        return sum(n for path, n in self.added.items() if counts_towards_size(path))

    def touches(self, predicate: Callable[[str], bool]) -> list[str]:
        return sorted(p for p in self.added if predicate(p))


def recent_changes(history: History, limit: int = MAX_COMMITS) -> list[Change]:
    """The last ``limit`` non-merge commits of the history, newest first, as path → added
    lines (a binary file adds 0). Renames are followed, so moving a file is not a large change."""
    changes = []
    for commit in history.commits:
        if len(commit.parents) > 1:
            continue
        added = {f.path: f.added or 0 for f in commit.files}
        if added:
            changes.append(Change(added))
            if len(changes) == limit:
                break
    return changes


def is_lockfile(path: str) -> bool:
    return PurePosixPath(path).name in LOCK_MANIFEST


def manifest_of(lockfile: str) -> str:
    p = PurePosixPath(lockfile)
    return str(p.parent / LOCK_MANIFEST[p.name]) if str(p.parent) != "." else LOCK_MANIFEST[p.name]


def is_manifest(path: str) -> bool:
    return PurePosixPath(path).name in set(LOCK_MANIFEST.values())


def counts_towards_size(path: str) -> bool:
    p = PurePosixPath(path)
    if is_lockfile(path) or GENERATED_NAME.search(p.name) or p.name.endswith((".snap", ".svg", ".map")):
        return False
    return not any(part in VENDORED_DIRS or part == "__snapshots__" for part in p.parts[:-1])


def is_migration(path: str) -> bool:
    return roles.role(path) == "migration" and not path.endswith("__init__.py")


def is_model(path: str) -> bool:
    return layer_of(path) == MODEL or path.endswith(SCHEMA_DUMPS)
