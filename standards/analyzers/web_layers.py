"""Layering from imports: handlers import services, services import models, and not the
other way round. Also what ruff can express of it (banned imports per directory)."""

from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath

from standards.analyzers._evidence import MAX_EXAMPLES
from standards.context import Context
from standards.model import Observation
from standards.webmodel import Import, WebModel, extract
from standards.webmodel.layers import ORDER, against_grain, crosses, layer_root

LANGUAGES = ("python", "javascript", "typescript")
MIN_EDGES = 10
ENFORCED_BY = ["standards:layering"]


def analyze(ctx: Context) -> list[Observation]:
    web = extract(ctx)
    edges = cross_layer(web)
    if len(edges) < MIN_EDGES:
        return []
    wrong = [e for e in edges if against_grain(web.layers[e.path], web.layers[e.target])]
    right = [e for e in edges if e not in wrong]
    present = [layer for layer in ORDER if layer in set(web.layers.values())]
    counts = Counter(f"{web.layers[e.path]} -> {web.layers[e.target]}" for e in edges)
    return [
        Observation(
            id="web.layers",
            title="Imports follow " + " → ".join(present),
            category="structure",
            language="any",
            value=" → ".join(present),
            support=len(right),
            total=len(edges),
            counts=dict(counts.most_common()),
            examples=[f"{e.path}:{e.line}" for e in right[:MAX_EXAMPLES]],
            counter_examples=[f"{e.path}:{e.line}" for e in wrong[:MAX_EXAMPLES]],
            enforced_by=list(ENFORCED_BY),
            why="lower layers that import upper ones create cycles and drag HTTP concerns into "
            "code that should run without a request",
            params={
                "order": present,
                "roots": layer_roots(web),
                "ruff": ruff_params(web),
            },
        )
    ]


def cross_layer(web: WebModel) -> list[Import]:
    return [e for e in web.imports if crosses(web.layers, e.path, e.target)]


def layer_roots(web: WebModel) -> dict[str, list[str]]:
    """Layer → the directories (or flat modules) that hold it, most files first."""
    roots: dict[str, Counter[str]] = {}
    for path, layer in web.layers.items():
        roots.setdefault(layer, Counter())[layer_root(path)] += 1
    return {layer: [r for r, _ in c.most_common(20)] for layer, c in sorted(roots.items())}


def ruff_params(web: WebModel) -> dict[str, dict[str, dict[str, dict[str, str]]]]:
    """Per directory of a lower layer, the upper-layer Python modules it must not import,
    as ruff ``lint.flake8-tidy-imports.banned-api`` entries (TID251). Only directory-based
    layers can be expressed: ruff configuration applies per directory, not per file."""
    dirs = {
        path: root
        for path, layer in web.layers.items()
        if path.endswith(".py") and (root := layer_root(path)).endswith("/")
    }
    out: dict[str, dict[str, dict[str, str]]] = {}
    for path, root in sorted(dirs.items()):
        layer = web.layers[path]
        for other, other_root in dirs.items():
            if against_grain(layer, web.layers[other]) and other_root != root:
                module = _module_name(other_root)
                if module:
                    banned = out.setdefault(root.rstrip("/"), {})
                    banned[module] = {"msg": f"{layer} code must not import the {web.layers[other]} layer"}
    return {d: {"lint.flake8-tidy-imports.banned-api": b} for d, b in out.items()} if out else {}


def _module_name(root: str) -> str:
    parts = PurePosixPath(root.rstrip("/")).parts
    if parts and parts[0] == "src":
        parts = parts[1:]
    return ".".join(parts)
