"""`python -m bench.runbook [CORPUS ...]`: the "How to run and test" discovery on real corpora.

For each corpus, a throwaway copy in a temporary folder is read by
:func:`standards.runbook.discover_runbook`, and the chosen test command is checked statically,
as the trust contract rules ("the bench never runs a corpus's code", docs/trust.md): its
``path:line`` quotes it, the target/env/script it names exists and reaches a runner, the runner
is declared by the project (or ships with the language), the one-file example exists, and
whether that runner is installed here. The list-mode command (``--collect-only``, ``--dry-run``,
``--listTests``) is written out for a person to run; the bench does not run it.
Writes bench/results/runbook.json.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.corpora import corpus_dir
from standards.discovery import discover
from standards.playbook import quotes
from standards.runbook import Runbook, discover_runbook, render_markdown
from standards.runbook.choose import inner_runner, resolve
from standards.runbook.model import Command

CORPORA = ("flask", "flaskbb", "netbox", "attrs", "ghost", "rails", "rubocop")
RESULTS = Path(__file__).parent / "results" / "runbook.json"
NOT_RUN = "not run: the bench never runs a corpus's code (docs/trust.md, rulings); checked statically"
MAX_DECLARATION_BYTES = 2 * 1024 * 1024
PY_DECLARATIONS = ("pyproject.toml", "setup.cfg", "setup.py", "tox.ini", "noxfile.py", "Pipfile", "uv.lock")
BUILTIN = {"unittest": "Python's standard library", "node:test": "Node's standard library"}
RUNNER_PACKAGES = {
    "pytest": ("python", r"\bpytest\b"),
    "nose2": ("python", r"\bnose2\b"),
    "django": ("python", r"\b[Dd]jango\b"),
    "rspec": ("ruby", r"\brspec\b"),
    "minitest": ("ruby", r"\b(minitest|rails)\b"),
    "rails": ("ruby", r"\brails\b"),
    "jest": ("javascript", r"\"jest\""),
    "vitest": ("javascript", r"\"vitest\""),
    "mocha": ("javascript", r"\"mocha\""),
    "ava": ("javascript", r"\"ava\""),
    "tap": ("javascript", r"\"tap\""),
    "tape": ("javascript", r"\"tape\""),
}
LIST_MODE = {
    "pytest": "{prefix}pytest --collect-only -q",
    "django": "python manage.py test --help",
    "unittest": "python -m unittest discover --help",
    "rspec": "bundle exec rspec --dry-run",
    "minitest": "bin/rails test (no list mode; run with -n /^$/ to load the files)",
    "rails": "bin/rails test -n /^$/",
    "jest": "npx jest --listTests",
    "vitest": "npx vitest list",
    "mocha": "npx mocha --dry-run",
}
BINARIES = {"pytest": "pytest", "rspec": "rspec", "rails": "ruby", "minitest": "ruby", "django": "python3"}
BINARIES |= {"jest": "node", "vitest": "node", "mocha": "node", "node:test": "node", "unittest": "python3"}
BINARIES |= {"tape": "node", "tap": "node", "ava": "node"}


def log(msg: str) -> None:
    print(f"[runbook {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def files_of(root: Path) -> list[str]:
    found = discover(root, read_contents=False)
    return sorted({f.path for f in found.files} | set(found.other_files))


def line_at(root: Path, where: str) -> str:
    path, _, line = where.rpartition(":")
    try:
        lines = (root / path).read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        return ""
    number = int(line) if line.isdigit() else 0
    return lines[number - 1] if 0 < number <= len(lines) else ""


def cites_itself(root: Path, command: Command) -> bool:
    """Whether the line the command cites holds it (its text, its name or what it runs)."""
    if command.source == "bin":
        return (root / command.path).is_file()
    text = line_at(root, command.where)
    candidates = [command.text, command.name, command.runs.split(" ")[0] if command.runs else ""]
    return any(c and c in text for c in candidates)


def declared(root: Path, files: list[str], runner: str) -> str:
    """Where the project declares its test runner ("" when nowhere)."""
    if runner in BUILTIN:
        return BUILTIN[runner]
    if runner not in RUNNER_PACKAGES:
        return ""
    language, pattern = RUNNER_PACKAGES[runner]
    if language == "python":
        names = [f for f in files if f in PY_DECLARATIONS or re.match(r"(requirements[^/]*|requirements/.*)\.txt$", f)]
    elif language == "ruby":
        names = [f for f in files if f in ("Gemfile", "Gemfile.lock") or f.endswith(".gemspec") and "/" not in f]
    else:
        names = [f for f in files if f == "package.json"]
    for rel in names:
        path = root / rel
        if not path.is_file() or path.stat().st_size > MAX_DECLARATION_BYTES:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").split("\n"), start=1):
            if re.search(pattern, line):
                return f"{rel}:{number}"
    if runner == "minitest":
        return "bundled with Ruby"
    return ""


def list_mode(runner: str, line: str) -> str:
    template = LIST_MODE.get(runner, "")
    if runner == "pytest" and line:
        head = line.split("pytest", 1)[0]
        return template.format(prefix=head)
    return template.format(prefix="")


def check(root: Path, files: list[str], runbook: Runbook) -> dict[str, Any]:
    chosen = runbook.test_command
    out: dict[str, Any] = {"ran": False, "why_not": NOT_RUN}
    if chosen is None:
        out["why_not"] = "no test command found" + ("" if runbook.has_tests else " and no tests")
        return out
    reached = resolve(chosen, runbook.commands)
    runner = inner_runner(chosen, runbook.commands) or next((lay.framework for lay in runbook.layouts), "")
    if chosen.text == "bin/rails test":
        runner = "rails"
    example = next((lay.example for lay in runbook.layouts if lay.example), "")
    binary = BINARIES.get(runner, runner)
    out.update(
        {
            "quote_ok": cites_itself(root, chosen),
            "reaches_runner": reached or (chosen.runs if runner else ""),
            "runner": runner,
            "runner_declared": declared(root, files, runner),
            "example_exists": bool(example) and (root / example).is_file(),
            "runner_installed_here": bool(shutil.which(binary)) if binary else False,
            "list_mode_command": list_mode(runner, reached),
        }
    )
    out["static_ok"] = bool(out["quote_ok"] and runner and out["runner_declared"] and out["example_exists"])
    return out


def measure(name: str) -> dict[str, Any]:
    source = corpus_dir(name)
    with tempfile.TemporaryDirectory(prefix=f"runbook-{name}-") as tmp:
        copy = Path(tmp) / name
        shutil.copytree(source, copy, symlinks=True)
        files = files_of(copy)
        started = time.perf_counter()
        runbook = discover_runbook(copy, files)
        seconds = time.perf_counter() - started
        markdown = render_markdown(runbook)
        chosen = runbook.test_command
        return {
            "corpus": name,
            "files": len(files),
            "seconds": round(seconds, 2),
            "test_command": chosen.text if chosen else None,
            "source": f"{chosen.source} {chosen.where}" if chosen else None,
            "why": runbook.test_command_why,
            "one_file": runbook.one_file,
            "commands": {
                kind: [f"{c.text} ({c.where})" for c in runbook.of_kind(kind)][:6]
                for kind in ("test", "lint", "format", "typecheck")
            },
            "package_manager": runbook.package_manager,
            "layouts": [
                {
                    "language": lay.language,
                    "framework": lay.framework,
                    "files": lay.files,
                    "places": lay.places,
                    "naming": lay.naming,
                    "fixtures": [f"{f.name} ({f.path}:{f.line}, {f.uses})" for f in lay.fixtures],
                    "base_classes": [f"{b.name} ({b.uses})" for b in lay.base_classes],
                }
                for lay in runbook.layouts
            ],
            "check": check(copy, files, runbook),
            "notes": runbook.notes,
            "words": len(markdown.split()),
            "citations_not_quotes": [str(p) for p in quotes.check(copy, quotes.markdown_citations(markdown))],
            "section": markdown,
        }


def main(argv: list[str]) -> int:
    names = [a for a in argv if not a.startswith("-")] or list(CORPORA)
    rows = []
    for name in names:
        log(f"{name}: discovering")
        rows.append(measure(name))
        row = rows[-1]
        log(f"{name}: {row['test_command']!r} from {row['source']} in {row['seconds']} s")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"corpora": rows}, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
