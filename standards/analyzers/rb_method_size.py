"""How long Ruby methods in library code are (RuboCop ``Metrics/MethodLength``: body
lines that are neither blank nor comments). The cap is the repository's own 95th
percentile; a size is a judgement call, so it never blocks (warn at most). Tests are
left out."""

from __future__ import annotations

from standards.analyzers._evidence import percentile
from standards.analyzers._rbindex import rb_scope
from standards.analyzers._style import SIZE_STEPS, size_limit, source_line, within_counts
from standards.context import Context
from standards.model import Level, Observation

LANGUAGES = ("ruby",)
MIN_METHODS = 10


def analyze(ctx: Context) -> list[Observation]:
    methods = [(f.path, m) for f in rb_scope(ctx, "Metrics/MethodLength").files if not f.is_test for m in f.methods]
    if len(methods) < MIN_METHODS:
        return []
    limit = size_limit([m.size for _, m in methods])
    within = sorted(((p, m) for p, m in methods if m.size <= limit), key=lambda pm: -pm[1].size)
    longer = sorted(((p, m) for p, m in methods if m.size > limit), key=lambda pm: -pm[1].size)
    median = percentile([float(m.size) for _, m in methods], 50)
    typical = [(p, m) for p, m in within if m.size <= median]  # near the median, not the fattest that fit
    return [
        Observation(
            id="rb.size.method",
            title=f"Methods are at most {limit} lines",
            category="structure",
            language="ruby",
            value=limit,
            support=len(within),
            total=len(methods),
            counts=within_counts([m.size for _, m in methods], (*SIZE_STEPS, limit)),
            examples=[f"{p}:{m.line}" for p, m in typical[:3]],
            counter_examples=[f"{p}:{m.line}" for p, m in longer[:3]],
            enforced_by=["rubocop:Metrics/MethodLength"],
            params={"rubocop": {"Metrics/MethodLength": {"Max": limit, "CountComments": False}}},
            why=f"{len(within)} of {len(methods)} methods here fit in {limit} lines (median {median:g}); "
            "longer ones hide several jobs.",
            do=source_line(ctx, f"{typical[0][0]}:{typical[0][1].line}") if typical else "",
            dont=f"def {longer[0][1].name} ({longer[0][1].size} lines)" if longer else f"a {limit * 2}-line method",
            max_level=Level.WARN,
        )
    ]
