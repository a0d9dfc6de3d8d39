"""What `standards init` and `standards update` share: infer, plan every file, write it
atomically, record the baseline, install the git hooks."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from standards import gitutil, pipeline, standards_file
from standards.check import baseline, engine
from standards.context import Context
from standards.emitters import EmitEnv, all_emitters, emit_all
from standards.fsutil import WritePlan
from standards.model import Standards


@dataclass
class Outcome:
    standards: Standards
    analysis: pipeline.Analysis
    plan: WritePlan
    notes: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    baseline_count: int = 0
    hooks: str = ""


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
    standards.settings.setdefault("playbook", "playbook.md")
    write_plan = WritePlan(analysis.root)
    write_plan.add(
        standards_file.FILENAME, standards_file.render(standards, write_plan.current(standards_file.FILENAME))
    )
    write_plan.add(standards_file.SNAPSHOT, standards_file.render_snapshot(standards))
    notes = emit_all(standards, write_plan, env_for(analysis, standards))
    return Outcome(standards=standards, analysis=analysis, plan=write_plan, notes=notes)


def apply(outcome: Outcome, record_baseline: bool = True, install_hooks: bool = True) -> Outcome:
    root = outcome.analysis.root
    outcome.written = outcome.plan.apply()
    if record_baseline:
        # the baseline is measured with the configs just written; if that fails, they are undone
        try:
            text, count = baseline_text(root, outcome.standards, outcome.analysis.ctx)
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


def baseline_text(root: Path, standards: Standards, analysis: Context | None = None) -> tuple[str, int]:
    """The baseline of every current violation; ``analysis`` reuses a parsed repository."""
    report = engine.run(
        root,
        engine.Selection("all", []),
        use_baseline=False,
        standards=standards,
        analysis=analysis,
    )
    return baseline.render(report.findings), len(report.findings)


def install_git_hooks(root: Path) -> str:
    """Run `pre-commit install` for the hook types the config asks for; say what happened."""
    hooks_path = gitutil.run(root, "config", "--get", "core.hooksPath")
    if hooks_path:
        return (
            f"not installed: git's core.hooksPath is set to {hooks_path.decode().strip()}; "
            "run `pre-commit install` after unsetting it, or call `standards check --staged` from your hook"
        )
    env = {**os.environ}
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "pre_commit", "install"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"not installed: pre-commit could not run ({exc})"
    if proc.returncode != 0:
        return f"not installed: {(proc.stderr or proc.stdout).strip().splitlines()[-1:]}"
    installed = [
        line.split("installed at", 1)[1].strip() for line in proc.stdout.splitlines() if "installed at" in line
    ]
    return "installed: " + ", ".join(os.path.relpath(p, root) if os.path.isabs(p) else p for p in installed)
