"""Plain-text output: what a person or a coding agent reads in a refused commit.

Findings are grouped by file, errors before warnings, each followed by why the rule exists
here, how to fix it and where to read more::

    app/views/orders.py:42  standards:thin-controller  error
      create_order has 64 statements; handlers in this repo have at most 18.
      why: this repo keeps logic in app/services/ where it is tested without HTTP.
      fix: move the body into app/services/orders.py and call it from the handler.
      see: playbook.md#thin-controller · standards explain thin-controller

Tool notes come next, once each, and the last line is the verdict, so that the tail of a
hook's or a CI job's log says what happened.
"""

from __future__ import annotations

from itertools import groupby

from standards.check.report import Report
from standards.model import Finding, Fix, Level

NAME = "text"

_INDENT = "  "
_FIX_INDENT = _INDENT + " " * len("fix: ")
_CODE_INDENT = _FIX_INDENT + "    "

_RESET = "\033[0m"
_BOLD = "\033[1m"
_DIM = "\033[2m"
_RED = "\033[31m"
_GREEN = "\033[32m"
_YELLOW = "\033[33m"
_CYAN = "\033[36m"

_LEVEL_COLORS = {Level.ERROR: _RED, Level.WARN: _YELLOW}
_LEVEL_WORDS = {Level.ERROR: "error", Level.WARN: "warning", Level.INFO: "info", Level.OFF: "off"}


def render(report: Report, color: bool) -> str:
    """The report as text; ANSI colours only when ``color`` is True."""
    paint = _Paint(color)
    blocks = [_file_block(group, report.playbook, paint) for group in _groups(report.findings)]
    tail = [f"{paint('note:', _DIM)} {note}" for note in unique(report.tool_notes)]
    verdict = summary_line(report)
    tail.append(paint(verdict, _BOLD + (_RED if report.exit_code else _GREEN)))
    return "\n\n".join([*blocks, "\n".join(tail)]) + "\n"


def explain_name(rule: str) -> str:
    """The argument of ``standards explain`` for a finding's rule.

    "standards:thin-controller" -> "thin-controller", "ruff:E501" -> "E501",
    "rubocop:Style/StringLiterals" -> "Style/StringLiterals".
    """
    _, sep, name = rule.partition(":")
    return name if sep else rule


def see_line(finding: Finding, playbook: str) -> str:
    """Where to read more: the playbook section, then the explain command."""
    parts = [f"{playbook}#{finding.anchor}"] if finding.anchor else []
    parts.append(f"standards explain {explain_name(finding.rule)}")
    return " · ".join(parts)


def plain_message(finding: Finding, playbook: str) -> str:
    """The message with its why, fix and see lines, uncoloured and unindented.

    For the formats that show one block of text per finding (SARIF, GitHub annotations).
    """
    lines = [finding.message]
    if finding.why:
        lines.append(f"why: {finding.why}")
    if finding.fix is not None:
        fix = finding.fix
        if fix.description:
            lines.append(f"fix: {fix.description}")
        if fix.replacement:
            lines += _indented(fix.replacement.strip("\n"), "    ")
        if fix.command:
            lines.append(f"run: {fix.command}")
    lines.append(f"see: {see_line(finding, playbook)}")
    return "\n".join(lines)


def summary_line(report: Report) -> str:
    """One line: how many new violations where, what the baseline absorbed, the verdict."""
    errors = report.errors
    warnings = len(report.warnings)
    aside = _baseline_aside(report)
    if errors:
        files = len({f.path for f in errors})
        head = f"{_count(len(errors), 'new violation')} in {_count(files, 'file')}"
    else:
        head = f"No new violations in {_count(report.files_checked, 'file')}"
    if warnings:
        head += f", {_count(warnings, 'warning')}"
    if aside:
        head += f" ({aside})"
    if report.ratchet_failed and not report.stale:
        head += "; the baseline can shrink: run `standards baseline` and commit it"
    return head + "." + _verdict(report)


def unique(items: list[str]) -> list[str]:
    """``items`` without repeats, in first-seen order."""
    return list(dict.fromkeys(items))


def _groups(findings: list[Finding]) -> list[list[Finding]]:
    """Findings grouped by file: all files with errors first, then the other levels."""
    ordered = sorted(findings, key=lambda f: (f.level.rank, f.path, f.line, f.column, f.rule))
    return [list(g) for _, g in groupby(ordered, key=lambda f: (f.level.rank, f.path))]


def _file_block(findings: list[Finding], playbook: str, paint: _Paint) -> str:
    return "\n".join(_finding_lines(f, playbook, paint) for f in findings)


def _finding_lines(finding: Finding, playbook: str, paint: _Paint) -> str:
    level = paint(_LEVEL_WORDS[finding.level], _LEVEL_COLORS.get(finding.level, ""))
    head = f"{paint(finding.location, _BOLD)}  {paint(finding.rule, _CYAN)}  {level}"
    lines = [head, *_indented(finding.message, _INDENT)]
    if finding.why:
        lines += _labelled("why:", finding.why, paint)
    if finding.fix is not None:
        lines += _fix_lines(finding.fix, paint)
    lines += _labelled("see:", see_line(finding, playbook), paint)
    return "\n".join(lines)


def _fix_lines(fix: Fix, paint: _Paint) -> list[str]:
    """The description, then the replacement indented as code, then the command."""
    command = [f"{_FIX_INDENT}run: {fix.command}"] if fix.command else []
    description = fix.description
    if not description:
        description = "replace with:" if fix.replacement else f"run `{fix.command}`"
        command = command if fix.replacement else []
    code = _indented(fix.replacement.strip("\n"), _CODE_INDENT) if fix.replacement else []
    return [*_labelled("fix:", description, paint), *code, *command]


def _labelled(label: str, text: str, paint: _Paint) -> list[str]:
    first, *rest = text.strip("\n").split("\n")
    continuation = _INDENT + " " * (len(label) + 1)
    return [f"{_INDENT}{paint(label, _DIM)} {first}", *(continuation + line for line in rest)]


def _indented(text: str, prefix: str) -> list[str]:
    return [prefix + line if line else "" for line in text.split("\n")]


def _baseline_aside(report: Report) -> str:
    parts = []
    if report.baselined:
        parts.append(f"{report.baselined} baselined")
    if report.stale:
        commit = " and commit it" if report.ratchet_failed else ""
        parts.append(f"{len(report.stale)} baselined fixed: run `standards baseline`{commit}")
    return "; ".join(parts)


def _verdict(report: Report) -> str:
    if not report.exit_code:
        return ""
    return " Commit refused." if report.mode == "staged" else " Check failed."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class _Paint:
    """Wraps text in an ANSI style, or leaves it alone when colour is off."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, style: str) -> str:
        return f"{style}{text}{_RESET}" if self.enabled and style else text
