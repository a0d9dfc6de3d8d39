"""Sessions of noxfile.py, read with ``ast`` (never imported: a noxfile is code and may do
anything at import): each ``@nox.session`` function's ``session.run(...)`` calls whose words
are literals become commands under ``nox -s NAME``."""

from __future__ import annotations

import ast
import warnings

from standards.runbook import classify
from standards.runbook.files import MAX_SOURCE_BYTES, RepoFiles
from standards.runbook.model import Command

SOURCE = "nox"
NOXFILE = "noxfile.py"
UNKNOWN = "…"


def commands(repo: RepoFiles) -> list[Command]:
    if not repo.has(NOXFILE):
        return []
    text = repo.text(NOXFILE, MAX_SOURCE_BYTES)
    if text is None:
        return []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text, filename=NOXFILE)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        repo.note(NOXFILE, "does not parse; its sessions are not read")
        return []
    out = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _is_session(node):
            out += _session(node)
    return out


def _is_session(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for deco in fn.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name == "session":
            return True
    return False


def _name(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    for deco in fn.decorator_list:
        if isinstance(deco, ast.Call):
            for kw in deco.keywords:
                if kw.arg == "name" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                    return kw.value.value
    return fn.name


def _session(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[Command]:
    name = _name(fn)
    runs: list[tuple[int, str]] = []
    for node in ast.walk(fn):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("run", "run_always")
            and node.args
        ):
            runs.append((node.lineno, " ".join(_word(arg) for arg in node.args)))
    runs.sort()
    picked = classify.pick(name, runs)
    if picked is None:
        return []
    kind, line, first = picked
    return [Command(f"nox -s {name}", kind, SOURCE, NOXFILE, line, name=name, runs=first)]


def _word(node: ast.expr) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int)):
        return str(node.value)
    if isinstance(node, ast.Starred):
        return "{posargs}" if "posargs" in ast.dump(node) else UNKNOWN
    return UNKNOWN
