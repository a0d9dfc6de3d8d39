"""Run every source over the repository and put the runbook together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from standards.runbook import (
    ci,
    classify,
    docs,
    layout_other,
    layout_python,
    make,
    nox,
    npm,
    pyproject,
    ruby,
    scripts,
    tox,
)
from standards.runbook.choose import SOURCE_OF_TARGET, choose
from standards.runbook.files import RepoFiles
from standards.runbook.model import Command, Runbook

# Each source: a module with SOURCE and commands(repo) -> list[Command]; in the order of trust.
SOURCES = (ci, make, tox, nox, pyproject, npm, ruby, scripts, docs)


def discover_runbook(root: Path, files: Sequence[str]) -> Runbook:
    """The commands ``root`` uses to test, lint, format, type-check and build, each with the
    ``path:line`` that shows it, its test layout, and the test command chosen by evidence.
    ``files`` are the repository's files (POSIX paths relative to ``root``); only those are read,
    bounded, and nothing of the repository is run or imported."""
    repo = RepoFiles(root, list(files))
    runbook = Runbook()
    for source in SOURCES:
        runbook.commands += source.commands(repo)
    runbook.commands = [_mark_verbatim(repo, c) for c in _unique(_named_kinds(runbook.commands))]
    runbook.package_manager, runbook.package_manager_evidence = npm.package_manager(repo)
    for build in (layout_python.layout, layout_other.ruby, layout_other.javascript):
        layout = build(repo)
        if layout is not None:
            runbook.layouts.append(layout)
    runbook.layouts.sort(key=lambda layout: -layout.files)
    choose(runbook)
    runbook.notes = repo.notes
    return runbook


def _named_kinds(commands: list[Command]) -> list[Command]:
    """A command that runs a target, env or script another source declares (``rake
    internal_investigation`` in CI) takes that target's kind; one whose kind stays unknown goes."""
    out = []
    for command in commands:
        if not command.kind:
            target = classify.script_target(classify.parse(command.text))
            source = SOURCE_OF_TARGET.get(target[0], "") if target else ""
            kinds = [c.kind for c in commands if c.kind and target and c.source == source and c.name == target[1]]
            if not kinds:
                continue
            command = replace(command, kind=kinds[0])
        out.append(command)
    return out


def _mark_verbatim(repo: RepoFiles, command: Command) -> Command:
    """The command, marked when its cited line holds its text (spaces aside)."""
    text = repo.text(command.path) if command.line else None
    lines = text.split("\n") if text is not None else []
    held = " ".join(lines[command.line - 1].split()) if 0 < command.line <= len(lines) else ""
    return replace(command, verbatim=bool(held) and " ".join(command.text.split()) in held)


def _unique(commands: list[Command]) -> list[Command]:
    seen: set[tuple[str, str, int]] = set()
    out = []
    for command in commands:
        key = (command.text, command.path, command.line)
        if key not in seen:
            seen.add(key)
            out.append(command)
    return out
