"""Run RuboCop with the generated ``.standards-rubocop.yml`` and turn its JSON report into
Findings.

RuboCop is run once per check with ``--only`` the cops our conventions name (at error or
warn), so the user's other cops and the extensions their ``.rubocop.yml`` requires play
no part, and ``--force-exclusion`` so excluded files stay excluded when passed by name.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from standards.check.levels import CodeIndex
from standards.check.renames import rename_fix, ruby_method_name, snake_case
from standards.check.runners import json_report
from standards.model import Finding, Fix, Level, Standards

NAME = "rubocop"
LANGUAGES = ("ruby",)
CONFIG = ".standards-rubocop.yml"
CHUNK = 400
TIMEOUT = 900
PARALLEL_FROM = 40
ENFORCED = (Level.ERROR, Level.WARN)


def available(root: Path) -> str | None:
    if shutil.which("rubocop") is None:
        return "RuboCop not found: install it with `gem install rubocop` (or apt-get install rubocop)"
    if not (root / CONFIG).is_file():
        return f"{CONFIG} is missing: run `standards init` to generate it"
    return None


def cops(standards: Standards) -> list[str]:
    """The cops our enforced conventions name, sorted."""
    found = {
        code.split(":", 1)[1]
        for conv in standards.conventions.values()
        if conv.level in ENFORCED
        for code in conv.enforced_by
        if code.startswith("rubocop:")
    }
    return sorted(found)


def run(root: Path, paths: list[str], standards: Standards) -> list[Finding]:
    exe = shutil.which("rubocop")
    only = cops(standards)
    if exe is None or not paths or not only:
        return []
    index = CodeIndex.build(standards)
    findings: list[Finding] = []
    for start in range(0, len(paths), CHUNK):
        report = _invoke(exe, root, only, paths[start : start + CHUNK])
        findings.extend(parse_report(report, root, index))
    return findings


def _invoke(exe: str, root: Path, only: list[str], paths: list[str]) -> dict[str, Any]:
    cmd = [exe, "--config", CONFIG, "--format", "json", "--force-exclusion", "--only", ",".join(only)]
    if len(paths) >= PARALLEL_FROM:
        cmd.append("--parallel")  # one worker per core; a pre-commit check of a few files stays serial
    cmd += ["--", *paths]
    return json_report("rubocop", cmd, root, TIMEOUT, "{}")  # type: ignore[no-any-return]


def parse_report(report: dict[str, Any], root: Path, index: CodeIndex) -> list[Finding]:
    """Findings from RuboCop's ``--format json`` output."""
    findings = []
    for result in report.get("files", []):
        path = Path(result.get("path", "")).as_posix()
        lines = _lines(root / path)
        for offense in result.get("offenses", []):
            findings.append(_finding(path, lines, offense, index))
    return findings


def _finding(path: str, lines: list[str], offense: dict[str, Any], index: CodeIndex) -> Finding:
    cop = str(offense.get("cop_name", ""))
    code = f"rubocop:{cop}"
    conv = index.convention(code)
    location = offense.get("location", {})
    line = int(location.get("start_line") or location.get("line") or 1)
    message = str(offense.get("message", "")).removeprefix(f"{cop}: ").strip()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    method = ruby_method_name(source) if cop == "Naming/MethodName" else ""
    fix = Fix(
        description=rename_fix(method, snake_case(method), "method")
        if method
        else (conv.title if conv is not None else message),
        replacement="" if method else (conv.do if conv is not None else ""),
        command=f"rubocop -a --config {CONFIG} --only {cop} {path}" if offense.get("correctable") else "",
    )
    return Finding(
        path=path,
        line=line,
        column=int(location.get("start_column") or location.get("column") or 1),
        rule=code,
        message=message,
        level=conv.level if conv is not None else Level.ERROR,
        why=conv.why if conv is not None else "",
        fix=fix,
        anchor=conv.anchor if conv is not None else "",
        source_line=lines[line - 1] if 0 < line <= len(lines) else "",
        end_line=location.get("last_line"),
    )


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        return []
