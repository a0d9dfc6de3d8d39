"""What past changes looked like, for Danger-style checks on a change: how many lines a
commit adds, and which files travel together (a migration with its model, a lockfile with
its manifest). The history is read with one ``git log --numstat``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from standards import gitutil, roles
from standards.discovery import GENERATED_NAME, VENDORED_DIRS
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
_RENAME = re.compile(r"\{([^{}]*) => ([^{}]*)\}")


@dataclass(frozen=True)
class Change:
    """One commit (or the change being checked): path → lines it adds."""

    added: dict[str, int]

    @property
    def size(self) -> int:
        """Added lines that a reviewer reads: lockfiles and generated files do not count."""
        return sum(n for path, n in self.added.items() if counts_towards_size(path))

    def touches(self, predicate) -> list[str]:
        return sorted(p for p in self.added if predicate(p))


def history(root: Path, limit: int = MAX_COMMITS) -> list[Change]:
    """The last ``limit`` non-merge commits, newest first; [] outside git."""
    out = gitutil.run(
        root,
        "log",
        "--no-merges",
        "--numstat",
        "--no-renames",
        "--format=%x1e",
        f"-n{limit}",
    )
    if not out:
        return []
    changes = []
    for chunk in out.decode("utf-8", "surrogateescape").split("\x1e"):
        added: dict[str, int] = {}
        for line in chunk.splitlines():
            parts = line.split("\t")
            if len(parts) == 3:
                added[_new_path(parts[2])] = int(parts[0]) if parts[0].isdigit() else 0
        if added:
            changes.append(Change(added))
    return changes


def _new_path(path: str) -> str:
    path = _RENAME.sub(lambda m: m.group(2), path)
    return path.split(" => ")[-1].replace("//", "/")


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
