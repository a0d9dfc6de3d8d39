"""The check engine: select files, run the native linters and our own rules, apply
suppressions, drop what the baseline records and, on a change, keep what the change answers
for: findings its base version did not have, in any file it touched, and the tolerance it
adds (new suppressions, files it leaves unchecked)."""

from __future__ import annotations

import os
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from standards import fsutil, gitutil, standards_file
from standards.check import baseline, native_suppressions, suppressions, tool_presence, versions
from standards.check.report import Report
from standards.check.runners import RunnerError, runners_for
from standards.context import Context, recursion_guard
from standards.discovery import (
    VENDORED_BANNER,
    Discovery,
    SourceFile,
    classify,
    content_skip_reason,
    discover,
    is_vendored,
    language_of,
    marked_by_attributes,
)
from standards.errors import StandardsError
from standards.gitutil import DiffInfo
from standards.model import Finding, Fix, Level, Standards
from standards.rules import CheckContext, change_rule_ids, rules_for

if TYPE_CHECKING:
    from standards.check import cache as check_cache


@dataclass
class Selection:
    mode: str  # all | staged | diff | files
    paths: list[str]
    diff: DiffInfo | None = None
    ref: str | None = None
    whole_files: list[str] = field(default_factory=list)  # beside a change, checked in full (the hook's file list)
    renames: dict[str, str] | None = None  # --staged: new path -> old path against HEAD, from the listing
    head: bool | None = None  # --staged: whether HEAD exists (None: not asked yet)


@dataclass
class _Checked:
    """One check in progress: what every step after the file selection needs."""

    root: Path
    standards: Standards
    selection: Selection
    analysis: Context
    staged: dict[str, bytes]  # --staged: index bytes of the staged files whose work tree differs
    detect_frameworks: bool = False  # found from the code just before our rules run
    cacheable: bool = False  # judged by standards.toml as the file holds it (the cache is keyed by the file)


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
        return select_staged(root, files)
    if mode == "diff":
        if ref is None:
            ref = gitutil.detect_base(root)
            if ref is None:
                raise StandardsError("no base branch found (origin/HEAD, upstream, main, master): pass --diff REF")
        commit = gitutil.run(root, "rev-parse", "--verify", "-q", "--end-of-options", f"{ref}^{{commit}}")
        if commit is None:
            hint = " (shallow clone? fetch more history: git fetch --deepen=50)" if gitutil.is_shallow(root) else ""
            raise StandardsError(f"--diff {ref}: no such commit or branch{hint}")
        base = gitutil.merge_base(root, commit.decode().strip()) or commit.decode().strip()
        paths, diff = gitutil.worktree_diff(root, base)
        return Selection(mode, paths, diff, ref)
    if mode == "files":
        return Selection(mode, named_files(root, files or []))
    return Selection("all", [])  # every file discovery finds; run() discovers once


def named_files(root: Path, names: list[str]) -> list[str]:
    """The repository paths of files named on the command line; a folder (``.``, ``pkg``)
    stands for the files under it that git lists (tracked, or untracked and not ignored)."""
    from standards.discovery import walk_with_gitignore

    out: list[str] = []
    listed: list[str] | None = None
    top = root.resolve()
    for name in names:
        given = Path(name)
        full = (given if given.is_absolute() else Path.cwd() / given).resolve()
        try:
            rel = full.relative_to(top).as_posix()
        except ValueError:
            raise StandardsError(f"{name}: outside the repository {root}") from None
        if full.is_dir():
            if listed is None:
                listed = gitutil.list_files(root)
                listed = list(walk_with_gitignore(root)) if listed is None else listed
            under = "" if rel == "." else rel + "/"
            out.extend(p for p in listed if p.startswith(under))
        elif full.exists():
            out.append(rel)
        else:
            raise StandardsError(f"{name}: no such file")
    return out


def select_staged(root: Path, files: list[str] | None = None) -> Selection:
    """The staged change. With ``files`` (the list pre-commit passes), the staged files among
    them are judged as the change and the others are checked in full, so that
    `pre-commit run --all-files` checks the whole repository."""
    with ThreadPoolExecutor(max_workers=1) as pool:  # the two git calls at once
        lines_of = pool.submit(gitutil.diff_lines, root, "--cached")
        change = gitutil.staged_change(root)
        diff = lines_of.result()
    staged = change.paths
    if not files:
        return Selection("staged", staged, diff, renames=change.renames, head=change.head)
    listed = {_relative(root, f) for f in files}
    in_change = sorted(listed & set(staged))
    whole = sorted(listed - set(staged))
    lines = {p: diff.lines[p] for p in in_change if p in diff.lines}
    return Selection(
        "staged",
        in_change + whole,
        DiffInfo(lines, diff.new_files & set(in_change)),
        whole_files=whole,
        renames=change.renames,
        head=change.head,
    )


def _relative(root: Path, name: str) -> str:
    """A file name pre-commit passed, repo-relative (symlinks are not resolved: discovery
    names a symlink as skipped rather than following it)."""
    full = os.path.normpath(Path.cwd() / name)
    rel = os.path.relpath(full, root)
    if rel == ".." or rel.startswith("../"):
        raise StandardsError(f"{name}: outside the repository {root}")
    return Path(rel).as_posix()


def checkable(
    root: Path, paths: list[str], contents: dict[str, bytes] | None = None, marked: dict[str, str] | None = None
) -> Discovery:
    """Of ``paths``, the source files analysis would read (vendored, binary... skipped).
    ``contents`` gives the bytes to judge for some paths (the staged ones) instead of the disk's;
    ``marked``: what :func:`marked_by_attributes` says of the source files among ``paths``."""
    d = Discovery(root=root)
    sources = sorted(p for p in set(paths) if language_of(p) is not None)
    marked = marked_by_attributes(root, sources) if marked is None else marked
    for rel in sources:
        if rel in marked:
            d.skip(marked[rel], rel)
        elif contents and rel in contents:
            _classify_bytes(rel, contents[rel], d)
        else:
            classify(root, rel, d)
    return d


def _classify_bytes(rel: str, data: bytes, d: Discovery) -> None:
    reason = "vendored or build output" if is_vendored(rel) else content_skip_reason(rel, data)
    if reason is None:
        d.files.append(SourceFile(rel, language_of(rel) or "", len(data)))
    else:
        d.skip(reason, rel)


def run(
    root: Path,
    selection: Selection,
    use_baseline: bool = True,
    ratchet: bool = False,
    standards: Standards | None = None,
    analysis: Context | None = None,
) -> Report:
    """Check the selected files. ``analysis`` lets `init` reuse the parsed repository.

    With --staged the staged content is judged, whatever the work tree holds: the pre-commit
    hook stashes unstaged edits before it runs, and a check by hand gives the same answer. On
    a change, a finding blocks when it is new compared to the base version of its file."""
    recursion_guard()
    cacheable = standards is None  # `init`/`update`/`baseline` judge by conventions not yet written: never cached
    if analysis is None and selection.mode != "all":
        standards, full, staged, chosen = _read_change(root, selection, standards)
    else:
        standards = standards or load_standards(root)
        full = analysis.discovery if analysis is not None else discover(root, read_contents=selection.mode == "all")
        staged = _staged_contents(root, selection)
        chosen = full if selection.mode == "all" else checkable(root, selection.paths, staged)
    paths = [f.path for f in chosen.files]
    report = Report(
        root_name=root.name,
        mode=selection.mode,
        files_checked=len(chosen.files),
        playbook=str(standards.settings.get("playbook", "playbook.md")),
    )
    detect = False  # --all finds the frameworks from the code when its rules run (not on a cache hit)
    if analysis is None:  # parsing is lazy: only what rules read
        full.contents.update({p: data for p, data in staged.items() if p in paths})
        analysis = Context(root=root, discovery=full, options=analysis_options(standards))
        recorded = standards_file.recorded_frameworks(root) if selection.mode != "all" else None
        if recorded is not None:
            analysis.frameworks = recorded
        elif selection.mode != "all":
            analysis.frameworks = _detect_frameworks(root, full)
        detect = selection.mode == "all"
    if tool_presence.ci_mode(selection.mode):  # CI never passes on a check its tools could not run
        tool_presence.require(root, standards, paths, Level.WARN, f"check --{selection.mode} in CI")
    state = _Checked(root, standards, selection, analysis, staged, detect_frameworks=detect, cacheable=cacheable)
    with ThreadPoolExecutor(max_workers=1) as ahead:
        base = _Base.of(root, selection, ahead) if selection.diff is not None else None
        findings, ran_tools = _lint(state, paths, report)
        findings = _suppress(root, findings, paths, staged or (full.contents if selection.mode == "all" else None))
        baseline.fingerprint(findings)
        stale: list[str] = []
        if use_baseline:  # before restricting to the change: debt elsewhere in a touched file is not stale
            entries = baseline.load(root)
            checked = None if selection.mode == "all" else set(paths)
            stale = [
                s for s in baseline.apply(findings, entries, checked) if s.split(" ")[1].split(":")[0] in ran_tools
            ]
        if selection.diff is not None and base is not None:
            findings = _judge_change(state, selection.diff, findings, chosen, base)
    report.baselined = sum(1 for f in findings if f.baselined)
    report.findings = sorted(
        (f for f in findings if not f.baselined), key=lambda f: (f.level.rank, f.path, f.line, f.column, f.rule)
    )
    report.stale = stale
    report.ratchet_failed = ratchet and bool(stale)
    if selection.mode == "diff" and selection.ref is not None:
        review_tolerance(root, selection.ref, standards, report)
    return report


def _read_change(
    root: Path, selection: Selection, standards: Standards | None
) -> tuple[Standards, Discovery, dict[str, bytes], Discovery]:
    """For a check of some files: the conventions, the repository listed by name (a change reads
    its own files and what its rules open, not every file on each commit), the index bytes of
    staged files whose work tree differs, and the files to check. The three git calls run at
    once while standards.toml is read."""
    sources = sorted(p for p in set(selection.paths) if language_of(p) is not None)
    with ThreadPoolExecutor(max_workers=3) as pool:
        listing = pool.submit(discover, root, read_contents=False)
        index = pool.submit(_staged_contents, root, selection)
        attributes = pool.submit(marked_by_attributes, root, sources)
        standards = standards or load_standards(root)
        staged = index.result()
        chosen = checkable(root, selection.paths, staged, attributes.result())
        return standards, listing.result(), staged, chosen


def review_tolerance(root: Path, ref: str, standards: Standards, report: Report) -> None:
    """Diff mode only: what the change tolerates that its base did not (a grown baseline, a
    weakened configuration) becomes an error unless accepted; each acceptance a notice."""
    from standards.check import acceptance

    base = gitutil.merge_base(root, ref) or ref
    report.findings = sorted(
        [*report.findings, *acceptance.review(root, base, standards)],
        key=lambda f: (f.level.rank, f.path, f.line, f.column, f.rule),
    )


def _staged_contents(root: Path, selection: Selection) -> dict[str, bytes]:
    """For --staged: the index content of the staged files whose work tree differs from it."""
    if selection.mode != "staged":
        return {}
    whole = set(selection.whole_files)
    return versions.unstaged(root, [p for p in selection.paths if p not in whole])


def _lint(run: _Checked, paths: list[str], report: Report) -> tuple[list[Finding], set[str]]:
    """The findings of every linter and of our rules on ``paths``; the linters read the staged
    files whose work tree differs from a scratch mirror holding the index bytes. Also: the
    tools that ran."""
    root, standards, analysis = run.root, run.standards, run.analysis
    by_language: dict[str, list[str]] = {}
    for p in paths:
        by_language.setdefault(language_of(p) or "", []).append(p)
    findings: list[Finding] = []
    ran_tools = {"standards"}
    with ExitStack() as stack, ThreadPoolExecutor(max_workers=4) as pool:
        mirrored = {p: run.staged[p] for p in paths if p in run.staged}
        configs = versions.config_files(_listing(analysis.discovery)) if mirrored else []
        scratch = (
            stack.enter_context(versions.overlay(root, mirrored, configs, analysis.discovery)) if mirrored else root
        )
        cache = _open_cache(run, paths)  # --all and FILES: a file unchanged since the last run is not linted again
        # the linters run in their own processes while our rules run here
        started: list[tuple[ModuleType, Future[list[Finding]] | None, list[str]]] = []
        for runner in runners_for(by_language):
            mine = [p for lang in runner.LANGUAGES for p in by_language.get(lang, [])]
            if not mine:
                continue
            reason = runner.available(root)
            if reason:
                report.tool_notes.append(reason)
                continue
            if cache is not None:
                hits, mine = cache.split(runner.NAME, mine)
                findings.extend(hits)  # raw, as the runner gave them: suppressions and baseline apply below
                if not mine:
                    started.append((runner, None, []))
                    continue
            for where, part in (
                (root, [p for p in mine if p not in mirrored]),
                (scratch, [p for p in mine if p in mirrored]),
            ):
                if part:
                    started.append((runner, pool.submit(runner.run, where, part, standards), part))
        ours = cache.whole() if cache is not None and run.selection.mode == "all" else None
        if ours is None:
            if run.detect_frameworks:
                analysis.frameworks = _detect_frameworks(root, analysis.discovery)
            ours = _rules(standards, run.selection, paths, analysis)
            if cache is not None and run.selection.mode == "all":
                cache.store_whole(ours)
        for runner, future, part in started:
            if future is None:  # every file's findings came from the cache
                report.tool_notes.extend(cache.notes(runner.NAME) if cache is not None else [])
                ran_tools.add(runner.NAME)
                continue
            try:
                result = future.result()
            except RunnerError as exc:
                raise StandardsError(str(exc)) from None
            findings.extend(result)
            report.tool_notes.extend(getattr(result, "notes", []))  # what a runner could not carry over
            ran_tools.add(runner.NAME)
            if cache is not None:
                cache.store(runner.NAME, part, result, getattr(result, "notes", []))
    if cache is not None:
        cache.save()
    findings.extend(ours)
    return findings, ran_tools


def _detect_frameworks(root: Path, discovery: Discovery) -> dict[str, list[str]]:
    """The frameworks the code uses (imported here: a check that reuses the recorded ones or
    the cached findings of our rules never scans for them)."""
    from standards import frameworks

    return frameworks.detect(root, discovery)


def _open_cache(run: _Checked, paths: list[str]) -> check_cache.Cache | None:
    """The check cache for --all and FILES (see :mod:`standards.check.cache`); None on a
    change (the hook's staged bytes are not what the work tree holds) or when it is off."""
    if not run.cacheable or run.selection.mode not in ("all", "files") or run.staged:
        return None
    from standards.check import cache as check_cache  # not on the hook's path

    discovery = run.analysis.discovery
    contents: dict[str, bytes] = {}
    for path in paths:
        data = discovery.contents.get(path)
        if data is None:
            try:
                data = fsutil.read_repo_bytes(run.root, path)
            except (StandardsError, OSError):
                continue  # not read now: never a cache hit, linted as before
        contents[path] = data
    opened = check_cache.Cache.open(run.root, check_cache.identity(run.root, _listing(discovery)), contents)
    if opened is not None:
        opened.surroundings = sorted(discovery.other_files)  # our rules see the names of the other files
        opened.whole_tree = run.selection.mode == "all"
    return opened


def _rules(
    standards: Standards,
    selection: Selection,
    paths: list[str],
    analysis: Context,
    only: set[str] | None = None,
) -> list[Finding]:
    """Our own rules' findings (``only``: just the rules with these qualified ids)."""
    ctx = CheckContext(
        root=analysis.root,
        standards=standards,
        paths=paths,
        analysis=analysis,
        diff=selection.diff,
        mode=selection.mode,
        base_ref=selection.ref,
    )
    out: list[Finding] = []
    languages = {language_of(p) or "" for p in paths}
    change = selection.diff is not None
    for rule in rules_for(standards, languages, change):
        if (only is not None and rule.qualified not in only) or not rule.applies(standards, languages, change):
            continue
        conv = rule.convention(standards)
        for finding in rule.check(ctx):
            if conv is not None and finding.level.rank < conv.level.rank:
                finding.level = conv.level  # a rule never reports above its convention's level
            if not finding.anchor and conv is not None:
                finding.anchor = conv.anchor
            out.append(finding)
    return out


def _suppress(
    root: Path, findings: list[Finding], checked: list[str], contents: dict[str, bytes] | None = None
) -> list[Finding]:
    """Apply inline suppressions; every checked file is read so that an invalid
    suppression is reported even where nothing else is found."""
    texts = {}
    for path in {*checked, *(f.path for f in findings)}:
        if contents and path in contents:
            texts[path] = fsutil.decode(contents[path])
            continue
        try:
            texts[path] = fsutil.read_text(root / path)
        except (OSError, fsutil.Unreadable):  # a finding about a commit ("commit:abc123") names no file
            texts[path] = ""
    kept, extra = suppressions.apply(findings, texts, date.today())
    return list(kept) + list(extra)


def analysis_options(standards: Standards) -> dict:
    """[standards.history] settings as analysis options (history_max_commits, ...)."""
    history = standards.settings.get("history", {})
    if not isinstance(history, dict):
        return {}
    return {f"{k}" if k.startswith(("history_", "motion_")) else f"history_{k}": v for k, v in history.items()}


# --- what a change answers for ----------------------------------------------------------

SKIPPED_RULE = "standards:skipped-file"
_CONTENT_REASONS = ("generated or minified", "binary content", "over ", "nested over ", VENDORED_BANNER)
_SELF_DECLARED = ("generated or minified", VENDORED_BANNER)  # what a new file can say of itself


def _judge_change(
    run: _Checked, diff: DiffInfo, findings: list[Finding], chosen: Discovery, base: _Base
) -> list[Finding]:
    """The findings a change answers for, anywhere in the files it touched.

    A finding blocks when its fingerprint is in neither the baseline nor the findings of the
    file's base version (checked from the base blob, and only for files with findings); older
    unbaselined findings stay as warnings. The change's own tolerance is judged too: the
    suppressions it adds and the files it leaves unchecked."""
    selection = run.selection
    whole = set(selection.whole_files)
    touched = set(selection.paths) - whole
    about_the_change = change_rule_ids()
    kept: list[Finding] = []
    pending: list[Finding] = []
    for f in findings:
        if f.path.startswith("commit:") or f.rule in about_the_change or f.path in whole:
            kept.append(f)
        elif f.path in touched:
            (kept if f.baselined else pending).append(f)
    older, unknown = _base_fingerprints(run, base, [f for f in pending if base.had(f.path)])
    for f in pending:
        if f.rule.partition(":")[0] in unknown:
            was_there = not _on_changed_line(f, diff)  # the base could not be linted: by lines
        else:
            was_there = f.fingerprint in older.get(f.path, ())
        if was_there and f.level is Level.ERROR:
            f.level = Level.WARN
            f.message += " (already in this file before the change: not blocking, fix it when you can)"
    added = _added_tolerance(run, chosen, touched, base)
    baseline.fingerprint(added)
    return kept + pending + added


READ_AHEAD = 200  # files of a staged change whose base versions are read while the linters run


@dataclass
class _Base:
    """The version a change is compared with; its files are read only when a judgement needs them."""

    root: Path
    revision: str | None  # None: nothing to compare with (the first commit)
    staged: bool  # the change is the index (else the work tree, committed in CI)
    new_files: set[str]  # as the line diff sees them (a renamed file shows as new there)
    _renames: dict[str, str] | None = None
    _ahead: tuple[frozenset[str], Future[dict[str, bytes]]] | None = None  # paths read ahead, their bytes

    @classmethod
    def of(cls, root: Path, selection: Selection, pool: ThreadPoolExecutor | None = None) -> _Base:
        """The base of ``selection``; with ``pool``, the base versions of a staged change's files
        are read there while the linters run (at most READ_AHEAD files)."""
        new = selection.diff.new_files if selection.diff is not None else set()
        if selection.mode == "staged":
            head = selection.head if selection.head is not None else gitutil.has_commits(root)
            base = cls(root, "HEAD" if head else None, True, new, selection.renames if head else None)
            touched = sorted(set(selection.paths) - set(selection.whole_files))
            if pool is not None and base._renames is not None and 0 < len(touched) <= READ_AHEAD:
                wanted = [p for p in touched if language_of(p) is not None and base.had(p)]
                base._ahead = (frozenset(wanted), pool.submit(base._read, wanted))
            return base
        ref = selection.ref
        resolved = (
            gitutil.run(root, "rev-parse", "--verify", "-q", "--end-of-options", f"{ref}^{{commit}}") if ref else None
        )
        if resolved is None:
            return cls(root, None, False, new)
        commit = resolved.decode().strip()
        return cls(root, gitutil.merge_base(root, commit) or commit, False, new)

    def had(self, path: str) -> bool:
        """Whether the base may have a version of ``path`` (it is not new, or it was renamed)."""
        return self.revision is not None and (path not in self.new_files or path in self.renames())

    def renames(self) -> dict[str, str]:
        if self._renames is None:
            self._renames = versions.renamed(self.root, self.revision, self.staged) if self.revision else {}
        return self._renames

    def contents(self, paths: list[str]) -> dict[str, bytes]:
        """The base bytes of ``paths`` (current names; a renamed file is read under its old name)."""
        if self.revision is None or not paths:
            return {}
        if self._ahead is not None and self._ahead[0].issuperset(paths):
            read = self._ahead[1].result()
            return {p: read[p] for p in paths if p in read}
        return self._read(paths)

    def _read(self, paths: list[str]) -> dict[str, bytes]:
        if self.revision is None or not paths:
            return {}
        old_of = {p: self.renames().get(p, p) for p in paths}
        found = versions.blobs(self.root, self.revision, sorted(set(old_of.values())))
        return {p: found[old] for p, old in old_of.items() if old in found}


def _base_fingerprints(run: _Checked, base: _Base, pending: list[Finding]) -> tuple[dict[str, set[str]], set[str]]:
    """Per path, the fingerprints of the findings its base version had (only the tools that
    reported something now are run), and the tools that could not lint the base versions."""
    contents = base.contents(sorted({f.path for f in pending}))
    tools = {f.rule.partition(":")[0] for f in pending} | {f.rule for f in pending if f.rule.startswith("standards:")}
    found, failed = check_contents(run.root, run.standards, run.analysis, contents, tools)
    out: dict[str, set[str]] = {}
    for f in found:
        out.setdefault(f.path, set()).add(f.fingerprint)
    return out, failed


def _on_changed_line(f: Finding, diff: DiffInfo) -> bool:
    changed = diff.lines.get(f.path) or set()
    return any(n in changed for n in range(f.line, (f.end_line or f.line) + 1))


def check_contents(
    root: Path, standards: Standards, analysis: Context, contents: dict[str, bytes], tools: set[str]
) -> tuple[list[Finding], set[str]]:
    """The findings (suppressions applied, fingerprinted) of files with the given bytes, e.g.
    their base versions, from the named tools ("ruff", ...; our rules by their qualified id,
    "standards:thin-controller"); and the tools that failed on them."""
    if not contents:
        return [], set()
    paths = sorted(contents)
    findings: list[Finding] = []
    failed: set[str] = set()
    configs = versions.config_files(_listing(analysis.discovery))
    with versions.overlay(root, contents, configs, analysis.discovery) as scratch:
        for runner in runners_for({language_of(p) or "" for p in paths}):
            mine = [p for p in paths if language_of(p) in runner.LANGUAGES]
            if runner.NAME not in tools or not mine or runner.available(root) is not None:
                continue
            try:
                findings.extend(runner.run(scratch, mine, standards))
            except (RunnerError, StandardsError):
                failed.add(runner.NAME)
    ours = {t for t in tools if t.startswith("standards:")}
    if ours:
        full = analysis.discovery
        discovery = Discovery(root=root, files=full.files, in_git=full.in_git, contents=dict(contents))
        version = Context(root=root, discovery=discovery, options=analysis.options, frameworks=analysis.frameworks)
        findings.extend(_rules(standards, Selection("files", paths), paths, version, only=ours))
    kept, invalid = suppressions.apply(findings, {p: fsutil.decode(b) for p, b in contents.items()}, date.today())
    kept += invalid
    baseline.fingerprint(kept)
    return kept, failed


def _listing(d: Discovery) -> list[str]:
    return [*d.other_files, *(f.path for f in d.files)]


def _added_tolerance(run: _Checked, chosen: Discovery, touched: set[str], base: _Base) -> list[Finding]:
    """Findings for the tolerance a change adds: suppressions that do not meet the bar for a
    new exception, and files of the change that are not checked (blocking when newly so)."""
    root, staged = run.root, run.staged
    texts: dict[str, str] = {}
    for f in chosen.files:
        if f.path not in touched:
            continue
        try:
            text = fsutil.decode(staged[f.path]) if f.path in staged else fsutil.read_repo_text(root, f.path)
        except (OSError, StandardsError):
            continue  # not readable as a regular file of the repository: nothing was checked in it
        if "standards:" in text or native_suppressions.might_have(text):
            texts[f.path] = text
    skipped = {p: reason for reason, ps in chosen.skipped.items() for p in ps if p in touched}
    before = base.contents(sorted(p for p in {*texts, *skipped} if base.had(p)))
    today = date.today()
    days = suppressions.max_days(run.standards)
    out = []
    for path, text in sorted(texts.items()):
        old = before.get(path)
        out.extend(suppressions.added(path, text, fsutil.decode(old) if old is not None else None, today, days))
    attributes_changed = any(p.rsplit("/", 1)[-1] == ".gitattributes" for p in touched)
    for path, reason in sorted(skipped.items()):
        out.append(_skipped_finding(path, reason, before.get(path), attributes_changed))
    return out


def _skipped_finding(path: str, reason: str, before: bytes | None, attributes_changed: bool) -> Finding:
    """A file of the change that is not checked: a warning that says so, an error when the
    change itself made it unchecked (a generated marker added, a checked file grown past a limit)."""
    by_content = reason.startswith(_CONTENT_REASONS)
    if by_content and before is not None:
        newly = content_skip_reason(path, before) is None
    elif by_content:
        newly = reason in _SELF_DECLARED  # a new file that declares itself generated or a library
    else:
        newly = attributes_changed and reason.startswith("marked linguist-")
    if newly:
        message = f"this change makes {path} unchecked ({reason}): nothing in it would be reported"
        fix = Fix(
            "take the marker out or keep the file under the limits; a file that really is generated is "
            "marked `linguist-generated` in .gitattributes in a change of its own, or accepted with a reason"
        )
    else:
        message = f"not checked ({reason}); this file is part of the change"
        fix = Fix("nothing to do if it is really generated or vendored; otherwise remove what makes it skipped")
    return Finding(
        path=path,
        line=1,
        column=1,
        rule=SKIPPED_RULE,
        message=message,
        level=Level.ERROR if newly else Level.WARN,
        why="a file in a change is checked unless it is generated or vendored, and a reviewer sees every "
        "file that is not.",
        fix=fix,
        source_line=reason,
    )
