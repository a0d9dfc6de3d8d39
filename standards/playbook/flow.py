"""How to add a feature here: the repository's layering as a flow of steps, each with a real
file, the idiom it uses and how many handlers show it ("31 of 40 views use a form").

Inferred from the handlers of :mod:`standards.webmodel`, the import graph and what the code's
classes are (:mod:`standards.playbook.pysource`); never from templates or file names alone.
A step is written only when the code shows it, and its example is a quoted line."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import PurePosixPath
from statistics import median

from standards import roles
from standards.context import Context
from standards.playbook import pysource
from standards.playbook.facts import Cite, Step, quote
from standards.playbook.pysource import FORM, MODEL, REPOSITORY, SCHEMA, SERIALIZER, SERVICE, TASK, PyCode, Uses
from standards.webmodel import ORM, Handler, WebModel
from standards.webmodel import SERVICE as SERVICE_CALL
from standards.webmodel.layers import HANDLER, layer_of, layer_root

MIN_HANDLERS = 3
MIN_SHOWN = 2  # a step needs at least this many handlers (or files) that show it
PYTHON_WEB = ("flask", "fastapi", "django")
INPUT_KINDS = (
    (FORM, "form"),
    (SERIALIZER, "serializer"),
    (SCHEMA, "schema"),
)
INPUT_AND_DATA = (FORM, SCHEMA, SERIALIZER, MODEL, REPOSITORY, SERVICE)
ORM_NAMES = {
    "db.Model": "Flask-SQLAlchemy `db.Model`",
    "models.Model": "Django `models.Model`",
    "SQLModel": "`SQLModel`",
}


def feature_flow(ctx: Context, web: WebModel) -> list[Step]:
    """The steps of adding a feature, for the framework most handlers use."""
    frameworks = Counter(h.framework for h in web.handlers)
    if not frameworks:
        return celery_steps(ctx, pysource.pycode(ctx, web), []) if ctx.files("python") else []
    framework = frameworks.most_common(1)[0][0]
    if framework in PYTHON_WEB:
        code = pysource.pycode(ctx, web)
        uses = [u for u in code.uses if u.handler.framework == framework]
        views = [u for u, _base in code.subclass_views if u.handler.framework == framework]
        if len(views) > len(uses):  # most views here build on the repository's own generic views
            return python_flow(ctx, code, views, framework) + celery_steps(ctx, code, uses)
        return python_flow(ctx, code, uses, framework) + celery_steps(ctx, code, uses)
    if framework == "rails":
        return rails_flow(ctx, web)
    if framework == "express":
        return express_flow(ctx, web)
    return []


def _lines(ctx: Context, path: str) -> list[str]:
    return (ctx.text(path) or "").split("\n")


def cite(ctx: Context, path: str, line: int) -> Cite | None:
    return quote(_lines(ctx, path), path, line)


def _files(paths: list[str], limit: int = 3) -> str:
    """The most common files first, as code spans: `a.py`, `b.py` and 4 more."""
    ranked = [p for p, _ in Counter(paths).most_common()]
    shown = ", ".join(f"`{p}`" for p in ranked[:limit])
    return shown + (f" and {len(ranked) - limit} more" if len(ranked) > limit else "")


def typical(uses: list[Uses], wanted: tuple[str, ...]) -> Uses:
    """A handler to show: at or below the median size, using the most of the flow's kinds."""
    cut = median(u.handler.statements for u in uses)
    small = [u for u in uses if u.handler.statements <= cut] or uses
    return max(small, key=lambda u: (sum(u.uses(k) for k in wanted), u.handler.statements, -u.handler.line))


# -- Python: Flask, FastAPI, Django ------------------------------------------------------------


def python_flow(ctx: Context, code: PyCode, uses: list[Uses], framework: str) -> list[Step]:
    n = len(uses)
    if n < MIN_HANDLERS:
        return []
    example = typical(_on_common_bases(code, uses), INPUT_AND_DATA)
    steps = [_route_step(ctx, code, uses, framework, example)]
    for kind, noun in INPUT_KINDS:
        step = _input_step(ctx, uses, kind, noun, framework, example)
        if step is not None:
            steps.append(step)
            break
    data = _data_step(ctx, code, uses, example)
    if data is not None:
        steps.append(data)
    model = _model_step(ctx, code, example)
    if model is not None:
        steps.append(model)
    migration = migration_step(ctx)
    if migration is not None:
        steps.append(migration)
    return steps


def _on_common_bases(code: PyCode, uses: list[Uses]) -> list[Uses]:
    """The views built on the three most used generic views (all of ``uses`` when none is)."""
    shown = {id(u) for u in uses}
    base_of = {id(u): base for u, base in code.subclass_views if id(u) in shown}
    top = {b for b, _ in Counter(base_of.values()).most_common(3)}
    return [u for u in uses if base_of.get(id(u)) in top] or uses


def _route_step(ctx: Context, code: PyCode, uses: list[Uses], framework: str, example: Uses) -> Step:
    n = len(uses)
    files = [u.handler.path for u in uses]
    classes = sum(1 for u in uses if "." in u.handler.name)
    h = example.handler
    node = pysource.scope_node(code, h)
    line = node.lineno if isinstance(node, ast.ClassDef) else h.line
    where = _files(files)
    shown = {id(u) for u in uses}
    base_of = {id(u): base for u, base in code.subclass_views if id(u) in shown}
    bases = Counter(base_of.values())
    if bases:
        top = [b for b, _ in bases.most_common(3)]
        common = ", ".join(f"`{b}`" for b in top)

        text = (
            f"**View**: a subclass of this repository's own generic views ({common}; {n} views) in {where}; "
            "set its attributes (queryset, form, table, template) rather than writing the HTTP methods."
        )
        return Step("route", text, cite(ctx, h.path, line), path=h.path)
    if framework == "flask":
        idiom = (
            f"a `MethodView` class ({classes} of {n} handlers)"
            if classes * 2 > n
            else f"a blueprint function with `@<blueprint>.route(...)` ({n - classes} of {n} handlers)"
        )
        text = f"**Route**: {idiom} in the area's views module: {where}."
    elif framework == "fastapi":
        text = f"**Route**: an `APIRouter` function (`@router.get(...)`, {n} handlers) in {where}."
    else:
        kind = f"{classes} class-based, {n - classes} functions" if classes else f"{n} function views"
        text = f"**View**: a Django view ({kind}) in {where}."
    return Step("route", text, cite(ctx, h.path, line), path=h.path)


def _input_step(ctx: Context, uses: list[Uses], kind: str, noun: str, framework: str, example: Uses) -> Step | None:
    users = [u for u in uses if u.uses(kind)]
    if len(users) < MIN_SHOWN:
        return None
    symbols = [u.kinds[kind][0] for u in users]
    shown = example.kinds[kind][0] if example.uses(kind) else Counter(symbols).most_common(1)[0][0]
    label = {
        FORM: "a WTForms form" if framework == "flask" else "a Django form",
        SERIALIZER: "a DRF serializer",
        SCHEMA: "a Pydantic schema" if shown.base.endswith("BaseModel") else "a schema",
    }[kind]
    who = "views" if framework == "django" else "handlers"
    text = f"**Input**: {label} ({len(users)} of {len(uses)} {who} use one) from {_files([s.path for s in symbols])}."
    return Step(noun, text, cite(ctx, shown.path, shown.line), path=shown.path)


def _depends_repository(code: PyCode, u: Uses) -> bool:
    if u.uses(REPOSITORY):
        return True
    for target, _line in u.depends:
        name = target.rsplit(".", 1)[-1].lower()
        if "repo" in name or "store" in name:
            return True
    return False


def _data_step(ctx: Context, code: PyCode, uses: list[Uses], example: Uses) -> Step | None:
    n = len(uses)
    direct = [u for u in uses if u.handler.calls_of(ORM)]
    services = [u for u in uses if u.handler.calls_of(SERVICE_CALL) or u.uses(SERVICE)]
    repos = [u for u in uses if u.depends and _depends_repository(code, u)]
    if len(repos) >= MIN_SHOWN and len(repos) >= len(direct):
        classes = [u.kinds[REPOSITORY][0] for u in repos if u.uses(REPOSITORY)] or code.of_kind(REPOSITORY)
        if classes:
            repo = Counter(classes).most_common(1)[0][0]
            method = _first_method(code, repo)
            text = (
                f"**Data**: through a repository the handler receives with `Depends(...)` ({len(repos)} of {n} "
                f"handlers); add the query as a method of `{repo.name}` in `{repo.path}`."
            )
            return Step("data", text, cite(ctx, repo.path, method or repo.line), path=repo.path)
    if len(services) >= MIN_SHOWN and len(services) >= len(direct):
        shown = next((u for u in services if u.handler.calls_of(SERVICE_CALL)), services[0])
        calls = shown.handler.calls_of(SERVICE_CALL)
        line = calls[0].line if calls else shown.kinds[SERVICE][1]
        roots = [layer_root(s.path) for u in services for s in ([u.kinds[SERVICE][0]] if u.uses(SERVICE) else [])] or [
            layer_root(p) for p, lay in _service_layer(code)
        ]
        where = f" in {_files(roots, 2)}" if roots else ""
        text = (
            f"**Logic and data**: in the service layer{where} ({len(services)} of {n} handlers call it; "
            f"{len(direct)} query the ORM themselves)."
        )
        return Step("data", text, cite(ctx, shown.handler.path, line), path=shown.handler.path)
    if len(direct) >= MIN_SHOWN:
        queries = [u for u in direct if any(c.model for c in u.handler.calls_of(ORM))] or direct
        shown = example if example in queries else queries[0]
        call = next((c for c in shown.handler.calls_of(ORM) if c.model), shown.handler.calls_of(ORM)[0])
        text = (
            f"**Data**: handlers query the models themselves ({len(direct)} of {n} make ORM calls such as "
            f"`{call.text}`); keep reusable queries on the model."
        )
        return Step("data", text, cite(ctx, shown.handler.path, call.line), path=shown.handler.path)
    return None


def _service_layer(code: PyCode) -> list[tuple[str, str]]:
    return [(p, "service") for p in code.modules if layer_of(p) == "service"]


def _first_method(code: PyCode, cls: pysource.Symbol) -> int:
    mod = code.modules.get(cls.path)
    if mod is None:
        return 0
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.ClassDef) and node.name == cls.name:
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and not item.name.startswith("_"):
                    return item.lineno
    return 0


def _model_step(ctx: Context, code: PyCode, example: Uses) -> Step | None:
    models = code.of_kind(MODEL)
    if len(models) < MIN_SHOWN:
        return None
    files = Counter(m.path for m in models)
    concrete = [
        m for m in models if not m.name.endswith(("Mixin", "Base", "Model")) and m.path == files.most_common(1)[0][0]
    ]
    shown = example.kinds[MODEL][0] if example.uses(MODEL) else (concrete or models)[0]
    bases = Counter(m.base for m in models if m.base in ORM_NAMES)
    orm = ORM_NAMES[bases.most_common(1)[0][0]] if bases else "ORM model"
    text = f"**Model**: a {orm} class ({len(models)} models) in {_files([m.path for m in models])}."
    return Step("model", text, cite(ctx, shown.path, shown.line), path=shown.path)


# -- migrations --------------------------------------------------------------------------------

_MIGRATION_MARK = re.compile(r"^\s*(def upgrade\(|class Migration\(|exports\.up\b|class \w+ < ActiveRecord::Migration)")


def migration_files(ctx: Context) -> list[str]:
    return sorted(
        f.path for f in ctx.discovery.files if roles.role(f.path) == "migration" and not f.path.endswith("__init__.py")
    )


def migration_step(ctx: Context) -> Step | None:
    files = migration_files(ctx)
    if len(files) < MIN_SHOWN:
        return None
    newest = files[-1]
    lines = _lines(ctx, newest)
    line = next((i for i, text in enumerate(lines, 1) if _MIGRATION_MARK.match(text)), 0)
    texts = " ".join((ctx.text(p) or "")[:2000] for p in files[-3:])
    tool = (
        "an Alembic revision"
        if "alembic" in texts
        else "a Django migration (`makemigrations`)"
        if "migrations.Migration" in texts
        else "a Rails migration (`bin/rails generate migration`)"
        if "ActiveRecord::Migration" in texts
        else "a knex migration"
        if "knex" in texts or "exports.up" in texts
        else "a migration"
    )
    dirs = Counter(str(PurePosixPath(p).parent) + "/" for p in files)
    where = ", ".join(f"`{d}`" for d, _ in dirs.most_common(2))
    text = f"**Migration**: every schema change gets {tool} in {where} ({len(files)} so far)."
    return Step("migration", text, cite(ctx, newest, line) if line else None, path=newest)


# -- Celery ---------------------------------------------------------------------------------------


def celery_steps(ctx: Context, code: PyCode, uses: list[Uses]) -> list[Step]:
    tasks = code.of_kind(TASK)
    if not tasks:
        return []
    calls = _delay_sites(code)
    if len(calls) < 1:
        return []
    in_handlers = [u for u in uses if u.delays]
    task, path, line = calls[0]
    if in_handlers:
        task, line = in_handlers[0].delays[0]
        path = in_handlers[0].handler.path
    if in_handlers:
        who = f"{len(in_handlers)} of {len(uses)} handlers do"
    else:
        who = f"{len(calls)} call site{'s' if len(calls) > 1 else ''}, in {_files([c[1] for c in calls], 2)}"
    text = (
        f"**Long work**: hand it to a Celery task with `.delay(...)` ({who}); tasks live in "
        f"{_files([t.path for t in tasks])}."
    )
    steps = [Step("task", text, cite(ctx, path, line), path=task.path)]
    pipeline = _pipeline(code, task)
    if pipeline is not None:
        target, at = pipeline
        text = f"**Pipeline**: the task only calls into `{target}`, where the work is done; put new steps there."
        steps.append(Step("pipeline", text, cite(ctx, task.path, at), path=target))
    return steps


def _delay_sites(code: PyCode) -> list[tuple[pysource.Symbol, str, int]]:
    out = []
    for path, mod in sorted(code.modules.items()):
        if ".delay(" not in mod.text and ".apply_async(" not in mod.text:
            continue
        for node in ast.walk(mod.tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("delay", "apply_async")
            ):
                task = code.resolve_expr(path, node.func.value)
                if task is not None and task.kind == TASK:
                    out.append((task, path, node.lineno))
    return sorted(out, key=lambda t: (t[1], t[2]))


def _pipeline(code: PyCode, task: pysource.Symbol) -> tuple[str, int] | None:
    mod = code.modules.get(task.path)
    if mod is None:
        return None
    fn = next(
        (n for n in mod.tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == task.name),
        None,
    )
    if fn is None:
        return None
    used = [
        (target, line)
        for symbol, target, line in pysource.called_from(code, task.path, fn)
        if target != task.path and (symbol is None or symbol.kind not in (MODEL, TASK))
    ]
    if not used:
        return None
    target = Counter(t for t, _ in used).most_common(1)[0][0]
    return target, next(line for t, line in used if t == target)


# -- Rails --------------------------------------------------------------------------------------

_BEFORE_ACTION = re.compile(r"^\s*before_action\s+:(\w+[!?]?)", re.MULTILINE)
_RESOURCES = re.compile(r"^\s*(resources?|get|post|patch|put|delete)\s+[:'\"]", re.MULTILINE)


def rails_flow(ctx: Context, web: WebModel) -> list[Step]:
    actions = [h for h in web.handlers if h.framework == "rails"]
    controllers = sorted({h.path for h in actions})
    if len(actions) < MIN_HANDLERS:
        return []
    steps = []
    filtered = [p for p in controllers if _BEFORE_ACTION.search(ctx.text(p) or "")]
    base = next((f.path for f in ctx.files("ruby") if f.path.endswith("app/controllers/application_controller.rb")), "")
    base_filters = _BEFORE_ACTION.search(ctx.text(base) or "") if base else None
    shown = filtered[0] if filtered else controllers[0]
    m = _BEFORE_ACTION.search(ctx.text(shown) or "")
    line = (ctx.text(shown) or "")[: m.start(1)].count("\n") + 1 if m else 1
    filters = f"; {len(filtered)} of {len(controllers)} declare `before_action` filters" if filtered else ""
    inherited = " (ApplicationController's apply to all)" if base_filters else ""
    counts = f"{len(actions)} actions in {len(controllers)} controllers{filters}{inherited}"
    text = f"**Controller**: an action in `app/controllers/` ({counts})."
    steps.append(Step("route", text, cite(ctx, shown, line if m else _class_line(ctx, shown)), path=shown))
    direct = [h for h in actions if h.calls_of(ORM)]
    services = [h for h in actions if h.calls_of(SERVICE_CALL)]
    if len(services) >= MIN_SHOWN and len(services) >= len(direct):
        h = services[0]
        call = h.calls_of(SERVICE_CALL)[0]
        text = f"**Logic**: a service object in `app/services/` ({len(services)} of {len(actions)} actions call one)."
        steps.append(Step("data", text, cite(ctx, h.path, call.line), path=h.path))
    models = sorted(f.path for f in ctx.files("ruby") if f.path.startswith("app/models/") and f.path.endswith(".rb"))
    if len(models) >= MIN_SHOWN:
        shown_model = models[0]
        query = f"; {len(direct)} of {len(actions)} actions query models directly" if direct else ""
        text = f"**Model**: logic and queries in `app/models/` ({len(models)} models{query})."
        steps.append(Step("model", text, cite(ctx, shown_model, _class_line(ctx, shown_model)), path=shown_model))
    views = _rails_views(ctx, controllers)
    if len(views) >= MIN_SHOWN:
        text = f"**View**: `app/views/<controller>/<action>` ({len(views)} of {len(controllers)} controllers have one)."
        steps.append(Step("view", text, None, path="app/views/"))
    routes = "config/routes.rb"
    routes_text = ctx.text(routes) if any(f.path == routes for f in ctx.files("ruby")) else None
    if routes_text:
        found = list(_RESOURCES.finditer(routes_text))
        if found:
            line = routes_text[: found[0].start()].count("\n") + 1
            text = f"**Route**: declare it in `{routes}` ({len(found)} routes there)."
            steps.append(Step("routes", text, cite(ctx, routes, _first_nonblank(routes_text, line)), path=routes))
    tests = _rails_tests(ctx, controllers)
    if len(tests) >= MIN_SHOWN:
        text = f"**Test**: a controller or request test ({len(tests)} of {len(controllers)} controllers have one)."
        steps.append(Step("test", text, cite(ctx, tests[0], _class_line(ctx, tests[0])), path=tests[0]))
    migration = migration_step(ctx)
    if migration is not None:
        steps.append(migration)
    return steps


def _first_nonblank(text: str, line: int) -> int:
    lines = text.split("\n")
    while line <= len(lines) and not lines[line - 1].strip():
        line += 1
    return line


def _class_line(ctx: Context, path: str) -> int:
    for i, text in enumerate(_lines(ctx, path), 1):
        if re.match(r"\s*(class|module|describe|RSpec\.describe)\b", text):
            return i
    return 1


def _rails_views(ctx: Context, controllers: list[str]) -> list[str]:
    names = set(ctx.discovery.other_files) | {f.path for f in ctx.discovery.files}
    out = []
    for path in controllers:
        stem = path.split("app/controllers/", 1)[-1].removesuffix("_controller.rb")
        if any(n.startswith(f"app/views/{stem}/") for n in names):
            out.append(path)
    return out


def _rails_tests(ctx: Context, controllers: list[str]) -> list[str]:
    paths = {f.path for f in ctx.files("ruby")}
    out = []
    for path in controllers:
        stem = path.split("app/controllers/", 1)[-1].removesuffix("_controller.rb")
        candidates = (
            f"test/controllers/{stem}_controller_test.rb",
            f"spec/requests/{stem}_spec.rb",
            f"spec/controllers/{stem}_controller_spec.rb",
            f"test/integration/{stem}_test.rb",
        )
        out += [c for c in candidates if c in paths][:1]
    return out


# -- Express ------------------------------------------------------------------------------------


def express_flow(ctx: Context, web: WebModel) -> list[Step]:
    handlers = [h for h in web.handlers if h.framework == "express"]
    if len(handlers) < MIN_HANDLERS:
        return []
    controllers = [h for h in handlers if " /" not in h.name]
    steps = []
    routes = route_registrations(ctx)
    if routes:
        busiest = Counter(path for path, _ in routes).most_common(1)[0][0]
        line = next(n for path, n in routes if path == busiest)
        where = _files([path for path, _ in routes])
        text = f"**Route**: `router.<verb>(path, ...handlers)` ({len(routes)} routes in {where})."
        steps.append(Step("route", text, cite(ctx, busiest, line), path=busiest))
    if len(controllers) >= MIN_SHOWN:
        h = _typical_handler(controllers)
        text = f"**Controller**: a function in {_files([c.path for c in controllers])} ({len(controllers)} of them)."
        steps.append(Step("controller", text, cite(ctx, h.path, h.line), path=h.path))
    data = _express_data(ctx, web, handlers)
    if data is not None:
        steps.append(data)
    migration = migration_step(ctx)
    if migration is not None:
        steps.append(migration)
    return steps


_ROUTE_CALL = re.compile(r"\b(?:app|router|api|routes?|\w+Router)\.(?:get|post|put|patch|delete|del|all)\(\s*['\"`]/")


def route_registrations(ctx: Context) -> list[tuple[str, int]]:
    """(path, line) of every ``router.get('/path', ...)`` in library JavaScript/TypeScript, the
    routes whose handlers are named functions (``http(api.posts.browse)``) included."""
    out = []
    for f in ctx.files("javascript", "typescript"):
        if not roles.is_library(f.path):
            continue
        text = ctx.text(f.path) or ""
        if not _ROUTE_CALL.search(text):
            continue
        out += [(f.path, i) for i, line in enumerate(text.split("\n"), 1) if _ROUTE_CALL.search(line)]
    return out


def _typical_handler(handlers: list[Handler]) -> Handler:
    cut = median(h.statements for h in handlers)
    return max((h for h in handlers if h.statements <= cut), key=lambda h: (h.statements, -h.line))


def _express_data(ctx: Context, web: WebModel, handlers: list[Handler]) -> Step | None:
    direct = [h for h in handlers if h.calls_of(ORM)]
    services = [h for h in handlers if h.calls_of(SERVICE_CALL)]
    models = sorted(p for p, layer in web.layers.items() if layer == "model")
    if len(services) >= MIN_SHOWN and len(services) >= len(direct):
        h = services[0]
        call = h.calls_of(SERVICE_CALL)[0]
        where = _files([layer_root(p) for p, lay in web.layers.items() if lay == "service"], 2)
        text = f"**Logic and data**: a service in {where} ({len(services)} of {len(handlers)} handlers call one)."
        return Step("data", text, cite(ctx, h.path, call.line), path=h.path)
    if len(direct) >= MIN_SHOWN or len(models) >= MIN_SHOWN:
        where = _files([layer_root(p) for p in models], 2) if models else "the model files"
        calls = f"{len(direct)} of {len(handlers)} handlers call them"
        text = f"**Model**: data access through the models in {where} ({calls})."
        h = direct[0] if direct else None
        example = cite(ctx, h.path, h.calls_of(ORM)[0].line) if h else None
        return Step("model", text, example, path=models[0] if models else (h.path if h else ""))
    return None


def handler_files(web: WebModel) -> list[str]:
    return sorted({h.path for h in web.handlers} | {p for p, layer in web.layers.items() if layer == HANDLER})
