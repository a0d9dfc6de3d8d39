"""Makefile targets that test, lint, format, type-check or build, each with its recipe's
first such line (or the target's own line when the recipe only calls other targets)."""

from __future__ import annotations

import re

from standards.runbook import classify
from standards.runbook.files import RepoFiles
from standards.runbook.model import Command

SOURCE = "make"
MAKEFILES = ("GNUmakefile", "makefile", "Makefile")
RULE = re.compile(r"^([A-Za-z0-9_.\-/][A-Za-z0-9_.\-/ ]*?)\s*::?(?![=])(.*)$")


def commands(repo: RepoFiles) -> list[Command]:
    rel = repo.first(*MAKEFILES)
    if rel is None:
        return []
    text = repo.text(rel)
    if text is None:
        return []
    out = []
    for target, line, recipe in targets(text):
        out += _target(rel, target, line, recipe)
    return out


def targets(text: str) -> list[tuple[str, int, list[tuple[int, str]]]]:
    """(target, its line, recipe lines with numbers) for each explicit target."""
    out: list[tuple[str, int, list[tuple[int, str]]]] = []
    current: list[tuple[int, str]] | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw.startswith("\t"):
            if current is not None:
                command = raw.strip().lstrip("@-+ ")
                if command and not command.startswith("#"):
                    current.append((number, command))
            continue
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        match = RULE.match(raw)
        current = None
        if match and not raw.startswith((".", " ")) and "=" not in match.group(1):
            current = []
            deps = match.group(2).split("#", 1)[0].split(";", 1)
            if len(deps) > 1 and deps[1].strip():
                current.append((number, deps[1].strip()))
            for name in match.group(1).split():
                if "%" not in name and "$" not in name:
                    out.append((name, number, current))
    return out


def _target(rel: str, target: str, line: int, recipe: list[tuple[int, str]]) -> list[Command]:
    kinds = [classify.kind_of(text) for _, text in recipe]
    by_name = classify.kind_of_name(target)
    kind = by_name or next((k for k in kinds if k == "test"), "") or next((k for k in kinds if k), "")
    if not kind:
        return []
    match = next(((n, text) for (n, text), k in zip(recipe, kinds) if k == kind), None)
    match = match or next(((n, text) for (n, text), k in zip(recipe, kinds) if k), None)
    at, runs = match if match else (line, "")
    return [Command(f"make {target}", kind, SOURCE, rel, at, name=target, runs=runs)]
