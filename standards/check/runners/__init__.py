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

The list of runners is derived from the modules of this package.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


class RunnerError(Exception):
    """A linter could not run; the message names the tool and what it said."""


def all_runners() -> list[ModuleType]:
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "run"):
            found.append(module)
    return found
