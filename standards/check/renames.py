"""Name conversions for naming findings: the fix says exactly what to rename a name to."""

from __future__ import annotations

import re

_WORD_BREAK = re.compile(r"(.)([A-Z][a-z]+)")
_LOWER_UPPER = re.compile(r"([a-z0-9])([A-Z])")
_RUBY_DEF = re.compile(r"\bdef\s+(?:self\.)?([A-Za-z_][A-Za-z0-9_]*[?!=]?)")


def snake_case(name: str) -> str:
    return _LOWER_UPPER.sub(r"\1_\2", _WORD_BREAK.sub(r"\1_\2", name)).lower()


def camel_case(name: str) -> str:
    head, *rest = [p for p in name.split("_") if p] or [name]
    return head[:1].lower() + head[1:] + "".join(p[:1].upper() + p[1:] for p in rest)


def cap_words(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def ruby_method_name(source_line: str) -> str:
    """The method a Ruby ``def`` line defines, or ""."""
    m = _RUBY_DEF.search(source_line)
    return m.group(1) if m else ""


def rename_fix(name: str, target: str, what: str = "") -> str:
    return f"rename {what + ' ' if what else ''}`{name}` to `{target}` (and every use of it)"
