"""The project's own ESLint configuration, as far as it is data.

ESLint 9 uses a root ``eslint.config.*`` when there is one; that is JavaScript, which is never
run: its literal rules and global ignores are read with tree-sitter (:mod:`eslint_flat`) and
what would need evaluation is named in the notes ("eslint.config.js: settings at line 12 need
evaluation; not merged"). Without one, the first legacy config that is data is read: ``.eslintrc.json``,
``.eslintrc`` (JSON with comments), ``.eslintrc.yml``/``.yaml``, else ``package.json``'s
``eslintConfig``; its top-level ``rules`` and ``ignorePatterns`` are kept (``overrides`` and
``extends`` are named as not merged). A legacy ``.eslintrc.js``/``.cjs`` is named, not run.
The ``eslint.config.mjs`` that `standards init` writes, unchanged, only re-exports our rules
and is not mentioned.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from standards import fsutil
from standards.analyzers._configfiles import strip_jsonc
from standards.emitters.eslint import USER_CONFIG, user_config_text
from standards.errors import ConfigError
from standards.linter_config import confined, eslint_flat, yaml_data

FLAT_CONFIGS = (
    "eslint.config.js",
    "eslint.config.mjs",
    "eslint.config.cjs",
    "eslint.config.ts",
    "eslint.config.mts",
    "eslint.config.cts",
)
LEGACY_JS = (".eslintrc.js", ".eslintrc.cjs")
LEGACY_JSON = (".eslintrc.json", ".eslintrc")
LEGACY_YAML = (".eslintrc.yml", ".eslintrc.yaml")
PACKAGE = "package.json"
MAX_BYTES = 4 * 1024 * 1024
SEVERITIES = frozenset({0, 1, 2, "off", "warn", "error"})
NOT_MERGED = ("overrides", "extends", "plugins")


@dataclass
class ProjectEslint:
    """Rules (name -> ESLint setting) and ignore patterns the project's config holds as data."""

    source: str = ""  # the file they were read from
    rules: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # rule -> line in ``source``
    ignores: list[str] = field(default_factory=list)  # legacy ignorePatterns (gitignore syntax)
    flat_ignores: list[str] = field(default_factory=list)  # a flat config's global ignores (glob syntax)
    notes: list[str] = field(default_factory=list)


def read(root: Path) -> ProjectEslint:
    """What can be read of the project's ESLint configuration (see the module docstring)."""
    project = ProjectEslint()
    allowed = confined.bases(root)
    present = [name for name in (*FLAT_CONFIGS, *LEGACY_JS) if _exists(root, name)]
    flat = next((name for name in present if name in FLAT_CONFIGS), None)
    for name in present:
        if name != flat:
            project.notes.append(f"eslint: {name}: needs evaluation; not merged")
    if flat is not None:
        if not _only_ours(root, flat, allowed):
            _take_flat(project, root, flat, allowed)
        return project
    for name in (*LEGACY_JSON, *LEGACY_YAML, PACKAGE):
        if not _exists(root, name):
            continue
        text = _read(project, root, name, allowed)
        if text is None:
            continue
        config = _parse(name, text)
        if name == PACKAGE:
            config = config.get("eslintConfig") if isinstance(config, dict) else None
            if config is None:
                continue
        _take(project, name, text, config)
        break
    return project


def _read(project: ProjectEslint, root: Path, name: str, allowed: list[Path]) -> str | None:
    """The text of the config ``name``, or None with a note saying why it was not read."""
    if not confined.inside(root, name, allowed):
        project.notes.append(f"eslint: {name}: outside the repository; not read")
        return None
    try:
        return fsutil.decode(fsutil.read_bytes(root / name, MAX_BYTES))
    except fsutil.Unreadable as exc:
        project.notes.append(f"eslint: {name}: {exc.reason}; skipped")
        return None


def _take_flat(project: ProjectEslint, root: Path, name: str, allowed: list[Path]) -> None:
    """The literal rules and global ignores of a JavaScript flat config, read without running it."""
    text = _read(project, root, name, allowed)
    if text is None:
        return
    flat = eslint_flat.read(name, text)
    if not flat.readable:
        project.notes.append(f"eslint: {name}: needs evaluation; not merged")
        return
    project.source = name
    for rule, setting in flat.rules.items():
        if _valid(project, name, rule, setting):
            project.rules[rule] = setting
            project.lines[rule] = flat.lines[rule]
    project.flat_ignores = flat.ignores
    if flat.unread:
        lines = ", ".join(str(n) for n in sorted(set(flat.unread)))
        project.notes.append(f"eslint: {name}: settings at line {lines} need evaluation; not merged")


def _valid(project: ProjectEslint, name: str, rule: str, setting: Any) -> bool:
    severity = setting[0] if isinstance(setting, list) and setting else setting
    if severity not in SEVERITIES or isinstance(severity, bool):
        project.notes.append(f"eslint: {name}: rule {rule} has no severity ESLint knows; not merged")
        return False
    return True


def _only_ours(root: Path, name: str, allowed: list[Path]) -> bool:
    """Whether ``name`` is the config `standards init` writes, which only re-exports ours."""
    if name != USER_CONFIG or not confined.inside(root, name, allowed):
        return False
    try:
        return fsutil.decode(fsutil.read_bytes(root / name, MAX_BYTES)) == user_config_text()
    except fsutil.Unreadable:
        return False


def _exists(root: Path, name: str) -> bool:
    path = root / name
    return path.exists() or path.is_symlink()


def _parse(name: str, text: str) -> Any:
    if name in LEGACY_YAML:
        return yaml_data.loads(text, name)
    try:
        return json.loads(strip_jsonc(text))
    except RecursionError:
        raise ConfigError(name, "nested too deeply to read as JSON") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(name, f"invalid JSON: {exc.msg}", exc.lineno) from None


def _take(project: ProjectEslint, name: str, text: str, config: Any) -> None:
    if not isinstance(config, dict):
        raise ConfigError(name, "an ESLint config must be an object")
    dropped: list[str] = []
    config = yaml_data.clean(config, name, "", dropped, erb=False)
    project.notes.extend(f"eslint: {name}: {what}" for what in dropped)
    project.source = name
    lines = text.split("\n")
    rules = config.get("rules") if isinstance(config, dict) else None
    for rule, setting in (rules if isinstance(rules, dict) else {}).items():
        if not _valid(project, name, rule, setting):
            continue
        project.rules[rule] = setting
        project.lines[rule] = _line_of(lines, rule)
    patterns = config.get("ignorePatterns") if isinstance(config, dict) else None
    patterns = [patterns] if isinstance(patterns, str) else patterns
    project.ignores = [p for p in patterns or [] if isinstance(p, str) and p and not p.startswith("!")]
    present = [key for key in NOT_MERGED if isinstance(config, dict) and config.get(key)]
    if present:
        project.notes.append(f"eslint: {name}: {', '.join(present)} not merged (only top-level rules are)")


def _line_of(lines: list[str], rule: str) -> int:
    pattern = re.compile(rf"""(^|[\s{{,])(['"]?){re.escape(rule)}\2\s*:""")
    for number, line in enumerate(lines, 1):
        if pattern.search(line):
            return number
    return 1


def legacy_ignore(pattern: str) -> list[str]:
    """A legacy ``ignorePatterns`` entry (gitignore syntax) as flat-config ignore globs."""
    anchored = pattern.startswith("/")
    body = pattern.strip("/")
    if not body:
        return []
    base = body if anchored or "/" in body else f"**/{body}"
    return [base, f"{base}/**"]
