"""Which command runs the tests, by evidence: what the CI runs first, then Makefile targets,
tox/nox envs and declared scripts, then the README and contributing pages, then what the
Gemfile implies; and how to run one test file with the runner that command reaches."""

from __future__ import annotations

from pathlib import PurePosixPath

from standards.runbook import classify
from standards.runbook.model import Command, Runbook, TestLayout

PRIORITY = {
    "ci": 0,
    "make": 1,
    "tox": 1,
    "nox": 1,
    "pyproject": 1,
    "npm": 1,
    "rake": 1,
    "bin": 1,
    "script": 1,
    "docs": 2,
}
SOURCE_NAMES = {
    "ci": "what the CI runs",
    "make": "a Makefile target",
    "tox": "a tox env",
    "nox": "a nox session",
    "pyproject": "a pyproject.toml script",
    "npm": "a package.json script",
    "rake": "a Rake task",
    "bin": "the app's own runner",
    "script": "the project's own script",
    "docs": "as the docs show it",
    "gemfile": "from the Gemfile's test gem; no command is written down",
}
TEST_NAMES = ("", "test", "tests", "spec", "default")
E2E = ("playwright", "cypress", "e2e", "browser", "selenium")
SOURCE_OF_TARGET = {"make": "make", "tox": "tox", "nox": "nox", "npm": "npm", "rake": "rake"}
RUNNER_LANGUAGE = {
    "pytest": "python",
    "unittest": "python",
    "django": "python",
    "nose2": "python",
    "rspec": "ruby",
    "minitest": "ruby",
    "rails": "ruby",
    "jest": "javascript",
    "vitest": "javascript",
    "mocha": "javascript",
    "node:test": "javascript",
    "ava": "javascript",
    "tap": "javascript",
}
DEFAULT_ONE_FILE = {
    "pytest": "python -m pytest {path}",
    "unittest": "python -m unittest {path}",
    "rspec": "bundle exec rspec {path}",
    "minitest": "bundle exec ruby -Itest {path}",
    "rails": "bin/rails test {path}",
    "jest": "npx jest {path}",
    "vitest": "npx vitest run {path}",
    "mocha": "npx mocha {path}",
    "node:test": "node --test {path}",
    "ava": "npx ava {path}",
    "tap": "npx tap {path}",
}


def _rank(command: Command, frameworks: set[str]) -> tuple[int, ...]:
    """Lower is better: a command for the whole repository (not a sub-folder's), by source, one
    without CI expressions, not end-to-end, reaching the runner the tests are written for."""
    lowered = f"{command.text} {command.name} {command.runs}".lower()
    runner = inner_runner(command, [])
    return (
        int(bool(command.cwd)),
        PRIORITY.get(command.source, 3),
        int("${{" in command.text),
        int(any(word in lowered for word in E2E)),
        int(bool(frameworks) and bool(runner) and runner not in frameworks and _family(runner) not in frameworks),
        int(command.name not in TEST_NAMES and not classify.PY_ENV.fullmatch(command.name)),
    )


def _family(runner: str) -> str:
    return {"rails": "minitest", "django": "unittest"}.get(runner, runner)


def choose(runbook: Runbook) -> None:
    """Set the runbook's test command, why it was chosen, and the one-file command."""
    tests = runbook.of_kind("test")
    frameworks = {layout.framework for layout in runbook.layouts if layout.framework}
    if not tests:
        runbook.one_file = _default_one_file(runbook.layouts, "")
        return
    ranked = sorted(enumerate(tests), key=lambda pair: (_rank(pair[1], frameworks), pair[0]))
    chosen = ranked[0][1]
    runbook.test_command = chosen
    job = f", job {chosen.name}" if chosen.source == "ci" and chosen.name else ""
    runbook.test_command_why = f"{SOURCE_NAMES.get(chosen.source, chosen.source)}{job}"
    runbook.one_file = one_file(chosen, runbook.commands, runbook.layouts, runbook.package_manager)


def resolve(command: Command, commands: list[Command], depth: int = 0) -> str:
    """The command line that reaches the test runner: through ``make X``, ``tox -e X``,
    ``npm run X`` and ``rake X`` to what those run ("" when it is not known)."""
    for line in (command.runs, command.text):
        if line and classify.test_runner(line):
            return line
    if depth > 3:
        return ""
    for line in (command.runs, command.text):
        target = classify.script_target(classify.parse(line)) if line else None
        if target is None:
            continue
        source, name = target
        for other in commands:
            if other.source == SOURCE_OF_TARGET.get(source) and other.name == name and other is not command:
                found = resolve(other, commands, depth + 1)
                if found:
                    return found
    return ""


def inner_runner(command: Command, commands: list[Command]) -> str:
    line = resolve(command, commands)
    if line:
        return classify.test_runner(line)
    return {"rspec": "rspec", "minitest": "minitest"}.get(command.runs, "")


def one_file(command: Command, commands: list[Command], layouts: list[TestLayout], manager: str) -> str:
    line = resolve(command, commands)
    runner = classify.test_runner(line) if line else inner_runner(command, commands)
    if command.text == "bin/rails test":
        runner = "rails"
    layout = _layout_for(runner, layouts)
    if layout is None or not layout.example:
        return ""
    path = layout.example
    if runner == "django":
        return _django(line, path, layout.run_from)
    if command.source in ("tox", "nox") and "{posargs" in command.runs:
        return f"{command.text} -- {path}"
    if command.source == "script" and "$@" in command.runs:
        return f"{command.text} {path}"
    if command.source == "npm" and line == command.runs and runner in ("jest", "vitest", "mocha", "node:test", "ava"):
        return f"{command.text} {path}" if manager in ("yarn", "pnpm") else f"{command.text} -- {path}"
    if line and runner:
        head = _runner_head(line, runner)
        if head:
            return f"{head} {path}"
    return _default(runner or layout.framework, path)


def _default(runner: str, path: str) -> str:
    """The runner's own way to run one file; minitest from the folder that holds ``test/``."""
    if runner == "minitest" and "/test/" in path:
        folder, _, rest = path.partition("/test/")
        return f"cd {folder} && " + DEFAULT_ONE_FILE["minitest"].format(path=f"test/{rest}")
    return DEFAULT_ONE_FILE.get(runner, "").format(path=path)


def _layout_for(runner: str, layouts: list[TestLayout]) -> TestLayout | None:
    language = RUNNER_LANGUAGE.get(runner)
    matching = [layout for layout in layouts if layout.files and (not language or layout.language == language)]
    return matching[0] if matching else None


def _default_one_file(layouts: list[TestLayout], runner: str) -> str:
    layout = next((layout for layout in layouts if layout.files and layout.example), None)
    if layout is None:
        return ""
    if layout.framework == "django":
        return _django("", layout.example, layout.run_from)
    return _default(runner or layout.framework, layout.example)


def _runner_head(line: str, runner: str) -> str:
    """The words of ``line`` up to the runner and its subcommand, without its other options."""
    parsed = classify.parse(line)
    words = parsed.words
    keep = 1
    if (runner == "vitest" and words[1:2] == ["run"]) or runner == "rails":
        keep = 2
    elif runner == "node:test":
        return " ".join([*parsed.prefix, "node", "--test"])
    elif runner == "minitest":
        return ""  # ruby -Itest file: the default form, from the test folder's parent
    return " ".join([*parsed.prefix, *words[:keep]])


def _django(line: str, path: str, run_from: str) -> str:
    """``python manage.py test app.tests.test_views``, from the folder manage.py is in."""
    words = classify.split(line) if line else []
    at = next((i for i, w in enumerate(words) if w.endswith("manage.py")), -1)
    head = " ".join(words[: at + 2]) if at >= 0 else "python manage.py test"
    relative = path.removeprefix(run_from) if run_from and path.startswith(run_from) else path
    label = ".".join(PurePosixPath(relative).with_suffix("").parts)
    return f"cd {run_from.rstrip('/')} && {head} {label}" if run_from else f"{head} {label}"
