"""Whether Ruby methods end without an explicit ``return`` (RuboCop ``Style/RedundantReturn``):
each method whose last expression (or the end of an if, unless or case there) can be read
is a unit. ``return a, b`` at the end is allowed when the code does so
(``AllowMultipleReturnValues``) and the plain form is kept otherwise."""

from __future__ import annotations

from standards.analyzers._rbstyle import enabled_observation
from standards.analyzers._rbverify import analyzed
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("ruby",)
COP = "Style/RedundantReturn"


def analyze(ctx: Context) -> list[Observation]:
    return analyzed(ctx, "rb_redundant_return")


def observe(ctx: Context) -> list[Observation]:
    """The styles counted with tree-sitter (RuboCop checks them on a sample in ``analyze``)."""
    strict = enabled_observation(
        ctx,
        COP,
        "method_tail",
        lambda tag: tag == "plain",
        id="rb.style.redundant_return",
        title="Methods end with their value, not `return value`",
        category="idioms",
        why="Ruby returns the last expression; a final `return` is noise.",
        dont="def total\n  return sum\nend",
        unit="methods",
    )
    if strict is None:
        return []
    if strict.counts.get("broken"):
        lenient = enabled_observation(
            ctx,
            COP,
            "method_tail",
            lambda tag: tag != "return",
            id=strict.id,
            title=strict.title,
            category=strict.category,
            why=strict.why,
            dont=strict.dont,
            unit="methods",
            params={"rubocop": {COP: {"AllowMultipleReturnValues": True}}},
        )
        if lenient is not None and lenient.support > strict.support:
            lenient.note += "; `return a, b` at the end is kept (AllowMultipleReturnValues)"
            return [_quote(ctx, lenient)]
    return [_quote(ctx, strict)]


def _quote(ctx: Context, obs: Observation) -> Observation:
    from standards.analyzers._style import first_example

    obs.do = first_example(ctx, obs)
    return obs
