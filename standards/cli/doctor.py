"""`standards doctor`: which tools are present, their versions, and whether the generated
configurations load. For ruff it also names every selection the installed ruff ignores
(a preview-only code without preview, a removed or unknown code), file by file."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from standards import __version__, fsutil, gitutil, js_tools, ruff_tool, standards_file, toolchain
from standards.check.runners import all_runners
from standards.cli._common import repo_root
from standards.discovery import discover
from standards.errors import StandardsError
from standards.model import Standards
from standards.proof import ruff_project, ruff_rules

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
    sys.stdout.write(tools_line(languages))
    standards = None
    try:
        standards = standards_file.load(root)
        state = f"ok, {len(standards.conventions)} conventions" if standards else "absent (run standards init)"
        print(f"  standards.toml: {state}")
    except StandardsError as exc:
        print(f"  standards.toml: BROKEN: {exc}")
        problems += 1
    if ruff_tool.ruff_bin():
        problems += ruff_config_report(root)
    if standards is not None:
        problems += linter_selection_report(root, standards)
    hook = gitutil.hooks_dir(root)
    if hook is not None:
        installed = (hook / "pre-commit").is_file()
        state = "installed" if installed else "not installed (run standards init or pre-commit install)"
        print(f"  pre-commit hook: {state}")
        sys.stdout.write(f"  hook's quick verdict: {quick_verdict_state(root)}\n")
    return 1 if problems else 0


def quick_verdict_state(root: Path) -> str:
    """Whether the hook can answer a clean Python change without loading the check, and if not why."""
    from standards.check import quick

    plan, why = quick.plan_state(os.path.realpath(root))
    if plan is not None:
        return "ready (STANDARDS_QUICK_TRACE=1 says how each commit is answered)"
    return f"not ready: {why}; the next `standards check --staged` of a Python change writes its plan"


SELECTING = ("lint.select", "lint.extend-select", "select", "extend-select")


def ruff_config_report(root: Path) -> int:
    """Print whether the repository's ruff config loads and what it selects in vain; the number of problems."""
    try:
        chain = ruff_project.verify(root)
    except StandardsError as exc:
        print(f"  ruff config: NOT READ: {exc}")
        return 1
    rel = chain.layers[0].path if chain is not None else "ruff.toml"
    text = fsutil.read_repo_config(root, rel) if chain is not None else None
    problems = 0
    try:
        with ruff_project.private_config(root, rel, text) as (config, _):
            ruff_project.show_settings(root, config, name=rel)
        print("  ruff config: loads")
    except StandardsError as exc:
        print(f"  ruff config: DOES NOT LOAD: {exc}")
        problems += 1
    vain = ignored_selections(chain) if chain is not None else []
    for line in vain:
        print(f"  ruff selection: {line}")
    return problems + len(vain)


def ignored_selections(chain: ruff_project.Chain) -> list[str]:
    """ "pyproject.toml: tool.ruff.lint.select has E111: needs ruff preview, ..." for each selection ruff ignores."""
    out = []
    for layer in chain.layers:
        for key in SELECTING:
            selected = ruff_project.lookup(layer.table, key)
            for code in selected if isinstance(selected, list) else []:
                problem = ruff_rules.problem(str(code), chain.preview)
                if problem:
                    out.append(f"{layer.path}: {ruff_project.key_name(layer.path, key)} has {problem}")
    return out


def linter_selection_report(root: Path, standards: Standards) -> int:
    """Print each ESLint rule and RuboCop cop standards.toml selects that the installed tool does
    not know (a rule of a plugin we do not carry, a cop newer than the installed RuboCop); the
    number of them. The proofs of `init`/`update` demote the conventions they belong to."""
    from standards.proof import eslint_rules, rubocop_rules

    vain: list[str] = []
    install = toolchain.find_eslint(root)
    if install is not None:
        vain += [f"ESLint rule {line}" for line in eslint_rules.unknown_rules(standards, install)]
    if toolchain.find_rubocop(root) is not None:
        vain += [f"RuboCop cop {line}" for line in rubocop_rules.unknown_cops(standards)]
    sys.stdout.write("".join(f"  linter selection: {line}\n" for line in vain))
    return len(vain)


def tools_line(languages: dict[str, int]) -> str:
    """Where the pinned JavaScript toolchain is (`standards tools install`), when JS/TS is here."""
    if not (languages.get("javascript") or languages.get("typescript")):
        return ""
    status = js_tools.installed()
    if status.complete:
        return f"  standards tools: ok ({status.directory})\n"
    missing = ", ".join(f"{p} {v}" for p, v in status.wrong.items())
    return f"  standards tools: not installed in {status.directory} ({missing}); run `standards tools install`\n"
