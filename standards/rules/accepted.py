"""accepted: an accepted exception, shown so that a reviewer sees it.

Reported by the check engine while it judges a change against its base
(``standards.check.acceptance``); this module documents the rule for ``standards explain accepted`` and its
check reports nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from standards.model import Finding
from standards.rules import CheckContext, Rule, RuleDoc


def check(ctx: CheckContext) -> Iterable[Finding]:
    """Nothing: the engine reports this rule when it compares a change with its base."""
    return ()


RULE = Rule(
    id="accepted",
    title="Accepted exceptions are shown in CI",
    conventions=(),
    languages=("python", "javascript", "typescript", "ruby"),
    scope="change",
    doc=RuleDoc(
        what=(
            "A notice for every loosening or baseline growth in the change that is accepted: by a "
            "`Standards-Accept: <name>: <reason>` trailer in one of the change's commits, by a baseline "
            "entry written with `standards baseline --accept`, or by an `unprovable:` demotion `standards "
            "update` wrote. It names what was accepted, where and why. It never blocks."
        ),
        why=(
            "An exception that passes silently is indistinguishable from an escape. The acceptance is "
            "allowed; it is made visible in the change's own CI run, where the reviewer looks."
        ),
        example="Standards-Accept: ruff:N802: x",
        use_instead="Standards-Accept: ruff:N802: these handlers implement the SOAP API's camelCase operation names",
    ),
    check=check,
)
