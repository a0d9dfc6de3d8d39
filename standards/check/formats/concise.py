"""One line per finding, as ruff's ``--output-format concise``::

    app/views/orders.py:42:5: standards:thin-controller create_order has 64 statements; ...

Tool notes and the verdict follow, so the tail of a log still says what happened.
"""

from __future__ import annotations

from standards.check.formats.text import summary_line, unique
from standards.check.report import Report
from standards.model import Finding

NAME = "concise"


def render(report: Report, color: bool) -> str:
    """Each finding on one line, sorted by file and position (``color`` is ignored)."""
    ordered = sorted(report.findings, key=lambda f: (f.path, f.line, f.column, f.rule))
    lines = [line(f) for f in ordered]
    lines += [f"note: {note}" for note in unique(report.tool_notes)]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def line(finding: Finding) -> str:
    """``path:line:col: rule message`` (the first line of the message)."""
    column = max(finding.column, 1)
    message = finding.message.strip().split("\n", 1)[0]
    return f"{finding.path}:{max(finding.line, 1)}:{column}: {finding.rule} {message}"
