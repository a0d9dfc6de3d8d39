"""py-module-logger: modules log through a module logger, not the root logger."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from standards import roles
from standards.check import line_fixes
from standards.model import Finding, Fix, Standards
from standards.rules import CheckContext, Rule, RuleDoc

CONVENTION = "py.logging.module_logger"
ROOT_CALLS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log"})


def check(ctx: CheckContext) -> Iterable[Finding]:
    conv = ctx.standards.get(CONVENTION)
    if conv is None:
        return
    name = str(conv.value) if isinstance(conv.value, str) and conv.value.isidentifier() else "logger"
    for path in ctx.paths:
        if not path.endswith(".py") or not roles.is_library(path):
            continue
        mod = ctx.analysis.python(path)
        if mod is None:
            continue
        for node in ast.walk(mod.tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "logging"
                and node.func.attr in ROOT_CALLS
            ):
                yield Finding(
                    path=path,
                    line=node.lineno,
                    column=node.col_offset + 1,
                    rule=RULE.qualified,
                    message=f"logging.{node.func.attr}() logs to the root logger",
                    level=conv.level,
                    why="module loggers let users filter and route messages per module",
                    fix=Fix(
                        f"log through the module's logger: add `{name} = logging.getLogger(__name__)` at module "
                        f"level (if it has none) and call `{name}.{node.func.attr}` here",
                        replacement=line_fixes.corrected_root_logger(mod.line(node.lineno), name).strip(),
                    ),
                    anchor=conv.anchor,
                    source_line=mod.line(node.lineno),
                )


def quick_data(standards: Standards, listing: list[str]) -> dict:
    """What the hook's quick verdict screens a change with (standards.check.quick_screens)."""
    return {"calls": sorted(ROOT_CALLS)}


RULE = Rule(
    id="py-module-logger",
    title="Log through a module logger",
    conventions=(CONVENTION,),
    languages=("python",),
    doc=RuleDoc(
        what="Flags calls such as `logging.info(...)` in library code, which log to the root logger.",
        why="The repository creates one logger per module (`logging.getLogger(__name__)`), so that "
        "applications can filter and route messages by module; root-logger calls bypass that.",
        example='import logging\n\ndef charge(order):\n    logging.info("charging %s", order.id)',
        use_instead='import logging\n\nlogger = logging.getLogger(__name__)\n\ndef charge(order):\n    logger.info("charging %s", order.id)',
        options={},
    ),
    check=check,
    scope="file",
)
