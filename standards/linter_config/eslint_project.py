"""The project's own ESLint configuration, as far as it is data.

ESLint 9 uses a root ``eslint.config.*`` when there is one; that is JavaScript, which is never
run: its literal config objects (rules, with the ``files``/``ignores`` they are scoped to) and
global ignores are read with tree-sitter (:mod:`eslint_flat`) and what would need evaluation is
named in the notes ("eslint.config.js: settings at line 12 need evaluation; not merged").
Without one, the first legacy config that is data is read: ``.eslintrc.json``, ``.eslintrc``
(JSON with comments), ``.eslintrc.yml``/``.yaml``, else ``package.json``'s ``eslintConfig``,
with what it ``extends`` from local JSON/YAML files inside the repository (a shared config such
as ``eslint:recommended`` or a package is named in the notes, not applied), its ``rules``,
``ignorePatterns``, ``env``/``globals`` and ``overrides`` (``files`` minus ``excludedFiles``),
the legacy configs of subdirectories (eslintrc merges them over the ones above for the files
below; each is a layer scoped to its folder), and ``.eslintignore``.
A legacy ``.eslintrc.js``/``.cjs`` is named, not run. The result is a list of layers in ESLint's
order (the rules for every file, then each override), each rule remembering the file and line
that set it. The ``eslint.config.mjs`` that `standards init` writes, unchanged, only re-exports
our rules and is not mentioned.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from standards import fsutil, gitutil
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
ESLINTIGNORE = ".eslintignore"
MAX_BYTES = 4 * 1024 * 1024
MAX_EXTENDS = 30  # files an extends chain may read
SEVERITIES = frozenset({0, 1, 2, "off", "warn", "error"})
LOCAL_DATA = (".json", ".yml", ".yaml")
GLOBAL_VALUES = frozenset({"readonly", "readable", "writable", "writeable", "off"})


@dataclass
class EslintLayer:
    """Rules for the files matching ``files`` (flat globs; empty: every file) and not ``ignores``."""

    files: list[str] = field(default_factory=list)
    ignores: list[str] = field(default_factory=list)
    rules: dict[str, Any] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)  # rule -> "file:line"
    envs: dict[str, bool] = field(default_factory=dict)  # a legacy config's ``env`` (name -> on)
    globals: dict[str, Any] = field(default_factory=dict)  # its ``globals`` (name -> writable/readonly/off)


@dataclass
class ProjectEslint:
    """Rules (name -> ESLint setting) and ignore patterns the project's config holds as data."""

    source: str = ""  # the file they were read from
    rules: dict[str, Any] = field(default_factory=dict)  # the rules for every file
    lines: dict[str, int] = field(default_factory=dict)  # rule -> line in the file that set it
    origins: dict[str, str] = field(default_factory=dict)  # rule -> "file:line" (for every file)
    layers: list[EslintLayer] = field(default_factory=list)  # in ESLint's order
    ignores: list[str] = field(default_factory=list)  # legacy ignorePatterns (gitignore syntax)
    eslintignore: list[str] = field(default_factory=list)  # .eslintignore lines (gitignore syntax)
    flat_ignores: list[str] = field(default_factory=list)  # a flat config's global ignores (glob syntax)
    notes: list[str] = field(default_factory=list)
    # whether every layer's ``env`` and ``globals`` were read (a legacy config that is data): only
    # then do rules that depend on which globals exist (``no-undef``...) run as the project's
    environment_read: bool = False


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
        _take(project, root, name, text, config, allowed)
        break
    _take_nested(project, root, allowed)
    if _exists(root, ESLINTIGNORE):
        text = _read(project, root, ESLINTIGNORE, allowed)
        lines = (line.strip() for line in (text or "").split("\n"))
        project.eslintignore = [line for line in lines if line and not line.startswith(("#", "!"))]
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
    """The literal config objects and global ignores of a JavaScript flat config, read without running it."""
    text = _read(project, root, name, allowed)
    if text is None:
        return
    flat = eslint_flat.read(name, text)
    if not flat.readable:
        project.notes.append(f"eslint: {name}: needs evaluation; not merged")
        return
    project.source = name
    for block in flat.blocks:
        layer = EslintLayer(files=list(block.files), ignores=list(block.ignores))
        for rule, setting in block.rules.items():
            if _valid(project, name, rule, setting):
                layer.rules[rule] = setting
                layer.origins[rule] = f"{name}:{block.lines[rule]}"
        project.layers.append(layer)
        if not block.files and not block.ignores:
            for rule, setting in layer.rules.items():
                project.rules[rule] = merge_setting(project.rules.get(rule), setting)
                project.lines[rule] = block.lines[rule]
                project.origins[rule] = layer.origins[rule]
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


def merge_setting(earlier: Any, later: Any) -> Any:
    """ESLint's merge of two settings of one rule: a later severity alone keeps the earlier options."""
    severity_only = not isinstance(later, list) or len(later) == 1
    if severity_only and isinstance(earlier, list) and len(earlier) > 1:
        severity = later[0] if isinstance(later, list) else later
        return [severity, *earlier[1:]]
    return later


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
    if name.endswith((".yml", ".yaml")):
        return yaml_data.loads(text, name)
    try:
        return json.loads(strip_jsonc(text))
    except RecursionError:
        raise ConfigError(name, "nested too deeply to read as JSON") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(name, f"invalid JSON: {exc.msg}", exc.lineno) from None


class _Legacy:
    """One legacy config and what it extends, resolved as ESLint's eslintrc does: each
    ``extends`` entry in order, then the file's own settings; overrides after the base."""

    def __init__(self, project: ProjectEslint, root: Path, allowed: list[Path]) -> None:
        self.project = project
        self.root = root
        self.allowed = allowed
        self.read = 0

    def load(self, name: str, text: str, config: Any, chain: tuple[str, ...]) -> EslintLayer:
        """The rules for every file of ``name`` (with what it extends); its overrides are
        appended to the project's layers, and its ignorePatterns to the project's ignores."""
        if not isinstance(config, dict):
            raise ConfigError(name, "an ESLint config must be an object")
        dropped: list[str] = []
        config = yaml_data.clean(config, name, "", dropped, erb=False)
        self.project.notes.extend(f"eslint: {name}: {what}" for what in dropped)
        lines = text.split("\n")
        base = EslintLayer()
        for parent, parent_text, parent_config in self._extends(name, config.get("extends"), chain):
            inherited = self.load(parent, parent_text, parent_config, (*chain, name))
            _over(base, inherited)
        _over(base, self._rules(name, lines, config.get("rules")))
        _environment(base, config)
        patterns = config.get("ignorePatterns")
        patterns = [patterns] if isinstance(patterns, str) else patterns
        directory = str(Path(name).parent) if "/" in name else ""
        for pattern in patterns if isinstance(patterns, list) else []:
            if isinstance(pattern, str) and pattern and not pattern.startswith("!"):
                self.project.ignores.append(f"{directory}/{pattern.lstrip('/')}" if directory else pattern)
        overrides = config.get("overrides")
        at = _line_of(lines, "overrides", 0, 0)
        for override in overrides if isinstance(overrides, list) else []:
            if isinstance(override, dict):
                at = _line_of(lines, "files", at, at)  # each override's rules are looked up from its own files key
                self._override(name, lines, directory, override, chain, at)
        if config.get("plugins"):
            self.project.notes.append(f"eslint: {name}: plugins {_names(config['plugins'])} not loaded")
        return base

    def _extends(self, name: str, entries: Any, chain: tuple[str, ...]) -> list[tuple[str, str, Any]]:
        entries = [entries] if isinstance(entries, str) else entries if isinstance(entries, list) else []
        found = []
        for entry in entries:
            if not isinstance(entry, str):
                continue
            if not entry.startswith((".", "/")):
                self.project.notes.append(
                    f"eslint: {name}: extends {entry}: a shared config standards does not apply; "
                    "its rules are not merged"
                )
                continue
            target = os.path.normpath((Path(name).parent / entry).as_posix())
            if target in chain or target == name:
                self.project.notes.append(f"eslint: {name}: extends {entry}, which extends it back; the cycle is cut")
                continue
            if os.path.isabs(entry) or target.startswith("..") or not confined.inside(self.root, target, self.allowed):
                self.project.notes.append(f"eslint: {name}: extends {entry}: outside the repository; not read")
                continue
            if not target.endswith(LOCAL_DATA) and Path(target).suffix:
                self.project.notes.append(f"eslint: {name}: extends {entry}: needs evaluation; not merged")
                continue
            self.read += 1
            if self.read > MAX_EXTENDS:
                self.project.notes.append(f"eslint: {name}: more than {MAX_EXTENDS} extended files; {entry} not read")
                continue
            text = _read(self.project, self.root, target, self.allowed)
            if text is not None:
                found.append((target, text, _parse(target, text)))
        return found

    def _rules(self, name: str, lines: list[str], rules: Any, start: int = 0) -> EslintLayer:
        layer = EslintLayer()
        for rule, setting in (rules if isinstance(rules, dict) else {}).items():
            if _valid(self.project, name, rule, setting):
                layer.rules[rule] = setting
                layer.origins[rule] = f"{name}:{_line_of(lines, rule, start)}"
        return layer

    def _override(
        self,
        name: str,
        lines: list[str],
        directory: str,
        override: dict[str, Any],
        chain: tuple[str, ...],
        start: int,
    ) -> None:
        files = _strings(override.get("files"))
        if not files:
            self.project.notes.append(f"eslint: {name}: an override without files; not merged")
            return
        layer = EslintLayer(
            files=[legacy_glob(p, directory) for p in files],
            ignores=[legacy_glob(p, directory) for p in _strings(override.get("excludedFiles"))],
        )
        for parent, parent_text, parent_config in self._extends(name, override.get("extends"), chain):
            _over(layer, self.load(parent, parent_text, parent_config, (*chain, name)))
        _over(layer, self._rules(name, lines, override.get("rules"), start))
        _environment(layer, override)
        self.project.layers.append(layer)
        if override.get("overrides"):
            self.project.notes.append(f"eslint: {name}: overrides nested in an override; not merged")


def _over(base: EslintLayer, later: EslintLayer) -> None:
    for rule, setting in later.rules.items():
        base.rules[rule] = merge_setting(base.rules.get(rule), setting)
        base.origins[rule] = later.origins[rule]
    base.envs.update(later.envs)
    base.globals.update(later.globals)


def _environment(layer: EslintLayer, config: dict[str, Any]) -> None:
    """A legacy config's ``env`` and ``globals`` (after what it extends, so its own win)."""
    envs = config.get("env")
    for env, on in (envs if isinstance(envs, dict) else {}).items():
        if isinstance(env, str) and isinstance(on, bool):
            layer.envs[env] = on
    declared = config.get("globals")
    for name, value in (declared if isinstance(declared, dict) else {}).items():
        if isinstance(name, str) and (isinstance(value, bool) or value in GLOBAL_VALUES):
            layer.globals[name] = value


def _strings(value: Any) -> list[str]:
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [item for item in items if isinstance(item, str) and item]


def _names(value: Any) -> str:
    items = value if isinstance(value, list) else [value]
    return ", ".join(str(item) for item in items)


def _take(project: ProjectEslint, root: Path, name: str, text: str, config: Any, allowed: list[Path]) -> None:
    project.source = name
    project.environment_read = True
    overrides_start = len(project.layers)
    base = _Legacy(project, root, allowed).load(name, text, config, ())
    project.layers.insert(overrides_start, base)
    project.rules = dict(base.rules)
    project.origins = dict(base.origins)
    project.lines = {rule: int(origin.rsplit(":", 1)[1]) for rule, origin in base.origins.items()}


def _take_nested(project: ProjectEslint, root: Path, allowed: list[Path]) -> None:
    """The legacy configs in subdirectories, which eslintrc merges over the ones above for the
    files below them (``test/.eslintrc`` adding ``env: {mocha: true}``): each is a layer scoped
    to its directory, shallower first. One that is JavaScript is named, and then the globals of
    its files are not known."""
    found = nested_configs(root)
    for name in found:
        if name.endswith(LEGACY_JS):
            project.notes.append(f"eslint: {name}: needs evaluation; not merged")
            project.environment_read = False
            continue
        text = _read(project, root, name, allowed)
        if text is None:
            continue
        config = _parse(name, text)
        overrides_start = len(project.layers)
        layer = _Legacy(project, root, allowed).load(name, text, config, ())
        layer.files = [f"{Path(name).parent.as_posix()}/**"]
        project.layers.insert(overrides_start, layer)
        if isinstance(config, dict) and config.get("root") is True:
            project.notes.append(f"eslint: {name}: root: true; the settings above it are still merged beneath it")
    if found and not project.source:
        project.source = found[0]
        project.environment_read = project.environment_read or not any(n.endswith(LEGACY_JS) for n in found)


NESTED_NAMES = (*LEGACY_JSON, *LEGACY_YAML, *LEGACY_JS)
MAX_NESTED = 200


def nested_configs(root: Path) -> list[str]:
    """The legacy config files below the repository's top folder (tracked or not ignored), by
    depth then path; none outside git."""
    specs = [f":(glob)*/**/{name}" for name in NESTED_NAMES]
    out = gitutil.run(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *specs)
    names = {raw.decode("utf-8", "surrogateescape") for raw in (out or b"").split(b"\0") if raw}
    names = {n for n in names if "node_modules/" not in n and Path(n).name in NESTED_NAMES}
    return sorted(names, key=lambda n: (n.count("/"), n))[:MAX_NESTED]


def _line_of(lines: list[str], rule: str, start: int = 0, default: int = 1) -> int:
    """The first line at or after line ``start`` (1-based; 0: the top) where ``rule`` is a key."""
    pattern = re.compile(rf"""(^|[\s{{,])(['"]?){re.escape(rule)}\2\s*:""")
    for number in range(max(start, 1), len(lines) + 1):
        if pattern.search(lines[number - 1]):
            return number
    return default


def legacy_glob(pattern: str, directory: str = "") -> str:
    """A legacy ``overrides`` pattern (relative to its config's directory; without a slash it
    matches a file name anywhere below) as a flat-config glob."""
    body = pattern.removeprefix("./").lstrip("/")
    body = body if "/" in pattern.removeprefix("./").rstrip("/") else f"**/{body}"
    return f"{directory}/{body}" if directory else body


def legacy_ignore(pattern: str) -> list[str]:
    """A legacy ``ignorePatterns`` entry (gitignore syntax) as flat-config ignore globs."""
    anchored = pattern.startswith("/")
    body = pattern.strip("/")
    if not body:
        return []
    base = body if anchored or "/" in body else f"**/{body}"
    return [base, f"{base}/**"]


def glob_matches(pattern: str, path: str) -> bool:
    """Whether the repository-relative ``path`` matches an ESLint-style glob (``**``, ``*``,
    ``?``, ``{a,b}``)."""
    return re.fullmatch(_glob_regex(pattern.removeprefix("./")), path) is not None


def _glob_regex(pattern: str) -> str:
    out = []
    at = 0
    while at < len(pattern):
        char = pattern[at]
        if pattern.startswith("**/", at):
            out.append("(?:.*/)?")
            at += 3
            continue
        if pattern.startswith("**", at):
            out.append(".*")
            at += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "{" and "}" in pattern[at:]:
            end = pattern.index("}", at)
            out.append("(?:" + "|".join(_glob_regex(p) for p in pattern[at + 1 : end].split(",")) + ")")
            at = end + 1
            continue
        else:
            out.append(re.escape(char))
        at += 1
    return "".join(out)
