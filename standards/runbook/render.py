"""The runbook as the playbook's short "How to run and test" section: the test command and
where it is written, one test file, lint/format/type-check commands, the framework, fixtures
and base classes to use, and where tests go. Says plainly when there are no tests."""

from __future__ import annotations

from standards.runbook import classify
from standards.runbook.choose import PRIORITY
from standards.runbook.model import Command, Runbook, TestLayout

HEADING = "## How to run and test"
OTHER_KINDS = (("lint", "Lint"), ("format", "Format"), ("typecheck", "Type-check"))
FRAMEWORK_NAMES = {
    "pytest": "pytest",
    "unittest": "unittest",
    "django": "Django's test runner",
    "rspec": "RSpec",
    "minitest": "minitest",
    "node:test": "node:test",
}
LANGUAGE_NAMES = {"python": "Python", "ruby": "Ruby", "javascript": "JavaScript/TypeScript"}


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _cited(command: Command) -> str:
    """`command` (path:line) when that line holds it; otherwise what the line holds is the
    quote: `make lint` (runs `flake8`, Makefile:41)."""
    if command.verbatim or not command.line:
        return f"{_code(command.text)} ({command.where})"
    if command.runs and command.source not in ("bin", "gemfile"):
        return f"{_code(command.text)} (runs {_code(command.runs)}, {command.where})"
    return f"{_code(command.text)} (from {command.where})"


def _best(commands: list[Command], kind: str) -> Command | None:
    """The command of a kind to show: by source as for tests, a target named for its kind first."""
    ranked = sorted(
        enumerate(commands),
        key=lambda p: (
            PRIORITY.get(p[1].source, 3),
            "${{" in p[1].text,
            classify.base(classify.parse(p[1].runs or p[1].text).tool) in classify.SECONDARY_LINTERS,
            p[1].name not in ("", kind),
            p[0],
        ),
    )
    return ranked[0][1] if ranked else None


def _test_line(runbook: Runbook) -> str:
    chosen = runbook.test_command
    if chosen is None:
        if runbook.has_tests:
            return "- **Tests:** no test command is written down in CI, scripts or docs" + (
                "; the runner the tests are written for runs them (one file below)." if runbook.one_file else "."
            )
        return "- **Tests:** none. This repository has no tests and no test command; say so rather than guess."
    cwd = chosen.cwd or next((lay.run_from for lay in runbook.layouts if "manage.py" in chosen.text), "")
    where = f" (from `{cwd}`)" if cwd else ""
    line = f"- **Tests:** {_code(chosen.text)}{where}: {runbook.test_command_why}, {chosen.where}"
    if chosen.runs and chosen.runs != chosen.text and chosen.source not in ("bin", "gemfile"):
        line += f" (runs {_code(chosen.runs)})"
    if not runbook.has_tests:
        line += ". No test files were found, though"
    return line + "."


def _layout_lines(layout: TestLayout, several: bool) -> list[str]:
    lines = []
    lang = f" ({LANGUAGE_NAMES.get(layout.language, layout.language)})" if several else ""
    if not layout.framework:
        return [f"- **Tests{lang}:** {layout.files} test files; their framework is not recognised from their code."]
    name = FRAMEWORK_NAMES.get(layout.framework, layout.framework)
    places = ", ".join(_code(place) for place, _ in layout.places[:2])
    naming = ", ".join(f"{_code(pattern)} ({count})" for pattern, count in layout.naming[:2])
    evidence = f" ({layout.framework_evidence})" if layout.framework_evidence else ""
    where = f" in {places}, named {naming}" if places and naming else ""
    lines.append(f"- **Framework{lang}:** {name}{evidence}. {layout.files} test files{where}.")
    if layout.fixtures:
        shown = ", ".join(f"{_code(f.name)} ({f.path}:{f.line}, {f.uses} tests)" for f in layout.fixtures[:4])
        lines.append(f"- **Fixtures to reuse:** {shown}.")
    if layout.base_classes:
        shown = ", ".join(
            _code(b.name) + (f" ({b.path}:{b.line}, {b.uses} classes)" if b.path else f" ({b.uses} classes)")
            for b in layout.base_classes[:3]
        )
        lines.append(f"- **Base classes:** {shown}.")
    if layout.helpers:
        lines.append("- **Helpers:** " + ", ".join(f"{name} ({count})" for name, count in layout.helpers[:4]) + ".")
    return lines


def render_markdown(runbook: Runbook) -> str:
    """The "## How to run and test" section, in Markdown (ends with a newline)."""
    lines = [HEADING, "", _test_line(runbook)]
    if runbook.one_file:
        lines.append(f"- **One test file:** {_code(runbook.one_file)}.")
    others = []
    for kind, label in OTHER_KINDS:
        best = _best(runbook.of_kind(kind), kind)
        if best is not None:
            others.append(f"**{label}:** {_cited(best)}")
    if others:
        lines.append("- " + "; ".join(others) + ".")
    if runbook.package_manager and runbook.package_manager_evidence:
        lines.append(f"- **Package manager:** {runbook.package_manager} ({runbook.package_manager_evidence}).")
    layouts = [layout for layout in runbook.layouts if layout.files]
    for layout in layouts[:2]:
        lines += _layout_lines(layout, len(layouts) > 1)
    return "\n".join(lines) + "\n"
