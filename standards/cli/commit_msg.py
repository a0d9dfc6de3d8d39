"""`standards commit-msg FILE`: check a commit message against the repository's commit
conventions; the commit-msg git hook runs it with the message file git wrote.

Exit 0: accepted (warnings may be printed); 1: refused (a convention at error is broken);
2: cannot run (unreadable file, invalid standards.toml). Without a standards.toml every
message is accepted.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from standards import fsutil, gitutil, standards_file
from standards.cli._common import repo_root
from standards.errors import StandardsError
from standards.history import messages
from standards.history.reader import decode_text
from standards.model import Level
from standards.rules.commit_message import RULE, Problem, check_message, suggestion

HELP = "Check a commit message file against this repository's commit conventions (the commit-msg hook)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="the message file git passes to the commit-msg hook (.git/COMMIT_EDITMSG)")
    p.add_argument("--repo", help="repository (default: current directory)")


def run(args: argparse.Namespace) -> int:
    root = repo_root(args.repo)
    standards = standards_file.load(root)
    if standards is None:
        return 0
    text = messages.strip_comments(_read(Path(args.file)), comment_char(root))
    problems = check_message(text, standards)
    if not problems:
        return 0
    refused = any(p.convention.level is Level.ERROR for p in problems)
    print(render(problems, refused, args.file, suggestion(text, problems)), end="")
    return 1 if refused else 0


def _read(path: Path) -> str:
    try:
        return decode_text(fsutil.read_bytes(path, 1 << 20))
    except fsutil.Unreadable as exc:
        if not path.exists():
            raise StandardsError(f"{path}: no such file (expected the commit message file)") from None
        raise StandardsError(f"{path}: {exc.reason}") from None


def comment_char(root: Path) -> str:
    """git's core.commentChar ("#" unless configured; "auto" picks one git reports as #)."""
    out = gitutil.run(root, "config", "--get", "core.commentChar")
    value = out.decode("utf-8", "replace").strip() if out else ""
    return value if value and value != "auto" else "#"


def render(problems: list[Problem], refused: bool, path: str, suggested: str = "") -> str:
    """The report an author (or an agent) reads in a refused commit."""
    out = []
    for p in problems:
        conv = p.convention
        out.append(f"commit message  {RULE.id}  {conv.level.value}")
        out.append(f"  {p.message}.")
        out.append(f"  why: {p.why}.")
        out.append(f"  fix: {p.fix}.")
        if p.example:
            out.append(f"  example from this repo: {p.example}")
        out.append(f"  see: playbook.md#{conv.anchor} · standards explain {RULE.id}")
    if suggested:
        out.append(f"Suggested subject: {suggested}")
    if refused:
        out.append(f"Commit refused. Your message is kept: git commit -e -F {path}")
    return "\n".join(out) + "\n"
