"""large-change: a change far larger than the repo's commits usually are."""

from __future__ import annotations

from collections.abc import Iterable

from standards.model import Convention, Finding, Fix, Standards
from standards.rules import CheckContext, Rule, RuleDoc
from standards.webmodel.changes import Change, counts_towards_size


def limit_of(conv: Convention, options: dict) -> int:
    """The added lines a change may have: the rule's option, else the convention's inferred limit."""
    return int(options.get("max_lines", conv.params.get("limit", conv.value)))


def check(ctx: CheckContext) -> Iterable[Finding]:
    conv = RULE.convention(ctx.standards)
    if conv is None or ctx.diff is None:
        return
    change = Change({path: len(lines) for path, lines in ctx.diff.lines.items()})
    limit = limit_of(conv, ctx.options(RULE.id))
    if change.size <= limit:
        return
    counted = sorted(
        (p for p in change.added if counts_towards_size(p)),
        key=lambda p: -change.added[p],
    )
    biggest = counted[0]
    yield Finding(
        path=biggest,
        line=min(ctx.diff.lines[biggest], default=1),
        column=1,
        rule=RULE.qualified,
        message=f"this change adds {change.size} lines in {len(counted)} files; {conv.support[0]} of "
        f"{conv.support[1]} commits here add at most {limit} (lockfiles and generated files not counted)",
        level=conv.level,
        why=conv.why,
        fix=Fix("split it into changes that can be reviewed on their own (refactor, then behaviour)"),
        anchor=conv.anchor,
        whole_file=True,
    )


def quick_data(standards: Standards, listing: list[str]) -> dict:
    """What the hook's quick verdict screens a change with (standards.check.quick_screens)."""
    conv = RULE.convention(standards)
    options = dict(standards.rules.get(RULE.id, {}) or {})
    return {"limit": limit_of(conv, options) if conv is not None else 0}


RULE = Rule(
    id="large-change",
    title="Changes stay reviewable",
    conventions=("change.size",),
    languages=(),
    doc=RuleDoc(
        what="Warns when a change adds more lines than the repo's commits usually do (p95 of its "
        "history, at least 200). Lockfiles, snapshots and generated files do not count.",
        why="Reviewers skim large changes; defects and convention drift slip through.",
        example="one commit: new model, migration, API, UI and a refactor of the old API (2,400 lines)",
        use_instead="a refactor commit, then the model + migration, then the API, then the UI",
        options={"max_lines": "added lines a change may have (default: inferred from history)"},
    ),
    check=check,
    scope="change",
)
