"""Known debt, named: the handlers and modules of the whole repository that break its own
layering or size norms, largest first, each with the fix in this repository's terms.

The norms are the repository's own, measured the way ``thin-controller`` and ``layering``
measure them (:mod:`standards.analyzers.web_handlers`, :mod:`standards.webmodel.layers`):
a handler far above the p90 of its peers, one that makes many ORM calls on one model, one
that queries the ORM where most handlers go through the service layer, and a module that
imports a layer above its own. These are the files an agent must not copy."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePosixPath

from standards.analyzers.web_handlers import MIN_HANDLERS, model_calls, model_calls_limit, service_root, size_limit
from standards.context import Context
from standards.infer import COUNTED
from standards.model import Level, Standards
from standards.playbook.facts import Debt, quote
from standards.webmodel import ORM, SERVICE, Handler, WebModel
from standards.webmodel.hotcolumns import FK_INDEXING_ORMS, ORM_NAMES, Gap, gaps, migration
from standards.webmodel.layers import MODEL, against_grain, crosses, layer_of

MAX_DEBT = 5
MAX_QUERIES = 3  # as thin-controller: four ORM queries or more in one handler ...
MAX_QUERY_MODELS = 2  # ... over three models or more
SERVICE_NORM = 0.6  # the share of data-touching handlers going through services that makes it the norm
MIN_SERVICE_USERS = 3
FK_CONVENTION = "web.schema.fk_indexed"
MAX_KEYS_NAMED = 4
NAMES = ORM_NAMES
MAX_SITES_NEVER = 10**9  # gaps() without its weak tier: only foreign keys are debt here


def known_debt(ctx: Context, web: WebModel, standards: Standards | None = None, limit: int = MAX_DEBT) -> list[Debt]:
    """At most ``limit`` pieces of debt, largest first. With the repository's conventions, the
    foreign keys that break its checked index convention are one piece, always listed."""
    items = handler_debt(ctx, web) + import_debt(ctx, web)
    items.sort(key=lambda d: (-d.size, d.path, d.line))
    seen: set[tuple[str, int]] = set()
    out = []
    for item in items:
        if (item.path, item.line) not in seen:
            seen.add((item.path, item.line))
            out.append(item)
    keys = index_debt(ctx, web, standards) if standards is not None else None
    if keys is None:
        return out[:limit]
    return sorted([*out[: limit - 1], keys], key=lambda d: -d.size)


def looked_up_gaps(web: WebModel) -> list[Gap]:
    """Foreign keys without an index that queries filter, order or join on, most used first."""
    return [g for g in gaps(web.schema, web.queries, MAX_SITES_NEVER) if g.strong and g.sites]


def index_debt(ctx: Context, web: WebModel, standards: Standards) -> Debt | None:
    """The foreign keys that break the repository's own index convention (checked at warn or
    error), on the whole repository: one piece of debt naming the most looked-up first."""
    fk = standards.enabled(FK_CONVENTION)
    found = looked_up_gaps(web) if fk is not None else []
    if not found:
        return None
    first = found[0]
    others = ", ".join(f"{g.table.name}.{g.column.name} ({g.call_sites})" for g in found[1:MAX_KEYS_NAMED])
    more = f" and {len(found) - MAX_KEYS_NAMED} more" if len(found) > MAX_KEYS_NAMED else ""
    problem = (
        f"a foreign key without an index that queries use in {first.call_sites} "
        f"place{'s' if first.call_sites != 1 else ''}, where {fk.support[0]:,} of {fk.support[1]:,} "
        "foreign keys have one"
    )
    if others:
        problem += f"; also {others}{more}"
    lines = (ctx.text(first.column.path) or "").split("\n")
    declaration = lines[first.column.line - 1] if 0 < first.column.line <= len(lines) else ""
    description, _ = migration(web.schema, first.table, first.column, declaration)
    return Debt(
        first.column.path,
        first.column.line,
        f"{first.table.name}.{first.column.name}",
        sum(g.call_sites for g in found),
        problem,
        description + " (`standards check` shows each key's migration)",
    )


def index_note(web: WebModel, standards: Standards) -> str:
    """Where the repository's foreign keys mostly have no index (its FK convention is not
    checked): the numbers, said plainly, and the keys queries use most. "" otherwise."""
    fk = standards.get(FK_CONVENTION)
    if fk is None or fk.level.rank <= Level.WARN.rank:
        return ""
    found = looked_up_gaps(web)
    if not found:
        return ""
    counted = next((n for n in fk.note.split("; ") if n.startswith(COUNTED)), "")
    scope = f", {counted}" if counted else ""
    orms = [NAMES.get(o, o) for o in fk.params.get("orms", []) if o in FK_INDEXING_ORMS]
    verb = "adds none by itself" if len(orms) == 1 else "add none by themselves"
    adds = f"; {' and '.join(orms)} {verb}" if orms else ""
    state = "are indexed unevenly" if 2 * fk.support[0] >= fk.support[1] else "mostly have no index"
    first, rest = found[0], found[1:MAX_KEYS_NAMED]
    named = ", ".join(
        [f"`{first.table.name}.{first.column.name}` ({first.call_sites} place{'s' if first.call_sites != 1 else ''})"]
        + [f"`{g.table.name}.{g.column.name}` ({g.call_sites})" for g in rest]
    )
    return (
        f'<a id="{fk.anchor}"></a>Foreign keys {state} here: '
        f"{fk.support[0]:,} of {fk.support[1]:,} have one{scope}{adds}, "
        f"so the hook does not ask for one. The unindexed keys queries use most: {named}."
    )


def service_norm(web: WebModel) -> tuple[int, int, str]:
    """(handlers going through services only, handlers touching data, the service layer's
    root), when going through services is this repository's norm; else (0, 0, "")."""
    data = [h for h in web.handlers if h.calls_of(SERVICE) or h.calls_of(ORM)]
    clean = [h for h in data if not h.calls_of(ORM)]
    users = [h for h in web.handlers if h.calls_of(SERVICE)]
    if len(users) < MIN_SERVICE_USERS or not data or len(clean) / len(data) < SERVICE_NORM:
        return 0, 0, ""
    return len(clean), len(data), service_root(web) or "the service layer"


def handler_debt(ctx: Context, web: WebModel) -> list[Debt]:
    handlers = web.handlers
    if len(handlers) < MIN_HANDLERS:
        return []
    p90, cap = size_limit([h.statements for h in handlers])
    calls_cap = model_calls_limit(handlers)
    clean, data, root = service_norm(web)
    out = []
    for h in handlers:
        problems = []
        if h.statements > cap:
            problems.append(f"{h.statements} statements where this repo's handlers have p90 {p90}")
        queries = h.calls_of(ORM)
        models = list(dict.fromkeys(c.model for c in queries if c.model))
        if len(queries) > MAX_QUERIES and len(models) > MAX_QUERY_MODELS:
            more = ", …" if len(models) > 4 else ""
            problems.append(f"{len(queries)} ORM queries on {len(models)} models ({', '.join(models[:4])}{more})")
        per_model = model_calls(h)
        if per_model:
            model, count = per_model.most_common(1)[0]
            if count > calls_cap:
                problems.append(f"{count} ORM calls on {model} (handlers here make at most {calls_cap - 1})")
        if root and h.calls_of(ORM):
            call = h.calls_of(ORM)[0]
            problems.append(f"queries the ORM (`{call.text}`) where {clean} of {data} handlers go through {root}")
        if problems:
            out.append(Debt(h.path, h.line, h.name, h.statements, "; ".join(problems), handler_fix(ctx, web, h, root)))
    return out


def handler_fix(ctx: Context, web: WebModel, h: Handler, service: str) -> str:
    """Where this handler's work belongs, in this repository's terms."""
    if service:
        example = next((x for x in web.handlers if x.calls_of(SERVICE) and not x.calls_of(ORM)), None)
        shown = f", as {example.name} ({example.location}) does" if example else ""
        return f"move the queries and logic into {service} and call it from the handler{shown}"
    models = [c.model for c in h.calls_of(ORM) if c.model]
    if models:
        model = Counter(models).most_common(1)[0][0]
        home = query_home(web, model, h)
        if home:
            return f"move the queries into `{home}`, next to the other {model} queries"
        defined = model_file(ctx, web, model)
        if defined:
            return f"move the queries into `{defined}`, where {model} is defined, as model methods"
    subclasses = subclass_count(ctx, h)
    if subclasses:
        return (
            f"it is a generic view that {subclasses} views subclass: split the method into small steps "
            "(methods) that subclasses can override, and keep queries and logic out of it"
        )
    area = area_models(web, h.path) if h.calls_of(ORM) else ""
    if area:
        return (
            f"move the logic out of the handler into `{area}` (the models this module uses), "
            "keeping the handler to parsing and the response"
        )
    return (
        "split it: keep the handler to parsing the request and the response, and move the steps into "
        "methods or functions tested without a request"
    )


def subclass_count(ctx: Context, h: Handler) -> int:
    """How many classes of the repository subclass the class a method handler belongs to."""
    owner = h.name.rpartition(".")[0] if h.path.endswith(".py") else ""
    if not owner:
        return 0
    pattern = re.compile(rf"^\s*class\s+\w+\((?:[^)]*[\s,.(])?{re.escape(owner)}\b", re.MULTILINE)
    return sum(
        len(pattern.findall(ctx.text(f.path) or ""))
        for f in ctx.files("python")
        if layer_of(f.path) == "handler" and owner in (ctx.text(f.path) or "")
    )


def query_home(web: WebModel, model: str, h: Handler) -> str:
    """The non-handler file that holds most other lookups on ``model``."""
    homes = Counter(
        q.path for q in web.queries if q.model == model and q.path != h.path and layer_of(q.path) != "handler"
    )
    return homes.most_common(1)[0][0] if homes else ""


def model_file(ctx: Context, web: WebModel, model: str) -> str:
    table = web.schema.table_for(model)
    if table is not None and layer_of(table.path) == MODEL:
        return table.path
    for f in ctx.discovery.files:
        if layer_of(f.path) == MODEL and f"class {model}" in (ctx.text(f.path) or ""):
            return f.path
    return ""


def area_models(web: WebModel, path: str) -> str:
    """The model file a handler module imports most (its area's models)."""
    imported = Counter(i.target for i in web.imports if i.path == path and web.layers.get(i.target) == MODEL)
    return imported.most_common(1)[0][0] if imported else ""


def import_debt(ctx: Context, web: WebModel) -> list[Debt]:
    """Modules that import a layer above their own (a model importing a view)."""
    out = []
    wrong = [
        e
        for e in web.imports
        if crosses(web.layers, e.path, e.target) and against_grain(web.layers[e.path], web.layers[e.target])
    ]
    by_module: dict[str, list] = {}
    for edge in wrong:
        by_module.setdefault(edge.path, []).append(edge)
    for path, edges in by_module.items():
        first = min(edges, key=lambda e: e.line)
        lines = (ctx.text(path) or "").count("\n") + 1
        layer, upper = web.layers[path], web.layers[first.target]
        out.append(
            Debt(
                path,
                first.line,
                PurePosixPath(path).name,
                lines,
                f"a {layer} module importing the {upper} layer (`{first.target}`)",
                f"move what it needs from `{first.target}` down into the {layer} layer, or pass it in as an argument",
            )
        )
    return out


def markdown(ctx: Context, item: Debt) -> str:
    """A playbook line: the quoted first line of the handler or import, then the problem and the fix."""
    cited = quote((ctx.text(item.path) or "").split("\n"), item.path, item.line)
    where = cited.markdown() if cited else item.place
    return f"{item.name}, {where}: {item.problem}. Fix: {item.fix}."
