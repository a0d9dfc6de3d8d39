"""The project's own ESLint rules run in `standards check` beside our conventions (trust.md:
"RuboCop and ESLint run with the project's own configuration plus ours beneath it"): its core
rules with the globals its ``env``/``globals`` declare (nested legacy configs included), so the
check reports what the project's ESLint reports; rules of plugins we do not carry, and rules
that depend on globals we could not read, are named, never guessed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from standards import toolchain
from standards.check.runners import eslint as eslint_runner
from standards.linter_config import eslint as eslint_config
from standards.linter_config import eslint_project
from standards.model import Standards
from tests._repo import env, make_repo
from tests.test_truth_linter_merge import init, route

ESLINT = toolchain.find_eslint()
needs_eslint = pytest.mark.skipif(ESLINT is None, reason="ESLint is not installed (set STANDARDS_ESLINT)")
TIMEOUT = 300

ESLINTRC = """\
{
  "env": { "node": true, "es2022": true },
  "globals": { "App": "readonly" },
  "rules": {
    "eqeqeq": "error",
    "no-undef": "error",
    "prefer-const": "error",
    "no-unused-vars": ["warn", { "args": "none" }]
  }
}
"""
TEST_ESLINTRC = '{\n  "env": { "mocha": true }\n}\n'
LIB = (
    "'use strict'\n\nconst path = require('path')\n\n"
    "function pick (x, unused) {\n    if (x == 1) {\n        return App.name + path.sep + process.pid\n    }\n"
    "    return missingThing\n}\n\nmodule.exports = { pick }\n\n"
    "const spare = 2\nlet later = 3\nmodule.exports.later = later\n"
)
TEST = (
    "'use strict'\n\nconst { pick } = require('../lib/pick')\n\n"
    "describe('pick', () => {\n    it('picks', () => {\n        if (pick(1) == 'x') {\n            return\n        }\n"
    "    })\n})\n"
)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Standards]:
    if ESLINT is None:
        pytest.skip("ESLint is not installed (set STANDARDS_ESLINT)")
    root = tmp_path_factory.mktemp("eslint-own") / "repo"
    files: dict[str, str | bytes] = {f"lib/route_{i}.js": route(i) for i in range(8)}
    files.update(
        {
            ".eslintrc.json": ESLINTRC,
            "test/.eslintrc.json": TEST_ESLINTRC,
            "lib/pick.js": LIB,
            "test/pick.test.js": TEST,
        }
    )
    make_repo(root, files)
    return root, init(root)


def project_eslint(root: Path) -> set[tuple[str, int, str]]:
    """What the project's own ESLint (our pinned ESLint in eslintrc mode; the configs are JSON) reports."""
    assert ESLINT is not None
    done = subprocess.run(
        [*ESLINT.argv(root), "--format", "json", "lib", "test"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env({"ESLINT_USE_FLAT_CONFIG": "false"}),
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return {
        (Path(result["filePath"]).relative_to(root.resolve()).as_posix(), message["line"], message["ruleId"])
        for result in json.loads(done.stdout)
        for message in result["messages"]
    }


@needs_eslint
def test_the_projects_own_rules_are_reported_as_its_eslint_reports_them(repo: tuple[Path, Standards]) -> None:
    root, model = repo
    paths = ["lib/pick.js", "test/pick.test.js", *(f"lib/route_{i}.js" for i in range(8))]
    findings = eslint_runner.run(root, paths, model)
    own = {"eqeqeq", "no-undef", "no-unused-vars", "prefer-const"}
    ours = {(f.path, f.line, f.rule.removeprefix("eslint:")) for f in findings if f.rule.removeprefix("eslint:") in own}
    theirs = project_eslint(root)
    assert ours == theirs
    assert ("lib/pick.js", 9, "no-undef") in ours  # missingThing: not a global of node, nor declared
    assert not [f for f in findings if "describe" in f.message or "'App'" in f.message or "'process'" in f.message]
    why = {f.rule: f.why for f in findings}
    assert ".eslintrc.json:5" in why["eslint:eqeqeq"] and ".eslintrc.json:6" in why["eslint:no-undef"]
    fixes = {f.rule: f.fix.command for f in findings if f.fix is not None}
    assert fixes["eslint:prefer-const"] == "npx eslint --fix lib/pick.js"  # the project's own ESLint and config
    levels = {f.rule: f.level.value for f in findings}
    assert levels["eslint:eqeqeq"] == "error" and levels["eslint:no-unused-vars"] == "warn"


@needs_eslint
def test_plugin_rules_and_rules_needing_unread_globals_are_named_not_run(tmp_path: Path) -> None:
    assert ESLINT is not None
    flat = (
        "import globals from 'globals'\n\nexport default [\n"
        "  { languageOptions: { globals: globals.node } },\n"
        "  { rules: { eqeqeq: 'error', 'no-undef': 'error', 'import/order': 'error', 'no-such-rule': 'warn' } },\n]\n"
    )
    root = make_repo(tmp_path / "repo", {"eslint.config.js": flat, "lib/a.js": "module.exports = 1\n"})
    project = eslint_project.read(root)
    plan = eslint_config.build(Standards(), ESLINT, project)
    assert "eqeqeq" in plan.configured
    for rule in ("no-undef", "import/order", "no-such-rule"):
        assert rule not in plan.configured and f'"{rule}"' not in plan.text
    said = " ".join(plan.notes)
    assert "import/order (of plugin import, which standards' ESLint install does not carry)" in said
    assert "no-undef (depend on the project's globals (globals not read))" in said
    assert "no-such-rule (not rules of the installed ESLint)" in said


def test_plugin_rules_the_project_turns_on_are_named_in_the_model_not_enforced(tmp_path: Path) -> None:
    from standards.analyzers import explicit_js
    from standards.context import Context
    from standards.discovery import discover
    from standards.model import Level

    flat = (
        "export default [\n"
        "  { rules: { 'import/order': 'error', 'import/no-cycle': ['warn', { maxDepth: 2 }],\n"
        "    'react/jsx-key': 'off' } },\n"
        "  { files: ['**/*.ts'],\n"
        "    rules: { '@typescript-eslint/no-explicit-any': 'error', '@stylistic/semi': 'error' } },\n"
        "]\n"
    )
    root = make_repo(tmp_path / "repo", {"eslint.config.js": flat, "lib/a.js": "module.exports = 1\n"})
    found = {o.id: o for o in explicit_js.analyze(Context(root=root, discovery=discover(root)))}
    imports = found["js.plugin.import"]
    assert imports.value == ["import/no-cycle", "import/order"] and imports.max_level is Level.INFO
    assert not imports.enforced_by and "the project's, not checked by standards" in imports.note
    assert imports.explicit_in == "eslint.config.js"
    assert "js.plugin.typescript_eslint" in found
    assert "js.plugin.react" not in found and not [k for k in found if "stylistic" in k]  # off; and ours runs it


@needs_eslint
def test_a_project_setting_for_one_of_our_rules_is_not_run_again_under_its_core_name(tmp_path: Path) -> None:
    """``quotes: "warn"`` (a severity alone) keeps our options for ``@stylistic/quotes``; it is not
    also a rule of the project's own with ESLint's default options (double quotes)."""
    from tests.test_truth_linter_merge import quote_convention

    assert ESLINT is not None
    conv = quote_convention({})
    conv.id, conv.language, conv.enforced_by = "js.style.quotes", "javascript", ["eslint:quotes"]
    conv.params = {"eslint": {"quotes": ["single"]}}
    model = Standards(conventions={conv.id: conv})
    root = make_repo(tmp_path / "repo", {".eslintrc.json": '{ "rules": { "quotes": "warn", "eqeqeq": "error" } }\n'})
    plan = eslint_config.build(model, ESLINT, eslint_project.read(root))
    names = {eslint_config.core_name(rule) for rule in plan.configured}
    assert names == {"quotes", "eqeqeq"}
    assert sum(1 for rule in plan.configured if eslint_config.core_name(rule) == "quotes") == 1
