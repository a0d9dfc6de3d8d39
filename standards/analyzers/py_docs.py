"""Docstrings: coverage of the public API and the docstring convention.

Coverage is measured as ruff's D100-D103 measure it, in library code: public modules (not
``__init__``), public top-level classes, their public methods and public module-level
functions. A kind is enforced only when nearly all of it is documented.

The convention (google, numpy or pep257) is read from the section styles of the docstrings
(``Args:`` / ``Parameters`` underlined / ``:param x:``, which ruff treats as pep257), and
measured by running ruff itself with each convention: the violations per docstring decide
when the sections are absent or ambiguous, and the D2xx-D4xx codes that the code already
follows under the chosen convention are the ones proposed for enforcement.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from standards import roles, ruff_tool
from standards.analyzers import _pyindex
from standards.analyzers._evidence import MAX_EXAMPLES
from standards.analyzers._pyindex import ModuleIndex
from standards.context import Context
from standards.errors import StandardsError
from standards.model import Observation

LANGUAGES = ("python",)

CONVENTIONS = ("google", "numpy", "pep257")
ENFORCE_SHARE = 0.95  # documented share for a D1 code, clean share for a style code
MIN_SECTIONED = 5  # sectioned docstrings needed to trust section styles
MAJORITY = 0.6  # share of one section style that is not ambiguous
NON_LIBRARY = {"test", "docs", "example", "script", "migration"}

# D2xx-D4xx codes of ruff 0.17 (D420/D421 left out: newer, not in every convention's docs),
# and the ones each convention switches off (ruff's lint.pydocstyle.convention).
STYLE_CODES = tuple([f"D{n}" for n in range(200, 216)] + ["D300", "D301"] + [f"D{n}" for n in range(400, 420)])
DISABLED = {
    "google": {
        "D203",
        "D204",
        "D213",
        "D215",
        "D400",
        "D401",
        "D404",
        "D406",
        "D407",
        "D408",
        "D409",
        "D413",
    },
    "numpy": {"D107", "D203", "D212", "D213", "D402", "D413", "D415", "D416", "D417"},
    "pep257": {
        *("D203", "D212", "D213", "D214", "D215", "D404", "D405", "D406", "D407", "D408"),
        *("D409", "D410", "D411", "D413", "D415", "D416", "D417"),
    },
}
COVERAGE_CODES = {"module": "D100", "class": "D101", "method": "D102", "function": "D103"}
KIND_WORDS = {"module": "modules", "class": "classes", "method": "methods", "function": "functions"}

GOOGLE = re.compile(
    r"^\s*(Args|Arguments|Returns|Yields|Raises|Keyword Args|Keyword Arguments|Attributes|Parameters):\s*$",
    re.MULTILINE,
)
NUMPY = re.compile(
    r"^\s*(Parameters|Returns|Yields|Raises|Other Parameters|Attributes|See Also|Notes|Examples)\s*\n\s*-{3,}\s*$",
    re.MULTILINE,
)
SPHINX = re.compile(r"^\s*:(param|parameter|arg|type|returns?|rtype|raises?|yields?)\b[^:\n]*:", re.MULTILINE)


# -- what is documented -------------------------------------------------------------------------


@dataclass
class Docstring:
    path: str
    node: ast.Constant

    @property
    def text(self) -> str:
        return str(self.node.value)


def docstring_of(node: ast.AST) -> ast.Constant | None:
    body = getattr(node, "body", None)
    if body and isinstance(body[0], ast.Expr):
        value = body[0].value
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return value
    return None


def is_private_module(path: str) -> bool:
    """A module under a ``_private`` package or named ``_private.py``: none of it is public."""
    p = PurePosixPath(path)
    return any(part.startswith("_") for part in p.parts[:-1]) or (
        p.stem.startswith("_") and not _pyindex.is_dunder(p.stem)
    )


def public_definitions(idx: ModuleIndex) -> list[tuple[str, ast.AST]]:
    """(kind, node) of every public definition ruff's D100-D103 would ask a docstring of."""
    out: list[tuple[str, ast.AST]] = []
    if is_private_module(idx.path):
        return out
    if PurePosixPath(idx.path).stem != "__init__" and not idx.is_empty:
        out.append(("module", idx.tree))
    for cls in idx.classes:
        if cls.top_level and not cls.name.startswith("_"):
            out.append(("class", cls.node))
    for fn in idx.functions:
        if fn.nested or fn.name.startswith("_") or fn.is_overload or fn.is_override:
            continue
        if fn.cls is None:
            out.append(("function", fn.node))
        elif fn.cls.top_level and not fn.cls.name.startswith("_"):
            out.append(("method", fn.node))
    return out


def all_docstrings(idx: ModuleIndex) -> list[Docstring]:
    nodes: list[ast.AST] = [idx.tree, *(c.node for c in idx.classes), *(f.node for f in idx.functions)]
    return [Docstring(idx.path, d) for n in nodes if (d := docstring_of(n)) is not None]


def section_style(text: str) -> str | None:
    """The convention a docstring's sections are written in, or None without sections."""
    if NUMPY.search(text):
        return "numpy"
    if GOOGLE.search(text):
        return "google"
    if SPHINX.search(text):
        return "pep257"
    return None


# -- coverage ---------------------------------------------------------------------------------


@dataclass
class KindCoverage:
    documented: int = 0
    total: int = 0
    examples: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.documented / self.total if self.total else 0.0


def coverage(indexes: list[ModuleIndex]) -> dict[str, KindCoverage]:
    kinds = {k: KindCoverage() for k in COVERAGE_CODES}
    for idx in indexes:
        if not idx.is_library or idx.is_stub:
            continue
        for kind, node in public_definitions(idx):
            cov = kinds[kind]
            cov.total += 1
            has = docstring_of(node) is not None
            cov.documented += has
            spots = cov.examples if has else cov.missing
            if len(spots) < MAX_EXAMPLES:
                spots.append(idx.where(getattr(node, "lineno", 1)))
    return {k: v for k, v in kinds.items() if v.total}


def _coverage_observation(ctx: Context, kinds: dict[str, KindCoverage]) -> Observation | None:
    if not kinds:
        return None
    chosen = [k for k, c in kinds.items() if c.share >= 0.8] or [max(kinds, key=lambda k: kinds[k].share)]
    enforced = [k for k in chosen if kinds[k].share >= ENFORCE_SHARE]
    documented = sum(kinds[k].documented for k in chosen)
    total = sum(kinds[k].total for k in chosen)
    words = [KIND_WORDS[k] for k in chosen]
    examples = [e for k in chosen for e in kinds[k].examples][:MAX_EXAMPLES]
    if examples and not _quoted_docstring(ctx, examples[0]):
        examples = []  # no quotable example: the Do is a generic illustration without a place
    value = f"public {', '.join(words[:-1])} and {words[-1]}" if len(words) > 1 else f"public {words[0]}"
    obs = Observation(
        id="py.docs.coverage",
        title=f"{value[0].upper()}{value[1:]} have docstrings",
        category="docs",
        language="python",
        value=f"{value} have docstrings",
        support=documented,
        total=total,
        counts={"documented": documented, "undocumented": total - documented}
        if total > documented
        else {"documented": documented},
        examples=examples,
        counter_examples=[e for k in chosen for e in kinds[k].missing][:MAX_EXAMPLES],
        enforced_by=[f"ruff:{COVERAGE_CODES[k]}" for k in enforced],
        why="The public API is documented where it is defined; IDEs and generated docs show it.",
        do=_quoted_docstring(ctx, examples[0]) if examples else GENERIC_DOCUMENTED,
        dont="def charge(order):\n    ...",
        note="library code; " + ", ".join(f"{KIND_WORDS[k]} {c.documented}/{c.total}" for k, c in kinds.items()),
    )
    if enforced:
        globs = _pyindex.role_globs((f.path for f in ctx.files("python")), NON_LIBRARY)
        if globs:
            codes = [COVERAGE_CODES[k] for k in enforced]
            obs.params = {"ruff_per_file_ignores": {g: codes for g in globs}}
    return obs


# -- convention -------------------------------------------------------------------------------


@dataclass
class RuffRun:
    """Violations of the D2xx-D4xx codes under one convention."""

    by_code: Counter = field(default_factory=Counter)
    docstrings_hit: int = 0


Runs = dict[str, list[ruff_tool.Diagnostic]]  # convention -> ruff's D2-D4 diagnostics


def prefetch(ctx: Context) -> None:
    """Run ruff under each convention before the parse ends: it needs only the file list."""
    _early_runs(ctx)


def _early_runs(ctx: Context) -> tuple[set[str], Runs | str]:
    """The convention runs over library files that ruff can take before they are parsed."""

    def build() -> tuple[set[str], Runs | str]:
        files = [p for p in ctx.lintable_before_parse() if roles.role(p) == "library" and not p.endswith(".pyi")]
        return set(files), _convention_runs(ctx, files)

    return ctx.once("py_docs.convention_runs", build)


def _convention_runs(ctx: Context, files: list[str]) -> Runs | str:
    if ruff_tool.ruff_bin() is None:
        return "ruff not found: conventions not measured"
    try:
        return {
            convention: ruff_tool.check(
                ctx.root,
                files,
                select=["D2", "D3", "D4"],
                settings={"lint.pydocstyle.convention": convention},
                extra=["--ignore-noqa"],
                concise=True,
            )
            for convention in CONVENTIONS
        }
    except (OSError, StandardsError) as exc:
        return f"ruff could not be run ({exc}): conventions not measured"


def measure_with_ruff(ctx: Context, docstrings: list[Docstring]) -> tuple[dict[str, RuffRun], str]:
    """Per convention, ruff's violations on the files holding ``docstrings``; and a note."""
    starts: dict[str, list[int]] = {}
    for d in docstrings:
        starts.setdefault(d.path, []).append(d.node.lineno)
    for lines in starts.values():
        lines.sort()
    measured, found = _early_runs(ctx)
    late = sorted(p for p in starts if p not in measured)
    if late and not isinstance(found, str):
        more = _convention_runs(ctx, late)
        found = more if isinstance(more, str) else {c: found[c] + more[c] for c in CONVENTIONS}
    if isinstance(found, str):
        return {}, found
    runs: dict[str, RuffRun] = {}
    for convention, diags in found.items():
        run = RuffRun()
        hit: set[tuple[str, int]] = set()
        for diag in diags:
            lines = starts.get(diag.path)
            if lines is None:
                continue  # a file without library docstrings, or one that does not parse
            run.by_code[diag.code] += 1
            i = bisect_right(lines, diag.line) - 1
            hit.add((diag.path, lines[i] if i >= 0 else 0))
        run.docstrings_hit = len(hit)
        runs[convention] = run
    return runs, ""


def _convention_observation(ctx: Context, indexes: list[ModuleIndex]) -> Observation | None:
    docstrings = [d for idx in indexes if idx.is_library and not idx.is_stub for d in all_docstrings(idx)]
    if not docstrings:
        return None
    styles: Counter = Counter()
    places: dict[str, list[str]] = {}
    for d in docstrings:
        style = section_style(d.text)
        if style is not None:
            styles[style] += 1
            spots = places.setdefault(style, [])
            if len(spots) < MAX_EXAMPLES:
                spots.append(f"{d.path}:{d.node.lineno}")
    runs, problem = measure_with_ruff(ctx, docstrings)
    n = len(docstrings)
    rates = {c: sum(r.by_code.values()) / n for c, r in runs.items()}
    sectioned = sum(styles.values())
    leader, lead = styles.most_common(1)[0] if styles else ("", 0)
    if sectioned >= MIN_SECTIONED and lead / sectioned >= MAJORITY:
        value, basis = leader, "section styles"
    elif rates:
        value, basis = (
            min(CONVENTIONS, key=lambda c: (rates[c], CONVENTIONS.index(c))),
            "fewest ruff violations",
        )
    elif styles:
        value, basis = leader, "section styles (ambiguous)"
    else:
        return None
    if sectioned >= MIN_SECTIONED:
        support, total = styles[value], sectioned
        counts = dict(styles.most_common())
        examples = places.get(value, [])
        counter = [p for s, ps in places.items() if s != value for p in ps][:MAX_EXAMPLES]
    else:
        clean = n - runs[value].docstrings_hit
        support, total = clean, n
        counts = {"clean": clean, "with violations": n - clean} if n > clean else {"clean": clean}
        examples, counter = [], []
    if examples and not _quoted_section(ctx, examples[0], value):
        examples = []  # no quotable example: the Do is a generic illustration without a place
    notes = [f"chosen by {basis}; {n} library docstrings, {sectioned} with sections (sphinx :param: counts as pep257)"]
    if rates:
        notes.append("ruff D2-D4 violations per docstring: " + ", ".join(f"{c} {rates[c]:.2f}" for c in CONVENTIONS))
    if problem:
        notes.append(problem)
    enforced = clean_codes(runs.get(value), value, n) if runs else []
    return Observation(
        id="py.docs.convention",
        title=f"Docstrings follow the {value} convention",
        category="docs",
        language="python",
        value=value,
        support=support,
        total=total,
        counts=counts,
        examples=examples,
        counter_examples=counter,
        enforced_by=[f"ruff:{c}" for c in enforced],
        why="One docstring layout lets readers and doc tools find arguments, returns and raises.",
        do=_quoted_section(ctx, examples[0], value) if examples else SECTION_SNIPPETS[value],
        dont=SECTION_SNIPPETS["numpy" if value == "google" else "google"],
        params={"ruff": {"lint.pydocstyle.convention": value}},
        note="; ".join(notes),
    )


def clean_codes(run: RuffRun | None, convention: str, docstrings: int) -> list[str]:
    """The style codes the convention enables that (nearly) every docstring already follows."""
    if run is None or not docstrings:
        return []
    enabled = [c for c in STYLE_CODES if c not in DISABLED[convention]]
    return [c for c in enabled if run.by_code[c] <= (1 - ENFORCE_SHARE) * docstrings]


GENERIC_DOCUMENTED = 'def charge(order):\n    """Charge the order\'s customer and return the payment."""'
SECTION_HEADERS = {
    "google": re.compile(r"(Args|Arguments|Returns|Raises|Yields|Attributes|Examples?):$"),
    "numpy": re.compile(r"-{3,}$"),
    "pep257": re.compile(r":(param|returns?|raises?|type|rtype)\b"),
}
_OPENS_DOCSTRING = re.compile(r"^[rRuUbB]?(\"\"\"|''')")


def _lines_of(ctx: Context, place: str) -> tuple[str | None, int]:
    path, _, line = place.rpartition(":")
    return ctx.text(path), int(line) if line.isdigit() else 0


def _quoted_docstring(ctx: Context, place: str) -> str:
    """The definition at ``place`` through its docstring's opening line, quoted."""
    text, line = _lines_of(ctx, place)
    return _pyindex.quote_block(text, line, lambda s: _OPENS_DOCSTRING.search(s) is not None)


def _quoted_section(ctx: Context, place: str, convention: str) -> str:
    """The definition at ``place`` through the first section header of its docstring, quoted."""
    text, line = _lines_of(ctx, place)
    return _pyindex.quote_block(text, line, lambda s: SECTION_HEADERS[convention].search(s) is not None, 16)


SECTION_SNIPPETS = {
    "google": '"""Charge an order.\n\nArgs:\n    order: the order to charge.\n\nReturns:\n    The payment."""',
    "numpy": '"""Charge an order.\n\nParameters\n----------\norder : Order\n    The order to charge."""',
    "pep257": '"""Charge an order.\n\n:param order: the order to charge.\n:returns: the payment."""',
}


def analyze(ctx: Context) -> list[Observation]:
    indexes = _pyindex.modules(ctx)
    found = (_coverage_observation(ctx, coverage(indexes)), _convention_observation(ctx, indexes))
    return [obs for obs in found if obs is not None]
