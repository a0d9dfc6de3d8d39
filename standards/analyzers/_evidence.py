"""Helpers analyzers share to turn counts into an Observation with examples."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from standards.model import Observation

MAX_EXAMPLES = 3
WEIGHT_NOTE_GAP = 0.05  # weighted and raw shares this far apart: the weighted one decides, and says so


@dataclass
class Tally:
    """Counts values seen at places, remembering a few places per value."""

    counts: Counter = field(default_factory=Counter)
    places: dict[str, list[str]] = field(default_factory=dict)
    weight: Callable[[str], float] | None = None  # path -> recency weight (Context.recency)
    weighted: Counter = field(default_factory=Counter)

    def add(self, value: str, path: str, line: int, n: int = 1) -> None:
        self.counts[value] += n
        if self.weight is not None:
            self.weighted[value] += n * self.weight(path)
        spots = self.places.setdefault(value, [])
        if len(spots) < MAX_EXAMPLES:
            spots.append(f"{path}:{line}")

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def majority(self) -> tuple[str | None, int]:
        """The value most places use; with recency weights, the one recent code uses most."""
        if not self.counts:
            return None, 0
        if self.weight is not None and sum(self.weighted.values()) > 0:
            value = max(self.weighted, key=lambda v: (self.weighted[v], self.counts[v], v))
            return value, self.counts[value]
        value, n = self.counts.most_common(1)[0]
        return value, n

    def others(self, value: str) -> list[str]:
        out: list[str] = []
        for v, _ in self.counts.most_common():
            if v != value:
                out.extend(self.places.get(v, []))
        return out[:MAX_EXAMPLES]

    def observation(self, value: str | None = None, **kwargs: Any) -> Observation | None:
        """An observation for ``value`` (default: the majority); None when nothing was seen."""
        if not self.counts:
            return None
        if value is None:
            value, _ = self.majority()
        assert value is not None
        obs = Observation(
            value=value,
            support=self.counts.get(value, 0),
            total=self.total,
            counts=dict(self.counts.most_common()),
            examples=list(self.places.get(value, [])),
            counter_examples=self.others(value),
            **kwargs,
        )
        weighted_total = sum(self.weighted.values())
        if self.weight is not None and weighted_total > 0:
            share = self.weighted.get(value, 0.0) / weighted_total
            if abs(share - obs.share) >= WEIGHT_NOTE_GAP:
                obs.weighted_share = round(share, 3)
                note = (
                    f"recency-weighted {share:.0%} (raw {obs.share:.0%}): "
                    "files changed recently count more than old ones"
                )
                obs.note = f"{obs.note}; {note}" if obs.note else note
        return obs


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by nearest rank; 0 for an empty list."""
    if not values:
        return 0.0
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1)))))
    return ordered[k]
