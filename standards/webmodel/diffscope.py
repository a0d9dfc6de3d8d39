"""What a change touches, for rules that report only what a diff introduces."""

from __future__ import annotations

from standards.gitutil import DiffInfo


def touches(diff: DiffInfo | None, path: str, start: int, end: int | None = None) -> bool:
    """True outside a diff, or when the diff changed a line of ``path`` in [start, end]."""
    if diff is None:
        return True
    lines = diff.lines.get(path)
    if not lines:
        return False
    if path in diff.new_files:
        return True
    last = start if end is None else end
    return any(start <= n <= last for n in lines)


def source_line(text: str | None, line: int) -> str:
    lines = (text or "").split("\n")
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""
