"""Imports of the repository's own code: absolute or relative, and postponed annotations.

Only imports of first-party code say anything about relative versus absolute style, so an
absolute import counts when its first name is one of the repository's packages. Sibling
(``from . import x``) and parent (``from .. import x``) relative imports are told apart,
since ruff can ban either all relative imports or only the parent ones.
"""

from __future__ import annotations

import ast

from standards.analyzers import _pyindex
from standards.analyzers._evidence import Tally
from standards.analyzers._pyindex import ModuleIndex
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("python",)

ENFORCE_SHARE = 0.95
FUTURE = "from __future__ import annotations"


def import_style(node: ast.Import | ast.ImportFrom, ours: set[str]) -> str | None:
    """absolute, sibling or parent for an import of first-party code; None otherwise."""
    if isinstance(node, ast.ImportFrom):
        if node.level == 1:
            return "sibling"
        if node.level > 1:
            return "parent"
        names = [node.module or ""]
    else:
        names = [alias.name for alias in node.names]
    return "absolute" if any(n.split(".", 1)[0] in ours for n in names) else None


def _relative(indexes: list[ModuleIndex], ours: set[str]) -> Observation | None:
    tally = Tally()
    snippets: dict[str, str] = {}
    for idx in indexes:
        if not idx.is_library:
            continue
        for node in idx.imports:
            found = import_style(node, ours)
            if found is not None:
                tally.add(found, idx.path, node.lineno)
                snippets.setdefault(found, idx.module.line(node.lineno).strip())
    if not tally.total:
        return None
    c = tally.counts
    absolute_share = c["absolute"] / tally.total
    no_parent_share = (c["absolute"] + c["sibling"]) / tally.total
    if (
        absolute_share >= ENFORCE_SHARE
        or c["absolute"] >= c["sibling"] + c["parent"]
        and not (no_parent_share >= ENFORCE_SHARE and c["sibling"])
    ):
        value, ban, supported = "absolute", "all", ("absolute",)
        title = "Imports of the project's own code are absolute"
    elif no_parent_share >= ENFORCE_SHARE:
        value, ban, supported = "no parent-relative", "parents", ("absolute", "sibling")
        title = "No relative imports from parent packages (from .. import)"
    else:
        value, ban, supported = "relative", "", ("sibling", "parent")
        title = "Imports within the package are relative"
    obs = Observation(
        id="py.imports.relative",
        title=title,
        category="imports",
        language="python",
        value=value,
        support=sum(c[s] for s in supported),
        total=tally.total,
        counts=dict(c.most_common()),
        examples=[p for s in supported for p in tally.places.get(s, [])][:3],
        counter_examples=[p for s, ps in tally.places.items() if s not in supported for p in ps][:3],
        why="One import style for the project's own modules keeps moves and greps predictable.",
        do=next((snippets[s] for s in supported if s in snippets), ""),
        dont=next(
            (snippets[s] for s in ("parent", "sibling", "absolute") if s not in supported and s in snippets),
            "",
        ),
    )
    if ban:
        obs.enforced_by = ["ruff:TID252"]
        obs.params = {"ruff": {"lint.flake8-tidy-imports.ban-relative-imports": ban}}
    else:
        obs.note = "ruff cannot require relative imports; the playbook states it"
    return obs


def has_future_annotations(idx: ModuleIndex) -> int:
    """The line of ``from __future__ import annotations``, or 0."""
    for stmt in idx.tree.body:
        if (
            isinstance(stmt, ast.ImportFrom)
            and stmt.module == "__future__"
            and any(a.name == "annotations" for a in stmt.names)
        ):
            return stmt.lineno
    return 0


def _future_annotations(indexes: list[ModuleIndex]) -> Observation | None:
    """Counted over non-empty library modules; other files lacking it get per-file-ignores."""
    tally = Tally()
    lacking: list[str] = []
    for idx in indexes:
        if idx.is_stub or idx.is_empty:
            continue
        line = has_future_annotations(idx)
        if idx.is_library:
            tally.add(FUTURE if line else "without", idx.path, line or 1)
        elif not line:
            lacking.append(idx.path)
    if not tally.counts[FUTURE]:
        return None
    obs = tally.observation(
        FUTURE,
        id="py.imports.future_annotations",
        title="Every module starts with from __future__ import annotations",
        category="imports",
        language="python",
        enforced_by=["ruff:I002"],
        params={"ruff": {"lint.isort.required-imports": [FUTURE]}},
        why="Postponed annotations keep new syntax in hints working on every supported Python.",
        do=FUTURE,
        dont="a module without it",
        note="counted over non-empty library modules (.pyi stubs excluded)",
    )
    assert obs is not None
    globs = _pyindex.role_globs(lacking, {"test", "docs", "example", "script", "migration"})
    if globs:
        obs.params["ruff_per_file_ignores"] = {g: ["I002"] for g in globs}
    return obs


def analyze(ctx: Context) -> list[Observation]:
    indexes = _pyindex.modules(ctx)
    ours = _pyindex.first_party(f.path for f in ctx.files("python"))
    return [obs for obs in (_relative(indexes, ours), _future_annotations(indexes)) if obs is not None]
