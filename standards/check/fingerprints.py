"""A finding's fingerprint: rule + path + the normalised text of the offending line, hashed,
plus an occurrence index among identical (rule, path, text) findings (see
:mod:`standards.check.baseline`). Standard library only, so that the hook's quick verdict
(:mod:`standards.check.quick`) matches a baseline exactly as the check does."""

from __future__ import annotations

from collections.abc import Iterable

try:  # CPython's own SHA-1, without loading OpenSSL (hashlib's import is the slow part)
    from _sha1 import sha1
except ImportError:  # pragma: no cover - other interpreters
    from hashlib import sha1


def normalise(source_line: str) -> str:
    """The line with its whitespace runs collapsed to one space and its ends stripped."""
    return " ".join(source_line.split())


def digest(rule: str, path: str, text: str) -> str:
    """The hashed part of a fingerprint (``text`` already normalised)."""
    return sha1(f"{rule}\0{path}\0{text}".encode("utf-8", "surrogateescape")).hexdigest()[:16]


def fingerprints(items: Iterable[tuple[str, int, int, str, str]]) -> list[str]:
    """The fingerprints of findings given as (path, line, column, rule, source line), in the
    order given; occurrence indexes count in line order, as :func:`baseline.fingerprint` does."""
    listed = list(items)
    order = sorted(range(len(listed)), key=lambda i: listed[i][:4])
    seen: dict[tuple[str, str, str], int] = {}
    out = [""] * len(listed)
    for i in order:
        path, _line, _column, rule, source = listed[i]
        text = normalise(source)
        key = (rule, path, text)
        n = seen.get(key, 0)
        seen[key] = n + 1
        out[i] = f"{digest(rule, path, text)}:{n}"
    return out
