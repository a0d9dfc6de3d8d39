"""Issue 17, "fast where people wait": the hook's check imports only what the change needs.

A fresh process checks a staged change and reports every module it loaded (``sys.modules``:
``python -X importtime`` lists only modules loaded by an ``import`` statement, not the runners
and rules found through ``importlib.import_module``). The lists that let the check choose
runners and rules before importing them (``LANGUAGES_OF``, ``SWITCHES``) are held equal to the
modules themselves, so a choice made from them is the choice the modules would make."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from standards.check import runners
from standards.model import Convention, Level, Source, Standards
from standards.rules import SWITCHES, all_rules, applies, change_rule_ids, rules_for
from tests._repo import env, git, standards, style_repo, write

PROBE = """
import json, sys
from standards import cli
code = cli.main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""
# never needed by a check of Python files (tree-sitter parses JS/TS/Ruby; jinja2 renders the
# playbook; libcst renames under --fix; ruamel writes YAML; tomlkit writes TOML configs; the web
# model, the history and the analyzers are for init/update and for the rules that need them)
NOT_FOR_PYTHON = (
    "tree_sitter",
    "tomlkit",
    "jinja2",
    "libcst",
    "ruamel",
    "standards.check.runners.eslint",
    "standards.check.runners.rubocop",
    "standards.webmodel",
    "standards.history",
    "standards.analyzers",
    "standards.pipeline",
    "standards.playbook",
    "standards.runbook",
    "standards.fix",
    "standards.frameworks",
    "standards.check.cache",
)


def _helper(i: int) -> str:
    return f'\n\ndef helper_{i}(value: int) -> int:\n    """Return it."""\n    return value\n'


@pytest.fixture(scope="module")
def adopted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Python repository with a little JavaScript and Ruby beside it, adopted and committed."""
    root = style_repo(tmp_path_factory.mktemp("imports") / "repo", modules=8)
    write(root, {"web/app.js": "const answer = 42;\nexport default answer;\n", "lib/tool.rb": "puts 'hi'\n"})
    out = standards(root, "init", "--no-hooks", extra_env={"CI": "false"})
    assert out.returncode == 0, out.stdout + out.stderr
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Adopt standards")
    return root


def loaded(root: Path, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-P", "-c", PROBE, *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env(),
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def staged(root: Path, files: dict[str, str]) -> None:
    git(root, "reset", "-q", "--hard", "HEAD")
    for rel, extra in files.items():
        (root / rel).write_text((root / rel).read_text() + extra)
    git(root, "add", "--", *files)


def test_a_python_change_loads_only_the_python_side(adopted: Path) -> None:
    staged(adopted, {f"pkg/mod_{i}.py": _helper(i) for i in range(5)})
    seen = loaded(adopted, "check", "--staged")
    assert seen["code"] == 0
    modules = seen["modules"]
    assert "standards.check.runners.ruff" in modules  # the change was checked
    assert [m for m in modules if m.startswith(NOT_FOR_PYTHON)] == []
    # of our rules, exactly those a convention switches on for a Python change
    from standards import standards_file

    conventions = standards_file.load(adopted)
    assert conventions is not None
    expected = {f"standards.rules.{name}" for name, s in SWITCHES.items() if s.applies(conventions, {"python"}, True)}
    assert {m for m in modules if m.startswith("standards.rules.")} == expected


def test_a_javascript_change_loads_the_eslint_runner_and_not_ruff(adopted: Path) -> None:
    staged(adopted, {"web/app.js": "export const more = 1;\n"})
    modules = loaded(adopted, "check", "--staged")["modules"]
    assert "standards.check.runners.eslint" in modules
    assert "standards.check.runners.ruff" not in modules
    assert "standards.check.runners.rubocop" not in modules


def test_the_runner_list_says_what_each_runner_module_declares() -> None:
    found = {m.__name__.rsplit(".", 1)[1]: tuple(m.LANGUAGES) for m in runners.all_runners()}
    assert found == runners.LANGUAGES_OF
    assert [m.NAME for m in runners.runners_for({"ruby", ""})] == ["rubocop"]
    assert runners.runners_for({"markdown"}) == []


def test_the_switch_list_says_what_each_rule_module_declares() -> None:
    declared = {}
    for rule in all_rules():
        module = rule.check.__module__.rsplit(".", 1)[1] if rule.check.__module__.startswith("standards.rules.") else ""
        declared[module or rule.id.replace("-", "_")] = (rule.id, rule.conventions, rule.languages, rule.scope)
    assert declared == {name: (s.id, s.conventions, s.languages, s.scope) for name, s in SWITCHES.items()}
    assert change_rule_ids() == {r.qualified for r in all_rules() if r.scope == "change"}


def _standards(enabled: set[str]) -> Standards:
    conventions = {
        cid: Convention(cid, cid, "test", "any", True, Level.ERROR, Source.MANUAL, (1, 1), 1.0) for cid in enabled
    }
    return Standards(conventions=conventions, settings={}, rules={})


@pytest.mark.parametrize("change", [True, False])
@pytest.mark.parametrize("languages", [set(), {"python"}, {"ruby"}, {"javascript", ""}])
def test_the_rules_chosen_before_import_are_the_rules_that_apply(change: bool, languages: set[str]) -> None:
    every = {c for s in SWITCHES.values() for c in s.conventions}
    for enabled in (set(), every):
        standards_ = _standards(enabled)
        chosen = [r.id for r in rules_for(standards_, languages, change)]
        applying = [r.id for r in all_rules() if r.applies(standards_, languages, change)]
        assert chosen == applying


def test_a_rule_applies_only_where_the_check_would_run_it() -> None:
    on = _standards({"web.layers"})
    assert applies(("web.layers",), ("python",), "file", on, {"python"}, change=False)
    assert not applies(("web.layers",), ("python",), "file", on, {"ruby"}, change=False)
    assert not applies(("web.layers",), ("python",), "file", _standards(set()), {"python"}, change=True)
    assert not applies((), ("python",), "change", on, {"python"}, change=False)
    assert applies((), ("python",), "change", on, {"ruby"}, change=True)
