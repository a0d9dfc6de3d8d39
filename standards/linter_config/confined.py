"""Which files of the repository the private configs may read: relative paths that stay inside
it, with symlinks resolved.

A staged check runs the linters on a scratch mirror of the repository (see
:mod:`standards.check.versions`) whose entries are symlinks to the repository's own; there is
no ``.git`` in the mirror, so when the root has none and its entries link elsewhere, the
directory they link into counts as the repository too.
"""

from __future__ import annotations

import os
from pathlib import Path

from standards import fsutil


def bases(root: Path) -> list[Path]:
    """The directories a read may resolve into: the root, and what a mirror links to."""
    found = [root.resolve()]
    if (root / ".git").exists():
        return found
    try:
        entries = list(os.scandir(root))
    except OSError:
        return found
    for entry in entries:
        if entry.is_symlink():
            target = Path(os.path.realpath(entry.path)).parent
            if target not in found:
                found.append(target)
            break
    return found


def inside(root: Path, rel: str, allowed: list[Path] | None = None) -> bool:
    """Whether the repository file ``rel`` may be read: relative, no ``..`` out of the root, and
    resolving into the repository."""
    if not rel or os.path.isabs(rel) or os.path.normpath(rel).startswith(".."):
        return False
    path = root / rel
    return any(fsutil.inside(base, path) for base in allowed or bases(root))
