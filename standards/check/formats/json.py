"""JSON output: every finding with its fix, for tools and agents that parse the result.

The document follows ``standards/schemas/findings.schema.json`` (documented in
``docs/json-output.md``). ``version`` changes only when a field is removed or changes
meaning; new fields may appear within a version, so readers should ignore unknown keys.
"""

from __future__ import annotations

import json
from typing import Any

from standards import __version__
from standards.check.formats.text import unique
from standards.check.report import Report
from standards.model import Finding, Fix

NAME = "json"
SCHEMA_VERSION = 1


def render(report: Report, color: bool) -> str:
    """The report as a JSON document (``color`` is ignored)."""
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"


def document(report: Report) -> dict[str, Any]:
    """The report as plain data, in the shape of findings.schema.json."""
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "standards", "version": __version__},
        "root": report.root_name,
        "mode": report.mode,
        "playbook": report.playbook,
        "findings": [_finding(f) for f in report.findings],
        "summary": {
            "files_checked": report.files_checked,
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "baselined": report.baselined,
            "stale": len(report.stale),
            "ratchet_failed": report.ratchet_failed,
            "exit_code": report.exit_code,
        },
        "stale": list(report.stale),
        "tool_notes": unique(report.tool_notes),
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "rule": finding.rule,
        "level": finding.level.value,
        "message": finding.message,
        "why": finding.why,
        "fix": _fix(finding.fix) if finding.fix is not None else None,
        "anchor": finding.anchor,
        "fingerprint": finding.fingerprint,
        "whole_file": finding.whole_file,
    }


def _fix(fix: Fix) -> dict[str, str]:
    return {"description": fix.description, "replacement": fix.replacement, "command": fix.command}
