"""The baseline: debt that existed when `standards` was adopted, so only new violations block.

A violation's fingerprint is rule + path + the normalised text of the offending line +
an occurrence index among identical (rule, path, text) findings. No line numbers, counts
or timestamps: inserting lines above a baselined violation keeps it baselined, editing
the offending construct makes it new. The file lists one entry per line, sorted, so
that merges are clean; entries no longer found are *stale* (the debt was paid).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from standards.errors import ConfigError
from standards.model import Finding

PATH = ".standards/baseline.json"
VERSION = 2
_SPACE = re.compile(r"\s+")


def normalise(source_line: str) -> str:
    return _SPACE.sub(" ", source_line.strip())


def fingerprint(findings: list[Finding]) -> None:
    """Set ``fingerprint`` on every finding (occurrence indexes in line order)."""
    seen: dict[tuple[str, str, str], int] = {}
    for f in sorted(findings, key=lambda f: (f.path, f.line, f.column, f.rule)):
        text = normalise(f.source_line)
        key = (f.rule, f.path, text)
        n = seen.get(key, 0)
        seen[key] = n + 1
        digest = hashlib.sha1(f"{f.rule}\0{f.path}\0{text}".encode("utf-8", "surrogateescape")).hexdigest()[:16]
        f.fingerprint = f"{digest}:{n}"


@dataclass(frozen=True)
class Entry:
    rule: str
    path: str
    fingerprint: str

    def line(self) -> str:
        return json.dumps({"path": self.path, "rule": self.rule, "fingerprint": self.fingerprint}, sort_keys=True)


def load(root: Path) -> set[Entry]:
    path = root / PATH
    if not path.exists():
        return set()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ConfigError(
            PATH, f"not valid JSON: {exc.args[0] if exc.args else exc}", getattr(exc, "lineno", None)
        ) from None
    except OSError as exc:
        raise ConfigError(PATH, f"cannot read: {exc.strerror}") from None
    if not isinstance(data, dict) or not isinstance(data.get("entries", []), list):
        raise ConfigError(PATH, 'expected an object with an "entries" list')
    entries = set()
    for item in data.get("entries", []):
        if isinstance(item, dict) and {"rule", "path", "fingerprint"} <= item.keys():
            entries.add(Entry(str(item["rule"]), str(item["path"]), str(item["fingerprint"])))
    return entries


def render(findings: list[Finding]) -> str:
    entries = sorted(
        {Entry(f.rule, f.path, f.fingerprint) for f in findings}, key=lambda e: (e.path, e.rule, e.fingerprint)
    )
    lines = ["{", f' "version": {VERSION},', ' "entries": [']
    lines += [f"  {e.line()}," for e in entries]
    if entries:
        lines[-1] = lines[-1].rstrip(",")
    lines += [" ]", "}"]
    return "\n".join(lines) + "\n"


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
