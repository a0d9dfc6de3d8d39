"""ruff's rule codes as selectors name them, and the convention level a code falls under.
Standard library only: the check's ruff runner uses it, and so does the hook's quick
verdict (:mod:`standards.check.quick`), which must give a code the level the check gives it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

_CODE = re.compile(r"([A-Z]+)([0-9]*)")
_PYLINT_CATEGORIES = frozenset({"PLC", "PLE", "PLR", "PLW"})


def selects(selector: str, code: str) -> bool:
    """Whether ruff's rule selector (``ALL``, a linter prefix such as ``F`` or ``PL``, or a code
    prefix such as ``E7`` or ``PLR09``) selects ``code``. A selector names a linter, not a
    string prefix: ``F`` (Pyflakes) does not select ``FURB157``, nor ``S`` (bandit) ``SIM102``."""
    if selector == "ALL":
        return True
    if selector[:1] != code[:1]:
        return not selector  # every other answer below needs the same first letter
    sel, got = _code_parts(selector), _code_parts(code)
    if sel is None or got is None:
        return code.startswith(selector)
    letters, digits = sel
    if letters == "PL" and not digits:
        return got[0] in _PYLINT_CATEGORIES
    return got[0] == letters and got[1].startswith(digits)


@lru_cache(maxsize=4096)
def _code_parts(text: str) -> tuple[str, str] | None:
    """(letters, digits) of a rule code or selector, or None (remembered: a rule catalog asks
    about the same thousand codes for every selector)."""
    m = _CODE.fullmatch(text)
    return (m.group(1), m.group(2)) if m else None


def longest_prefix(tool: str, name: str, keys: Mapping[str, object]) -> str | None:
    """Of ``keys`` ("ruff:D", "ruff:D401", "eslint:semi"), the longest that names ``tool:name``:
    a prefix of the code that, for ruff, also selects it ("ruff:F" names Pyflakes, not FURB188)."""
    for i in range(len(name), 0, -1):
        if tool == "ruff" and not selects(name[:i], name):
            continue
        key = f"{tool}:{name[:i]}"
        if key in keys:
            return key
    return None
