"""layering: imports follow the repo's layer order (handlers → services → models)."""

from __future__ import annotations

from collections.abc import Iterable

from standards.model import Finding, Fix, Standards
from standards.rules import CheckContext, Rule, RuleDoc
from standards.webmodel import extract, focus
from standards.webmodel.diffscope import source_line, touches
from standards.webmodel.layers import HANDLER, MODEL, SERVICE_LAYER, access_kind, against_grain, crosses, layer_of
from standards.webmodel.model import VIA_REPOSITORY, VIA_SERVICE

LAYERS = "web.layers"


def check(ctx: CheckContext) -> Iterable[Finding]:
    conv = RULE.convention(ctx.standards)
    if conv is None:
        return
    web = extract(ctx.analysis, focus(ctx.paths, ctx.mode))
    selected = set(ctx.paths)
    order = " → ".join(conv.params.get("order", []))
    for edge in web.imports:
        if edge.path not in selected or not crosses(web.layers, edge.path, edge.target):
            continue
        source, target = web.layers[edge.path], web.layers[edge.target]
        if not against_grain(source, target) or not touches(ctx.diff, edge.path, edge.line):
            continue
        yield Finding(
            path=edge.path,
            line=edge.line,
            column=1,
            rule=RULE.qualified,
            message=f"{source} code imports the {target} layer ({edge.target}); "
            f"{conv.support[0]} of {conv.support[1]} cross-layer imports here go {order}",
            level=conv.level,
            why=conv.why,
            fix=Fix(
                f"move what {edge.path} needs from {edge.target} into {destination(conv.params, source)}, "
                f"or have the {target} code pass it in as an argument"
            ),
            anchor=conv.anchor,
            source_line=source_line(ctx.analysis.text(edge.path), edge.line),
        )


def destination(params: dict, layer: str) -> str:
    """Where code that a ``layer`` file needs belongs, in this repo's words: ``this repo's
    repositories (app/repositories/)``, ``its models (app/models.py)``."""
    roots = [r for r in (params.get("roots") or {}).get(layer, []) if isinstance(r, str)]
    if layer == SERVICE_LAYER:
        kind = access_kind(roots[0]) if roots else VIA_SERVICE
        noun = "repositories" if kind == VIA_REPOSITORY else "services"
    else:
        noun = {MODEL: "models", HANDLER: "handlers"}.get(layer, f"{layer} code")
    where = f" ({', '.join(roots[:2])})" if roots else ""
    return f"this repo's {noun}{where} or a layer below them" if layer != MODEL else f"its {noun}{where}"


def quick_data(standards: Standards, listing: list[str]) -> dict:
    """What the hook's quick verdict screens a change with (standards.check.quick_screens): the
    Python files listed now, and those a layer's path holds (only their imports are edges)."""
    python = sorted(p for p in listing if p.endswith((".py", ".pyi")))
    return {"known": python, "layered": [p for p in python if layer_of(p)]}


RULE = Rule(
    id="layering",
    title="Imports follow the layer order",
    conventions=(LAYERS,),
    languages=("python", "javascript", "typescript"),
    doc=RuleDoc(
        what="Flags an import from a lower layer into an upper one (a model importing a view, a service "
        "importing a controller) where most of the repo's cross-layer imports go handlers → services → models.",
        why="Imports against the grain create import cycles and make models and services depend on "
        "HTTP, so they can no longer be used from jobs, commands or tests without a request.",
        example="# app/models/order.py\nfrom app.views.orders import render_receipt",
        use_instead="# app/views/orders.py\nfrom app.models.order import Order\nreceipt = render_receipt(order)",
    ),
    check=check,
    scope="file",
)
