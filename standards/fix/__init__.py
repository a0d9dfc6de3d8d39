"""``standards check --fix``: apply the fixers of the enforced conventions, then check again.

Only conventions at level ``error`` are fixed (what the hook refuses), each with its native
fixer, run from our own install on the selected files:

* ruff: ``ruff check --fix`` with exactly the ruff codes those conventions name (safe fixes
  only, the project's own configuration applied), and ``ruff format`` when the formatter
  convention is enforced;
* names (N802/N803/N806/N815), which ruff cannot fix: the libcst codemod of
  :mod:`standards.fix.renames`, which also says which uses elsewhere it could not see;
* ESLint and RuboCop: ``eslint --fix`` / ``rubocop -a`` through their runners, with the same
  private configuration `standards check` uses.

Files are written through one :class:`~standards.fsutil.WritePlan` for the codemod (refused
when a file changed since it was read); the linters write their own fixes in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from standards import fsutil, ruff_tool
from standards.check.levels import CodeIndex
from standards.check.runners import eslint as eslint_runner
from standards.check.runners import rubocop as rubocop_runner
from standards.discovery import language_of
from standards.fix import renames
from standards.model import Level, Standards

PY_READ_LIMIT = 2 * 1024 * 1024


@dataclass
class Outcome:
    """What ``--fix`` did, to print before the check that follows it."""

    changed: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    unseen: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"fixed: {a}" for a in self.actions]
        out += [f"not fixed: {s}" for s in self.skipped]
        out += [f"still to rename by hand: {u}" for u in self.unseen]
        return out


def apply(root: Path, paths: list[str], standards: Standards, others: list[str]) -> Outcome:
    """Fix ``paths`` (repo-relative); ``others`` are the repository's other files, read only
    to say where a renamed name is still used."""
    outcome = Outcome()
    python = [p for p in paths if language_of(p) == "python" and (root / p).is_file()]
    index = CodeIndex.build(standards)
    if python:
        _rename(root, python, [o for o in others if language_of(o) == "python"], index, outcome)
        _ruff(root, python, standards, index, outcome)
    for runner, languages in ((eslint_runner, ("javascript", "typescript")), (rubocop_runner, ("ruby",))):
        mine = [p for p in paths if language_of(p) in languages and (root / p).is_file()]
        if mine and runner.available(root) is None:
            _linter(root, mine, standards, runner, outcome)
    return outcome


def _linter(root: Path, paths: list[str], standards: Standards, runner: ModuleType, outcome: Outcome) -> None:
    """``eslint --fix`` / ``rubocop --autocorrect`` with the check's own private config."""
    before = {p: _digest(root, p) for p in paths}
    runner.run(root, paths, standards, fix=True)
    fixed = [p for p in paths if _digest(root, p) != before[p]]
    if fixed:
        outcome.changed += [p for p in fixed if p not in outcome.changed]
        what = "eslint --fix" if runner is eslint_runner else "rubocop --autocorrect"
        outcome.actions.append(f"{what} changed {len(fixed)} file{'s' if len(fixed) != 1 else ''}")


def enforced_ruff_codes(standards: Standards) -> list[str]:
    """The ruff codes (and prefixes) named by conventions at level error."""
    codes = set()
    for convention in standards.conventions.values():
        if convention.level is not Level.ERROR:
            continue
        for code in convention.enforced_by:
            tool, _, bare = code.partition(":")
            if tool == "ruff" and bare and bare[0].isalpha() and bare != "format":
                codes.add(bare)
    return sorted(codes)


def formatter_enforced(standards: Standards) -> bool:
    return any(c.level is Level.ERROR and "ruff-format" in c.enforced_by for c in standards.conventions.values())


def _rename(root: Path, python: list[str], others: list[str], index: CodeIndex, outcome: Outcome) -> None:
    blocking = [c for c in renames.CODES if _blocks(index, c)]
    if not blocking:
        return
    diagnostics = ruff_tool.check(root, python, isolated=False, select=blocking)
    targets = [t for d in diagnostics if (t := renames.target_for(d.path, d.line, d.code, d.message))]
    if not targets:
        return
    plan = fsutil.WritePlan(root)
    texts = {p: text for p in python if (text := plan.current(p)) is not None}
    other_texts = {}
    for rel in others:
        if rel in texts:
            continue
        try:
            other_texts[rel] = fsutil.read_repo_text(root, rel, PY_READ_LIMIT)
        except fsutil.Unreadable:
            continue
    result = renames.rename(texts, targets, other_texts)
    for path, text in result.texts.items():
        plan.add(path, text)
    written = plan.apply()
    outcome.changed += [p for p in written if p not in outcome.changed]
    outcome.actions += [f"renamed {r}" for r in result.renamed]
    outcome.skipped += result.skipped
    outcome.unseen += result.unseen


def _blocks(index: CodeIndex, code: str) -> bool:
    convention = index.convention(f"ruff:{code}")
    return convention is not None and convention.level is Level.ERROR


def _ruff(root: Path, python: list[str], standards: Standards, index: CodeIndex, outcome: Outcome) -> None:
    codes = enforced_ruff_codes(standards)
    exe = ruff_tool.ruff_bin()
    if exe is None:
        return
    before = {p: _digest(root, p) for p in python}
    if codes:
        args = [exe, "check", "--fix", "--no-cache", "--force-exclude", "--exit-zero", "--quiet"]
        args += ["--select", ",".join(codes)]
        for chunk in ruff_tool._chunks(python):
            ruff_tool._run([*args, "--", *chunk], root)
    if formatter_enforced(standards):
        for chunk in ruff_tool._chunks(python):
            ruff_tool._run([exe, "format", "--no-cache", "--force-exclude", "--quiet", "--", *chunk], root)
    fixed = [p for p in python if _digest(root, p) != before[p]]
    if fixed:
        outcome.changed += [p for p in fixed if p not in outcome.changed]
        what = "ruff check --fix" + (" and ruff format" if formatter_enforced(standards) else "")
        outcome.actions.append(f"{what} changed {len(fixed)} file{'s' if len(fixed) != 1 else ''}")


def _digest(root: Path, rel: str) -> bytes:
    try:
        return fsutil.read_repo_bytes(root, rel)
    except fsutil.Unreadable:
        return b""
