"""The runbook as data: the commands a repository uses, where each is written, and how its
tests are laid out. Every command carries the ``path:line`` that shows it."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("test", "lint", "format", "typecheck", "build")


@dataclass(frozen=True)
class Command:
    """One command as the repository writes it, and what it is for."""

    text: str  # the command line, as written (CI matrix values filled in when known)
    kind: str  # one of KINDS
    source: str  # ci | make | tox | nox | pyproject | setup.cfg | npm | rake | bin | docs
    path: str
    line: int
    name: str = ""  # the job, target, env, session or script it belongs to
    runs: str = ""  # what a named target, env or script runs, when known
    cwd: str = ""  # the folder it runs in, when not the root
    verbatim: bool = False  # the cited line holds ``text`` itself (not only what it runs)

    @property
    def where(self) -> str:
        """``path:line``, or the path alone for a command that no line writes (``bin/rails``)."""
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Fixture:
    """A shared pytest fixture and how many test functions ask for it."""

    name: str
    path: str
    line: int
    uses: int


@dataclass(frozen=True)
class BaseClass:
    """A class test classes derive from, and how many do."""

    name: str
    uses: int
    path: str = ""  # where the repository defines it; "" for a framework's class
    line: int = 0


@dataclass
class TestLayout:
    """How the tests of one language are written and where they live."""

    language: str
    framework: str  # pytest | unittest | django | rspec | minitest | jest | vitest | mocha | node:test ...
    files: int
    framework_evidence: str = ""
    places: list[tuple[str, int]] = field(default_factory=list)  # folder -> test files
    naming: list[tuple[str, int]] = field(default_factory=list)  # name pattern -> test files
    fixtures: list[Fixture] = field(default_factory=list)
    base_classes: list[BaseClass] = field(default_factory=list)
    helpers: list[tuple[str, int]] = field(default_factory=list)  # shared setup files, factories -> count
    example: str = ""  # a real test file, for the one-file command
    run_from: str = ""  # the folder the runner is started in, when not the root (manage.py's)


@dataclass
class Runbook:
    """What `discover_runbook` found: commands, the chosen test command and the test layout."""

    commands: list[Command] = field(default_factory=list)
    test_command: Command | None = None
    test_command_why: str = ""
    one_file: str = ""  # how to run one test file
    layouts: list[TestLayout] = field(default_factory=list)
    package_manager: str = ""  # npm | yarn | pnpm | bun
    package_manager_evidence: str = ""
    notes: list[str] = field(default_factory=list)  # files not read, and why

    @property
    def has_tests(self) -> bool:
        return any(layout.files for layout in self.layouts)

    def of_kind(self, kind: str) -> list[Command]:
        return [c for c in self.commands if c.kind == kind]
