"""Run ruff with the repository's configuration (which `standards init` generated or
merged) on the selected Python files; warn-level codes are added on the command line
so they are reported without blocking (never a code the installed ruff would ignore, nor
one the project's config ignores). A code no convention names blocks only when the project's
config selects it; ruff's default rules are otherwise reported as warnings. When
the repository's code is formatted with `ruff format`, formatting drift is reported too,
hunk by hunk. The root config's ``extend`` chain is checked first: one that leaves the
repository stops the check (exit 2, naming the file and the key) before ruff follows it."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from standards import fsutil, ruff_tool
from standards.check.levels import CodeIndex
from standards.check.renames import cap_words, rename_fix, snake_case
from standards.check.runners import RunnerError
from standards.errors import StandardsError
from standards.model import Finding, Fix, Level, Standards
from standards.proof import ruff_project

NAME = "ruff"
LANGUAGES = ("python",)
SYNTAX_ERRORS = frozenset({"E999", "invalid-syntax"})  # ruff 0.17 reports syntax errors without a code
_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@")


def available(root: Path) -> str | None:
    if ruff_tool.ruff_bin() is None:
        return "ruff not found: reinstall standards (it depends on ruff)"
    return None


def run(root: Path, paths: list[str], standards: Standards) -> list[Finding]:
    index = CodeIndex.build(standards)
    chain = ruff_project.verify_for(root, paths)  # exit 2 when an extend chain leaves the repository
    warn_codes = ruff_project.warn_codes(index.codes("ruff", Level.WARN), chain)
    selected = ruff_project.selections(chain) if chain is not None else ()
    formatter = standards.enabled("py.format.formatter")
    formatted = formatter is not None and "ruff-format" in formatter.enforced_by
    with ThreadPoolExecutor(max_workers=1) as pool:  # `ruff format --diff` runs beside `ruff check`
        drift = pool.submit(format_diffs, root, paths) if formatted else None
        try:
            diags = ruff_tool.check(root, paths, isolated=False, extend_select=warn_codes or None)
        except StandardsError as exc:
            raise RunnerError(str(exc)) from None
        diffs = drift.result() if drift is not None else []
    texts: dict[str, list[str]] = {}
    findings = []
    for d in diags:
        syntax = d.code in SYNTAX_ERRORS
        conv = index.convention("ruff:E999" if syntax else f"ruff:{d.code}")
        level = conv.level if conv is not None else unnamed_level(d.code, selected)
        if syntax:
            level = Level.ERROR  # a file that does not parse is checked for nothing else: never let it through
        if d.code == "E902":
            level = Level.WARN  # ruff could not check the file: say so, but the file is not at fault
        if level.rank > Level.WARN.rank:
            continue
        lines = _lines(root, d.path, texts)
        source = lines[d.line - 1] if 0 < d.line <= len(lines) else ""
        fix_text, command = suggest(d, conv.title if conv else "", lines)
        findings.append(
            Finding(
                path=d.path,
                line=d.line,
                column=d.column,
                rule=f"ruff:{d.code}",
                message=d.message,
                level=level,
                why=conv.why if conv else unnamed_why(d.code, selected, chain),
                fix=Fix(fix_text or f"see `ruff rule {d.code}`", command=command),
                anchor=conv.anchor if conv else "",
                source_line=source,
                end_line=d.end_line or None,
            )
        )
    if formatter is not None and formatted:
        findings.extend(format_findings(root, diffs, formatter.level, formatter.anchor, texts))
    return findings


def unnamed_level(code: str, selected: tuple[str, ...]) -> Level:
    """The level of a code no convention names: blocking when the project's config selects it
    by name or prefix (the project asked for it), a warning when it is one of ruff's defaults
    (reported as the project's own `ruff check` reports it, but the playbook does not list it,
    so it does not refuse a commit)."""
    return Level.ERROR if any(ruff_tool.selects(s, code) for s in selected) else Level.WARN


def unnamed_why(code: str, selected: tuple[str, ...], chain: ruff_project.Chain | None) -> str:
    """The true source of a code no convention names: the project's ruff configuration that
    selects it, or ruff's default rule set (what the project's own `ruff check` reports)."""
    if any(ruff_tool.selects(s, code) for s in selected):
        keys = ("lint.select", "select", "lint.extend-select", "extend-select")
        where = next((chain.setter(k) for k in keys if chain is not None and chain.setter(k)), None)
        return f"The project's ruff configuration ({where or 'its select'}) selects {code}."
    return f"{code} is one of ruff's default rules: the project's own `ruff check` reports it too (a warning here)."


_QUOTED = re.compile(r"`([^`]+)`")


def suggest(d: ruff_tool.Diagnostic, title: str, lines: list[str]) -> tuple[str, str]:
    """(what to do, command) for a ruff diagnostic: concrete where we can be, in words, with
    the corrected line where it can be derived from the file (``lines``). A convention's
    example is never offered as the fix: it quotes another line of the repository."""
    quoted = _QUOTED.findall(d.message)
    name = quoted[0] if quoted else ""
    if d.code in ("N802", "N803", "N806", "N815", "N816") and name:
        return rename_fix(name, snake_case(name)), ""
    if d.code == "N801" and name:
        return rename_fix(name, cap_words(name), "class"), ""
    if d.code == "E501":
        return (
            "wrap the line: break inside parentheses, or split a long string into adjacent "
            "literals; `ruff format` wraps code but not strings"
        ), f"ruff format {d.path}"
    if d.code == "E722":
        return "catch the exceptions you expect (`except KeyError:`), or `except Exception:` and log it", ""
    if d.code == "BLE001":
        return "catch the specific exceptions, or re-raise / `logger.exception(...)` after handling", ""
    if d.code == "T201":
        return "use the module logger (`logger = logging.getLogger(__name__)`) instead of print", ""
    if d.code == "I002" and name:
        return f"add `{name}` at the top of the module", f"ruff check --select I002 --fix {d.path}"
    if d.code.startswith("I0"):
        return "sort the imports as this repo does", f"ruff check --select I --fix {d.path}"
    if d.code.startswith("ANN") and lines:
        from standards.analyzers.py_annotations import annotation_fix  # the analyzers load only for an ANN finding

        return annotation_fix(d.code, name, "\n".join(lines), d.line), ""
    if d.fix:
        return d.fix, f"ruff check --select {d.code} --fix {d.path}"
    if title:
        return f"{title[0].lower()}{title[1:]} (`ruff rule {d.code}` explains it)", ""
    return f"see `ruff rule {d.code}`", ""


def _lines(root: Path, path: str, cache: dict[str, list[str]]) -> list[str]:
    if path not in cache:
        try:
            cache[path] = fsutil.read_text(root / path).split("\n")
        except OSError:
            cache[path] = []
    return cache[path]


def format_diffs(root: Path, paths: list[str]) -> list[str]:
    """What `ruff format --diff` prints for ``paths`` (one output per chunk of file names)."""
    exe = ruff_tool.ruff_bin()
    if exe is None:
        return []
    out = []
    for chunk in ruff_tool._chunks(paths):
        proc = ruff_tool._run([exe, *ruff_tool.FORMAT_DIFF_ARGS, "--", *chunk], root)
        if proc.returncode in (0, 1):  # unparsable files are reported by `ruff check` (E999)
            out.append(proc.stdout)
    return out


def format_findings(
    root: Path, diffs: list[str], level: Level, anchor: str, texts: dict[str, list[str]]
) -> list[Finding]:
    """A finding for each hunk of the formatter's diffs (see :func:`format_diffs`)."""
    findings = []
    for diff in diffs:
        for path, start, count, first in _hunks(diff):
            lines = _lines(root, path, texts)
            last = start + max(count, 1) - 1
            findings.append(
                Finding(
                    path=path,
                    line=first,
                    column=1,
                    rule="ruff:format",
                    message=f"not formatted as `ruff format` writes it (lines {start}-{last})",
                    level=level,
                    why="The code here is formatted with `ruff format`; drift makes noisy diffs.",
                    fix=Fix("reformat the file", command=f"ruff format {path}"),
                    anchor=anchor,
                    source_line=lines[first - 1] if 0 < first <= len(lines) else "",
                    end_line=last,
                )
            )
    return findings


def _hunks(diff: str) -> list[tuple[str, int, int, int]]:
    """(path, old start, old count, first changed old line) for each hunk of a unified diff."""
    out: list[tuple[str, int, int, int]] = []
    path = ""
    pending: list | None = None  # [path, start, count, offset]
    for line in diff.splitlines():
        if line.startswith("--- "):
            path = line[4:].strip().removeprefix("a/")
            pending = None
        elif line.startswith("+++ "):
            continue
        elif (m := _HUNK.match(line)) and path:
            pending = [path, int(m.group(1)), int(m.group(2)) if m.group(2) is not None else 1, 0]
        elif pending is not None:
            if line.startswith(("-", "+")):
                out.append((pending[0], pending[1], pending[2], pending[1] + pending[3]))
                pending = None
            else:
                pending[3] += 1
    return out
