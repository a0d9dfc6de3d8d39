r"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

    ::error file=app/views/orders.py,line=42,col=5,title=standards%3Athin-controller::create_...

Data (the message) escapes ``%``, ``\r`` and ``\n``; property values also escape ``:``
and ``,``. The summary line of the text format follows as a plain log line.
"""

from __future__ import annotations

from standards.check.formats.text import plain_message, summary_line, unique
from standards.check.report import Report
from standards.model import Finding, Level

NAME = "github"

_COMMANDS = {Level.ERROR: "error", Level.WARN: "warning", Level.INFO: "notice"}


def render(report: Report, color: bool) -> str:
    """One workflow command per finding, one per tool note, then the summary line."""
    lines = [annotation(f, report.playbook) for f in report.findings if f.level in _COMMANDS]
    lines += [f"::warning title=standards::{escape_data(note)}" for note in unique(report.tool_notes)]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def annotation(finding: Finding, playbook: str) -> str:
    """The workflow command that annotates ``finding``."""
    props = {"file": finding.path}
    if finding.line >= 1:
        props["line"] = str(finding.line)
        if finding.end_line is not None and finding.end_line >= finding.line:
            props["endLine"] = str(finding.end_line)
        if finding.column >= 1:
            props["col"] = str(finding.column)
    props["title"] = finding.rule
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props.items())
    return f"::{_COMMANDS[finding.level]} {rendered}::{escape_data(plain_message(finding, playbook))}"


def escape_data(text: str) -> str:
    """Escape a command's message: ``%`` first, then carriage returns and newlines."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as data, plus ``:`` and ``,``, which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
