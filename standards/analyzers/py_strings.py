"""String formatting: f-strings, ``str.format`` or ``%`` interpolation.

Only formatting that ruff's pyupgrade rules can rewrite is counted: an f-string, a
``"literal".format(...)`` call (UP032) and a ``"literal" % args`` expression (UP031).
Logging calls that pass ``%s`` arguments lazily are not interpolation and are not counted.
"""

from __future__ import annotations

import ast

from standards.analyzers import _pyindex
from standards.analyzers._evidence import Tally
from standards.analyzers._style import quote_first
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("python",)

SNIPPETS = {
    "f-string": 'f"{name} has {count} items"',
    "format": '"{} has {} items".format(name, count)',
    "percent": '"%s has %d items" % (name, count)',
}


def is_format_call(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "format"
        and isinstance(func.value, ast.Constant)
        and isinstance(func.value.value, str)
    )


def analyze(ctx: Context) -> list[Observation]:
    tally = Tally(weight=ctx.recency)
    for idx in _pyindex.modules(ctx):
        for node in idx.fstrings:
            tally.add("f-string", idx.path, node.lineno)
        for call, _ in idx.calls:
            if is_format_call(call):
                tally.add("format", idx.path, call.lineno)
        for binop in idx.percent_formats:
            tally.add("percent", idx.path, binop.lineno)
    value, _ = tally.majority()
    if value is None:
        return []
    obs = tally.observation(
        value,
        id="py.strings.formatting",
        title=f"Strings are formatted with {'f-strings' if value == 'f-string' else value}",
        category="strings",
        language="python",
        why="One formatting style reads uniformly; f-strings are the shortest and fastest.",
        do=SNIPPETS[value],
        dont=SNIPPETS["percent" if value != "percent" else "f-string"],
    )
    assert obs is not None
    quote_first(ctx, obs)
    if value == "f-string":
        obs.enforced_by = ["ruff:UP031", "ruff:UP032"]
    else:
        obs.note = "ruff has no rule that requires this style; the playbook states it"
    return [obs]
