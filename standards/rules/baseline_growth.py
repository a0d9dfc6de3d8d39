"""baseline-growth: the baseline of tolerated debt may only shrink in a change.

Reported by the check engine while it judges a change against its base
(``standards.check.acceptance``); this module documents the rule for ``standards explain baseline-growth`` and its
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
    id="baseline-growth",
    title="The baseline only shrinks",
    conventions=(),
    languages=("python", "javascript", "typescript", "ruby"),
    scope="change",
    doc=RuleDoc(
        what=(
            "On --diff, compares .standards/baseline.json at the base with the working tree. Entries the "
            'change adds are an error ("the baseline grew by N entries") unless each carries an '
            'acceptance written by `standards baseline --accept "reason"`, or a commit of the change has '
            "a `Standards-Accept:` trailer naming it; accepted growth is shown as a notice. `standards "
            "update` adds entries only for conventions it adds or tightens in the same run, each with the "
            "convention and the reason."
        ),
        why=(
            "Re-recording the baseline after a violating commit would make the violation look like old "
            "debt. Debt is tolerated because it predates the rules; new code meets them."
        ),
        example="standards baseline   # run after committing a violation, to make it pass",
        use_instead=(
            "# fix the violation; or accept it, with a reason a reviewer reads:\n"
            'standards baseline --accept "vendored parser kept byte-identical with upstream"'
        ),
    ),
    check=check,
)
