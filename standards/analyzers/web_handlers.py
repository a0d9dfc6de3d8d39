"""How thin this repo keeps its HTTP handlers: their size distribution, how many ORM
calls one handler makes on a model, and whether handlers go through a service layer."""

from __future__ import annotations

import math
from collections import Counter

from standards.analyzers._evidence import MAX_EXAMPLES, percentile
from standards.context import Context
from standards.model import Observation
from standards.webmodel import ORM, SERVICE, Handler, WebModel, extract
from standards.webmodel.layers import HANDLER, layer_root
from standards.webmodel.layers import SERVICE as SERVICE_LAYER

LANGUAGES = ("python", "ruby", "javascript", "typescript")
MIN_HANDLERS = 5
PERCENTILE = 90
SIZE_FLOOR = 10  # never call a handler fat below this many statements
MODEL_CALLS_FLOOR = 4
MIN_SERVICE_HANDLERS = 3
ENFORCED_BY = ["standards:thin-controller"]


def analyze(ctx: Context) -> list[Observation]:
    web = extract(ctx)
    if len(web.handlers) < MIN_HANDLERS:
        return []
    out = [size_observation(web.handlers)]
    service = service_observation(web)
    if service is not None:
        out.append(service)
    return out


def size_limit(sizes: list[int]) -> tuple[int, int]:
    """(p90, limit): a handler is far above the distribution past twice its p90."""
    p90 = int(percentile([float(s) for s in sizes], PERCENTILE))
    return p90, max(SIZE_FLOOR, 2 * p90)


def model_calls(handler: Handler) -> Counter[str]:
    return Counter(c.model for c in handler.calls_of(ORM) if c.model)


def model_calls_limit(handlers: list[Handler]) -> int:
    peaks = [max(model_calls(h).values(), default=0) for h in handlers]
    return max(MODEL_CALLS_FLOOR, math.ceil(percentile([float(p) for p in peaks], 95)) + 1)


def typical(handlers: list[Handler]) -> list[Handler]:
    """Handlers to show as good examples of size: at or below the median, the largest of
    those first (a real handler of this repo, not a one-liner and never a fat one)."""
    median = percentile([float(h.statements) for h in handlers], 50)
    at_most = [h for h in handlers if h.statements <= median]
    return sorted(at_most, key=lambda h: (-h.statements, h.location))[:MAX_EXAMPLES]


def size_observation(handlers: list[Handler]) -> Observation:
    sizes = [h.statements for h in handlers]
    p90, limit = size_limit(sizes)
    thin = [h for h in handlers if h.statements <= limit]
    fat = sorted((h for h in handlers if h.statements > limit), key=lambda h: -h.statements)
    frameworks = Counter(h.framework for h in handlers)
    return Observation(
        id="web.handlers.thin",
        title=f"Handlers stay under {limit} statements",
        category="structure",
        language="any",
        value=limit,
        support=len(thin),
        total=len(handlers),
        counts={f"<= {limit}": len(thin), f"> {limit}": len(fat)},
        examples=[h.location for h in typical(handlers)],
        counter_examples=[h.location for h in fat[:MAX_EXAMPLES]],
        enforced_by=list(ENFORCED_BY),
        why=f"p{PERCENTILE} of this repo's {len(handlers)} handlers is {p90} statements; "
        "long handlers mix HTTP with logic that cannot be tested or reused without a request",
        params={
            "limit": limit,
            "p90": p90,
            "percentile": PERCENTILE,
            "handlers": len(handlers),
            "max_model_calls": model_calls_limit(handlers),
            "frameworks": dict(frameworks.most_common()),
        },
    )


def service_observation(web: WebModel) -> Observation | None:
    """Handlers that touch data only through the service layer, among those touching data."""
    handlers = web.handlers
    users = [h for h in handlers if h.calls_of(SERVICE)]
    if len(users) < MIN_SERVICE_HANDLERS:
        return None
    data = [h for h in handlers if h.calls_of(SERVICE) or h.calls_of(ORM)]
    clean = [h for h in data if not h.calls_of(ORM)]
    direct = [h for h in data if h.calls_of(ORM)]
    example = min(clean or users, key=lambda h: h.statements)
    call = example.calls_of(SERVICE)[0] if example.calls_of(SERVICE) else users[0].calls_of(SERVICE)[0]
    path = service_root(web)
    return Observation(
        id="web.handlers.service_layer",
        title=f"Handlers reach data through the service layer{f' ({path})' if path else ''}",
        category="structure",
        language="any",
        value=path or "service layer",
        support=len(clean),
        total=len(data),
        counts={"through services only": len(clean), "ORM directly": len(direct)},
        examples=[h.location for h in clean[:MAX_EXAMPLES]],
        counter_examples=[f"{h.path}:{h.calls_of(ORM)[0].line}" for h in direct[:MAX_EXAMPLES]],
        enforced_by=list(ENFORCED_BY),
        why="this repo keeps queries and business rules in its service layer, where they are "
        "tested without HTTP and shared between handlers",
        do=f"{call.text}(...)  # {example.path}:{call.line} in {example.name}",
        dont=direct[0].calls_of(ORM)[0].text + "(...)" if direct else "",
        params={
            "path": path,
            "example": f"{example.path}:{call.line}",
            "example_handler": example.name,
            "example_call": call.text,
            "handlers_calling": len(users),
        },
    )


def service_root(web: WebModel) -> str:
    """The service layer's directory: where handler files import their services from,
    else where most service files live."""
    imported = Counter(
        layer_root(i.target)
        for i in web.imports
        if web.layers.get(i.path) == HANDLER and web.layers.get(i.target) == SERVICE_LAYER
    )
    if not imported:
        imported = Counter(layer_root(p) for p, layer in web.layers.items() if layer == SERVICE_LAYER)
    return imported.most_common(1)[0][0] if imported else ""
