"""The project's own RuboCop configuration, read as YAML data and merged as RuboCop would.

``.rubocop.yml`` at the root and the files its ``inherit_from`` names inside the repository
(``.rubocop_todo.yml`` and the like) are parsed as YAML; later parents override earlier ones
and a file overrides its parents, cop settings merging key by key, lists replaced unless
``inherit_mode: merge`` lists the key. Path patterns (``Exclude``, ``Include``) are made
absolute against the directory RuboCop would resolve them from, so they keep meaning the same
files wherever the private config lives.

Nothing that would run code or reach outside the repository is carried over: ``require:``,
``plugins:``, ``inherit_gem:``, URLs and out-of-repository paths in ``inherit_from``, values
with ERB and values under foreign tags are dropped and named in :attr:`ProjectRubocop.dropped`.
The committed ``.standards-rubocop.yml`` is not read: `standards check` builds its own layer
from ``standards.toml``.
"""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from standards import fsutil
from standards.errors import ConfigError
from standards.linter_config import confined, yaml_data

ROOT_CONFIG = ".rubocop.yml"
GENERATED = ".standards-rubocop.yml"
NOT_CARRIED = ("require", "plugins", "inherit_gem")
PATH_KEYS = ("Exclude", "Include")
MAX_FILES = 50


@dataclass
class ProjectRubocop:
    """The merged configuration: top-level key (cop, department, ``AllCops``) -> settings."""

    config: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # key -> "file:line" that set it last
    files: list[str] = field(default_factory=list)  # the files read, in the order read
    dropped: list[str] = field(default_factory=list)  # "file: what was left out and why"

    def setting(self, key: str) -> dict[str, Any]:
        value = self.config.get(key)
        return value if isinstance(value, dict) else {}


def read(root: Path) -> ProjectRubocop | None:
    """The project's configuration, or None when it has no ``.rubocop.yml``."""
    if not (root / ROOT_CONFIG).exists() and not (root / ROOT_CONFIG).is_symlink():
        return None
    project = ProjectRubocop()
    project.config = _Reader(root, project).load(ROOT_CONFIG, ())
    return project


class _Reader:
    def __init__(self, root: Path, project: ProjectRubocop) -> None:
        self.root = root
        self.bases = confined.bases(root)
        self.project = project

    def load(self, rel: str, chain: tuple[str, ...]) -> dict[str, Any]:
        """The merged settings of ``rel`` and its parents (``chain`` holds the files that
        inherit it, to stop cycles)."""
        project = self.project
        if rel in chain:
            project.dropped.append(f"{rel}: inherits from itself; the cycle is cut")
            return {}
        if len(project.files) >= MAX_FILES:
            project.dropped.append(f"{rel}: more than {MAX_FILES} inherited files; not read")
            return {}
        path = self.root / rel
        if not confined.inside(self.root, rel, self.bases):
            project.dropped.append(f"{rel}: outside the repository; not read")
            return {}
        try:
            text = fsutil.decode(fsutil.read_bytes(path, yaml_data.MAX_BYTES))
        except fsutil.Unreadable as exc:
            project.dropped.append(f"{rel}: {exc.reason}; skipped")
            return {}
        project.files.append(rel)
        raw = yaml_data.loads(text, rel)
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            raise ConfigError(rel, "a RuboCop configuration must be a mapping")
        own = yaml_data.clean(raw, rel, "", dropped := [])
        project.dropped.extend(f"{rel}: {what}" for what in dropped)
        for key in NOT_CARRIED:
            if key in own:
                project.dropped.append(f"{rel}: {key}: {_names(own.pop(key))} not loaded (runs code)")
        parents = self._parents(rel, own.pop("inherit_from", None))
        mode = own.pop("inherit_mode", None)
        own = {key: self._absolute_paths(rel, value) for key, value in own.items()}
        merged: dict[str, Any] = {}
        for parent in parents:
            merged = merge(merged, self.load(parent, (*chain, rel)), None)
        merged = merge(merged, own, mode)
        lines = text.split("\n")
        for key in own:
            project.sources[key] = f"{rel}:{_line_of(lines, key)}"
        return merged

    def _parents(self, rel: str, inherit: Any) -> list[str]:
        entries = [inherit] if isinstance(inherit, str) else list(inherit or []) if isinstance(inherit, list) else []
        base = Path(rel).parent
        parents = []
        for entry in entries:
            if not isinstance(entry, str):
                continue
            if re.match(r"^[a-z][a-z0-9+.-]*://", entry, re.IGNORECASE):
                self.project.dropped.append(f"{rel}: inherit_from {entry} is remote; not fetched")
                continue
            target = os.path.normpath((base / entry).as_posix())
            if Path(target).name == GENERATED:
                continue  # ours: rebuilt from standards.toml
            if target.startswith("..") or os.path.isabs(entry):
                self.project.dropped.append(f"{rel}: inherit_from {entry} is outside the repository; not read")
                continue
            parents.append(target)
        return parents

    def _absolute_paths(self, rel: str, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        base = self.root.resolve() / Path(rel).parent if Path(rel).name.startswith(".rubocop") else self.root.resolve()
        out = dict(value)
        for key in PATH_KEYS:
            if isinstance(out.get(key), list):
                out[key] = [absolute_pattern(base, p) for p in out[key] if isinstance(p, str)]
        return out


def absolute_pattern(base: Path, pattern: str) -> str:
    """``pattern`` anchored at ``base`` (glob characters in ``base`` escaped)."""
    if os.path.isabs(pattern):
        return pattern
    return f"{_escape(base.as_posix())}/{pattern.removeprefix('./')}"


def _escape(path: str) -> str:
    return re.sub(r"([*?\[\]{}\\])", r"\\\1", path) if glob.has_magic(path) or "{" in path else path


def merge(base: dict[str, Any], derived: dict[str, Any], mode: Any) -> dict[str, Any]:
    """RuboCop's merge of a file (``derived``) over what it inherits (``base``)."""
    merging = set(mode.get("merge") or []) if isinstance(mode, dict) and isinstance(mode.get("merge"), list) else set()
    out = dict(base)
    for key, value in derived.items():
        previous = out.get(key)
        if isinstance(previous, dict) and isinstance(value, dict):
            combined = dict(previous)
            for param, setting in value.items():
                earlier = combined.get(param)
                if param in merging and isinstance(earlier, list) and isinstance(setting, list):
                    combined[param] = earlier + [s for s in setting if s not in earlier]
                else:
                    combined[param] = setting
            out[key] = combined
        else:
            out[key] = value
    return out


def _names(value: Any) -> str:
    items = value if isinstance(value, list) else list(value) if isinstance(value, dict) else [value]
    return ", ".join(str(item) for item in items) or "(empty)"


def _line_of(lines: list[str], key: str) -> int:
    pattern = re.compile(rf"^(['\"]?){re.escape(key)}\1\s*:")
    for number, line in enumerate(lines, 1):
        if pattern.match(line):
            return number
    return 1
