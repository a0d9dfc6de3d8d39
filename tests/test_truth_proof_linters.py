"""Proven before enforced, beyond ruff: every convention ESLint or RuboCop enforces at error or
warn, and the conventions our own rules enforce, are shown to catch a minimal deviation at
`init` (through the pinned ESLint and RuboCop with the private configuration `standards check`
runs, and through the rules' real check functions in memory); what cannot be proven is demoted
with the reason, recorded in .standards/inferred.json and shown by `standards explain`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from standards import toolchain
from standards.check.runners import _private
from standards.emitters import EmitEnv
from standards.emitters import rubocop as rubocop_emitter
from standards.model import Level, Standards
from standards.proof import eslint_rules, own_rules, rubocop_rules
from standards.standards_file import load
from tests import fixtures_web
from tests._repo import git, make_repo, snapshot, standards, write
from tests.fixtures_web.apps import fastapi_app
from tests.test_js_eslint_integration import module
from tests.test_ruby_rubocop_integration import service


def loaded(root: Path) -> Standards:
    """The standards.toml init wrote (there must be one)."""
    found = load(root)
    assert found is not None
    return found


ESLINT = toolchain.find_eslint(Path(__file__).parent)
RUBOCOP = shutil.which("rubocop")
needs_eslint = pytest.mark.skipif(ESLINT is None, reason="ESLint is not installed (.ci/install-js-ruby-tools.sh)")
needs_rubocop = pytest.mark.skipif(RUBOCOP is None, reason="RuboCop is not installed (apt-get install rubocop)")


def js_repo(root: Path, extra: dict[str, str] | None = None) -> Path:
    files: dict[str, str | bytes] = {f"lib/route-{i}.js": module(i) for i in range(25)}
    files["package.json"] = '{"name": "routes", "version": "1.0.0"}\n'
    files.update(extra or {})
    return make_repo(root, files)


def ruby_repo(root: Path, extra: dict[str, str] | None = None) -> Path:
    files: dict[str, str | bytes] = {f"lib/invoice_{i}.rb": service(i) for i in range(25)}
    files.update(extra or {})
    return make_repo(root, files)


@pytest.fixture(scope="module")
def js_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = js_repo(tmp_path_factory.mktemp("js") / "r")
    init(root)
    return root


@pytest.fixture(scope="module")
def rb_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = ruby_repo(tmp_path_factory.mktemp("rb") / "r")
    init(root)
    return root


def copy(template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(template, tmp_path / "r", symlinks=True))


def commit(root: Path, files: dict[str, str | bytes]) -> None:
    write(root, files)
    git(root, "add", "-A")
    git(root, "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", "Configure the linter")


def init(root: Path) -> None:
    proc = standards(root, "init")
    assert proc.returncode == 0, proc.stderr


def proofs(root: Path) -> dict:
    return json.loads((root / ".standards/inferred.json").read_text())["_proofs"]


def env_for(root: Path, language: str, extra: dict | None = None) -> EmitEnv:
    return EmitEnv(root=root, languages={language: 25}, frameworks={}, in_git=True, extra=extra or {})


def enforced_by(standards_: Standards, tool: str) -> dict[str, Level]:
    return {
        c.id: c.level
        for c in standards_.conventions.values()
        if any(code.startswith(f"{tool}:") for code in c.enforced_by)
    }


def count_runs(monkeypatch: pytest.MonkeyPatch, module_: object) -> list[list[str]]:
    """Record each linter command the proof module runs (and still run it)."""
    runs: list[list[str]] = []

    def counted(tool: str, argv: list[str], cwd: Path, timeout: int, empty: str) -> object:
        runs.append(argv)
        return _private.json_report(tool, argv, cwd, timeout, empty)

    monkeypatch.setattr(module_, "json_report", counted)
    return runs


# -- ESLint -------------------------------------------------------------------------------


@needs_eslint
def test_eslint_conventions_keep_their_level_with_a_recorded_proof(js_template: Path) -> None:
    root = js_template
    written = load(root)
    assert written is not None
    levels = enforced_by(written, "eslint")
    assert levels.get("js.style.quotes") is Level.ERROR and len(levels) >= 8
    record = proofs(root)
    for cid, level in levels.items():
        if level in (Level.ERROR, Level.WARN):
            assert record[cid]["proven"] is True, (cid, record[cid])
            assert record[cid]["tool"] == "eslint" and record[cid]["eslint"]
    quotes = record["js.style.quotes"]["checks"][0]
    assert quotes["fired"] == ["@stylistic/quotes"] and quotes["deviation"] == 'const label = "text"\n'
    assert quotes["path"].startswith("lib/route-")
    said = standards(root, "explain", "js.style.quotes").stdout
    assert "- proof (eslint 9." in said and ": proven" in said and 'const label = "text"' in said


@needs_eslint
def test_a_rule_the_project_switches_off_demotes_its_convention_to_info(tmp_path: Path) -> None:
    root = js_repo(tmp_path / "r", {".eslintrc.json": '{"rules": {"semi": "off"}}\n'})
    init(root)
    conv = loaded(root).conventions["js.style.semi"]
    reason = "@stylistic/semi: switched off by the project's ESLint config (.eslintrc.json:1)"
    assert conv.level is Level.INFO and conv.note.startswith("unprovable: " + reason)
    record = proofs(root)["js.style.semi"]
    assert record["proven"] is False and record["level"] == "error" and record["demoted_to"] == "info"
    said = next(line for line in (root / "playbook.md").read_text().splitlines() if "semicolons" in line)
    assert "unprovable: " + reason in said or said.startswith("- Not checked"), said
    said = standards(root, "explain", "js.style.semi").stdout
    assert "NOT proven" in said and "demoted to info" in said
    assert loaded(root).conventions["js.style.quotes"].level is Level.ERROR


@needs_eslint
def test_a_rule_the_project_sets_to_warn_is_not_called_enforced(js_template: Path, tmp_path: Path) -> None:
    root = copy(js_template, tmp_path)
    written = load(root)
    assert written is not None and written.conventions["js.style.quotes"].level is Level.ERROR
    (root / "eslint.config.mjs").unlink()  # init wrote it (the repository had no ESLint config): ESLint 9 prefers it
    commit(root, {".eslintrc.json": '{"rules": {"quotes": ["warn", "single"]}}\n'})  # the check reports at warn
    found = eslint_rules.prove(written, env_for(root, "javascript"))
    assert found["js.style.quotes"].proven is False
    assert found["js.style.quotes"].reason == "@stylistic/quotes: reports at level warn, not error"
    assert found["js.style.semi"].proven is True


@needs_eslint
def test_a_rule_the_project_sets_otherwise_is_the_projects_decision(js_template: Path, tmp_path: Path) -> None:
    root = copy(js_template, tmp_path)
    written = load(root)
    assert written is not None
    (root / "eslint.config.mjs").unlink()
    commit(root, {".eslintrc.json": '{"rules": {"quotes": ["error", "double"]}}\n'})  # theirs wins in the check
    found = eslint_rules.prove(written, env_for(root, "javascript"))
    reason = found["js.style.quotes"].reason
    said = "overridden by the project's ESLint config (.eslintrc.json:1), which does not report this deviation"
    assert reason == f"@stylistic/quotes: {said}"


@needs_eslint
def test_all_eslint_deviations_share_one_run_outside_the_repository(
    js_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = js_template
    written = load(root)
    assert written is not None
    before = snapshot(root)
    runs = count_runs(monkeypatch, eslint_rules)
    found = eslint_rules.prove(written, env_for(root, "javascript"))
    assert len(runs) == 1 and len(found) >= 8 and all(p.proven for p in found.values())
    assert snapshot(root) == before  # the deviations went to a scratch tree, never the repository
    assert not any(str(root) in arg for arg in runs[0])


@needs_eslint
def test_a_deviation_in_an_ignored_path_is_not_a_proof(js_template: Path) -> None:
    root = js_template
    written = load(root)
    assert written is not None
    written.conventions["js.style.quotes"].examples = ["dist/app.js:1"]  # dist/ is ignored by the check
    found = eslint_rules.prove(written, env_for(root, "javascript"))
    assert found["js.style.quotes"].proven is False
    assert "dist/app.js is ignored by the ESLint configuration the check runs" in found["js.style.quotes"].reason
    assert found["js.style.semi"].proven is True


def test_without_eslint_nothing_is_called_enforced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = js_repo(tmp_path / "r")
    written = Standards()
    from standards.model import Convention, Source

    written.conventions["js.style.semi"] = Convention(
        id="js.style.semi", title="No semicolons", category="formatting", language="javascript",
        value="never", level=Level.ERROR, source=Source.INFERRED, support=(10, 10), confidence=0.9,
        enforced_by=["eslint:semi"], params={"eslint": {"semi": ["never"]}},
    )  # fmt: skip
    monkeypatch.setattr(toolchain, "find_eslint", lambda root: None)
    found = eslint_rules.prove(written, env_for(root, "javascript"))
    assert found["js.style.semi"].proven is False
    assert found["js.style.semi"].reason.startswith("ESLint not installed (run bash .ci/install-js-ruby-tools.sh")


@needs_eslint
def test_doctor_names_an_eslint_rule_the_installed_eslint_does_not_know(js_template: Path, tmp_path: Path) -> None:
    root = copy(js_template, tmp_path)
    text = (root / "standards.toml").read_text()
    text = text.replace("params = {eslint = {no-var = []}}", "params = {eslint = {no-var = [], no-such-rule = []}}")
    assert "no-such-rule" in text
    (root / "standards.toml").write_text(text)
    said = standards(root, "doctor")
    assert "linter selection: ESLint rule no-such-rule: not a rule of the installed ESLint 9." in said.stdout
    assert said.returncode == 1
    written = load(root)
    assert written is not None
    found = eslint_rules.prove(written, env_for(root, "javascript"))  # the check cannot run: nothing is proven
    assert not any(p.proven for p in found.values())
    assert "ESLint cannot load the configuration: no-such-rule: not a rule" in found["js.style.declarations"].reason


# -- RuboCop ------------------------------------------------------------------------------


@needs_rubocop
def test_rubocop_conventions_keep_their_level_with_a_recorded_proof(rb_template: Path) -> None:
    root = rb_template
    written = load(root)
    assert written is not None
    levels = enforced_by(written, "rubocop")
    assert levels.get("rb.style.hash_syntax") is Level.ERROR and len(levels) >= 6
    record = proofs(root)
    for cid, level in levels.items():
        if level in (Level.ERROR, Level.WARN):
            assert record[cid]["proven"] is True, (cid, record[cid])
    frozen = record["rb.style.frozen_string_literal"]["checks"][0]
    assert frozen["fired"] == ["Style/FrozenStringLiteralComment"] and "frozen" not in frozen["deviation"]
    assert record["rb.style.hash_syntax"]["checks"][0]["deviation"].count(":name => 'x'") == 1
    said = standards(root, "explain", "rb.style.hash_syntax").stdout
    assert "- proof (rubocop 1." in said and ": proven" in said and ":name => 'x'" in said


@needs_rubocop
def test_a_cop_the_project_disables_demotes_its_convention_to_info(tmp_path: Path) -> None:
    root = ruby_repo(tmp_path / "r", {".rubocop.yml": "Style/StringLiterals:\n  Enabled: false\n"})
    init(root)
    conv = loaded(root).conventions["rb.style.string_literals"]
    reason = "Style/StringLiterals: switched off by the project's RuboCop config (.rubocop.yml:1)"
    assert conv.level is Level.INFO and conv.note.startswith("unprovable: " + reason)
    assert proofs(root)["rb.style.string_literals"]["demoted_to"] == "info"
    assert loaded(root).conventions["rb.style.hash_syntax"].level is Level.ERROR


@needs_rubocop
def test_a_cop_the_project_configures_otherwise_is_demoted_to_info(rb_template: Path, tmp_path: Path) -> None:
    root = copy(rb_template, tmp_path)
    commit(root, {".rubocop.yml": "Style/StringLiterals:\n  EnforcedStyle: double_quotes\n"})
    written = load(root)
    assert written is not None and written.conventions["rb.style.string_literals"].value == "single_quotes"
    found = rubocop_rules.prove(written, env_for(root, "ruby"))
    assert found["rb.style.string_literals"].reason.startswith(
        "Style/StringLiterals: overridden by the project's RuboCop config (.rubocop.yml:"
    )
    from standards.proof import _demote

    conv = written.conventions["rb.style.string_literals"]
    _demote(conv, found["rb.style.string_literals"])
    assert conv.level is Level.INFO and conv.note.startswith("unprovable: Style/StringLiterals: overridden")


@needs_rubocop
def test_rubocop_deviations_share_one_run_and_excludes_hold(
    rb_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy(rb_template, tmp_path)
    commit(root, {".rubocop.yml": "AllCops:\n  Exclude:\n    - 'vendor/**/*'\n"})
    written = load(root)
    assert written is not None
    written.conventions["rb.style.hash_syntax"].examples = ["vendor/gems/invoice.rb:1"]
    runs = count_runs(monkeypatch, rubocop_rules)
    before = snapshot(root)
    found = rubocop_rules.prove(written, env_for(root, "ruby"))
    assert len(runs) == 1 and snapshot(root) == before
    assert found["rb.style.hash_syntax"].proven is False
    assert "vendor/gems/invoice.rb is excluded by the RuboCop configuration" in found["rb.style.hash_syntax"].reason
    assert found["rb.style.string_literals"].proven is True


@needs_rubocop
def test_a_cop_the_installed_rubocop_lacks_is_unproven_and_named_by_doctor(rb_template: Path, tmp_path: Path) -> None:
    root = copy(rb_template, tmp_path)
    known = rubocop_emitter.known_cops() or {}
    newer = "Style/RedundantLineContinuation"  # RuboCop 1.49
    if newer in known:
        pytest.skip(f"the installed RuboCop has {newer}")
    text = (root / "standards.toml").read_text()
    text = text.replace('"Style/HashSyntax"', f'"{newer}"').replace("rubocop:Style/HashSyntax", f"rubocop:{newer}")
    text = text.replace('"Style/FormatString"', '"Rails/SaveBang"').replace("Style/FormatString", "Rails/SaveBang")
    assert text.count(newer) == 2 and text.count("Rails/SaveBang") == 2
    (root / "standards.toml").write_text(text)
    written = load(root)
    assert written is not None
    found = rubocop_rules.prove(written, env_for(root, "ruby"))
    assert found["rb.style.hash_syntax"].proven is False
    assert f"{newer}: not a cop of the installed RuboCop 1." in found["rb.style.hash_syntax"].reason
    assert found["rb.style.format_string"].proven is False
    said = standards(root, "doctor").stdout
    assert f"linter selection: RuboCop cop {newer}: not a cop of the installed RuboCop" in said
    assert "linter selection: RuboCop cop Rails/SaveBang: the Rails cops come from a plugin (rubocop-rails)" in said


# -- our own rules ------------------------------------------------------------------------


def test_our_rules_are_proven_by_their_own_check_in_memory(tmp_path: Path) -> None:
    root = fixtures_web.write(tmp_path, fastapi_app())
    analysis, written = fixtures_web.standards_for(root)
    assert written.conventions["web.handlers.thin"].level in (Level.ERROR, Level.WARN)
    before = snapshot(root)
    found = own_rules.prove(written, env_for(root, "python", {"analysis": analysis}))
    assert snapshot(root) == before
    thin = found["web.handlers.thin"]
    assert thin.proven is True and thin.tool == "standards"
    assert thin.checks[0].fired == ["standards:thin-controller"]
    assert "statements added" in thin.checks[0].deviation
    grown = thin.checks[0].path  # the fixture lived in a view of the repository, not in the analysis itself
    assert analysis.ctx.text(grown) == (root / grown).read_text()


def test_a_rule_with_nothing_to_deviate_on_here_is_not_proven(tmp_path: Path) -> None:
    root = fixtures_web.write(tmp_path, fastapi_app())
    analysis, written = fixtures_web.standards_for(root)
    written.conventions["web.handlers.thin"].examples = ["app/models.py:1"]  # no handler there to grow
    found = own_rules.prove(written, env_for(root, "python", {"analysis": analysis}))
    assert found["web.handlers.thin"].proven is False
    assert found["web.handlers.thin"].reason.startswith("thin-controller: no handler among its examples")


def test_a_python_repository_proves_its_module_logger_and_test_names_at_init(tmp_path: Path) -> None:
    module_ = (
        "import logging\n\nlogger = logging.getLogger(__name__)\n\n\n"
        "def run_{i}(x):\n    logger.info('ran %s', x)\n    return x\n"
    )
    files = {f"pkg/mod_{i}.py": module_.format(i=i) for i in range(12)}
    files.update({f"tests/test_mod_{i}.py": f"def test_{i}():\n    assert {i} == {i}\n" for i in range(8)})
    files["pkg/__init__.py"] = ""
    root = make_repo(tmp_path / "r", files)
    init(root)
    record = proofs(root)
    written = load(root)
    assert written is not None
    for cid in ("py.logging.module_logger", "py.tests.file_pattern"):
        conv = written.conventions.get(cid)
        if conv is None or conv.level not in (Level.ERROR, Level.WARN):
            pytest.fail(f"{cid} was not inferred at a checked level: {conv}")
        assert record[cid]["proven"] is True and record[cid]["tool"] == "standards", record[cid]
    said = standards(root, "explain", "py.logging.module_logger").stdout
    assert "- proof (standards): proven" in said and "standards:py-module-logger" in said
