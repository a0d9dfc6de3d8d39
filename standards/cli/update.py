"""`standards update`: re-infer, keep what people edited, show what drifted, and re-render
every generated file from standards.toml."""

from __future__ import annotations

import argparse

from standards import adopt, standards_file
from standards.cli._common import repo_root
from standards.errors import StandardsError
from standards.model import Standards

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


def run(args: argparse.Namespace) -> int:
    root = repo_root(args.path)
    previous = standards_file.load(root)
    if previous is None:
        raise StandardsError("no standards.toml here: run `standards init` first")
    before = standards_file.load(root)
    outcome = adopt.plan(root, previous)
    changes = drift(before, outcome.standards)
    kept = [c.id for c in outcome.standards.conventions.values() if c.source.value == "manual"]
    print("standards: drift since the last run:" if changes else "standards: no drift in the conventions")
    if changes:
        print("\n".join(changes))
    if kept:
        print(f"  kept as people edited them: {', '.join(kept)}")
    if args.dry_run:
        print(outcome.plan.diff() or "  no file would change")
        return 0
    adopt.apply(outcome, install_hooks=False)
    print(f"  wrote: {', '.join(outcome.written) or 'nothing (already up to date)'}")
    return 0
