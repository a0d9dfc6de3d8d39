"""What a change touches, for rules that report only what a diff introduces."""

from __future__ import annotations

from standards import diff_hunks
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


def changed_text(diff: DiffInfo | None, path: str, text: str | None, context: int = 3) -> str:
    """The lines of ``path`` a diff changed, with ``context`` lines around each (a call that
    starts a line or two above its ``.filter(``); the whole text outside a diff or for a
    new file."""
    if diff is None:
        return text or ""
    return diff_hunks.changed_text(diff.lines.get(path), path in diff.new_files, text, context)
