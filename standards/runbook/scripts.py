"""The project's own scripts named for what they do: ``scripts/test.sh``, ``bin/test``,
``script/lint``... in the usual script folders. Each is read (never run) for the line that
calls a test runner or a linter; the command is the script itself, placed at that line."""

from __future__ import annotations

import re

from standards.runbook import classify
from standards.runbook.files import RepoFiles
from standards.runbook.model import Command

SOURCE = "script"
FOLDERS = ("scripts", "script", "bin", "tools", ".ci", "ci")
NAME = re.compile(r"^(test|tests|lint|format|fmt|typecheck|check)(\.(sh|bash))?$")
MAX_LINES = 200


def commands(repo: RepoFiles) -> list[Command]:
    out = []
    for folder in FOLDERS:
        for rel in repo.matching(folder, ("",)):
            name = rel.rpartition("/")[2]
            match = NAME.match(name)
            if match:
                out += _script(repo, rel, match.group(1))
    return out


def _script(repo: RepoFiles, rel: str, name: str) -> list[Command]:
    text = repo.text(rel)
    if text is None or not text.startswith("#!") and not rel.endswith((".sh", ".bash")):
        return []
    runs = [(n, line.strip()) for n, line in enumerate(text.split("\n")[:MAX_LINES], start=1)]
    runs = [(n, line) for n, line in runs if line and not line.startswith("#")]
    picked = classify.pick(name, runs)
    if picked is None:
        return []
    kind, line, runner_line = picked
    text_of = f"bash {rel}" if rel.endswith((".sh", ".bash")) else rel
    at, shown = (line, runner_line) if classify.kind_of(runner_line) else (1, "")
    return [Command(text_of, kind, SOURCE, rel, at, name=name, runs=shown)]
