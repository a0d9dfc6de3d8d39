"""Function size in library code: statements, arguments and McCabe complexity.

Each is measured the way ruff measures it (PLR0915, PLR0913, C901) and a limit is proposed
from the repository's own distribution: a round number at or above the 99th percentile, and
never below ruff's default, so current code mostly passes and outliers stand out. These are
judgement calls: the level is capped at warn.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from standards.analyzers import _pyindex
from standards.analyzers._evidence import MAX_EXAMPLES, percentile
from standards.analyzers._pyindex import FunctionInfo, ModuleIndex
from standards.context import Context
from standards.model import Level, Observation

LANGUAGES = ("python",)

DUMMY = re.compile(r"^(_+|(_+[a-zA-Z0-9_]*[a-zA-Z0-9]+?))$")  # ruff's default dummy-variable-rgx
PERCENTILE = 99


def complexity(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """McCabe complexity as ruff's C901 computes it."""
    return 1 + _branches(fn.body)


def _branches(stmts: list[ast.stmt]) -> int:
    n = 0
    for stmt in stmts:
        if isinstance(stmt, (ast.If, ast.For, ast.AsyncFor, ast.While)):
            n += 1 + _branches(stmt.body) + _branches(stmt.orelse)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            n += _branches(stmt.body)
        elif isinstance(stmt, ast.Match):
            n += sum(1 + _branches(case.body) for case in stmt.cases)
        elif isinstance(stmt, (ast.Try, ast.TryStar)):
            n += _branches(stmt.body) + _branches(stmt.finalbody)
            n += (1 if stmt.orelse else 0) + _branches(stmt.orelse)
            n += sum(1 + _branches(h.body) for h in stmt.handlers)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            n += 1 + _branches(stmt.body)
        elif isinstance(stmt, ast.ClassDef):
            n += _branches(stmt.body)
    return n


def statements(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Statements in the body, nested blocks included, the way PLR0915 counts them."""
    return _count(fn.body)


def _count(stmts: list[ast.stmt]) -> int:
    """ruff's PLR0915 count: a return is free, ``else``/``elif``/``except`` count one,
    ``finally`` two, a loop nothing beyond its body, a nested def or class only itself."""
    n = 0
    for stmt in stmts:
        if isinstance(stmt, ast.If):
            n += 1 + _count(stmt.body) + _else(stmt)
        elif isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
            n += _count(stmt.body) + (1 + _count(stmt.orelse) if stmt.orelse else 0)
        elif isinstance(stmt, (ast.Try, ast.TryStar)):
            n += 1 + _count(stmt.body) + sum(1 + _count(h.body) for h in stmt.handlers)
            n += 1 + _count(stmt.orelse) if stmt.orelse else 0
            n += 2 + _count(stmt.finalbody) if stmt.finalbody else 0
        elif isinstance(stmt, (ast.With, ast.AsyncWith, ast.FunctionDef, ast.AsyncFunctionDef)):
            n += 1 + _count(stmt.body)
        elif isinstance(stmt, ast.Match):
            n += 1 + sum(1 + _count(case.body) for case in stmt.cases)
        elif not isinstance(stmt, ast.Return):
            n += 1
    return n


def _else(stmt: ast.If) -> int:
    """The ``elif``/``else`` clauses of an if: one each, plus their bodies."""
    orelse = stmt.orelse
    if not orelse:
        return 0
    first = orelse[0]
    if len(orelse) == 1 and isinstance(first, ast.If) and first.col_offset == stmt.col_offset:
        return 1 + _count(first.body) + _else(first)  # elif
    return 1 + _count(orelse)


def arguments(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Arguments as PLR0913 counts them: every non-variadic one, dummies (``_x``) aside."""
    a = fn.args
    return sum(1 for p in (*a.posonlyargs, *a.args, *a.kwonlyargs) if not DUMMY.match(p.arg))


@dataclass(frozen=True)
class Measure:
    key: str
    id: str
    title: str
    code: str
    setting: str
    ruff_default: int
    step: int
    metric: Callable[[ast.FunctionDef | ast.AsyncFunctionDef], int]
    unit: str


MEASURES = (
    Measure(
        "complexity",
        "py.size.complexity",
        "Functions stay below a McCabe complexity of {limit}",
        "ruff:C901",
        "lint.mccabe.max-complexity",
        10,
        5,
        complexity,
        "complexity",
    ),
    Measure(
        "arguments",
        "py.size.arguments",
        "Functions take at most {limit} arguments",
        "ruff:PLR0913",
        "lint.pylint.max-args",
        5,
        1,
        arguments,
        "arguments",
    ),
    Measure(
        "statements",
        "py.size.statements",
        "Functions have at most {limit} statements",
        "ruff:PLR0915",
        "lint.pylint.max-statements",
        50,
        10,
        statements,
        "statements",
    ),
)


def propose_limit(values: list[int], step: int, floor: int) -> int:
    """A round number (a multiple of ``step``) at or above the 99th percentile, at least ``floor``."""
    p99 = percentile([float(v) for v in values], PERCENTILE)
    return max(floor, int(math.ceil(p99 / step) * step))


def judged(indexes: list[ModuleIndex]) -> list[tuple[ModuleIndex, FunctionInfo]]:
    """Library functions ruff would measure: overloads and ``@override`` methods aside."""
    return [
        (idx, fn)
        for idx in indexes
        if idx.is_library and not idx.is_stub
        for fn in idx.functions
        if not fn.is_overload and not fn.is_override
    ]


def observe(m: Measure, functions: list[tuple[ModuleIndex, FunctionInfo]]) -> Observation | None:
    values = [(m.metric(fn.node), idx, fn) for idx, fn in functions]
    if not values:
        return None
    limit = propose_limit([v for v, _, _ in values], m.step, m.ruff_default)
    within = [(idx, fn) for v, idx, fn in values if v <= limit]
    worst = sorted((v for v in values if v[0] > limit), key=lambda v: -v[0])
    ordered = sorted(v for v, _, _ in values)
    median = percentile([float(v) for v in ordered], 50)
    typical = sorted((v for v in values if v[0] <= median), key=lambda v: -v[0])  # near the median, not above
    return Observation(
        id=m.id,
        title=m.title.format(limit=limit),
        category="size",
        language="python",
        value=limit,
        support=len(within),
        total=len(values),
        counts={f"<= {limit}": len(within), f"> {limit}": len(worst)} if worst else {f"<= {limit}": len(within)},
        examples=[idx.where(fn.node) for _, idx, fn in typical[:MAX_EXAMPLES]],
        counter_examples=[idx.where(fn.node) for _, idx, fn in worst[:MAX_EXAMPLES]],
        enforced_by=[m.code],
        why=f"Library functions here have a median {m.unit} of {median:g} and {ordered[-1]} at most; "
        "larger ones are harder to review and test.",
        do=f"keep functions near the median ({median:g} {m.unit}); split longer ones into helpers with clear names",
        dont=f"one function past {limit} {m.unit}",
        params={"ruff": {m.setting: limit}},
        max_level=Level.WARN,
        note=f"limit from the repo's p{PERCENTILE} (not below ruff's default {m.ruff_default}); library code only",
    )


def analyze(ctx: Context) -> list[Observation]:
    functions = judged(_pyindex.modules(ctx))
    return [obs for m in MEASURES if (obs := observe(m, functions)) is not None]
