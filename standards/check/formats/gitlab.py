"""GitLab Code Quality: the Code Climate JSON that GitLab shows in a merge request's Code
Quality widget and on its diff (``artifacts: reports: codequality: <file>``).

Each finding is an issue with ``description``, ``check_name``, ``fingerprint``, ``severity``
and ``location.path``/``location.lines.begin``. GitLab compares the reports of the source
and target branches by fingerprint, so a fingerprint must not change when unrelated lines
move: it is the finding's own (rule, path and the offending line's text), not its position.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from standards.check.formats.text import plain_message
from standards.check.report import Report
from standards.model import Finding, Level

NAME = "gitlab"

_SEVERITY = {Level.ERROR: "major", Level.WARN: "minor", Level.INFO: "info"}


def render(report: Report, color: bool) -> str:
    """The findings as a Code Climate JSON array (``color`` is ignored)."""
    issues = [issue(f, report.playbook) for f in report.findings if f.level in _SEVERITY]
    return json.dumps(_unique_fingerprints(issues), indent=2, ensure_ascii=False) + "\n"


def issue(finding: Finding, playbook: str) -> dict[str, Any]:
    """One Code Climate issue."""
    return {
        "type": "issue",
        "description": finding.message,
        "content": {"body": plain_message(finding, playbook)},
        "check_name": finding.rule,
        "categories": ["Style"],
        "fingerprint": fingerprint(finding),
        "severity": _SEVERITY[finding.level],
        "location": {"path": finding.path, "lines": {"begin": max(finding.line, 1)}},
    }


def fingerprint(finding: Finding) -> str:
    """The finding's baseline fingerprint when it has one, else one made the same way."""
    if finding.fingerprint:
        return finding.fingerprint
    key = "\0".join((finding.rule, finding.path, finding.source_line.strip() or finding.message))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _unique_fingerprints(issues: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Two identical findings in one file (the same line twice) get distinct fingerprints,
    numbered in order, as GitLab drops repeated ones."""
    seen: dict[str, int] = {}
    for item in issues:
        base = item["fingerprint"]
        count = seen.get(base, 0)
        seen[base] = count + 1
        if count:
            item["fingerprint"] = hashlib.sha256(f"{base}:{count}".encode()).hexdigest()[:32]
    return issues
