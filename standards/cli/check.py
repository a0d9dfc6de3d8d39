"""`standards check`: run the conventions on staged changes, a diff, the whole tree or
files. Exit 0 clean, 1 violations, 2 cannot run."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from standards.check import engine
from standards.check.formats import all_formats
from standards.cli._common import repo_root
from standards.discovery import language_of

HELP = "Check files against the conventions (exit 0 clean, 1 violations, 2 cannot run)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--staged", action="store_true", help="the staged changes (what the pre-commit hook runs)")
    scope.add_argument(
        "--diff",
        nargs="?",
        const="",
        metavar="REF",
        help="changes since REF's merge base (default: the detected base branch)",
    )
    scope.add_argument("--all", action="store_true", help="every file (default)")
    p.add_argument(
        "files", nargs="*", help="files to check (with --staged: the hook's list; staged ones are judged as the change)"
    )
    p.add_argument("--format", choices=sorted(all_formats()), default="text")
    p.add_argument("--no-baseline", action="store_true", help="report baselined violations too")
    p.add_argument(
        "--ratchet",
        dest="ratchet",
        action="store_true",
        default=None,
        help="fail when the baseline could shrink (default on when CI=true)",
    )
    p.add_argument("--no-ratchet", dest="ratchet", action="store_false")
    p.add_argument("--repo", help="repository root (default: the current directory's)")


def run(args: argparse.Namespace) -> int:
    root = repo_root(args.repo)
    if args.files and (args.diff is not None or args.all):
        from standards.errors import StandardsError

        raise StandardsError("give FILES or one of --diff/--all, not both (--staged FILES: the hook's file list)")
    if args.staged:
        selection = engine.select(root, "staged", files=args.files)
    elif args.diff is not None:
        selection = engine.select(root, "diff", ref=args.diff or None)
    elif args.files:
        selection = engine.select(root, "files", files=args.files)
        for rel in not_regular(root, selection.paths):
            sys.stderr.write(f"standards: skipped {rel}: not a regular file (a FIFO, device or socket); not read\n")
    else:
        selection = engine.select(root, "all")
    ratchet = args.ratchet if args.ratchet is not None else (os.environ.get("CI") == "true" and selection.mode == "all")
    report = engine.run(root, selection, use_baseline=not args.no_baseline, ratchet=ratchet)
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ and args.format == "text"
    sys.stdout.write(all_formats()[args.format].render(report, color))
    return report.exit_code


def not_regular(root: Path, paths: list[str]) -> list[str]:
    """Of the named source files, those that cannot be read as files (FIFOs, devices,
    sockets): the check skips them, and says so."""
    out = []
    for rel in paths:
        full = root / rel
        if language_of(rel) is not None and not full.is_symlink() and full.exists() and not full.is_file():
            out.append(rel)
    return out
