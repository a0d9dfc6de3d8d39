"""thin-controller: handlers stay thin the way this repo keeps them thin."""

from __future__ import annotations

from collections.abc import Iterable

from standards.model import Convention, Finding, Fix
from standards.rules import CheckContext, Rule, RuleDoc
from standards.webmodel import ORM, Handler, extract, focus
from standards.webmodel.diffscope import source_line, touches

SIZE = "web.handlers.thin"
SERVICE_LAYER = "web.handlers.service_layer"


def check(ctx: CheckContext) -> Iterable[Finding]:
    size = ctx.standards.enabled(SIZE)
    service = ctx.standards.enabled(SERVICE_LAYER)
    if size is None and service is None:
        return
    options = ctx.options(RULE.id)
    selected = set(ctx.paths)
    for handler in extract(ctx.analysis, focus(ctx.paths, ctx.mode)).handlers:
        if handler.path not in selected or not touches(ctx.diff, handler.path, handler.line, handler.end_line):
            continue
        text = ctx.analysis.text(handler.path)
        if service is not None:
            yield from _direct_orm(ctx, handler, service, text)
        if size is not None:
            yield from _too_big(handler, size, service, options, text)
            yield from _model_receiver(handler, size, service, options, text)


def _service_fix(handler: Handler, service: Convention | None) -> Fix:
    if service is None:
        return Fix(f"move the logic of {handler.name} into a function the handler calls")
    p = service.params
    return Fix(
        f"move this into {p.get('path') or 'the service layer'} and call it from the handler, as "
        f"{p.get('example_handler')} does ({p.get('example')}: {p.get('example_call')}(...))",
        replacement=f"{p.get('example_call')}(...)",
    )


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


def _direct_orm(ctx: CheckContext, handler: Handler, service: Convention, text: str | None) -> Iterable[Finding]:
    """The strongest signal: a handler reaching the ORM where the repo has a service layer."""
    for call in handler.calls_of(ORM):
        if touches(ctx.diff, handler.path, call.line):
            yield _finding(
                handler,
                call.line,
                f"{handler.name} calls {call.text} directly; {service.support[0]} of {service.support[1]} "
                f"handlers here reach data through {service.params.get('path') or 'the service layer'}",
                service,
                _service_fix(handler, service),
                text,
            )
            return  # one finding per handler: the fix is the same for every call


def _too_big(
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
        _service_fix(handler, service),
        text,
    )


def _model_receiver(
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
                _service_fix(handler, service),
                text,
            )


RULE = Rule(
    id="thin-controller",
    title="Handlers stay thin",
    conventions=(SIZE, SERVICE_LAYER),
    languages=("python", "ruby", "javascript", "typescript"),
    doc=RuleDoc(
        what="Flags HTTP handlers (routes, views, controller actions) that reach the ORM directly "
        "where this repo has a service layer, that make many ORM calls on one model, or that are far "
        "larger than this repo's own handlers (past twice the p90 of their statement counts). "
        "A call into the service layer is the fix, never a violation.",
        why="Logic inside a handler can only be exercised through HTTP, is copied between endpoints, "
        "and drifts from the rules kept in the service layer.",
        example="@bp.post('/orders')\ndef create_order():\n    order = Order(user_id=current_user.id)\n"
        "    db.session.add(order)\n    for item in request.json['items']:\n        ...  # 60 more lines\n"
        "    db.session.commit()",
        use_instead="@bp.post('/orders')\ndef create_order():\n"
        "    order = order_service.create(current_user, request.json)\n    return jsonify(order.to_dict())",
        options={
            "max_statements": "statements a handler may have (default: twice this repo's p90)",
            "max_model_calls": "ORM calls on one model a handler may make (default: inferred)",
        },
    ),
    check=check,
    scope="file",
)
