"""tests-with-changes: a change to library code in an area whose history almost always
changes tests with it must change tests too (a Danger-style check on --staged / --diff)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from standards.history import areas
from standards.infer import Thresholds, level_for
from standards.model import Convention, Finding, Fix, Level, Observation
from standards.rules import CheckContext, Rule, RuleDoc

CONVENTION = "git.cochange.tests"
DEFAULT_MIN_COMMITS = 5


def area_level(stats: dict[str, Any], conv: Convention, thresholds: Thresholds) -> Level:
    """The level an area's own evidence supports, never above the convention's level
    (a person who set the convention to warn is obeyed)."""
    evidence = Observation(
        id=conv.id, title=conv.title, category=conv.category, language=conv.language,
        value=conv.value, support=int(stats.get("with_tests", 0)), total=int(stats.get("commits", 0)),
        enforced_by=list(conv.enforced_by),
    )  # fmt: skip
    level = level_for(evidence, thresholds)
    return level if level.rank >= conv.level.rank else conv.level


def check(ctx: CheckContext) -> Iterator[Finding]:
    conv = ctx.standards.enabled(CONVENTION)
    if conv is None or ctx.diff is None:
        return
    changed = sorted(ctx.diff.lines)
    if any(areas.is_test(p) for p in changed):
        return
    options = ctx.options(RULE.id)
    min_commits = int(options.get("min_commits", DEFAULT_MIN_COMMITS))
    ignored = set(options.get("ignore_areas", []))
    thresholds = Thresholds.from_settings(ctx.standards.settings.get("thresholds", {}))
    by_area: dict[str, list[str]] = {}
    for path in changed:
        if areas.is_source(path):
            by_area.setdefault(areas.area_of(path), []).append(path)
    for area, paths in sorted(by_area.items()):
        stats = (conv.params.get("areas") or {}).get(area)
        if area in ignored or not stats or int(stats.get("commits", 0)) < min_commits:
            continue
        level = area_level(stats, conv, thresholds)
        if level.rank > Level.WARN.rank:
            continue
        yield _finding(area, paths[0], sorted(ctx.diff.lines[paths[0]]), stats, conv, level)


def _finding(area: str, path: str, lines: list[int], stats: dict[str, Any], conv: Convention, level: Level) -> Finding:
    home = stats.get("tests_in") or "the tests"
    example = stats.get("example_test", "")
    return Finding(
        path=path,
        line=lines[0] if lines else 1,
        column=1,
        rule=RULE.qualified,
        message=(
            f"changes to {area} usually come with tests in {home} "
            f"({stats['with_tests']} of {stats['commits']} commits); this change has none"
        ),
        level=level,
        why=conv.why,
        fix=Fix(f"add or update a test in {home}/" + (f", e.g. {example}" if example else "")),
        anchor=conv.anchor,
    )


RULE = Rule(
    id="tests-with-changes",
    title="Changes to library code come with tests",
    conventions=(CONVENTION,),
    languages=(),
    scope="change",
    check=check,
    doc=RuleDoc(
        what=(
            "On --staged or --diff, reports a change that touches library code in an area "
            "(top-level package or folder) but no test, when that area's history shows its code "
            "is almost always changed together with tests. Each area's level follows its own "
            "evidence (error needs at least 95% of at least 20 commits)."
        ),
        why=(
            "Where every past change to an area came with a test, a change without one is usually "
            "an untested change, not a deliberate exception."
        ),
        example="git add src/shop/pricing.py  # a new discount rule, no test",
        use_instead="git add src/shop/pricing.py tests/test_pricing.py",
        options={
            "min_commits": f"an area needs this many commits of history to be checked (default {DEFAULT_MIN_COMMITS})",
            "ignore_areas": 'areas never checked, e.g. ["src/legacy"]',
        },
    ),
)
