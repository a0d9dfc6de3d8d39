"""CI files as data: a bounded read, the safe loader, and a walk that stops at a budget, so a
file of a million lines or aliases that expand to billions of values is a note, not a hang."""

from __future__ import annotations

from typing import Any

from standards.errors import StandardsError
from standards.linter_config import yaml_data
from standards.runbook.files import RepoFiles

MAX_VALUES = 50_000  # values a walk visits in one CI file: a large real workflow has a few thousand


class TooLarge(Exception):
    """A document whose walk went past MAX_VALUES."""


def load(repo: RepoFiles, rel: str) -> tuple[Any, list[str]] | None:
    """The YAML file ``rel`` as data, with its lines; None (and a note) when it is not read."""
    text = repo.text(rel)
    if text is None:
        return None
    try:
        data = yaml_data.loads(text, rel)
    except StandardsError as exc:
        repo.note(rel, str(exc).removeprefix(f"{rel}: "))
        return None
    except MemoryError:
        repo.note(rel, "too large to read as YAML")
        return None
    return data, text.split("\n")


class Budget:
    """Counts the values a walk visits; raises TooLarge past the limit."""

    def __init__(self, limit: int = MAX_VALUES) -> None:
        self.left = limit

    def spend(self, count: int = 1) -> None:
        self.left -= count
        if self.left < 0:
            raise TooLarge


def mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def sequence(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
