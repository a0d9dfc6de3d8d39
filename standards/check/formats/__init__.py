"""Output formats of `standards check`. One module per format, each defining
``NAME`` and ``render(report: Report, color: bool) -> str``."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def all_formats() -> dict[str, ModuleType]:
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "render"):
            found[getattr(module, "NAME", info.name)] = module
    return found
