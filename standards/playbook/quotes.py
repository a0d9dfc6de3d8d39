"""Check that every example with a location is a quote: the text shown next to a
``path:line`` is what that line of the repository says.

A snippet quotes a place when each of its non-blank lines is found, in order, on the
consecutive non-blank lines starting at that place (whitespace-normalised; ``...`` marks
an elision, so ``Model.objects.filter(...)`` quotes ``Model.objects.filter(pk=1)``).
A place without a snippet must at least exist: the file is in the repository and has the
line. Prose (an instruction such as "run `ruff format <file>`") is not a quote and is never
tied to a place.

The same checker reads ``standards.toml`` (a convention's ``do`` is a quote of its first
example unless it is prose, the file name of that example, or the convention has no located
example), ``do``/``dont`` text that names a location (``code  # path:line``), and playbook.md
(a backticked snippet right before ``(path:line)``); the bench calls :func:`check_written` on
what `standards init` wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from standards import fsutil, standards_file
from standards.model import Convention, Standards

_PATH = r"(?:[\w.@+-]+/)*[\w.@+-]+\.[A-Za-z0-9]+"  # a file path with an extension
PLACE = re.compile(rf"(?<![\w./-])({_PATH}):(\d+)\b")
_BACKTICKED_BEFORE = re.compile(rf"`([^`]+)`\s*\(({_PATH}):(\d+)\)")  # `snippet` (path:line)
_INLINE_PLACE = re.compile(rf"^(?P<code>.*?)\s*#\s*(?P<place>{_PATH}:\d+)\b")  # code  # path:line
_CODE_WORDS = frozenset(
    {
        "import", "from", "def", "class", "return", "require", "require_relative", "const", "let", "var",
        "module", "function", "export", "describe", "it", "context", "test", "if", "unless", "raise",
        "async", "await", "yield", "with", "try", "except", "assert",
    }
)  # fmt: skip
_PROSE_START = re.compile(r"[A-Za-z0-9]+ [A-Za-z(]")
_CODE_SIGN = re.compile(r"""[={}"]|\w\(|:\s*$|^\s*#|;\s*$""", re.MULTILINE)
ELISION = "..."


@dataclass(frozen=True)
class Citation:
    """A place cited by a piece of output, with the text it claims to hold ("" = only the place)."""

    origin: str  # where the claim was made: "standards.toml py.naming.function do", "playbook.md:12"
    path: str
    line: int
    snippet: str = ""

    @property
    def place(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Problem:
    citation: Citation
    reason: str

    def __str__(self) -> str:
        c = self.citation
        shown = f" `{c.snippet}`" if c.snippet else ""
        return f"{c.origin}: {c.place}{shown}: {self.reason}"


def is_prose(text: str) -> bool:
    """True for an instruction in words ("run `ruff format`", "wrap before column 81")."""
    text = text.strip()
    if not text:
        return True
    if "`" in text:
        return True
    first = text.split(None, 1)[0]
    return first not in _CODE_WORDS and _PROSE_START.match(text) is not None and not _CODE_SIGN.search(text)


def split_place(place: str) -> tuple[str, int] | None:
    """("path", line) of "path:line", or None when it is not one."""
    path, sep, line = place.rpartition(":")
    if not sep or not path or not line.isdigit() or " " in path:
        return None
    return path, int(line)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _matches(snippet_line: str, source_line: str) -> bool:
    pieces = [_norm(p) for p in snippet_line.split(ELISION)]
    source = _norm(source_line)
    if not any(pieces):
        return True
    at = 0
    for piece in pieces:
        if not piece:
            continue
        found = source.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def holds(lines: list[str], line: int, snippet: str) -> bool:
    """Whether ``snippet`` quotes the text starting at 1-based ``line`` of ``lines``."""
    if not 0 < line <= len(lines):
        return False
    wanted = [s for s in snippet.split("\n") if s.strip()]
    if not wanted:
        return True
    source = [s for s in lines[line - 1 :] if s.strip()][: len(wanted)]
    if not lines[line - 1].strip() or len(source) < len(wanted):
        return False
    return all(_matches(w, s) for w, s in zip(wanted, source))


class Repository:
    """Reads repository files for the checker, once each (regular files inside the root only)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[str, list[str] | None] = {}

    def lines(self, path: str) -> list[str] | None:
        if path not in self._cache:
            target = self.root / path
            try:
                ok = fsutil.inside(self.root, target) and not target.is_symlink() and target.is_file()
                self._cache[path] = fsutil.read_text(target).split("\n") if ok else None
            except (OSError, fsutil.Unreadable):
                self._cache[path] = None
        return self._cache[path]


def check(root: Path, citations: list[Citation]) -> list[Problem]:
    """The citations whose place is missing or does not hold their snippet."""
    repo = Repository(root)
    problems = []
    for c in citations:
        lines = repo.lines(c.path)
        if lines is None:
            problems.append(Problem(c, "no such file in the repository"))
        elif not 0 < c.line <= len(lines):
            problems.append(Problem(c, f"the file has {len(lines)} lines"))
        elif c.snippet and not holds(lines, c.line, c.snippet):
            problems.append(Problem(c, f"the line says `{lines[c.line - 1].strip()}`"))
    return problems


# -- what standards.toml claims -------------------------------------------------------------


def _located(places: list[str]) -> list[tuple[str, int]]:
    return [p for p in (split_place(x) for x in places) if p is not None]


def inline_citations(text: str, origin: str) -> list[Citation]:
    """Places named inside ``do``/``dont`` text: ``code  # path:line`` claims the code is there."""
    out = []
    for raw in text.split("\n"):
        m = _INLINE_PLACE.match(raw)
        if m:
            where = split_place(m.group("place"))
            if where:
                out.append(Citation(origin, where[0], where[1], m.group("code").strip()))
            continue
        for pm in PLACE.finditer(raw):
            out.append(Citation(origin, pm.group(1), int(pm.group(2))))
    return out


def convention_citations(c: Convention) -> list[Citation]:
    """What one convention claims about the repository's lines."""
    out = []
    origin = f"standards.toml {c.id}"
    for kind, places in (("examples", c.examples), ("counter_examples", c.counter_examples)):
        out += [Citation(f"{origin} {kind}", path, line) for path, line in _located(places)]
    named = inline_citations(c.do, f"{origin} do") + inline_citations(c.dont, f"{origin} dont")
    out += named
    located = _located(c.examples)
    if c.do.strip() and located and not named and not is_prose(c.do) and c.do.strip() != located[0][0]:
        path, line = located[0]  # a Do equal to the example's path names a file: the file must exist
        out.append(Citation(f"{origin} do", path, line, c.do.strip()))
    return out


def standards_citations(standards: Standards) -> list[Citation]:
    return [cit for c in standards.conventions.values() for cit in convention_citations(c)]


# -- what a markdown file claims ---------------------------------------------------------------


def markdown_citations(text: str, name: str = "playbook.md") -> list[Citation]:
    """Every ``path:line`` in ``text``; a backticked snippet right before ``(path:line)`` is its claim."""
    out = []
    for number, raw in enumerate(text.split("\n"), 1):
        origin = f"{name}:{number}"
        quoted = {m.start(2): m for m in _BACKTICKED_BEFORE.finditer(raw)}
        for m in PLACE.finditer(raw):
            q = quoted.get(m.start(1))
            snippet = q.group(1).replace(" ⏎ ", "\n") if q else ""
            out.append(Citation(origin, m.group(1), int(m.group(2)), snippet))
    return out


def check_repository(root: Path, standards: Standards, playbook_text: str | None) -> list[Problem]:
    """All problems in what ``standards`` and the playbook say about ``root``'s lines."""
    citations = standards_citations(standards)
    if playbook_text:
        citations += markdown_citations(playbook_text)
    return check(root, citations)


def check_written(root: Path) -> list[Problem]:
    """The problems in the standards.toml and playbook that `standards init` wrote in ``root``
    (the bench calls this on every corpus it initialises)."""
    loaded = standards_file.load(root)
    if loaded is None:
        return []
    rel = str(loaded.settings.get("playbook") or "playbook.md")
    repo = Repository(root)
    lines = repo.lines(rel)
    return check_repository(root, loaded, "\n".join(lines) if lines is not None else None)


def shown_example(root: Path, c: Convention) -> tuple[str, str]:
    """(Do, place) for showing a convention's example: the place only when the Do is proven a
    quote of it (or names its file), so `standards explain` never pairs a generic snippet with a line."""
    located = _located(c.examples)
    if not c.do.strip() or not located or is_prose(c.do):
        return c.do.strip(), ""
    path, line = located[0]
    if c.do.strip() == path:
        return c.do.strip(), path
    claim = Citation("explain", path, line, c.do.strip())
    return c.do.strip(), "" if check(root, [claim]) else claim.place
