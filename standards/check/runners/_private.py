"""What the ESLint and RuboCop runners share: running a linter from a private directory and
reading its JSON report, and a findings list that carries notes for the check's output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from standards import procutil
from standards.check.runners import RunnerError
from standards.model import Convention, Finding, Source


class RunnerFindings(list[Finding]):
    """Findings of one runner, with the notes it has for the user ("eslint.config.js: needs
    evaluation; not merged"); the engine adds the notes to the report's tool notes."""

    def __init__(self, findings: list[Finding] | None = None, notes: list[str] | None = None) -> None:
        super().__init__(findings or [])
        self.notes = list(notes or [])


def json_report(tool: str, argv: list[str], cwd: Path, timeout: int, empty: str) -> Any:
    """Run a linter that prints a JSON report (exit 0 clean, 1 offences) in ``cwd`` and decode
    it; ``empty`` is the report that no output stands for. Anything else is a RunnerError."""
    done = procutil.run(argv, cwd=cwd, timeout=timeout)
    if done.returncode not in (0, 1):
        said = (done.err or done.out).strip().splitlines()
        errors = [line for line in said if line.lower().startswith(("error", "invalid")) or "obsolete" in line]
        raise RunnerError(f"{tool} failed (exit {done.returncode}): {(errors or said or ['no output'])[0]}")
    try:
        return json.loads(done.out or empty)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise RunnerError(f"{tool} printed something that is not its JSON report: {exc}") from None


def relative(root: Path, file_path: str) -> str:
    """A path from a linter's report, relative to the repository."""
    try:
        return Path(file_path).resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return Path(file_path).as_posix()


def our_reason(conv: Convention) -> str:
    """The why of a finding whose rule comes from us, not from the project's configuration:
    ``standards.toml``, the convention and its evidence."""
    followed, total = conv.support
    if conv.source is Source.EXPLICIT:
        evidence = f"adopted from {conv.explicit_in or 'the project configuration'}"
    elif conv.source is Source.MANUAL:
        evidence = "set by hand"
    elif total:
        evidence = f"followed in {followed} of {total} places"
    else:
        evidence = "inferred from the code"
    detail = f"; {conv.why}" if conv.why and conv.source is not Source.EXPLICIT else ""
    return f"standards.toml [{conv.id}]: {evidence}{detail}"
