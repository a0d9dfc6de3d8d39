"""The check engine: select files, run the native linters and our own rules, apply
suppressions, restrict to what a change touched, drop what the baseline records."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from standards import frameworks, fsutil, gitutil, standards_file
from standards.check import baseline, suppressions
from standards.check.report import Report
from standards.check.runners import RunnerError, all_runners
from standards.context import Context, recursion_guard
from standards.discovery import Discovery, classify, discover, language_of
from standards.errors import StandardsError
from standards.gitutil import DiffInfo
from standards.model import Finding, Standards
from standards.rules import CheckContext, all_rules


@dataclass
class Selection:
    mode: str  # all | staged | diff | files
    paths: list[str]
    diff: DiffInfo | None = None
    ref: str | None = None


def load_standards(root: Path) -> Standards:
    standards = standards_file.load(root)
    if standards is None:
        raise StandardsError(
            f"no {standards_file.FILENAME} in {root.name}: run `standards init` first to infer the conventions"
        )
    return standards


def select(root: Path, mode: str, ref: str | None = None, files: list[str] | None = None) -> Selection:
    if mode in ("staged", "diff") and not gitutil.is_repo(root):
        raise StandardsError(f"--{mode} needs git: {gitutil.why_not_repo(root)} (use --all or FILES)")
    if mode == "staged":
        paths = gitutil.staged_files(root)
        diff = gitutil.diff_lines(root, "--cached")
        return Selection(mode, paths, diff)
    if mode == "diff":
        if ref is None:
            ref = gitutil.detect_base(root)
            if ref is None:
                raise StandardsError("no base branch found (origin/HEAD, upstream, main, master): pass --diff REF")
        if gitutil.run(root, "rev-parse", "--verify", "-q", f"{ref}^{{commit}}") is None:
            hint = " (shallow clone? fetch more history: git fetch --deepen=50)" if gitutil.is_shallow(root) else ""
            raise StandardsError(f"--diff {ref}: no such commit or branch{hint}")
        base = gitutil.merge_base(root, ref) or ref
        paths = gitutil.changed_files(root, base)
        diff = gitutil.diff_lines(root, base)
        return Selection(mode, paths, diff, ref)
    if mode == "files":
        out = []
        for f in files or []:
            p = Path(f)
            full = (p if p.is_absolute() else Path.cwd() / p).resolve()
            try:
                rel = full.relative_to(root).as_posix()
            except ValueError:
                raise StandardsError(f"{f}: outside the repository {root}") from None
            if not full.exists():
                raise StandardsError(f"{f}: no such file")
            out.append(rel)
        return Selection(mode, out)
    return Selection("all", [])  # every file discovery finds; run() discovers once


def checkable(root: Path, paths: list[str]) -> Discovery:
    """Of ``paths``, the source files analysis would read (vendored, binary... skipped)."""
    d = Discovery(root=root)
    for rel in sorted(set(paths)):
        if language_of(rel) is not None:
            classify(root, rel, d)
    return d


def run(
    root: Path,
    selection: Selection,
    use_baseline: bool = True,
    ratchet: bool = False,
    standards: Standards | None = None,
    analysis: Context | None = None,
) -> Report:
    """Check the selected files. ``analysis`` lets `init` reuse the parsed repository."""
    recursion_guard()
    standards = standards or load_standards(root)
    # a change reads its own files (checkable, below) and what its rules open; listing the
    # rest by name saves reading every file of the repository on each commit
    full = analysis.discovery if analysis is not None else discover(root, read_contents=selection.mode == "all")
    chosen = full if selection.mode == "all" else checkable(root, selection.paths)
    by_language: dict[str, list[str]] = {}
    for f in chosen.files:
        by_language.setdefault(f.language, []).append(f.path)
    report = Report(
        root_name=root.name,
        mode=selection.mode,
        files_checked=len(chosen.files),
        playbook=str(standards.settings.get("playbook", "playbook.md")),
    )
    findings: list[Finding] = []
    ran_tools = {"standards"}
    if analysis is None:  # parsing is lazy: only what rules read
        analysis = Context(root=root, discovery=full, options=analysis_options(standards))
        analysis.frameworks = frameworks.detect(root, full)
    with ThreadPoolExecutor(max_workers=4) as pool:
        # the linters run in their own processes while our rules run here
        started = []
        for runner in all_runners():
            paths = [p for lang in runner.LANGUAGES for p in by_language.get(lang, [])]
            if not paths:
                continue
            reason = runner.available(root)
            if reason:
                report.tool_notes.append(reason)
                continue
            started.append((runner, pool.submit(runner.run, root, paths, standards)))
        ours = _rules(root, standards, selection, [f.path for f in chosen.files], analysis)
        for runner, future in started:
            try:
                findings.extend(future.result())
            except RunnerError as exc:
                raise StandardsError(str(exc)) from None
            ran_tools.add(runner.NAME)
    findings.extend(ours)
    findings = _suppress(root, findings, [f.path for f in chosen.files])
    baseline.fingerprint(findings)
    stale: list[str] = []
    if use_baseline:  # before restricting to the change: debt elsewhere in a touched file is not stale
        entries = baseline.load(root)
        checked = None if selection.mode == "all" else {f.path for f in chosen.files}
        stale = [s for s in baseline.apply(findings, entries, checked) if s.split(" ")[1].split(":")[0] in ran_tools]
    if selection.diff is not None:
        findings = [f for f in findings if _in_change(f, selection.diff)]
    report.baselined = sum(1 for f in findings if f.baselined)
    report.findings = sorted(
        (f for f in findings if not f.baselined), key=lambda f: (f.level.rank, f.path, f.line, f.column, f.rule)
    )
    report.stale = stale
    report.ratchet_failed = ratchet and bool(stale)
    return report


def _rules(
    root: Path, standards: Standards, selection: Selection, paths: list[str], analysis: Context
) -> list[Finding]:
    ctx = CheckContext(
        root=root,
        standards=standards,
        paths=paths,
        analysis=analysis,
        diff=selection.diff,
        mode=selection.mode,
        base_ref=selection.ref,
    )
    out: list[Finding] = []
    for rule in all_rules():
        if rule.scope == "change" and selection.diff is None:
            continue
        conv = rule.convention(standards)
        if conv is None and rule.conventions:
            continue
        if rule.languages and not any(language_of(p) in rule.languages for p in paths) and rule.scope != "change":
            continue
        for finding in rule.check(ctx):
            if conv is not None and finding.level.rank < conv.level.rank:
                finding.level = conv.level  # a rule never reports above its convention's level
            if not finding.anchor and conv is not None:
                finding.anchor = conv.anchor
            out.append(finding)
    return out


def _suppress(root: Path, findings: list[Finding], checked: list[str]) -> list[Finding]:
    """Apply inline suppressions; every checked file is read so that an invalid
    suppression is reported even where nothing else is found."""
    texts = {}
    for path in {*checked, *(f.path for f in findings)}:
        try:
            texts[path] = fsutil.read_text(root / path)
        except OSError:
            texts[path] = ""
    kept, extra = suppressions.apply(findings, texts, date.today())
    return list(kept) + list(extra)


def analysis_options(standards: Standards) -> dict:
    """[standards.history] settings as analysis options (history_max_commits, ...)."""
    history = standards.settings.get("history", {})
    if not isinstance(history, dict):
        return {}
    return {f"{k}" if k.startswith(("history_", "motion_")) else f"history_{k}": v for k, v in history.items()}


def _in_change(f: Finding, diff: DiffInfo) -> bool:
    if f.path.startswith("commit:"):
        return True  # about a commit of the change (its message), not a file
        return True
    changed = diff.lines.get(f.path)
    if not changed:
        return False
    if f.whole_file:
        return False
    end = f.end_line or f.line
    return any(n in changed for n in range(f.line, end + 1))
