"""What a change tolerates that its base did not, and who accepted it with which reason.

A change may only shrink what is tolerated. `standards check --diff BASE` finds what it
grows: baseline entries the change adds and weakenings of the configuration
(:mod:`standards.check.weakening`). Each is an error unless it is accepted in one of the
documented forms, and every acceptance is printed as a notice so that a reviewer sees it:

* a commit trailer in the change, ``Standards-Accept: <rule or entry>: <reason>``, where
  the target is a rule (``ruff:N802``), a convention id, a path, a baseline fingerprint
  or the changed file (``.standards/baseline.json`` accepts all of the change's growth);
* a baseline entry's own ``reason``, written by `standards baseline --accept "reason"`;
* for entries `standards update` recorded, the convention it added or tightened in the
  same change (checked against the base's standards.toml);
* for a lowered level, a note ``unprovable: <why>`` written by `standards update` when it
  can no longer prove a convention.

A reason is a sentence of at least :data:`MIN_WORDS` words: "x" or "." is refused.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from standards import gitutil, standards_file
from standards.check import baseline, weakening
from standards.errors import StandardsError
from standards.model import Finding, Fix, Level, Standards

TRAILER = "Standards-Accept"
MIN_WORDS = 3
SHOWN = 5  # entries named in one message
_WORD = re.compile(r"[^\W\d_]{2,}")
_TRAILER_LINE = re.compile(rf"^{TRAILER}:[ \t]*(.*)$", re.IGNORECASE | re.MULTILINE)
_HOW = (
    "undo it, or accept it with a reason a reviewer reads: a commit trailer "
    "`Standards-Accept: {key}: <why this is acceptable>`"
)


def reason_problem(reason: str) -> str | None:
    """Why ``reason`` is not an acceptable reason, or None when it is."""
    if len(_WORD.findall(reason)) < MIN_WORDS:
        return f"{reason.strip()!r} is not a reason: write a sentence of at least {MIN_WORDS} words saying why"
    return None


def require_reason(reason: str) -> str:
    """``reason`` stripped, or a StandardsError (exit 2) saying what a reason must be."""
    problem = reason_problem(reason)
    if problem:
        raise StandardsError(f"--accept: {problem}")
    return " ".join(reason.split())


@dataclass
class Acceptance:
    """One ``Standards-Accept`` trailer of a commit in the change."""

    commit: str
    target: str
    reason: str
    covers: list[str] = field(default_factory=list)  # what it accepted, for the notice


def parse_trailers(commit: str, message: str) -> tuple[list[Acceptance], list[Finding]]:
    """The trailers of one commit message; a malformed one or one without a reason is an error."""
    accepted, refused = [], []
    for match in _TRAILER_LINE.finditer(message):
        value = match.group(1).strip()
        target, sep, reason = value.partition(": ")
        problem = "no `<rule or entry>: <reason>`" if not sep or not target.strip() else reason_problem(reason)
        if problem:
            refused.append(
                _finding(
                    f"commit:{commit}",
                    "standards:accept",
                    Level.ERROR,
                    f"{TRAILER} in commit {commit} refused: {problem}",
                    fix=f"amend the message: `{TRAILER}: <rule or entry>: <a sentence saying why>`",
                )
            )
            continue
        accepted.append(Acceptance(commit, target.strip(), " ".join(reason.split())))
    return accepted, refused


def from_commits(root: Path, base: str) -> tuple[list[Acceptance], list[Finding]]:
    """The trailers of every commit between ``base`` and HEAD."""
    out = gitutil.run(
        root, "-c", "log.showSignature=false", "log", "--no-show-signature", "--format=%h%x1f%B%x1e", f"{base}..HEAD"
    )
    accepted: list[Acceptance] = []
    refused: list[Finding] = []
    for record in (out or b"").decode("utf-8", "replace").split("\x1e"):
        commit, sep, message = record.strip("\n").partition("\x1f")
        if sep:
            a, r = parse_trailers(commit.strip(), message)
            accepted += a
            refused += r
    return accepted, refused


def _accepting(acceptances: list[Acceptance], keys: set[str] | frozenset[str]) -> Acceptance | None:
    return next((a for a in acceptances if a.target in keys), None)


# -- the review of a change -----------------------------------------------------------


def review(root: Path, base: str, standards: Standards) -> list[Finding]:
    """Every growth of tolerance in the change since ``base``, as errors or acceptance notices."""
    paths = weakening.changed_paths(root, base)
    if weakening.base_blobs(root, base, [standards_file.FILENAME]).get(standards_file.FILENAME) is None:
        return []  # standards is adopted in this change: there is nothing to compare with
    acceptances, findings = from_commits(root, base)
    findings += _weakenings(weakening.find(root, base, paths, standards), acceptances)
    if baseline.PATH in paths:
        findings += _growth(root, base, standards, acceptances)
    for a in acceptances:
        covered = "; ".join(a.covers) if a.covers else "nothing in this change"
        findings.append(
            _finding(
                f"commit:{a.commit}",
                "standards:accepted",
                Level.INFO,
                f"accepted in commit {a.commit} ({TRAILER}: {a.target}): {a.reason!r}; covers: {covered}",
            )
        )
    return findings


def _weakenings(found: list[weakening.Weakening], acceptances: list[Acceptance]) -> list[Finding]:
    out = []
    for w in found:
        if w.carried_reason and reason_problem(w.carried_reason.removeprefix(weakening.UNPROVABLE)) is None:
            out.append(
                _finding(w.path, "standards:accepted", Level.INFO, f"{w.message}, demoted as {w.carried_reason!r}")
            )
            continue
        by = _accepting(acceptances, w.keys)
        if by is not None:
            by.covers.append(w.message.removeprefix("this change "))
            continue
        key = sorted(w.keys, key=lambda k: (k == w.path, len(k)))[0]
        out.append(_finding(w.path, "standards:weakening", Level.ERROR, w.message, fix=_HOW.format(key=key)))
    return out


def _growth(root: Path, base: str, standards: Standards, acceptances: list[Acceptance]) -> list[Finding]:
    blobs = weakening.base_blobs(root, base, [baseline.PATH, standards_file.FILENAME])
    old_text = blobs.get(baseline.PATH)
    before = baseline.parse(old_text, f"{baseline.PATH} at {base[:12]}") if old_text is not None else set()
    grown = baseline.added(before, baseline.load(root))
    if not grown:
        return []
    base_levels = _levels(blobs.get(standards_file.FILENAME))
    refused: list[baseline.Entry] = []
    unverified: list[baseline.Entry] = []
    by_reason: dict[str, list[baseline.Entry]] = {}
    for entry in grown:
        if entry.convention:
            if _added_or_tightened(entry.convention, base_levels, standards):
                by_reason.setdefault(entry.reason or f"recorded for {entry.convention}", []).append(entry)
                continue
            unverified.append(entry)
        elif entry.reason and reason_problem(entry.reason) is None:
            by_reason.setdefault(entry.reason, []).append(entry)
            continue
        by = _accepting(
            acceptances, {entry.fingerprint, entry.rule, entry.path, baseline.PATH, entry.convention} - {""}
        )
        if by is not None:
            by.covers.append(f"baseline entry {_name(entry)}")
            if entry in unverified:
                unverified.remove(entry)
            continue
        refused.append(entry)
    out = []
    for reason, entries in sorted(by_reason.items()):
        out.append(
            _finding(
                baseline.PATH,
                "standards:accepted",
                Level.INFO,
                f"the baseline grew by {_count(len(entries))}, accepted as {reason!r}: {_names(entries)}",
            )
        )
    if refused:
        also = ""
        if unverified:
            names = sorted({e.convention for e in unverified})
            also = f" ({', '.join(names)} did not become new or stricter in this change)"
        out.append(
            _finding(
                baseline.PATH,
                "standards:baseline-growth",
                Level.ERROR,
                f"the baseline grew by {_count(len(refused))}: {_names(refused)}{also}. A change may only shrink "
                "what is tolerated",
                fix=(
                    "fix the violations and run `standards baseline`; or accept them with a reason a reviewer "
                    'reads: `standards baseline --accept "why this is acceptable"`, or a commit trailer '
                    "`Standards-Accept: <rule or path>: <why>`"
                ),
            )
        )
    return out


def _levels(text: str | None) -> dict[str, str]:
    try:
        data = tomllib.loads(text or "")
    except tomllib.TOMLDecodeError:
        return {}
    convs = data.get("conventions")
    if not isinstance(convs, dict):
        return {}
    return {str(cid): str(e.get("level", "info")) for cid, e in convs.items() if isinstance(e, dict)}


def _added_or_tightened(cid: str, base_levels: dict[str, str], standards: Standards) -> bool:
    now = standards.get(cid)
    if now is None or now.level.rank > Level.WARN.rank:
        return False
    was = base_levels.get(cid)
    if was is None:
        return True
    try:
        return Level(was).rank > now.level.rank
    except ValueError:
        return True


def _name(entry: baseline.Entry) -> str:
    return f"{entry.path} {entry.rule}"


def _names(entries: list[baseline.Entry]) -> str:
    shown = [_name(e) for e in entries[:SHOWN]]
    more = f" and {len(entries) - SHOWN} more" if len(entries) > SHOWN else ""
    return ", ".join(shown) + more


def _count(n: int) -> str:
    return f"{n} entry" if n == 1 else f"{n} entries"


def _finding(path: str, rule: str, level: Level, message: str, fix: str = "") -> Finding:
    return Finding(
        path=path,
        line=1,
        column=1,
        rule=rule,
        message=message,
        level=level,
        why="a change may only shrink what is tolerated, unless a person accepts the growth with a reason"
        if fix
        else "",
        fix=Fix(fix) if fix else None,
    )
