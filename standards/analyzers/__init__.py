"""Analyzers: one module per concern and language.

Each module defines ``LANGUAGES`` (the languages it needs; ``()`` means any repository)
and ``analyze(ctx: Context) -> list[Observation]``; optionally ``BACKGROUND = True`` (it
runs in a thread beside the others) and ``prefetch(ctx)`` (started before the parse). The registry is derived from the
modules in this package; nothing is listed by hand. Modules whose names start with an
underscore are helpers, not analyzers.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from types import ModuleType
from typing import Callable

from standards.context import Context
from standards.model import Observation


@dataclass(frozen=True)
class Analyzer:
    name: str
    languages: tuple[str, ...]
    analyze: Callable[[Context], list[Observation]]
    background: bool = False  # mostly waits on subprocesses: may run in a thread beside the others
    # work that needs no parse (a linter run over the file list), started in a thread before
    # the parse; it leaves its result in ctx.once(...), where analyze() picks it up
    prefetch: Callable[[Context], object] | None = None

    def applies(self, ctx: Context) -> bool:
        if not self.languages:
            return True
        return any(ctx.files(lang) for lang in self.languages)


def _load(module: ModuleType) -> Analyzer | None:
    fn = getattr(module, "analyze", None)
    if fn is None:
        return None
    name = module.__name__.rsplit(".", 1)[-1]
    return Analyzer(
        name=name,
        languages=tuple(getattr(module, "LANGUAGES", ())),
        analyze=fn,
        background=bool(getattr(module, "BACKGROUND", False)),
        prefetch=getattr(module, "prefetch", None),
    )


def all_analyzers() -> list[Analyzer]:
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        analyzer = _load(module)
        if analyzer is not None:
            found.append(analyzer)
    return found
