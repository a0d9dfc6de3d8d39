"""Pointers for coding agents: a short marked section in their context files.

AGENTS.md always gets the section (the file is created when absent); CLAUDE.md and
.github/copilot-instructions.md get it when they exist, and a Cursor rule file is written
when the repository has a .cursor directory. The section is one short paragraph:
where the playbook is, what it holds, and the two commands that matter. It sits between
``<!-- standards:begin -->`` and ``<!-- standards:end -->``, each alone on its line (a marker
quoted in a sentence or inside a fenced code block is text, not a marker); a later run
replaces exactly that span, so the text around it is never touched and a second run changes
nothing. Markers that do not pair up stop the run (exit 2) with the file left as it is.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from standards.emitters import EmitEnv
from standards.errors import ConfigError
from standards.fsutil import WritePlan, inside
from standards.model import Standards

ORDER = 90
BEGIN = "<!-- standards:begin -->"
END = "<!-- standards:end -->"

AGENTS = "AGENTS.md"
IF_PRESENT = ("CLAUDE.md", ".github/copilot-instructions.md")
CURSOR_DIR = ".cursor"
CURSOR_RULE = ".cursor/rules/standards.mdc"

AGENTS_PREAMBLE = "# Notes for coding agents\n\n"
CURSOR_PREAMBLE = (
    "---\ndescription: How code is written in this repository and how commits are checked\nalwaysApply: true\n---\n\n"
)

_IMPORTS_AGENTS = re.compile(r"(?:^|\s)@AGENTS\.md\b")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


class AmbiguousMarkers(ValueError):
    """The markers of a file do not delimit exactly one section; the message says why."""


@dataclass(frozen=True)
class Span:
    """Where the marked section is: character offsets of its begin line and of its end marker's end."""

    start: int
    stop: int


def emit(standards: Standards, plan: WritePlan, env: EmitEnv) -> list[str]:
    """Add or refresh the section in every agent file of the repository."""
    notes: list[str] = []
    written: set[str] = set()
    for rel, preamble in _targets(env.root):
        target = _real_path(env.root, rel)
        if target is None:
            notes.append(f"{rel}: a symlink that leads outside the repository; its section was not written")
            continue
        if target in written:
            continue
        current = plan.current(target)
        if rel == "CLAUDE.md" and current is not None and _IMPORTS_AGENTS.search(current):
            continue  # CLAUDE.md includes AGENTS.md, which has the section
        try:
            updated = with_section(current, section(env.playbook_path, target), preamble)
        except AmbiguousMarkers as exc:
            raise ConfigError(target, f"{exc}; fix the markers so that standards can update its section") from None
        written.add(target)
        if updated != current:
            plan.add(target, updated)
    return notes


def section(playbook: str, into: str) -> str:
    """The marked section for the file ``into``; the playbook link is relative to it."""
    link = posixpath.relpath(playbook, posixpath.dirname(into) or ".")
    return (
        f"{BEGIN}\n"
        "## Coding standards\n"
        "\n"
        f"Read [{playbook}]({link}) before writing code: where a new feature goes here, how to run the\n"
        "tests, which code not to copy, and what the pre-commit hook enforces. Check a change with\n"
        "`standards check --staged` (the hook and CI run it too, so `--no-verify` only postpones the\n"
        "failure); `standards explain <rule>` says why a rule holds and how to fix its findings.\n"
        f"{END}"
    )


def with_section(current: str | None, block: str, preamble: str) -> str:
    """``current`` with ``block`` in place of its marked span, or appended when it has none.

    The text before and after the section keeps every byte, including whether the file ends
    with a newline. Raises :class:`AmbiguousMarkers` when the markers do not pair up.
    """
    if current is None or not current.strip():
        return preamble + block + "\n"
    span = find_section(current)
    if span is not None:
        return current[: span.start] + block + current[span.stop :]
    if not current.endswith("\n"):
        return current + "\n\n" + block
    return current + ("" if current.endswith("\n\n") else "\n") + block + "\n"


def find_section(text: str) -> Span | None:
    """The one marked section of ``text``, None when it has no markers at all.

    A marker counts only alone on its line (up to three spaces of indentation, as Markdown
    allows) and outside fenced code blocks.
    """
    begins: list[tuple[int, int]] = []  # (line number, offset of the line)
    ends: list[tuple[int, int]] = []
    fence = ""
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        content = line.rstrip("\r\n")
        opened = _FENCE.match(content)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
        elif opened:
            fence = opened.group(1)
        elif _is_marker(content, BEGIN):
            begins.append((number, offset))
        elif _is_marker(content, END):
            ends.append((number, offset + len(content)))
        offset += len(line)
    if not begins and not ends:
        return None
    if len(begins) != 1 or len(ends) != 1:
        raise AmbiguousMarkers(_describe(begins, ends))
    (begin_line, start), (end_line, stop) = begins[0], ends[0]
    if end_line < begin_line:
        raise AmbiguousMarkers(f"`{END}` (line {end_line}) comes before `{BEGIN}` (line {begin_line})")
    return Span(start, stop)


def _is_marker(content: str, marker: str) -> bool:
    stripped = content.strip()
    return stripped == marker and len(content) - len(content.lstrip(" ")) <= 3


def _describe(begins: list[tuple[int, int]], ends: list[tuple[int, int]]) -> str:
    def lines(found: list[tuple[int, int]]) -> str:
        return ", ".join(str(n) for n, _ in found) or "none"

    return f"the standards markers do not pair up: `{BEGIN}` on lines {lines(begins)}, `{END}` on lines {lines(ends)}"


def _targets(root: Path) -> list[tuple[str, str]]:
    """The agent files to update, each with the text a new file starts with."""
    targets = [(AGENTS, AGENTS_PREAMBLE)]
    targets += [(rel, "") for rel in IF_PRESENT if (root / rel).is_file()]
    if (root / CURSOR_DIR).is_dir() and not (root / CURSOR_DIR).is_symlink():
        targets.append((CURSOR_RULE, CURSOR_PREAMBLE))
    return targets


def _real_path(root: Path, rel: str) -> str | None:
    """``rel`` with symlinks resolved, repo-relative; None when it leads outside the repo.

    Writing to the resolved path keeps a symlinked file (CLAUDE.md -> AGENTS.md) a symlink
    and gives the file it points to one section, not two.
    """
    path = root / rel
    if not path.is_symlink():
        return rel
    if not inside(root, path):
        return None
    return path.resolve().relative_to(root.resolve()).as_posix()
