"""Inline suppressions: parsing, matching rule ids, applying them, reporting invalid ones."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from standards.check import suppressions
from standards.check.suppressions import apply, matches, parse, parse_line
from standards.context import Context
from standards.discovery import Discovery
from standards.model import Finding, Level, Standards
from standards.rules import CheckContext, get_rule

# Split so that the deliberately invalid examples below are not read as real suppressions
# when this repository checks itself.
IGNORE = "standards" + ": ignore"
TODAY = date(2026, 6, 1)


def finding(rule: str = "ruff:E501", line: int = 2, path: str = "app/a.py") -> Finding:
    return Finding(path=path, line=line, column=1, rule=rule, message="m", level=Level.ERROR)


def test_trailing_comment_applies_to_its_own_line() -> None:
    text = f"x = 1\ny = 2  # {IGNORE}[E501] generated data\n"
    (only,) = parse(text)[2]
    assert (only.line, only.target, only.rules, only.reason) == (2, 2, ("E501",), "generated data")
    assert only.column == 8


def test_comment_alone_on_its_line_applies_to_the_next_line() -> None:
    text = f"    # {IGNORE}[thin-controller, ruff:E501] -- read-only view\n    def f(): ...\n"
    (only,) = parse(text)[2]
    assert (only.line, only.target) == (1, 2)
    assert only.rules == ("thin-controller", "ruff:E501")
    assert only.reason == "read-only view"


def test_slash_comments_for_javascript_and_typescript() -> None:
    text = f"const a = 1; // {IGNORE}[eslint:no-var] vendored file\n"
    (only,) = parse(text)[1]
    assert (only.marker, only.rules, only.reason) == ("//", ("eslint:no-var",), "vendored file")


def test_until_is_read_anywhere_after_the_brackets() -> None:
    first = parse_line(f"# {IGNORE}[E501] until=2027-03-01 long URL", 1)
    second = parse_line(f"# {IGNORE}[E501] long URL until=2027-03-01", 1)
    assert first is not None and second is not None
    assert first.until == second.until == date(2027, 3, 1)
    assert first.reason == second.reason == "long URL"


@pytest.mark.parametrize(
    "line",
    [
        "x = 1  # an ordinary comment",
        f"# {IGNORE}d[E501] not our keyword",
        "# standards: enforced everywhere",
        "",
    ],
)
def test_lines_without_a_suppression(line: str) -> None:
    assert parse_line(line, 1) is None


@pytest.mark.parametrize(
    ("spec", "rule", "expected"),
    [
        ("thin-controller", "standards:thin-controller", True),
        ("standards:thin-controller", "standards:thin-controller", True),
        ("E501", "ruff:E501", True),
        ("ruff:E501", "ruff:E501", True),
        ("E501", "ruff:E5011", False),
        ("E5", "ruff:E501", False),
        ("ruff:E501", "eslint:E501", False),
        ("thin-controller", "standards:thin-controller-x", False),
    ],
)
def test_matches(spec: str, rule: str, expected: bool) -> None:
    assert matches(spec, rule) is expected


def test_apply_drops_only_the_covered_finding() -> None:
    text = f"a\nb  # {IGNORE}[E501] table of constants\nc\n"
    covered = finding("ruff:E501", 2)
    other_rule = finding("ruff:N802", 2)
    other_line = finding("ruff:E501", 3)
    other_file = finding("ruff:E501", 2, path="app/b.py")
    kept, problems = apply([covered, other_rule, other_line, other_file], {"app/a.py": text}, TODAY)
    assert kept == [other_rule, other_line, other_file]
    assert problems == []


def test_suppression_holds_through_its_until_day() -> None:
    text = f"# {IGNORE}[E501] until=2026-06-01 migrating\nlong line\n"
    assert apply([finding()], {"app/a.py": text}, TODAY) == ([], [])


@pytest.mark.parametrize(
    ("comment", "problem"),
    [
        (f"# {IGNORE}[E501]", "this suppression gives no reason"),
        (f"# {IGNORE}[E501] until=2026-05-31 migrating", "this suppression expired on 2026-05-31"),
        (
            f"# {IGNORE}[E501] until=next-week migrating",
            "until=next-week is not a date (expected YYYY-MM-DD)",
        ),
        (
            f"# {IGNORE}[E501] until=2026-02-30 migrating",
            "until=2026-02-30 is not a date (expected YYYY-MM-DD)",
        ),
        (f"# {IGNORE} because I said so", "this suppression names no rule"),
        (f"# {IGNORE}[] because I said so", "this suppression names no rule"),
    ],
)
def test_invalid_suppression_suppresses_nothing_and_is_reported(comment: str, problem: str) -> None:
    text = f"{comment}\nlong line\n"
    original = finding()
    kept, problems = apply([original], {"app/a.py": text}, TODAY)
    assert kept == [original]
    (reported,) = problems
    assert reported.message == f"{problem}; it suppresses nothing."
    assert (reported.path, reported.line, reported.column) == ("app/a.py", 1, 1)
    assert (reported.rule, reported.level) == ("standards:suppression", Level.ERROR)
    assert reported.source_line == comment
    assert reported.fix is not None and reported.fix.description


def test_invalid_suppressions_are_reported_even_without_findings() -> None:
    texts = {
        "web/b.ts": f"let a = 1; // {IGNORE}[no-var]\n",
        "app/a.py": f"x = 1\ny = 2  # {IGNORE}[E501]\n",
    }
    _, problems = apply([], texts, TODAY)
    assert [(p.path, p.line) for p in problems] == [("app/a.py", 2), ("web/b.ts", 1)]
    assert problems[1].fix is not None
    assert problems[1].fix.replacement.startswith(f"// {IGNORE}[no-var] ")


def test_findings_in_files_without_text_are_kept() -> None:
    original = finding()
    assert apply([original], {}, TODAY) == ([original], [])


def test_suppression_rule_documents_itself_and_reports_nothing(tmp_path: Path) -> None:
    rule = get_rule("standards:suppression")
    assert rule is not None
    assert rule.qualified == suppressions.RULE
    assert rule.conventions == ()
    assert "until=YYYY-MM-DD" in rule.doc.what
    analysis = Context(root=tmp_path, discovery=Discovery(root=tmp_path))
    ctx = CheckContext(root=tmp_path, standards=Standards(), paths=["a.py"], analysis=analysis)
    assert list(rule.check(ctx)) == []


def test_a_finding_about_a_commit_is_not_read_as_a_file(tmp_path) -> None:
    """A commit-message finding's path is "commit:<sha>": suppressions must not try to open it
    (it stopped `check --diff` with "cannot read")."""
    from standards.check.engine import _suppress
    from standards.model import Finding, Level

    finding = Finding("commit:ec431bd", 1, 1, "standards:commit-message", "subject too long", Level.ERROR)
    assert _suppress(tmp_path, [finding], []) == [finding]
