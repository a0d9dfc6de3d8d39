"""`standards check`: run the conventions on staged changes, a diff, the whole tree or
files. Exit 0 clean, 1 violations, 2 cannot run."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path

from standards import progress
from standards.check import engine, formats, statistics
from standards.cli._common import repo_root
from standards.cli._output import add_output_arguments, use_color, write
from standards.discovery import discover, language_of

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
    p.add_argument(
        "--format",
        "--output-format",
        dest="format",
        choices=formats.names(),
        default="text",
        help="text (grouped by file, why/fix once per rule), concise (one line per finding), json, sarif, "
        "github (annotations), gitlab (Code Quality report)",
    )
    p.add_argument(
        "--statistics", action="store_true", help="one line per rule: how many findings, how many fixable, the level"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print the findings only: no notes, no summary line")
    p.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when there are violations (2 still means: cannot run)"
    )
    add_output_arguments(p)
    p.add_argument(
        "--fix",
        action="store_true",
        help="apply the fixers of the enforced conventions (ruff --fix, ruff format, renames, eslint --fix, "
        "rubocop -a) to the selected files, then check again",
    )
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
    if selection.mode == "all":
        progress.start()
        progress.stage(f"checking {progress.counted(len(selection.paths), 'file')}")
    ratchet = args.ratchet if args.ratchet is not None else (os.environ.get("CI") == "true" and selection.mode == "all")
    fixed: list[str] = []
    if args.fix:
        fixed = apply_fixes(root, selection)
        if fixed and selection.mode == "staged":
            # the fixes are in the work tree, not in the commit: judge the files as they are now
            selection = engine.select(root, "files", files=selection.paths)
    report = engine.run(root, selection, use_baseline=not args.no_baseline, ratchet=ratchet)
    progress.finish()
    languages = {language_of(p) for p in selection.paths}
    python_change = bool(languages) and languages <= {"python", None}  # Python and files that are no source
    if selection.mode == "staged" and python_change and not args.fix and not report.tool_notes:
        from standards.check import hook_plan  # what the next hook's quick verdict follows, for a change like this

        hook_plan.refresh(root, engine.load_standards)
    to_terminal = not args.output_file and sys.stdout.isatty()
    color = args.format == "text" and use_color(args.color, to_terminal)
    quiet = args.quiet and (args.statistics or args.format in ("text", "concise"))
    shown = dataclasses.replace(report, tool_notes=[]) if quiet else report
    if args.statistics:
        rendered = statistics.render(shown)
    else:
        rendered = formats.get(args.format).render(shown, color)
    write(without_summary(rendered) if quiet else rendered, args.output_file)
    if fixed and args.staged:
        count = f"{len(fixed)} staged file{'s' if len(fixed) != 1 else ''}"
        sys.stderr.write(f"standards: --fix changed {count}: review the changes, `git add` them, commit again\n")
        return 0 if args.exit_zero else 1
    return 0 if args.exit_zero else report.exit_code


def apply_fixes(root: Path, selection: engine.Selection) -> list[str]:
    """Run the fixers on the selected files, say what they did on stderr; the files changed."""
    from standards import fix  # libcst and the codemod load only when fixing

    standards = engine.load_standards(root)
    others = [f.path for f in discover(root, read_contents=False).files]
    outcome = fix.apply(root, list(selection.paths), standards, others)
    for line in outcome.lines():
        sys.stderr.write(f"standards: {line}\n")
    return outcome.changed


def without_summary(rendered: str) -> str:
    """The output without its last line (the summary) and the blank lines before it."""
    lines = rendered.rstrip("\n").split("\n")[:-1]
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


def not_regular(root: Path, paths: list[str]) -> list[str]:
    """Of the named source files, those that cannot be read as files (FIFOs, devices,
    sockets): the check skips them, and says so."""
    out = []
    for rel in paths:
        full = root / rel
        if language_of(rel) is not None and not full.is_symlink() and full.exists() and not full.is_file():
            out.append(rel)
    return out
