"""Which rule codes the installed ruff has, and which of them need preview mode.

Asked once per ruff version (``ruff rule --all --output-format json``) and kept in the user's
cache directory (``$XDG_CACHE_HOME/standards``), so a selection is never written for a code
the installed ruff would ignore: a preview-only code without preview, a removed or an unknown one.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from standards import fsutil, procutil, ruff_tool
from standards.errors import StandardsError


@dataclass(frozen=True)
class RuleInfo:
    code: str
    preview: bool  # runs only with preview mode on
    removed: bool


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "standards"


@lru_cache(maxsize=1)
def catalog() -> dict[str, RuleInfo]:
    """Every code of the installed ruff (empty when ruff is missing)."""
    exe, version = ruff_tool.ruff_bin(), ruff_tool.version()
    if exe is None or version is None:
        return {}
    cached = cache_dir() / f"ruff-rules-{version}.json"
    try:
        rows = json.loads(fsutil.read_bytes(cached))
    except (OSError, ValueError, StandardsError):
        proc = procutil.run([exe, "rule", "--all", "--output-format", "json"], timeout=60)
        rows = [_row(item) for item in json.loads(proc.out or "[]") if isinstance(item, dict)]
        _store(cached, rows)
    return {r[0]: RuleInfo(r[0], bool(r[1]), bool(r[2])) for r in rows if isinstance(r, list) and len(r) == 3}


def _row(item: dict) -> list:
    status = item.get("status")
    state = next(iter(status), "") if isinstance(status, dict) else str(status or "")
    return [str(item.get("code", "")), bool(item.get("preview")) or state == "Preview", state == "Removed"]


def _store(path: Path, rows: list) -> None:
    """Best effort: a cache that cannot be written is asked again next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fsutil.atomic_write(path, json.dumps(rows))
    except (OSError, StandardsError):
        pass


@lru_cache(maxsize=4096)
def problem(selector: str, preview: bool) -> str | None:
    """Why ruff would not run ``selector`` (a code or a prefix such as "E7"), or None
    (remembered: the answer depends only on the installed ruff)."""
    rules = catalog()
    if not rules or selector == "ALL":
        return None
    version = ruff_tool.version()
    matching = [r for code, r in rules.items() if ruff_tool.selects(selector, code)]
    if not matching:
        return f"{selector}: is unknown to ruff {version}"
    live = [r for r in matching if not r.removed]
    if not live:
        return f"{selector}: was removed from ruff {version}"
    if not preview and all(r.preview for r in live):
        return f"{selector}: needs ruff preview, which this project does not enable"
    return None


def usable(selectors: list[str], preview: bool) -> list[str]:
    """The selectors ruff would act on."""
    return [s for s in selectors if problem(s, preview) is None]


def expand(selector: str, preview: bool) -> list[str]:
    """The codes under ``selector`` that ruff runs (with ``preview`` as set)."""
    return sorted(
        code
        for code, r in catalog().items()
        if ruff_tool.selects(selector, code) and not r.removed and (preview or not r.preview)
    )
