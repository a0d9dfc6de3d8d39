"""Which architectural layer a file belongs to, from its path alone.

Three layers, called in this order: ``handler`` (views, controllers, routes, endpoints)
→ ``service`` (services, repositories, interactors, use cases) → ``model`` (ORM models).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePosixPath

from standards import roles
from standards.webmodel.model import VIA_REPOSITORY, VIA_SERVICE

HANDLER = "handler"
SERVICE = "service"
SERVICE_LAYER = SERVICE  # the name under which the model's package exports it
MODEL = "model"
ORDER: tuple[str, ...] = (HANDLER, SERVICE, MODEL)

_DIRS: dict[str, str] = {
    **dict.fromkeys(
        (
            "views",
            "controllers",
            "routes",
            "routing",
            "endpoints",
            "handlers",
            "routers",
        ),
        HANDLER,
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
            "crud",
        ),
        SERVICE,
    ),
    **dict.fromkeys(("models", "abstract_models", "model"), MODEL),
}
_SUFFIX = re.compile(
    r"(?:[_.-]|(?<=[a-z]))(?P<kind>controller|views|router|service|repository|interactor|model)s?$",
    re.IGNORECASE,
)
_SUFFIX_LAYER = {
    "controller": HANDLER,
    "views": HANDLER,
    "router": HANDLER,
    "service": SERVICE,
    "repository": SERVICE,
    "interactor": SERVICE,
    "model": MODEL,
}


HELPER_DIRS = frozenset({"utils", "utilities", "helpers", "lib", "common", "shared", "templatetags"})


@lru_cache(maxsize=1 << 16)  # pure; asked for every file by the model, the rules and the layer map
def layer_of(path: str) -> str | None:
    """The layer of a library file, the innermost evidence winning: its directory
    (``models/services.py`` is a model), its name, then enclosing directories. Helpers
    (``utilities/views.py``) belong to no layer. None when unknown."""
    if not roles.is_library(path):
        return None
    p = PurePosixPath(path)
    parent = p.parts[-2].lower() if len(p.parts) > 1 else ""
    if parent in HELPER_DIRS:
        return None
    if parent in _DIRS:
        return _DIRS[parent]
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


_REPOSITORY_WORD = re.compile(r"(?:^|[_/.-])(?:repositor(?:y|ies)|repos?|crud|daos?)(?:$|[_/.-])", re.IGNORECASE)


def access_kind(path: str, name: str = "") -> str:
    """Whether a service-layer file or class is a repository (data access only: a
    ``repositories/`` directory, a ``crud`` module, a ``ForumRepository`` class) or a service."""
    if re.search(r"(?:Repository|Repo|Dao|DAO|Crud|CRUD)$", name) or _REPOSITORY_WORD.search(path):
        return VIA_REPOSITORY
    return VIA_SERVICE


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


def layer_anchor(path: str) -> str:
    """What decides the file's layer: the file itself (``app/models.py``), its directory
    (``app/services/``), or an enclosing directory (``app/services/`` for
    ``app/services/billing/charge.py``)."""
    p = PurePosixPath(path)
    parent = p.parts[-2].lower() if len(p.parts) > 1 else ""
    stem = p.name.split(".", 1)[0]
    if parent in _DIRS:
        return str(p.parent) + "/"
    if stem.lower() in _STEMS or _SUFFIX.search(stem):
        return path
    for i in range(len(p.parts) - 1, 0, -1):
        if p.parts[i - 1].lower() in _DIRS:
            return PurePosixPath(*p.parts[:i]).as_posix() + "/"
    return path


WIRING = frozenset({"index", "__init__"})  # package entry points wire layers together


def crosses(layers: dict[str, str], source_path: str, target_path: str) -> bool:
    """An import between two layers that is not package-internal: not from an entry point
    that wires its package, not from a module that only inherits its layer from an
    enclosing directory into its own subtree (a service building its controllers), and
    not from inside the directory that gives the target its layer."""
    source, target = layers.get(source_path), layers.get(target_path)
    if not source or not target or source == target:
        return False
    if PurePosixPath(source_path).name.split(".", 1)[0] in WIRING:
        return False
    own_dir = str(PurePosixPath(source_path).parent) + "/"
    inherited = layer_anchor(source_path) not in (source_path, own_dir)
    if inherited and target_path.startswith(own_dir):
        return False
    anchor = layer_anchor(target_path)
    return not (anchor.endswith("/") and source_path.startswith(anchor))
