"""Custom checks: the conventions no linter can express.

One module per rule. Each module defines ``RULE = Rule(...)``: its id, the convention(s)
in standards.toml that switch it on, its documentation (what it does, why, example, use
instead, options, in the manner of ruff's rule docs) and its check function. The list of
rules is derived from the modules of this package; nothing is registered by hand.

A check function receives a :class:`CheckContext` and yields :class:`Finding` objects.
``scope`` says what it looks at:

* ``file``: each selected file on its own (``ctx.paths``);
* ``repo``: the repository as a whole, reporting findings in the selected files;
* ``change``: the change itself (``ctx.diff``), Danger-style; only runs on --staged/--diff.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from standards.context import Context
from standards.gitutil import DiffInfo
from standards.model import Convention, Finding, Level, Standards


@dataclass(frozen=True)
class RuleDoc:
    what: str  # What it does
    why: str  # Why is this bad?
    example: str  # code that breaks it
    use_instead: str  # code that follows it
    options: dict[str, str] = field(default_factory=dict)  # option name -> meaning (in [rules."id"])

    def markdown(self, title: str) -> str:
        parts = [f"## {title}", "", "### What it does", self.what, "", "### Why is this bad?", self.why]
        if self.example:
            parts += ["", "### Example", "```", self.example.rstrip(), "```"]
        if self.use_instead:
            parts += ["", "### Use instead", "```", self.use_instead.rstrip(), "```"]
        if self.options:
            parts += ["", "### Options"]
            parts += [f"- `{k}`: {v}" for k, v in self.options.items()]
        return "\n".join(parts) + "\n"


@dataclass
class CheckContext:
    root: Path
    standards: Standards
    paths: list[str]  # the selected files, repo-relative
    analysis: Context  # parsing cache over the whole repository
    diff: DiffInfo | None = None  # set for --staged / --diff
    mode: str = "all"  # all | staged | diff | files
    base_ref: str | None = None  # with --diff: the ref the change is compared with
    # with --diff: the change's commits (short id, message) when the caller has them (a proof
    # in memory); else the commit-message rule reads them from git
    messages: list[tuple[str, str]] | None = None

    def options(self, rule_id: str) -> dict[str, Any]:
        return dict(self.standards.rules.get(rule_id, {}) or {})


@dataclass(frozen=True)
class Rule:
    id: str  # kebab-case, e.g. "thin-controller"; findings carry "standards:<id>"
    title: str
    conventions: tuple[str, ...]  # convention ids in standards.toml that enable it
    languages: tuple[str, ...]
    doc: RuleDoc
    check: Callable[[CheckContext], Iterable[Finding]]
    scope: str = "file"

    @property
    def qualified(self) -> str:
        return f"standards:{self.id}"

    def convention(self, standards: Standards) -> Convention | None:
        """The strongest enabling convention that is not off/info, or None (rule disabled)."""
        best = None
        for cid in self.conventions:
            conv = standards.enabled(cid, Level.WARN)
            if conv is not None and (best is None or conv.level.rank < best.level.rank):
                best = conv
        return best


def all_rules() -> list[Rule]:
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        rule = getattr(module, "RULE", None)
        if isinstance(rule, Rule):
            found.append(rule)
    return found


def get_rule(rule_id: str) -> Rule | None:
    rule_id = rule_id.removeprefix("standards:")
    for rule in all_rules():
        if rule.id == rule_id:
            return rule
    return None
