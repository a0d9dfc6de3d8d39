"""Whether the linters the conventions need are here, and what a run does when one is not.

A convention enforced by ESLint, RuboCop or ruff is only checked when that tool can run;
TypeScript files also need ``typescript-eslint`` in the ESLint install. Where a tool is missing:

* the hook (``check --staged``, files named by hand) goes on and says so in a note: a developer
  without Node must still be able to commit Python;
* CI (``check --diff`` / ``check --all`` with ``CI=true``) stops with exit 2 naming the tool, when a
  convention at warn or error needs it for the files checked: a green job that checked nothing would
  tell the reviewer the change conforms (a convention demoted at init because the tool was missing
  there is at warn, and CI is where the tool must be);
* ``standards baseline`` refuses to record (exit 2) when a convention at warn or error needs it: a
  baseline recorded without the tool is empty for those rules, and every existing violation would
  block the first commit made with the tool.

This module only asks the runners (``available``) and our ESLint install; it runs nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from standards import toolchain
from standards.check.runners import runners_for
from standards.discovery import language_of
from standards.errors import StandardsError
from standards.model import Level, Standards

TS_SUFFIXES = (".ts", ".tsx", ".mts", ".cts")
CI_MODES = ("diff", "all")


@dataclass(frozen=True)
class Missing:
    """A tool some conventions need for some files, and why it cannot run."""

    tool: str  # "eslint", "typescript-eslint", "rubocop", "ruff"
    reason: str  # one line naming how to install it
    files: int  # how many of the files in question it would have checked
    conventions: tuple[str, ...]  # the ids of the conventions that need it

    def describe(self) -> str:
        shown = ", ".join(self.conventions[:3]) + (" …" if len(self.conventions) > 3 else "")
        return f"{self.reason} ({self.files} file(s) unchecked; needed by {shown})"


def tool_of(code: str) -> str:
    """The tool an ``enforced_by`` code names: ``eslint:semi`` → eslint, ``ruff-format`` → ruff."""
    return code.partition(":")[0].split("-", 1)[0]


def needing(standards: Standards, tool: str, at_least: Level) -> tuple[str, ...]:
    """The ids of the conventions at ``at_least`` or stronger that ``tool`` enforces."""
    return tuple(
        sorted(
            conv.id
            for conv in standards.conventions.values()
            if conv.level.rank <= at_least.rank and any(tool_of(code) == tool for code in conv.enforced_by)
        )
    )


def missing(root: Path, standards: Standards, paths: list[str], at_least: Level) -> list[Missing]:
    """The tools that conventions at ``at_least`` or stronger need for ``paths`` and cannot run here."""
    out: list[Missing] = []
    for runner in runners_for({language_of(p) or "" for p in paths}):
        files = [p for p in paths if language_of(p) in runner.LANGUAGES]
        if not files:
            continue
        conventions = needing(standards, runner.NAME, at_least)
        if not conventions:
            continue
        reason = runner.available(root)
        if reason:
            out.append(Missing(runner.NAME, reason, len(files), conventions))
        elif runner.NAME == "eslint":
            typescript = [p for p in files if p.endswith(TS_SUFFIXES)]
            install = toolchain.find_eslint(root)
            if typescript and install is not None and not install.has(toolchain.TYPESCRIPT):
                out.append(Missing(toolchain.TYPESCRIPT, typescript_reason(install), len(typescript), conventions))
    return out


def typescript_reason(install: toolchain.EslintInstall) -> str:
    return (
        f"{toolchain.TYPESCRIPT} is not in the ESLint install at {install.modules}, so TypeScript files "
        f"cannot be parsed: {toolchain.install_hint()}"
    )


def ci_mode(mode: str) -> bool:
    """Whether this is a CI run that must not pass without its tools: ``--diff``/``--all`` under ``CI=true``."""
    return os.environ.get("CI", "").lower() == "true" and mode in CI_MODES


def require(root: Path, standards: Standards, paths: list[str], at_least: Level, doing: str) -> None:
    """Raise (exit 2) naming every tool the conventions need for ``paths`` that is missing."""
    gone = missing(root, standards, paths, at_least)
    if gone:
        raise StandardsError(f"cannot {doing}: " + "; ".join(m.describe() for m in gone))
