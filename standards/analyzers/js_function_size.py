"""How long JavaScript/TypeScript functions in library code are (ESLint
``max-lines-per-function``, counting non-blank, non-comment lines as the analyzer does).

The cap is the 95th percentile of the repository's own functions, so it describes what
the code already does; a size is a judgement call, so it never blocks (warn at most).
Tests are left out: their ``describe`` callbacks are long by design.
"""

from __future__ import annotations

from standards.analyzers._evidence import percentile
from standards.analyzers._jsindex import gate, js_files
from standards.analyzers._style import SIZE_STEPS, size_limit, source_line, within_counts
from standards.context import Context
from standards.model import Level, Observation

LANGUAGES = ("javascript", "typescript")
MIN_FUNCTIONS = 10


def analyze(ctx: Context) -> list[Observation]:
    functions = [(f.path, fn) for f in js_files(ctx) if not f.is_test for fn in f.functions]
    if len(functions) < MIN_FUNCTIONS:
        return []
    limit = size_limit([fn.size for _, fn in functions])
    within = [(p, fn) for p, fn in functions if fn.size <= limit]
    longer = sorted((fn for fn in functions if fn[1].size > limit), key=lambda pf: -pf[1].size)
    median = percentile([float(fn.size) for _, fn in functions], 50)
    typical = sorted(((p, fn) for p, fn in functions if fn.size <= median), key=lambda pf: -pf[1].size)
    return gate(
        ctx,
        [
            Observation(
                id="js.size.function",
                title=f"Functions are at most {limit} lines",
                category="structure",
                language="javascript",
                value=limit,
                support=len(within),
                total=len(functions),
                counts=within_counts([fn.size for _, fn in functions], (*SIZE_STEPS, limit)),
                examples=[f"{p}:{fn.line}" for p, fn in typical[:3]],
                counter_examples=[f"{p}:{fn.line}" for p, fn in longer[:3]],
                enforced_by=["eslint:max-lines-per-function"],
                params={
                    "eslint": {"max-lines-per-function": [{"max": limit, "skipBlankLines": True, "skipComments": True}]}
                },
                why=f"{len(within)} of {len(functions)} functions here fit in {limit} lines (median {median:g}); "
                "longer ones hide several jobs.",
                do=source_line(ctx, f"{typical[0][0]}:{typical[0][1].line}") if typical else "",
                dont=f"{longer[0][1].name} ({longer[0][1].size} lines)" if longer else f"a {limit * 2}-line function",
                max_level=Level.WARN,
            )
        ],
    )
