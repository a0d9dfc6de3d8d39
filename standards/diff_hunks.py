"""A unified diff's changed lines, read as the check reads them: the staged diff's git
arguments, the parse of its hunks (new-side line numbers, files the diff creates), and the
text of the changed lines that rules screen. Standard library only: :mod:`standards.gitutil`
and :mod:`standards.webmodel.diffscope` use it, and so does the hook's quick verdict.
"""

from __future__ import annotations

import re

# `git diff-index ARGS HEAD --`: the index against HEAD, from plumbing that reads only objects (no
# work-tree file, so no filter; no textconv, no external diff); explicit prefixes and no relative
# paths, so the user's diff settings cannot change the paths
STAGED_DIFF_ARGS = (
    "diff-index",
    "--cached",
    "-p",
    "-U0",
    "-M",
    "--inter-hunk-context=0",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--no-relative",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    "--diff-filter=ACMR",
)
_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def parse(out: bytes) -> tuple[dict[str, set[int]], set[str]]:
    """Per path, the new-side line numbers a ``-U0`` diff changes; and the files it creates."""
    lines: dict[str, set[int]] = {}
    new_files: set[str] = set()
    current: str | None = None
    old_was_null = False
    for line in out.split(b"\n"):
        if line.startswith(b"--- "):
            old_was_null = line[4:] == b"/dev/null"
        elif line.startswith(b"+++ "):
            target = line[4:]
            current = None if target == b"/dev/null" else _strip_prefix(target)
            if current is not None:
                lines.setdefault(current, set())
                if old_was_null:
                    new_files.add(current)
        elif line.startswith(b"@@") and current is not None:
            m = _HUNK.match(line)
            if m:
                start = int(m.group(1))
                count = int(m.group(2)) if m.group(2) is not None else 1
                lines[current].update(range(start, start + count))
    return lines, new_files


def changed_text(changed: set[int] | None, new_file: bool, text: str | None, context: int = 3) -> str:
    """The lines a diff changed (``changed``), with ``context`` lines around each; the whole
    text of a new file."""
    if new_file:
        return text or ""
    if not changed or not text:
        return ""
    lines = text.split("\n")
    keep = sorted({n for line in changed for n in range(line - context, line + context + 1) if 0 < n <= len(lines)})
    return "\n".join(lines[n - 1] for n in keep)


def _strip_prefix(target: bytes) -> str:
    """The path of a ``+++`` line: git appends a tab to names with spaces and C-quotes names
    with special or (core.quotePath) non-ASCII bytes."""
    if target.endswith(b"\t"):
        target = target[:-1]
    if target.startswith(b'"') and target.endswith(b'"') and len(target) >= 2:
        target = unquote_c(target[1:-1])
    text = target.decode("utf-8", "surrogateescape")
    return text.removeprefix("b/")


_C_ESCAPES = {
    ord("a"): 7,
    ord("b"): 8,
    ord("t"): 9,
    ord("n"): 10,
    ord("v"): 11,
    ord("f"): 12,
    ord("r"): 13,
    ord('"'): 34,
    ord("\\"): 92,
}


def unquote_c(quoted: bytes) -> bytes:
    """Undo git's C-style quoting (``\\t``, ``\\"``, ``\\303\\251``...) on raw bytes."""
    out = bytearray()
    i, n = 0, len(quoted)
    while i < n:
        byte = quoted[i]
        if byte != 92 or i + 1 == n:  # not a backslash
            out.append(byte)
            i += 1
            continue
        nxt = quoted[i + 1]
        octal = quoted[i + 1 : i + 4]
        if len(octal) == 3 and all(48 <= b <= 55 for b in octal):
            out.append(int(octal, 8) & 0xFF)
            i += 4
        else:
            out.append(_C_ESCAPES.get(nxt, nxt))
            i += 2
    return bytes(out)
