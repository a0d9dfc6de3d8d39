"""pyproject.toml as data (tomllib, bounded read) with its lines, for the sources that read it."""

from __future__ import annotations

import shlex
import tomllib
from typing import Any

from standards.runbook.files import RepoFiles

PYPROJECT = "pyproject.toml"


def pyproject(repo: RepoFiles) -> tuple[str, dict[str, Any], list[str]] | None:
    """(path, data, lines) of the root pyproject.toml; None (with a note) when it is not read."""
    if not repo.has(PYPROJECT):
        return None
    text = repo.text(PYPROJECT)
    if text is None:
        return None
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        repo.note(PYPROJECT, f"invalid TOML: {exc}")
        return None
    return PYPROJECT, data, text.split("\n")


def table(data: Any, *keys: str) -> dict[str, Any]:
    """The table at ``keys``, or an empty one."""
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else {}


def argv(words: list[Any]) -> str:
    """A command written as a list of words, as one shell line (tox 4's ``{replace = "posargs"}``
    written as ``{posargs}``)."""
    out = []
    for word in words:
        if isinstance(word, dict) and word.get("replace") == "posargs":
            out.append("{posargs}")
        elif isinstance(word, (str, int)) and not isinstance(word, bool):
            out.append(shlex.quote(str(word)) if " " in str(word) else str(word))
    return " ".join(out)
