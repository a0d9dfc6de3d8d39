"""`standards baseline`: record the violations that exist now, so only new ones block.
Run it after fixing debt so that the baseline shrinks.

Once a baseline is recorded, a warning that is not in it yet is not added (it blocks nothing;
adding it would only grow the baseline); the first recording takes every finding, as init does.
A baseline that grows is refused by `standards check --diff` unless the new entries carry a
reason: `--accept "reason"` writes one on each entry this run adds (and on entries the branch
added earlier without one), and CI prints it for the reviewer.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from standards import fsutil, gitutil, progress
from standards.check import acceptance, baseline, engine, tool_presence, weakening
from standards.cli._common import repo_root
from standards.discovery import discover
from standards.fsutil import WritePlan
from standards.model import Level

HELP = "Record the current violations as the baseline (after fixing debt, to shrink it)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", help="repository (default: current directory)")
    p.add_argument(
        "--accept",
        metavar="REASON",
        help="accept the violations the baseline gains, with a reason CI shows (a sentence; 'x' or '.' is refused)",
    )


def run(args: argparse.Namespace) -> int:
    from standards.adopt import current_violations

    root = repo_root(args.path)
    reason = acceptance.require_reason(args.accept) if args.accept is not None else ""
    standards = engine.load_standards(root)
    # without a tool, its rules would record no debt, and all of it would block the first commit checked with it
    paths = [f.path for f in discover(root, read_contents=False).files]
    tool_presence.require(root, standards, paths, Level.WARN, "record the baseline")
    existing = {e.key: e for e in baseline.load(root)}
    # the first recording takes every finding, as init does; a re-recording adds no warning
    recorded_before = fsutil.present(root, baseline.PATH)
    progress.start()
    progress.stage(f"checking {progress.counted(len(paths), 'file')} for existing violations")
    at_base = _base_keys(root) if reason else set()
    entries: set[baseline.Entry] = set()
    grown, accepted = [], []
    unrecorded = 0
    for f in current_violations(root, standards):
        entry = existing.get((f.rule, f.path, f.fingerprint))
        if entry is None and f.level is not Level.ERROR and recorded_before:
            unrecorded += 1  # a warning blocks nothing: recording it would only grow the baseline
            continue
        if entry is None:
            entry = baseline.Entry(f.rule, f.path, f.fingerprint, reason=reason)
            grown.append(entry)
        elif reason and not entry.reason and not entry.convention and entry.key not in at_base:
            entry = replace(entry, reason=reason)
            accepted.append(entry)
        entries.add(entry)
    progress.finish()
    plan = WritePlan(root)
    plan.add(baseline.PATH, baseline.render_entries(entries))
    plan.apply()
    print(f"standards: baseline {len(existing)} → {len(entries)} entries ({baseline.PATH})")
    if grown and not reason:
        print(
            f"  {len(grown)} new entr{'y' if len(grown) == 1 else 'ies'} without a reason: `standards check --diff` "
            'refuses the growth; fix the violations, or run `standards baseline --accept "why this is acceptable"`'
        )
    if unrecorded:
        print(f"  {unrecorded} warning(s) not recorded: they do not block, so the baseline does not need them")
    if reason and (grown or accepted):
        print(f"  accepted {len(grown) + len(accepted)} entries as {reason!r}; CI shows them with this reason")
    return 0


def _base_keys(root: Path) -> set[tuple[str, str, str]]:
    """The entries of the baseline the branch started from (its merge base, else HEAD)."""
    if not gitutil.is_repo(root) or not gitutil.has_commits(root):
        return set()
    ref = gitutil.detect_base(root)
    base = (gitutil.merge_base(root, ref) if ref else None) or "HEAD"
    text = weakening.base_blobs(root, base, [baseline.PATH]).get(baseline.PATH)
    if text is None:
        return set()
    return {e.key for e in baseline.parse(text, f"{baseline.PATH} at {base[:12]}")}
