"""`standards analyze`: print the inferred conventions with their evidence; writes nothing."""

from __future__ import annotations

import argparse
import difflib
import json
import sys

from standards import pipeline, standards_file
from standards.analyzers import all_analyzers
from standards.cli._common import repo_root
from standards.errors import StandardsError
from standards.report_analysis import analysis_json, analysis_text

HELP = "Infer the conventions of a repository and print them with their evidence (writes nothing)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", help="repository (default: current directory)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--only", help="comma-separated analyzer names to run")
    p.add_argument("--debug", action="store_true", help="let analyzer errors raise")


def chosen_analyzers(names: str) -> set[str]:
    """The analyzers ``--only`` names; an unknown or empty name is an error (exit 2) that
    suggests the closest real one."""
    known = [a.name for a in all_analyzers()]
    chosen = {name.strip() for name in names.split(",")}
    for name in sorted(chosen):
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; the analyzers are: {', '.join(known)}"
            raise StandardsError(f"--only: no analyzer named {name!r}{hint}")
    return chosen


def run(args: argparse.Namespace) -> int:
    root = repo_root(args.path)
    only = chosen_analyzers(args.only) if args.only is not None else None
    analysis = pipeline.analyze(root, {"debug": args.debug}, only=only)
    standards = pipeline.build(analysis, standards_file.load(root))
    if args.format == "json":
        json.dump(analysis_json(analysis, standards), sys.stdout, indent=2, sort_keys=True)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(analysis_text(analysis, standards))
    return 0
