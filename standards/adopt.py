"""What `standards init` and `standards update` share: infer, plan every file, write it
atomically, record the baseline, install the git hooks.

On a repository that already has a standards.toml, code committed since adoption that the
check would have refused is *drift*, not evidence: a convention with such violations keeps
its level and value, and the baseline gains entries only for conventions this run adds or
tightens (each entry names the convention and the reason). Drift is reported as
violations to fix."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from standards import fsutil, gitutil, pipeline, procutil, progress, proof, standards_file
from standards.check import baseline, engine
from standards.check.levels import CodeIndex
from standards.context import Context
from standards.emitters import EmitEnv, all_emitters, emit_all
from standards.fsutil import WritePlan
from standards.model import Finding, Level, Standards


@dataclass
class Outcome:
    standards: Standards
    analysis: pipeline.Analysis
    plan: WritePlan
    notes: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    baseline_count: int = 0
    hooks: str = ""
    previous: Standards | None = None  # the standards.toml this run started from
    drift: list[Finding] = field(default_factory=list)  # violations the check would refuse, new since adoption
    held: list[str] = field(default_factory=list)  # conventions kept as they were because of the drift
    baseline_notes: list[str] = field(default_factory=list)  # what the baseline gained, and why


def env_for(analysis: pipeline.Analysis, standards: Standards) -> EmitEnv:
    return EmitEnv(
        root=analysis.root,
        languages=analysis.ctx.discovery.languages(),
        frameworks=analysis.ctx.frameworks,
        in_git=analysis.ctx.discovery.in_git,
        playbook_path=str(standards.settings.get("playbook", "playbook.md")),
        extra={"analysis": analysis},
    )


def plan(root: Path, previous: Standards | None, options: dict | None = None) -> Outcome:
    baseline.load(root)  # a malformed baseline stops the run before anything is written
    from standards.check.engine import analysis_options

    opts = {**(analysis_options(previous) if previous else {}), **(options or {})}
    analysis = pipeline.analyze(root, opts)
    standards = pipeline.build(analysis, previous)
    drift: list[Finding] = []
    held: list[str] = []
    if previous is not None:
        drift = post_adoption_violations(root, previous, analysis.ctx)
        held = hold_conventions(previous, standards, drift)
    standards.settings.setdefault("playbook", "playbook.md")
    write_plan = WritePlan(analysis.root)
    progress.stage("proving the conventions the hook will enforce")
    proofs = proof.prove(standards, write_plan, env_for(analysis, standards))  # demotes what it cannot prove
    write_plan.add(
        standards_file.FILENAME, standards_file.render(standards, write_plan.current(standards_file.FILENAME))
    )
    write_plan.add(
        standards_file.SNAPSHOT,
        standards_file.render_snapshot(standards, proof.records(proofs), analysis.ctx.frameworks),
    )
    notes = emit_all(standards, write_plan, env_for(analysis, standards))
    return Outcome(
        standards=standards,
        analysis=analysis,
        plan=write_plan,
        notes=notes,
        previous=previous,
        drift=drift,
        held=held,
    )


def post_adoption_violations(root: Path, previous: Standards, analysis: Context) -> list[Finding]:
    """What the check, as standards.toml stands now, refuses and the baseline does not hold:
    code committed since adoption (with --no-verify, or before the hook ran)."""
    report = engine.run(root, engine.Selection("all", []), use_baseline=True, standards=previous, analysis=analysis)
    return [f for f in report.findings if f.level is Level.ERROR]


def convention_of(finding: Finding, index: CodeIndex, by_anchor: dict[str, str]) -> str | None:
    """The id of the convention a finding enforces, or None."""
    conv = index.convention(finding.rule)
    if conv is not None:
        return conv.id
    return by_anchor.get(finding.anchor) if finding.anchor else None


def hold_conventions(previous: Standards, standards: Standards, drift: list[Finding]) -> list[str]:
    """Keep every convention with drift exactly as ``previous`` has it (level, value, params):
    re-inference must not learn from code the check would have refused. Returns their ids."""
    index = CodeIndex.build(previous)
    by_anchor = {c.anchor: c.id for c in previous.conventions.values()}
    touched = {cid for f in drift if (cid := convention_of(f, index, by_anchor)) is not None}
    held = []
    for cid in sorted(touched):
        old, new = previous.conventions[cid], standards.conventions.get(cid)
        if new is None or (new.level, new.value, new.params) != (old.level, old.value, old.params):
            standards.conventions[cid] = old
            held.append(cid)
    standards.conventions = dict(sorted(standards.conventions.items()))
    return held


def added_or_tightened(previous: Standards, standards: Standards) -> dict[str, str]:
    """Conventions this run adds or makes stricter (at warn or error), with the reason that
    the baseline entries recorded for them carry."""
    out = {}
    for cid, conv in standards.conventions.items():
        if conv.level.rank > Level.WARN.rank:
            continue
        old = previous.conventions.get(cid)
        if old is None or old.level.rank > Level.WARN.rank:
            out[cid] = f"recorded by `standards update`: {cid} is new at level {conv.level.value}"
        elif conv.level.rank < old.level.rank:
            out[cid] = f"recorded by `standards update`: {cid} tightened {old.level.value} → {conv.level.value}"
    return out


def apply(outcome: Outcome, record_baseline: bool = True, install_hooks: bool = True) -> Outcome:
    root = outcome.analysis.root
    outcome.written = outcome.plan.apply()
    if record_baseline:
        progress.stage("recording the existing violations (baseline)")
        # the baseline is measured with the configs just written; if that fails, they are undone
        try:
            text, count = baseline_text(
                root, outcome.standards, outcome.analysis.ctx, outcome.previous, outcome.baseline_notes
            )
            outcome.baseline_count = count
            second = WritePlan(root)
            second.add(baseline.PATH, text)
            env = env_for(outcome.analysis, outcome.standards)
            for module in all_emitters():
                if module.__name__.endswith(".playbook"):
                    module.emit(outcome.standards, second, env)
            outcome.written += [p for p in second.apply() if p not in outcome.written]
        except BaseException:
            outcome.plan.rollback()
            outcome.written = []
            raise
    if install_hooks and outcome.analysis.ctx.discovery.in_git:
        outcome.hooks = install_git_hooks(root)
    return outcome


def current_violations(root: Path, standards: Standards, analysis: Context | None = None) -> list[Finding]:
    """Every violation in the repository, baselined or not; ``analysis`` reuses a parsed repository."""
    report = engine.run(
        root,
        engine.Selection("all", []),
        use_baseline=False,
        standards=standards,
        analysis=analysis,
    )
    return report.findings


def baseline_text(
    root: Path,
    standards: Standards,
    analysis: Context | None = None,
    previous: Standards | None = None,
    notes: list[str] | None = None,
) -> tuple[str, int]:
    """The baseline to write and its size.

    At adoption (no ``previous``) every current violation is recorded. Afterwards the
    entries still found are kept with their reasons, and a violation is added only when it
    belongs to a convention this run adds or tightens; the rest is drift, left to fix.
    """
    findings = current_violations(root, standards, analysis)
    if previous is None:
        return baseline.render(findings), len(findings)
    kept = {e.key: e for e in baseline.load(root)}
    reasons = added_or_tightened(previous, standards)
    index = CodeIndex.build(standards)
    by_anchor = {c.anchor: c.id for c in standards.conventions.values()}
    entries: set[baseline.Entry] = set()
    added: dict[str, int] = {}
    for f in findings:
        entry = kept.get((f.rule, f.path, f.fingerprint))
        if entry is None:
            cid = convention_of(f, index, by_anchor)
            if cid not in reasons:
                continue
            entry = baseline.Entry(f.rule, f.path, f.fingerprint, reason=reasons[cid], convention=str(cid))
            added[str(cid)] = added.get(str(cid), 0) + 1
        entries.add(entry)
    if notes is not None:
        notes += [f"baseline: {n} existing violations of {cid} recorded ({reasons[cid]})" for cid, n in added.items()]
    return baseline.render_entries(entries), len(entries)


HOOK_TYPES = ("pre-commit", "commit-msg")


def install_git_hooks(root: Path) -> str:
    """Install exactly the hook types standards needs (never what the repository's config asks
    for) with pre-commit, run isolated (``python -I``: nothing is imported from the repository)
    and with git's hardening passed to its own git calls; say what happened.

    The hooks directory is shared by every worktree of the repository, so the hooks are
    installed with ``--allow-missing-config``: a checkout whose branch has no
    ``.pre-commit-config.yaml`` yet (the main checkout, when init ran in a linked worktree)
    still commits, and pre-commit says it skipped."""
    hooks_path = gitutil.config_get(root, "core.hooksPath")
    if hooks_path:
        return (
            f"not installed: git's core.hooksPath is set to {hooks_path.strip()}; "
            "run `pre-commit install` after unsetting it, or call `standards check --staged` from your hook"
        )
    types = [arg for t in HOOK_TYPES for arg in ("--hook-type", t)]
    argv = procutil.python_argv("-m", "pre_commit", "install", "--allow-missing-config", *types)
    # pre-commit finds the repository from its working directory; -I keeps that directory off sys.path
    env = gitutil.child_env(exclude=("core.hooksPath",))  # pre-commit refuses to install when it is set
    try:
        proc = procutil.run(argv, cwd=root, env_extra=env, timeout=300)
    except procutil.ProcessFailed as exc:
        return f"not installed: {exc}"
    said = (proc.err or proc.out).strip().splitlines()
    if proc.returncode != 0:
        return f"not installed: {said[-1] if said else f'pre-commit exited {proc.returncode}'}"
    installed = [line.split("installed at", 1)[1].strip() for line in proc.out.splitlines() if "installed at" in line]
    if not installed:
        return f"not installed: pre-commit said {said[-1] if said else 'nothing'}"
    for script in installed:
        isolate_hook_script(Path(script) if os.path.isabs(script) else root / script)
    return "installed: " + ", ".join(os.path.relpath(p, root) if os.path.isabs(p) else p for p in installed)


PRE_COMMIT_LAUNCH = '"$INSTALL_PYTHON" -mpre_commit '


def isolate_hook_script(script: Path) -> None:
    """pre-commit's hook script starts ``python -mpre_commit`` in the root of the checkout,
    which puts that directory first on ``sys.path``: a ``pre_commit.py`` committed at the
    root would be imported on every commit. Run it isolated (``-I``) instead. A script that
    is not pre-commit's, or is already isolated, is left as it is."""
    try:
        text = fsutil.read_bytes(script, 1 << 20).decode("utf-8")
    except (fsutil.Unreadable, UnicodeDecodeError):
        return
    if PRE_COMMIT_LAUNCH not in text:
        return
    fsutil.atomic_write(script, text.replace(PRE_COMMIT_LAUNCH, '"$INSTALL_PYTHON" -I -mpre_commit '), executable=True)
