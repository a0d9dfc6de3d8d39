"""The data model shared by every part of `standards`.

Analyzers produce :class:`Observation` objects (what the code does, with evidence).
Inference turns them into :class:`Convention` objects (what the code *should* do, with a
level). The set of conventions is a :class:`Standards`, persisted as ``standards.toml``.
The check engine produces :class:`Finding` objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Level(str, Enum):
    """How strongly a convention is enforced."""

    ERROR = "error"  # blocks a commit
    WARN = "warn"  # reported, never blocks
    INFO = "info"  # playbook only
    OFF = "off"  # a person switched it off

    @property
    def rank(self) -> int:
        return {"error": 0, "warn": 1, "info": 2, "off": 3}[self.value]


class Source(str, Enum):
    """Where a convention comes from."""

    EXPLICIT = "explicit"  # a config file in the repo says so
    INFERRED = "inferred"  # counted from the code or history
    MANUAL = "manual"  # a person edited standards.toml


@dataclass
class Observation:
    """What an analyzer saw: one candidate convention with its evidence.

    ``counts`` maps every value seen to how many places use it; ``value`` is the one the
    analyzer proposes (usually the majority). ``support`` is how many places follow
    ``value`` and ``total`` how many places were measured.
    """

    id: str  # e.g. "py.naming.function"
    title: str  # "Functions are snake_case"
    category: str  # naming, formatting, imports, docs, errors, tests, structure, history ...
    language: str  # python, javascript, typescript, ruby, git, any
    value: Any
    support: int
    total: int
    counts: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)  # "path:line" that follow
    counter_examples: list[str] = field(default_factory=list)  # "path:line" that break it
    enforced_by: list[str] = field(default_factory=list)  # "ruff:N802", "standards:thin-controller"
    why: str = ""  # one line: why this matters here
    do: str = ""  # a short snippet in the repo's style
    dont: str = ""  # the deviating snippet
    params: dict[str, Any] = field(default_factory=dict)  # tool options derived from the value
    source: Source = Source.INFERRED
    explicit_in: str = ""  # file that declared it, when source is explicit
    note: str = ""  # anything the reader should know (small sample, mixed, ...)
    max_level: Level | None = None  # cap: e.g. WARN for a convention that should never block
    # floor: a practice the check warns about even where the code mostly does not follow it
    # (the note says so, with the numbers); never above WARN
    min_level: Level | None = None
    weighted_share: float | None = None  # share with recently changed files counting more (levels use it)

    @property
    def share(self) -> float:
        return self.support / self.total if self.total else 0.0


@dataclass
class Convention:
    """A convention of the repository, as stored in standards.toml."""

    id: str
    title: str
    category: str
    language: str
    value: Any
    level: Level
    source: Source
    support: tuple[int, int]  # followed, total
    confidence: float
    examples: list[str] = field(default_factory=list)
    counter_examples: list[str] = field(default_factory=list)
    enforced_by: list[str] = field(default_factory=list)
    why: str = ""
    do: str = ""
    dont: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    explicit_in: str = ""

    @property
    def anchor(self) -> str:
        """The playbook.md anchor of this convention."""
        return anchor_for(self.id)

    @property
    def blocking(self) -> bool:
        return self.level is Level.ERROR


def anchor_for(convention_id: str) -> str:
    return convention_id.replace(".", "-").replace("_", "-").lower()


@dataclass
class Standards:
    """All conventions of a repository plus the settings of the tool itself."""

    conventions: dict[str, Convention] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)  # [standards] table: version, paths ...
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # [rules."id"] options

    def by_level(self, level: Level) -> list[Convention]:
        return [c for c in self.conventions.values() if c.level is level]

    def get(self, convention_id: str) -> Convention | None:
        return self.conventions.get(convention_id)

    def enabled(self, convention_id: str, at_least: Level = Level.WARN) -> Convention | None:
        """The convention when it exists at ``at_least`` (or stronger), else None."""
        conv = self.conventions.get(convention_id)
        if conv is None or conv.level.rank > at_least.rank:
            return None
        return conv


@dataclass
class Fix:
    """How to resolve a finding: words, and optionally code or a command."""

    description: str
    replacement: str = ""  # code to use instead, when known
    command: str = ""  # a command that fixes it, when one exists


@dataclass
class Finding:
    """One violation reported by ``standards check``."""

    path: str  # repo-relative, POSIX
    line: int
    column: int
    rule: str  # "ruff:E722", "standards:thin-controller"
    message: str
    level: Level
    why: str = ""
    fix: Fix | None = None
    anchor: str = ""  # playbook.md anchor
    source_line: str = ""  # text of the offending line, for fingerprints
    end_line: int | None = None
    whole_file: bool = False  # the rule judges the whole file (reported on new files in a diff)
    fingerprint: str = ""
    baselined: bool = False

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"
