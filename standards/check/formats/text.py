"""Plain-text output: what a person or a coding agent reads in a refused commit.

Findings are grouped by file (files with errors first), one line each; then, once per rule,
why the rule exists here, how to fix it and where to read more. A fix that differs between
findings of a rule (a derived rename, a replacement line) is printed under its finding::

    app/views/orders.py
      42:5  error  standards:thin-controller  create_order has 64 statements; handlers ...
      57:1  error  ruff:E501  Line too long (130 > 120)

    standards:thin-controller (1)
      why: this repo keeps logic in app/services/ where it is tested without HTTP.
      fix: move the body into app/services/orders.py and call it from the handler.
      see: playbook.md#thin-controller · standards explain thin-controller

Tool notes come next, once each, and the last line is the verdict, so that the tail of a
hook's or a CI job's log says what happened.
"""

from __future__ import annotations

from standards.check.report import Report
from standards.model import Finding, Fix, Level

NAME = "text"

_INDENT = "  "
_DETAIL_INDENT = _INDENT * 4
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
    shared = _shared_fixes(report.findings)
    blocks = [_file_block(group, shared, paint) for group in _groups(report.findings)]
    for rule, group in _by_rule(report.findings):
        blocks.append(_rule_block(rule, group, shared.get(rule), report.playbook, paint))
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
    """Findings grouped by file, files with errors first, each file's findings by position."""
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    groups = [sorted(g, key=lambda f: (f.line, f.column, f.level.rank, f.rule)) for g in by_path.values()]
    return sorted(groups, key=lambda g: (min(f.level.rank for f in g), g[0].path))


def _by_rule(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings per rule, the rules in the order of their most severe finding, then by name."""
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    return sorted(by_rule.items(), key=lambda item: (min(f.level.rank for f in item[1]), item[0]))


def _shared_fixes(findings: list[Finding]) -> dict[str, Fix | None]:
    """Per rule, the fix when every finding of the rule has the same one (printed once, with
    the rule); rules whose findings' fixes differ are absent (printed under each finding)."""
    fixes: dict[str, list[Fix | None]] = {}
    for finding in findings:
        fixes.setdefault(finding.rule, []).append(finding.fix)
    return {rule: found[0] for rule, found in fixes.items() if all(f == found[0] for f in found)}


def _file_block(findings: list[Finding], shared: dict[str, Fix | None], paint: _Paint) -> str:
    lines = [paint(findings[0].path, _BOLD)]
    for finding in findings:
        lines += _finding_lines(finding, paint, own_fix=finding.rule not in shared)
    return "\n".join(lines)


def _finding_lines(finding: Finding, paint: _Paint, own_fix: bool) -> list[str]:
    level = paint(_LEVEL_WORDS[finding.level], _LEVEL_COLORS.get(finding.level, ""))
    position = f"{max(finding.line, 1)}:{max(finding.column, 1)}"
    first, *rest = finding.message.strip("\n").split("\n")
    lines = [f"{_INDENT}{position}  {level}  {paint(finding.rule, _CYAN)}  {first}"]
    lines += [_DETAIL_INDENT + line for line in rest]
    if own_fix and finding.fix is not None:
        lines += [_DETAIL_INDENT[len(_INDENT) :] + line if line else "" for line in _fix_lines(finding.fix, paint)]
    return lines


def _rule_block(rule: str, findings: list[Finding], fix: Fix | None, playbook: str, paint: _Paint) -> str:
    """Why, the shared fix and where to read more, once for all findings of ``rule``."""
    lines = [f"{paint(rule, _CYAN)} ({len(findings)})"]
    why = next((f.why for f in findings if f.why), "")
    if why:
        lines += _labelled("why:", why, paint)
    if fix is not None:
        lines += _fix_lines(fix, paint)
    lines += _labelled("see:", see_line(findings[0], playbook), paint)
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
