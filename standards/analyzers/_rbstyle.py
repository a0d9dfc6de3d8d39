"""Choosing a RuboCop cop's style from what the code does, shared by the ``rb_*`` analyzers.

Each construct a cop judges (a hash, a block, a multi-line literal, ...) is a :class:`Unit` with
the styles it satisfies. A style is *kept* when at least :data:`KEPT_SHARE` of the units satisfy
it, counted plainly and recency-weighted (files changed recently count more), so old code and
recent changes both keep it. The choice:

1. RuboCop's default, when kept (maintainers change a style only when the default does not fit);
2. else the kept style most units satisfy, the strongest first on a tie: when old code writes
   ``:key =>`` and recent code ``key:``, only ``no_mixed_keys`` is kept, and it is chosen;
3. else (nothing kept) the style the most recent-weighted units satisfy (on a tie the default,
   then the weaker); inference then leaves it a warning or a note, as the share says.

Units that satisfy every style say nothing about the choice and are not counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from standards.analyzers._evidence import MAX_EXAMPLES
from standards.analyzers._rbindex import RbFile, Scope, rb_scope, todo_disables
from standards.analyzers._style import per_context, source_line
from standards.context import Context
from standards.model import Level, Observation

KEPT_SHARE = 0.95
MIXED_SHARE = 0.05  # a style this many units satisfy is part of the code's practice


@dataclass(frozen=True)
class CopStyle:
    """A cop's style parameter: its styles, strongest first, and RuboCop's default."""

    cop: str
    parameter: str
    styles: tuple[str, ...]
    default: str


@dataclass(frozen=True)
class Measured:
    """What a count saw for one observation, kept for RuboCop's check on the sample
    (``_rbverify``): the files in the cop's scope and those with a construct breaking the style."""

    cop: str
    scope: frozenset[str]
    broken: frozenset[str]


def measured(ctx: Context) -> dict[str, Measured]:
    """Observation id -> what its count saw, for this analysis."""
    return per_context(ctx, "rbstyle.measured", lambda _: {})


@dataclass(frozen=True)
class Unit:
    path: str
    line: int
    fits: frozenset[str]


@dataclass
class Choice:
    """The chosen style and the evidence for every style."""

    value: str
    units: list[Unit]
    support: dict[str, int] = field(default_factory=dict)
    weighted: dict[str, float] = field(default_factory=dict)  # recency-weighted share per style
    kept: list[str] = field(default_factory=list)
    reason: str = ""

    def share(self, style: str) -> float:
        return self.support.get(style, 0) / len(self.units) if self.units else 0.0


def units_of(
    files: Iterable[RbFile],
    fact: str,
    fits: Callable[[str], Iterable[str] | None],
    styles: tuple[str, ...],
    neutral: bool = False,
) -> list[Unit]:
    """The units of ``fact`` in ``files``; ``fits`` maps a tag to the styles it satisfies (None:
    not a unit). Units satisfying every style are left out, unless ``neutral``: for a cop that
    forbids a rare construct (an empty ``else``), every construct that avoids it is evidence."""
    everything = frozenset(styles)
    out = []
    for rb in files:
        for line, tag in rb.spots(fact):
            found = fits(tag)
            if found is None:
                continue
            satisfied = frozenset(found) & everything
            if neutral or satisfied != everything:
                out.append(Unit(rb.path, line, satisfied))
    return out


def choose(units: list[Unit], spec: CopStyle, weight: Callable[[str], float]) -> Choice | None:
    """The style for ``units`` (see the module docstring); None without units."""
    if not units:
        return None
    weights = [weight(u.path) for u in units]
    whole = sum(weights) or 1.0
    support = {s: sum(1 for u in units if s in u.fits) for s in spec.styles}
    weighted = {s: sum(w for u, w in zip(units, weights, strict=True) if s in u.fits) / whole for s in spec.styles}
    total = len(units)
    kept = [s for s in spec.styles if support[s] / total >= KEPT_SHARE and weighted[s] >= KEPT_SHARE]
    order = {s: i for i, s in enumerate(spec.styles)}
    if spec.default in kept:
        value, reason = spec.default, ""
    elif kept:
        value = max(kept, key=lambda s: (weighted[s], -order[s]))
        split = [s for s in spec.styles if s != value and MIXED_SHARE <= support[s] / total]
        reason = "the only style both old code and recent changes keep" if len(split) >= 2 else ""
    else:
        value = max(spec.styles, key=lambda s: (weighted[s], s == spec.default, order[s]))
        reason = "no style is kept throughout: the one recent code follows most"
    return Choice(value, units, support, weighted, kept, reason)


def observation(
    ctx: Context,
    spec: CopStyle,
    choice: Choice,
    scope: Scope,
    *,
    id: str,
    title: str,
    category: str,
    why: str,
    dont: dict[str, str],
    unit: str,
    extra_params: dict[str, Any] | None = None,
) -> Observation:
    """The observation for ``choice``: support over the units, places that follow and break
    it, the chosen style as the cop's parameter, and the denominator stated in the note."""
    value = choice.value
    followed = [u for u in choice.units if value in u.fits]
    broken = [u for u in choice.units if value not in u.fits]
    telling = sorted(followed, key=lambda u: len(u.fits))  # a unit only this style satisfies shows it best
    examples = [f"{u.path}:{u.line}" for u in telling[:MAX_EXAMPLES]]
    notes = [scope.note()]
    others = [f"{s} {choice.share(s):.0%}" for s in spec.styles if s != value]
    notes.append(
        f"{len(choice.units)} {unit} that tell the styles apart; {value} {choice.share(value):.0%}, "
        + ", ".join(others)
    )
    if choice.reason:
        notes.append(f"chosen as {choice.reason}")
    params: dict[str, Any] = {spec.parameter: value} if spec.parameter else {}
    params.update(extra_params or {})
    obs = Observation(
        id=id,
        title=title,
        category=category,
        language="ruby",
        value=value,
        support=len(followed),
        total=len(choice.units),
        counts={s: choice.support[s] for s in spec.styles},
        examples=examples,
        counter_examples=[f"{u.path}:{u.line}" for u in broken[:MAX_EXAMPLES]],
        enforced_by=[f"rubocop:{spec.cop}"],
        params={"rubocop": {spec.cop: params}},
        why=why,
        dont=dont.get(value, ""),
        note="; ".join(notes),
        weighted_share=round(choice.weighted[value], 3),
    )
    obs.do = source_line(ctx, examples[0]) if examples else ""
    measured(ctx)[id] = Measured(spec.cop, frozenset(f.path for f in scope.files), frozenset(u.path for u in broken))
    return obs


def cap_for_todo(obs: Observation, disabled_in: str) -> None:
    """A cop the project's debt list (``.rubocop_todo.yml``) switches off is not enforced by us
    either: the style is recorded as a note, with where the debt is listed."""
    if not disabled_in:
        return
    obs.max_level = Level.INFO
    note = f"{disabled_in} disables {obs.enforced_by[0].split(':', 1)[1]} (the project's debt list): not enforced"
    obs.note = f"{obs.note}; {note}" if obs.note else note


def infer_style(
    ctx: Context,
    spec: CopStyle,
    fact: str,
    fits: Callable[[str], Iterable[str] | None],
    *,
    files: list[RbFile] | None = None,
    neutral: bool = False,
    **kwargs: Any,
) -> Observation | None:
    """The observation for one cop's style: the cop's scope, its units, the choice, the todo cap."""
    scope = rb_scope(ctx, spec.cop, files)
    choice = choose(units_of(scope.files, fact, fits, spec.styles, neutral), spec, ctx.recency)
    if choice is None:
        return None
    obs = observation(ctx, spec, choice, scope, **kwargs)
    cap_for_todo(obs, todo_disables(ctx, spec.cop))
    return obs


def secondary_style(
    ctx: Context, spec: CopStyle, fact: str, fits: Callable[[str], Iterable[str] | None]
) -> tuple[dict[str, Any], str]:
    """A second parameter of a cop (the style for empty braces, ...): the chosen value as a
    parameter and a note, or nothing when the code never tells its styles apart."""
    scope = rb_scope(ctx, spec.cop)
    choice = choose(units_of(scope.files, fact, fits, spec.styles), spec, ctx.recency)
    if choice is None:
        return {}, ""
    share = choice.share(choice.value)
    return {spec.parameter: choice.value}, f"{spec.parameter}: {choice.value} ({share:.0%} of {len(choice.units)})"


def enabled_observation(
    ctx: Context,
    cop: str,
    fact: str,
    compliant: Callable[[str], bool | None],
    *,
    files: list[RbFile] | None = None,
    unit: str,
    **kwargs: Any,
) -> Observation | None:
    """A cop without a style (Style/RedundantReturn, Style/Documentation, ...): whether the code
    keeps it, with support = the units that comply; the share decides the level."""
    scope = rb_scope(ctx, cop, files)
    kept: list[tuple[str, int]] = []
    broken: list[tuple[str, int]] = []
    weight_kept = weight_all = 0.0
    for rb in scope.files:
        for line, tag in rb.spots(fact):
            verdict = compliant(tag)
            if verdict is None:
                continue
            weight = ctx.recency(rb.path)
            weight_all += weight
            if verdict:
                kept.append((rb.path, line))
                weight_kept += weight
            else:
                broken.append((rb.path, line))
    total = len(kept) + len(broken)
    if not total:
        return None
    measured(ctx)[str(kwargs["id"])] = Measured(
        cop, frozenset(f.path for f in scope.files), frozenset(path for path, _ in broken)
    )
    params = kwargs.pop("params", None) or {"rubocop": {cop: {}}}
    obs = Observation(
        value=True,
        support=len(kept),
        total=total,
        counts={"kept": len(kept), "broken": len(broken)},
        examples=[f"{p}:{n}" for p, n in kept[:MAX_EXAMPLES]],
        counter_examples=[f"{p}:{n}" for p, n in broken[:MAX_EXAMPLES]],
        enforced_by=[f"rubocop:{cop}"],
        language="ruby",
        note=f"{scope.note()}; {len(kept)} of {total} {unit} keep it",
        weighted_share=round(weight_kept / weight_all, 3) if weight_all else None,
        params=params,
        **kwargs,
    )
    cap_for_todo(obs, todo_disables(ctx, cop))
    return obs
