"""The linters' own suppression comments, read so that a change adding one is reviewed.

ruff, flake8 and mypy in Python (``noqa``, ``ruff: noqa``, ``flake8: noqa``, ``type: ignore``),
ESLint in JavaScript and TypeScript (``eslint-disable-line``, ``eslint-disable-next-line``,
``eslint-disable`` blocks) and RuboCop in Ruby (``rubocop:disable``, ``rubocop:todo``) each
silence findings with a comment. `standards check` does not undo them; on a change it holds
every one the change adds to the rules of ``standards: ignore``: it names the rules, gives a
reason and, with ``until=``, ends within the configured number of days. One that covers the
whole file (``ruff: noqa``, a ``type: ignore`` above the code, an ``eslint-disable`` or
``rubocop:disable`` that is never re-enabled) is refused outright.

The reason follows the rules it names: after ``--`` (ESLint's and RuboCop's own separator),
after a second ``#``, or directly (``noqa: E501 the URL cannot be wrapped``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from standards.discovery import language_of

_CODES = r"[A-Za-z]+[0-9]+(?:\s*,\s*[A-Za-z]+[0-9]+)*"
# The keywords are assembled so that this module's own source holds no suppression comment.
_NOQA = re.compile(r"#\s*" + "no" + r"qa(?:\s*:\s*(?P<codes>" + _CODES + r"))?(?P<rest>.*)$", re.IGNORECASE)
_FILE_NOQA = re.compile(
    r"#\s*(?P<tool>ruff|flake8)\s*:\s*" + "no" + r"qa\b(?:\s*:\s*(?P<codes>" + _CODES + r"))?(?P<rest>.*)$",
    re.IGNORECASE,
)
_TYPE_IGNORE = re.compile(r"#\s*type:\s*" + "ig" + r"nore\b(?:\[(?P<codes>[^\]]*)\])?(?P<rest>.*)$")
_ESLINT = re.compile(
    r"(?P<open>//|/\*)\s*eslint-(?P<kind>disable-next-line|disable-line|disable|enable)(?![\w-])(?P<body>.*?)(?:\*/|$)"
)
_RUBOCOP = re.compile(r"#\s*rubocop\s*:\s*(?P<kind>disable|todo|enable)\b(?P<body>.*)$")
_SEPARATOR = re.compile(r"\s(?:--|#)\s?|^(?:--|#)\s?")


@dataclass(frozen=True)
class NativeSuppression:
    """One suppression comment of a linter."""

    line: int  # 1-based
    column: int  # 1-based column of the comment
    tool: str  # ruff, mypy, eslint, rubocop
    rules: tuple[str, ...]  # what it names; empty when it silences every rule
    reason: str  # the free text after the rules (until= included)
    file_wide: bool
    comment: str  # the comment as written, stripped
    text: str  # the whole source line, stripped

    @property
    def key(self) -> tuple[str, str]:
        """What identifies this comment across versions of the file (not its line number)."""
        return (self.tool, " ".join(self.comment.split()))


def parse(path: str, text: str) -> list[NativeSuppression]:
    """The linters' suppression comments in a file, in line order ([] for other languages)."""
    language = language_of(path)
    if language == "python":
        return _python(text)
    if language in ("javascript", "typescript"):
        return _eslint(text)
    if language == "ruby":
        return _rubocop(text)
    return []


# Every comment :func:`parse` reads holds one of these (lowercased); a line without any holds none.
KEYWORDS = ("no" + "qa", "type:", "eslint-", "rubocop")


def might_have(text: str) -> bool:
    """A cheap test before :func:`parse`: whether any keyword occurs at all."""
    lowered = text.lower()
    return any(k in lowered for k in KEYWORDS)


def _python(text: str) -> list[NativeSuppression]:
    out = []
    code_seen = False
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        alone = stripped.startswith("#")
        if "#" in line:
            found = _FILE_NOQA.search(line)
            if found is not None:
                out.append(_make(number, line, found, found.group("tool").lower(), _split(found.group("codes")), True))
            elif (found := _NOQA.search(line)) is not None:
                out.append(_make(number, line, found, "ruff", _split(found.group("codes")), False))
            if (found := _TYPE_IGNORE.search(line)) is not None:
                file_wide = alone and not code_seen
                out.append(_make(number, line, found, "mypy", _split(found.group("codes")), file_wide))
        if stripped and not alone:
            code_seen = True
    return out


def _eslint(text: str) -> list[NativeSuppression]:
    lines = text.split("\n")
    out = []
    for number, line in enumerate(lines, start=1):
        if "eslint-" not in line:
            continue
        for found in _ESLINT.finditer(line):
            kind = found.group("kind")
            if kind == "enable":
                continue
            body = found.group("body")
            rules_text, reason = _body(body)
            file_wide = kind == "disable" and not _enabled_later(lines, number, "eslint-enable")
            rules = tuple(r.strip() for r in rules_text.split(",") if r.strip())
            out.append(_native(number, line, found.start(), "eslint", rules, reason, file_wide, found.group(0)))
    return out


def _rubocop(text: str) -> list[NativeSuppression]:
    lines = text.split("\n")
    out = []
    for number, line in enumerate(lines, start=1):
        if "rubocop" not in line:
            continue
        found = _RUBOCOP.search(line)
        if found is None or found.group("kind") == "enable":
            continue
        rules_text, reason = _body(found.group("body"))
        rules = tuple(r for r in (r.strip() for r in rules_text.split(",")) if r and r.lower() != "all")
        alone = line.strip().startswith("#")
        file_wide = alone and not _enabled_later(lines, number, "rubocop:enable")
        out.append(_native(number, line, found.start(), "rubocop", rules, reason, file_wide, found.group(0)))
    return out


def _enabled_later(lines: list[str], number: int, keyword: str) -> bool:
    return any(keyword in later.replace(" ", "") for later in lines[number:])


def _body(body: str) -> tuple[str, str]:
    """(the rules, the reason) of an ESLint or RuboCop directive's text."""
    separator = _SEPARATOR.search(body)
    if separator is None:
        return body.strip(), ""
    return body[: separator.start()].strip(), body[separator.end() :].strip()


def _split(codes: str | None) -> tuple[str, ...]:
    return tuple(c.strip() for c in (codes or "").split(",") if c.strip())


def _make(
    number: int, line: str, found: re.Match[str], tool: str, rules: tuple[str, ...], file_wide: bool
) -> NativeSuppression:
    rest = found.group("rest").strip()
    reason = rest.lstrip("#-—–: \t").strip()
    return _native(number, line, found.start(), tool, rules, reason, file_wide, found.group(0))


def _native(
    number: int, line: str, start: int, tool: str, rules: tuple[str, ...], reason: str, file_wide: bool, comment: str
) -> NativeSuppression:
    return NativeSuppression(
        line=number,
        column=start + 1,
        tool=tool,
        rules=rules,
        reason=reason.removesuffix("*/").strip(),
        file_wide=file_wide,
        comment=comment.strip(),
        text=line.strip(),
    )
