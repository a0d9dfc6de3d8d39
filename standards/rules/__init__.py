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

``SWITCHES`` repeats, per module, what switches its rule on (conventions, languages, scope), so
that a check imports only the rules that can apply to it (the hook does not load the web model
for a change no web convention covers); a test keeps it equal to the modules' ``RULE``s, and a
module missing from it is always imported.
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

    def applies(self, standards: Standards, languages: set[str], change: bool) -> bool:
        """See :func:`applies`."""
        return applies(self.conventions, self.languages, self.scope, standards, languages, change)

    def convention(self, standards: Standards) -> Convention | None:
        """The strongest enabling convention that is not off/info, or None (rule disabled)."""
        best = None
        for cid in self.conventions:
            conv = standards.enabled(cid, Level.WARN)
            if conv is not None and (best is None or conv.level.rank < best.level.rank):
                best = conv
        return best


@dataclass(frozen=True)
class Switch:
    """What turns a module's rule on, known without importing the module."""

    id: str
    conventions: tuple[str, ...]
    languages: tuple[str, ...]
    scope: str
    # For the hook's quick verdict, when the rule may find something in a file of a staged change
    # (a file with no suppression comment, not skipped): ``quiet_unless``: only where the file's
    # base name matches one of these globs (fnmatch); () when its check never finds anything
    # itself (the engine does the work it documents). ``screen``: standards.check.quick_screens
    # has a screen under the rule's id, fed by the rule module's ``quick_data(standards, listing)``.
    # Neither: only running it can tell, and the quick verdict leaves the change to the check.
    # tests/test_quick_verdict.py holds each rule to what is declared here.
    quiet_unless: tuple[str, ...] | None = None
    screen: bool = False

    def applies(self, standards: Standards, languages: set[str], change: bool) -> bool:
        """The rule's own :meth:`Rule.applies`, answered before its module is imported."""
        return applies(self.conventions, self.languages, self.scope, standards, languages, change)


def applies(
    conventions: tuple[str, ...],
    rule_languages: tuple[str, ...],
    scope: str,
    standards: Standards,
    languages: set[str],
    change: bool,
) -> bool:
    """Whether a rule runs on a check of files in ``languages`` (``change``: a staged change or
    a diff): a change rule only on a change, a rule with conventions only when one of them is
    at warn or error, a file or repo rule only when a file of its languages is checked."""
    if scope == "change" and not change:
        return False
    if conventions and not any(standards.enabled(c, Level.WARN) is not None for c in conventions):
        return False
    return not rule_languages or scope == "change" or not languages.isdisjoint(rule_languages)


_SOURCES = ("python", "javascript", "typescript", "ruby")
_WEB = ("python", "ruby", "javascript", "typescript")
_COMMITS = (
    "git.commit.format",
    "git.commit.subject_length",
    "git.commit.capitalization",
    "git.commit.mood",
    "git.commit.trailing_period",
    "git.commit.references",
    "git.commit.signoff",
)
_MOTION = ("git.motion.fstring", "git.motion.pytest", "git.motion.let_const", "git.motion.snake_case")
# module name -> its rule's switch (tests/test_hook_imports.py keeps this equal to the RULEs)
SWITCHES: dict[str, Switch] = {
    "accept": Switch("accept", (), _SOURCES, "change", quiet_unless=()),
    "accepted": Switch("accepted", (), _SOURCES, "change", quiet_unless=()),
    "baseline_growth": Switch("baseline-growth", (), _SOURCES, "change", quiet_unless=()),
    "commit_message": Switch("commit-message", _COMMITS, (), "change", quiet_unless=()),  # commits: --diff only
    "hot_column_index": Switch(
        "hot-column-index", ("web.schema.fk_indexed", "web.schema.hot_columns"), _WEB, "repo", screen=True
    ),
    "large_change": Switch("large-change", ("change.size",), (), "change", screen=True),
    "layering": Switch("layering", ("web.layers",), ("python", "javascript", "typescript"), "file", screen=True),
    "lockfile_with_manifest": Switch(
        "lockfile-with-manifest", ("change.lockfile_with_manifest", "change.manifest_with_lockfile"), (), "change"
    ),
    "migration_with_model": Switch(
        "migration-with-model", ("change.migration_with_model", "change.model_with_migration"), (), "change"
    ),
    "new_code_style": Switch("new-code-style", _MOTION, ("javascript", "python", "typescript"), "change"),
    "py_module_logger": Switch("py-module-logger", ("py.logging.module_logger",), ("python",), "file", screen=True),
    "py_test_file_name": Switch("py-test-file-name", ("py.tests.file_pattern",), ("python",), "file", screen=True),
    "skipped_file": Switch("skipped-file", (), _SOURCES, "change", quiet_unless=()),
    "suppression": Switch("suppression", (), _SOURCES, "file", quiet_unless=()),
    "tests_with_changes": Switch("tests-with-changes", ("git.cochange.tests",), (), "change"),
    "thin_controller": Switch(
        "thin-controller", ("web.handlers.thin", "web.handlers.service_layer"), _WEB, "file", screen=True
    ),
    "weakening": Switch("weakening", (), _SOURCES, "change", quiet_unless=()),
}


def _modules() -> list[str]:
    return [
        info.name
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
        if not info.name.startswith("_")
    ]


def _rule_of(name: str) -> Rule | None:
    rule = getattr(importlib.import_module(f"{__name__}.{name}"), "RULE", None)
    return rule if isinstance(rule, Rule) else None


def all_rules() -> list[Rule]:
    return [rule for name in _modules() if (rule := _rule_of(name)) is not None]


def rules_for(standards: Standards, languages: set[str], change: bool) -> list[Rule]:
    """The rules that may apply to a check of files in ``languages`` (``change``: a staged
    change or a diff), in the order of :func:`all_rules`; only their modules are imported."""
    found = []
    for name in _modules():
        switch = SWITCHES.get(name)
        if switch is not None and not switch.applies(standards, languages, change):
            continue
        rule = _rule_of(name)
        if rule is not None:
            found.append(rule)
    return found


def change_rule_ids() -> set[str]:
    """The qualified ids of the rules about the change itself (scope ``change``)."""
    out = set()
    for name in _modules():
        switch = SWITCHES.get(name)
        if switch is not None:
            if switch.scope == "change":
                out.add(f"standards:{switch.id}")
        elif (rule := _rule_of(name)) is not None and rule.scope == "change":
            out.add(rule.qualified)
    return out


def get_rule(rule_id: str) -> Rule | None:
    rule_id = rule_id.removeprefix("standards:")
    for rule in all_rules():
        if rule.id == rule_id:
            return rule
    return None
