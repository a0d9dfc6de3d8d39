"""INI files (tox.ini, setup.cfg) read by hand so that every value keeps its line numbers:
sections, keys and continuation lines, as tox and setuptools read them (no interpolation)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SECTION = re.compile(r"^\[([^\]]+)\]\s*$")
KEY = re.compile(r"^([A-Za-z0-9_.\-]+)\s*[=:](.*)$")


@dataclass
class Value:
    """A key's value as lines, each with its 1-based line number."""

    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(text for _, text in self.lines)


def parse(text: str) -> dict[str, dict[str, Value]]:
    """Sections -> keys -> values. Comment lines and blank lines inside a value are skipped."""
    sections: dict[str, dict[str, Value]] = {}
    current: dict[str, Value] | None = None
    value: Value | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        if raw[:1] in (" ", "\t"):
            if value is not None:
                value.lines.append((number, stripped))
            continue
        section = SECTION.match(stripped)
        if section:
            current = sections.setdefault(section.group(1).strip(), {})
            value = None
            continue
        key = KEY.match(stripped)
        if key and current is not None:
            value = Value(number)
            first = key.group(2).strip()
            if first:
                value.lines.append((number, first))
            current[key.group(1).strip().lower()] = value
        else:
            value = None
    return sections
