"""`standards analyze`: print the inferred conventions with their evidence; writes nothing."""

from __future__ import annotations

import argparse
import json
import sys

from standards import pipeline, standards_file
from standards.cli._common import repo_root
from standards.report_analysis import analysis_json, analysis_text

HELP = "Infer the conventions of a repository and print them with their evidence (writes nothing)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", help="repository (default: current directory)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--only", help="comma-separated analyzer names to run")
    p.add_argument("--debug", action="store_true", help="let analyzer errors raise")


def run(args: argparse.Namespace) -> int:
    root = repo_root(args.path)
    only = set(args.only.split(",")) if args.only else None
    analysis = pipeline.analyze(root, {"debug": args.debug}, only=only)
    standards = pipeline.build(analysis, standards_file.load(root))
    if args.format == "json":
        json.dump(analysis_json(analysis, standards), sys.stdout, indent=2, sort_keys=True)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(analysis_text(analysis, standards))
    return 0
