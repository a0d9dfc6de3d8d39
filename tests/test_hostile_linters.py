"""ESLint and RuboCop never run the repository's code: the linters and their plugins come from
our own install, the configs they run are built from standards.toml into a private directory
with the project's configuration read as data and merged above ours (the project's settings
win), and nothing the repository commits (configs, node_modules, ``.rubocop`` options) runs.

Each probe's payload only writes a marker file; the tests assert the marker is absent, and that
the linter did run (a planted violation is still reported)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _repo import env, git, make_repo, write

from standards import toolchain
from standards.check.runners import eslint as eslint_runner
from standards.check.runners import rubocop as rubocop_runner
from standards.errors import ConfigError
from standards.linter_config import eslint_project, rubocop_project, yaml_data
from standards.linter_config import rubocop as rubocop_config
from standards.model import Convention, Level, Source, Standards
from tests.test_js_eslint_integration import module as js_module
from tests.test_ruby_rubocop_integration import service as rb_service

TIMEOUT = 180
ESLINT = toolchain.find_eslint()
RUBOCOP = toolchain.find_rubocop()
needs_eslint = pytest.mark.skipif(ESLINT is None, reason="ESLint is not installed (set STANDARDS_ESLINT)")
needs_rubocop = pytest.mark.skipif(RUBOCOP is None, reason="RuboCop is not installed")


def tool_env() -> dict[str, str]:
    return {toolchain.ESLINT_ENV: str(ESLINT.executable)} if ESLINT is not None else {}


def run_cli(root: Path, *args: str, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`standards ARGS` in ``root`` with our ESLint named, stopped after TIMEOUT seconds."""
    return subprocess.run(
        [sys.executable, "-P", "-m", "standards", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env({**tool_env(), **(extra or {})}),
        timeout=TIMEOUT,
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JS + Ruby repository after `standards init`, committed."""
    root = tmp_path_factory.mktemp("template") / "repo"
    files: dict[str, str | bytes] = {f"lib/route-{i}.js": js_module(i) for i in range(20)}
    files.update({f"app/invoice_{i}.rb": rb_service(i) for i in range(20)})
    make_repo(root, files)
    done = run_cli(root, "init", "--no-hooks")
    assert done.returncode == 0, done.stdout + done.stderr
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Adopt standards")
    return root


@pytest.fixture
def repo(template: Path, tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(template, root, symlinks=True)
    return root


def commit(root: Path, files: dict[str, str | bytes], message: str = "Change") -> None:
    write(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


def check_json(root: Path, *args: str) -> tuple[subprocess.CompletedProcess, dict]:
    done = run_cli(root, "check", *args, "--format", "json")
    assert "Traceback" not in done.stderr, done.stderr
    report = json.loads(done.stdout) if done.stdout.strip().startswith("{") else {}
    return done, report


def rules_of(report: dict) -> list[tuple[str, str]]:
    return sorted((f["path"], f["rule"]) for f in report.get("findings", []))


# -- ESLint --------------------------------------------------------------------------------


@needs_eslint
def test_eslint_and_its_plugins_never_come_from_the_repository_node_modules(repo: Path, tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    touch_js = f"require('fs').writeFileSync({str(marker)!r}, __filename);\nmodule.exports = {{ rules: {{}} }};\n"
    bin_eslint = repo / "node_modules" / ".bin" / "eslint"
    write(
        repo,
        {
            "node_modules/.bin/eslint": f"#!/bin/sh\ntouch {marker}\necho '[]'\n",
            "node_modules/.bin/node": f"#!/bin/sh\ntouch {marker}\n",
            "node_modules/@stylistic/eslint-plugin/package.json": '{"main": "index.js"}',
            "node_modules/@stylistic/eslint-plugin/index.js": touch_js,
            "node_modules/typescript-eslint/package.json": '{"main": "index.js"}',
            "node_modules/typescript-eslint/index.js": touch_js,
            "lib/route-3.js": js_module(3).replace("require('path')", "require('path');"),
        },
    )
    bin_eslint.chmod(0o755)
    (bin_eslint.parent / "node").chmod(0o755)
    git(repo, "add", "lib")
    hijack = {"PATH": f"{bin_eslint.parent}{os.pathsep}node_modules/.bin{os.pathsep}{os.environ.get('PATH', '')}"}
    for args in (["check", "--all"], ["check", "--staged"], ["check", "lib/route-3.js"]):
        done = run_cli(repo, *args, extra=hijack)
        assert not marker.exists(), f"`standards {' '.join(args)}` ran {marker.read_text()}"
        assert done.returncode == 1, done.stdout + done.stderr
        assert "semi" in done.stdout  # our ESLint ran and found the planted semicolon


@needs_eslint
def test_committed_eslint_configs_are_never_executed(repo: Path, tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    payload = f"import {{ writeFileSync }} from 'node:fs';\nwriteFileSync({str(marker)!r}, import.meta.url);\n"
    committed = (repo / "standards.eslint.mjs").read_text()
    user = (repo / "eslint.config.mjs").read_text()
    assert "standards.eslint.mjs" in user  # the root config imports the committed one
    commit(
        repo,
        {
            "standards.eslint.mjs": payload + committed,
            "eslint.config.mjs": payload + user,
            ".eslintrc.js": f"require('fs').writeFileSync({str(marker)!r}, 'legacy');\nmodule.exports = {{}};\n",
        },
    )
    write(repo, {"lib/route-3.js": js_module(3).replace("require('path')", "require('path');")})
    git(repo, "add", "lib")
    for args in (["--all"], ["--staged"]):
        done, report = check_json(repo, *args)
        assert not marker.exists(), f"`standards check {args[0]}` ran {marker.read_text()}"
        assert done.returncode == 1, done.stdout + done.stderr
        assert ("lib/route-3.js", "eslint:semi") in rules_of(report) or any(
            r == "eslint:@stylistic/semi" for _, r in rules_of(report)
        )
        # the payload statement is named, never run; the legacy JavaScript config is named too
        assert "eslint: eslint.config.mjs: settings at line 2 need evaluation; not merged" in report["tool_notes"]
        assert "eslint: .eslintrc.js: needs evaluation; not merged" in report["tool_notes"]


@needs_eslint
def test_project_json_eslint_config_is_merged_and_wins(repo: Path) -> None:
    (repo / "eslint.config.mjs").unlink()  # an ESLint 8 project: its config is .eslintrc.json
    semi = "@stylistic/semi" if ESLINT is not None and ESLINT.has(toolchain.STYLISTIC) else "semi"
    quotes = semi.replace("semi", "quotes")
    commit(
        repo,
        {
            ".eslintrc.json": '{\n  "ignorePatterns": ["generated/"],\n  "rules": {\n'
            '    "semi": "off",\n    "quotes": "warn",\n    "react/jsx-uses-react": "error"\n  }\n}\n',
        },
    )
    write(
        repo,
        {
            "lib/route-3.js": js_module(3).replace("require('path')", "require('path');"),
            "lib/route-4.js": js_module(4).replace("'GET'", '"GET"'),
            "generated/out.js": js_module(5).replace("'GET'", '"GET";'),
            "web/deep/route.js": js_module(8).replace("'GET'", '"GET"'),
        },
    )
    git(repo, "add", "-A")
    done, report = check_json(repo, "--staged")
    assert done.returncode == 0, done.stdout + done.stderr  # the project's "warn" wins over our error
    # ignorePatterns and our globs resolve against the repository, not the private config's directory
    assert rules_of(report) == [("lib/route-4.js", f"eslint:{quotes}"), ("web/deep/route.js", f"eslint:{quotes}")]
    for finding in report["findings"]:
        assert finding["level"] == "warn"
        assert ".eslintrc.json:5" in finding["why"] and "standards.toml" not in finding["why"]


FLAT = """\
import { writeFileSync } from 'node:fs'
import standards from './standards.eslint.mjs'
writeFileSync('MARKER', '')
export default [
  ...standards,
  { ignores: ['generated/**'] },
  { rules: { semi: 'off', quotes: ['warn'], 'no-console': 'error' } },
  { files: ['**/*.ts'], rules: { semi: 'error' } },
  { rules: { eqeqeq: process.env.CI ? 'error' : 'off' } },
]
"""


def test_flat_javascript_config_is_read_as_literals_and_never_run(tmp_path: Path) -> None:
    write(tmp_path, {"eslint.config.mjs": FLAT})
    project = eslint_project.read(tmp_path)
    assert project.source == "eslint.config.mjs"
    assert project.rules == {"semi": "off", "quotes": ["warn"], "no-console": "error"}
    assert project.lines["quotes"] == 7 and project.flat_ignores == ["generated/**"]
    assert project.notes == ["eslint: eslint.config.mjs: settings at line 3, 9 need evaluation; not merged"]
    scoped = [layer for layer in project.layers if layer.files]  # line 8: a literal object for some files
    assert [(layer.files, layer.rules) for layer in scoped] == [(["**/*.ts"], {"semi": "error"})]
    assert not (tmp_path / "MARKER").exists()


@needs_eslint
def test_flat_config_literal_rules_win_in_the_check(repo: Path) -> None:
    write(
        repo,
        {
            "eslint.config.mjs": FLAT.replace("'MARKER'", repr(str(repo / "MARKER"))),
            "lib/route-3.js": js_module(3).replace("require('path')", "require('path');"),
            "lib/route-4.js": js_module(4).replace("'GET'", '"GET"'),
            "generated/out.js": js_module(5).replace("'GET'", '"GET"'),
        },
    )
    paths = ["lib/route-3.js", "lib/route-4.js", "generated/out.js"]
    findings = eslint_runner.run(repo, paths, _standards_of(repo))
    assert [(f.path, f.level, f.why) for f in findings] == [
        (
            "lib/route-4.js",
            Level.WARN,
            f"The project's ESLint configuration (eslint.config.mjs:7) sets {findings[0].rule[7:]}.",
        )
    ]
    assert not (repo / "MARKER").exists()


@needs_eslint
def test_typescript_is_said_not_linted_when_our_install_lacks_typescript_eslint(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ESLINT is not None
    modules = tmp_path / "install" / "node_modules"
    modules.mkdir(parents=True)
    for name in os.listdir(ESLINT.modules):
        if name not in ("typescript-eslint", "@stylistic", ".bin"):
            (modules / name).symlink_to(ESLINT.modules / name)
    bare = toolchain.EslintInstall(ESLINT.executable, modules)
    monkeypatch.setattr(toolchain, "find_eslint", lambda root=None: bare)
    write(repo, {"src/store.ts": 'export const names: string[] = ["a"];\n'})
    standards_model = _standards_of(repo)
    findings = eslint_runner.run(repo, ["lib/route-1.js", "src/store.ts"], standards_model)
    assert findings == []
    notes = getattr(findings, "notes", [])
    assert any("typescript-eslint is not in the ESLint install" in n and "1 TypeScript file" in n for n in notes)


def _standards_of(root: Path) -> Standards:
    from standards import standards_file

    loaded = standards_file.load(root)
    assert loaded is not None
    return loaded


# -- RuboCop -------------------------------------------------------------------------------


def evil_ruby(marker: Path, what: str) -> str:
    return f"File.write({str(marker)!r}, {what!r})\n"


@needs_rubocop
def test_rubocop_never_runs_code_from_the_repository_configs(repo: Path, tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    erb = f"<%= File.write({str(marker)!r}, 'erb') && 'single_quotes' %>"
    generated = (repo / ".standards-rubocop.yml").read_text()
    commit(
        repo,
        {
            "evil.rb": evil_ruby(marker, "require"),
            ".standards-rubocop.yml": "require:\n  - ./evil.rb\n" + generated + f"Layout/LineLength:\n  Max: {erb}\n",
            ".rubocop.yml": "require: ./evil.rb\nplugins:\n  - ./evil.rb\ninherit_gem:\n  evil: config.yml\n"
            "inherit_from:\n  - .standards-rubocop.yml\n  - https://example.invalid/rubocop.yml\n"
            f"Style/StringLiterals:\n  EnforcedStyle: {erb}\n",
            ".rubocop": "--require ./evil.rb\n",
            "app/.rubocop.yml": "require: ../evil.rb\n",
        },
    )
    write(repo, {"app/invoice_3.rb": rb_service(3).replace("'EUR'", '"EUR"')})
    git(repo, "add", "-A")
    for args in (["--all"], ["--staged"], ["app/invoice_3.rb"]):
        done, report = check_json(repo, *args)
        assert not marker.exists(), f"`standards check {args[0]}` ran {marker.read_text()}"
        assert done.returncode == 1, done.stdout + done.stderr
        assert ("app/invoice_3.rb", "rubocop:Style/StringLiterals") in rules_of(report)
        notes = "\n".join(report["tool_notes"])
        assert "require: ./evil.rb not loaded" in notes and "inherit_gem" in notes
        assert "https://example.invalid/rubocop.yml is remote" in notes and "ERB" in notes


@needs_rubocop
def test_project_rubocop_settings_win_over_ours(repo: Path) -> None:
    long_method = (
        "# frozen_string_literal: true\n\nclass Report\n  def build\n"
        + "".join(f"    step_{i} = {i}\n" for i in range(20))
        + "    step_1\n  end\n\n  def totalDue\n    1\n  end\nend\n"
    )
    commit(
        repo,
        {
            ".rubocop.yml": "inherit_from:\n  - .standards-rubocop.yml\n  - .rubocop_todo.yml\n\n"
            "AllCops:\n  Exclude:\n    - db/**/*\n\nMetrics:\n  Enabled: false\n\n"
            "Style/StringLiterals:\n  EnforcedStyle: single_quotes\n",
            ".rubocop_todo.yml": "Naming/MethodName:\n  Enabled: false\n",
        },
    )
    write(
        repo,
        {
            "app/report.rb": long_method,
            "db/seeds.rb": 'ActiveRecord::Schema.define(version: 1) do\n  create_table "users"\nend\n',
            "app/invoice_3.rb": rb_service(3).replace("'EUR'", '"EUR"'),
        },
    )
    git(repo, "add", "-A")
    done, report = check_json(repo, "--staged")
    assert done.returncode == 1, done.stdout + done.stderr
    assert rules_of(report) == [("app/invoice_3.rb", "rubocop:Style/StringLiterals")]
    why = report["findings"][0]["why"]
    assert ".rubocop.yml:12" in why and "standards.toml" not in why
    done, report = check_json(repo, "db/seeds.rb", "app/report.rb")  # named on the command line: still excluded
    assert done.returncode == 0 and rules_of(report) == [], done.stdout + done.stderr


@needs_rubocop
@pytest.mark.parametrize("name", [".rubocop.yml", ".rubocop_todo.yml"])
def test_deeply_nested_rubocop_config_is_exit_2_naming_it(repo: Path, name: str) -> None:
    nested = "Metrics:\n  Exclude: " + "[" * 10_000 + "]" * 10_000 + "\n"
    files = {name: nested}
    if name != ".rubocop.yml":
        files[".rubocop.yml"] = "inherit_from:\n  - .standards-rubocop.yml\n  - .rubocop_todo.yml\n"
    commit(repo, files)
    done = run_cli(repo, "check", "--all")
    assert done.returncode == 2, done.stdout + done.stderr
    assert name in done.stderr and "Traceback" not in done.stderr


@needs_rubocop
def test_a_fifo_rubocop_yml_is_skipped_not_waited_on(repo: Path) -> None:
    (repo / ".rubocop.yml").unlink()
    os.mkfifo(repo / ".rubocop.yml")
    project = rubocop_project.read(repo)
    assert project is not None and project.config == {}
    assert any(".rubocop.yml: not a regular file" in d for d in project.dropped)


# -- the pieces, without the tools -----------------------------------------------------------


def convention(cid: str, cop: str, params: dict) -> Convention:
    return Convention(
        id=cid,
        title=cid,
        category="style",
        language="ruby",
        value=1,
        level=Level.ERROR,
        source=Source.INFERRED,
        support=(1, 1),
        confidence=1.0,
        enforced_by=[f"rubocop:{cop}"],
        params={"rubocop": {cop: params}},
    )


def test_private_rubocop_config_carries_no_code_and_anchors_paths(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".rubocop.yml": "inherit_from:\n  - ../outside.yml\n  - config/base.yml\n  - /etc/rubocop.yml\n"
            "inherit_mode:\n  merge:\n    - Exclude\n"
            "Style/StringLiterals:\n  Exclude:\n    - vendor/**/*\n  Include: !ruby/regexp /x/\n",
            "config/base.yml": "inherit_from: ../.rubocop.yml\nStyle/StringLiterals:\n  Exclude:\n    - tmp/**\n",
        },
    )
    ours = {
        "a": convention("a", "Style/StringLiterals", {"EnforcedStyle": "single_quotes"}),
        "b": convention("b", "require", {"x": 1}),
        "c": convention("c", "Style/HashSyntax", {"EnforcedStyle": "<%= `touch MARKER` %>"}),
    }
    project = rubocop_project.read(tmp_path)
    assert project is not None
    dropped = "\n".join(project.dropped)
    assert "../outside.yml is outside the repository" in dropped and "/etc/rubocop.yml is outside" in dropped
    assert "inherits from itself" in dropped and "!ruby/regexp" in dropped
    built = rubocop_config.build(tmp_path, Standards(conventions=ours), project)
    assert built.cops == ["Style/HashSyntax", "Style/StringLiterals"]
    config = yaml_data.loads(built.text, "private")
    assert set(config) == {"AllCops", "Style/HashSyntax", "Style/StringLiterals"}
    root = tmp_path.resolve().as_posix()
    # base.yml's pattern is relative to the working directory (RuboCop's rule for files not named .rubocop*)
    assert config["Style/StringLiterals"]["Exclude"] == [f"{root}/tmp/**", f"{root}/vendor/**/*"]
    assert "<%" not in built.text and "EnforcedStyle" not in config["Style/HashSyntax"]
    assert any("ERB" in note for note in built.notes)


def test_department_disabled_cop_stays_disabled_unless_the_project_reenables_it(tmp_path: Path) -> None:
    config = "Metrics:\n  Enabled: false\nMetrics/AbcSize:\n  Enabled: true\nLayout:\n  Exclude: [db/**]\n"
    write(tmp_path, {".rubocop.yml": config})
    ours = {
        cop: convention(cop, cop, {}) for cop in ("Metrics/MethodLength", "Metrics/AbcSize", "Layout/IndentationWidth")
    }
    built = rubocop_config.build(tmp_path, Standards(conventions=ours), rubocop_project.read(tmp_path))
    assert built.cops == ["Layout/IndentationWidth", "Metrics/AbcSize"]
    assert built.disabled == {"Metrics/MethodLength": ".rubocop.yml:1"}
    assert built.configured == {"Layout/IndentationWidth": ".rubocop.yml:5", "Metrics/AbcSize": ".rubocop.yml:3"}


def test_aliases_that_expand_without_bound_are_refused() -> None:
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefgh":
        previous = chr(ord(level) - 1)
        laughs += f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 10) + "]\n"
    with pytest.raises(ConfigError, match="more than"):
        yaml_data.clean(yaml_data.loads(laughs, ".rubocop.yml"), ".rubocop.yml", "", [])


@needs_rubocop
def test_rubocop_runs_without_the_committed_config(repo: Path) -> None:
    (repo / ".standards-rubocop.yml").unlink()
    write(repo, {"app/invoice_3.rb": rb_service(3).replace("'EUR'", '"EUR"')})
    assert rubocop_runner.available(repo) is None
    findings = rubocop_runner.run(repo, ["app/invoice_3.rb", "app/invoice_4.rb"], _standards_of(repo))
    assert [(f.path, f.rule) for f in findings] == [("app/invoice_3.rb", "rubocop:Style/StringLiterals")]


def test_eslint_data_configs_that_cannot_be_read_are_named(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / ".eslintrc.json")
    write(tmp_path, {"package.json": '{"eslintConfig": {"rules": {"semi": ["error", "never"]}}}'})
    project = eslint_project.read(tmp_path)  # the FIFO is skipped, not waited on; package.json is next
    assert project.source == "package.json" and project.rules == {"semi": ["error", "never"]}
    assert any(".eslintrc.json: not a regular file" in note for note in project.notes)
    (tmp_path / ".eslintrc.json").unlink()
    write(tmp_path, {"package.json": '{"eslintConfig": ' + "[" * 10_000 + "]" * 10_000 + "}"})
    with pytest.raises(ConfigError, match="package.json: nested too deeply"):
        eslint_project.read(tmp_path)
