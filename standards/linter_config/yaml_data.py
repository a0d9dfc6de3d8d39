"""YAML from the repository as plain data: a bounded read, a safe load, nothing evaluated.

Tags other than YAML's own (``!ruby/regexp``, ``!!python/object``...) become :class:`Foreign`
values instead of errors or objects, so a caller can drop them and say so. A document nested
too deeply for the parser, or whose aliases expand past :data:`MAX_NODES` values, is a
ConfigError naming the file. :func:`clean` copies a loaded document into plain dicts, lists
and scalars, leaving out foreign values and strings that carry ERB (``<%``), which RuboCop
would evaluate.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from standards import fsutil
from standards.errors import ConfigError

MAX_BYTES = 4 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 500  # far beyond any configuration; the parser slows down sharply past it
ERB = "<%"
RUBY_REGEXP = "!ruby/regexp"
_REGEXP = re.compile(r"\A/[^\n]*/[mix]*\Z")
_BRACKET = re.compile(r"[\[\]{}]")
_DASHES = re.compile(r"(?:-[ \t]+)+")


@dataclass(frozen=True)
class Foreign:
    """A value under a tag this reader does not construct (``value``: its text, for a scalar)."""

    tag: str
    value: str | None = None

    @property
    def ruby_regexp(self) -> bool:
        """A ``!ruby/regexp /source/flags`` scalar: data RuboCop loads as a Regexp, never code."""
        return self.tag == RUBY_REGEXP and self.value is not None and _REGEXP.match(self.value) is not None


class _Dropped:
    """Marker for a value :func:`clean` leaves out."""


DROPPED = _Dropped()


def _constructor() -> type:
    from ruamel.yaml.constructor import SafeConstructor

    class DataConstructor(SafeConstructor):  # type: ignore[misc]  # ruamel.yaml's constructor has no type hints
        """SafeConstructor that turns unknown tags into Foreign values."""

        def construct_undefined(self, node: Any) -> Foreign:
            value = node.value if isinstance(node.value, str) else None
            return Foreign(str(node.tag), value)

    DataConstructor.add_constructor(None, DataConstructor.construct_undefined)
    return DataConstructor


def loads(text: str, name: str) -> Any:
    """Parse ``text`` (the file ``name``) as YAML data."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    if nesting(text) > MAX_DEPTH:
        raise ConfigError(name, f"nested more than {MAX_DEPTH} levels deep; not read")
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = _constructor()
    try:
        return yaml.load(text)
    except RecursionError:
        raise ConfigError(name, "nested too deeply to read as YAML") from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(name, f"invalid YAML: {exc.problem or exc.context}", line) from None
    except (YAMLError, ValueError, TypeError) as exc:
        raise ConfigError(name, f"invalid YAML: {exc}") from None


def nesting(text: str) -> int:
    """How deep ``text`` nests, counted cheaply before parsing: open indentation levels, the
    ``- - -`` of compact sequences and open flow brackets (quotes are not tracked, so brackets
    inside strings count too: an overestimate, never an under-one)."""
    deepest = flow = 0
    indents: list[int] = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        if flow <= 0:
            indent = len(line) - len(stripped)
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
        dashes = _DASHES.match(stripped)
        block = len(indents) + (dashes.group(0).count("-") if dashes else 0)
        deepest = max(deepest, block + max(flow, 0))
        for bracket in _BRACKET.finditer(stripped):
            flow += 1 if bracket.group(0) in "[{" else -1
            deepest = max(deepest, block + flow)
    return deepest


def load(path: Path, name: str) -> Any:
    """The YAML file at ``path`` (called ``name`` in messages) as data; raises
    :class:`~standards.fsutil.Unreadable` for a file that is not read (FIFO, too large...)."""
    return loads(fsutil.decode(fsutil.read_bytes(path, MAX_BYTES)), name)


class _Budget:
    def __init__(self, name: str) -> None:
        self.name = name
        self.left = MAX_NODES

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise ConfigError(self.name, f"expands to more than {MAX_NODES} values (aliases?); not read")


def clean(value: Any, name: str, where: str, dropped: list[str], erb: bool = True, regexps: bool = False) -> Any:
    """A plain copy of ``value`` without foreign tags, cycles and (when ``erb``, for RuboCop)
    strings with ERB; what is left out is appended to ``dropped`` as "where: why". With
    ``regexps``, a ``!ruby/regexp`` item of a list (RuboCop's ``AllowedPatterns``, ``Exclude``)
    is kept as its :class:`Foreign` value. Returns DROPPED when ``value`` itself goes."""
    try:
        return _clean(value, where, dropped, _Budget(name), set(), erb, regexps)
    except RecursionError:
        raise ConfigError(name, "nested too deeply to read as YAML") from None


def _clean(
    value: Any, where: str, dropped: list[str], budget: _Budget, active: set[int], erb: bool, regexps: bool = False
) -> Any:
    budget.spend()
    if isinstance(value, Foreign):
        dropped.append(f"{where}: a {value.tag} value cannot be read as data")
        return DROPPED
    if isinstance(value, str):
        if erb and ERB in value:
            dropped.append(f"{where}: ERB is evaluated by RuboCop, not read")
            return DROPPED
        return value
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        if id(value) in active:
            dropped.append(f"{where}: refers to itself")
            return DROPPED
        active.add(id(value))
        try:
            if isinstance(value, list):
                kept = [
                    item
                    if regexps and isinstance(item, Foreign) and item.ruby_regexp
                    else _clean(item, where, dropped, budget, active, erb, regexps)
                    for item in value
                ]
                return [item for item in kept if item is not DROPPED]
            out: dict[str, Any] = {}
            for key, item in value.items():
                label = f"{where}/{key}" if where else str(key)
                if not isinstance(key, (str, int, float, bool)) or (erb and ERB in str(key)):
                    dropped.append(f"{label}: key cannot be read as data")
                    continue
                kept = _clean(item, label, dropped, budget, active, erb, regexps)
                if kept is not DROPPED:
                    out[str(key)] = kept
            return out
        finally:
            active.discard(id(value))
    dropped.append(f"{where}: a {type(value).__name__} value cannot be read as data")
    return DROPPED
