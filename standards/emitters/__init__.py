"""Emitters: turn the Standards into files in the repository.

One module per output (playbook, ruff settings, ESLint flat config, RuboCop, pre-commit,
CI workflow, agent pointers, ...). Each module defines ``ORDER`` (an int; lower runs first)
and ``emit(standards, plan, env) -> list[str]``, which adds the files it wants written to
the :class:`~standards.fsutil.WritePlan` (reading the current content with
``plan.current(rel)`` and merging into it, never replacing a user's file) and returns
notes for the user (one line each). Emitters never write to disk themselves.
The list of emitters is derived from the modules of this package.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from standards.fsutil import WritePlan
from standards.model import Standards


@dataclass
class EmitEnv:
    root: Path
    languages: dict[str, int]  # language -> file count
    frameworks: dict[str, list[str]]
    in_git: bool
    playbook_path: str = "playbook.md"
    extra: dict[str, Any] = field(default_factory=dict)  # analysis details emitters may use

    def has(self, *languages: str) -> bool:
        return any(self.languages.get(lang) for lang in languages)


def all_emitters() -> list[ModuleType]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "emit"):
            found.append(module)
    return sorted(found, key=lambda m: (getattr(m, "ORDER", 50), m.__name__))


def emit_all(standards: Standards, plan: WritePlan, env: EmitEnv) -> list[str]:
    notes: list[str] = []
    for module in all_emitters():
        notes.extend(module.emit(standards, plan, env) or [])
    return notes
