"""Empty stand-ins, for a scratch mirror, of the repository paths ruff looks at to sort imports.

ruff's isort tells a first-party import (``from app.errors import AppError``) from a
third-party one by the file system, not by the code: the module's path under one of the
``src`` roots (``SRC/app/errors.py``, ``SRC/app/errors.pyi`` or a directory ``SRC/app/errors``,
and the same for each shorter prefix, ``SRC/app``), and the package the linted file belongs
to (its ancestor directories holding an ``__init__.py``). A mirror holding only the linted
files would call every other module of the repository third-party, so a base version would
"have" an unsorted-imports finding it never had, and a change that really unsorts them would
pass as older debt.

:func:`stubs` names, from the repository's listing, the paths of those kinds that exist for
the modules the linted files import, whichever ``src`` roots the configuration sets (any
directory of the repository may be one), and the ``__init__`` files above the linted files.
The mirror creates them empty: no byte of the repository is copied, and they are never
linted (the linters are given explicit paths). The count stays bounded by the imports of the
few files mirrored, not by the size of the repository.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from standards import fsutil

PYTHON_SUFFIXES = (".py", ".pyi")
INIT_NAMES = ("__init__.py", "__init__.pyi")
_FROM = re.compile(r"^[ \t]*from[ \t]+([^\W\d][\w.]*)[ \t]+import\b", re.MULTILINE)
_IMPORT = re.compile(r"^[ \t]*import[ \t]+([^\n#;]+)", re.MULTILINE)
_NAME = re.compile(r"[^\W\d][\w.]*")
_UNSAFE = frozenset({"", ".", ".."})  # path parts a stand-in never has: it stays inside the mirror


@dataclass(frozen=True)
class Stubs:
    """Repository-relative paths to stand in the mirror: directories, and empty files."""

    dirs: frozenset[str]
    files: frozenset[str]


def imported_modules(text: str) -> set[str]:
    """The absolute modules a Python source imports (``import a.b``, ``from a.b import c``:
    "a.b"); relative imports are left out (ruff places them by the dots, not the disk). Read
    by pattern, so a file that does not parse still names its imports; a match inside a
    string only adds a path that exists anyway."""
    text = text.replace("\\\n", " ").replace(";", "\n")
    found = {m.group(1).rstrip(".") for m in _FROM.finditer(text)}
    for m in _IMPORT.finditer(text):
        for item in m.group(1).split(","):
            name = _NAME.match(item.strip().lstrip("("))
            if name:
                found.add(name.group(0).rstrip("."))
    return {m for m in found if m}


def stubs(contents: dict[str, bytes], listing: Iterable[str]) -> Stubs:
    """The placeholders a mirror holding ``contents`` needs so that ruff classifies their
    imports as it does in the repository whose files are ``listing`` (repo-relative paths)."""
    python = [rel for rel in contents if rel.endswith(PYTHON_SUFFIXES)]
    if not python:
        return Stubs(frozenset(), frozenset())
    trie: dict[str, dict] = {}  # the imported module paths, part by part
    for rel in python:
        for module in imported_modules(fsutil.decode(contents[rel])):
            node = trie
            for part in filter(None, module.split(".")):
                node = node.setdefault(part, {})
    listed = set(listing)
    repo_dirs, roots = _directories(listed, trie)
    dirs: set[str] = set()
    files = {init for rel in python for init in _package_inits(rel) if init in listed}
    for root in roots:
        _walk(root, trie, repo_dirs, listed, dirs, files)
    safe = {p for p in dirs | files if not _UNSAFE.intersection(p.split("/"))}
    return Stubs(frozenset(safe & dirs), frozenset((safe & files) - set(contents)))


def _directories(listed: set[str], trie: dict[str, dict]) -> tuple[set[str], set[str]]:
    """The repository's directories (those holding a listed file, at any depth), and the
    ones holding a directory or a Python file named like the first part of an imported module
    (the ``src`` roots that module could be found under; "" is the repository's root)."""
    repo_dirs: set[str] = set()
    roots: set[str] = set()
    for rel in listed:
        parent, _, name = rel.rpartition("/")
        stem = _stem(name)
        if stem is not None and stem in trie:
            roots.add(parent)
        while parent and parent not in repo_dirs:
            repo_dirs.add(parent)
            above, _, name = parent.rpartition("/")
            if name in trie:
                roots.add(above)
            parent = above
    return repo_dirs, roots


def _package_inits(rel: str) -> list[str]:
    """The ``__init__`` files that would make each ancestor directory of ``rel`` a package."""
    parts = rel.split("/")[:-1]
    prefixes = ["/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]
    return [f"{prefix}{name}" for prefix in ["", *prefixes] for name in INIT_NAMES]


def _walk(
    base: str, node: dict[str, dict], repo_dirs: set[str], listed: set[str], dirs: set[str], files: set[str]
) -> None:
    """Under ``base``, the directories and module files of the repository that the imported
    module paths in ``node`` name, each prefix of them included."""
    for name, below in node.items():
        path = f"{base}/{name}" if base else name
        for suffix in PYTHON_SUFFIXES:
            if path + suffix in listed:
                files.add(path + suffix)
        if path in repo_dirs:
            dirs.add(path)
            _walk(path, below, repo_dirs, listed, dirs, files)


def _stem(name: str) -> str | None:
    """``name`` without a Python suffix; None for any other file."""
    for suffix in PYTHON_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return None
