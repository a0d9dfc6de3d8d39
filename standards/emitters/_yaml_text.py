"""Textual edits of a person's YAML file: insert or replace whole lines, keep every other byte.

The merges of ``.pre-commit-config.yaml`` and ``.rubocop.yml`` parse the file with ruamel.yaml
only to learn where things are (its line and column marks), then change the text itself, so
indentation, comments, quoting and blank lines outside the edited lines stay as written.
A layout these helpers do not handle raises :class:`NeedsRoundTrip`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class NeedsRoundTrip(Exception):
    """The file's layout is one the textual edit does not handle."""


@dataclass(frozen=True)
class Edit:
    """Replace lines ``start`` to ``stop`` (exclusive, 0-based) with ``lines``."""

    start: int
    stop: int
    lines: tuple[str, ...]


def is_flow(node: Any) -> bool:
    """True for a ``[...]`` or ``{...}`` collection."""
    fa = getattr(node, "fa", None)
    return bool(fa is not None and fa.flow_style())


def dash(lines: list[str], seq: Any, index: int) -> tuple[int, int]:
    """Line and column of the ``-`` that starts item ``index`` of a block sequence."""
    if is_flow(seq):
        raise NeedsRoundTrip
    line, col = seq.lc.item(index)
    before = lines[line][:col].rstrip(" ")
    if not before.endswith("-") or before[:-1].strip():
        raise NeedsRoundTrip
    return line, len(before) - 1


def item_end(lines: list[str], start: int, dash_col: int) -> int:
    """The line after the last line of the block item whose ``-`` is at (start, dash_col);
    blank and comment lines after its content are not part of it."""
    end = start + 1
    for number in range(start + 1, len(lines)):
        stripped = lines[number].strip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(lines[number]) - len(lines[number].lstrip(" ")) <= dash_col:
            break
        end = number + 1
    return end


def first_key_line(doc: Any, lines: list[str]) -> int:
    """The line of the first key of a mapping document (where a new first key goes)."""
    first = next(iter(doc), None)
    return doc.lc.key(first)[0] if first is not None else len(lines)


def apply(lines: list[str], edits: list[Edit]) -> str:
    """``lines`` with every edit made (edits must not overlap)."""
    out = list(lines)
    if out and not out[-1].endswith("\n") and any(e.start == len(lines) for e in edits):
        out[-1] += "\n"
    for edit in sorted(edits, key=lambda e: (e.start, e.stop), reverse=True):
        out[edit.start : edit.stop] = list(edit.lines)
    return "".join(out)
