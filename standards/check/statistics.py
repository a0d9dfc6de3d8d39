"""``standards check --statistics``: one line per rule, the most frequent first, as ruff's::

        12     3 fixable  error    ruff:E501
         2              warning  standards:thin-controller

A finding is fixable when it carries a command that fixes it (``ruff check --fix``,
``ruff format``, ``eslint --fix``, ``rubocop -a``). The summary line follows.
"""

from __future__ import annotations

from collections import Counter

from standards.check.formats.text import summary_line
from standards.check.report import Report
from standards.model import Finding, Level


def render(report: Report) -> str:
    counts: Counter[str] = Counter(f.rule for f in report.findings)
    fixable: Counter[str] = Counter(f.rule for f in report.findings if _fixable(f))
    levels: dict[str, Level] = {}
    for finding in report.findings:
        current = levels.get(finding.rule)
        if current is None or finding.level.rank < current.rank:
            levels[finding.rule] = finding.level
    lines = []
    for rule, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        fix = f"{fixable[rule]:>5} fixable" if fixable[rule] else " " * 13
        lines.append(f"{count:>6} {fix}  {levels[rule].value:<7}  {rule}")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def _fixable(finding: Finding) -> bool:
    return finding.fix is not None and bool(finding.fix.command)
