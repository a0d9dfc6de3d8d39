"""Fixtures for the proofs of the web rules' architecture conventions, each a staged change of
one file in the file's own language (Python, Ruby, JavaScript/TypeScript):

* ``web.handlers.thin``: the convention's example handler grown one statement past the limit;
* ``web.handlers.service_layer``: a handler of the convention's own examples that reaches the
  ORM itself (the repository's own direct call, its ``dont``, where it has one);
* ``web.layers``: a lower layer's file importing the upper layer a convention example imports
  it from."""

from __future__ import annotations

import ast
import posixpath
from pathlib import PurePosixPath

from standards.context import Context
from standards.discovery import language_of
from standards.gitutil import DiffInfo
from standards.model import Convention, Standards
from standards.proof.own_fixture import Fixture, appended
from standards.rules import Rule
from standards.webmodel import Handler, WebModel, extract
from standards.webmodel.layers import against_grain, crosses
from standards.webmodel.ruby import rails_models

PROOF_NAME = "_standards_proof"
JS_IMPORTS = (".ts", ".tsx", ".mjs", ".mts")  # written with `import`; other JavaScript with `require`


# -- web.handlers.service_layer ------------------------------------------------------------


def direct_orm(rule: Rule, conv: Convention, standards: Standards, analysis: Context) -> Fixture | str:
    web = extract(analysis)
    for handler in _example_handlers(conv, web):
        statement = _orm_statement(conv, handler, web, analysis)
        language = language_of(handler.path)
        line = statement if language == "ruby" else f"const standardsProof = {statement};"
        if language == "python":
            line = f"{PROOF_NAME} = {statement}"
        built = _grown(analysis, handler, [line], f"{handler.name} at {handler.location} calling {statement} itself")
        if statement and built is not None:
            return built
    return "no handler among its examples to add a direct ORM call to"


def grown_handler(rule: Rule, conv: Convention, standards: Standards, analysis: Context) -> Fixture | str:
    """``web.handlers.thin``: the example handler grown one statement past the limit."""
    limit = int((standards.rules.get(rule.id, {}) or {}).get("max_statements", conv.params.get("limit", conv.value)))
    for handler in _example_handlers(conv, extract(analysis)):
        js = language_of(handler.path) in ("javascript", "typescript")
        lines = [f"const standardsProof{i} = {i};" if js else f"{PROOF_NAME}_{i} = {i}" for i in range(limit + 1)]
        built = _grown(analysis, handler, lines, f"the handler at {handler.location} with {limit + 1} statements added")
        if built is not None:
            return built
    return "no handler among its examples to grow past the limit"


def _example_handlers(conv: Convention, web: WebModel) -> list[Handler]:
    by_location = {h.location: h for h in web.handlers}
    return [by_location[e] for e in conv.examples if e in by_location]


def _grown(analysis: Context, handler: Handler, lines: list[str], description: str) -> Fixture | None:
    """``handler`` with ``lines`` (in its language) as its first statements, staged."""
    placed = _into_handler(analysis.text(handler.path) or "", handler, lines)
    if placed is None:
        return None
    text, first = placed
    diff = DiffInfo(lines={handler.path: set(range(first, first + len(lines)))}, new_files=set())
    return Fixture({handler.path: text}, [handler.path], description, diff)


def _orm_statement(conv: Convention, handler: Handler, web: WebModel, analysis: Context) -> str:
    """A query through the ORM in ``handler``'s language: the repo's own direct call (the
    convention's ``dont``) when it is in that language, else one on a model of this repo."""
    language = language_of(handler.path)
    theirs = conv.counter_examples[0].rpartition(":")[0] if conv.counter_examples else ""
    if conv.dont.endswith("(...)") and theirs and language_of(theirs) == language:
        return conv.dont.removesuffix("(...)") + "()"
    if language == "ruby":
        models = sorted(rails_models(analysis))
        return f"{models[0]}.find(1)" if models else ""
    model = next(iter(sorted(m for m in web.schema.models if m[:1].isupper())), "Record")
    if language == "python":
        return f"{model}.objects.all()" if handler.framework == "django" else f"{model}.query.all()"
    return f"{model}.findOne()"


def _into_handler(text: str, handler: Handler, added: list[str]) -> tuple[str, int] | None:
    """``text`` with the lines ``added`` at the start of ``handler``'s body, and the first one's number."""
    language = language_of(handler.path)
    if language == "python":
        return _into_python(text, handler.line, added)
    lines = text.split("\n")
    for index in range(handler.line - 1, min(handler.end_line, len(lines)) - 1):
        line = lines[index]
        opens = line.rstrip().endswith("{")
        if language == "ruby":  # a body on the lines below the def, not `def show; end`
            opens = line.lstrip().startswith("def ") and ";" not in line and not line.rstrip().endswith("end")
        if opens:
            indent = _body_indent(line, lines[index + 1] if index + 1 < len(lines) else "")
            body = [f"{indent}{a}" for a in added]
            return "\n".join([*lines[: index + 1], *body, *lines[index + 1 :]]), index + 2
    return None


def _body_indent(opening: str, following: str) -> str:
    """The indentation of the first line of a body that ``opening`` starts."""
    outer = opening[: len(opening) - len(opening.lstrip())]
    inner = following[: len(following) - len(following.lstrip())]
    return inner if following.strip() and len(inner) > len(outer) else outer + "  "


def _into_python(text: str, line: int, added: list[str]) -> tuple[str, int] | None:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and line in def_lines(node):
            first = node.body[0]
            if first.lineno == node.lineno:
                return None  # `def f(): return x`: no body lines to add to
            at = first.lineno - 1
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and first.end_lineno:
                at = first.end_lineno  # after the docstring
            lines = text.split("\n")
            body = [" " * first.col_offset + a for a in added]
            return "\n".join([*lines[:at], *body, *lines[at:]]), at + 1
    return None


def def_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> range:
    """The lines of a function's decorators and signature (where a handler's location points)."""
    start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    return range(start, node.body[0].lineno)


# -- web.layers ----------------------------------------------------------------------------


def upward_import(rule: Rule, conv: Convention, standards: Standards, analysis: Context) -> Fixture | str:
    web = extract(analysis)
    examples = set(conv.examples)
    edges = sorted(web.imports, key=lambda e: f"{e.path}:{e.line}" not in examples)  # the examples first
    for edge in edges:
        upper, lower = edge.path, edge.target
        if upper not in web.layers or lower not in web.layers or not crosses(web.layers, lower, upper):
            continue
        if not against_grain(web.layers[lower], web.layers[upper]):
            continue
        statement = _import_of(lower, upper)
        if statement:
            what = f"{lower} ({web.layers[lower]}) importing {upper} ({web.layers[upper]})"
            return appended(analysis, lower, statement, what)
    return "no import between two layers here to reverse"


def _import_of(path: str, target: str) -> str:
    """An import of ``target`` written in ``path``'s language ("" across languages)."""
    language, theirs = language_of(path), language_of(target)
    if language == "python" and theirs == "python":
        parts = list(PurePosixPath(target).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        return f"import {'.'.join(parts)} as {PROOF_NAME}" if parts else ""
    if language in ("javascript", "typescript") and theirs in ("javascript", "typescript"):
        spec = posixpath.relpath(posixpath.splitext(target)[0], posixpath.dirname(path) or ".")
        spec = spec if spec.startswith(".") else f"./{spec}"
        if path.endswith(JS_IMPORTS):
            return f'import * as standardsProof from "{spec}";'
        return f'const standardsProof = require("{spec}");'
    return ""
