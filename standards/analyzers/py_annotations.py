"""Type annotation coverage of library code: parameters and return types.

Parameters are counted as ruff's ANN001 counts them (``self``/``cls`` and ``*args``/
``**kwargs`` aside, which have rules of their own); return types as ANN201 does, on public
functions and methods (not dunders, not ``_private``, not nested functions). Overloads
count like any other definition.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from standards.analyzers import _pyindex
from standards.analyzers._evidence import MAX_EXAMPLES
from standards.analyzers._pyindex import FunctionInfo, ModuleIndex
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("python",)

ENFORCE_SHARE = 0.95


@dataclass
class Coverage:
    annotated: int = 0
    total: int = 0
    examples: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def add(self, ok: bool, where: str) -> None:
        self.total += 1
        self.annotated += ok
        spots = self.examples if ok else self.missing
        if len(spots) < MAX_EXAMPLES:
            spots.append(where)

    @property
    def share(self) -> float:
        return self.annotated / self.total if self.total else 0.0


def is_public(fn: FunctionInfo) -> bool:
    if fn.nested or fn.name.startswith("_"):
        return False
    return fn.cls is None or not fn.cls.name.startswith("_")


def measure(indexes: list[ModuleIndex]) -> tuple[Coverage, Coverage, str]:
    """(parameter coverage, public return coverage, a fully annotated signature line)."""
    params, returns, snippet = Coverage(), Coverage(), ""
    for idx in indexes:
        if not idx.is_library:
            continue
        for fn in idx.functions:
            a = fn.node.args
            plain = [p for p in fn.explicit_parameters() if p is not a.vararg and p is not a.kwarg]
            for p in plain:
                params.add(p.annotation is not None, idx.where(p))
            if is_public(fn) and not fn.is_dunder:
                returns.add(fn.node.returns is not None, idx.where(fn.node))
                if not snippet and fn.node.returns is not None and plain and all(p.annotation for p in plain):
                    snippet = idx.module.line(fn.line).strip()
    return params, returns, snippet


NOT_MEASURED = frozenset({"test", "docs", "example", "script", "migration"})


def analyze(ctx: Context) -> list[Observation]:
    params, returns, snippet = measure(_pyindex.modules(ctx))
    total = params.total + returns.total
    if not total:
        return []
    enforced = []
    if params.total and params.share >= ENFORCE_SHARE:
        enforced.append("ruff:ANN001")
    if returns.total and returns.share >= ENFORCE_SHARE:
        enforced.append("ruff:ANN201")
    # the coverage is measured on library code only; the other code keeps its own habits
    globs = _pyindex.role_globs((f.path for f in ctx.files("python")), NOT_MEASURED) if enforced else []
    return [
        Observation(
            id="py.annotations.coverage",
            title="Parameters and public return types are annotated",
            category="types",
            language="python",
            value="annotated",
            support=params.annotated + returns.annotated,
            total=total,
            counts={
                k: v
                for k, v in {
                    "annotated parameters": params.annotated,
                    "unannotated parameters": params.total - params.annotated,
                    "annotated returns": returns.annotated,
                    "unannotated returns": returns.total - returns.annotated,
                }.items()
                if v
            },
            examples=(returns.examples + params.examples)[:MAX_EXAMPLES],
            counter_examples=(returns.missing + params.missing)[:MAX_EXAMPLES],
            enforced_by=enforced,
            params={"ruff_per_file_ignores": {g: [c.split(":")[1] for c in enforced] for g in globs}} if globs else {},
            why="Annotations are checked by the type checker and read as documentation of the API.",
            do=snippet or "def total(items: list[Item]) -> Decimal:",
            dont="def total(items):",
            note=f"library code: parameters {params.share:.0%} of {params.total}, "
            f"public returns {returns.share:.0%} of {returns.total}",
        )
    ]
