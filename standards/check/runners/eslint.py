"""Run ESLint with the generated ``standards.eslint.mjs`` and turn its JSON report into
Findings.

ESLint is looked up in the repository's ``node_modules/.bin/eslint``, then at
``$STANDARDS_ESLINT`` (the executable, or a directory holding ``node_modules/.bin/eslint``
such as an ``npm install --prefix`` target), then on PATH. Only the generated config is
used, so the user's plugins need not be installed for ``standards check`` to work.
A parse error (no rule id) is reported as ``eslint:syntax``.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

from standards.check.levels import CodeIndex
from standards.check.renames import camel_case, rename_fix
from standards.check.runners import json_report
from standards.model import Finding, Fix, Level, Standards

NAME = "eslint"
LANGUAGES = ("javascript", "typescript")
CONFIG = "standards.eslint.mjs"
ENV_VAR = "STANDARDS_ESLINT"
CHUNK = 400  # paths per ESLint invocation, well under any command-line limit
TIMEOUT = 600
SEVERITY = {2: Level.ERROR, 1: Level.WARN}


def find_eslint(root: Path) -> str | None:
    local = root / "node_modules" / ".bin" / "eslint"
    if local.is_file():
        return str(local)
    configured = os.environ.get(ENV_VAR, "")
    if configured:
        path = Path(configured)
        for candidate in (path, path / "node_modules" / ".bin" / "eslint"):
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
    return shutil.which("eslint")


def available(root: Path) -> str | None:
    if find_eslint(root) is None:
        return f"ESLint not found: install it with `npm i -D eslint` (or point {ENV_VAR} at an eslint executable)"
    if not (root / CONFIG).is_file():
        return f"{CONFIG} is missing: run `standards init` to generate it"
    return None


def run(root: Path, paths: list[str], standards: Standards) -> list[Finding]:
    exe = find_eslint(root)
    if exe is None or not paths:
        return []
    index = CodeIndex.build(standards)
    findings: list[Finding] = []
    for start in range(0, len(paths), CHUNK):
        report = _invoke(exe, root, paths[start : start + CHUNK])
        findings.extend(parse_report(report, root, index))
    return findings


def _invoke(exe: str, root: Path, paths: list[str]) -> list[dict[str, Any]]:
    cmd = [exe, "--config", CONFIG, "--format", "json", "--no-warn-ignored", "--", *paths]
    return json_report("eslint", cmd, root, TIMEOUT, "[]")  # type: ignore[no-any-return]


def parse_report(report: list[dict[str, Any]], root: Path, index: CodeIndex) -> list[Finding]:
    """Findings from ESLint's ``--format json`` output."""
    findings = []
    for result in report:
        path = _relative(root, result.get("filePath", ""))
        lines = _lines(root / path)
        for message in result.get("messages", []):
            findings.append(_finding(path, lines, message, index))
    return findings


_IDENTIFIER = re.compile(r"Identifier '([^']+)' is not in camel case")


def _finding(path: str, lines: list[str], message: dict[str, Any], index: CodeIndex) -> Finding:
    rule_id = message.get("ruleId")
    code = f"eslint:{rule_id}" if rule_id else "eslint:syntax"
    conv = index.convention(code)
    level = conv.level if conv is not None else SEVERITY.get(message.get("severity", 2), Level.ERROR)
    line = int(message.get("line") or 1)
    fix = None
    text = str(message.get("message", ""))
    named = _IDENTIFIER.search(text) if rule_id == "camelcase" else None
    if named:
        fix = Fix(rename_fix(named.group(1), camel_case(named.group(1))))
    elif message.get("fix") or conv is not None:
        fix = Fix(
            description=conv.title if conv is not None else "ESLint can fix this",
            replacement=conv.do if conv is not None else "",
            command=f"npx eslint --fix --config {CONFIG} {path}" if message.get("fix") else "",
        )
    return Finding(
        path=path,
        line=line,
        column=int(message.get("column") or 1),
        rule=code,
        message=str(message.get("message", "")).strip(),
        level=level,
        why=conv.why if conv is not None else "",
        fix=fix,
        anchor=conv.anchor if conv is not None else "",
        source_line=lines[line - 1] if 0 < line <= len(lines) else "",
        end_line=message.get("endLine"),
    )


def _relative(root: Path, file_path: str) -> str:
    try:
        return Path(file_path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(file_path).as_posix()


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        return []
