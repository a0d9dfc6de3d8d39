"""Commands of tox environments: ``tox.ini``, ``[tox:tox]`` in setup.cfg and tox 4's
``[tool.tox]`` in pyproject.toml. Each env's commands are recorded under the command that runs
it (``tox -e NAME``), its kind from what it runs, else from its name."""

from __future__ import annotations

import re
from typing import Any

from standards.runbook import _ini, _toml, classify
from standards.runbook.files import RepoFiles, line_of
from standards.runbook.model import Command

SOURCE = "tox"
ENV_SECTION = re.compile(r"^testenv(?::(.+))?$")


def commands(repo: RepoFiles) -> list[Command]:
    out: list[Command] = []
    for rel in ("tox.ini", "setup.cfg"):
        if repo.has(rel):
            text = repo.text(rel)
            if text is not None:
                out += _ini_envs(rel, _ini.parse(text))
    document = _toml.pyproject(repo)
    if document is not None:
        out += _toml_envs(*document)
    return out


def _ini_envs(rel: str, sections: dict[str, dict[str, _ini.Value]]) -> list[Command]:
    if rel == "setup.cfg" and "tox:tox" not in sections:
        return []
    head = sections.get("tox:tox" if rel == "setup.cfg" else "tox", {})
    listed = head.get("envlist") or head.get("env_list")
    names = _expand(listed.text) if listed is not None else []
    envs: dict[str, _ini.Value] = {}
    base = sections.get("testenv", {}).get("commands")
    for section, keys in sections.items():
        match = ENV_SECTION.match(section)
        if match and match.group(1) and "commands" in keys:
            for name in _expand(match.group(1).strip())[:1]:
                envs[name] = keys["commands"]
    ordered: dict[str, _ini.Value] = {}
    for name in names:  # envlist's order first
        value = envs.get(name, base)
        if value is not None:
            ordered[name] = value
    envs = {**ordered, **{name: value for name, value in envs.items() if name not in ordered}}
    if not envs and base is not None:
        envs["py"] = base
    out = []
    seen: set[tuple[tuple[int, str], ...]] = set()
    for name, value in envs.items():
        lines = tuple(_for_env(name, value.lines))
        if lines not in seen:  # envs that run the same commands: the first stands for them
            seen.add(lines)
            out += _env(rel, name, list(lines))
    return out


FACTOR = re.compile(r"^([\w.!,-]+):\s+(.*)$")


def _for_env(name: str, lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The command lines that apply to env ``name``: ``tests: pytest`` only where ``tests`` is
    one of its factors (``!tests:`` where it is not)."""
    factors = set(name.split("-"))
    out = []
    for line, text in lines:
        match = FACTOR.match(text)
        if match and "://" not in text:
            wanted = match.group(1).split(",")
            if not any(f[1:] not in factors if f.startswith("!") else f in factors for f in wanted):
                continue
            text = match.group(2)
        out.append((line, text.lstrip("-! ")))
    return out


def _env(rel: str, name: str, lines: list[tuple[int, str]]) -> list[Command]:
    runs = [(line, text) for line, text in lines if text]
    if not runs:
        return []
    picked = classify.pick(name, runs)
    if picked is None:
        return []
    kind, line, first = picked
    runner = "tox -e " + name if name != "py" else "tox"
    return [Command(runner, kind, SOURCE, rel, line, name=name, runs=first)]


def _expand(text: str) -> list[str]:
    """``py{39,310}-django, lint`` -> py39-django, py310-django, lint; a range ``py3{9-14}``
    stands for its first value, py39 (the first pair of braces of a name is expanded)."""
    out: list[str] = []
    for part in re.split(r"[,\s]+(?![^{]*})", text):
        part = part.strip()
        match = re.match(r"^(.*?)\{([^}]*)\}(.*)$", part)
        if match:
            for choice in match.group(2).split(","):
                first = re.sub(r"^(\d+)-\d+$", r"\1", choice.strip())
                out.append(f"{match.group(1)}{first}{match.group(3)}")
        elif part:
            out.append(part)
    return out


def _toml_envs(rel: str, data: dict[str, Any], lines: list[str]) -> list[Command]:
    tox = _toml.table(data, "tool", "tox")
    if not tox:
        return []
    header = line_of(lines, "[tool.tox")
    out = []
    base = _toml.table(tox, "env_run_base")
    declared = {str(k): v for k, v in _toml.table(tox, "env").items() if isinstance(v, dict)}
    listed = tox.get("env_list")
    envs: dict[str, dict[str, Any]] = {}
    for name in listed if isinstance(listed, list) else []:  # env_list's order first
        if isinstance(name, str):
            envs[name] = declared.get(name, base)
    envs.update({name: env for name, env in declared.items() if name not in envs})
    if not envs and base:
        envs["py"] = base
    seen: set[int] = set()
    for name, env in envs.items():
        commands = env.get("commands", base.get("commands"))
        if not isinstance(commands, list) or id(commands) in seen:
            continue
        seen.add(id(commands))
        section = line_of(lines, f"[tool.tox.env.{name}]") or line_of(lines, "[tool.tox.env_run_base]") or header
        at = line_of(lines, "commands", max(section - 1, 0)) or section
        runs = []
        for words in commands:
            if isinstance(words, list) and words:  # placed at the line of its first word
                runs.append((line_of(lines, f'"{words[0]}"', at - 1) or at, _toml.argv(words)))
        out += _env(rel, name, runs)
    return out
