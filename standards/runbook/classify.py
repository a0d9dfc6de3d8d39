"""What a command line is for (test, lint, format, typecheck, build or none of these), read
from the words it starts with once wrappers (``uv run``, ``bundle exec``, ``npx``, ``python -m``)
and environment assignments are set aside. Setup lines (installs, ``cd``, ``echo``) are none."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

WRAPPERS = (
    ("uv", "run"),
    ("poetry", "run"),
    ("pdm", "run"),
    ("hatch", "run"),
    ("pipenv", "run"),
    ("rye", "run"),
    ("bundle", "exec"),
    ("pnpm", "exec"),
    ("yarn", "exec"),
    ("npm", "exec"),
    ("coverage", "run"),
)
SINGLE_WRAPPERS = frozenset({"npx", "bunx", "time", "xvfb-run", "nice", "exec", "env", "command", "uvx", "pipx"})
PYTHONS = re.compile(r"^(python[0-9.]*|py|\$\(PYTHON\)|\$PYTHON|\$\{PYTHON\})$")
PY_ENV = re.compile(r"py[0-9.]*|pypy[0-9.]*|py[0-9.]+-.*|[0-9]\.[0-9]+")  # tox's python-version envs
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")

TEST_RUNNERS = {
    "pytest": "pytest",
    "py.test": "pytest",
    "unittest": "unittest",
    "nose2": "nose2",
    "nosetests": "nose",
    "trial": "trial",
    "rspec": "rspec",
    "jest": "jest",
    "vitest": "vitest",
    "mocha": "mocha",
    "ava": "ava",
    "tap": "tap",
    "c8": "",  # coverage wrappers of node runners: the runner follows
    "nyc": "",
}
TEST_WORDS = frozenset({"tox", "nox", "go", "cargo", "ctest", "phpunit", "playwright", "cypress"})
SECONDARY_LINTERS = frozenset({"codespell", "yamllint", "shellcheck", "stylelint", "bandit", "brakeman", "erb_lint"})
LINTERS = frozenset(
    {
        "ruff",
        "flake8",
        "pylint",
        "eslint",
        "rubocop",
        "standardrb",
        "pre-commit",
        "prek",
        "codespell",
        "bandit",
        "stylelint",
        "pydocstyle",
        "pycodestyle",
        "pyflakes",
        "biome",
        "oxlint",
        "xo",
        "standard",
        "erb_lint",
        "brakeman",
        "yamllint",
        "shellcheck",
    }
)
FORMATTERS = frozenset({"black", "isort", "prettier", "autopep8", "yapf", "dprint", "rustfmt", "gofmt"})
TYPECHECKERS = frozenset({"mypy", "pyright", "basedpyright", "pytype", "pyre", "tsc", "vue-tsc", "ty"})
BUILDERS = frozenset({"build", "webpack", "vite", "rollup", "esbuild", "tsup", "sphinx-build", "mkdocs"})
SCRIPT_NAMES = {  # a named target/env/script: its kind when what it runs is unknown
    "test": "test",
    "tests": "test",
    "spec": "test",
    "specs": "test",
    "unit": "test",
    "lint": "lint",
    "linters": "lint",
    "style": "lint",
    "check": "lint",
    "checks": "lint",
    "flake8": "lint",
    "ruff": "lint",
    "rubocop": "lint",
    "eslint": "lint",
    "pre-commit": "lint",
    "format": "format",
    "fmt": "format",
    "fix": "format",
    "black": "format",
    "prettier": "format",
    "typecheck": "typecheck",
    "typing": "typecheck",
    "types": "typecheck",
    "type-check": "typecheck",
    "mypy": "typecheck",
    "pyright": "typecheck",
    "tsc": "typecheck",
    "build": "build",
}
# words that name a kind inside a longer name (lint-js, typecheck:ci); not "fix", "check", "build"
NAME_WORDS = frozenset({"lint", "linters", "format", "fmt", "typecheck", "typing", "mypy", "pyright", "tsc"})
NAME_WORDS |= frozenset({"flake8", "ruff", "rubocop", "eslint", "black", "prettier", "style"})
SCRIPT_RUNNERS = frozenset({"make", "tox", "nox", "npm", "yarn", "pnpm", "bun", "rake", "just", "task", "invoke"})


@dataclass(frozen=True)
class Parsed:
    """A command line split into the wrapper prefix and the words of the tool it runs."""

    prefix: list[str]
    words: list[str]

    @property
    def tool(self) -> str:
        return self.words[0] if self.words else ""


def split(line: str) -> list[str]:
    try:
        return shlex.split(line, comments=True)
    except ValueError:
        return line.split()


def parse(line: str) -> Parsed:
    """Set aside environment assignments and wrappers (kept as the prefix)."""
    words = split(line)
    prefix: list[str] = []
    while words:
        head = words[0]
        if ASSIGNMENT.match(head) or head in SINGLE_WRAPPERS:
            prefix.append(head)
            words = words[1:]
        elif len(words) > 1 and (head, words[1]) in WRAPPERS:
            prefix += words[:2]
            words = words[2:]
            while words and words[0].startswith("-") and prefix[-2:] != ["coverage", "run"]:
                prefix.append(words[0])  # uv run --group tests pytest: the options of the wrapper
                words = words[1:]
                if words and not words[0].startswith("-") and prefix[-1] in ("--group", "--extra", "--with", "-e"):
                    prefix.append(words[0])
                    words = words[1:]
        elif (PYTHONS.match(base(head)) and len(words) > 2 and words[1] == "-m") or words[:2] == ["coverage", "run"]:
            prefix += words[:2]
            words = words[2:]
        elif words[0] == "-m" and prefix[-2:] == ["coverage", "run"]:
            prefix.append("-m")
            words = words[1:]
        else:
            break
    return Parsed(prefix, words)


def base(word: str) -> str:
    """``./node_modules/.bin/jest`` -> ``jest``; ``bin/rails`` stays as written."""
    if word.startswith(("bin/", "./bin/")):
        return word.removeprefix("./")
    return word.rsplit("/", 1)[-1]


def test_runner(line: str) -> str:
    """The test runner a command line invokes directly ("" when none)."""
    parsed = parse(line)
    words = [base(w) for w in parsed.words]
    if not words:
        return ""
    head = words[0]
    if head in ("c8", "nyc"):
        return test_runner(" ".join(parsed.words[1:]))
    if head in TEST_RUNNERS:
        return TEST_RUNNERS[head]
    if head == "node" and "--test" in words:
        return "node:test"
    if head.endswith("manage.py") or (PYTHONS.match(head) and len(words) > 1 and words[1].endswith("manage.py")):
        return "django" if "test" in words[1:3] else ""
    if head in ("rails", "bin/rails") and len(words) > 1 and words[1].startswith("test"):
        return "rails"
    if head in ("bin/rspec",):
        return "rspec"
    if head == "ruby" and any(w.startswith("-I") for w in words[1:]) and any(w.endswith("_test.rb") for w in words):
        return "minitest"
    return ""


def kind_of_name(name: str) -> str:
    """The kind of a named target, env, session or script, from its name alone."""
    low = name.lower()
    if low in SCRIPT_NAMES:
        return SCRIPT_NAMES[low]
    for word in re.split(r"[-_:.]", low):
        if word in ("test", "tests", "spec", "specs", "pytest", "unit", "integration"):
            return "test"
    if PY_ENV.fullmatch(low):
        return "test"  # tox's python-version envs
    for word in re.split(r"[-_:.]", low):
        if word in NAME_WORDS:
            return SCRIPT_NAMES[word]
    return ""


def script_target(parsed: Parsed) -> tuple[str, str] | None:
    """For ``make test``, ``tox -e lint``, ``npm run build``, ``nox -s tests``, ``rake spec``:
    the runner of named targets and the name run ("" for its default)."""
    words = parsed.words
    if not words:
        return None
    head = base(words[0])
    if head in ("c8", "nyc"):  # a coverage wrapper (``c8 -o dir yarn test:unit``): the script it runs
        at = next((i for i, w in enumerate(words[1:], start=1) if base(w) in SCRIPT_RUNNERS), 0)
        return script_target(Parsed(parsed.prefix, words[at:])) if at else None
    args = [w for w in words[1:] if not w.startswith("-")]
    if head == "make" or head == "$(MAKE)":
        named = [w for w in words[1:] if not w.startswith("-") and "=" not in w]
        return ("make", named[0] if named else "")
    if head in ("tox", "nox"):
        flag = "-e" if head == "tox" else "-s"
        for i, w in enumerate(words[1:-1], start=1):
            if w in (flag, "--session", "--sessions", "--env", "-k") or (w == "-e" and head == "nox"):
                return (head, words[i + 1])
        return (head, "run" if args[:1] == ["run"] and head == "tox" and len(args) == 1 else "")
    if head in ("npm", "yarn", "pnpm", "bun"):
        if not args:
            return None
        if args[0] in ("run", "run-script") and len(args) > 1:
            return ("npm", args[1])
        if args[0] in ("test", "t", "tst"):
            return ("npm", "test")
        if head != "npm" and args[0] not in ("install", "add", "ci", "exec", "dlx", "x", "--frozen-lockfile"):
            return ("npm", args[0])
        return None
    if head in ("rake", "bin/rake"):
        return ("rake", args[0] if args else "")
    return None


def kind_of(line: str) -> str:
    """``test``, ``lint``, ``format``, ``typecheck``, ``build`` or "" for a command line."""
    parsed = parse(line)
    if not parsed.words:
        return ""
    if test_runner(line):
        return "test"
    words = [base(w) for w in parsed.words]
    head = words[0]
    rest = words[1:]
    target = script_target(parsed)
    if target is not None:
        runner, name = target
        if not name:
            return "test" if runner in ("tox", "nox", "rake") else ""
        if runner == "tox" and name.startswith("${{"):
            return "test"
        return kind_of_name(name.split(",")[0])
    if head == "ruff":
        return "format" if rest[:1] == ["format"] and "--check" not in rest else "lint"
    if head in ("black", "isort", "prettier"):
        return "lint" if "--check" in rest or "--diff" in rest or "-c" in rest else "format"
    if head == "rubocop" and ("-a" in rest or "-A" in rest or "--autocorrect" in rest):
        return "format"
    if head in ("pre-commit", "prek"):
        return "lint" if rest[:1] == ["run"] else ""
    if head in LINTERS:
        return "lint"
    if head in FORMATTERS:
        return "format"
    if head in TYPECHECKERS:
        return "typecheck"
    if head in TEST_WORDS and rest[:1] != ["install"]:
        return "test" if head not in ("go", "cargo") or rest[:1] == ["test"] else ""
    if head in ("hatch", "poetry", "uv", "pdm") and rest[:1] == ["build"]:
        return "build"
    if head in BUILDERS and parsed.prefix[-1:] == ["-m"] or head in ("webpack", "vite", "rollup", "tsup"):
        return "build"
    return ""


def pick(name: str, runs: list[tuple[int, str]]) -> tuple[str, int, str] | None:
    """For a named env or session running ``runs`` (line, command): its kind (test when any
    command tests, else from its name, else the first kind found) and the line that shows it."""
    kinds = [kind_of(text) for _, text in runs]
    kind = next((k for k in kinds if k == "test"), "") or kind_of_name(name) or next((k for k in kinds if k), "")
    if not kind or not runs:
        return None
    line, text = next(((line, text) for (line, text), k in zip(runs, kinds) if k == kind), runs[0])
    return kind, line, text


STATUS = re.compile(r"\s*\|\|\s*(exit(\s+\d+)?|true|:)\s*$")


def strip_status(line: str) -> str:
    """``codespell || exit 1`` -> ``codespell``: the status handling of a CI line is not the command."""
    return STATUS.sub("", line)
