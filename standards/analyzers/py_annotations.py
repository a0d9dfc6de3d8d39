"""Type annotation coverage of library code: parameters and return types.

Parameters are counted as ruff's ANN001 counts them (``self``/``cls`` and ``*args``/
``**kwargs`` aside, which have rules of their own); return types as ANN201 does, on public
functions and methods (not dunders, not ``_private``, not nested functions). Overloads
count like any other definition.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from standards.analyzers import _pyindex
from standards.analyzers._evidence import MAX_EXAMPLES
from standards.analyzers._pyindex import FunctionInfo, ModuleIndex
from standards.analyzers._style import cite_first, quote_first
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


def measure(indexes: list[ModuleIndex]) -> tuple[Coverage, Coverage, str, str]:
    """(parameter coverage, public return coverage, a fully annotated signature quoted, its place)."""
    params, returns, snippet, place = Coverage(), Coverage(), "", ""
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
                    snippet = _pyindex.quote_block(idx.module.text, fn.line, lambda s: s.endswith(":"))
                    place = idx.where(fn.line) if snippet else ""
    return params, returns, snippet, place


NOT_MEASURED = frozenset({"test", "docs", "example", "script", "migration"})


def analyze(ctx: Context) -> list[Observation]:
    params, returns, snippet, place = measure(_pyindex.modules(ctx))
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
    obs = Observation(
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
        do="def total(items: list[Item]) -> Decimal:",
        dont="def total(items):",
        note=f"library code: parameters {params.share:.0%} of {params.total}, "
        f"public returns {returns.share:.0%} of {returns.total}",
    )
    if snippet:
        cite_first(obs, snippet, place)
    else:
        quote_first(ctx, obs)  # no signature annotated throughout: the first annotated one, quoted
    return [obs]


# -- fixes for the findings of the annotation rules ------------------------------------------

_TRIVIAL_TYPES = {bool: "bool", int: "int", float: "float", str: "str", bytes: "bytes"}


def annotation_fix(code: str, name: str, text: str, line: int) -> str:
    """What to do about a ruff ANN finding, in words, with the corrected line where it can be
    derived: ``def refund(order) -> None:`` for a function that returns nothing, else "add a
    return type annotation to `refund`". ``text`` is the file and ``line`` the finding's line."""
    if code.startswith(("ANN001", "ANN002", "ANN003")):
        return f"add a type annotation to the parameter `{name}`" if name else "annotate the parameter"
    if not code.startswith("ANN2"):
        return f"add the missing annotation (`ruff rule {code}`)"
    floor = f"add a return type annotation to `{name}`" if name else "add a return type annotation"
    fn = _function_at(text, line)
    returned = _returned_type(fn) if fn is not None else None
    if fn is None or returned is None:
        return floor
    corrected = _with_return(text.split("\n")[line - 1], returned) if _signature_on_one_line(fn) else ""
    if not corrected:
        return f"{floor}: it returns {returned}, so add `-> {returned}` after its parameters"
    return f"annotate the return type: `{corrected.strip()}`"


def _function_at(text: str, line: int) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.lineno == line:
            return node
    return None


def _own_nodes(fn: ast.AST) -> list[ast.AST]:
    """The nodes of ``fn``'s body, nested functions, lambdas and classes left out."""
    out: list[ast.AST] = []
    stack = list(ast.iter_child_nodes(fn))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        out.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return out


def _returned_type(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """The return type when it is plain from the body: None, or one builtin for every return."""
    nodes = _own_nodes(fn)
    if any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in nodes):
        return None
    values = [n.value for n in nodes if isinstance(n, ast.Return) and n.value is not None]
    if not values:
        body = fn.body[-1] if fn.body else None
        raises_only = isinstance(body, ast.Raise) and len(fn.body) <= 2
        return None if raises_only else "None"
    kinds = {_kind(v) for v in values}
    return kinds.pop() if len(kinds) == 1 and None not in kinds else None


def _kind(value: ast.expr) -> str | None:
    if isinstance(value, ast.Constant) and type(value.value) in _TRIVIAL_TYPES:
        return _TRIVIAL_TYPES[type(value.value)]
    if isinstance(value, ast.JoinedStr):
        return "str"
    if isinstance(value, ast.Compare) or (isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.Not)):
        return "bool"
    return None


def _signature_on_one_line(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """The body starts below the ``def`` line (whose colon ``_with_return`` then looks for)."""
    return bool(fn.body) and fn.body[0].lineno > fn.lineno


def _with_return(def_line: str, returned: str) -> str:
    """``def_line`` with `` -> returned`` before its final colon ("" when the line does not end there)."""
    code, hash_, comment = def_line.partition("  #")
    stripped = code.rstrip()
    if not stripped.endswith(":") or "->" in stripped:
        return ""
    return f"{stripped[:-1]} -> {returned}:" + (f"  #{comment}" if hash_ else "")
