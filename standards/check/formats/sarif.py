"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers.

Locations are repository-relative URIs against the ``%SRCROOT%`` base, so the file is the
same on every machine. Each rule that has findings is described once in
``tool.driver.rules``: our own rules carry their full documentation, linter codes a short
text pointing to the playbook. ``partialFingerprints`` carries the baseline fingerprint so
that viewers track a violation across commits as the baseline does.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from standards import __version__
from standards.check.formats.text import explain_name, plain_message, unique
from standards.check.report import Report
from standards.model import Finding, Level
from standards.rules import get_rule

NAME = "sarif"
SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "standards/v1"

_LEVELS = {Level.ERROR: "error", Level.WARN: "warning", Level.INFO: "note", Level.OFF: "none"}


def render(report: Report, color: bool) -> str:
    """The report as a SARIF 2.1.0 log (``color`` is ignored)."""
    return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"


def sarif_log(report: Report) -> dict[str, Any]:
    """The report as a SARIF log object with a single run."""
    rule_ids = sorted({f.rule for f in report.findings})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    rules = [_rule(rule_id, _of_rule(report.findings, rule_id), report.playbook) for rule_id in rule_ids]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "standards",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }
        },
        "originalUriBaseIds": {SRCROOT: {"description": {"text": "The root of the repository."}}},
        "invocations": [_invocation(report)],
        "results": [_result(f, index[f.rule], report.playbook) for f in report.findings],
        "columnKind": "unicodeCodePoints",
        "properties": {
            "mode": report.mode,
            "baselined": report.baselined,
            "stale": list(report.stale),
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _of_rule(findings: list[Finding], rule_id: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule_id]


def _rule(rule_id: str, findings: list[Finding], playbook: str) -> dict[str, Any]:
    """A reportingDescriptor: our rule's documentation, or a pointer for a linter code."""
    strongest = min((f.level for f in findings), key=lambda level: level.rank)
    anchor = next((f.anchor for f in findings if f.anchor), "")
    own = get_rule(rule_id) if rule_id.startswith("standards:") else None
    see = _see(rule_id, anchor, playbook)
    if own is not None:
        short = own.title
        help_text = f"{own.doc.what}\n\n{see}"
        help_markdown = f"{own.doc.markdown(own.title)}\n{see}\n"
    else:
        tool, _, code = rule_id.partition(":")
        short = f"{tool} {code}" if code else rule_id
        help_text = f"Reported by {tool} as {code}; enforces a convention of this repository. {see}"
        help_markdown = help_text
    return {
        "id": rule_id,
        "shortDescription": {"text": short},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": _LEVELS[strongest]},
    }


def _see(rule_id: str, anchor: str, playbook: str) -> str:
    explain = f"Run `standards explain {explain_name(rule_id)}`"
    if anchor:
        return f"See `{playbook}#{anchor}`. {explain}."
    return f"{explain}."


def _result(finding: Finding, rule_index: int, playbook: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _LEVELS[finding.level],
        "message": {"text": plain_message(finding, playbook)},
        "locations": [{"physicalLocation": _physical_location(finding)}],
    }
    if finding.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    return result


def _physical_location(finding: Finding) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": quote(finding.path, safe="/"), "uriBaseId": SRCROOT}}
    if finding.line >= 1:
        region: dict[str, int] = {"startLine": finding.line}
        if finding.column >= 1:
            region["startColumn"] = finding.column
        if finding.end_line is not None and finding.end_line >= finding.line:
            region["endLine"] = finding.end_line
        location["region"] = region
    return location


def _invocation(report: Report) -> dict[str, Any]:
    """Whether the check ran, and the tool notes as notifications."""
    notes = [{"level": "warning", "message": {"text": note}} for note in unique(report.tool_notes)]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return invocation
