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

On a change (``--staged``, ``--diff``) every suppression the change adds, ours or a linter's
own (``noqa``, ``type: ignore``, ``eslint-disable...``, ``rubocop:disable``), is held to more:
its reason is a sentence of at least three words, an ``until=`` date lies at most
``suppression_max_days`` (``[standards]`` in standards.toml, 180 by default) ahead, and a
linter's suppression covering the whole file is refused. Suppressions already in the base
version are debt and are not judged again.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from standards.check import native_suppressions
from standards.check.native_suppressions import NativeSuppression
from standards.errors import ConfigError
from standards.model import Finding, Fix, Level, Standards

RULE = "standards:suppression"

_COMMENT = re.compile(r"(?P<marker>#|//)\s*standards:\s*ignore\b(?P<rest>.*)$")
_RULES = re.compile(r"\[(?P<rules>[^\]]*)\]")
_UNTIL = re.compile(r"(?<!\S)until=(?P<date>\S*)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LEADING_PUNCTUATION = " \t-:—–"
_WORD = re.compile(r"[^\W\d_]{2,}")
MAX_DAYS_KEY = "suppression_max_days"
DEFAULT_MAX_DAYS = 180
MIN_REASON_WORDS = 3
_NOQA = "no" + "qa"  # assembled: this module's source holds no suppression comment of its own
_TYPE_IGNORE = "type: " + "ignore"


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


# --- suppressions a change adds -------------------------------------------------------


def max_days(standards: Standards) -> int:
    """``[standards] suppression_max_days``: how far ahead an ``until=`` date may lie."""
    value = standards.settings.get(MAX_DAYS_KEY, DEFAULT_MAX_DAYS)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError("standards.toml", f"[standards] {MAX_DAYS_KEY} = {value!r}: expected a number of days (>= 0)")
    return value


def is_sentence(reason: str) -> bool:
    """Whether a reason says something: at least three words of letters ("x", "." or "fixme" do not)."""
    return len(_WORD.findall(_UNTIL.sub(" ", reason))) >= MIN_REASON_WORDS


def added(path: str, text: str, base_text: str | None, today: date, days: int) -> list[Finding]:
    """One ``standards:suppression`` finding for each suppression that ``text`` adds to
    ``base_text`` (None: a new file) and that does not meet the bar for a new exception.

    Ours that are invalid anyway are left to :func:`apply`, which reports them in every mode."""
    base_text = base_text or ""
    out = []
    ours = Counter(_our_key(s) for s in _all(parse(base_text)))
    for s in sorted(_all(parse(text)), key=lambda s: s.line):
        if _take(ours, _our_key(s)) or s.problem(today):
            continue
        problem = _reason_problem(s.reason) or _until_problem(s.until, today, days)
        if problem:
            out.append(problem_finding(path, s, problem))
    if native_suppressions.might_have(text):
        theirs = Counter(s.key for s in native_suppressions.parse(path, base_text))
        for n in native_suppressions.parse(path, text):
            if _take(theirs, n.key):
                continue
            problem = native_problem(n, today, days)
            if problem:
                out.append(_native_finding(path, n, problem))
    return out


def native_problem(n: NativeSuppression, today: date, days: int) -> str:
    """Why a linter's suppression cannot be added as it is, or ""."""
    written = f"`{n.comment}`"
    if n.file_wide:
        return f"{written} silences the whole file; a new exception covers one line"
    if not n.rules:
        return f"{written} names no rule, so it silences every rule on its line"
    until_match = _UNTIL.search(n.reason)
    until_text = until_match.group("date") if until_match else ""
    until = _date(until_text)
    if until_text and until is None:
        return f"{written}: until={until_text} is not a date (expected YYYY-MM-DD)"
    if until is not None and until < today:
        return f"{written} expired on {until.isoformat()}"
    reason = _reason_problem(n.reason)
    if reason:
        return f"{written}: {reason}"
    limit = _until_problem(until, today, days)
    return f"{written}: {limit}" if limit else ""


def _reason_problem(reason: str) -> str:
    if not reason.strip():
        return "a new suppression gives no reason"
    if not is_sentence(reason):
        return f"a new suppression needs a reason of at least {MIN_REASON_WORDS} words, not {reason.strip()!r}"
    return ""


def _until_problem(until: date | None, today: date, days: int) -> str:
    if until is None:
        return ""
    latest = today + timedelta(days=min(days, (date.max - today).days))  # a huge setting cannot overflow
    if until > latest:
        return f"until={until.isoformat()} is more than {days} days ahead (at most {latest.isoformat()})"
    return ""


def _native_finding(path: str, n: NativeSuppression, problem: str) -> Finding:
    rules = ", ".join(n.rules) or "<rule>"
    example = {
        "eslint": f"// eslint-disable-next-line {rules} -- <why this line is an exception>",
        "rubocop": f"# rubocop:disable {rules} -- <why this line is an exception>",
        "mypy": f"# {_TYPE_IGNORE}[{rules}]  # <why this line is an exception>",
    }.get(n.tool, f"# {_NOQA}: {rules}  # <why this line is an exception>")
    return Finding(
        path=path,
        line=n.line,
        column=n.column,
        rule=RULE,
        message=f"{problem} ({n.tool}'s own suppression, added by this change).",
        level=Level.ERROR,
        why="a suppression added in a change is an exception someone must review: it names the rules, "
        "says why in a sentence, covers a line rather than a file, and an until= date ends it soon.",
        fix=Fix(
            description="fix the code and drop the comment, or name the rule and say why on the line itself:",
            replacement=example,
        ),
        source_line=n.text,
    )


def _our_key(s: Suppression) -> str:
    return " ".join(s.text.split())


def _take(counter: Counter, key: object) -> bool:
    """Consume one occurrence of ``key``: True when the base version had it."""
    if counter[key] > 0:
        counter[key] -= 1
        return True
    return False
