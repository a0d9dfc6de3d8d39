"""The project's own RuboCop configuration, read as YAML data and resolved as RuboCop 1.39 would.

RuboCop lints each file with the ``.rubocop.yml`` nearest to it (:func:`nearest`), so a
repository may have several effective configurations; :func:`read` resolves one of them: the
file and what its ``inherit_from`` names inside the repository (``.rubocop_todo.yml`` and the
like), parsed as YAML. The resolution follows RuboCop's own (``ConfigLoaderResolver``): later
parents override earlier ones and a file overrides its parents, hashes merging key by key, lists
replaced unless ``inherit_mode`` merges them; a department's ``Enabled: false`` turns off the
cops a parent enabled, and a cop enabled in the same file or below a disabled department stays
on (``override_department``). Path patterns are made absolute where RuboCop resolves them
(``Exclude`` of a file named ``.rubocop*`` against its directory, of any other file against the
directory RuboCop runs in, which is the repository's root; ``Include`` against the directory of
the file, or of the configuration being resolved), so they keep meaning the same files wherever
the private config lives.

Nothing that would run code or reach outside the repository is carried over: ``require:``,
``plugins:``, ``inherit_gem:``, URLs and out-of-repository paths in ``inherit_from``, values
with ERB and values under foreign tags are dropped and named in :attr:`ProjectRubocop.dropped`.
The committed ``.standards-rubocop.yml`` is not read: `standards check` builds its own layer
from ``standards.toml`` and puts it beneath the project's (:func:`beneath`).
"""

from __future__ import annotations

import copy
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
MAX_NESTED_CONFIGS = 200  # directories with their own .rubocop.yml that get a private config each


@dataclass
class ProjectRubocop:
    """One resolved configuration: top-level key (cop, department, ``AllCops``) -> settings."""

    config: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # key -> "file:line" that set it last
    params: dict[str, dict[str, str]] = field(default_factory=dict)  # key -> parameter -> "file:line"
    files: list[str] = field(default_factory=list)  # the files read, in the order read
    dropped: list[str] = field(default_factory=list)  # "file: what was left out and why"
    path: str = ROOT_CONFIG  # the configuration file this was resolved from

    def setting(self, key: str) -> dict[str, Any]:
        value = self.config.get(key)
        return value if isinstance(value, dict) else {}

    def param_source(self, key: str, param: str) -> str:
        """Where the project set ``param`` of ``key`` last ("file:line"), or ""."""
        return self.params.get(key, {}).get(param, "")


def read(root: Path, rel: str = ROOT_CONFIG) -> ProjectRubocop | None:
    """The resolved configuration of ``rel`` (a ``.rubocop.yml``), or None when it is absent."""
    if not fsutil.present(root, rel):
        return None
    project = ProjectRubocop(path=rel)
    reader = _Reader(root, project, Path(rel).parent.as_posix())
    project.config = reader.load(rel, ())
    return project


def nearest(root: Path, paths: list[str]) -> dict[str, list[str]]:
    """The files of ``paths`` grouped by the ``.rubocop.yml`` RuboCop would use for them (the
    nearest one in the file's directory or above, inside the repository); "" groups the files
    that have none."""
    found: dict[str, str] = {}
    groups: dict[str, list[str]] = {}
    allowed = confined.bases(root)
    for path in paths:
        config = _nearest_for(root, Path(path).parent.as_posix(), found, allowed)
        groups.setdefault(config, []).append(path)
    if len(groups) > MAX_NESTED_CONFIGS:  # a repository with hundreds of them: the root's for all
        return {ROOT_CONFIG if fsutil.present(root, ROOT_CONFIG) else "": list(paths)}
    return groups


def _nearest_for(root: Path, directory: str, found: dict[str, str], allowed: list[Path]) -> str:
    if directory in found:
        return found[directory]
    rel = ROOT_CONFIG if directory in ("", ".") else f"{directory}/{ROOT_CONFIG}"
    if fsutil.present(root, rel) and confined.inside(root, rel, allowed):
        config = rel
    elif directory in ("", "."):
        config = ""
    else:
        config = _nearest_for(root, Path(directory).parent.as_posix(), found, allowed)
    found[directory] = config
    return config


class _Reader:
    def __init__(self, root: Path, project: ProjectRubocop, top_dir: str) -> None:
        self.root = root
        self.bases = confined.bases(root)
        self.project = project
        self.top_dir = top_dir

    def load(self, rel: str, chain: tuple[str, ...]) -> dict[str, Any]:
        """The resolved settings of ``rel`` and its parents (``chain`` holds the files that
        inherit it, to stop cycles), as RuboCop's ``ConfigLoader.load_file``."""
        project = self.project
        if rel in chain:
            project.dropped.append(f"{rel}: inherits from itself; the cycle is cut")
            return {}
        if len(project.files) >= MAX_FILES:
            project.dropped.append(f"{rel}: more than {MAX_FILES} inherited files; not read")
            return {}
        if not confined.inside(self.root, rel, self.bases):
            project.dropped.append(f"{rel}: outside the repository; not read")
            return {}
        try:
            text = fsutil.decode(fsutil.read_bytes(self.root / rel, yaml_data.MAX_BYTES))
        except fsutil.Unreadable as exc:
            project.dropped.append(f"{rel}: {exc.reason}; skipped")
            return {}
        project.files.append(rel)
        raw = yaml_data.loads(text, rel)
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            raise ConfigError(rel, "a RuboCop configuration must be a mapping")
        own = yaml_data.clean(raw, rel, "", dropped := [], regexps=True)
        project.dropped.extend(f"{rel}: {what}" for what in dropped)
        for key in NOT_CARRIED:
            if key in own:
                project.dropped.append(f"{rel}: {key}: {_names(own.pop(key))} not loaded (runs code)")
        parents = self._parents(rel, own.pop("inherit_from", None))
        own = {key: self._absolute_paths(rel, value) for key, value in own.items()}
        mark_override_department({}, own)
        bases = [self.load(parent, (*chain, rel)) for parent in parents]
        self._record(rel, text, own)  # after the parents: the file's own settings are the last word
        return resolve(bases, own)

    def _record(self, rel: str, text: str, own: dict[str, Any]) -> None:
        lines = text.split("\n")
        for key, value in own.items():
            at = _line_of(lines, key)
            self.project.sources[key] = f"{rel}:{at}"
            if isinstance(value, dict):
                found = self.project.params.setdefault(key, {})
                for param in value:
                    found[param] = f"{rel}:{_param_line(lines, at, param)}"

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
                continue  # ours: rebuilt from standards.toml and put beneath the project's
            if target.startswith("..") or os.path.isabs(entry):
                self.project.dropped.append(f"{rel}: inherit_from {entry} is outside the repository; not read")
                continue
            parents.append(target)
        return parents

    def _absolute_paths(self, rel: str, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        root = self.root.resolve()
        named_rubocop = Path(rel).name.startswith(".rubocop")
        own_dir = root / Path(rel).parent
        bases = {
            "Exclude": own_dir if named_rubocop else root,
            "Include": own_dir if named_rubocop else root / self.top_dir,
        }
        out = dict(value)
        for key in PATH_KEYS:
            if isinstance(out.get(key), list):
                out[key] = [absolute_pattern(bases[key], p) for p in out[key] if isinstance(p, str)]
        return out


def resolve(bases: list[dict[str, Any]], own: dict[str, Any]) -> dict[str, Any]:
    """``own`` over its parents ``bases`` (in ``inherit_from`` order), as RuboCop's
    ``resolve_inheritance``: the last parent is merged first, so later parents win."""
    derived = copy.deepcopy(own)
    for base in reversed(bases):
        base = copy.deepcopy(base)
        mark_override_department(base, derived)
        derived = disable_for_departments(base, derived)
        for key, value in base.items():
            if not isinstance(value, dict):
                continue
            if isinstance(derived.get(key), dict):
                value = merge(value, derived[key], inherit_mode(derived, key))
            elif key in derived:
                continue  # a non-mapping value over a mapping: RuboCop would fail; the project's stays
            derived[key] = value
    return derived


def beneath(ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    """The project's resolved configuration with our layer as its lowest parent (where `standards
    init` puts ``.standards-rubocop.yml`` in ``inherit_from``): theirs wins for every key it sets."""
    return resolve([ours], theirs)


def inherit_mode(config: dict[str, Any], key: str) -> dict[str, Any]:
    local = config[key].get("inherit_mode") if isinstance(config.get(key), dict) else None
    mode = local if local is not None else config.get("inherit_mode")
    return mode if isinstance(mode, dict) else {}


def merge(base: dict[str, Any], derived: dict[str, Any], root_mode: dict[str, Any]) -> dict[str, Any]:
    """RuboCop's recursive merge of ``derived`` over ``base``: lists are replaced unless an
    ``inherit_mode`` (the derived's, the base's, then ``root_mode``) merges them."""
    out = {**base, **derived}
    for key in base.keys() & derived.keys():
        if isinstance(base[key], dict) and isinstance(derived[key], dict):
            out[key] = merge(base[key], derived[key], root_mode)
        elif _should_union(derived, base, root_mode, key) and isinstance(derived[key], list):
            out[key] = _union(base[key], derived[key])
    return out


def _should_union(derived: dict[str, Any], base: dict[str, Any], root_mode: dict[str, Any], key: str) -> bool:
    if not isinstance(base[key], list):
        return False
    for mode in (derived.get("inherit_mode"), base.get("inherit_mode")):
        if _lists(mode, "override", key):
            return False
        if _lists(mode, "merge", key):
            return True
    return _lists(root_mode, "merge", key)


def _lists(mode: Any, kind: str, key: str) -> bool:
    return isinstance(mode, dict) and isinstance(mode.get(kind), list) and key in mode[kind]


def _union(first: list[Any], second: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in (*first, *second):
        if item not in out:
            out.append(item)
    return out


def _department(key: str) -> str | None:
    return key.rsplit("/", 1)[0] if "/" in key else None


def _disabled(config: dict[str, Any], key: str) -> bool:
    value = config.get(key)
    return isinstance(value, dict) and value.get("Enabled") is False


def mark_override_department(base: dict[str, Any], derived: dict[str, Any]) -> None:
    """A cop the derived file enables stays on below a department either file disables."""
    for key, value in derived.items():
        department = _department(key)
        if department is None or not isinstance(value, dict):
            continue
        if (_disabled(derived, department) or _disabled(base, department)) and value.get("Enabled") not in (
            None,
            False,
        ):
            value["Enabled"] = "override_department"


def disable_for_departments(base: dict[str, Any], derived: dict[str, Any]) -> dict[str, Any]:
    """A department the derived file disables turns off the cops a parent enabled."""
    for key in [k for k in derived if _disabled(derived, k)]:
        for cop in [c for c in base if c.startswith(f"{key}/")]:
            if isinstance(base[cop], dict) and base[cop].get("Enabled") is True:
                derived = merge({cop: {"Enabled": False}}, derived, {})
    return derived


def absolute_pattern(base: Path, pattern: str) -> str:
    """``pattern`` anchored at ``base`` (glob characters in ``base`` escaped)."""
    if os.path.isabs(pattern):
        return pattern
    return f"{_escape(base.as_posix())}/{pattern.removeprefix('./')}"


def _escape(path: str) -> str:
    return re.sub(r"([*?\[\]{}\\])", r"\\\1", path) if glob.has_magic(path) or "{" in path else path


def _names(value: Any) -> str:
    items = value if isinstance(value, list) else list(value) if isinstance(value, dict) else [value]
    return ", ".join(str(item) for item in items) or "(empty)"


def _line_of(lines: list[str], key: str) -> int:
    pattern = re.compile(rf"^(['\"]?){re.escape(key)}\1\s*:")
    for number, line in enumerate(lines, 1):
        if pattern.match(line):
            return number
    return 1


def _param_line(lines: list[str], key_line: int, param: str) -> int:
    """The line of ``param`` in the block of the top-level key at ``key_line`` (else that line)."""
    pattern = re.compile(rf"^\s+(['\"]?){re.escape(param)}\1\s*:")
    for number in range(key_line, len(lines)):
        line = lines[number]
        if line and not line[0].isspace() and not line.startswith("#"):
            break
        if pattern.match(line):
            return number + 1
    return key_line
