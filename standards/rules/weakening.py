"""weakening: a change may not loosen the configuration that decides what is refused.

Reported by the check engine while it judges a change against its base
(``standards.check.weakening``); this module documents the rule for ``standards explain weakening`` and its
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
    id="weakening",
    title="A change does not loosen what the check refuses",
    conventions=(),
    languages=("python", "javascript", "typescript", "ruby"),
    scope="change",
    doc=RuleDoc(
        what=(
            "On --diff, compares the configuration at the base with the working tree, as data: a "
            'convention\'s level lowered, set "off" or removed in standards.toml, a size limit raised, a '
            "longer suppression cap, changed options of a rule; codes added to ruff's ignore, per-file-"
            "ignores or exclude, or dropped from its selection; a RuboCop cop disabled or an Exclude "
            "added; an ESLint rule turned off or the generated standards.eslint.mjs edited; the generated "
            "CI workflow edited or deleted. Each is an error unless a commit of the change accepts it "
            "with a trailer `Standards-Accept: <convention, rule or file>: <reason>`. A demotion that "
            "`standards update` wrote because it could no longer prove a convention (a note starting "
            "`unprovable:`) is a notice."
        ),
        why=(
            "Switching a rule off is the quietest way to get a violation through: the hook and CI pass, "
            "and nobody sees that the bar moved. A loosening may be right, but a person decides it, with "
            "a reason the reviewer sees in the change's CI output."
        ),
        example='[conventions."py.naming.function"]\nlevel = "off"   # committed to get camelCase names through',
        use_instead=(
            "# fix the names; or, when the exception is real, say so in the commit message:\n"
            "Standards-Accept: py.naming.function: generated client code keeps the API's camelCase names"
        ),
    ),
    check=check,
)
