"""What the ESLint and RuboCop proofs share: where each deviation is written and how a run's
findings decide a proof.

Every deviation is a file of its own in a private scratch tree that mirrors the repository's
layout (never the repository itself): the first deviation of a convention goes to the path of
its first example, so the project's ignores and excludes meet it as they would meet that file;
the others to the same folder under a name with a number added to the stem. The linter runs
once over the whole tree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from standards.model import Convention, Finding, Level, Standards
from standards.proof import UNPROVABLE, Check, Proof, grouped

PROJECT_OFF = "switched off by the project's {tool} config"
OVERRIDDEN = "overridden by the project's {tool} config ({where}), which does not report this deviation"
DISPLAY = {"eslint": "ESLint", "rubocop": "RuboCop"}


@dataclass
class Probe:
    """One deviation to write: the check it belongs to and the convention's level."""

    check: Check
    level: Level
    code: str  # the finding rule that must fire: "eslint:@stylistic/quotes", "rubocop:Style/HashSyntax"
    reported: Level | None = None  # the strongest level it fired at


@dataclass
class Plan:
    """The deviations of one linter run, by convention."""

    probes: dict[str, list[Probe]] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)

    def path_for(self, wanted: str) -> str:
        """``wanted``, or a sibling with a number in its stem when another deviation has it."""
        candidate, number = wanted, 1
        pure = PurePosixPath(wanted)
        stem, dot, rest = pure.name.partition(".")
        joiner = "_" if "_" in stem or pure.suffix == ".rb" else "-"
        while candidate in self.taken:
            number += 1
            name = f"{stem}{joiner}proof{number}{dot}{rest}"
            candidate = str(pure.with_name(name)) if str(pure.parent) != "." else name
        self.taken.add(candidate)
        return candidate

    def add(self, conv: Convention, rule: str, text: str, wanted: str, code: str) -> Probe:
        check = Check(rule, text, self.path_for(wanted), (code,))
        probe = Probe(check, conv.level, code)
        self.probes.setdefault(conv.id, []).append(probe)
        return probe

    def all(self) -> list[Probe]:
        return [p for probes in self.probes.values() for p in probes]


def example_path(conv: Convention, suffixes: tuple[str, ...], default: str) -> str:
    """The first example of ``conv`` with one of ``suffixes``, as a relative path inside the
    repository, else ``default``."""
    for example in conv.examples:
        path = example.rsplit(":", 1)[0]
        parts = path.split("/")
        if path.endswith(suffixes) and ".." not in parts and not path.startswith("/") and "" not in parts:
            return path
    return default


def write(tree: Path, probes: Iterable[Probe]) -> list[str]:
    """Write each deviation under ``tree``; the paths written, relative to it."""
    written = []
    for probe in probes:
        target = tree / probe.check.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(probe.check.deviation, encoding="utf-8")
        written.append(probe.check.path)
    return written


def record(probes: Iterable[Probe], findings: list[Finding]) -> None:
    """What fired on each deviation's file, and at which level."""
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    for probe in probes:
        names = same_rule(probe.code)
        hits = [f for f in by_path.get(probe.check.path, []) if f.rule in names]
        probe.check.fired = [probe.code.split(":", 1)[1]] if hits else []
        probe.check.expected = (probe.code.split(":", 1)[1],)
        if hits:
            probe.reported = min((f.level for f in hits), key=lambda level: level.rank)
            if probe.reported.rank > probe.level.rank:
                probe.check.problem = (
                    f"{probe.check.expected[0]}: reports at level {probe.reported.value}, not {probe.level.value}"
                )


def enforced_through(standards: Standards, tool: str) -> list[Convention]:
    """The conventions that would block or warn through ``tool`` ("eslint", "rubocop")."""
    return [
        c
        for c in standards.conventions.values()
        if c.level in (Level.ERROR, Level.WARN) and any(code.startswith(f"{tool}:") for code in c.enforced_by)
    ]


def same_rule(code: str) -> set[str]:
    """The codes that report ``code``'s deviation in the check: an ESLint formatting rule runs
    as the core rule (``eslint:quotes``) where the project configures it by that name, else as
    ``eslint:@stylistic/quotes``."""
    tool, _, name = code.partition(":")
    if tool != "eslint":
        return {code}
    bare = name.removeprefix("@stylistic/")
    return {f"eslint:{bare}", f"eslint:@stylistic/{bare}"}


def judge(proof: Proof, probes: list[Probe], why: dict[str, str]) -> None:
    """Proven when every deviation fired at the convention's level (one of them is enough for
    the convention's own ``dont``); else the reasons, one per failed deviation (``why`` maps a
    check's path to a reason the linter's run gave, such as an exclusion)."""
    generated = [p.check for p in probes if p.check.rule != "dont"]
    dont = [p.check for p in probes if p.check.rule == "dont"]
    failed = [c for c in generated if not c.passed]
    if not generated and not any(c.passed for c in dont):
        reasons = [_reason(c, why, proof.tool) for c in dont] or ["no deviation to test it with"]
        proof.reason = grouped(reasons)
    elif failed:
        proof.reason = grouped([_reason(c, why, proof.tool) for c in failed])
    proof.proven = not proof.reason


def _reason(check: Check, why: dict[str, str], tool: str) -> str:
    if check.problem:
        return check.problem
    name = check.expected[0] if check.expected else check.rule
    return why.get(check.path) or f"{name}: {DISPLAY.get(tool, tool)} did not report it on a deviation in {check.path}"


def unprovable(conv: Convention, tool: str, reason: str) -> Proof:
    """The proof of a convention its linter cannot be asked about."""
    return Proof(conv.id, conv.level.value, [], reason=reason.removeprefix(UNPROVABLE), tool=tool)
