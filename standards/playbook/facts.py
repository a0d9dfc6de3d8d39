"""The pieces the playbook's architecture sections are made of: a cited line of the
repository (always a verbatim quote of it), a step of the feature flow, and a piece of
known debt. Everything here is plain data; the sections are computed elsewhere."""

from __future__ import annotations

from dataclasses import dataclass

MAX_SNIPPET = 80  # characters of a quoted line shown before "..." elides the rest


@dataclass(frozen=True)
class Cite:
    """A line of the repository with its text: rendered as ``snippet`` (path:line)."""

    path: str
    line: int
    snippet: str

    @property
    def place(self) -> str:
        return f"{self.path}:{self.line}"

    def markdown(self) -> str:
        if not self.snippet:
            return self.place
        return f"`{self.snippet}` ({self.place})"


def quote(lines: list[str], path: str, line: int) -> Cite | None:
    """The cite of 1-based ``line`` of ``lines``: the line itself, stripped, shortened with
    ``...`` (an elision the quote checker accepts); only the place when the line holds a
    backtick (it cannot sit in inline code). None when the line is missing or blank."""
    if not 0 < line <= len(lines):
        return None
    text = " ".join(lines[line - 1].split())
    if not text:
        return None
    if "`" in text:
        return Cite(path, line, "")
    if len(text) > MAX_SNIPPET:
        head = text[:MAX_SNIPPET]
        cut = max(head.rfind(" "), head.rfind("("), head.rfind(","))
        text = (head[: cut + 1] if cut > MAX_SNIPPET // 2 else head).rstrip() + " ..."
    return Cite(path, line, text)


@dataclass(frozen=True)
class Step:
    """One step of "how to add a feature": what to write, where, with the evidence."""

    layer: str  # "route", "form", "schema", "data", "model", "migration", "task", "view", "test", ...
    text: str  # one sentence or two, Markdown, without the example
    example: Cite | None = None
    path: str = ""  # the real file (or directory) the step names

    def markdown(self) -> str:
        example = f" Example: {self.example.markdown()}." if self.example else ""
        return f"{self.text}{example}"


@dataclass(frozen=True)
class Debt:
    """A handler or module that breaks the repository's own layering or size norms."""

    path: str
    line: int
    name: str
    size: int  # statements (or lines, for a module); the list is ordered by it
    problem: str  # "64 statements (handlers here: p90 15)", "queries Topic, Post in the handler"
    fix: str  # in this repository's terms

    @property
    def place(self) -> str:
        return f"{self.path}:{self.line}"

    def markdown(self) -> str:
        return f"`{self.name}` ({self.place}): {self.problem}. Fix: {self.fix}."

    def text(self) -> str:
        return f"{self.place} {self.name}: {self.problem}; fix: {self.fix}"


@dataclass(frozen=True)
class Practice:
    """A framework or safety convention the code shows, with its count and denominator."""

    key: str  # "auth", "i18n", "migrations", "audit"
    text: str
    followed: int
    total: int
    example: Cite | None = None

    @property
    def share(self) -> float:
        return self.followed / self.total if self.total else 0.0

    def markdown(self) -> str:
        example = f" Example: {self.example.markdown()}." if self.example else ""
        return f"{self.text} ({self.followed} of {self.total}).{example}"
