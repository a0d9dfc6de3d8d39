"""layering: imports follow the repo's layer order (handlers → services → models)."""

from __future__ import annotations

from collections.abc import Iterable

from standards.model import Finding, Fix
from standards.rules import CheckContext, Rule, RuleDoc
from standards.webmodel import extract, focus
from standards.webmodel.diffscope import source_line, touches
from standards.webmodel.layers import against_grain, crosses

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
                f"move what {edge.path} needs from {edge.target} down into the {source} layer or below, "
                f"or pass it in from the {target} layer"
            ),
            anchor=conv.anchor,
            source_line=source_line(ctx.analysis.text(edge.path), edge.line),
        )


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
