"""Inline suppressions: a reviewed exception to a rule, written where it applies.

    order = Order.objects.get(pk=pk)  # standards: ignore[thin-controller] read-only view
    # standards: ignore[E501] a URL cannot be wrapped
    URL = "https://..."

The comment starts with ``#`` (Python, Ruby, YAML, shell) or ``//`` (JavaScript,
TypeScript). The brackets name one or more rules, separated by commas, each as
``thin-controller``, ``standards:thin-controller``, ``ruff:E501`` or ``E501``. The text
after the brackets is the reason; ``until=YYYY-MM-DD`` anywhere in it bounds the exception
(it holds through that day). A suppression at the end of a line of code applies to that
line; one alone on its line applies to the next line.

A suppression that names no rule, gives no reason, or carries an expired or malformed
date suppresses nothing and is itself reported as ``standards:suppression``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from standards.model import Finding, Fix, Level

RULE = "standards:suppression"

_COMMENT = re.compile(r"(?P<marker>#|//)\s*standards:\s*ignore\b(?P<rest>.*)$")
_RULES = re.compile(r"\[(?P<rules>[^\]]*)\]")
_UNTIL = re.compile(r"(?<!\S)until=(?P<date>\S*)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LEADING_PUNCTUATION = " \t-:—–"


@dataclass(frozen=True)
class Suppression:
    """One ``standards: ignore[...]`` comment."""

    line: int  # 1-based line of the comment
    marker: str  # "#" or "//"
    column: int  # 1-based column of the comment marker
    target: int  # the line it applies to
    rules: tuple[str, ...]  # as written, e.g. ("E501", "standards:thin-controller")
    reason: str
    until: date | None = None
    until_text: str = ""  # the raw value of until=, kept to report a malformed date
    text: str = ""  # the whole source line, stripped

    def covers(self, rule: str) -> bool:
        """True when this comment names ``rule`` ("ruff:E501" is named by "E501" too)."""
        return any(matches(spec, rule) for spec in self.rules)

    def problem(self, today: date) -> str:
        """Why this suppression is not valid today, or "" when it is."""
        if not self.rules:
            return "this suppression names no rule"
        if self.until_text and self.until is None:
            return f"until={self.until_text} is not a date (expected YYYY-MM-DD)"
        if self.until is not None and self.until < today:
            return f"this suppression expired on {self.until.isoformat()}"
        if not self.reason:
            return "this suppression gives no reason"
        return ""


def matches(spec: str, rule: str) -> bool:
    """True when the rule id written in a suppression designates the finding's ``rule``."""
    _, sep, code = rule.partition(":")
    return spec == rule or (bool(sep) and spec == code)


def parse(text: str) -> dict[int, list[Suppression]]:
    """The suppressions in a file's text, by the line they apply to."""
    by_target: dict[int, list[Suppression]] = {}
    if "standards:" not in text:
        return by_target  # most files: one scan in C instead of a regex per line
    for number, line in enumerate(text.split("\n"), start=1):
        suppression = parse_line(line, number) if "standards:" in line else None
        if suppression is not None:
            by_target.setdefault(suppression.target, []).append(suppression)
    return by_target


def parse_line(line: str, number: int) -> Suppression | None:
    """The suppression on one line (``number`` is 1-based), or None when it has none."""
    found = _COMMENT.search(line)
    if found is None:
        return None
    rest = found.group("rest")
    bracket = _RULES.match(rest.lstrip())
    rules: tuple[str, ...] = ()
    if bracket is not None:
        rules = tuple(r.strip() for r in bracket.group("rules").split(",") if r.strip())
        rest = rest.lstrip()[bracket.end() :]
    until_text = ""
    until_match = _UNTIL.search(rest)
    if until_match is not None:
        until_text = until_match.group("date")
        rest = rest[: until_match.start()] + rest[until_match.end() :]
    alone = not line[: found.start()].strip()
    return Suppression(
        line=number,
        marker=found.group("marker"),
        column=found.start() + 1,
        target=number + 1 if alone else number,
        rules=rules,
        reason=_reason(rest),
        until=_date(until_text),
        until_text=until_text,
        text=line.strip(),
    )


def apply(
    findings: Iterable[Finding], texts_by_path: Mapping[str, str], today: date
) -> tuple[list[Finding], list[Finding]]:
    """Drop the findings that a valid suppression covers.

    Returns the findings kept, and one ``standards:suppression`` finding for every
    invalid suppression in ``texts_by_path`` (repo-relative path -> file text). Invalid
    suppressions do not suppress anything.
    """
    parsed = {path: parse(text) for path, text in texts_by_path.items()}
    kept = [f for f in findings if not _suppressed(f, parsed.get(f.path, {}), today)]
    problems = [
        problem_finding(path, s, reason)
        for path, by_target in sorted(parsed.items())
        for s in sorted(_all(by_target), key=lambda s: s.line)
        if (reason := s.problem(today))
    ]
    return kept, problems


def problem_finding(path: str, suppression: Suppression, problem: str) -> Finding:
    """The finding that reports an invalid suppression, with how to repair it."""
    rules = ", ".join(suppression.rules) or "<rule>"
    return Finding(
        path=path,
        line=suppression.line,
        column=suppression.column,
        rule=RULE,
        message=f"{problem}; it suppresses nothing.",
        level=Level.ERROR,
        why="an exception to a rule is reviewed like code: it names the rule, says why, and "
        "an until= date must be a real date that has not passed.",
        fix=Fix(
            description="fix the code so the rule holds and delete the comment, or name the "
            "rule and give the reason (and a future until= date if the exception is temporary):",
            replacement=f"{suppression.marker} standards: ignore[{rules}] <why it is an exception>",
        ),
        source_line=suppression.text,
    )


def _suppressed(finding: Finding, by_target: dict[int, list[Suppression]], today: date) -> bool:
    return any(s.covers(finding.rule) and not s.problem(today) for s in by_target.get(finding.line, ()))


def _all(by_target: dict[int, list[Suppression]]) -> list[Suppression]:
    return [s for group in by_target.values() for s in group]


def _reason(rest: str) -> str:
    return rest.strip().lstrip(_LEADING_PUNCTUATION).strip()


def _date(text: str) -> date | None:
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
