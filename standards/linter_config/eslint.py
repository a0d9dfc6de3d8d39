"""The ESLint flat config `standards check` runs: our rules from ``standards.toml`` with the
project's settings for the same rules after them (the project's win), in a private file.

The plugins are imported by absolute file URL from our own ESLint install (see
:mod:`standards.toolchain`), never by package name, which Node would resolve from the
directories above the private file. ``@stylistic`` formatting rules are used when our install
has the plugin, ESLint's core ones otherwise; TypeScript is linted when our install has
``typescript-eslint`` and reported as not linted when it has not. A project setting for a
formatting rule under any of its names (``semi``, ``@stylistic/semi``, ``@stylistic/js/semi``)
applies to the name we run, so a project that turns a rule off is not reported under the other
name. Rules we do not enforce are not added: the check reports the conventions, with the
project's own settings for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from standards.emitters import eslint as emitter
from standards.linter_config.eslint_project import ProjectEslint, legacy_ignore
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
    ours = {core_name(name): name for name in ruleset.rules}
    overrides: dict[str, Any] = {}
    configured: dict[str, str] = {}
    for rule, setting in project.rules.items():
        name = rule if rule in ruleset.rules else ours.get(core_name(rule))
        if name is None or (name != rule and core_name(rule) not in emitter.STYLISTIC_RULES):
            continue
        overrides[name] = setting
        configured[name] = f"{project.source}:{project.lines.get(rule, 1)}"
    modules = {STYLISTIC: install.entry_url(STYLISTIC)} if stylistic else {}
    if typescript:
        modules[TYPESCRIPT] = install.entry_url(TYPESCRIPT)
    ignores = [glob for pattern in project.ignores for glob in legacy_ignore(pattern)] + project.flat_ignores
    text = emitter.render(ruleset, stylistic, typescript, modules, ignores, overrides, HEADER)
    return EslintRun(text=text, typescript=install.has(TYPESCRIPT), configured=configured, rules=len(ruleset.rules))
