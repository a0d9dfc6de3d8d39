"""Never weaker than the project: after `standards init`, the RuboCop and ESLint configurations
`standards check` runs resolve, for every cop or rule the project sets, to the project's own
value (`rubocop --show-cops`, `eslint --print-config`), and the check reports what the project's
own RuboCop/ESLint reports for the cops and rules it runs, no more (a department the project
disables, a path it excludes, a cop its todo file turns off stay so), with a why that names the
file and line the setting comes from. Real tools; skipped when they are missing."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from standards import standards_file, toolchain
from standards.check.runners import eslint as eslint_runner
from standards.check.runners import rubocop as rubocop_runner
from standards.emitters import eslint as emitter
from standards.linter_config import eslint as eslint_config
from standards.linter_config import eslint_project, rubocop_project
from standards.linter_config import rubocop as rubocop_config
from standards.model import Convention, Level, Source, Standards
from tests._repo import env, make_repo, standards, write

ESLINT = toolchain.find_eslint()
RUBOCOP = toolchain.find_rubocop()
needs_eslint = pytest.mark.skipif(ESLINT is None, reason="ESLint is not installed (set STANDARDS_ESLINT)")
needs_rubocop = pytest.mark.skipif(RUBOCOP is None, reason="RuboCop is not installed")
TIMEOUT = 300


def tools_env() -> dict[str, str]:
    return {toolchain.ESLINT_ENV: str(ESLINT.executable)} if ESLINT is not None else {}


def init(root: Path) -> Standards:
    done = standards(root, "init", "--no-hooks", extra_env=tools_env())
    assert done.returncode == 0, done.stdout + done.stderr
    loaded = standards_file.load(root)
    assert loaded is not None
    return loaded


def check_all(root: Path) -> list[dict[str, Any]]:
    done = standards(root, "check", "--all", "--no-baseline", "--format", "json", extra_env=tools_env())
    assert done.returncode in (0, 1), done.stdout + done.stderr
    return list(json.loads(done.stdout)["findings"])


# -- RuboCop -------------------------------------------------------------------------------

RUBOCOP_YML = """\
inherit_from:
  - .rubocop_todo.yml
inherit_mode:
  merge:
    - Exclude
AllCops:
  NewCops: disable
  Exclude:
    - db/**/*
Metrics:
  Enabled: false
Metrics/ParameterLists:
  Enabled: true
  Max: 3
Style/StringLiterals:
  EnforcedStyle: double_quotes
Layout/LineLength:
  Max: 100
  Exclude:
    - lib/legacy.rb
Style/HashSyntax:
  Exclude:
    - lib/mixed.rb
Style/FrozenStringLiteralComment:
  Include:
    - lib/**/*.rb
"""
TODO_YML = """\
Naming/MethodName:
  Enabled: false
Style/HashSyntax:
  Exclude:
    - lib/old_hashes.rb
"""
SPEC_RUBOCOP_YML = """\
inherit_from: ../.rubocop.yml
Style/StringLiterals:
  EnforcedStyle: single_quotes
Layout/LineLength:
  Max: 140
"""


def service(i: int) -> str:
    return (
        "# frozen_string_literal: true\n\n"
        f"class Service{i}\n"
        "  def total_due(amount)\n"
        '    options = { currency: "EUR" }\n'
        '    format("%.2f", amount) + options.fetch(:currency)\n'
        "  end\n"
        "end\n"
    )


LEGACY_RB = (
    "# frozen_string_literal: true\n\nclass Legacy\n  def someMethod(amount)\n"
    "    x = { :currency => 'EUR', :amount => amount, :note => \"a line that goes well past one hundred columns\" }\n"
    "    x\n  end\n\n  def long\n" + "".join("    a = 1\n" for _ in range(14)) + "    a\n  end\nend\n"
)


@pytest.fixture(scope="module")
def ruby_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Standards]:
    root = tmp_path_factory.mktemp("rubocop") / "repo"
    files: dict[str, str | bytes] = {f"lib/service_{i}.rb": service(i) for i in range(8)}
    files.update(
        {
            ".rubocop.yml": RUBOCOP_YML,
            ".rubocop_todo.yml": TODO_YML,
            "spec/.rubocop.yml": SPEC_RUBOCOP_YML,
            "lib/legacy.rb": LEGACY_RB,
            "lib/old_hashes.rb": "# frozen_string_literal: true\n\nOLD = { :a => 1 }.freeze\n",
            "lib/mixed.rb": "# frozen_string_literal: true\n\nMIXED = { :b => 2 }.freeze\n",
            "spec/service_spec.rb": "# frozen_string_literal: true\n\ndescribe 'x' do\n  it { expect(\"x\") }\nend\n",
            "db/schema.rb": 'ActiveRecord::Schema.define(version: 1) do\n  create_table "users"\nend\n',
        }
    )
    make_repo(root, files)
    return root, init(root)


def show_cops(cwd: Path, cops: list[str], config: Path | None = None) -> dict[str, Any]:
    argv = [str(RUBOCOP), "--show-cops", ",".join(cops), *(["--config", str(config)] if config else [])]
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert done.returncode == 0, done.stderr
    return yaml.safe_load(done.stdout) or {}


def project_cops(root: Path, config_rel: str) -> list[str]:
    """The cops of RuboCop's own departments that the project's files (in the chain of
    ``config_rel``) name."""
    project = rubocop_project.read(root, config_rel)
    assert project is not None
    return sorted(key for key in project.sources if "/" in key and key.split("/")[0] in rubocop_config.CORE_DEPARTMENTS)


def comparable(settings: dict[str, Any], base: Path) -> dict[str, Any]:
    """A cop's resolved settings with ``Include`` patterns absolute and the merge directive left out."""
    out = {k: v for k, v in settings.items() if k != "inherit_mode"}
    if isinstance(out.get("Include"), list):
        out["Include"] = [os.path.normpath(p if os.path.isabs(p) else base.resolve() / p) for p in out["Include"]]
    return out


@needs_rubocop
def test_rubocop_show_cops_after_init_is_the_projects_for_every_cop_it_sets(
    ruby_repo: tuple[Path, Standards], tmp_path: Path
) -> None:
    root, model = ruby_repo
    paths = ["lib/legacy.rb", "spec/service_spec.rb"]
    plans = rubocop_runner.plans(root, paths, model)
    assert [files for _, files in plans] == [["lib/legacy.rb"], ["spec/service_spec.rb"]]
    for number, (plan, files) in enumerate(plans):
        config = tmp_path / f"private-{number}.yml"
        config.write_text(plan.text, encoding="utf-8")
        config_rel = ".rubocop.yml" if number == 0 else "spec/.rubocop.yml"
        directory = (root / config_rel).parent
        cops = project_cops(root, config_rel)
        assert "Metrics/ParameterLists" in cops and "Naming/MethodName" in cops
        ours = show_cops(tmp_path, cops, config)
        theirs = show_cops(directory, cops)
        for cop in cops:
            assert comparable(ours[cop], directory) == comparable(theirs[cop], directory), cop
        silent = [cop for cop in plan.cops if cop not in cops]
        assert silent, "the project is silent about some of our cops; ours apply there"


@needs_rubocop
def test_rubocop_check_reports_what_the_projects_rubocop_reports(ruby_repo: tuple[Path, Standards]) -> None:
    root, model = ruby_repo
    ours = {(f["path"], f["line"], f["rule"].removeprefix("rubocop:")) for f in check_all(root)}
    ours = {finding for finding in ours if not finding[2].startswith("eslint")}
    done = subprocess.run(
        [str(RUBOCOP), "--format", "json"], cwd=root, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert done.returncode in (0, 1), done.stderr
    run_cops = set(rubocop_config.our_layer(root, model, []))
    theirs = {
        (result["path"], offense["location"]["start_line"], offense["cop_name"])
        for result in json.loads(done.stdout)["files"]
        for offense in result["offenses"]
        if offense["cop_name"] in run_cops
    }
    assert ours == theirs
    assert not [f for f in ours if f[2].startswith("Metrics/") and f[2] != "Metrics/ParameterLists"]
    assert not [f for f in ours if f[0].startswith("db/") or f[2] == "Naming/MethodName"]
    assert not [f for f in ours if f[2] == "Style/HashSyntax" and f[0] in ("lib/old_hashes.rb", "lib/mixed.rb")]
    assert ("spec/service_spec.rb", 4, "Style/StringLiterals") in ours  # the spec directory's own config
    assert ("lib/legacy.rb", 5, "Style/HashSyntax") in ours  # the project was silent: ours


@needs_rubocop
def test_rubocop_why_names_the_file_and_line_of_the_setting(ruby_repo: tuple[Path, Standards]) -> None:
    root, _ = ruby_repo
    whys = {(f["path"], f["rule"]): f["why"] for f in check_all(root)}
    assert whys[("spec/service_spec.rb", "rubocop:Style/StringLiterals")] == (
        "Style/StringLiterals: spec/.rubocop.yml:2 sets EnforcedStyle: single_quotes"
    )
    assert whys[("lib/legacy.rb", "rubocop:Style/StringLiterals")] == (
        "Style/StringLiterals: .rubocop.yml:16 sets EnforcedStyle: double_quotes"  # init put our file in line 2
    )
    hash_why = whys[("lib/legacy.rb", "rubocop:Style/HashSyntax")]
    assert hash_why.startswith("standards.toml [") and "configuration enforces" not in hash_why
    assert not [why for why in whys.values() if "Metrics/MethodLength" in why or "Naming/MethodName" in why]


def test_rubocop_resolution_follows_rubocops_rules_for_departments_and_lists(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".rubocop.yml": "inherit_from: [base.yml, .rubocop_todo.yml]\n"
            "Metrics:\n  Enabled: false\nMetrics/AbcSize:\n  Enabled: true\n"
            "Style/Documentation:\n  inherit_mode:\n    merge: [Exclude]\n  Exclude: [lib/b.rb]\n",
            "base.yml": "Metrics/ClassLength:\n  Enabled: true\nStyle/Documentation:\n  Exclude: [lib/a.rb]\n",
            ".rubocop_todo.yml": "Style/Documentation:\n  Exclude: [lib/c.rb]\nLayout:\n  Enabled: false\n",
        },
    )
    project = rubocop_project.read(tmp_path)
    assert project is not None
    config = project.config
    root = tmp_path.resolve().as_posix()
    # base.yml enables ClassLength, .rubocop.yml disables its department: off, as RuboCop has it
    assert config["Metrics/ClassLength"]["Enabled"] is False
    assert config["Metrics/AbcSize"]["Enabled"] == "override_department"  # enabled beside the disabled department
    # the file's merge mode applies to each parent in turn: the last parent first, then the earlier
    assert config["Style/Documentation"]["Exclude"] == [f"{root}/lib/a.rb", f"{root}/lib/c.rb", f"{root}/lib/b.rb"]
    assert project.sources["Layout"] == ".rubocop_todo.yml:3"
    layer = {"Layout/IndentationWidth": {"Enabled": True, "Width": 2}, "Metrics/MethodLength": {"Enabled": True}}
    merged = rubocop_project.beneath(layer, config)
    flat = {"AllCops": {}, **merged}
    assert not rubocop_config.enabled(flat, "Layout/IndentationWidth")  # the todo file's department switch
    assert not rubocop_config.enabled(flat, "Metrics/MethodLength")
    assert rubocop_config.enabled(flat, "Metrics/AbcSize")


def test_rubocop_files_are_grouped_by_their_nearest_config(tmp_path: Path) -> None:
    write(tmp_path, {".rubocop.yml": "", "engines/billing/.rubocop.yml": "", "engines/billing/lib/x.rb": ""})
    groups = rubocop_project.nearest(tmp_path, ["app/a.rb", "engines/billing/lib/x.rb", "engines/other/y.rb", "z.rb"])
    assert groups == {
        ".rubocop.yml": ["app/a.rb", "engines/other/y.rb", "z.rb"],
        "engines/billing/.rubocop.yml": ["engines/billing/lib/x.rb"],
    }


# -- ESLint --------------------------------------------------------------------------------

ESLINTRC = """\
{
  "root": true,
  "extends": ["./config/base.json", "eslint:recommended"],
  "env": {"node": true, "es2022": true},
  "parserOptions": {"ecmaVersion": 2022},
  "ignorePatterns": ["generated/"],
  "rules": {
    "semi": ["error", "never"],
    "quotes": 0,
    "camelcase": "off"
  },
  "overrides": [
    {
      "files": ["*.test.js"],
      "excludedFiles": ["test/fixtures/**"],
      "rules": {"semi": "warn", "indent": ["error", 2]}
    }
  ]
}
"""
BASE_JSON = '{\n  "rules": {\n    "indent": ["error", 4],\n    "comma-dangle": ["error", "always-multiline"]\n  }\n}\n'


def route(i: int) -> str:
    return (
        "'use strict'\n\nconst path = require('path')\n\n"
        f"function buildRoute{i} (options) {{\n"
        "    const route = {\n        url: path.join('/api', options.name),\n        method: 'GET',\n    }\n"
        "    const names = options.items.map((item) => item.name)\n    return { route, names }\n}\n\n"
        f"module.exports = {{ buildRoute{i} }}\n"
    )


ODD = (
    '"use strict";\n\nconst my_value = "x";\n\nfunction doThing (a) {\n  return a + my_value;\n}\n\n'
    "module.exports = { doThing };\n"
)
ODD_TEST = (
    "'use strict'\n\nconst { doThing } = require('./odd')\n\nconst value = doThing('x')\nmodule.exports = { value };\n"
)


@pytest.fixture(scope="module")
def js_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Standards]:
    if ESLINT is None:
        pytest.skip("ESLint is not installed (set STANDARDS_ESLINT)")
    root = tmp_path_factory.mktemp("eslint") / "repo"
    files: dict[str, str | bytes] = {f"lib/route_{i}.js": route(i) for i in range(8)}
    files.update(
        {
            ".eslintrc.json": ESLINTRC,
            "config/base.json": BASE_JSON,
            ".eslintignore": "build/\n",
            "lib/odd.js": ODD,
            "lib/odd.test.js": ODD_TEST,
            "test/fixtures/odd.test.js": ODD_TEST,
            "generated/odd.js": ODD,
            "build/odd.js": ODD,
        }
    )
    make_repo(root, files)
    model = init(root)
    for rule, options in OUR_JS_RULES.items():  # whatever init inferred, these run: theirs must win over them
        conv = quote_convention({})
        conv.id, conv.language, conv.enforced_by = f"js.test.{rule}", "javascript", [f"eslint:{rule}"]
        conv.params = {"eslint": {rule: options}}
        model.conventions[conv.id] = conv
    return root, model


OUR_JS_RULES: dict[str, list[Any]] = {
    "semi": ["always"],
    "indent": [2],
    "comma-dangle": ["never"],
    "quotes": ["double"],
    "camelcase": [],
}
SEVERITY = {0: 0, 1: 1, 2: 2, "off": 0, "warn": 1, "error": 2}


def normal(setting: Any) -> list[Any]:
    items = setting if isinstance(setting, list) else [setting]
    return [SEVERITY[items[0]], *items[1:]]


def holds(theirs: list[Any], ours: list[Any]) -> bool:
    """Our resolved setting is the project's: the same severity, and each option the project
    gave (an object's keys at least; the rule may fill in its defaults)."""
    if theirs[0] != ours[0] or len(ours) < len(theirs):
        return False
    for mine, given in zip(ours[1:], theirs[1:]):
        if isinstance(given, dict):
            if not isinstance(mine, dict) or any(mine.get(k) != v for k, v in given.items()):
                return False
        elif mine != given:
            return False
    return True


def print_config(root: Path, path: str, config: Path | None, legacy: bool = False) -> dict[str, Any]:
    assert ESLINT is not None
    argv = [*ESLINT.argv(root), *(["--config", str(config)] if config else []), "--print-config", path]
    extra = {"ESLINT_USE_FLAT_CONFIG": "false"} if legacy else {}
    done = subprocess.run(argv, cwd=root, capture_output=True, text=True, timeout=TIMEOUT, env=env(extra), check=False)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout)["rules"])


def private_eslint(root: Path, model: Standards, directory: Path) -> tuple[Path, eslint_config.EslintRun]:
    assert ESLINT is not None
    plan = eslint_config.build(model, ESLINT, eslint_project.read(root))
    config = directory / "eslint.config.mjs"
    config.write_text(plan.text, encoding="utf-8")
    return config, plan


@needs_eslint
@pytest.mark.parametrize("path", ["lib/odd.js", "lib/odd.test.js", "test/fixtures/odd.test.js"])
def test_eslint_print_config_after_init_is_the_projects_for_every_rule_it_sets(
    js_repo: tuple[Path, Standards], tmp_path: Path, path: str
) -> None:
    root, model = js_repo
    config, _ = private_eslint(root, model, tmp_path)
    ours = print_config(root, path, config)
    theirs = print_config(root, path, None, legacy=True)
    checked = []
    active = {eslint_config.core_name(name): value for name, value in ours.items() if normal(value)[0] != 0}
    for core, value in active.items():  # one rule per core name runs (ours under @stylistic is off where theirs runs)
        if core in ("semi", "quotes", "camelcase", "indent", "comma-dangle"):
            assert core in theirs and holds(normal(theirs[core]), normal(value)), (core, value, theirs[core])
            checked.append(core)
    assert len([name for name, value in ours.items() if normal(value)[0] != 0 and "indent" in name]) == 1
    assert "semi" in checked and "indent" in checked
    for rule in ("quotes", "camelcase"):  # turned off by the project: off, or not run at all
        assert rule not in active
    assert "eslint: .eslintrc.json: extends eslint:recommended: a shared config standards does not apply" in " ".join(
        eslint_project.read(root).notes
    )


@needs_eslint
def test_eslint_check_reports_what_the_projects_eslint_reports(js_repo: tuple[Path, Standards]) -> None:
    root, model = js_repo
    assert ESLINT is not None
    paths = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.js") if ".git" not in p.parts)
    findings = [
        {"path": f.path, "line": f.line, "rule": f.rule, "level": f.level.value, "why": f.why}
        for f in eslint_runner.run(root, paths, model)
    ]
    ours = {(f["path"], f["line"], eslint_config.core_name(f["rule"].removeprefix("eslint:"))) for f in findings}
    run_rules = {eslint_config.core_name(rule) for rule in emitter.collect(emitter.enforced(model), False).rules}
    project_rules = {
        eslint_config.core_name(rule) for layer in eslint_project.read(root).layers for rule in layer.rules
    }
    silent = {finding for finding in ours if finding[2] not in project_rules}
    assert {rule for _, _, rule in silent} <= run_rules - project_rules  # the conventions the project was silent about
    ours -= silent
    done = subprocess.run(
        [*ESLINT.argv(root), "--format", "json", "."],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env({"ESLINT_USE_FLAT_CONFIG": "false"}),
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    theirs = {
        (Path(result["filePath"]).relative_to(root.resolve()).as_posix(), message["line"], message["ruleId"])
        for result in json.loads(done.stdout)
        for message in result["messages"]
        if message.get("ruleId") in run_rules & project_rules
        and not result["filePath"].endswith("standards.eslint.mjs")
    }
    assert ours == theirs
    assert not [f for f in ours if f[0].startswith(("generated/", "build/"))]
    levels = {(f["path"], f["line"]): (f["level"], f["why"]) for f in findings if f["rule"].endswith("semi")}
    assert levels[("lib/odd.test.js", 6)][0] == "warn" and ".eslintrc.json:16" in levels[("lib/odd.test.js", 6)][1]
    assert levels[("lib/odd.js", 1)][0] == "error" and ".eslintrc.json:8" in levels[("lib/odd.js", 1)][1]


FLAT = """\
export default [
  { ignores: ['vendor/**'] },
  { rules: { semi: ['error', 'never'], quotes: 'off' } },
  { files: ['test/**/*.js'], ignores: ['test/fixtures/**'], rules: { semi: ['warn', 'always'] } },
]
"""


@needs_eslint
def test_eslint_flat_config_objects_for_some_files_are_honoured(
    js_repo: tuple[Path, Standards], tmp_path: Path
) -> None:
    _, model = js_repo
    root = tmp_path / "flat"
    write(root, {"eslint.config.mjs": FLAT, "lib/odd.js": ODD, "test/a.js": ODD, "test/fixtures/b.js": ODD})
    config, plan = private_eslint(root, model, tmp_path)
    for path, expected in (
        ("lib/odd.js", [2, "never"]),
        ("test/a.js", [1, "always"]),
        ("test/fixtures/b.js", [2, "never"]),
    ):
        ours = print_config(root, path, config)
        theirs = print_config(root, path, None)
        semi = next(v for name, v in ours.items() if eslint_config.core_name(name) == "semi" and normal(v)[0])
        assert normal(semi) == expected == normal(theirs["semi"]), path
    assert plan.configured and all(origin.startswith("eslint.config.mjs:") for origin in plan.configured.values())


def test_eslint_extends_are_followed_inside_the_repository_only(tmp_path: Path) -> None:
    write(
        tmp_path / "repo",
        {
            ".eslintrc.yml": "extends:\n  - ./a.yml\n  - ../outside.json\n  - standard\n  - ./b.js\n"
            "rules:\n  semi: warn\n",
            "a.yml": "extends: ./c.json\nrules:\n  semi: [error, never]\n  indent: [error, 2]\n",
            "c.json": '{"extends": "./a.yml", "rules": {"eqeqeq": "error"}}',
            "b.js": "require('fs').writeFileSync('MARKER', '')\n",
        },
    )
    write(tmp_path, {"outside.json": '{"rules": {"no-var": "off"}}'})
    project = eslint_project.read(tmp_path / "repo")
    assert project.rules == {"eqeqeq": "error", "semi": ["warn", "never"], "indent": ["error", 2]}
    assert project.origins["semi"] == ".eslintrc.yml:7" and project.origins["indent"] == "a.yml:4"
    notes = "\n".join(project.notes)
    assert "../outside.json: outside the repository" in notes and "extends standard: a shared config" in notes
    assert "./b.js: needs evaluation" in notes and "the cycle is cut" in notes
    assert not (tmp_path / "repo" / "MARKER").exists()


@needs_rubocop
def test_rubocop_a_setting_our_rubocop_refuses_for_another_cop_does_not_stop_the_check(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    make_repo(
        root,
        {
            "lib/a.rb": '# frozen_string_literal: true\n\nX = "a".freeze\n',
            ".rubocop.yml": "Style/StringLiterals:\n  EnforcedStyle: single_quotes\n"
            "Layout/DotPosition:\n  EnforcedStyle: sideways\n",  # a style RuboCop 1.39 does not know
        },
    )
    layer = {"Style/StringLiterals": {"EnforcedStyle": "double_quotes"}}
    model = Standards(conventions={"q": quote_convention(layer)})
    findings = rubocop_runner.run(root, ["lib/a.rb"], model)
    assert [(f.path, f.line, f.rule) for f in findings] == [("lib/a.rb", 3, "rubocop:Style/StringLiterals")]
    assert findings[0].why == "Style/StringLiterals: .rubocop.yml:1 sets EnforcedStyle: single_quotes"
    notes = getattr(findings, "notes", [])
    assert any("invalid EnforcedStyle 'sideways' for Layout/DotPosition" in note for note in notes)


def quote_convention(params: dict[str, Any]) -> Convention:
    return Convention(
        id="rb.style.quotes",
        title="Strings use double quotes",
        category="style",
        language="ruby",
        value="double_quotes",
        level=Level.ERROR,
        source=Source.INFERRED,
        support=(9, 10),
        confidence=0.9,
        enforced_by=["rubocop:Style/StringLiterals"],
        params={"rubocop": params},
    )


def test_rubocop_our_test_exclusion_never_narrows_a_cop_the_project_runs(tmp_path: Path) -> None:
    size = Convention(
        id="rb.size.method",
        title="Methods are at most 10 lines",
        category="size",
        language="ruby",
        value=10,
        level=Level.ERROR,
        source=Source.INFERRED,
        support=(90, 100),
        confidence=0.9,
        enforced_by=["rubocop:Metrics/MethodLength"],
        params={"rubocop": {"Metrics/MethodLength": {"Max": 10}}},
    )
    model = Standards(conventions={size.id: size})
    write(tmp_path, {".rubocop.yml": "Metrics/MethodLength:\n  Max: 20\n"})
    built = rubocop_config.build(tmp_path, model, rubocop_project.read(tmp_path))
    assert built.config["Metrics/MethodLength"] == {"Max": 20, "Enabled": True}  # specs stay checked, as theirs
    write(tmp_path, {".rubocop.yml": "AllCops:\n  DisabledByDefault: true\n"})
    built = rubocop_config.build(tmp_path, model, rubocop_project.read(tmp_path))
    assert built.config["Metrics/MethodLength"]["Exclude"] == [
        f"{tmp_path.resolve().as_posix()}/spec/**/*",
        f"{tmp_path.resolve().as_posix()}/test/**/*",
    ]


def test_eslint_flat_global_ignores_helper_and_scoped_objects_are_read_as_literals(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "eslint.config.mjs": "import { defineConfig, globalIgnores } from 'eslint/config'\n"
            "import js from '@eslint/js'\n"
            "export default defineConfig([\n"
            "  globalIgnores(['**/dist', 'test/files/*']),\n"
            "  js.configs.recommended,\n"
            "  { files: ['test/**'], ignores: ['test/fixtures/**'], rules: { indent: ['error', 4] } },\n"
            "  { files: [process.env.X], rules: { semi: 'off' } },\n"
            "  { extends: ['js/recommended'], rules: { quotes: 'off' } },\n"
            "])\n"
        },
    )
    project = eslint_project.read(tmp_path)
    assert project.flat_ignores == ["**/dist", "test/files/*"]
    assert [(layer.files, layer.ignores, layer.rules) for layer in project.layers] == [
        (["test/**"], ["test/fixtures/**"], {"indent": ["error", 4]})
    ]
    assert project.layers[0].origins == {"indent": "eslint.config.mjs:6"}
    assert project.notes == ["eslint: eslint.config.mjs: settings at line 5, 7, 8 need evaluation; not merged"]
