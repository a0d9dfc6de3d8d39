"""Output formats of `standards check`. One module per format, each defining
``NAME`` (the module's own name) and ``render(report: Report, color: bool) -> str``. The
command lists the names without importing the modules and imports the one it renders with."""

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


def names() -> list[str]:
    """The formats' names (their modules' names), without importing them."""
    return sorted(info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_"))


def get(name: str) -> ModuleType:
    """The format module called ``name`` (one of :func:`names`)."""
    if name not in names():
        raise KeyError(name)
    return importlib.import_module(f"{__name__}.{name}")
