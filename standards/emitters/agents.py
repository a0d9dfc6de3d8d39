"""Pointers for coding agents: a short marked section in their context files.

AGENTS.md always gets the section (the file is created when absent); CLAUDE.md and
.github/copilot-instructions.md get it when they exist, and a Cursor rule file is written
when the repository has a .cursor directory. The section says only what the code cannot:
where the playbook is and the two commands that matter. It sits between
``<!-- standards:begin -->`` and ``<!-- standards:end -->``; a later run replaces exactly
that span, so the text around it is never touched and a second run changes nothing.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from standards.emitters import EmitEnv
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


def emit(standards: Standards, plan: WritePlan, env: EmitEnv) -> list[str]:
    """Add or refresh the section in every agent file of the repository."""
    notes: list[str] = []
    written: set[str] = set()
    for rel, preamble in _targets(env.root):
        target = _real_path(env.root, rel)
        if target is None or target in written:
            continue
        current = plan.current(target)
        if rel == "CLAUDE.md" and current is not None and _IMPORTS_AGENTS.search(current):
            continue  # CLAUDE.md includes AGENTS.md, which has the section
        updated = with_section(current, section(env.playbook_path, target), preamble)
        if updated is None:
            notes.append(
                f"{target}: `{BEGIN}` and `{END}` do not pair up; fix them so that standards can update its section"
            )
            continue
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
        "Commits are checked against this repository's conventions, listed with examples in\n"
        f"[{playbook}]({link}). Read it before writing code.\n"
        "\n"
        "- `standards check --staged`: check what you are about to commit. The pre-commit hook\n"
        "  and CI run the same check, so `--no-verify` only postpones the failure.\n"
        "- `standards explain <rule>`: why a rule holds here and how to fix its findings.\n"
        f"{END}"
    )


def with_section(current: str | None, block: str, preamble: str) -> str | None:
    """``current`` with ``block`` in place of its marked span, or appended when it has none.

    Returns None when the markers do not pair up (a begin without an end, or the reverse).
    """
    if current is None or not current.strip():
        return preamble + block + "\n"
    begin = current.find(BEGIN)
    end = current.find(END, begin + len(BEGIN)) if begin != -1 else -1
    if begin == -1 and END not in current:
        return current.rstrip("\n") + "\n\n" + block + "\n"
    if begin == -1 or end == -1:
        return None
    return current[:begin] + block + current[end + len(END) :]


def _targets(root: Path) -> list[tuple[str, str]]:
    """The agent files to update, each with the text a new file starts with."""
    targets = [(AGENTS, AGENTS_PREAMBLE)]
    targets += [(rel, "") for rel in IF_PRESENT if (root / rel).is_file()]
    if (root / CURSOR_DIR).is_dir():
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
