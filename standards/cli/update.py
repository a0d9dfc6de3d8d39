"""`standards update`: re-infer, keep what people edited, show what drifted, and re-render
every generated file from standards.toml.

Code committed since adoption that the check refuses is not evidence: the conventions it
breaks keep their level and value, and it is listed as violations to fix (exit 1), never
folded into the baseline. The baseline grows only for conventions this run adds or
tightens, each entry naming the convention and the reason."""

from __future__ import annotations

import argparse

from standards import adopt, progress, standards_file
from standards.cli._common import repo_root
from standards.errors import StandardsError
from standards.model import Finding, Standards

HELP = "Re-infer the conventions, keep people's edits, show drift and re-render the outputs."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", help="repository (default: current directory)")
    p.add_argument("--dry-run", action="store_true", help="show the drift and the diff; write nothing")


def drift(before: Standards, after: Standards) -> list[str]:
    lines = []
    for cid in sorted(set(before.conventions) | set(after.conventions)):
        old, new = before.conventions.get(cid), after.conventions.get(cid)
        if old is None and new is not None:
            lines.append(f"  new: {cid} = {new.value!r} ({new.level.value})")
        elif new is None and old is not None:
            lines.append(f"  gone: {cid} (was {old.level.value})")
        elif old is not None and new is not None:
            if new.level.rank < old.level.rank:
                lines.append(
                    f"  strengthened: {cid} {old.level.value} → {new.level.value} ({new.support[0]}/{new.support[1]})"
                )
            elif new.level.rank > old.level.rank:
                lines.append(
                    f"  weakened: {cid} {old.level.value} → {new.level.value} ({new.support[0]}/{new.support[1]})"
                )
            elif old.value != new.value:
                lines.append(f"  changed: {cid} {old.value!r} → {new.value!r}")
    return lines


SHOWN = 10  # drift findings listed; the rest are counted


def run(args: argparse.Namespace) -> int:
    root = repo_root(args.path)
    previous = standards_file.load(root)
    if previous is None:
        raise StandardsError("no standards.toml here: run `standards init` first")
    before = standards_file.load(root)
    progress.start()
    outcome = adopt.plan(root, previous)
    progress.finish()
    changes = drift(before, outcome.standards)
    kept = [c.id for c in outcome.standards.conventions.values() if c.source.value == "manual"]
    print("standards: drift since the last run:" if changes else "standards: no drift in the conventions")
    if changes:
        print("\n".join(changes))
    if any(line.startswith("  weakened:") for line in changes):
        print(
            "  a lowered level is a weakening: `standards check --diff` refuses it unless a commit of the change "
            "carries `Standards-Accept: <convention>: <reason>`"
        )
    if kept:
        print(f"  kept as people edited them: {', '.join(kept)}")
    if outcome.held:
        print(f"  kept as they were (code since adoption breaks them; it is not evidence): {', '.join(outcome.held)}")
    print_violations(outcome.drift)
    if args.dry_run:
        print(outcome.plan.diff() or "  no file would change")
        return 1 if outcome.drift else 0
    progress.start()
    adopt.apply(outcome, install_hooks=False)
    progress.finish()
    for note in outcome.baseline_notes:
        print(f"  {note}")
    print(f"  wrote: {', '.join(outcome.written) or 'nothing (already up to date)'}")
    return 1 if outcome.drift else 0


def print_violations(findings: list[Finding]) -> None:
    """The violations since adoption: to fix, not to record."""
    if not findings:
        return
    print(
        f"standards: {len(findings)} violation{'s' if len(findings) != 1 else ''} committed since adoption; "
        "fix them (update does not record them in the baseline):"
    )
    for f in findings[:SHOWN]:
        print(f"  {f.location}  {f.rule}  {f.message}")
    if len(findings) > SHOWN:
        print(f"  ... and {len(findings) - SHOWN} more: `standards check --all` lists them")
