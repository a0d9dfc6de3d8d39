"""`standards doctor`: which tools are present, their versions, and whether the generated
configurations load."""

from __future__ import annotations

import argparse
import shutil
import subprocess

from standards import __version__, gitutil, ruff_tool, standards_file
from standards.check.runners import all_runners
from standards.cli._common import repo_root
from standards.discovery import discover
from standards.errors import StandardsError

HELP = "Show which tools are present and whether the generated configs load."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", help="repository (default: current directory)")


def run(args: argparse.Namespace) -> int:
    root = repo_root(args.path)
    problems = 0
    print(f"standards {__version__}")
    git = shutil.which("git")
    print(f"  git: {'ok' if git else 'MISSING (history, hooks and --staged/--diff need it)'}")
    languages = discover(root).languages()
    for runner in all_runners():
        if not any(languages.get(lang) for lang in runner.LANGUAGES):
            print(f"  {runner.NAME}: not needed here (no {'/'.join(runner.LANGUAGES)} files)")
            continue
        reason = runner.available(root)
        version = ruff_tool.version() if runner.NAME == "ruff" else None
        print(f"  {runner.NAME}: {('ok' + (f' ({version})' if version else '')) if reason is None else reason}")
        problems += reason is not None
    try:
        standards = standards_file.load(root)
        print(
            f"  standards.toml: {'ok, ' + str(len(standards.conventions)) + ' conventions' if standards else 'absent (run standards init)'}"
        )
    except StandardsError as exc:
        print(f"  standards.toml: BROKEN: {exc}")
        problems += 1
    exe = ruff_tool.ruff_bin()
    if exe:
        proc = subprocess.run(
            [exe, "check", "--show-settings", "--no-cache", "."], cwd=root, capture_output=True, text=True
        )
        ok = proc.returncode == 0
        problems += not ok
        print(f"  ruff config: {'loads' if ok else 'DOES NOT LOAD: ' + proc.stderr.strip()[:300]}")
    hook = gitutil.hooks_dir(root)
    if hook is not None:
        installed = (hook / "pre-commit").is_file()
        print(
            f"  pre-commit hook: {'installed' if installed else 'not installed (run standards init or pre-commit install)'}"
        )
    return 1 if problems else 0
