"""Which quote JavaScript/TypeScript strings use (ESLint ``quotes``).

Strings that contain the other quote character are neutral: ``"it's"`` is what a
single-quote codebase writes too (``avoidEscape``). JSX attribute values are left out;
they follow ``jsx-quotes``, not ``quotes``.
"""

from __future__ import annotations

from standards.analyzers._jsindex import gate, js_files
from standards.analyzers._style import first_example, tally_spots
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("javascript", "typescript")
OTHER = {"single": "double", "double": "single"}
MARK = {"single": "'", "double": '"'}


def analyze(ctx: Context) -> list[Observation]:
    tally = tally_spots((f.path, line, v) for f in js_files(ctx) for line, v in f.quotes)
    obs = tally.observation(
        id="js.style.quotes",
        title="Strings use {} quotes",
        category="formatting",
        language="javascript",
        enforced_by=["eslint:quotes", "eslint:@stylistic/quotes"],
        why="One quote style keeps diffs and searches predictable.",
    )
    if obs is None:
        return []
    obs.title = obs.title.format(obs.value)
    obs.params = {"eslint": {"quotes": [obs.value, {"avoidEscape": True}]}}
    obs.do = first_example(ctx, obs)
    obs.dont = swap_quotes(obs.do, MARK[obs.value], MARK[OTHER[obs.value]])
    return gate(ctx, [obs])


def swap_quotes(code: str, mine: str, other: str) -> str:
    """``code`` with its ``mine`` quotes written as ``other`` (for the don't example)."""
    return code.replace(mine, "\0").replace(other, mine).replace("\0", other)
