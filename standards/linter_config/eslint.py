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
flat ``ignores``) stay ignored. Rules
we do not enforce are not added: the check reports the conventions, with the project's own
settings for them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from standards.emitters import eslint as emitter
from standards.linter_config import eslint_project
from standards.linter_config.eslint_project import EslintLayer, ProjectEslint, glob_matches, legacy_ignore
from standards.model import Standards
from standards.toolchain import STYLISTIC, TYPESCRIPT, EslintInstall

HEADER = "// Built by `standards check` for one run: standards.toml, then the project's settings for its rules.\n"
PREFIXES = ("@stylistic/js/", "@stylistic/ts/", "@stylistic/")


@dataclass
class EslintRun:
    """What one check runs: the config text and where the project set the rules it overrides."""

    text: str
    typescript: bool
    configured: dict[str, str] = field(default_factory=dict)  # rule -> "file:line"
    rules: int = 0
    scopes: list[Scope] = field(default_factory=list)  # the project's file-scoped settings, in order


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
    global_layers = [layer for layer in project.layers if not layer.files and not layer.ignores]
    for layer in global_layers or [EslintLayer(rules=project.rules, origins=_origins(project))]:
        for name, setting, origin in _mapped(layer, ruleset.rules, ours, core_named):
            overrides[name] = eslint_project.merge_setting(overrides.get(name), setting)
            configured[name] = origin
    blocks = []
    for layer in project.layers:
        if not layer.files and not layer.ignores:
            continue
        rules = {}
        files = layer.files or list(emitter.JS_GLOBS)
        scope = Scope(files, list(layer.ignores), {})
        for name, setting, origin in _mapped(layer, {**ruleset.rules, **overrides}, ours, core_named):
            rules[name] = setting
            scope.rules[name] = origin
        if rules:
            scopes.append(scope)
            blocks.append(f"  {{ files: {_js(files)}, ignores: {_js(layer.ignores)}, rules: {_js(rules)} }},")
    modules = {STYLISTIC: install.entry_url(STYLISTIC)} if stylistic else {}
    if typescript:
        modules[TYPESCRIPT] = install.entry_url(TYPESCRIPT)
    legacy = project.ignores + project.eslintignore
    ignores = [glob for pattern in legacy for glob in legacy_ignore(pattern)] + project.flat_ignores
    text = emitter.render(ruleset, stylistic, typescript, modules, ignores, overrides, HEADER)
    if blocks:
        text = text.removesuffix("];\n") + "\n".join(blocks) + "\n];\n"
    return EslintRun(text=text, typescript=install.has(TYPESCRIPT), configured=configured, rules=count, scopes=scopes)


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


def _js(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
