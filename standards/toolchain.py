"""Where the linters `standards check` runs come from: our own pinned install, never the repository.

ESLint is the executable named by ``$STANDARDS_ESLINT`` (or a directory holding
``node_modules/.bin/eslint``, such as an ``npm install --prefix`` target; when it names nothing,
ESLint is missing, nothing else is tried), else the per-user install ``standards tools install``
makes (:mod:`standards.js_tools`), else the install ``.ci/install-js-ruby-tools.sh`` makes beside
the package (``.tools``), else ``eslint`` on ``PATH``. The repository's ``node_modules`` is never
looked at, and a program found on ``PATH`` that lives inside the repository (a relative ``PATH``
entry, ``./bin``...) is refused. The plugins
the private config loads (``@stylistic/eslint-plugin``, ``typescript-eslint``) are resolved in the
``node_modules`` directory ESLint itself was installed in, to absolute file URLs, so nothing is
looked up from the repository or from the directories above the private config.

RuboCop is ``rubocop`` on ``PATH``, with the same refusal.
"""

from __future__ import annotations

import importlib.util
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from standards import fsutil
from standards.linter_config import confined

ESLINT_ENV = "STANDARDS_ESLINT"
BUNDLED_TOOLS = Path(__file__).resolve().parent.parent / ".tools"
STYLISTIC = "@stylistic/eslint-plugin"
TYPESCRIPT = "typescript-eslint"
MANIFEST_LIMIT = 1024 * 1024
INSTALL_SCRIPT = "bash .ci/install-js-ruby-tools.sh"
_CONDITIONS = ("import", "node", "require", "default")


@dataclass(frozen=True)
class EslintInstall:
    """An ESLint executable and the ``node_modules`` directory it and its plugins live in."""

    executable: Path
    modules: Path

    def argv(self, root: Path | None = None) -> list[str]:
        """The command that starts this ESLint: ``node`` (from an absolute PATH entry outside the
        repository) with ESLint's script, so the script's ``#!/usr/bin/env node`` never looks
        ``node`` up in the repository through a relative PATH entry."""
        node = on_path("node", root)
        script = self.executable.resolve()
        if node is not None and script.suffix in (".js", ".cjs", ".mjs"):
            return [str(node), str(script)]
        return [str(self.executable)]

    def has(self, package: str) -> bool:
        return self.entry(package) is not None

    def entry(self, package: str) -> Path | None:
        """The file a package's main export points at, or None when it is not installed here."""
        base = self.modules / package
        try:
            manifest = json.loads(fsutil.read_bytes(base / "package.json", MANIFEST_LIMIT))
        except (fsutil.Unreadable, ValueError, RecursionError):
            return None
        if not isinstance(manifest, dict):
            return None
        target = _export_target(manifest.get("exports")) or manifest.get("module") or manifest.get("main")
        path = (base / (target if isinstance(target, str) else "index.js")).resolve()
        if not fsutil.inside(base, path) or not path.is_file():
            return None
        return path

    def entry_url(self, package: str) -> str:
        path = self.entry(package)
        if path is None:
            raise LookupError(f"{package} is not installed in {self.modules}")
        return path.as_uri()

    def core_rules(self) -> frozenset[str]:
        """The names of ESLint's own rules, one file each in ``eslint/lib/rules``."""
        rules_dir = self.modules / "eslint" / "lib" / "rules"
        try:
            names = {p.stem for p in rules_dir.iterdir() if p.suffix == ".js" and p.stem != "index"}
        except OSError:
            return frozenset()
        return frozenset(names)

    def has_stylistic_rule(self, rule: str) -> bool:
        """Whether our ``@stylistic`` plugin has ``rule`` (one file each in its ``dist/rules``)."""
        rules = self.modules / STYLISTIC / "dist" / "rules"
        return self.has(STYLISTIC) and (not rules.is_dir() or (rules / f"{rule}.js").is_file())

    def globals_environments(self) -> frozenset[str]:
        """The environments (``node``, ``browser``, ``mocha``...) our ``globals`` package knows."""
        try:
            data = json.loads(fsutil.read_bytes(self.modules / "globals" / "globals.json", 8 * MANIFEST_LIMIT))
        except (fsutil.Unreadable, ValueError, RecursionError):
            return frozenset()
        return frozenset(data) if isinstance(data, dict) else frozenset()


def _export_target(exports: Any) -> str | None:
    """The path a package.json ``exports`` field gives for ``import "<package>"``."""
    if isinstance(exports, str):
        return exports
    if not isinstance(exports, dict):
        return None
    if "." in exports:
        return _export_target(exports["."])
    for condition in _CONDITIONS:
        if condition in exports:
            return _export_target(exports[condition])
    return None


def _outside(root: Path | None, path: Path) -> bool:
    """Whether ``path`` is outside the repository at ``root`` (or the one a scratch mirror links
    to) and outside the work tree the process runs in: a check of a change's other version runs
    the linters on a scratch copy, while the repository is still where `standards` was started."""
    if root is None:
        return True
    repositories = [*confined.bases(root), _work_tree(Path.cwd())]
    return not any(fsutil.inside(base, path) for base in repositories)


def _work_tree(start: Path) -> Path:
    """The directory holding ``.git`` at or above ``start``, else ``start``."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def on_path(name: str, root: Path | None) -> Path | None:
    """``name`` on PATH, from absolute entries only and never from inside ``root``."""
    for entry in os.environ.get("PATH", "").split(os.pathsep):
        if not entry or not os.path.isabs(entry):
            continue
        candidate = Path(entry) / name
        if candidate.is_file() and os.access(candidate, os.X_OK) and _outside(root, candidate):
            return candidate
    return None


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def _modules_of(executable: Path) -> Path | None:
    """The node_modules directory an eslint executable belongs to (``.bin/eslint`` links to
    ``eslint/bin/eslint.js``)."""
    real = executable.resolve()
    if real.parent.name == "bin" and real.parent.parent.name == "eslint":
        return real.parents[2]
    if executable.parent.name == ".bin":
        return executable.absolute().parent.parent
    return None


def find_eslint(root: Path | None = None) -> EslintInstall | None:
    """Our ESLint install (see the module docstring), or None when there is none. A
    ``$STANDARDS_ESLINT`` that names no ESLint is a choice, not a hint: nothing else is tried."""
    candidates: list[Path] = []
    configured = os.environ.get(ESLINT_ENV, "")
    if configured:
        given = Path(configured).expanduser().absolute()
        candidates += [given, given / "node_modules" / ".bin" / "eslint"]
    else:
        candidates += [*_cached(), BUNDLED_TOOLS / "node_modules" / ".bin" / "eslint"]
    for candidate in candidates:
        if _executable(candidate):
            modules = _modules_of(candidate)
            if modules is not None:
                return EslintInstall(candidate, modules)
    found = on_path("eslint", root) if not configured else None
    if found is not None:
        modules = _modules_of(found)
        if modules is not None and _outside(root, modules):
            return EslintInstall(found, modules)
    return None


def _cached() -> list[Path]:
    """The ESLint `standards tools install` put in the per-user cache, when it is complete."""
    from standards import js_tools

    found = js_tools.installed().eslint
    return [found] if found is not None else []


def install_hint() -> str:
    """How to get the pinned ESLint, its plugins and TypeScript where `standards` finds them."""
    if importlib.util.find_spec("standards.cli.tools") is not None:
        return f"run `standards tools install`, or point {ESLINT_ENV} at an eslint install"
    return f"run `{INSTALL_SCRIPT}` from the standards source, or point {ESLINT_ENV} at an eslint install"


def find_rubocop(root: Path | None = None) -> Path | None:
    """RuboCop on PATH, never one inside the repository."""
    return on_path("rubocop", root)
