"""Commands the CI runs: ``run:`` steps of GitHub workflows, ``script:`` of GitLab CI jobs and
``run`` steps of CircleCI jobs, each line of a step a command of its own, placed at its line.
A GitHub matrix value (``${{ matrix.python }}``) is filled in with the matrix's first value."""

from __future__ import annotations

import re
from typing import Any

from standards.runbook import classify
from standards.runbook._yaml import Budget, TooLarge, load, mapping, sequence
from standards.runbook.files import RepoFiles, line_of
from standards.runbook.model import Command

SOURCE = "ci"
MATRIX = re.compile(r"\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}")
GITLAB_RESERVED = frozenset(
    {"stages", "variables", "default", "include", "workflow", "image", "services", "cache", "before_script"}
)
MAX_STEP_LINES = 200
MAX_LINES = 5_000  # command lines looked at in one file


def commands(repo: RepoFiles) -> list[Command]:
    out: list[Command] = []
    for rel in repo.matching(".github/workflows", (".yml", ".yaml")):
        out += _file(repo, rel, _github)
    if repo.has(".gitlab-ci.yml"):
        out += _file(repo, ".gitlab-ci.yml", _gitlab)
    if repo.has(".circleci/config.yml"):
        out += _file(repo, ".circleci/config.yml", _circleci)
    return out


def _file(repo: RepoFiles, rel: str, reader: Any) -> list[Command]:
    loaded = load(repo, rel)
    if loaded is None:
        return []
    data, lines = loaded
    found: list[tuple[str, str, str, dict[str, Any]]] = []  # job, script, cwd, matrix
    try:
        reader(mapping(data), found, Budget())
    except TooLarge:
        repo.note(rel, "too many values (aliases expanding?); read up to the limit")
    except RecursionError:
        repo.note(rel, "nested too deeply to read")
        return []
    out = []
    cursor = 0
    left = MAX_LINES
    for job, script, cwd, matrix in found:
        for raw in script.split("\n")[:MAX_STEP_LINES]:
            left -= 1
            if left < 0:
                repo.note(rel, f"more than {MAX_LINES} command lines; the rest were not read")
                return out
            text = raw.strip()
            if not text or text.startswith("#"):
                continue
            line = line_of(lines, text, cursor) or line_of(lines, text)
            if line:
                cursor = line - 1
            filled = classify.strip_status(_fill(text, matrix))
            kind = classify.kind_of(filled)  # "" for `make X` of an unknown X: decided once every source is read
            if (kind or classify.script_target(classify.parse(filled))) and line:
                out.append(Command(filled, kind, SOURCE, rel, line, name=job, cwd=cwd))
    return out


def _fill(text: str, matrix: dict[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        values = matrix.get(match.group(1))
        first = values[0] if isinstance(values, list) and values else values
        return str(first) if isinstance(first, (str, int, float)) and not isinstance(first, bool) else match.group(0)

    return MATRIX.sub(value, text)


def _github(data: dict[str, Any], found: list[tuple[str, str, str, dict[str, Any]]], budget: Budget) -> None:
    for job_name, job in mapping(data.get("jobs")).items():
        budget.spend()
        job = mapping(job)
        matrix = _matrix(mapping(mapping(job.get("strategy")).get("matrix")), budget)
        default_cwd = mapping(mapping(job.get("defaults")).get("run")).get("working-directory")
        for step in sequence(job.get("steps")):
            budget.spend()
            step = mapping(step)
            run = step.get("run")
            if isinstance(run, str):
                cwd = step.get("working-directory", default_cwd)
                found.append((str(job_name), run, cwd if isinstance(cwd, str) else "", matrix))


def _matrix(matrix: dict[str, Any], budget: Budget) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, values in matrix.items():
        budget.spend()
        if isinstance(values, list) and key not in ("include", "exclude"):
            budget.spend(len(values))
            out[str(key)] = values
    for entry in sequence(matrix.get("include")):
        budget.spend()
        for key, value in mapping(entry).items():
            out.setdefault(str(key), [value])
    return out


def _gitlab(data: dict[str, Any], found: list[tuple[str, str, str, dict[str, Any]]], budget: Budget) -> None:
    for job_name, job in data.items():
        budget.spend()
        if str(job_name) in GITLAB_RESERVED or str(job_name).startswith("."):
            continue
        script = mapping(job).get("script")
        lines = [script] if isinstance(script, str) else sequence(script)
        budget.spend(len(lines))
        for line in lines:
            if isinstance(line, str):
                found.append((str(job_name), line, "", {}))


def _circleci(data: dict[str, Any], found: list[tuple[str, str, str, dict[str, Any]]], budget: Budget) -> None:
    for job_name, job in mapping(data.get("jobs")).items():
        budget.spend()
        for step in sequence(mapping(job).get("steps")):
            budget.spend()
            run = mapping(step).get("run")
            if isinstance(run, dict):
                run = run.get("command")
            if isinstance(run, str):
                found.append((str(job_name), run, "", {}))
