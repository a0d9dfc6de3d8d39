"""The pinned JavaScript toolchain `standards check` runs: ESLint, its stylistic rules,
typescript-eslint (with TypeScript) and ``globals``.

``standards tools install`` puts exactly these versions into a per-user cache,
``$STANDARDS_TOOLS_HOME`` or else ``$XDG_CACHE_HOME/standards/tools`` (``~/.cache/...``), one
directory per set of pins, so two versions of `standards` never share one. npm runs there with
``--ignore-scripts`` (no package's install script runs), never in a repository. The install is
complete only when every package is present at its pinned version, which ``installed()`` checks
by reading the packages' manifests; `standards doctor` reports it and :mod:`standards.toolchain`
looks there after ``$STANDARDS_ESLINT``.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from standards import fsutil, procutil
from standards.errors import StandardsError

PINS: dict[str, str] = {
    "eslint": "9.39.5",
    "@stylistic/eslint-plugin": "5.9.0",
    "typescript-eslint": "8.74.0",
    "typescript": "5.9.3",
    "globals": "17.14.0",
}
HOME_ENV = "STANDARDS_TOOLS_HOME"
INSTALL_TIMEOUT = 900.0
MANIFEST_LIMIT = 1024 * 1024


def cache_root() -> Path:
    """Where the per-user tool installs live."""
    configured = os.environ.get(HOME_ENV, "")
    if configured:
        return Path(configured).expanduser().absolute()
    base = os.environ.get("XDG_CACHE_HOME", "") or str(Path.home() / ".cache")
    return Path(base).expanduser().absolute() / "standards" / "tools"


def install_dir() -> Path:
    """The directory for this set of pins (a short hash of them names it)."""
    key = hashlib.sha256(json.dumps(PINS, sort_keys=True).encode()).hexdigest()[:12]
    return cache_root() / f"js-{key}"


@dataclass(frozen=True)
class Status:
    """What is installed in :func:`install_dir` against the pins."""

    directory: Path
    present: dict[str, str]  # package -> installed version
    wrong: dict[str, str]  # package -> "missing" or the version found

    @property
    def complete(self) -> bool:
        return not self.wrong

    @property
    def eslint(self) -> Path | None:
        candidate = self.directory / "node_modules" / ".bin" / "eslint"
        return candidate if self.complete and candidate.exists() else None


def installed(directory: Path | None = None) -> Status:
    """Compare the packages in ``directory`` (default :func:`install_dir`) with the pins."""
    where = directory or install_dir()
    present: dict[str, str] = {}
    wrong: dict[str, str] = {}
    for package, version in PINS.items():
        found = _version(where / "node_modules" / package / "package.json")
        if found == version:
            present[package] = found
        else:
            wrong[package] = found or "missing"
    return Status(where, present, wrong)


def install(npm: Path) -> Status:
    """Install the pins into :func:`install_dir` with ``npm``; an exit-2 error when npm fails
    or the result does not match the pins."""
    target = install_dir()
    target.mkdir(parents=True, exist_ok=True)
    manifest = target / "package.json"
    if not manifest.exists():
        fsutil.atomic_write(manifest, json.dumps({"name": "standards-tools", "private": True}, indent=2) + "\n")
    argv = [
        str(npm),
        "install",
        "--prefix",
        str(target),
        "--save-exact",
        "--ignore-scripts",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        *(f"{package}@{version}" for package, version in PINS.items()),
    ]
    done = procutil.run(argv, cwd=target, timeout=INSTALL_TIMEOUT)
    if done.returncode != 0:
        raise StandardsError(f"npm install failed (exit {done.returncode}): {done.err().strip()[-2000:]}")
    status = installed(target)
    if not status.complete:
        raise StandardsError(f"npm installed other versions than the pins: {status.wrong}")
    return status


def _version(manifest: Path) -> str:
    try:
        data = json.loads(fsutil.read_bytes(manifest, MANIFEST_LIMIT))
    except (fsutil.Unreadable, ValueError, RecursionError):
        return ""
    version = data.get("version") if isinstance(data, dict) else None
    return version if isinstance(version, str) else ""
