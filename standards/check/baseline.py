"""The baseline: debt that existed when `standards` was adopted, so only new violations block.

A violation's fingerprint is rule + path + the normalised text of the offending line +
an occurrence index among identical (rule, path, text) findings. No line numbers, counts
or timestamps: inserting lines above a baselined violation keeps it baselined, editing
the offending construct makes it new. The file lists one entry per line, sorted, so
that merges are clean; entries no longer found are *stale* (the debt was paid).

An entry may carry a ``reason``: written by `standards baseline --accept "reason"` or, with
the ``convention`` it belongs to, by `standards update` for a convention it added or
tightened. `standards check --diff` refuses entries a change adds without one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from standards import fsutil
from standards.check.fingerprints import fingerprints
from standards.errors import ConfigError
from standards.model import Finding

PATH = ".standards/baseline.json"
VERSION = 2


def fingerprint(findings: list[Finding]) -> None:
    """Set ``fingerprint`` on every finding (occurrence indexes in line order)."""
    found = fingerprints((f.path, f.line, f.column, f.rule, f.source_line) for f in findings)
    for f, value in zip(findings, found):
        f.fingerprint = value


@dataclass(frozen=True)
class Entry:
    """One tolerated violation; ``reason`` and ``convention`` say why it was accepted (not part of its identity)."""

    rule: str
    path: str
    fingerprint: str
    reason: str = field(default="", compare=False)
    convention: str = field(default="", compare=False)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.rule, self.path, self.fingerprint)

    def line(self) -> str:
        item = {"path": self.path, "rule": self.rule, "fingerprint": self.fingerprint}
        if self.reason:
            item["reason"] = self.reason
        if self.convention:
            item["convention"] = self.convention
        return json.dumps(item, sort_keys=True, ensure_ascii=False)


def load(root: Path) -> set[Entry]:
    path = root / PATH
    if not path.exists() and not path.is_symlink():
        return set()
    text = fsutil.read_repo_config(root, PATH)  # a regular file in the repository, size-capped
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ConfigError(
            PATH, f"not valid JSON: {exc.args[0] if exc.args else exc}", getattr(exc, "lineno", None)
        ) from None
    except (RecursionError, MemoryError):
        raise ConfigError(PATH, "nested too deeply to read") from None
    return entries_of(data, PATH)


def parse(text: str, origin: str) -> set[Entry]:
    """The entries of a baseline file's text (e.g. read from a commit); ``origin`` names it in errors."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ConfigError(origin, f"not valid JSON: {exc.args[0] if exc.args else exc}") from None
    except (RecursionError, MemoryError):
        raise ConfigError(origin, "nested too deeply to read") from None
    return entries_of(data, origin)


def entries_of(data: object, origin: str) -> set[Entry]:
    if not isinstance(data, dict) or not isinstance(data.get("entries", []), list):
        raise ConfigError(origin, 'expected an object with an "entries" list')
    entries = set()
    for item in data.get("entries", []):
        if isinstance(item, dict) and {"rule", "path", "fingerprint"} <= item.keys():
            entries.add(
                Entry(
                    str(item["rule"]),
                    str(item["path"]),
                    str(item["fingerprint"]),
                    reason=str(item.get("reason") or ""),
                    convention=str(item.get("convention") or ""),
                )
            )
    return entries


def added(base: set[Entry], current: set[Entry]) -> list[Entry]:
    """Entries of ``current`` that ``base`` does not hold, in file order."""
    keys = {e.key for e in base}
    return sorted((e for e in current if e.key not in keys), key=_order)


def render(findings: list[Finding]) -> str:
    return render_entries({Entry(f.rule, f.path, f.fingerprint) for f in findings})


def render_entries(entries: set[Entry]) -> str:
    """The file's text: one entry per line, sorted by path, rule and fingerprint."""
    lines = ["{", f' "version": {VERSION},', ' "entries": [']
    lines += [f"  {e.line()}," for e in sorted(entries, key=_order)]
    if entries:
        lines[-1] = lines[-1].rstrip(",")
    lines += [" ]", "}"]
    return "\n".join(lines) + "\n"


def _order(e: Entry) -> tuple[str, str, str]:
    return (e.path, e.rule, e.fingerprint)


def apply(findings: list[Finding], entries: set[Entry], checked_paths: set[str] | None) -> list[str]:
    """Mark baselined findings; return stale fingerprints among the checked paths."""
    keys = {(e.rule, e.path, e.fingerprint) for e in entries}
    found = set()
    for f in findings:
        key = (f.rule, f.path, f.fingerprint)
        if key in keys:
            f.baselined = True
            found.add(key)
    stale = []
    for e in sorted(entries, key=lambda e: (e.path, e.rule, e.fingerprint)):
        if (e.rule, e.path, e.fingerprint) in found:
            continue
        if checked_paths is None or e.path in checked_paths:
            stale.append(f"{e.path} {e.rule} {e.fingerprint}")
    return stale
