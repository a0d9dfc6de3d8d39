"""Detection from use: frameworks named from what the code imports or requires (pins that no
code imports are a note), test style from what test classes subclass, languages ordered by
their share of the code, and shares taken over the files a convention applies to, with the
denominator stated."""

from __future__ import annotations

import textwrap
from pathlib import Path

from _lang import context, family, observe
from _repo import make_repo, standards

from standards import frameworks
from standards.discovery import discover
from standards.model import Convention, Level, Observation, Source, Standards
from standards.playbook import language_order, render
from standards.playbook.style import tool_lines


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def detect(root: Path) -> dict[str, list[str]]:
    return frameworks.detect(root, discover(root))


def test_a_flask_app_with_manage_py_is_flask_and_an_unimported_pin_is_a_note(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "flaskapp",
        {
            "manage.py": "from app import create_app\n\napp = create_app()\n",
            "app/__init__.py": "from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n",
            "requirements.txt": "flask==3.0\naiohttp==3.9\n",
        },
    )
    found = detect(root)
    assert "flask" in found and found["flask"] == ["app/__init__.py: import flask"]
    assert "django" not in found and not any(k.startswith("django") for k in found)
    assert "aiohttp" not in found and found[f"aiohttp{frameworks.PINNED}"] == ["requirements.txt: aiohttp"]
    proc = standards(root, "init")
    assert proc.returncode == 0, proc.stderr
    head = (root / "playbook.md").read_text(encoding="utf-8").split("\n## ")[0]
    assert "Frameworks: flask." in head and "Pinned but not imported: aiohttp." in head
    assert "django" not in head


def test_django_is_named_from_its_import(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "site",
        {"manage.py": "import os\n", "shop/urls.py": "from django.urls import path\n\nurlpatterns = []\n"},
    )
    assert detect(root)["django"] == ["shop/urls.py: import django"]


def test_javascript_packages_are_named_when_required_or_run(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "js",
        {
            "package.json": '{"dependencies": {"express": "4", "knex": "3"}, "devDependencies": {"mocha": "10"},'
            ' "scripts": {"test": "mocha test/"}}\n',
            "src/app.js": "const express = require('express')\nmodule.exports = express()\n",
            "test/app.test.js": "describe('app', () => { it('runs', () => {}) })\n",
        },
    )
    found = detect(root)
    assert found["express"] == ["src/app.js: import express"]
    assert found["mocha"] == ["package.json: scripts.test runs mocha"]
    assert "knex" not in found and f"knex{frameworks.PINNED}" in found


def test_rails_is_named_from_the_code_not_from_file_names(tmp_path: Path) -> None:
    files = {
        "Gemfile": "source 'https://rubygems.org'\ngem 'rails'\ngem 'sinatra'\n",
        "config/application.rb": "require 'rails/all'\n\nmodule Shop\n"
        "  class Application < Rails::Application\n  end\nend\n",
        "config/routes.rb": "Rails.application.routes.draw do\nend\n",
    }
    found = detect(make_repo(tmp_path / "rails", files))
    assert "rails" in found and f"sinatra{frameworks.PINNED}" in found
    bare = detect(make_repo(tmp_path / "bare", {"config/routes.rb": "# routes\n", "db/schema.rb": "# schema\n"}))
    assert "rails" not in bare


def test_a_test_runner_is_seen_in_the_tests_however_much_app_code_comes_first(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {f"app/models/m{i}.rb": f"class M{i}\nend\n" for i in range(520)}
    files["Gemfile"] = 'gem "rails"\ngem "minitest"\n'
    files["test/models/m0_test.rb"] = 'require "test_helper"\n\nclass M0Test < ActiveSupport::TestCase\nend\n'
    root = make_repo(tmp_path / "app", files)
    found = frameworks.detect(root, discover(root))
    assert "minitest" in found and "test/models/m0_test.rb" in found["minitest"][0]
    assert "minitest (pinned, not imported)" not in found


def test_pytest_style_classes_are_not_unittest(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "tests_repo",
        {
            "tests/base.py": "class BaseTestCase:\n    def helper(self):\n        return 1\n",
            "tests/test_a.py": "".join(
                f"class TestA{i}(BaseTestCase):\n    def test_one(self):\n        assert self.helper() == 1\n\n\n"
                for i in range(4)
            ),
            "tests/test_b.py": "import unittest\n\n\nclass Legacy(unittest.TestCase):\n"
            "    def test_old(self):\n        self.assertTrue(True)\n",
            "tests/conftest.py": "import pytest\n",
        },
    )
    found = observe(root, family("py_tests"))
    fw = found["py.tests.framework"]
    assert fw.value == "pytest" and fw.counts == {"pytest": 4, "unittest": 1}
    assert fw.params["runner"] == "pytest" and "1 conftest.py" in fw.params["runner_evidence"]


def test_a_subclass_of_a_repo_class_deriving_from_testcase_is_unittest(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "ut",
        {
            "tests/base.py": "from django.test import TestCase\n\n\nclass ApiTestCase(TestCase):\n    pass\n",
            "tests/test_api.py": "".join(
                f"class Api{i}(ApiTestCase):\n    def test_get(self):\n        self.assertTrue(True)\n\n\n"
                for i in range(3)
            ),
        },
    )
    assert observe(root, family("py_tests"))["py.tests.framework"].value == "unittest"


def conv(cid: str, language: str) -> Convention:
    return Convention(cid, cid, "formatting", language, 1, Level.ERROR, Source.INFERRED, (1, 1), 1.0, ["x"])


def test_languages_are_ordered_by_their_share_of_the_code() -> None:
    convs = [conv("py.format.quotes", "python"), conv("rb.style.string_literals", "ruby")]
    languages = {"python": 1, "ruby": 1100}
    assert [line.language for line in tool_lines(convs, language_order(languages))] == ["ruby", "python"]
    text = render(Standards(conventions={c.id: c for c in convs}), languages, [])
    assert "(Ruby 100%, Python <1%)" in text
    assert text.index('<a id="rb-style-string-literals">') < text.index('<a id="py-format-quotes">')


def test_a_rails_app_with_one_python_file_lists_ruby_first(tmp_path: Path) -> None:
    files = {f"app/models/m{i}.rb": f"# frozen_string_literal: true\n\nclass M{i}\nend\n" for i in range(12)}
    files["script/tool.py"] = 'print("x")\n'
    root = make_repo(tmp_path / "railsy", files)
    proc = standards(root, "init")
    assert proc.returncode == 0, proc.stderr
    assert "(Ruby 92%, Python 8%)" in (root / "playbook.md").read_text(encoding="utf-8")


def frozen_repo(root: Path, rubocop: str | None) -> Path:
    files = {f"app/models/m{i}.rb": f"# frozen_string_literal: true\n\nclass M{i}\nend\n" for i in range(20)}
    files.update({f"db/migrate/{i:03}_step.rb": f"class Step{i}\n  def change\n  end\nend\n" for i in range(10)})
    if rubocop is not None:
        files[".rubocop.yml"] = rubocop
    return make_repo(root, files)


def frozen(root: Path) -> Observation:
    return observe(root, family("rb_frozen"))["rb.style.frozen_string_literal"]


def test_shares_respect_the_projects_rubocop_excludes(tmp_path: Path) -> None:
    # db/ (migrations and schema, written by generators) is left out even where the project says nothing
    counted_all = frozen(frozen_repo(tmp_path / "all", None))
    assert (counted_all.support, counted_all.total) == (20, 20)
    excluded = frozen(frozen_repo(tmp_path / "allcops", "AllCops:\n  Exclude:\n    - 'db/**/*'\n"))
    assert (excluded.value, excluded.support, excluded.total) == ("always", 20, 20)
    assert "counted over 20 Ruby files (10 under vendor/, tmp/ or db/)" in excluded.note
    cop_level = frozen(
        frozen_repo(tmp_path / "cop", "Style/FrozenStringLiteralComment:\n  Exclude:\n    - db/migrate/*.rb\n")
    )
    assert (cop_level.support, cop_level.total) == (20, 20)


def test_an_enforced_share_states_its_denominator(tmp_path: Path) -> None:
    root = frozen_repo(tmp_path / "stated", "AllCops:\n  Exclude:\n    - 'db/**/*'\n")
    proc = standards(root, "init")
    assert proc.returncode == 0, proc.stderr
    playbook = (root / "playbook.md").read_text(encoding="utf-8")
    line = next(x for x in playbook.split("\n") if "frozen_string_literal: true" in x)
    assert "20 of 20, counted over 20 Ruby files" in line and "(10 " in line
    assert "mixed" not in line


def test_the_context_sees_the_same_frameworks(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "ctx", {"app.py": "import fastapi\n", "requirements.txt": "fastapi\ncelery\n"})
    ctx = context(root)
    found = frameworks.detect(ctx.root, ctx.discovery)
    assert "fastapi" in found and "celery" not in found and f"celery{frameworks.PINNED}" in found


def test_shares_respect_the_projects_ruff_excludes(tmp_path: Path) -> None:
    files = {f"pkg/mod_{i}.py": f"def compute_{i}(value):\n    return value\n" for i in range(10)}
    files.update({f"legacy/old_{i}.py": f"def computeOld{i}(value):\n    return value\n" for i in range(10)})
    files["pkg/__init__.py"] = ""
    counted_all = observe(make_repo(tmp_path / "all", files), family("py_naming"))["py.naming.function"]
    assert (counted_all.support, counted_all.total) == (10, 20)
    files["pyproject.toml"] = '[tool.ruff]\nextend-exclude = ["legacy"]\n'
    scoped = observe(make_repo(tmp_path / "scoped", files), family("py_naming"))["py.naming.function"]
    assert (scoped.support, scoped.total) == (10, 10)


def test_imports_written_as_text_or_in_tests_name_no_framework(tmp_path: Path) -> None:
    fixture = 'APP = """\nfrom flask import Flask\nimport django\n"""\n'
    root = make_repo(
        tmp_path / "tool",
        {
            "tool/render.py": fixture,
            "tests/test_render.py": "import pytest\nfrom sqlalchemy import select\n",
            "examples/demo/app.py": "import fastapi\n",
        },
    )
    found = detect(root)
    assert found == {"pytest": ["tests/test_render.py: import pytest"]}


def test_shares_respect_the_projects_eslint_ignores(tmp_path: Path) -> None:
    files = {f"src/m{i}.js": f"const name{i} = 'plain'\nmodule.exports = {{ name{i} }}\n" for i in range(10)}
    files.update({f"legacy/o{i}.js": f'const old{i} = "plain"\nmodule.exports = {{ old{i} }}\n' for i in range(10)})
    counted_all = observe(make_repo(tmp_path / "all", files), family("js_quotes"))["js.style.quotes"]
    assert (counted_all.support, counted_all.total) == (10, 20)
    files[".eslintignore"] = "# generated long ago\nlegacy/\n"
    scoped = observe(make_repo(tmp_path / "scoped", files), family("js_quotes"))["js.style.quotes"]
    assert (scoped.value, scoped.support, scoped.total) == ("single", 10, 10)


def test_a_pinned_runner_with_tests_to_run_is_used(tmp_path: Path) -> None:
    with_tests = make_repo(
        tmp_path / "t",
        {"requirements-dev.txt": "pytest\n", "tests/test_x.py": "def test_x():\n    assert True\n", "x.py": ""},
    )
    assert detect(with_tests)["pytest"] == ["requirements-dev.txt: pytest, runs 1 test files"]
    without = make_repo(tmp_path / "n", {"requirements-dev.txt": "pytest\n", "x.py": "VALUE = 1\n"})
    assert "pytest" not in detect(without) and f"pytest{frameworks.PINNED}" in detect(without)
    mocha_rc = make_repo(
        tmp_path / "m", {".mocharc.json": "{}\n", "package.json": '{"devDependencies": {"jest": "1"}}\n'}
    )
    found = detect(mocha_rc)
    assert found["mocha"] == [".mocharc.json"] and "jest" not in found


def test_the_one_pinned_js_runner_with_tests_is_used(tmp_path: Path) -> None:
    files = {"package.json": '{"devDependencies": {"jest": "29"}}\n', "src/a.js": "module.exports = 1\n"}
    assert f"jest{frameworks.PINNED}" in detect(make_repo(tmp_path / "none", files))
    files["src/a.test.js"] = "test('a', () => { expect(require('./a')).toBe(1) })\n"
    assert detect(make_repo(tmp_path / "tests", files))["jest"] == ["package.json: jest, runs 1 test files"]


def test_a_projects_own_name_and_scripts_are_not_pins() -> None:
    from standards.frameworks import pyproject_requirements

    text = (
        '[project]\nname = "Flask"\ndependencies = ["Werkzeug>=3", "click>=8"]\n'
        '[project.optional-dependencies]\nasync = ["asgiref>=3.2"]\n'
        '[project.scripts]\nflask = "flask.cli:main"\n'
        '[tool.poetry.group.dev.dependencies]\ncelery = "^5"\n'
        '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n'
    )
    declared = pyproject_requirements(text).splitlines()
    assert declared == ["Werkzeug>=3", "click>=8", "asgiref>=3.2", "celery"]
    assert pyproject_requirements("not = [toml") == ""
