"""Co-change: how often commits that change library code also change tests, per area.

One observation, ``git.cochange.tests``: over every commit a person made that touches
library source (the root commit and merges are not changes), the recency-weighted share
that also touches a test. Per area (top-level package or folder) ``params.areas`` gives
the raw figures, where its tests live and a test changed with it, which is what the
``tests-with-changes`` rule reports on a change that has none.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from standards.context import Context
from standards.history import areas, messages
from standards.history.reader import Commit, history_for
from standards.history.recency import WeightedTally, commit_weights, half_life
from standards.model import Observation

LANGUAGES = ()
MIN_AREA_COMMITS = 5
MAX_AREAS = 15


@dataclass
class AreaStats:
    commits: int = 0
    with_tests: int = 0
    weight: float = 0.0
    weight_with_tests: float = 0.0
    homes: Counter = field(default_factory=Counter)
    example_test: str = ""  # the newest test changed with this area's code

    def record(self, weight: float, tests: list[str]) -> None:
        self.commits += 1
        self.weight += weight
        if tests:
            self.with_tests += 1
            self.weight_with_tests += weight
            self.homes.update({areas.test_home(t) for t in tests})
            self.example_test = self.example_test or tests[0]

    def params(self) -> dict[str, object]:
        return {
            "commits": self.commits,
            "with_tests": self.with_tests,
            "share": round(self.weight_with_tests / self.weight, 2) if self.weight else 0.0,
            "tests_in": self.homes.most_common(1)[0][0] if self.homes else "",
            "example_test": self.example_test,
        }


def changed_kinds(commit: Commit) -> tuple[list[str], list[str]]:
    """(library source files, test files) a commit changed."""
    paths = [f.path for f in commit.files]
    return [p for p in paths if areas.is_source(p)], [p for p in paths if areas.is_test(p)]


def analyze(ctx: Context) -> list[Observation]:
    history = history_for(ctx)
    days = half_life(ctx.options)
    weights = commit_weights(history, days)
    tally = WeightedTally()
    per_area: dict[str, AreaStats] = {}
    ever_tested = False
    for commit in messages.by_people(history.commits):
        if commit.is_root:
            continue
        sources, tests = changed_kinds(commit)
        ever_tested = ever_tested or bool(tests)
        if not sources:
            continue
        w = weights[commit.sha]
        tally.add("with-tests" if tests else "without-tests", w, f"{commit.short} {commit.subject}")
        for area in sorted({areas.area_of(p) for p in sources}):
            per_area.setdefault(area, AreaStats()).record(w, tests)
    if not ever_tested or tally.total < MIN_AREA_COMMITS:
        return []  # no tests in history, or too few code changes: no habit to learn
    busy = sorted(
        (a for a, s in per_area.items() if s.commits >= MIN_AREA_COMMITS), key=lambda a: -per_area[a].commits
    )[:MAX_AREAS]
    obs = tally.observation(
        "with-tests",
        id="git.cochange.tests",
        title="Commits that change library code also change its tests",
        category="tests",
        language="any",
        params={"areas": {a: per_area[a].params() for a in busy}},
        enforced_by=["standards:tests-with-changes"],
        why="code here changes together with its tests; a change without them is usually untested",
        half_life_days=days,
        note=history.note,
    )
    return [obs] if obs else []
