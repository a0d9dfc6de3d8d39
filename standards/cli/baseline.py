"""`standards baseline`: record the violations that exist now, so only new ones block.
Run it after fixing debt so that the baseline shrinks."""

from __future__ import annotations

import argparse

from standards.check import baseline, engine
from standards.cli._common import repo_root
from standards.fsutil import WritePlan

HELP = "Record the current violations as the baseline (after fixing debt, to shrink it)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", help="repository (default: current directory)")


def run(args: argparse.Namespace) -> int:
    from standards.adopt import baseline_text

    root = repo_root(args.path)
    standards = engine.load_standards(root)
    before = len(baseline.load(root))
    text, count = baseline_text(root, standards)
    plan = WritePlan(root)
    plan.add(baseline.PATH, text)
    plan.apply()
    print(f"standards: baseline {before} → {count} entries ({baseline.PATH})")
    return 0
