"""Fixtures for the proofs of the rules about a change as a whole and its commits: a change
larger than the limit (``large-change``), a lockfile or a manifest changed alone
(``lockfile-with-manifest``), an added line in the old style (``new-code-style``) and a
commit message that breaks a ``git.commit.*`` convention (``commit-message``)."""

from __future__ import annotations

from standards import roles
from standards.context import Context
from standards.discovery import language_of
from standards.gitutil import DiffInfo
from standards.history import areas
from standards.history.motion import style_for
from standards.model import Convention, Standards
from standards.proof.own_fixture import Fixture, appended, example_paths
from standards.rules import Rule
from standards.webmodel.changes import counts_towards_size, is_lockfile, manifest_of

SUBJECT = "the export button"
MOODS = {"imperative": "Added", "past": "Add", "gerund": "Add", "third-person": "Add"}


def large_change(rule: Rule, conv: Convention, standards: Standards, analysis: Context) -> Fixture | str:
    limit = int((standards.rules.get(rule.id, {}) or {}).get("max_lines", conv.params.get("limit", conv.value)))
    sources = [f.path for f in analysis.discovery.files if roles.is_library(f.path) and counts_towards_size(f.path)]
    path = sources[0] if sources else "standards_proof_change.py"
    diff = DiffInfo(lines={path: set(range(1, limit + 2))}, new_files=set())
    return Fixture({}, [path], f"a change adding {limit + 1} lines to {path}", diff)


def _files(analysis: Context) -> list[str]:
    return sorted({f.path for f in analysis.discovery.files} | set(analysis.discovery.other_files))


def lockfile_alone(rule: Rule, conv: Convention, standards: Standards, analysis: Context) -> Fixture | str:
    locks = [p for p in _files(analysis) if is_lockfile(p)]
    if not locks:
        return "no lockfile here to change"
    diff = DiffInfo(lines={locks[0]: {1}}, new_files=set())
    return Fixture({}, [locks[0]], f"a change to {locks[0]} without {manifest_of(locks[0])}", diff)


def manifest_alone(rule: Rule, conv: Convention, standards: Standards, analysis: Context) -> Fixture | str:
    for lock in (p for p in _files(analysis) if is_lockfile(p)):
        manifest = manifest_of(lock)
        if (analysis.root / lock).is_file() and manifest in _files(analysis):
            diff = DiffInfo(lines={manifest: {1}}, new_files=set())
            return Fixture({}, [manifest], f"a change to {manifest} without {lock}", diff)
    return "no manifest with a lockfile here to change"


def old_style_line(rule: Rule, conv: Convention, standards: Standards, analysis: Context) -> Fixture | str:
    style = style_for(conv.id)
    if style is None:
        return f"no style is known as {conv.id}"

    def fits(path: str) -> bool:
        return language_of(path) in style.languages and (style.key != "pytest" or areas.is_test(path))

    found = example_paths(conv, fits) or [f.path for f in analysis.discovery.files if fits(f.path)]
    if not found:
        return f"no {'/'.join(style.languages)} file here to add a line to"
    return appended(analysis, found[0], style.example_old, f"{style.example_old!r} added to {found[0]}")


def commit_message(rule: Rule, conv: Convention, standards: Standards, analysis: Context) -> Fixture | str:
    subject = _breaking_subject(conv)
    if subject is None:
        return f"no message is known to break {conv.id} = {conv.value!r}"
    return Fixture({}, [], f"a commit with the message {subject!r}", messages=[("standards-proof", subject)])


def _breaking_subject(conv: Convention) -> str | None:
    """A one-line message that breaks ``conv`` (and may break others; the proof looks only
    at the findings of this convention)."""
    plain = f"Add {SUBJECT}"
    value = conv.value
    if conv.id == "git.commit.format":
        return f"feat: add {SUBJECT}" if value == "plain" else plain
    if conv.id == "git.commit.subject_length" and isinstance(value, int):
        words = plain
        while len(words) <= value:
            words += " and the import button"
        return words
    if conv.id == "git.commit.capitalization":
        return f"add {SUBJECT}" if value == "upper" else plain
    if conv.id == "git.commit.mood" and isinstance(value, str):
        return f"{MOODS.get(value, 'Add')} {SUBJECT}"
    if conv.id == "git.commit.trailing_period":
        return plain if value == "period" else f"{plain}."
    if conv.id in ("git.commit.references", "git.commit.signoff"):
        return plain
    return None
