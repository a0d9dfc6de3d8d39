"""What a proof of one of our own rules runs on: a minimal deviating change, held in memory
(:class:`Fixture`), and the helpers the fixture builders share to place it in this repository."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from standards.context import Context
from standards.gitutil import DiffInfo
from standards.model import Convention, Standards
from standards.rules import Rule


@dataclass
class Fixture:
    """A minimal deviating change: files (path -> text) and, for a change-scoped rule, the
    diff; for the commit-message rule, the messages of the change's commits (id, text)."""

    files: dict[str, str]
    paths: list[str]
    description: str
    diff: DiffInfo | None = None
    messages: list[tuple[str, str]] | None = None

    @property
    def mode(self) -> str:
        """How `standards check` would be run on it: --diff for commits, --staged for a diff."""
        if self.messages is not None:
            return "diff"
        return "staged" if self.diff is not None else "files"


Builder = Callable[[Rule, Convention, Standards, Context], "Fixture | str"]  # a Fixture, or why there is none


def example_paths(conv: Convention, want: Callable[[str], bool] = lambda path: True) -> list[str]:
    """The repository paths of ``conv``'s examples (``path:line``) that ``want`` accepts, in order."""
    out = []
    for example in conv.examples:
        path, _, line = example.rpartition(":")
        if path and line.isdigit() and ".." not in path.split("/") and not path.startswith("/") and want(path):
            out.append(path)
    return list(dict.fromkeys(out))


def beside(conv: Convention, name: str, want: Callable[[str], bool]) -> str | None:
    """``name`` in the folder of the first Python example of ``conv`` that ``want`` accepts."""
    for path in example_paths(conv, lambda p: p.endswith(".py") and want(p)):
        parent = str(PurePosixPath(path).parent)
        return name if parent == "." else f"{parent}/{name}"
    return None


def existing_text(analysis: Context, path: str) -> str | None:
    """The text of ``path`` when it is a source file of the repository (None otherwise, and
    nothing is read: asking the analysis for a missing file would record it as unreadable)."""
    if not any(f.path == path for f in analysis.discovery.files):
        return None
    return analysis.text(path)


def appended(analysis: Context, path: str, addition: str, description: str) -> Fixture:
    """A change that adds ``addition`` at the end of ``path`` (a new file when there is none),
    with the diff `--staged` would see: the added lines."""
    before = existing_text(analysis, path)
    base = before or ""
    if base and not base.endswith("\n"):
        base += "\n"
    first = base.count("\n") + 1
    added = addition if addition.endswith("\n") else addition + "\n"
    lines = set(range(first, first + added.count("\n")))
    diff = DiffInfo(lines={path: lines}, new_files=set() if before is not None else {path})
    return Fixture({path: base + added}, [path], description, diff)
