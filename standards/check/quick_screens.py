"""The screens of the hook's quick verdict (:mod:`standards.check.quick`): for a rule of ours
that applies to a Python change, whether it may find something in one staged file.

Each screen is a necessary condition of the rule's own check, read from that check (each
docstring names the line it follows): where the screen says no, the rule finds nothing, so the
quick verdict may answer for it; where it says yes, the change goes to the check. What a screen
needs from the repository (a pattern, the handler files) comes from the rule module's
``quick_data`` through the plan. tests/test_quick_verdict.py holds each screen to its rule.
Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from standards import diff_hunks


class Staged:
    """One staged file as the screens see it: its text, and the lines the change gives it."""

    __slots__ = ("changed", "new", "path", "text")

    def __init__(self, path: str, text: str, changed: set[int] | None, new: bool) -> None:
        self.path = path
        self.text = text
        self.changed = changed
        self.new = new

    def changed_text(self, context: int) -> str:
        return diff_hunks.changed_text(self.changed, self.new, self.text, context)


def hot_column_index(f: Staged, data: dict) -> bool:
    """hot_column_index.check returns at once on a change whose changed text (3 lines around each
    changed line, a new file whole) matches none of ``_SCHEMA_OR_QUERY``'s words."""
    return re.search(data["pattern"], f.changed_text(3)) is not None


_IMPORT_WORD = re.compile(r"\b(?:import|from)\b")


def layering(f: Staged, data: dict) -> bool:
    """layering reports an import edge out of a file a layer's path holds (``crosses`` needs the
    source's layer; a path the plan never listed may be one) and only where
    ``touches(diff, path, edge.line)``: the edge's line (its statement's first, which holds
    ``import`` or ``from``) is a changed one. Text outside ASCII may spell a keyword other ways."""
    if f.path in data["known"] and f.path not in data["layered"]:
        return False
    text = f.changed_text(0)
    return not text.isascii() or _IMPORT_WORD.search(text) is not None


def thin_controller(f: Staged, data: dict) -> bool:
    """Handlers of a Python file are looked for (webmodel._python) only where its path is a
    handler layer's (``layer_of``, listed in the plan) or its text holds ``ROUTE_HINT``; a
    path the plan never listed may be either."""
    known, handlers = data["known"], data["handlers"]
    return f.path not in known or f.path in handlers or re.search(data["route_hint"], f.text) is not None


_BETWEEN = r"(?:\s|\\\n|#[^\n]*)*"  # what may stand between two tokens in brackets: blanks, comments, breaks


def py_module_logger(f: Staged, data: dict) -> bool:
    """py_module_logger reports ``logging.<call>(...)`` (an attribute of the name ``logging``);
    in ASCII text that is ``logging``, a dot and the call's name with only blanks, comments and
    line breaks between. Text outside ASCII may spell the name other ways (NFKC): it may."""
    if not f.text.isascii():
        return True
    calls = "|".join(re.escape(c) for c in data["calls"])
    return re.search(rf"\blogging\b{_BETWEEN}\.{_BETWEEN}(?:{calls})\b", f.text) is not None


def large_change(lines: dict[str, set[int]], data: dict) -> bool:
    """large-change reports a change whose counted added lines (``Change.size``, over the diff's
    lines of every staged file, lockfiles and generated files left out) pass its limit; the
    diff's lines of every file, counted or not, are at least that many."""
    return sum(len(changed) for changed in lines.values()) > data["limit"]


def py_test_file_name(f: Staged, data: dict) -> bool:
    """py-test-file-name reports a test module (a ``.py`` named ``test_*`` or ``*_test``, not
    conftest or __init__) whose name does not follow the repository's pattern."""
    name = f.path.rsplit("/", 1)[-1]
    if not name.endswith(".py") or name in ("conftest.py", "__init__.py"):
        return False
    stem = name[: -len(".py")]
    if not (stem.startswith("test_") or stem.endswith("_test")):
        return False
    return not (stem.startswith("test_") if data["pattern"] == "test_*.py" else stem.endswith("_test"))


# screens of the change as a whole, given each staged file's changed lines (all files, not only Python)
CHANGE_SCREENS: dict[str, Callable[[dict[str, set[int]], dict], bool]] = {"large-change": large_change}
SCREENS: dict[str, Callable[[Staged, dict], bool]] = {
    "hot-column-index": hot_column_index,
    "layering": layering,
    "thin-controller": thin_controller,
    "py-module-logger": py_module_logger,
    "py-test-file-name": py_test_file_name,
}
