"""suppression: inline exceptions name a rule, give a reason, and carry a valid date.

The check engine applies suppressions itself (``standards.check.suppressions.apply``)
after every linter and rule has run, because a suppression covers findings from any tool.
It reports the invalid ones as ``standards:suppression``; this module documents the rule
for ``standards explain suppression``, and its check function reports nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from standards.model import Finding
from standards.rules import CheckContext, Rule, RuleDoc

# Split so that this file's own examples are not read as suppressions when it is checked.
_IGNORE = "# " + "standards: ignore"


def check(ctx: CheckContext) -> Iterable[Finding]:
    """Nothing: the engine reports invalid suppressions when it applies them."""
    return ()


RULE = Rule(
    id="suppression",
    title="Suppressions name a rule, give a reason, and do not outlive their date",
    conventions=(),
    languages=("python", "javascript", "typescript", "ruby"),
    doc=RuleDoc(
        what=(
            "Checks the inline suppressions `# standards: ignore[rule] reason` (`//` in "
            "JavaScript and TypeScript). A suppression at the end of a line of code covers "
            "that line; one alone on its line covers the next line. The brackets name one or "
            "more rules, separated by commas, as `thin-controller`, `standards:thin-controller`, "
            "`ruff:E501` or `E501`. The text after them is the reason. `until=YYYY-MM-DD` "
            "makes the exception temporary: it holds through that day.\n\n"
            "A suppression that names no rule, gives no reason, or has a malformed or past "
            "`until=` date suppresses nothing and is reported as an error. The check engine "
            "applies suppressions to the findings of every tool, so this rule is always on "
            "and has nothing to switch on in standards.toml.\n\n"
            "On --staged and --diff, every suppression the change adds is held to more, ours and "
            "the linters' own alike (`noqa`, `noqa: CODE`, `ruff: noqa`, `flake8: noqa`, "
            "`type: ignore`, `eslint-disable-line`, `eslint-disable-next-line`, `eslint-disable` "
            "blocks, `rubocop:disable`, `rubocop:todo`): it names the rules, its reason is a "
            "sentence of at least three words (after `--` or a second `#` for a linter's own "
            "comment), an `until=` date lies at most `suppression_max_days` ahead (in `[standards]`, "
            "180 by default), and one that silences a whole file is refused. Suppressions already "
            "in the base version are existing debt and are not judged again."
        ),
        why=(
            "An exception is a decision someone made about one line. Without the rule's name "
            "it silences everything that comes later; without a reason the next reader cannot "
            "tell a deliberate exception from a shortcut; and a temporary exception that "
            "nobody revisits becomes permanent debt."
        ),
        example=(
            f"url = build_url(base, query)  {_IGNORE}\n"
            f"{_IGNORE}[E501]\n"
            'LONG = "https://example.com/a/very/long/path/that/cannot/be/wrapped"\n'
            f"{_IGNORE}[thin-controller] until=2024-01-31 migrating to services\n"
            "def create_order(request): ..."
        ),
        use_instead=(
            "url = build_url(base, query)\n"
            f"{_IGNORE}[E501] a URL cannot be wrapped\n"
            'LONG = "https://example.com/a/very/long/path/that/cannot/be/wrapped"\n'
            f"{_IGNORE}[thin-controller] until=2027-03-01 moves to services in PROJ-42\n"
            "def create_order(request): ..."
        ),
    ),
    check=check,
)
