"""The runbook: the commands a repository uses to test, lint and format, each at the line that
writes it, the test layout, and the test command chosen by evidence. Fixture repositories are
real git repositories; hostile ones must be read as data (nothing runs, nothing hangs)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from standards import gitutil
from standards.playbook import quotes
from standards.runbook import Runbook, choose, classify, discover_runbook, render_markdown
from tests._repo import make_repo

WORD_CAP = 150


def runbook_of(root: Path) -> Runbook:
    files = gitutil.list_files(root)
    assert files is not None
    return discover_runbook(root, files)


def line_at(root: Path, where: str) -> str:
    """The text at ``path:line``: every command's evidence must be a quote of it."""
    path, line = where.rsplit(":", 1)
    return (root / path).read_text(encoding="utf-8").split("\n")[int(line) - 1]


def assert_quotes(root: Path, runbook: Runbook) -> None:
    for command in runbook.commands:
        if command.source not in ("bin",):
            shown = command.runs if command.source in ("tox", "nox", "make", "npm", "pyproject") else command.text
            first = shown.split(" ")[0] if shown else command.name
            assert first in line_at(root, command.where) or command.name in line_at(root, command.where), command


def rendered(root: Path, runbook: Runbook) -> str:
    """The section, after the playbook's own checker found every `snippet` (path:line) a quote."""
    markdown = render_markdown(runbook)
    assert quotes.check(root, quotes.markdown_citations(markdown)) == []
    assert words(markdown) <= WORD_CAP
    return markdown


def words(markdown: str) -> int:
    return len(markdown.split())


def test_tox_and_pytest_project(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "toxy",
        {
            "tox.ini": (
                "[tox]\nenvlist = py311, lint\n\n[testenv]\ndeps = pytest\ncommands =\n    pytest {posargs}\n\n"
                "[testenv:lint]\ncommands = ruff check .\n"
            ),
            "src/toxy/__init__.py": "VALUE = 1\n",
            "tests/conftest.py": "import pytest\n\n\n@pytest.fixture\ndef db():\n    return {}\n",
            "tests/test_store.py": "def test_put(db):\n    db['a'] = 1\n\n\ndef test_empty(db):\n    assert not db\n",
            "tests/test_value.py": "from toxy import VALUE\n\n\ndef test_value():\n    assert VALUE == 1\n",
        },
    )
    runbook = runbook_of(root)
    chosen = runbook.test_command
    assert chosen is not None and chosen.text == "tox -e py311" and chosen.source == "tox"
    assert chosen.where == "tox.ini:7" and "pytest {posargs}" in line_at(root, chosen.where)
    assert runbook.one_file == "tox -e py311 -- tests/test_store.py"
    assert [c.text for c in runbook.of_kind("lint")] == ["tox -e lint"]
    (layout,) = runbook.layouts
    assert layout.framework == "pytest" and layout.files == 2
    assert [(f.name, f.path, f.line, f.uses) for f in layout.fixtures] == [("db", "tests/conftest.py", 5, 2)]
    assert layout.places == [("tests/", 2)] and layout.naming == [("test_*.py", 2)]
    assert_quotes(root, runbook)
    markdown = rendered(root, runbook)
    assert markdown.startswith("## How to run and test\n")
    assert (
        "`tox -e py311`" in markdown and "tox.ini:7" in markdown and "`db` (tests/conftest.py:5, 2 tests)" in markdown
    )
    assert words(markdown) <= WORD_CAP


def test_makefile_project(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "maker",
        {
            "Makefile": (
                ".PHONY: test lint\n\nhelp:\n\t@echo targets\n\n"
                "test: ## run the tests\n\t@python -m pytest -q\n\nlint:\n\tflake8 src\n\nfmt:\n\tblack src\n"
            ),
            "src/app.py": "def add(a, b):\n    return a + b\n",
            "tests/test_app.py": "from app import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n",
        },
    )
    runbook = runbook_of(root)
    chosen = runbook.test_command
    assert chosen is not None and (chosen.text, chosen.where, chosen.runs) == (
        "make test",
        "Makefile:7",
        "python -m pytest -q",
    )
    assert runbook.test_command_why == "a Makefile target"
    assert runbook.one_file == "python -m pytest tests/test_app.py"
    assert [(c.text, c.where) for c in runbook.of_kind("lint")] == [("make lint", "Makefile:10")]
    assert [c.text for c in runbook.of_kind("format")] == ["make fmt"]
    assert "help" not in {c.name for c in runbook.commands}
    assert_quotes(root, runbook)
    assert "**Lint:** `make lint` (runs `flake8 src`, Makefile:10)" in rendered(root, runbook)


WORKFLOW = """name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version: ["3.12", "3.11"]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - run: pip install -e .[test]
      - name: Tests
        run: |
          python${{ matrix.python-version }} -m pytest -q
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: ruff check . || exit 1
      - run: mypy src
        working-directory: pkg
"""


def test_github_workflow_only(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "wf",
        {
            ".github/workflows/ci.yml": WORKFLOW,
            "src/calc.py": "def double(x):\n    return 2 * x\n",
            "tests/test_calc.py": (
                "import unittest\n\nfrom calc import double\n\n\nclass DoubleTests(unittest.TestCase):\n"
                "    def test_two(self):\n        self.assertEqual(double(1), 2)\n"
            ),
        },
    )
    runbook = runbook_of(root)
    chosen = runbook.test_command
    assert chosen is not None
    assert (chosen.text, chosen.where, chosen.name) == (
        "python3.12 -m pytest -q",
        ".github/workflows/ci.yml:17",
        "test",
    )
    assert runbook.test_command_why == "what the CI runs, job test"
    assert runbook.one_file == "python3.12 -m pytest tests/test_calc.py"
    lint = runbook.of_kind("lint")
    assert [(c.text, c.where) for c in lint] == [("ruff check .", ".github/workflows/ci.yml:21")]
    (mypy,) = runbook.of_kind("typecheck")
    assert mypy.cwd == "pkg" and mypy.where == ".github/workflows/ci.yml:22"
    assert "pip install" not in " ".join(c.text for c in runbook.commands)
    (layout,) = runbook.layouts
    assert layout.framework == "unittest"
    assert_quotes(root, runbook)
    assert "**Lint:** `ruff check .` (.github/workflows/ci.yml:21)" in rendered(root, runbook)


def test_package_json_with_yarn_lock(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "web",
        {
            "package.json": (
                '{\n  "name": "web",\n  "scripts": {\n    "pretest": "echo before",\n    "test": "jest",\n'
                '    "lint": "eslint .",\n    "build": "tsc -p ."\n  },\n  "devDependencies": {"jest": "29.0.0"}\n}\n'
            ),
            "yarn.lock": "# yarn lockfile v1\n",
            "src/sum.js": "module.exports = (a, b) => a + b;\n",
            "__tests__/sum.test.js": (
                "const sum = require('../src/sum');\n\ntest('adds', () => {\n  expect(sum(1, 2)).toBe(3);\n});\n"
            ),
        },
    )
    runbook = runbook_of(root)
    assert (runbook.package_manager, runbook.package_manager_evidence) == ("yarn", "yarn.lock")
    chosen = runbook.test_command
    assert chosen is not None and (chosen.text, chosen.where, chosen.runs) == ("yarn test", "package.json:5", "jest")
    assert runbook.one_file == "yarn test __tests__/sum.test.js"
    assert [c.text for c in runbook.of_kind("lint")] == ["yarn lint"]
    assert "pretest" not in {c.name for c in runbook.commands}
    (layout,) = runbook.layouts
    assert (layout.language, layout.framework, layout.files) == ("javascript", "jest", 1)
    assert "**Package manager:** yarn (yarn.lock)" in rendered(root, runbook)


def test_a_coverage_wrapper_around_a_script_is_followed_to_the_runner(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "web",
        {
            "package.json": (
                '{\n  "name": "web",\n  "scripts": {\n    "test": "yarn test:unit",\n'
                '    "test:unit": "c8 -o coverage yarn test:base ./test/unit",\n'
                '    "test:base": "mocha --recursive"\n  },\n  "devDependencies": {"mocha": "11.0.0"}\n}\n'
            ),
            "yarn.lock": "# yarn lockfile v1\n",
            "test/unit/sum.test.js": "const assert = require('assert');\n\nit('adds', () => assert.equal(1 + 2, 3));\n",
        },
    )
    runbook = runbook_of(root)
    chosen = runbook.test_command
    assert chosen is not None and chosen.text == "yarn test"
    assert classify.script_target(classify.parse("c8 -o coverage yarn test:base ./test/unit")) == ("npm", "test:base")
    assert choose.resolve(chosen, runbook.commands) == "mocha --recursive"


def test_rails_app_with_minitest(tmp_path: Path) -> None:
    test = (
        "require 'test_helper'\n\nclass {name}Test < ActiveSupport::TestCase\n"
        "  test 'valid' do\n    assert true\n  end\nend\n"
    )
    root = make_repo(
        tmp_path / "shop",
        {
            "Gemfile": "source 'https://rubygems.org'\ngem 'rails'\n",
            "bin/rails": "#!/usr/bin/env ruby\nrequire_relative '../config/boot'\n",
            "config/application.rb": "module Shop\n  class Application < Rails::Application\n  end\nend\n",
            "app/models/user.rb": "class User < ApplicationRecord\nend\n",
            "test/test_helper.rb": "require 'rails/test_help'\n",
            "test/fixtures/users.yml": "one:\n  name: One\n",
            "test/models/user_test.rb": test.replace("{name}", "User"),
            "test/models/order_test.rb": test.replace("{name}", "Order"),
        },
    )
    runbook = runbook_of(root)
    chosen = runbook.test_command
    assert chosen is not None and (chosen.text, chosen.source) == ("bin/rails test", "bin")
    assert runbook.one_file == "bin/rails test test/models/order_test.rb"
    (layout,) = runbook.layouts
    assert (layout.framework, layout.files) == ("minitest", 2)
    assert [(b.name, b.uses) for b in layout.base_classes] == [("ActiveSupport::TestCase", 2)]
    assert ("test/test_helper.rb", 1) in layout.helpers and ("fixtures (*.yml)", 1) in layout.helpers
    assert layout.naming == [("*_test.rb", 2)]
    assert "- **Tests:** `bin/rails test`: the app's own runner, bin/rails." in rendered(root, runbook)


def test_rspec_project_with_rakefile(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "gem",
        {
            "Gemfile": "source 'https://rubygems.org'\n\ngem 'rspec', '~> 3.12'\ngem 'rubocop'\n",
            ".rspec": "--require spec_helper\n",
            "Rakefile": (
                "require 'rspec/core/rake_task'\n\nRSpec::Core::RakeTask.new(:spec)\n\ntask default: %i[spec]\n"
            ),
            "lib/greeter.rb": "class Greeter\n  def hi\n    'hi'\n  end\nend\n",
            "spec/spec_helper.rb": "require 'greeter'\n",
            "spec/greeter_spec.rb": (
                "RSpec.describe Greeter do\n  it 'greets' do\n    expect(Greeter.new.hi).to eq('hi')\n  end\nend\n"
            ),
        },
    )
    runbook = runbook_of(root)
    chosen = runbook.test_command
    assert chosen is not None and (chosen.text, chosen.where) == ("bundle exec rake spec", "Rakefile:3")
    assert runbook.one_file == "bundle exec rspec spec/greeter_spec.rb"
    assert ("bundle exec rake", "Rakefile:5") in [(c.text, c.where) for c in runbook.of_kind("test")]
    assert [(c.text, c.where) for c in runbook.of_kind("lint")] == [("bundle exec rubocop", "Gemfile:4")]
    (layout,) = runbook.layouts
    assert (layout.framework, layout.files, layout.naming) == ("rspec", 1, [("*_spec.rb", 1)])
    assert layout.base_classes == []
    assert "**Lint:** `bundle exec rubocop` (from Gemfile:4)" in rendered(root, runbook)


def test_django_tests_shown_in_contributing(tmp_path: Path) -> None:
    test = "from django.test import TestCase\n\n\nclass {name}Tests(TestCase):\n    def test_ok(self):\n        pass\n"
    root = make_repo(
        tmp_path / "dj",
        {
            "CONTRIBUTING.md": "# Contributing\n\nRun the tests:\n\n```bash\n$ cd site\n$ python manage.py test\n```\n",
            "site/manage.py": "import sys\n",
            "site/shop/models.py": "X = 1\n",
            "site/shop/tests/test_views.py": test.replace("{name}", "View"),
            "site/shop/tests/test_models.py": test.replace("{name}", "Model"),
        },
    )
    runbook = runbook_of(root)
    chosen = runbook.test_command
    assert chosen is not None and (chosen.text, chosen.where) == ("python manage.py test", "CONTRIBUTING.md:7")
    (layout,) = runbook.layouts
    assert (layout.framework, layout.run_from) == ("django", "site/")
    assert runbook.one_file == "cd site && python manage.py test shop.tests.test_models"
    assert [(b.name, b.uses) for b in layout.base_classes] == [("TestCase", 2)]
    assert "(from `site/`)" in rendered(root, runbook)


def test_own_script_before_readme(tmp_path: Path) -> None:
    script = '#!/usr/bin/env bash\nset -e\ncd "$(dirname "$0")/.."\nexec .venv/bin/python -m pytest -q "$@"\n'
    root = make_repo(
        tmp_path / "scripted",
        {
            "README.md": "# S\n\n```console\n$ pip install -e .\n$ pytest\n$ ruff check src\n```\n",
            "scripts/test.sh": script,
            "tests/test_s.py": "def test_s():\n    assert True\n",
        },
    )
    runbook = runbook_of(root)
    chosen = runbook.test_command
    assert chosen is not None and (chosen.text, chosen.where) == ("bash scripts/test.sh", "scripts/test.sh:4")
    assert runbook.one_file == "bash scripts/test.sh tests/test_s.py"
    assert ("pytest", "README.md:5") in [(c.text, c.where) for c in runbook.of_kind("test")]
    assert [(c.text, c.where) for c in runbook.of_kind("lint")] == [("ruff check src", "README.md:6")]
    rendered(root, runbook)


def test_a_repository_without_tests_says_so(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "bare", {"README.md": "# Bare\n\nNothing to test.\n", "app.py": "print('hi')\n"})
    runbook = runbook_of(root)
    assert runbook.test_command is None and not runbook.has_tests and runbook.one_file == ""
    markdown = rendered(root, runbook)
    assert "none. This repository has no tests and no test command" in markdown
    assert words(markdown) < 40


def test_noxfile_is_read_never_run(tmp_path: Path) -> None:
    noxfile = (
        "import pathlib\n\nimport nox\n\npathlib.Path('MARKER').touch()\n\n\n"
        "@nox.session(python=['3.12'])\ndef tests(session):\n    pathlib.Path('MARKER').touch()\n"
        "    session.install('pytest')\n    session.run('pytest', *session.posargs)\n\n\n"
        "@nox.session(name='lint')\ndef run_linters(session):\n    session.run('ruff', 'check', '.')\n"
    )
    root = make_repo(tmp_path / "noxy", {"noxfile.py": noxfile, "tests/test_one.py": "def test_one():\n    pass\n"})
    runbook = runbook_of(root)
    assert not (root / "MARKER").exists()
    chosen = runbook.test_command
    assert chosen is not None and (chosen.text, chosen.where, chosen.runs) == (
        "nox -s tests",
        "noxfile.py:12",
        "pytest {posargs}",
    )
    assert runbook.one_file == "nox -s tests -- tests/test_one.py"
    assert [c.text for c in runbook.of_kind("lint")] == ["nox -s lint"]
    assert not (root / "MARKER").exists()


def test_pyproject_scripts_and_tox_toml(tmp_path: Path) -> None:
    pyproject = (
        '[project]\nname = "p"\n\n[tool.hatch.envs.default.scripts]\ntest = "pytest {args}"\n'
        'lint = ["ruff check .", "ruff format --check ."]\n\n[tool.pdm.scripts]\ntypes = "mypy src"\n\n'
        '[tool.poetry.scripts]\np-cli = "p.cli:main"\n\n[tool.tox]\nenv_list = ["3.13", "style"]\n\n'
        '[tool.tox.env_run_base]\ncommands = [["pytest", { replace = "posargs", extend = true }]]\n\n'
        '[tool.tox.env.style]\ncommands = [["pre-commit", "run", "--all-files"]]\n'
    )
    root = make_repo(tmp_path / "pp", {"pyproject.toml": pyproject, "tests/test_p.py": "def test_p():\n    pass\n"})
    runbook = runbook_of(root)
    found = {(c.text, c.kind, c.where) for c in runbook.commands}
    assert ("hatch run test", "test", "pyproject.toml:5") in found
    assert ("hatch run lint", "lint", "pyproject.toml:6") in found
    assert ("pdm run types", "typecheck", "pyproject.toml:9") in found
    assert ("tox -e 3.13", "test", "pyproject.toml:18") in found
    assert ("tox -e style", "lint", "pyproject.toml:21") in found
    assert not any("p-cli" in c.text for c in runbook.commands)
    assert runbook.test_command is not None and runbook.test_command.text == "tox -e 3.13"  # tox comes first
    assert runbook.one_file == "tox -e 3.13 -- tests/test_p.py"


@pytest.mark.parametrize(
    ("line", "kind", "runner"),
    [
        ("uv run --group tests pytest -x", "test", "pytest"),
        ("coverage run -m pytest", "test", "pytest"),
        ("FOO=1 bundle exec rspec spec/a_spec.rb", "test", "rspec"),
        ("bin/rails test:system", "test", "rails"),
        ("node --test test/", "test", "node:test"),
        ("npx vitest run", "test", "vitest"),
        ("python manage.py test --keepdb", "test", "django"),
        ("pip install -e .", "", ""),
        ("pre-commit install", "", ""),
        ("pre-commit run --all-files", "lint", ""),
        ("ruff format --check .", "lint", ""),
        ("ruff format .", "format", ""),
        ("black --check src", "lint", ""),
        ("npm run lint:js", "lint", ""),
        ("make check-types", "", ""),
        ("tox -e py312", "test", ""),
        ("npx playwright install", "", ""),
    ],
)
def test_classify_lines(line: str, kind: str, runner: str) -> None:
    assert classify.kind_of(line) == kind
    assert classify.test_runner(line) == runner


# -- hostile repositories --------------------------------------------------------------------

RUN_IN_CHILD = """
import sys, time
from pathlib import Path
from standards.runbook import discover_runbook, render_markdown
root = Path(sys.argv[1])
start = time.monotonic()
runbook = discover_runbook(root, sys.argv[2:])
render_markdown(runbook)
print(round(time.monotonic() - start, 2))
for note in runbook.notes:
    print(note)
"""


def discover_in_child(root: Path, files: list[str], timeout: float = 60) -> list[str]:
    """Discovery in a separate process (a hang fails the test instead of the suite), from outside
    the repository."""
    done = subprocess.run(
        [sys.executable, "-I", "-c", RUN_IN_CHILD, str(root), *files],
        check=False,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=root.parent,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout.strip().split("\n")


def test_huge_workflow_is_not_read(tmp_path: Path) -> None:
    steps = "".join(f"      - run: pytest tests/test_{i}.py\n" for i in range(40_000))
    root = make_repo(
        tmp_path / "huge",
        {
            ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n" + steps,
            "Makefile": "test:\n\tpytest\n",
        },
    )
    out = discover_in_child(root, [".github/workflows/ci.yml", "Makefile"])
    assert float(out[0]) < 20
    assert any(line.startswith(".github/workflows/ci.yml:") and "limit; not read" in line for line in out[1:])
    runbook = runbook_of(root)
    assert runbook.test_command is not None and runbook.test_command.text == "make test"


BOMB = """on: push
a: &a ["pytest", "pytest", "pytest", "pytest", "pytest", "pytest", "pytest", "pytest", "pytest"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
step: &step {run: "pytest -q"}
steps: &steps [*step, *step, *step, *step, *step, *step, *step, *step, *step, *step]
jobs:
  one: {steps: *h}
  two: {steps: *steps}
  three: &job {steps: *steps}
  four: *job
"""


def test_yaml_bomb_and_anchors(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "bomb", {".github/workflows/ci.yml": BOMB, ".gitlab-ci.yml": BOMB})
    out = discover_in_child(root, [".github/workflows/ci.yml", ".gitlab-ci.yml"])
    assert float(out[0]) < 20
    runbook = runbook_of(root)
    assert {(c.text, c.where) for c in runbook.of_kind("test")} == {("pytest -q", ".github/workflows/ci.yml:10")}


def test_fifo_and_outside_symlink_are_notes(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "odd", {"README.md": "# Odd\n"})
    os.mkfifo(root / "Makefile")
    outside = tmp_path / "secret.ini"
    outside.write_text("[tox]\nenvlist = py\n[testenv]\ncommands = pytest\n", encoding="utf-8")
    (root / "tox.ini").symlink_to(outside)
    out = discover_in_child(root, ["Makefile", "tox.ini", "README.md"], timeout=30)
    assert any(line.startswith("Makefile: not a regular file") for line in out[1:])
    assert any(line.startswith("tox.ini: leads outside the repository") for line in out[1:])
    runbook = discover_runbook(root, ["Makefile", "tox.ini", "README.md"])
    assert runbook.commands == []


def test_machine_made_inputs_are_notes(tmp_path: Path) -> None:
    deep_sum = "VALUE = (\n" + "    1 +\n" * 20_000 + "    1\n)\n\n\ndef test_value():\n    assert VALUE\n"
    root = make_repo(
        tmp_path / "machine",
        {
            "tests/test_deep.py": deep_sum,
            "tests/test_plain.py": "def test_plain():\n    assert True\n",
            "package.json": '{"scripts": ' + "[" * 5_000 + "]" * 5_000 + "}\n",
            "pyproject.toml": "[tool.tox\nbroken = \n",
            ".gitlab-ci.yml": "test:\n  script:\n" + "    - " * 600 + "pytest\n",
        },
    )
    files = ["tests/test_deep.py", "tests/test_plain.py", "package.json", "pyproject.toml", ".gitlab-ci.yml"]
    out = discover_in_child(root, files)
    assert any(line.startswith("package.json:") for line in out[1:])
    assert any(line.startswith("pyproject.toml: invalid TOML") for line in out[1:])
    assert any(line.startswith(".gitlab-ci.yml:") for line in out[1:])
    assert "tests/test_deep.py: nested too deeply to read" in out[1:]
    runbook = runbook_of(root)
    assert runbook.layouts[0].framework == "pytest" and runbook.layouts[0].files == 2


def test_unreadable_tests_are_still_counted(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "broken", {"tests/test_broken.py": "def test_x(:\n    pass\n"})
    runbook = runbook_of(root)
    assert runbook.has_tests and runbook.notes == ["tests/test_broken.py: syntax error at line 1; not read"]
    assert "1 test files; their framework is not recognised" in render_markdown(runbook)
