"""Which convention a linter finding belongs to, and so its level and playbook anchor.

A convention lists the tool codes that enforce it in ``enforced_by`` ("ruff:N802",
"eslint:semi", "rubocop:Style/StringLiterals"). A code may be a prefix ("ruff:D" covers
"ruff:D401"); the longest matching prefix wins, and among equals the strongest level.
"""

from __future__ import annotations

from dataclasses import dataclass

from standards.model import Convention, Level, Standards
from standards.ruff_codes import longest_prefix


@dataclass
class CodeIndex:
    by_code: dict[str, list[Convention]]

    @classmethod
    def build(cls, standards: Standards) -> "CodeIndex":
        by_code: dict[str, list[Convention]] = {}
        for conv in standards.conventions.values():
            for code in conv.enforced_by:
                by_code.setdefault(code, []).append(conv)
        return cls(by_code)

    def convention(self, code: str) -> Convention | None:
        """The convention behind a tool code such as "ruff:E501", or None."""
        tool, _, name = code.partition(":")
        key = longest_prefix(tool, name, self.by_code)
        candidates = self.by_code[key] if key is not None else []
        if not candidates:
            return None
        return min(candidates, key=lambda c: c.level.rank)

    def level(self, code: str, default: Level = Level.ERROR) -> Level:
        conv = self.convention(code)
        return conv.level if conv is not None else default

    def codes(self, tool: str, level: Level) -> list[str]:
        """Codes of ``tool`` whose strongest convention is exactly ``level``."""
        out = []
        for code, convs in self.by_code.items():
            if code.startswith(tool + ":"):
                if min(c.level.rank for c in convs) == level.rank:
                    out.append(code.split(":", 1)[1])
        return sorted(out)
