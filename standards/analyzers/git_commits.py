"""How commit messages are written here: Conventional Commits or not (and which types and
scopes), subject length, capitalisation, mood, trailing period, issue references,
sign-offs and CI-skip tags. Merge commits, bots and fixup!/squash!/Revert messages are not
evidence; counts are recency-weighted so the current habit decides.

Every convention's ``do`` is a subject from this repository's history that follows all of
the conventions found (the commit-msg hook shows it as the example to copy).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from standards.analyzers._evidence import percentile
from standards.context import Context
from standards.history import messages
from standards.history.reader import Commit, history_for
from standards.history.recency import WeightedTally, commit_weights, half_life
from standards.model import Level, Observation

LANGUAGES = ()
ENFORCED_BY = ["standards:commit-message"]
SUBJECT_LIMIT = 72  # the hard limit people know: GitHub and `git log` in 80 columns truncate past it
MAX_LISTED = 12
OPT_IN = ("git.commit.references", "git.commit.signoff")  # a habit only when most commits have it


@dataclass(frozen=True)
class Sample:
    commit: Commit
    weight: float
    features: messages.MessageFeatures

    @property
    def place(self) -> str:
        return f"{self.commit.short} {self.commit.subject}"


def analyze(ctx: Context) -> list[Observation]:
    history = history_for(ctx)
    weights = commit_weights(history, half_life(ctx.options))
    samples = [
        Sample(c, weights[c.sha], messages.features(c.message)) for c in messages.authored_messages(history.commits)
    ]
    if not samples:
        return []
    days = half_life(ctx.options)
    found = [
        obs
        for obs in (
            _format(samples, days),
            _length(samples, days),
            _capitalization(samples, days),
            _mood(samples, days),
            _period(samples, days),
            _references(samples, days),
            _signoff(samples, days),
            _skip_ci(samples),
        )
        if obs is not None
    ]
    found = [obs for obs in found if obs.id not in OPT_IN or obs.share >= 0.5]
    exemplar = _exemplar(samples, [obs for obs in found if obs.share >= 0.5])
    notes = [n for n in (history.note, _pr_suffix_note(samples)) if n]
    return [
        replace(
            obs,
            do=exemplar or obs.do,
            note="; ".join([obs.note, *notes]),
            enforced_by=list(ENFORCED_BY),
            category="history",
            language="git",
        )
        for obs in found
    ]


def _tally(samples: list[Sample], feature: str) -> WeightedTally:
    tally = WeightedTally()
    for s in samples:
        value = getattr(s.features, feature)
        if value is not None:
            tally.add(str(value), s.weight, s.place)
    return tally


def _format(samples: list[Sample], days: float) -> Observation | None:
    tally = WeightedTally()
    for s in samples:
        tally.add(s.features.subject.kind, s.weight, s.place)
    value = tally.majority()
    if value == "conventional":
        typed = [s.features.subject for s in samples if s.features.subject.kind == "conventional"]
        types = Counter(sub.type for sub in typed)
        scopes = Counter(sub.scope for sub in typed if sub.scope)
        params = {
            "types": [t for t, _ in types.most_common()],
            "scopes": [t for t, _ in scopes.most_common(MAX_LISTED)],
            "scoped_share": round(sum(scopes.values()) / len(typed), 2),
        }
        title = "Commit subjects follow Conventional Commits: type(scope): description"
        dont = "fixed stuff"
    elif value == "prefixed":
        prefixed = [s.features.subject.type for s in samples if s.features.subject.kind == "prefixed"]
        params = {"prefixes": [p for p, _ in Counter(prefixed).most_common(MAX_LISTED)]}
        title = "Commit subjects start with the area they change: area: description"
        dont = "fix the thing"
    else:
        params = {}
        title = "Commit subjects are plain sentences, without a type prefix"
        dont = ""
    return tally.observation(
        value,
        id="git.commit.format",
        title=title,
        category="history",
        language="git",
        params=params,
        dont=dont,
        half_life_days=days,
        why="reviewers, changelogs and release tools read these subjects; one format keeps them scannable",
    )


def _length(samples: list[Sample], days: float) -> Observation | None:
    lengths = [float(s.features.length) for s in samples]
    p95 = int(percentile(lengths, 95))
    limit = SUBJECT_LIMIT if p95 <= SUBJECT_LIMIT else -(-p95 // 10) * 10
    tally = WeightedTally()
    for s in samples:
        tally.add("within" if s.features.length <= limit else "over", s.weight, s.place)
    obs = tally.observation(
        "within",
        id="git.commit.subject_length",
        title=f"Commit subjects are at most {limit} characters",
        category="history",
        language="git",
        params={"max": limit, "p95": p95, "median": int(percentile(lengths, 50))},
        why="git log --oneline, GitHub and most tools truncate long subjects",
        half_life_days=days,
        max_level=None if limit == SUBJECT_LIMIT else Level.INFO,
        note=f"p95 {p95} characters, median {int(percentile(lengths, 50))}",
    )
    return replace(obs, value=limit) if obs else None


def _capitalization(samples: list[Sample], days: float) -> Observation | None:
    tally = _tally(samples, "capitalization")
    value = tally.majority()
    return tally.observation(
        id="git.commit.capitalization",
        title=f"Commit descriptions start with {'a capital' if value == 'upper' else 'a lower-case'} letter",
        category="history",
        language="git",
        dont=_example_of(samples, "capitalization", value, negate=True),
        half_life_days=days,
        why="a consistent log reads as one voice",
    )


def _mood(samples: list[Sample], days: float) -> Observation | None:
    tally = _tally(samples, "mood")
    value = tally.majority()
    if value is None:
        return None
    return tally.observation(
        id="git.commit.mood",
        title=f'Commit subjects start with a verb in the {value} form ("{messages.MOOD_EXAMPLES[value]} ...")',
        category="history",
        language="git",
        dont=_example_of(samples, "mood", value, negate=True),
        half_life_days=days,
        why="the subject completes 'this commit will ...' (or whatever this repo's log consistently says)",
    )


def _period(samples: list[Sample], days: float) -> Observation | None:
    tally = WeightedTally()
    for s in samples:
        tally.add("period" if s.features.period else "no-period", s.weight, s.place)
    value = tally.majority()
    return tally.observation(
        id="git.commit.trailing_period",
        title="Commit subjects end with a period" if value == "period" else "Commit subjects do not end with a period",
        category="history",
        language="git",
        half_life_days=days,
        why="a subject is a title; this repository's log is consistent about it",
    )


def _references(samples: list[Sample], days: float) -> Observation | None:
    styles = Counter(style for s in samples for style in s.features.references)
    if not styles:
        return None
    style = styles.most_common(1)[0][0]
    tally = WeightedTally()
    for s in samples:
        tally.add(style if style in s.features.references else "none", s.weight, s.place)
    return tally.observation(
        style,
        id="git.commit.references",
        title=f"Commit messages reference an issue ({style})",
        category="history",
        language="git",
        params={"style": style, "pattern": messages.REFERENCE_STYLES[style]},
        half_life_days=days,
        why="each change can be traced to the issue that asked for it",
        note="a PR number GitHub appends on squash merge does not count",
    )


def _signoff(samples: list[Sample], days: float) -> Observation | None:
    if not any(s.features.signoff for s in samples):
        return None
    tally = WeightedTally()
    for s in samples:
        tally.add("signed-off" if s.features.signoff else "none", s.weight, s.place)
    return tally.observation(
        "signed-off",
        id="git.commit.signoff",
        title="Commits carry a Signed-off-by trailer (git commit -s)",
        category="history",
        language="git",
        half_life_days=days,
        why="contributors certify the Developer Certificate of Origin",
    )


def _skip_ci(samples: list[Sample]) -> Observation | None:
    tags = Counter(s.features.skip_ci for s in samples if s.features.skip_ci)
    if not tags:
        return None
    tag, n = tags.most_common(1)[0]
    return Observation(
        id="git.commit.skip_ci",
        title=f"Commits that need no CI run say {tag}",
        category="history",
        language="git",
        value=tag,
        support=n,
        total=sum(tags.values()),
        counts=dict(tags.most_common()),
        examples=[s.place for s in samples if s.features.skip_ci == tag][:3],
        max_level=Level.INFO,
        why="the spelling this repository's CI honours",
    )


def _example_of(samples: list[Sample], feature: str, value: str | None, *, negate: bool = False) -> str:
    """The newest subject whose ``feature`` is (or, negated, is not) ``value``."""
    for s in samples:
        seen = getattr(s.features, feature)
        if seen is not None and (str(seen) != value if negate else str(seen) == value):
            return s.features.subject.text
    return ""


def _exemplar(samples: list[Sample], found: list[Observation]) -> str:
    """A subject that follows every convention most commits follow: the oldest of a usual
    length in the window, so that new commits do not change it on every run."""
    following = [s for s in samples if all(messages.follows(s.features, obs.id, obs.value) for obs in found)]
    usual = [s for s in following if 20 <= len(s.features.subject.text) <= 72]
    chosen = (usual or following)[-1:] if following else []
    return chosen[0].features.subject.text if chosen else ""


def _pr_suffix_note(samples: list[Sample]) -> str:
    n = sum(1 for s in samples if s.features.pr_suffix)
    if not n:
        return ""
    return f"{n} of {len(samples)} subjects end with a PR number GitHub adds on squash merge; it is not counted"
