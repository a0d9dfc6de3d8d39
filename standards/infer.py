"""Turn observations into conventions: choose a level and a confidence from the evidence.

All thresholds live here, in :class:`Thresholds`; ``[standards.thresholds]`` in
standards.toml overrides them. The rules, in order:

* explicit configuration → ``error`` (the maintainers wrote it down);
* at least ``error_share`` of at least ``error_min_total`` places agree → ``error``;
* at least ``warn_share`` of at least ``warn_min_total`` places agree → ``warn``;
* otherwise → ``info``: the playbook mentions it, nothing checks it.

Shares are recency-weighted where the analyzer measured it (``weighted_share``): files changed
recently count more than files untouched for years (half-life ``history_half_life_days``, 365).

A convention that no tool enforces (empty ``enforced_by``) is at most ``warn``: the
playbook never calls something enforced that nothing checks.

An observation may cap its level (``max_level``), e.g. a convention that is a matter of
judgement never blocks, or give it a floor of ``warn`` (``min_level``): a practice the check
warns about even where the code mostly does not follow it, its note saying so with the numbers.
Confidence is the lower bound of the Wilson score interval (95%) of the share that follows, so
a small sample never looks certain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

from standards.model import Convention, Level, Observation, Source

COUNTED = "counted over "  # how an analyzer's note states the files its counts were taken over


@dataclass(frozen=True)
class Thresholds:
    error_share: float = 0.95
    error_min_total: int = 20
    warn_share: float = 0.80
    warn_min_total: int = 5

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> "Thresholds":
        known = {f.name for f in fields(cls)}
        given = {k.replace("-", "_"): v for k, v in (settings or {}).items()}
        return cls(**{k: v for k, v in given.items() if k in known})


def wilson_lower(followed: int, total: int, z: float = 1.96) -> float:
    if total <= 0:
        return 0.0
    p = followed / total
    denom = 1 + z * z / total
    centre = p + z * z / (2 * total)
    margin = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total))
    return max(0.0, (centre - margin) / denom)


def level_for(obs: Observation, t: Thresholds) -> Level:
    share = obs.weighted_share if obs.weighted_share is not None else obs.share
    if obs.source is Source.EXPLICIT:
        level = Level.ERROR
    elif obs.total >= t.error_min_total and share >= t.error_share:
        level = Level.ERROR
    elif obs.total >= t.warn_min_total and share >= t.warn_share:
        level = Level.WARN
    else:
        level = Level.INFO
    if obs.min_level is not None and level.rank > obs.min_level.rank and obs.enforced_by:
        level = obs.min_level if obs.min_level.rank >= Level.WARN.rank else Level.WARN
    if obs.max_level is not None and level.rank < obs.max_level.rank:
        level = obs.max_level
    if not obs.enforced_by and level is Level.ERROR:
        level = Level.WARN  # nothing can block on it: it is an expectation, not an enforced rule
    return level


def note_for(obs: Observation, t: Thresholds) -> str:
    notes = [obs.note] if obs.note else []
    if obs.source is Source.EXPLICIT:
        return "; ".join(notes)
    share = obs.weighted_share if obs.weighted_share is not None else obs.share
    if share < t.warn_share and obs.min_level is None:  # the reason it is not checked, whatever the sample's size
        notes.append(f"mixed: only {obs.share:.0%} agree")
    if obs.total < t.error_min_total and (share >= t.warn_share or obs.total < t.warn_min_total):
        notes.append(f"small sample ({obs.total} places)")
    return "; ".join(notes)


def convention_from(obs: Observation, t: Thresholds) -> Convention:
    confidence = 1.0 if obs.source is Source.EXPLICIT else wilson_lower(obs.support, obs.total)
    return Convention(
        id=obs.id,
        title=obs.title,
        category=obs.category,
        language=obs.language,
        value=obs.value,
        level=level_for(obs, t),
        source=obs.source,
        support=(obs.support, obs.total),
        confidence=round(confidence, 3),
        examples=list(obs.examples),
        counter_examples=list(obs.counter_examples),
        enforced_by=list(obs.enforced_by),
        why=obs.why,
        do=obs.do,
        dont=obs.dont,
        params=dict(obs.params),
        note=note_for(obs, t),
        explicit_in=obs.explicit_in,
    )


def infer(observations: list[Observation], t: Thresholds | None = None) -> dict[str, Convention]:
    """One convention per id; an explicit observation wins over an inferred one."""
    t = t or Thresholds()
    chosen: dict[str, Observation] = {}
    for obs in observations:
        prev = chosen.get(obs.id)
        if prev is None or (obs.source is Source.EXPLICIT and prev.source is not Source.EXPLICIT):
            if prev is not None and obs.source is Source.EXPLICIT and not obs.total:
                _borrow_evidence(obs, prev)
            chosen[obs.id] = obs
        elif prev.source is Source.EXPLICIT and not prev.total and obs.total:
            _borrow_evidence(prev, obs)
    return {cid: convention_from(obs, t) for cid, obs in sorted(chosen.items())}


def _borrow_evidence(explicit: Observation, inferred: Observation) -> None:
    """An explicit value with the counts of what the code does; the inferred examples
    only when they illustrate the same value."""
    explicit.support, explicit.total = _support_for(inferred, explicit.value)
    explicit.counts = explicit.counts or inferred.counts
    if inferred.value == explicit.value:
        if not explicit.examples and inferred.examples:  # the Do quotes the first example: they travel together
            explicit.examples, explicit.do = inferred.examples, inferred.do or explicit.do
            explicit.dont = explicit.dont or inferred.dont
        explicit.counter_examples = explicit.counter_examples or inferred.counter_examples
    scope = next((n for n in inferred.note.split("; ") if n.startswith(COUNTED)), "")
    if scope:  # the files the counts were taken over: the denominator, stated
        explicit.note = "; ".join(n for n in (explicit.note, scope) if n)


def _support_for(inferred: Observation, value: Any) -> tuple[int, int]:
    if inferred.value == value:
        return inferred.support, inferred.total
    return inferred.counts.get(str(value), 0), inferred.total
