"""Runners for native linters. One module per tool, each defining:

* ``NAME``: "ruff", "eslint", "rubocop";
* ``LANGUAGES``: the languages whose files it checks;
* ``available(root) -> str | None``: None when the tool can run here, else a one-line
  reason ("ESLint not found: install it with npm i -D eslint");
* ``run(root, paths, standards) -> list[Finding]``: lint ``paths`` (repo-relative, already
  filtered to LANGUAGES) with the repository's (generated) config; each Finding has
  ``rule`` "<tool>:<code>", level from the convention that enforces that code (see
  ``standards.check.levels``), ``source_line`` filled, and a ``fix`` when the tool
  knows one. Raise ``RunnerError`` when the tool itself fails (broken config...).

The list of runners is derived from the modules of this package. ``LANGUAGES_OF`` repeats
each module's ``LANGUAGES`` so that a check imports only the runners its files need (the hook on
a Python change never loads the ESLint or RuboCop runner); a test keeps the two equal, and a
module missing from it is imported whatever the languages.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from standards import procutil


class RunnerError(Exception):
    """A linter could not run; the message names the tool and what it said."""


# module name -> its LANGUAGES, known without importing it (tests/test_hook_imports.py)
LANGUAGES_OF: dict[str, tuple[str, ...]] = {
    "eslint": ("javascript", "typescript"),
    "rubocop": ("ruby",),
    "ruff": ("python",),
}


def all_runners() -> list[ModuleType]:
    return runners_for(None)


def runners_for(languages: Iterable[str] | None) -> list[ModuleType]:
    """The runners whose LANGUAGES meet ``languages`` (None: every runner), in name order."""
    wanted = None if languages is None else set(languages)
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        declared = LANGUAGES_OF.get(info.name)
        if wanted is not None and declared is not None and wanted.isdisjoint(declared):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "run") and (wanted is None or not wanted.isdisjoint(module.LANGUAGES)):
            found.append(module)
    return found


def json_report(
    tool: str,
    cmd: list[str],
    root: Path,
    timeout: int,
    empty: str,
    cwd: Path | None = None,
    env_extra: dict[str, str] | None = None,
) -> Any:
    """Run a linter that prints a JSON report (exit 0 clean, 1 offences) and decode it;
    ``empty`` is the report that no output stands for. Anything else is a RunnerError.
    The process runs through :mod:`standards.procutil` (timeout, bounded output) in ``cwd``
    (default: ``root``)."""
    try:
        done = procutil.run(cmd, cwd=cwd or root, timeout=timeout, env_extra=env_extra)
    except procutil.ProcessFailed as exc:
        raise RunnerError(f"{tool} could not run: {exc}") from None
    if done.returncode not in (0, 1):
        said = (done.err or done.out).strip().splitlines()
        raise RunnerError(f"{tool} failed (exit {done.returncode}): {said[0] if said else 'no output'}")
    try:
        return json.loads(done.out or empty)
    except json.JSONDecodeError as exc:
        raise RunnerError(f"{tool} printed something that is not its JSON report: {exc}") from None
