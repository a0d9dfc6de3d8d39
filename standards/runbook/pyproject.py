"""Scripts declared in pyproject.toml: hatch environments' ``scripts`` (run as
``hatch run ENV:NAME``), ``[tool.pdm.scripts]`` (``pdm run NAME``), poethepoet's
``[tool.poe.tasks]`` (``poe NAME``) and taskipy's ``[tool.taskipy.tasks]`` (``task NAME``).
``[tool.poetry.scripts]`` are console entry points of the package, not commands to develop
with, and are left out."""

from __future__ import annotations

from typing import Any

from standards.runbook import _toml, classify
from standards.runbook.files import RepoFiles, line_of
from standards.runbook.model import Command

SOURCE = "pyproject"


def commands(repo: RepoFiles) -> list[Command]:
    document = _toml.pyproject(repo)
    if document is None:
        return []
    rel, data, lines = document
    out: list[Command] = []
    for env, table in _toml.table(data, "tool", "hatch", "envs").items():
        scripts = _toml.table(table, "scripts")
        prefix = "hatch run " + ("" if env == "default" else f"{env}:")
        out += _scripts(rel, lines, f"[tool.hatch.envs.{env}", scripts, prefix)
    out += _scripts(rel, lines, "[tool.pdm.scripts", _toml.table(data, "tool", "pdm", "scripts"), "pdm run ")
    out += _scripts(rel, lines, "[tool.poe.tasks", _toml.table(data, "tool", "poe", "tasks"), "poe ")
    out += _scripts(rel, lines, "[tool.taskipy.tasks", _toml.table(data, "tool", "taskipy", "tasks"), "task ")
    return out


def _body(value: Any) -> str:
    """A script's command line: a string, a list of lines (the first that says something), or a
    table's ``cmd``/``shell``/``composite``."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        texts = [_body(v) for v in value]
        return next((t for t in texts if classify.kind_of(t)), texts[0] if texts else "")
    if isinstance(value, dict):
        for key in ("cmd", "shell", "call", "composite", "sequence"):
            if key in value:
                inner = value[key]
                return _toml.argv(inner) if key == "cmd" and isinstance(inner, list) else _body(inner)
    return ""


def _scripts(rel: str, lines: list[str], header: str, scripts: dict[str, Any], prefix: str) -> list[Command]:
    out = []
    start = max(line_of(lines, header) - 1, 0)
    for name, value in scripts.items():
        if name.startswith("_"):
            continue
        body = _body(value)
        kind = classify.kind_of(body) or classify.kind_of_name(name)
        if not kind:
            continue
        line = line_of(lines, f"{name} =", start) or line_of(lines, f'"{name}"', start) or start + 1
        out.append(Command(f"{prefix}{name}", kind, SOURCE, rel, line, name=name, runs=body))
    return out
