"""Logging in library code: ``print()`` versus the logging module, and the module logger.

``print`` is counted in library code only (roles.is_library); tests, scripts, examples and
docs may print, and the directories of those that exist become T201 per-file-ignores.
The module-logger pattern is ``<name> = logging.getLogger(__name__)`` at module level; the
most common ``<name>`` is the value of ``py.logging.module_logger``.
"""

from __future__ import annotations

import ast
from collections import Counter

from standards.analyzers import _pyindex
from standards.analyzers._evidence import Tally
from standards.analyzers._pyindex import ModuleIndex
from standards.analyzers._style import as_files
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("python",)

GET_LOGGER = frozenset({"logging.getLogger", "getLogger", "structlog.get_logger", "structlog.getLogger"})
PRINT_FREE_ROLES = frozenset({"test", "script", "example", "docs"})


def print_calls(idx: ModuleIndex) -> list[ast.Call]:
    return [call for call, name in idx.calls if name == "print"]


def module_logger(idx: ModuleIndex) -> tuple[str, bool, int] | None:
    """The module-level logger: (variable, named after ``__name__``, line), or None."""
    for a in idx.assignments:
        value = a.value
        if not (isinstance(value, ast.Call) and _pyindex.dotted(value.func) in GET_LOGGER):
            continue
        if len(a.names) != 1:
            continue
        if value.args and _pyindex.dotted(value.args[0]) == "__name__":
            return a.names[0], True, a.line
        return a.names[0], False, a.line
    return None


def uses_logging(idx: ModuleIndex) -> int:
    """The line of the first ``logging.*`` call, or 0."""
    for call, name in idx.calls:
        if name.startswith("logging."):
            return call.lineno
    return 0


def _no_print(ctx: Context, indexes: list[ModuleIndex]) -> Observation | None:
    tally = Tally(weight=ctx.recency)
    for idx in indexes:
        if not idx.is_library:
            continue
        prints = print_calls(idx)
        if prints:
            tally.add("print", idx.path, prints[0].lineno)
        else:
            tally.add("no print", idx.path, 1)
    if not tally.total:
        return None
    obs = tally.observation(
        "no print",
        id="py.logging.no_print",
        title="Library code logs instead of print()",
        category="logging",
        language="python",
        enforced_by=["ruff:T201"],
        why="print() in library code writes to the user's stdout and cannot be filtered or silenced.",
        do='logger.info("synced %d devices", count)',
        dont='print("synced", count, "devices")',
        note="counted per library module",
    )
    assert obs is not None
    obs.examples = as_files(obs.examples)  # a module without print: no line shows it
    globs = _pyindex.role_globs((f.path for f in ctx.files("python")), PRINT_FREE_ROLES)
    if globs:
        obs.params = {"ruff_per_file_ignores": {g: ["T201"] for g in globs}}
    return obs


def _module_logger(indexes: list[ModuleIndex]) -> Observation | None:
    """Counted over library modules that log: the pattern ``<name> = logging.getLogger(__name__)``."""
    tally = Tally()
    names: Counter[str] = Counter()
    snippets: dict[str, str] = {}
    for idx in indexes:
        if not idx.is_library:
            continue
        found = module_logger(idx)
        if found is not None:
            name, by_module, line = found
            key = name if by_module else f"{name} (fixed name)"
            tally.add(key, idx.path, line)
            names[name] += 1
            if by_module:
                snippets.setdefault(name, idx.module.line(line).strip())
        elif line := uses_logging(idx):
            tally.add("no module-level logger", idx.path, line)
    if not names:
        return None
    value = names.most_common(1)[0][0]
    obs = tally.observation(
        value,
        id="py.logging.module_logger",
        title=f"Each module logs through `{value} = logging.getLogger(__name__)`",
        category="logging",
        language="python",
        enforced_by=["standards:py-module-logger"],
        why="A logger per module, named after it, lets users configure this package's logging by name.",
        do=snippets.get(value, f"{value} = logging.getLogger(__name__)"),
        dont='logging.info("...")  # the root logger',
        note="counted over library modules that log",
    )
    return obs


def analyze(ctx: Context) -> list[Observation]:
    indexes = _pyindex.modules(ctx)
    return [obs for obs in (_no_print(ctx, indexes), _module_logger(indexes)) if obs is not None]
