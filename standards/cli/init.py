"""`standards init`: infer the conventions and write standards.toml, playbook.md, linter
configs, pre-commit hooks, CI job and baseline. `--dry-run` prints the diff instead."""

from __future__ import annotations

import argparse
import sys

from standards import adopt, gitutil, progress, standards_file
from standards.cli._common import repo_root
from standards.model import Level

HELP = "Infer this repository's conventions and install everything that enforces them."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", help="repository (default: current directory)")
    p.add_argument("--dry-run", action="store_true", help="print the diff of every file; write nothing")
    p.add_argument("--no-hooks", action="store_true", help="do not run `pre-commit install`")
    p.add_argument("--no-baseline", action="store_true", help="do not record existing violations")


def run(args: argparse.Namespace) -> int:
    root = repo_root(args.path)
    previous = standards_file.load(root)
    progress.start()
    outcome = adopt.plan(root, previous)
    if args.dry_run:
        progress.finish()
        diff = outcome.plan.diff()
        sys.stdout.write(diff if diff else "standards: nothing would change\n")
        print(summary(outcome, dry_run=True), file=sys.stderr)
        return 0
    adopt.apply(outcome, record_baseline=not args.no_baseline, install_hooks=not args.no_hooks)
    progress.finish()
    print(summary(outcome, dry_run=False))
    return 0


def summary(outcome: adopt.Outcome, dry_run: bool) -> str:
    s, a = outcome.standards, outcome.analysis
    d = a.ctx.discovery
    counts = {lvl: len(s.by_level(lvl)) for lvl in Level}
    lines = [
        f"standards: {len(d.files)} source files ({', '.join(f'{k} {v}' for k, v in d.languages().items()) or 'none'})"
        + (f"; frameworks: {', '.join(a.ctx.frameworks)}" if a.ctx.frameworks else ""),
        f"  conventions: {counts[Level.ERROR]} enforced, {counts[Level.WARN]} warnings, {counts[Level.INFO]} notes",
    ]
    if not d.in_git:
        lines.append(f"  {gitutil.why_not_repo(d.root)}: no hooks installed, history not read")
    for line in d.skipped_summary():
        lines.append(f"  skipped {line}")
    if a.ctx.sample_note():
        lines.append(f"  {a.ctx.sample_note()}")
    if a.ctx.parse_errors:
        lines.append(
            f"  {len(a.ctx.parse_errors)} files do not parse and were left out of inference, e.g. "
            + "; ".join(f"{p} ({m})" for p, m in sorted(a.ctx.parse_errors.items())[:3])
        )
    for name, err in a.failures.items():
        lines.append(f"  analyzer {name} failed ({err}); the others ran — please report this")
    for note in outcome.notes:
        lines.append(f"  note: {note}")
    if dry_run:
        changed = [w.path for w in outcome.plan.changed()]
        lines.append(
            f"  would write: {', '.join(changed) if changed else 'nothing'} (baseline is recorded on a real run)"
        )
    else:
        lines.append(f"  wrote: {', '.join(outcome.written) if outcome.written else 'nothing (already up to date)'}")
        lines.append(f"  baseline: {outcome.baseline_count} existing violations recorded; only new ones block")
        if outcome.hooks:
            lines.append(f"  git hooks {outcome.hooks}")
        lines.append("  next: read playbook.md, commit these files; `standards check --staged` runs on every commit")
    return "\n".join(lines)
