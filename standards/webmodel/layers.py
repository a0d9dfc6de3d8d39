"""Which architectural layer a file belongs to, from its path alone.

Three layers, called in this order: ``handler`` (views, controllers, routes, endpoints)
→ ``service`` (services, repositories, interactors, use cases) → ``model`` (ORM models).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from standards import roles

HANDLER = "handler"
SERVICE = "service"
MODEL = "model"
ORDER: tuple[str, ...] = (HANDLER, SERVICE, MODEL)

_DIRS: dict[str, str] = {
    **dict.fromkeys(
        ("views", "controllers", "routes", "endpoints", "handlers", "routers"), HANDLER
    ),
    **dict.fromkeys(
        (
            "services",
            "service",
            "repositories",
            "repository",
            "repos",
            "interactors",
            "use_cases",
            "usecases",
        ),
        SERVICE,
    ),
    **dict.fromkeys(("models", "entities"), MODEL),
}
_STEMS: dict[str, str] = {
    **dict.fromkeys(
        (
            "views",
            "view",
            "routes",
            "endpoints",
            "handlers",
            "controllers",
            "controller",
        ),
        HANDLER,
    ),
    **dict.fromkeys(
        (
            "services",
            "service",
            "repository",
            "repositories",
            "interactors",
            "use_cases",
        ),
        SERVICE,
    ),
    **dict.fromkeys(("models", "abstract_models", "model"), MODEL),
}
_SUFFIX = re.compile(
    r"(?:[_.-]|(?<=[a-z]))(?P<kind>controller|views|service|repository|interactor|model)s?$",
    re.IGNORECASE,
)
_SUFFIX_LAYER = {
    "controller": HANDLER,
    "views": HANDLER,
    "service": SERVICE,
    "repository": SERVICE,
    "interactor": SERVICE,
    "model": MODEL,
}


def layer_of(path: str) -> str | None:
    """The layer of a library file, the innermost evidence winning; None when unknown."""
    if not roles.is_library(path):
        return None
    p = PurePosixPath(path)
    stem = p.name.split(".", 1)[0]
    by_stem = _STEMS.get(stem.lower())
    if by_stem:
        return by_stem
    m = _SUFFIX.search(stem)
    if m:
        return _SUFFIX_LAYER[m.group("kind").lower()]
    for part in reversed(p.parts[:-1]):
        layer = _DIRS.get(part.lower())
        if layer:
            return layer
    return None


def rank(layer: str) -> int:
    return ORDER.index(layer)


def against_grain(source: str, target: str) -> bool:
    """An import from ``source`` into ``target`` that points back up the call order."""
    return rank(target) < rank(source)


def layer_root(path: str) -> str:
    """The directory (or module, for a flat services.py) that holds a layer's file."""
    p = PurePosixPath(path)
    for i in range(len(p.parts) - 1, 0, -1):
        if p.parts[i - 1].lower() in _DIRS:
            return PurePosixPath(*p.parts[:i]).as_posix() + "/"
    return path
