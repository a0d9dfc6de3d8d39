"""Which part of a repository a path belongs to, and what part it plays there."""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePosixPath

from standards import roles
from standards.discovery import is_vendored, language_of

# Folders that only hold packages: the area is the package inside them.
CONTAINERS = frozenset({"src", "lib", "libs", "packages", "apps", "pkg", "internal", "cmd", "app", "modules"})


@lru_cache(maxsize=65536)
def area_of(path: str) -> str:
    """The top-level package or folder of ``path`` ("src/shop" for src/shop/views.py,
    "api" for api/v1/x.py, "." for a file at the root)."""
    parts = PurePosixPath(path).parts
    if len(parts) > 2 and parts[0] in CONTAINERS:
        return f"{parts[0]}/{parts[1]}"
    return parts[0] if len(parts) > 1 else "."


@lru_cache(maxsize=65536)
def is_source(path: str) -> bool:
    """Library code in a language `standards` reads: not a test, doc, script or example."""
    return language_of(path) is not None and not is_vendored(path) and roles.role(path) == "library"


@lru_cache(maxsize=65536)
def is_test(path: str) -> bool:
    return not is_vendored(path) and roles.is_test(path)


def test_home(path: str) -> str:
    """Where a test lives: its path through the test folder ("tests", "src/app/__tests__"),
    else its own folder (a test beside the code), "." at the root."""
    parts = PurePosixPath(path).parts
    for i, part in enumerate(parts[:-1]):
        if part in roles.TEST_DIRS:
            return "/".join(parts[: i + 1])
    return "/".join(parts[:-1]) or "."
