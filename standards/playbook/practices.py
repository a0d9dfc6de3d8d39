"""Framework and safety conventions a linter cannot express, counted in the code: handlers
behind an authorization filter, user-facing strings behind an i18n wrapper, model changes
that come with a migration, writes that leave a log line. Each is stated with its count and
denominator, and only when most of a sample that is not tiny follows it."""

from __future__ import annotations

import ast
import re
from collections import Counter

from standards.context import Context
from standards.playbook import pysource
from standards.playbook.facts import Practice, quote
from standards.webmodel import ORM, Handler, WebModel
from standards.webmodel._pyast import chain, dotted, last_name

HIGH_SHARE = 0.75
MIN_SAMPLE = 8
AUTH = re.compile(
    r"login_required|permission|authenticat|authoriz|requires|allows\.|role|staff_member|admin_required|"
    r"user_passes_test|current_user|require_(?:login|user|admin|auth)|IsAuthenticated|LoginRequired",
    re.IGNORECASE,
)
I18N_FUNCTIONS = frozenset(
    {"_", "gettext", "lazy_gettext", "ugettext", "gettext_lazy", "ugettext_lazy", "_l", "pgettext", "ngettext", "t"}
)
USER_FACING = frozenset({"flash", "ValidationError"})
DJANGO_MESSAGES = frozenset({"success", "error", "info", "warning", "add_message"})
WRITES = ("add", "add_all", "commit", "save", "create", "delete", "update", "bulk_create", "insert", "destroy")
LOG_HEADS = re.compile(r"^(log|logger|_log|_logger|LOG|LOGGER|logging|audit\w*|\w*_logger)$")


def practices(ctx: Context, web: WebModel) -> list[Practice]:
    """The conventions the code shows, most followed first."""
    found: list[Practice | None] = []
    py = [h for h in web.handlers if h.path.endswith(".py")]
    if py:
        code = pysource.pycode(ctx, web)
        found += [python_auth(ctx, code, py), python_i18n(ctx, code), python_audit(ctx, code, py)]
    rails = [h for h in web.handlers if h.framework == "rails"]
    if rails:
        found += [rails_auth(ctx, rails), rails_i18n(ctx, rails)]
    found.append(migrations_with_models(ctx))
    shown = [p for p in found if p is not None and p.total >= MIN_SAMPLE and p.share >= HIGH_SHARE]
    return sorted(shown, key=lambda p: -p.share)


# -- authorization ----------------------------------------------------------------------------


def _guard_texts(node: ast.AST) -> list[tuple[str, int]]:
    """Decorators, class attributes (``decorators``, ``permission_classes``) and bases that
    can guard a handler, as written, with their lines."""
    out: list[tuple[str, int]] = []
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        out += [(ast.unparse(d), d.lineno) for d in node.decorator_list]
    if isinstance(node, ast.ClassDef):
        out += [(dotted(b) or last_name(b), b.lineno) for b in node.bases]
        for item in node.body:
            if isinstance(item, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id in ("decorators", "permission_classes", "method_decorators")
                for t in item.targets
            ):
                out.append((ast.unparse(item.value), item.lineno))
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                out += [(ast.unparse(d), d.lineno) for d in item.decorator_list]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        for default in node.args.defaults + [d for d in node.args.kw_defaults if d is not None]:
            if isinstance(default, ast.Call) and last_name(default.func) == "Depends":
                out.append((ast.unparse(default), default.lineno))
    return out


def python_auth(ctx: Context, code: pysource.PyCode, handlers: list[Handler]) -> Practice | None:
    guarded: list[tuple[Handler, str, int]] = []
    names: Counter[str] = Counter()
    for h in handlers:
        node = pysource.scope_node(code, h)
        if node is None:
            continue
        hit = next(((t, line) for t, line in _guard_texts(node) if AUTH.search(t)), None)
        if hit is not None:
            guarded.append((h, hit[0], hit[1]))
            named = AUTH.search(hit[0])
            if named is not None:
                names[named.group(0).rstrip(".")] += 1
    if not guarded:
        return None
    h, _text, line = guarded[0]
    top = ", ".join(f"`{n}`" for n, _ in names.most_common(3))
    return Practice(
        "auth",
        f"Handlers are guarded by an authorization decorator or attribute ({top}); a new one needs one too, "
        "or a reason it is public",
        len(guarded),
        len(handlers),
        quote((ctx.text(h.path) or "").split("\n"), h.path, line),
    )


_BEFORE_ACTION = re.compile(r"^\s*before_action\s+:(\w+[!?]?)", re.MULTILINE)


def rails_auth(ctx: Context, actions: list[Handler]) -> Practice | None:
    controllers = sorted({h.path for h in actions})
    base = next((f.path for f in ctx.files("ruby") if f.path.endswith("app/controllers/application_controller.rb")), "")
    inherited = [m for m in _BEFORE_ACTION.finditer(ctx.text(base) or "") if AUTH.search(m.group(1))] if base else []
    guarded = []
    for path in controllers:
        text = ctx.text(path) or ""
        hits = [m for m in _BEFORE_ACTION.finditer(text) if AUTH.search(m.group(1))]
        skips = re.search(r"skip_before_action\s+:(\w+[!?]?)", text)
        if hits or (inherited and not (skips and AUTH.search(skips.group(1)))):
            guarded.append(
                (path, hits[0].start(1) if hits else -1, hits[0].group(1) if hits else inherited[0].group(1))
            )
    if not guarded:
        return None
    path, at, name = next((g for g in guarded if g[1] >= 0), guarded[0])
    if at < 0 and base:
        path, at = base, inherited[0].start(1)
    text = ctx.text(path) or ""
    line = text[:at].count("\n") + 1
    return Practice(
        "auth",
        f"Controllers run an authorization `before_action` (`:{name}`); a new controller keeps it, "
        "or says why it skips it",
        len(guarded),
        len(controllers),
        quote(text.split("\n"), path, line),
    )


# -- i18n --------------------------------------------------------------------------------------


def _message_arg(call: ast.Call) -> ast.expr | None:
    name = last_name(call.func)
    if name in USER_FACING:
        return call.args[0] if call.args else None
    names = chain(call.func)
    if len(names) == 2 and names[0] == "messages" and names[1] in DJANGO_MESSAGES:
        return call.args[1] if len(call.args) > 1 else None
    return None


def python_i18n(ctx: Context, code: pysource.PyCode) -> Practice | None:
    wrapped: Counter[str] = Counter()
    plain = 0
    first: tuple[str, int, bool] | None = None  # path, line, whether the call fits on it
    for path, mod in sorted(code.modules.items()):
        if "flash(" not in mod.text and "ValidationError(" not in mod.text and "messages." not in mod.text:
            continue
        for node in ast.walk(mod.tree):
            if not isinstance(node, ast.Call):
                continue
            arg = _message_arg(node)
            if arg is None:
                continue
            if isinstance(arg, ast.Call) and last_name(arg.func) in I18N_FUNCTIONS:
                wrapped[last_name(arg.func)] += 1
                if first is None or (not first[2] and node.lineno == node.end_lineno):
                    first = (path, node.lineno, node.lineno == node.end_lineno)
            elif isinstance(arg, (ast.Constant, ast.JoinedStr)) and not (
                isinstance(arg, ast.Constant) and not isinstance(arg.value, str)
            ):
                plain += 1
    total = sum(wrapped.values()) + plain
    if not wrapped or first is None:
        return None
    fn = wrapped.most_common(1)[0][0]
    path, line, _whole = first
    return Practice(
        "i18n",
        f"User-facing strings (flash messages, validation errors) are wrapped in `{fn}()` for translation",
        sum(wrapped.values()),
        total,
        quote(code.modules[path].lines, path, line),
    )


_RAILS_MESSAGE = re.compile(r"(?:flash(?:\.now)?\[:\w+\]\s*=|\b(?:notice|alert):)\s*(\S)")


def rails_i18n(ctx: Context, actions: list[Handler]) -> Practice | None:
    wrapped = plain = 0
    first: tuple[str, int] | None = None
    for path in sorted({h.path for h in actions}):
        text = ctx.text(path) or ""
        for m in _RAILS_MESSAGE.finditer(text):
            rest = text[m.start(1) : m.start(1) + 7]
            if rest.startswith(("t(", "t ", "I18n.t")):
                wrapped += 1
                first = first or (path, text[: m.start()].count("\n") + 1)
            elif rest[:1] in "'\"":
                plain += 1
    if not wrapped or first is None:
        return None
    path, line = first
    return Practice(
        "i18n",
        "Flash messages go through `t(...)` (I18n) rather than literal strings",
        wrapped,
        wrapped + plain,
        quote((ctx.text(path) or "").split("\n"), path, line),
    )


# -- writes that log ----------------------------------------------------------------------------


def python_audit(ctx: Context, code: pysource.PyCode, handlers: list[Handler]) -> Practice | None:
    writers = [h for h in handlers if any(c.text.rsplit(".", 1)[-1] in WRITES for c in h.calls_of(ORM))]
    logged: list[tuple[Handler, int]] = []
    for h in writers:
        node = pysource.scope_node(code, h)
        if node is None:
            continue
        for sub in ast.walk(node):
            if isinstance(sub, ast.Call):
                names = chain(sub.func)
                if len(names) >= 2 and LOG_HEADS.match(names[0]):
                    logged.append((h, sub.lineno))
                    break
    if not logged:
        return None
    h, line = logged[0]
    return Practice(
        "audit",
        "Handlers that write to the database also log what they did",
        len(logged),
        len(writers),
        quote(code.modules[h.path].lines, h.path, line),
    )


# -- migrations with model changes ---------------------------------------------------------------

MIN_MODEL_COMMITS = 5


def migrations_with_models(ctx: Context) -> Practice | None:
    if not ctx.discovery.in_git:
        return None
    from standards.history.reader import history_for
    from standards.webmodel.changes import is_migration, is_model, recent_changes

    changes = [c for c in recent_changes(history_for(ctx)) if c.touches(is_model)]
    if len(changes) < MIN_MODEL_COMMITS:
        return None
    with_migration = [c for c in changes if c.touches(is_migration)]
    return Practice(
        "migrations",
        "A commit that changes a model carries its migration",
        len(with_migration),
        len(changes),
    )
