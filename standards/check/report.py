"""The result of a check, as every output format receives it."""

from __future__ import annotations

from dataclasses import dataclass, field

from standards.model import Finding, Level


@dataclass
class Report:
    root_name: str
    mode: str  # all | staged | diff | files
    files_checked: int
    findings: list[Finding] = field(default_factory=list)  # new (not baselined), sorted
    baselined: int = 0  # findings the baseline absorbed
    stale: list[str] = field(default_factory=list)  # baseline fingerprints no longer found
    tool_notes: list[str] = field(default_factory=list)  # "ESLint not installed: ..." once each
    ratchet_failed: bool = False  # baseline could shrink but was not updated (CI)
    playbook: str = "playbook.md"

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level is Level.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level is Level.WARN]

    @property
    def exit_code(self) -> int:
        return 1 if self.errors or self.ratchet_failed else 0
