"""The ESLint flat config `standards check` runs: our rules from ``standards.toml`` beneath the
project's own layers (:mod:`eslint_project`), in a private file.

The plugins are imported by absolute file URL from our own ESLint install (see
:mod:`standards.toolchain`), never by package name, which Node would resolve from the
directories above the private file. ``@stylistic`` formatting rules are used when our install
has the plugin, ESLint's core ones otherwise; TypeScript is linted when our install has
``typescript-eslint`` and reported as not linted when it has not. A project setting for a
formatting rule under any of its names (``semi``, ``@stylistic/semi``, ``@stylistic/js/semi``)
applies to the name we run, so a project that turns a rule off is not reported under the other
name. The project's settings come after ours, so they win as ESLint merges settings (a
severity alone keeps the options of the setting beneath it, as when the project spreads
``standards.eslint.mjs`` first); its file-scoped settings (overrides, flat objects with
``files``) follow in the project's order; its ignores (``ignorePatterns``, ``.eslintignore``,
flat ``ignores``) stay ignored. The project's rules that are none of our conventions run too,
as the project's (its severity, its why), so the check reports what the project's own ESLint
reports for them: ESLint's core rules and the ``@stylistic`` ones we carry, with the globals
its legacy ``env``/``globals`` declare (from our pinned ``globals`` package). A rule of a
plugin we do not carry, or one that depends on globals we could not read (``no-undef`` under a
flat config whose ``languageOptions`` need evaluation), is named in the notes as "the
project's, not checked by standards", never run with a guess.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from standards.emitters import eslint as emitter
from standards.linter_config import eslint_project
from standards.linter_config.eslint_project import EslintLayer, ProjectEslint, glob_matches, legacy_ignore
from standards.model import Standards
from standards.toolchain import STYLISTIC, TYPESCRIPT, EslintInstall

HEADER = "// Built by `standards check` for one run: standards.toml, then the project's settings for its rules.\n"
PREFIXES = ("@stylistic/js/", "@stylistic/ts/", "@stylistic/")
GLOBALS = "globals"  # the package of environments' globals, from our install
GLOBALS_NAME = "standardsGlobals"
ES_ENVIRONMENT = re.compile(r"^es(5|6|20[0-9][0-9])$")  # ecmaVersion "latest" brings these globals
GLOBAL_VALUE: dict[Any, str] = {True: "writable", False: "readonly", "readable": "readonly", "writeable": "writable"}
# the rules whose result depends on which globals exist: run only with the project's globals
ENVIRONMENT_RULES = frozenset(
    {"no-undef", "no-global-assign", "no-native-reassign", "no-redeclare", "no-implicit-globals"}
)


@dataclass
class EslintRun:
    """What one check runs: the config text and where the project set the rules it overrides."""

    text: str
    typescript: bool
    configured: dict[str, str] = field(default_factory=dict)  # rule -> "file:line"
    rules: int = 0
    scopes: list[Scope] = field(default_factory=list)  # the project's file-scoped settings, in order
    notes: list[str] = field(default_factory=list)  # the project's rules this run cannot run, and why


@dataclass
class Scope:
    """Rules the project sets for the files matching ``files`` and not ``ignores``."""

    files: list[str]
    ignores: list[str]
    rules: dict[str, str]  # rule (as we run it) -> "file:line"

    def applies(self, path: str) -> bool:
        return any(glob_matches(p, path) for p in self.files) and not any(glob_matches(p, path) for p in self.ignores)


def core_name(rule: str) -> str:
    for prefix in PREFIXES:
        if rule.startswith(prefix):
            return rule[len(prefix) :]
    return rule


def build(
    standards: Standards, install: EslintInstall, project: ProjectEslint | None, typescript_files: bool = True
) -> EslintRun:
    """The private config; ``typescript_files`` False leaves the TypeScript parser out (loading
    it takes about a second), for a run on JavaScript files only."""
    project = project or ProjectEslint()
    stylistic = install.has(STYLISTIC)
    typescript = typescript_files and install.has(TYPESCRIPT)
    ruleset = emitter.collect(emitter.enforced(standards), stylistic)
    count = len(ruleset.rules)
    ours = {core_name(name): name for name in ruleset.rules}
    overrides: dict[str, Any] = {}
    configured: dict[str, str] = {}
    scopes: list[Scope] = []
    core_named: set[str] = set()  # formatting rules run under ESLint's core name, as the project sets them
    runnable = Runnable.of(install, project)
    global_layers = [layer for layer in project.layers if not layer.files and not layer.ignores]
    blocks = []
    for layer in global_layers or [EslintLayer(rules=project.rules, origins=_origins(project))]:
        mapped = _mapped(layer, ruleset.rules, ours, core_named)
        for name, setting, origin in mapped + _own(layer, {rule for rule, _, _ in mapped}, runnable):
            overrides[name] = eslint_project.merge_setting(overrides.get(name), setting)
            configured[name] = origin
        if runnable.globals_known and (layer.envs or layer.globals):
            blocks.append(f"  {{ languageOptions: {{ globals: {_globals_js(layer)} }} }},")
    for layer in project.layers:
        if not layer.files and not layer.ignores:
            continue
        rules = {}
        files = layer.files or list(emitter.JS_GLOBS)
        scope = Scope(files, list(layer.ignores), {})
        mapped = _mapped(layer, {**ruleset.rules, **overrides}, ours, core_named)
        for name, setting, origin in mapped + _own(layer, {rule for rule, _, _ in mapped}, runnable):
            rules[name] = setting
            scope.rules[name] = origin
        language = runnable.globals_known and (layer.envs or layer.globals)
        if rules or language:
            scopes.append(scope)
            options = f", languageOptions: {{ globals: {_globals_js(layer)} }}" if language else ""
            blocks.append(f"  {{ files: {_js(files)}, ignores: {_js(layer.ignores)}{options}, rules: {_js(rules)} }},")
    modules = {STYLISTIC: install.entry_url(STYLISTIC)} if stylistic else {}
    if typescript:
        modules[TYPESCRIPT] = install.entry_url(TYPESCRIPT)
    if runnable.globals_known and any(layer.envs for layer in project.layers):
        modules[GLOBALS] = install.entry_url(GLOBALS)
    legacy = project.ignores + project.eslintignore
    ignores = [glob for pattern in legacy for glob in legacy_ignore(pattern)] + project.flat_ignores
    text = emitter.render(ruleset, stylistic, typescript, modules, ignores, overrides, HEADER)
    if blocks:
        text = text.removesuffix("];\n") + "\n".join(blocks) + "\n];\n"
    if GLOBALS in modules:
        text = text.replace("\n", f"\nimport {GLOBALS_NAME} from {_js(modules[GLOBALS])};\n", 1)
    return EslintRun(
        text=text,
        typescript=install.has(TYPESCRIPT),
        configured=configured,
        rules=count,
        scopes=scopes,
        notes=runnable.notes(project.source),
    )


def _origins(project: ProjectEslint) -> dict[str, str]:
    return {
        rule: project.origins.get(rule) or f"{project.source}:{project.lines.get(rule, 1)}" for rule in project.rules
    }


def _mapped(
    layer: EslintLayer, ruleset: dict[str, Any], ours: dict[str, str], core_named: set[str]
) -> list[tuple[str, Any, str]]:
    """The layer's settings for the rules we run, under the names we run them by. A formatting
    rule the project configures with options under ESLint's core name (``indent``) runs as that
    core rule, ours under the ``@stylistic`` name off: the two differ in what they report (on
    mongoose, ``@stylistic/indent`` with the project's options reports 428 lines core ``indent``
    accepts)."""
    out = []
    for rule, setting in layer.rules.items():
        name = rule if rule in ruleset else ours.get(core_name(rule))
        if name is None or (name != rule and core_name(rule) not in emitter.STYLISTIC_RULES):
            continue
        origin = layer.origins.get(rule, "")
        with_options = isinstance(setting, list) and len(setting) > 1
        if name != rule and rule == core_name(rule) and (with_options or rule in core_named):
            core_named.add(rule)
            out += [(name, "off", origin), (rule, setting, origin)]
            continue
        out.append((name, setting, origin))
    return out


@dataclass
class Runnable:
    """Which of the project's own rules our ESLint install can run as the project's ESLint
    would: ESLint's core rules and the ``@stylistic`` rules we carry; the rules that depend on
    which globals exist (``no-undef``...) only when the project's ``env``/``globals`` were read
    and every environment it names is one ``globals`` (or ``ecmaVersion: "latest"``) knows."""

    core: frozenset[str]
    stylistic: EslintInstall | None
    globals_known: bool
    unknown_envs: list[str] = field(default_factory=list)
    skipped: dict[str, set[str]] = field(default_factory=dict)  # why -> rules

    @classmethod
    def of(cls, install: EslintInstall, project: ProjectEslint) -> Runnable:
        envs = {env for layer in project.layers for env, on in layer.envs.items() if on}
        known = install.globals_environments()
        unknown = sorted(env for env in envs if not ES_ENVIRONMENT.match(env) and env not in known)
        return cls(
            core=install.core_rules(),
            stylistic=install if install.has(STYLISTIC) else None,
            globals_known=project.environment_read and not unknown and (not envs or bool(known)),
            unknown_envs=unknown,
        )

    def admits(self, rule: str) -> bool:
        plugin, slash, name = rule.rpartition("/")
        if not slash:
            if rule not in self.core:
                return self._skip(rule, "not rules of the installed ESLint")
            if rule in ENVIRONMENT_RULES and not self.globals_known:
                why = (
                    f"environments {', '.join(self.unknown_envs)} unknown" if self.unknown_envs else "globals not read"
                )
                return self._skip(rule, f"depend on the project's globals ({why})")
            return True
        if plugin == "@stylistic" and self.stylistic is not None and self.stylistic.has_stylistic_rule(name):
            return True
        return self._skip(rule, f"of plugin {plugin}, which standards' ESLint install does not carry")

    def _skip(self, rule: str, why: str) -> bool:
        self.skipped.setdefault(why, set()).add(rule)
        return False

    def notes(self, source: str) -> list[str]:
        where = source or "the project's ESLint configuration"
        return [
            f"eslint: {where}: rules {', '.join(sorted(rules)[:8])}{' …' if len(rules) > 8 else ''} ({why}) "
            "are the project's, not checked by standards"
            for why, rules in sorted(self.skipped.items())
        ]


def _own(layer: EslintLayer, mapped: set[str], runnable: Runnable) -> list[tuple[str, Any, str]]:
    """The layer's settings for rules of the project's that are none of ours, which the check
    runs as the project's (the ones our install can run; see :class:`Runnable`)."""
    out = []
    consumed = {core_name(name) for name in mapped}  # the project's rules that set one of ours, any name
    for rule, setting in layer.rules.items():
        if core_name(rule) in consumed:
            continue
        off = _severity(setting) in (0, "off")  # kept: it turns the rule off for a scope's files
        if (off and rule in runnable.core) or (not off and runnable.admits(rule)):
            out.append((rule, setting, layer.origins.get(rule, "")))
    return out


def _severity(setting: Any) -> Any:
    return setting[0] if isinstance(setting, list) and setting else setting


def _globals_js(layer: EslintLayer) -> str:
    """The globals of a legacy layer as a flat-config expression: each environment's set from
    our ``globals`` package, then the names it declares (``true`` writable, ``false`` readonly)."""
    parts = [f"...{GLOBALS_NAME}[{_js(env)}]" for env, on in layer.envs.items() if on and not ES_ENVIRONMENT.match(env)]
    for name, value in layer.globals.items():
        parts.append(f"{_js(name)}: {_js(GLOBAL_VALUE.get(value, value))}")
    return "{ " + ", ".join(parts) + " }"


def _js(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
