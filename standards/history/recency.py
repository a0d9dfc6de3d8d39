"""Recency weighting: what a repository does now counts more than what it did years ago.

A weight halves every ``half_life_days`` (option ``history_half_life_days``, default 365),
measured back from the newest commit, not from today, so a dormant repository is not
weighted to nothing.

How an analyzer uses it:

* per commit (history analyzers): ``commit_weights(history)`` gives each sha a weight;
  add it to a :class:`WeightedTally` instead of counting 1;
* per file (code analyzers): ``path_weights(history_for(ctx), paths)`` gives each path the
  weight of its last modification (from the same cached ``git log`` pass, no extra
  process); pass it as the weight of every place counted in that file, so a style used in
  files touched last month outweighs one left in files untouched for years.

:class:`WeightedTally` turns weighted counts into an :class:`Observation` whose support and
total are the weighted sums, rounded ("effective" commits or places), and whose note gives
the raw figures, so inference levels reflect current practice and the evidence stays honest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from standards.history.reader import DAY, History
from standards.model import Observation

DEFAULT_HALF_LIFE_DAYS = 365.0
DAY_SECONDS = 86_400
MAX_EXAMPLES = 3


def half_life(options: Mapping[str, Any]) -> float:
    return max(1.0, float(options.get("history_half_life_days", DEFAULT_HALF_LIFE_DAYS)))


def decay(age_seconds: float, half_life_days: float = DEFAULT_HALF_LIFE_DAYS) -> float:
    """1.0 for now, 0.5 one half-life ago, ... never negative ages."""
    return 0.5 ** (max(0.0, age_seconds) / (half_life_days * DAY))


def commit_weights(history: History, half_life_days: float = DEFAULT_HALF_LIFE_DAYS) -> dict[str, float]:
    """Each commit's weight by its commit date relative to the newest commit."""
    newest = history.newest
    return {c.sha: decay(newest - c.committed, half_life_days) for c in history.commits}


def path_weights(
    history: History, paths: Iterable[str], half_life_days: float = DEFAULT_HALF_LIFE_DAYS
) -> dict[str, float]:
    """Each path's weight by its last modification within the history read. A path not
    modified within it gets the weight of the oldest commit read (it is at least that old);
    without any history every weight is 1.0."""
    wanted = set(paths)
    if not history.commits:
        return dict.fromkeys(wanted, 1.0)
    last: dict[str, int] = {}
    for commit in history.commits:  # newest first: the first sighting is the last change
        for change in commit.files:
            if change.path in wanted and change.path not in last:
                last[change.path] = commit.committed
        if len(last) == len(wanted):
            break
    oldest = history.commits[-1].committed
    newest = history.newest
    if history.limited_by == "days":  # the walk stopped at the window: unseen files are older than it
        oldest = min(oldest, newest - int(history.window.max_days * DAY_SECONDS))
    return {p: decay(newest - last.get(p, oldest), half_life_days) for p in wanted}


@dataclass
class WeightedTally:
    """Like ``_evidence.Tally``, with a weight per place and the raw count kept beside it."""

    weights: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    raw: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    places: dict[str, list[str]] = field(default_factory=dict)

    def add(self, value: str, weight: float, place: str = "") -> None:
        self.weights[value] += weight
        self.raw[value] += 1
        spots = self.places.setdefault(value, [])
        if place and len(spots) < MAX_EXAMPLES:
            spots.append(place)

    @property
    def total(self) -> int:
        return sum(self.raw.values())

    def majority(self) -> str | None:
        if not self.weights:
            return None
        return max(self.weights, key=lambda v: (self.weights[v], v))

    def share(self, value: str) -> float:
        whole = sum(self.weights.values())
        return self.weights.get(value, 0.0) / whole if whole else 0.0

    def observation(
        self,
        value: str | None = None,
        *,
        unit: str = "commits",
        half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
        note: str = "",
        **kwargs: Any,
    ) -> Observation | None:
        """An observation for ``value`` (default: the weighted majority); None when empty."""
        if not self.weights:
            return None
        value = value if value is not None else self.majority()
        assert value is not None
        counts = {v: round(w) for v, w in sorted(self.weights.items(), key=lambda kv: -kv[1])}
        weighting = (
            f"recency-weighted (half-life {half_life_days:.0f} days); "
            f"raw: {self.raw.get(value, 0)} of {self.total} {unit}"
        )
        others = [p for v in counts if v != value for p in self.places.get(v, [])]
        return Observation(
            value=value,
            support=round(self.weights.get(value, 0.0)),
            total=round(sum(self.weights.values())),
            counts=counts,
            examples=list(self.places.get(value, [])),
            counter_examples=others[:MAX_EXAMPLES],
            note="; ".join(n for n in (weighting, note) if n),
            **kwargs,
        )
