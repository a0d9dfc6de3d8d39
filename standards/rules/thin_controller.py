"""thin-controller: handlers stay thin the way this repo keeps them thin, and never own a
tangle of queries or add rows up themselves."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from standards.model import Convention, Finding, Fix, Level, Standards
from standards.rules import CheckContext, Rule, RuleDoc
from standards.webmodel import (
    ORM,
    ROUTE_HINT,
    VIA_MODEL,
    AggregationLoop,
    Call,
    Handler,
    WebModel,
    data_layer,
    extract,
    focus,
    home_for,
)
from standards.webmodel.diffscope import source_line, touches
from standards.webmodel.layers import HANDLER, layer_of

SIZE = "web.handlers.thin"
SERVICE_LAYER = "web.handlers.service_layer"
MAX_QUERIES = 3  # rails_best_practices / Danger: four queries or more in one action …
MAX_QUERY_MODELS = 2  # … over three models or more
DB_AGGREGATES = {
    "django": '.aggregate(total=Sum("…")) or .annotate(…) on the queryset',
    "rails": ".sum(:column), .count or .group(:column).count on the relation",
    "express": "the query builder's sum()/count() (or an aggregate pipeline)",
}
SQL_AGGREGATE = "select(func.sum(Model.column)) / func.count() in the query"


def check(ctx: CheckContext) -> Iterable[Finding]:
    size = ctx.standards.enabled(SIZE)
    service = ctx.standards.enabled(SERVICE_LAYER)
    lead = service if service is not None else size  # layering findings speak with the service level
    if lead is None:
        return
    judged = size if size is not None else lead
    options = ctx.options(RULE.id)
    selected = set(ctx.paths)
    scope = focus(ctx.paths, ctx.mode)
    web = _Whole(ctx, extract(ctx.analysis, scope) if scope is not None else None)
    for handler in web.part.handlers:
        if handler.path not in selected or not touches(ctx.diff, handler.path, handler.line, handler.end_line):
            continue
        text = ctx.analysis.text(handler.path)
        heavy = query_heavy(handler, options)
        if heavy and any(touches(ctx.diff, handler.path, c.line) for c in heavy):
            yield _many_queries(web, handler, heavy, lead if service is not None else _warn(lead), service, text)
        elif service is not None:
            yield from _direct_orm(ctx, web, handler, service, text)
        for loop in handler.loops:
            if touches(ctx.diff, handler.path, loop.line, loop.end_line):
                yield _aggregation(web, handler, loop, _warn(judged), service, text)
        if size is not None:
            yield from _too_big(web, handler, size, service, options, text)
            yield from _model_receiver(web, handler, size, service, options, text)


def _warn(conv: Convention) -> Convention:
    """Many queries and aggregation loops are what reviewers of any repo flag, not a norm
    learned from this one: reported at most as warnings, never blocking on their own."""
    return replace(conv, level=Level.WARN) if conv.level.rank < Level.WARN.rank else conv


class _Whole:
    """The model of the whole repository, built only when a finding needs its data layer for
    the fix (a check on a change parses only the changed files to find handlers)."""

    def __init__(self, ctx: CheckContext, part: WebModel | None) -> None:
        self._ctx = ctx
        self._whole: WebModel | None = None if part is not None else extract(ctx.analysis)
        self.part = part if part is not None else self.model

    @property
    def model(self) -> WebModel:
        if self._whole is None:
            self._whole = extract(self._ctx.analysis)
        return self._whole


def query_heavy(handler: Handler, options: dict) -> list[Call]:
    """The handler's ORM queries when they are many and spread over several models (more
    than ``max_queries`` over more than ``max_query_models``), else []."""
    queries = handler.queries()
    max_queries = int(options.get("max_queries", MAX_QUERIES))
    max_models = int(options.get("max_query_models", MAX_QUERY_MODELS))
    if len(queries) > max_queries and len(handler.query_models()) > max_models:
        return queries
    return []


def _fix(web: _Whole, handler: Handler, service: Convention | None, what: str, models: list[str]) -> Fix:
    """Where ``what`` belongs, in this repo's own layer: the repository, service or model
    class that already owns these models, and (when the repo has a service layer) how
    handlers here call it."""
    home = home_for(web.model, handler, models)
    p = service.params if service is not None else {}
    shown = f", as {p.get('example_handler')} does ({p.get('example')}: {p.get('example_call')}(...))" if p else ""
    replacement = f"{p.get('example_call')}(...)" if p else ""
    if home is not None:
        return Fix(f"{home.sentence(what)}, and call it from the handler{shown}", replacement=replacement)
    if p:
        return Fix(
            f"move {what} into {p.get('path') or 'the service layer'} and call it from the handler{shown}",
            replacement=replacement,
        )
    layer = data_layer(web.model)
    if layer is not None and layer.kind == VIA_MODEL and layer.example is not None and layer.example_call is not None:
        ex, call = layer.example, layer.example_call
        return Fix(
            f"move {what} into methods on the models involved, the way this repo's handlers delegate "
            f"({layer.handlers} of {layer.total} call model methods, e.g. {ex.name} calls {call.text} at "
            f"{ex.path}:{call.line})"
        )
    return Fix(f"move {what} into a function the handler calls")


def _finding(
    handler: Handler,
    line: int,
    message: str,
    conv: Convention,
    fix: Fix,
    text: str | None,
) -> Finding:
    return Finding(
        path=handler.path,
        line=line,
        column=1,
        rule=RULE.qualified,
        message=message,
        level=conv.level,
        why=conv.why,
        fix=fix,
        anchor=conv.anchor,
        source_line=source_line(text, line),
        end_line=handler.end_line,
    )


def _where(calls: list[Call]) -> str:
    """``Forum (lines 12, 14), Topic (15), session.commit (18)``."""
    groups: dict[str, list[int]] = {}
    for call in calls:
        groups.setdefault(call.model or call.text, []).append(call.line)
    return ", ".join(f"{name} ({', '.join(map(str, lines))})" for name, lines in groups.items())


def _many_queries(
    web: _Whole,
    handler: Handler,
    queries: list[Call],
    conv: Convention,
    service: Convention | None,
    text: str | None,
) -> Finding:
    models = handler.query_models()
    message = (
        f"{handler.name} makes {len(queries)} ORM queries on {len(models)} models: {_where(queries)}; "
        "an action that gathers this much data owns logic that belongs outside the handler"
    )
    what = f"the queries on {', '.join(models)}"
    return _finding(handler, queries[0].line, message, conv, _fix(web, handler, service, what, models), text)


def _direct_orm(
    ctx: CheckContext, web: _Whole, handler: Handler, service: Convention, text: str | None
) -> Iterable[Finding]:
    """The strongest signal: a handler reaching the ORM where the repo has a service layer."""
    for call in handler.calls_of(ORM):
        if touches(ctx.diff, handler.path, call.line):
            what = f"the query on {call.model}" if call.model else "this query"
            yield _finding(
                handler,
                call.line,
                f"{handler.name} calls {call.text} directly; {service.support[0]} of {service.support[1]} "
                f"handlers here reach data through {service.params.get('path') or 'the service layer'}",
                service,
                _fix(web, handler, service, what, [call.model] if call.model else handler.query_models()),
                text,
            )
            return  # one finding per handler: the fix is the same for every call


def _aggregation(
    web: _Whole,
    handler: Handler,
    loop: AggregationLoop,
    conv: Convention,
    service: Convention | None,
    text: str | None,
) -> Finding:
    rows = f"{loop.model} rows" if loop.model else "query results"
    message = (
        f"{handler.name} loads {rows} ({loop.source}) and adds them up in the handler ({loop.accumulates}) "
        f"at lines {loop.line}-{loop.end_line}; the database should aggregate them"
    )
    dialect = DB_AGGREGATES.get(handler.framework, SQL_AGGREGATE)
    place = _fix(web, handler, service, "that query", [loop.model] if loop.model else [])
    fix = Fix(f"aggregate in the query ({dialect}); {place.description}", replacement=place.replacement)
    return _finding(handler, loop.line, message, conv, fix, text)


def _too_big(
    web: _Whole,
    handler: Handler,
    size: Convention,
    service: Convention | None,
    options: dict,
    text: str | None,
) -> Iterable[Finding]:
    limit = int(options.get("max_statements", size.params.get("limit", size.value)))
    if handler.statements <= limit:
        return
    p = size.params
    yield _finding(
        handler,
        handler.line,
        f"{handler.name} has {handler.statements} statements; handlers in this repo have at most "
        f"{p.get('p90')} (p{p.get('percentile')} of {p.get('handlers')} handlers), limit {limit}",
        size,
        _fix(web, handler, service, f"the logic of {handler.name}", handler.query_models()),
        text,
    )


def _model_receiver(
    web: _Whole,
    handler: Handler,
    size: Convention,
    service: Convention | None,
    options: dict,
    text: str | None,
) -> Iterable[Finding]:
    limit = int(options.get("max_model_calls", size.params.get("max_model_calls", 4)))
    counts: dict[str, list[int]] = {}
    for call in handler.calls_of(ORM):
        if call.model:
            counts.setdefault(call.model, []).append(call.line)
    for model, lines in sorted(counts.items()):
        if len(lines) > limit:
            yield _finding(
                handler,
                lines[0],
                f"{handler.name} makes {len(lines)} ORM calls on {model} (more than {limit}, "
                "the most any handler here makes); that is a query the model or a service should own",
                size,
                _fix(web, handler, service, f"the queries on {model}", [model]),
                text,
            )


def quick_data(standards: Standards, listing: list[str]) -> dict:
    """What the hook's quick verdict screens a change with (standards.check.quick_screens): the
    Python files listed now, those a handler layer's path holds, and the route hint."""
    python = sorted(p for p in listing if p.endswith((".py", ".pyi")))
    return {
        "known": python,
        "handlers": [p for p in python if layer_of(p) == HANDLER],
        "route_hint": ROUTE_HINT.pattern,
    }


RULE = Rule(
    id="thin-controller",
    title="Handlers stay thin",
    conventions=(SIZE, SERVICE_LAYER),
    languages=("python", "ruby", "javascript", "typescript"),
    doc=RuleDoc(
        what="Flags HTTP handlers (routes, views, controller actions) that reach the ORM directly "
        "where this repo has a service layer; that make many ORM queries over several models (more than "
        "three queries on more than two models, as rails_best_practices and Danger users expect, however "
        "large this repo's handlers are on average); that load rows only to add them up in a loop; that "
        "make many ORM calls on one model; or that are far larger than this repo's own handlers (past "
        "twice the p90 of their statement counts). A call into a repository, a service or a model's own "
        "method (FastAPI Depends-injected ones included) is the fix, never a violation, and the fix names "
        "the repository, service or model class of this repo that already owns the models involved.",
        why="Logic inside a handler can only be exercised through HTTP, is copied between endpoints, "
        "and drifts from the rules kept in the layer that owns the data; rows added up in Python or Ruby "
        "are loaded only to be thrown away.",
        example="@bp.post('/orders')\ndef create_order():\n    order = Order(user_id=current_user.id)\n"
        "    db.session.add(order)\n    for item in request.json['items']:\n        ...  # 60 more lines\n"
        "    db.session.commit()",
        use_instead="@bp.post('/orders')\ndef create_order():\n"
        "    order = order_service.create(current_user, request.json)\n    return jsonify(order.to_dict())",
        options={
            "max_statements": "statements a handler may have (default: twice this repo's p90)",
            "max_model_calls": "ORM calls on one model a handler may make (default: inferred)",
            "max_queries": f"ORM queries one handler may make over several models (default: {MAX_QUERIES})",
            "max_query_models": f"models those queries may span (default: {MAX_QUERY_MODELS})",
        },
    ),
    check=check,
    scope="file",
)
