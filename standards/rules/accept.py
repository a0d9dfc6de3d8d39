"""accept: an acceptance needs a real reason.

Reported by the check engine while it judges a change against its base
(``standards.check.acceptance``); this module documents the rule for ``standards explain accept`` and its
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
    id="accept",
    title="An acceptance names what it accepts and says why",
    conventions=(),
    languages=("python", "javascript", "typescript", "ruby"),
    scope="change",
    doc=RuleDoc(
        what=(
            "Reports a `Standards-Accept:` trailer or a `standards baseline --accept` reason that does "
            'not accept anything: no name before the colon, or a reason shorter than a sentence ("x", '
            '".", one word).'
        ),
        why=(
            "An acceptance is how a person takes responsibility for an exception. Without a reason it is "
            "a rubber stamp, and the reviewer cannot judge it."
        ),
        example="Standards-Accept: weakening: ok",
        use_instead="Standards-Accept: py.size.statements: the parser's state machine reads best as one function",
    ),
    check=check,
)
