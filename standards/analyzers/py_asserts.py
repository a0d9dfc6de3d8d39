"""``assert`` outside tests: Python drops asserts under ``-O``, so they must not guard logic.

Counted per module: a module outside the tests either uses ``assert`` or does not. The test
directories that exist become per-file-ignores for ruff's S101, so tests keep their asserts.
"""

from __future__ import annotations

from standards.analyzers import _pyindex
from standards.analyzers._evidence import Tally
from standards.analyzers._style import as_files
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("python",)


def analyze(ctx: Context) -> list[Observation]:
    indexes = _pyindex.modules(ctx)
    tally = Tally(weight=ctx.recency)
    for idx in indexes:
        if idx.is_test or idx.is_stub:
            continue
        if idx.asserts:
            tally.add("assert", idx.path, idx.asserts[0].lineno)
        else:
            tally.add("no assert", idx.path, 1)
    if not tally.total:
        return []
    obs = tally.observation(
        "no assert",
        id="py.errors.assert_outside_tests",
        title="No assert outside tests",
        category="errors",
        language="python",
        enforced_by=["ruff:S101"],
        why="python -O strips asserts; a check that matters must raise an exception.",
        do="if value is None:\n    raise ValueError(...)",
        dont="assert value is not None",
        note="counted per module outside the tests",
    )
    assert obs is not None
    obs.examples = as_files(obs.examples)  # a module without assert: no line shows it
    globs = _pyindex.role_globs((i.path for i in indexes), {"test"})
    if globs:
        obs.params = {"ruff_per_file_ignores": {g: ["S101"] for g in globs}}
    return [obs]
