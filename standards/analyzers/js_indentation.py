"""How far JavaScript/TypeScript blocks are indented (ESLint ``indent``).

Each block, class body, object and array whose first member starts on a later line
contributes the step between the two lines' indentation; ``switch`` bodies tell whether
``case`` is indented one step (``SwitchCase``).
"""

from __future__ import annotations

from standards.analyzers._jsindex import gate, js_files
from standards.analyzers._style import tally_spots
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("javascript", "typescript")


def analyze(ctx: Context) -> list[Observation]:
    files = js_files(ctx)
    tally = tally_spots((f.path, line, v) for f in files for line, v in f.indents)
    obs = tally.observation(
        id="js.style.indent",
        title="",
        category="formatting",
        language="javascript",
        enforced_by=["eslint:indent", "eslint:@stylistic/indent"],
        why="A single indentation width keeps nesting readable and diffs clean.",
    )
    if obs is None:
        return []
    step: int | str = int(obs.value) if obs.value.isdigit() else "tab"
    obs.value = step
    obs.title = "Indent with tabs" if step == "tab" else f"Indent with {step} spaces"
    cases = tally_spots((f.path, line, v) for f in files for line, v in f.switch_cases)
    switch_case = 1 if cases.majority()[0] != "0" else 0
    obs.params = {"eslint": {"indent": [step, {"SwitchCase": switch_case}]}}
    obs.do = describe(step)
    obs.dont = describe(4 if step == 2 else 2)
    return gate(ctx, [obs])


def describe(step: int | str) -> str:
    return "one tab per nesting level" if step == "tab" else f"{step} spaces per nesting level"
