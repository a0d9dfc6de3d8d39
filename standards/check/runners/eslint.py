"""Run ESLint with a configuration built for this run and turn its JSON report into Findings.

ESLint and its plugins come from our own pinned install (:mod:`standards.toolchain`), never from
the repository's ``node_modules``. The config is never one from the repository: it is rendered
from ``standards.toml`` with the project's settings for the same rules after ours (its data
configs with what they extend inside the repository, their overrides and ignores, and the
literal parts of a flat config; :mod:`standards.linter_config.eslint`) into a private
temporary directory and passed with
``--config``; ESLint runs in the repository, where ``files`` and ``ignores`` patterns of a
``--config`` file are resolved (ESLint 9 resolves them against the working directory). A
JavaScript config of the project is named in the notes, not run. A parse error (no rule id) is
reported as ``eslint:syntax``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from standards import fsutil, procutil, toolchain
from standards.check.levels import CodeIndex
from standards.check.renames import camel_case, rename_fix
from standards.check.runners._private import RunnerFindings, json_report, our_reason, relative
from standards.linter_config import eslint as private_config
from standards.linter_config import eslint_project
from standards.model import Finding, Fix, Level, Standards

NAME = "eslint"
LANGUAGES = ("javascript", "typescript")
CONFIG = "standards.eslint.mjs"  # the committed copy, for people who run ESLint themselves
PRIVATE_CONFIG = "eslint.config.mjs"
ENV_VAR = toolchain.ESLINT_ENV
CHUNK = 400  # paths per ESLint invocation, well under any command-line limit
TIMEOUT = 600
SEVERITY = {2: Level.ERROR, 1: Level.WARN}
TS_SUFFIXES = (".ts", ".tsx", ".mts", ".cts")


def find_eslint(root: Path) -> str | None:
    """The ESLint executable `standards check` runs (never the repository's)."""
    install = toolchain.find_eslint(root)
    return str(install.executable) if install is not None else None


def available(root: Path) -> str | None:
    if toolchain.find_eslint(root) is None:
        return (
            f"ESLint not found: point {ENV_VAR} at a pinned eslint install (bash .ci/install-js-ruby-tools.sh); "
            "the repository's node_modules is not used"
        )
    return None


def run(root: Path, paths: list[str], standards: Standards, fix: bool = False) -> list[Finding]:
    """ESLint on ``paths`` with the private config; ``fix`` lets ESLint write its fixes first
    (``--fix``), and the findings are what remains."""
    install = toolchain.find_eslint(root)
    if install is None or not paths:
        return []
    project = eslint_project.read(root)
    typescript = [p for p in paths if p.endswith(TS_SUFFIXES)]
    plan = private_config.build(standards, install, project, typescript_files=bool(typescript))
    notes = list(project.notes) + plan.notes
    if typescript and not plan.typescript:
        notes.append(
            f"eslint: {toolchain.TYPESCRIPT} is not in the ESLint install at {install.modules}; "
            f"{len(typescript)} TypeScript file(s) not linted"
        )
    if not plan.rules:
        return RunnerFindings([], notes)
    index = CodeIndex.build(standards)
    findings = RunnerFindings([], notes)
    with procutil.scratch_dir() as private:
        config = private / PRIVATE_CONFIG
        config.write_text(plan.text, encoding="utf-8")
        for start in range(0, len(paths), CHUNK):
            report = _invoke(install.argv(root), root, config, paths[start : start + CHUNK], fix)
            findings.extend(parse_report(report, root, index, plan.configured, plan.scopes))
    return findings


def _invoke(eslint: list[str], root: Path, config: Path, paths: list[str], fix: bool = False) -> list[dict[str, Any]]:
    cmd = [*eslint, "--config", str(config), "--format", "json", "--no-warn-ignored", *(["--fix"] if fix else [])]
    cmd += ["--", *paths]
    return json_report("eslint", cmd, root, TIMEOUT, "[]")  # type: ignore[no-any-return]


def parse_report(
    report: list[dict[str, Any]],
    root: Path,
    index: CodeIndex,
    configured: dict[str, str] | None = None,
    scopes: list[private_config.Scope] | None = None,
) -> list[Finding]:
    """Findings from ESLint's ``--format json`` output; ``configured`` maps the rules the
    project's own configuration sets for every file to where, ``scopes`` the settings it makes
    for some files (the last that matches a file wins): for those, the severity is the
    project's, and so is the why. The why of the other rules names ``standards.toml``."""
    findings = []
    for result in report:
        path = relative(root, str(result.get("filePath", "")))
        lines = _lines(root / path)
        for message in result.get("messages", []):
            rule = message.get("ruleId")
            where = dict(configured or {})
            for scope in scopes or []:
                if rule in scope.rules and scope.applies(path):
                    where[rule] = scope.rules[rule]
            findings.append(_finding(path, lines, message, index, where))
    return findings


_IDENTIFIER = re.compile(r"Identifier '([^']+)' is not in camel case")


def _finding(
    path: str, lines: list[str], message: dict[str, Any], index: CodeIndex, configured: dict[str, str]
) -> Finding:
    rule_id = message.get("ruleId")
    code = f"eslint:{rule_id}" if rule_id else "eslint:syntax"
    conv = index.convention(code)
    level = conv.level if conv is not None else SEVERITY.get(message.get("severity", 2), Level.ERROR)
    why = our_reason(conv) if conv is not None else ""
    if rule_id in configured:
        level = SEVERITY.get(message.get("severity", 2), Level.ERROR)
        why = f"The project's ESLint configuration ({configured[rule_id]}) sets {rule_id}."
    line = int(message.get("line") or 1)
    fix = None
    text = str(message.get("message", ""))
    named = _IDENTIFIER.search(text) if rule_id == "camelcase" else None
    if named:
        fix = Fix(rename_fix(named.group(1), camel_case(named.group(1))))
    elif message.get("fix") or conv is not None:
        # a rule the project sets is fixed by the project's own ESLint and config; ours by the committed copy
        config = "" if rule_id in configured else f" --config {CONFIG}"
        fix = Fix(
            description=conv.title if conv is not None else "ESLint can fix this",
            replacement="",  # a Do quotes another line of the repository: not this line's fix
            command=f"npx eslint --fix{config} {path}" if message.get("fix") else "",
        )
    return Finding(
        path=path,
        line=line,
        column=int(message.get("column") or 1),
        rule=code,
        message=str(message.get("message", "")).strip(),
        level=level,
        why=why,
        fix=fix,
        anchor=conv.anchor if conv is not None else "",
        source_line=lines[line - 1] if 0 < line <= len(lines) else "",
        end_line=message.get("endLine"),
    )


def _lines(path: Path) -> list[str]:
    try:
        return fsutil.read_text(path).split("\n")
    except fsutil.Unreadable:
        return []
