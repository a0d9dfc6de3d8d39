"""What part a file plays in a repository, from its path alone: test, docs, example,
script, migration, or library code. Several analyzers and rules treat these differently
(``print`` is fine in a script, ``assert`` in a test)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePosixPath

TEST_DIRS = frozenset({"test", "tests", "testing", "spec", "specs", "__tests__", "t"})
DOC_DIRS = frozenset({"docs", "doc", "documentation"})
EXAMPLE_DIRS = frozenset({"examples", "example", "samples", "sample", "demo", "demos", "typing-examples"})
SCRIPT_DIRS = frozenset({"scripts", "script", "bin", "tools", "tasks", "bench", "benchmarks", "benchmark"})
MIGRATION_DIRS = frozenset({"migrations", "migrate", "alembic", "versions"})


@lru_cache(maxsize=1 << 16)  # pure, and asked about the same paths by every analyzer
def is_test(path: str) -> bool:
    p = PurePosixPath(path)
    name = p.name
    if any(part in TEST_DIRS for part in p.parts[:-1]):
        return True
    stem = name.split(".", 1)[0]
    return (
        stem.startswith("test_")
        or stem.endswith("_test")
        or stem.endswith("_spec")
        or stem == "conftest"
        or ".test." in name
        or ".spec." in name
    )


@lru_cache(maxsize=1 << 16)
def role(path: str) -> str:
    """One of: test, docs, example, script, migration, config, library."""
    p = PurePosixPath(path)
    dirs = {part.lower() for part in p.parts[:-1]}
    if is_test(path):
        return "test"
    if dirs & DOC_DIRS:
        return "docs"
    if dirs & EXAMPLE_DIRS:
        return "example"
    if dirs & MIGRATION_DIRS and ("migrations" in dirs or "versions" in dirs or "migrate" in dirs):
        return "migration"
    if dirs & SCRIPT_DIRS or p.name in ("setup.py", "noxfile.py", "fabfile.py", "manage.py", "conf.py"):
        return "script"
    if p.name in ("conftest.py",):
        return "test"
    return "library"


def is_library(path: str) -> bool:
    return role(path) == "library"


def top_dir(path: str) -> str:
    parts = PurePosixPath(path).parts
    return parts[0] if len(parts) > 1 else "."
