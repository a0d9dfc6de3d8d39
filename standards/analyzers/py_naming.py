"""Python naming, per kind of name, as pep8-naming (ruff ``N``) judges it.

Functions, methods, arguments, classes, module-level constants and module file names, plus
the naming of test files and test functions. Names a maintainer does not choose are left
out of the count, the way ruff's N802 leaves them out: dunders, ``@override`` methods,
unittest's ``setUp``-style hooks and camelCase overrides of an API defined outside the
repository (``visit_Name``, ``assertFooEqual`` in a ``TestCase``, ``emit`` is fine anyway).
The camelCase names so skipped are proposed as ``lint.pep8-naming.extend-ignore-names``.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from standards.analyzers import _pyindex
from standards.analyzers._evidence import Tally
from standards.analyzers._pyindex import ClassInfo, FunctionInfo, ModuleIndex
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("python",)

# ruff's default lint.pep8-naming.ignore-names (N802/N803/N806...).
RUFF_IGNORED_NAMES = frozenset(
    {
        "setUp",
        "tearDown",
        "setUpClass",
        "tearDownClass",
        "setUpModule",
        "tearDownModule",
        "asyncSetUp",
        "asyncTearDown",
        "setUpTestData",
        "failureException",
        "longMessage",
        "maxDiff",
    }
)
# Bases that do not bring an external API with them.
NEUTRAL_BASES = frozenset({"", "object", "Generic", "Protocol", "ABC", "NamedTuple", "TypedDict"})
# Module-level lowercase names that a framework requires (Django, pytest, Sphinx...).
FRAMEWORK_GLOBALS = frozenset(
    {
        "app_name",
        "default_app_config",
        "urlpatterns",
        "pytest_plugins",
        "pytestmark",
        "collect_ignore",
        "collect_ignore_glob",
        "register",
    }
)
MAX_IGNORE_NAMES = 20


# -- name styles ------------------------------------------------------------------------------


def style(name: str) -> str:
    """The case style of an identifier: snake_case, UPPER_CASE, CapWords, mixedCase or other."""
    core = name.strip("_")
    if not core or not any(c.isalpha() for c in core):
        return "other"
    if core.lower() == core:
        return "snake_case"
    if core.upper() == core:
        return "UPPER_CASE"
    if core[0].isupper():
        return "CapWords" if "_" not in core else "other"
    return "mixedCase"


def is_lowercase(name: str) -> bool:
    """What N802/N803 accept: no upper-case letter."""
    return name.lower() == name


def is_capwords(name: str) -> bool:
    """What N801 accepts: an upper-case first letter after leading underscores, no underscore."""
    core = name.lstrip("_")
    return core[:1].isupper() and "_" not in core


def ignore_prefix(name: str) -> str:
    """The lowercase head of a camelCase name: ``visit_`` of ``visit_Name``, ``assert`` of ``assertHttpStatus``."""
    for i, c in enumerate(name):
        if c.isupper():
            return name[:i]
    return name


def ignore_patterns(names: Iterable[str]) -> list[str]:
    """ruff ignore-names globs: names sharing a lowercase head become ``head*``."""
    by_head: dict[str, set[str]] = {}
    for name in names:
        by_head.setdefault(ignore_prefix(name), set()).add(name)
    out: list[str] = []
    for head, group in by_head.items():
        if len(group) > 1 or head.endswith("_"):
            out.append(f"{head}*")
        else:
            out.extend(group)
    return sorted(out)


# -- external bases ---------------------------------------------------------------------------


@dataclass
class ClassGraph:
    """Which classes (by name) derive, directly or not, from a class defined outside the repo."""

    bases: dict[str, set[str]] = field(default_factory=dict)
    _memo: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def of(cls, indexes: Iterable[ModuleIndex]) -> ClassGraph:
        graph = cls()
        for idx in indexes:
            for c in idx.classes:
                names = {b.rsplit(".", 1)[-1] for b in c.bases} - NEUTRAL_BASES
                graph.bases.setdefault(c.name, set()).update(names)
        return graph

    def external(self, name: str, seen: frozenset[str] = frozenset()) -> bool:
        if name in self._memo:
            return self._memo[name]
        if name not in self.bases:
            return True
        if name in seen:
            return False
        result = any(self.external(b, seen | {name}) for b in self.bases[name])
        self._memo[name] = result
        return result

    def derives_from_external(self, cls: ClassInfo) -> bool:
        names = {b.rsplit(".", 1)[-1] for b in cls.bases} - NEUTRAL_BASES
        return any(self.external(b, frozenset({cls.name})) for b in names)


def skip_reason(fn: FunctionInfo, graph: ClassGraph) -> str:
    """Why a function's name is not judged ("" when it is)."""
    if fn.is_override:
        return "override"
    if fn.cls is None:
        return ""
    if fn.is_dunder:
        return "dunder"
    if fn.name in RUFF_IGNORED_NAMES:
        return "ruff-ignored"
    if is_lowercase(fn.name) or fn.name.startswith("test"):
        return ""
    if ignore_prefix(fn.name).endswith("_") or graph.derives_from_external(fn.cls):
        return "external-override"
    return ""


# -- the analyzer -----------------------------------------------------------------------------


@dataclass
class Naming:
    """Tallies of every kind of name, plus the snippets and skipped names the output needs."""

    tallies: dict[str, Tally] = field(default_factory=dict)
    snippets: dict[str, tuple[str, str]] = field(default_factory=dict)  # kind -> (quoted line, "path:line")
    weight: Callable[[str], float] | None = None  # recency of a path (Context.recency)
    ignored: set[str] = field(default_factory=set)  # camelCase override names skipped
    skipped: Counter = field(default_factory=Counter)  # reason -> count

    def add(self, kind: str, value: str, idx: ModuleIndex, line: int, good: bool) -> None:
        self.tallies.setdefault(kind, Tally(weight=self.weight)).add(value, idx.path, line)
        if good and kind not in self.snippets:
            self.snippets[kind] = (idx.module.line(line).strip(), idx.where(line))


def collect(indexes: list[ModuleIndex], weight: Callable[[str], float] | None = None) -> Naming:
    graph = ClassGraph.of(indexes)
    packages = {str(PurePosixPath(i.path).parent) for i in indexes if PurePosixPath(i.path).stem == "__init__"}
    naming = Naming(weight=weight)
    for idx in indexes:
        _functions(idx, graph, naming)
        _classes(idx, naming)
        _constants(idx, naming)
        _module_name(idx, packages, naming)
        _tests(idx, naming)
    return naming


def _functions(idx: ModuleIndex, graph: ClassGraph, naming: Naming) -> None:
    for fn in idx.functions:
        reason = skip_reason(fn, graph)
        if reason:
            naming.skipped[reason] += 1
            if reason == "external-override":
                naming.ignored.add(fn.name)
            continue
        kind = "method" if fn.is_method else "function"
        ok = is_lowercase(fn.name)
        naming.add(kind, "snake_case" if ok else style(fn.name), idx, fn.line, ok)
        for arg in fn.explicit_parameters():
            ok = is_lowercase(arg.arg)
            naming.add("argument", "snake_case" if ok else style(arg.arg), idx, arg.lineno, ok)


def _classes(idx: ModuleIndex, naming: Naming) -> None:
    for cls in idx.classes:
        ok = is_capwords(cls.name)
        naming.add("class", "CapWords" if ok else style(cls.name), idx, cls.line, ok)


def literal(node: ast.expr | None) -> bool:
    """A constant value: a literal other than None, or a container of literals."""
    if isinstance(node, ast.Constant):
        return node.value is not None and node.value is not Ellipsis
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return isinstance(node.operand, ast.Constant)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return bool(node.elts) and all(literal(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return (
            bool(node.values)
            and all(k is not None and literal(k) for k in node.keys)
            and all(literal(v) for v in node.values)
        )
    return False


def _constants(idx: ModuleIndex, naming: Naming) -> None:
    if not idx.is_library:
        return
    bound = idx.module_level_names()
    for a in idx.assignments:
        if len(a.names) != 1 or not literal(a.value):
            continue
        name = a.names[0]
        if _pyindex.is_dunder(name) or name in FRAMEWORK_GLOBALS or bound[name] > 1:
            continue
        value = style(name)
        if value != "other":
            naming.add("constant", value, idx, a.line, value == "UPPER_CASE")


def _module_name(idx: ModuleIndex, packages: set[str], naming: Naming) -> None:
    p = PurePosixPath(idx.path)
    if str(p.parent) not in packages or p.stem in ("__init__", "__main__") or idx.role == "migration":
        return
    stem = p.name.split(".", 1)[0]
    ok = stem.isidentifier() and is_lowercase(stem)
    naming.add("module", "snake_case" if ok else style(stem), idx, 1, ok)


def _tests(idx: ModuleIndex, naming: Naming) -> None:
    if not idx.is_test:
        return
    stem = PurePosixPath(idx.path).name.split(".", 1)[0]
    if stem.startswith("test_"):
        naming.add("test_file", "test_*.py", idx, 1, True)
    elif stem.endswith("_test"):
        naming.add("test_file", "*_test.py", idx, 1, True)
    for fn in idx.functions:
        if fn.nested or not fn.name.startswith("test"):
            continue
        if fn.cls is not None and not fn.cls.top_level:
            continue
        ok = fn.name.startswith("test_")
        naming.add("test_function", "test_" if ok else "test", idx, fn.line, ok)


# -- observations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    key: str
    id: str
    title: str
    value: str
    enforced_by: tuple[str, ...]
    why: str
    dont: str
    category: str = "naming"


KINDS = (
    Kind(
        "function",
        "py.naming.function",
        "Functions are snake_case",
        "snake_case",
        ("ruff:N802",),
        "PEP 8 names; readers and tools expect lowercase function names.",
        "def chargeInvoice(order): ...",
    ),
    Kind(
        "method",
        "py.naming.method",
        "Methods are snake_case",
        "snake_case",
        ("ruff:N802",),
        "PEP 8 names; camelCase is kept only where an external API dictates it.",
        "def getValue(self): ...",
    ),
    Kind(
        "argument",
        "py.naming.argument",
        "Arguments are snake_case",
        "snake_case",
        ("ruff:N803",),
        "Keyword arguments are part of the public API; one style keeps calls predictable.",
        "def fetch(itemId): ...",
    ),
    Kind(
        "class",
        "py.naming.class",
        "Classes are CapWords",
        "CapWords",
        ("ruff:N801",),
        "CapWords tells classes from functions at the call site.",
        "class order_item: ...",
    ),
    Kind(
        "constant",
        "py.naming.constant",
        "Module-level constants are UPPER_CASE",
        "UPPER_CASE",
        ("ruff:N816",),
        "UPPER_CASE marks a module-level value as a constant nobody should rebind.",
        "defaultTimeout = 30",
    ),
    Kind(
        "module",
        "py.naming.module",
        "Module files are snake_case",
        "snake_case",
        ("ruff:N999",),
        "A module's file name is its import name; it must be a lowercase identifier.",
        "MyModule.py",
    ),
    Kind(
        "test_file",
        "py.tests.file_pattern",
        "Test files are named test_*.py",
        "",
        ("standards:py-test-file-name",),
        "pytest collects test files by their name pattern; one pattern keeps collection simple.",
        "",
        "tests",
    ),
    Kind(
        "test_function",
        "py.tests.function_prefix",
        "Test functions start with test_",
        "test_",
        (),
        "One prefix keeps test names readable and greppable.",
        "def testLoginFails(): ...",
        "tests",
    ),
)


FILE_KINDS = ("module", "test_file")  # conventions about file names: the Do is a file name, not a line


def quote(obs: Observation, kind: Kind, naming: Naming) -> None:
    """Give ``obs`` a Do that is a quote: the first good line, cited first among the examples;
    for a file-name convention the Do is the first example's file name."""
    if kind.key in FILE_KINDS:
        obs.do = obs.examples[0].rpartition(":")[0] if obs.examples else ""
        return
    snippet, place = naming.snippets.get(kind.key, ("", ""))
    if not snippet:
        return
    obs.do = snippet
    obs.examples = [place, *[e for e in obs.examples if e != place]][: len(obs.examples) or 1]


def observation(kind: Kind, naming: Naming) -> Observation | None:
    tally = naming.tallies.get(kind.key)
    if tally is None or not tally.total:
        return None
    value = kind.value or tally.majority()[0]
    title, dont = kind.title, kind.dont
    if kind.key == "test_file":
        title = f"Test files are named {value}"
        dont = "tests/login_test.py" if value == "test_*.py" else "tests/test_login.py"
    obs = tally.observation(
        value,
        id=kind.id,
        title=title,
        category=kind.category,
        language="python",
        enforced_by=list(kind.enforced_by),
        why=kind.why,
        dont=dont,
    )
    assert obs is not None
    quote(obs, kind, naming)
    if kind.key == "method":
        _describe_overrides(obs, naming)
    if kind.key == "constant":
        obs.note = "ruff's N816 only rejects mixedCase globals; lowercase constants are not flagged"
    return obs


def _describe_overrides(obs: Observation, naming: Naming) -> None:
    if naming.ignored:
        names = ignore_patterns(naming.ignored)[:MAX_IGNORE_NAMES]
        obs.params = {"ruff": {"lint.pep8-naming.extend-ignore-names": names}}
    skipped = ", ".join(f"{n} {reason}" for reason, n in sorted(naming.skipped.items()))
    if skipped:
        obs.note = f"not judged (names ruff does not check or an external API dictates): {skipped}"


def analyze(ctx: Context) -> list[Observation]:
    naming = collect(_pyindex.modules(ctx), ctx.recency)
    return [obs for kind in KINDS if (obs := observation(kind, naming)) is not None]
