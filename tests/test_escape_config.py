"""Issue 14, route 3: weakening by configuration in the change. A lowered or removed level
in standards.toml, a new ruff ignore/exclude, a RuboCop cop turned off, an ESLint rule
turned off, an edited generated ESLint config, an edited or deleted CI workflow: each is a
finding of `standards check --diff` ("this change weakens ..."), blocking unless accepted.
The configs are compared as data (base blob against working tree), never run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from standards.check import weakening
from standards.model import Standards
from tests._repo import standards, write
from tests.test_escape_update import CAMEL_MODULE, adopted, commit, template

__all__ = ["template"]  # the module-scoped fixture, shared with route 1

REASON = "billing keeps the partner's camelCase names until the v2 API ships"
WORKFLOW = ".github/workflows/standards.yml"


def sneak(root: Path, files: dict[str, str], message: str = "Add billing") -> None:
    """The violation and the weakening in one commit made with --no-verify."""
    write(root, {"pkg/bill_0.py": CAMEL_MODULE.format(i=0), **files})
    commit(root, message)


def set_level(root: Path, cid: str, level: str) -> str:
    text = (root / "standards.toml").read_text()
    at = text.index(f'[conventions."{cid}"]')
    return text[:at] + re.sub(r'level = "\w+"', f'level = "{level}"', text[at:], count=1)


def with_line(text: str, table: str, line: str) -> str:
    """``text`` (TOML) with ``line`` added to ``table``, which is created when missing."""
    if f"{table}\n" in text:
        return text.replace(f"{table}\n", f"{table}\n{line}\n", 1)
    return f"{text}\n{table}\n{line}\n"


def check(root: Path, base: str) -> subprocess.CompletedProcess:
    return standards(root, "check", "--diff", base)


def test_convention_switched_off(template: Path, tmp_path: Path) -> None:
    root, adoption = adopted(template, tmp_path)
    sneak(root, {"standards.toml": set_level(root, "py.naming.function", "off")})
    out = check(root, adoption)
    assert out.returncode == 1, out.stdout
    assert 'this change weakens py.naming.function: set "off" in standards.toml' in out.stdout


def test_convention_level_lowered(template: Path, tmp_path: Path) -> None:
    root, adoption = adopted(template, tmp_path)
    sneak(root, {"standards.toml": set_level(root, "py.docs.coverage", "warn")})
    out = check(root, adoption)
    assert out.returncode == 1, out.stdout
    assert "this change weakens py.docs.coverage: level error → warn in standards.toml" in out.stdout


def test_convention_removed(template: Path, tmp_path: Path) -> None:
    root, adoption = adopted(template, tmp_path)
    text = (root / "standards.toml").read_text()
    start = text.index('[conventions."py.naming.function"]')
    end = text.index("[conventions.", start + 1)
    sneak(root, {"standards.toml": text[:start] + text[end:]})
    out = check(root, adoption)
    assert out.returncode == 1 and "py.naming.function: removed from standards.toml (was error)" in out.stdout


@pytest.mark.parametrize(
    ("table", "line", "expected"),
    [
        ("[tool.ruff.lint]", 'ignore = ["N802"]', "ruff: ignore adds N802"),
        ("[tool.ruff.lint]", 'extend-ignore = ["N802"]', "ruff: extend-ignore adds N802"),
        ("[tool.ruff.lint.per-file-ignores]", '"pkg/bill_*.py" = ["N802"]', "per-file-ignores adds N802"),
        ("[tool.ruff]", 'extend-exclude = ["pkg/bill_0.py"]', "extend-exclude adds 'pkg/bill_0.py'"),
        ("[tool.ruff]", 'exclude = ["pkg"]', "ruff: exclude adds 'pkg'"),
    ],
)
def test_ruff_config_in_pyproject(template: Path, tmp_path: Path, table: str, line: str, expected: str) -> None:
    root, adoption = adopted(template, tmp_path)
    sneak(root, {"pyproject.toml": with_line((root / "pyproject.toml").read_text(), table, line)})
    out = check(root, adoption)
    assert out.returncode == 1, out.stdout
    assert expected in out.stdout and "standards:weakening" in out.stdout
    assert "chargeInvoice0" not in out.stdout  # the violation itself is hidden: only the weakening names it


def test_dropped_ruff_code_is_a_weakening(template: Path, tmp_path: Path) -> None:
    root, adoption = adopted(template, tmp_path)
    pyproject = (root / "pyproject.toml").read_text().replace('    "N802",\n', "", 1)
    sneak(root, {"pyproject.toml": pyproject})
    out = check(root, adoption)
    assert out.returncode == 1 and "ruff: N802 is no longer selected" in out.stdout, out.stdout


def test_ruff_toml_with_ignores(template: Path, tmp_path: Path) -> None:
    root, _ = adopted(template, tmp_path)
    write(root, {"ruff.toml": 'line-length = 88\n\n[lint]\nselect = ["E4"]\n'})
    commit(root, "Add a ruff.toml")
    base = _head(root)
    sneak(root, {"ruff.toml": 'line-length = 88\n\n[lint]\nselect = ["E4"]\nextend-ignore = ["N802"]\n'})
    out = check(root, base)
    assert out.returncode == 1 and "extend-ignore adds N802 (ruff.toml)" in out.stdout, out.stdout


def test_rubocop_cops_disabled_and_excluded(template: Path, tmp_path: Path) -> None:
    root, _ = adopted(template, tmp_path)
    write(
        root,
        {
            ".rubocop.yml": "inherit_from:\n  - .standards-rubocop.yml\nStyle/StringLiterals:\n  Enabled: true\n",
            ".rubocop_todo.yml": "Metrics/MethodLength:\n  Max: 20\n",
        },
    )
    commit(root, "Configure RuboCop")
    base = _head(root)
    sneak(
        root,
        {
            ".rubocop.yml": "Style/StringLiterals:\n  Enabled: false\nLayout:\n  Enabled: false\n",
            ".rubocop_todo.yml": "Metrics/MethodLength:\n  Max: 20\n  Exclude:\n    - app/models/user.rb\n",
        },
    )
    out = check(root, base)
    assert out.returncode == 1, out.stdout
    for expected in (
        "RuboCop: Style/StringLiterals disabled in .rubocop.yml",
        "RuboCop: Layout disabled in .rubocop.yml",
        "RuboCop: .rubocop.yml no longer inherits .standards-rubocop.yml",
        "RuboCop: Metrics/MethodLength excludes 'app/models/user.rb' (.rubocop_todo.yml)",
    ):
        assert expected in out.stdout


def test_eslint_rules_turned_off_and_generated_config_edited(template: Path, tmp_path: Path) -> None:
    root, _ = adopted(template, tmp_path)
    generated = _generated_eslint(root)
    write(
        root,
        {
            ".eslintrc.json": '{"rules": {"semi": ["error", "always"], "no-var": "error"}}\n',
            ".eslintrc.yml": "rules:\n  eqeqeq: error\n",
            "standards.eslint.mjs": generated,
        },
    )
    commit(root, "Configure ESLint")
    base = _head(root)
    sneak(
        root,
        {
            ".eslintrc.json": '{"rules": {"semi": ["off"]}, '
            '"overrides": [{"files": ["*.js"], "rules": {"no-var": 0}}]}',
            ".eslintrc.yml": "rules:\n  eqeqeq: 'off'\n",
            "standards.eslint.mjs": generated.replace("export default [", "export default [\n  { ignores: ['**'] },"),
        },
    )
    out = check(root, base)
    assert out.returncode == 1, out.stdout
    for expected in (
        "ESLint: semi turned off in .eslintrc.json",
        "ESLint: no-var turned off in .eslintrc.json",
        "ESLint: eqeqeq turned off in .eslintrc.yml",
        "ESLint: standards.eslint.mjs edited by hand",
    ):
        assert expected in out.stdout


def test_workflow_edited_or_deleted(template: Path, tmp_path: Path) -> None:
    root, adoption = adopted(template, tmp_path)
    text = (root / WORKFLOW).read_text()
    sneak(root, {WORKFLOW: text.replace("--diff", "--all")})
    out = check(root, adoption)
    assert out.returncode == 1 and f"CI: {WORKFLOW} is not what `standards ci` generates" in out.stdout
    os.unlink(root / WORKFLOW)
    commit(root, "Drop the workflow")
    out = check(root, adoption)
    assert out.returncode == 1 and f"this change weakens CI: {WORKFLOW} deleted" in out.stdout


def test_workflow_regenerated_by_standards_ci_is_fine(template: Path, tmp_path: Path) -> None:
    root, adoption = adopted(template, tmp_path)
    printed = standards(root, "ci")
    assert printed.returncode == 0
    write(root, {WORKFLOW: printed.stdout, "pkg/notes.py": '"""Notes."""\n'})
    commit(root, "Regenerate the workflow")
    out = check(root, adoption)
    assert out.returncode == 0, out.stdout


def test_ci_install_command_changed(template: Path, tmp_path: Path) -> None:
    root, adoption = adopted(template, tmp_path)
    text = (root / "standards.toml").read_text().replace("[standards]\n", '[standards]\nci = {install = "true"}\n', 1)
    write(root, {"standards.toml": text})
    commit(root, "Skip the install")
    printed = standards(root, "ci").stdout
    write(root, {WORKFLOW: printed})
    commit(root, "Regenerate the workflow")
    out = check(root, adoption)
    assert out.returncode == 1 and "this change weakens CI: [standards.ci] install" in out.stdout, out.stdout


def test_a_trailer_accepts_a_weakening_and_ci_shows_it(template: Path, tmp_path: Path) -> None:
    root, adoption = adopted(template, tmp_path)
    pyproject = with_line(
        (root / "pyproject.toml").read_text(), "[tool.ruff.lint.per-file-ignores]", '"pkg/bill_*.py" = ["N802"]'
    )
    sneak(root, {"pyproject.toml": pyproject}, f"Add billing\n\nStandards-Accept: ruff:N802: {REASON}")
    out = check(root, adoption)
    assert out.returncode == 0, out.stdout
    assert re.search(r"accepted in commit [0-9a-f]+ \(Standards-Accept: ruff:N802\)", out.stdout)
    assert "covers: weakens ruff: per-file-ignores adds N802 for 'pkg/bill_*.py'" in out.stdout


def test_unprovable_demotion_is_a_notice(template: Path, tmp_path: Path) -> None:
    root, adoption = adopted(template, tmp_path)
    text = set_level(root, "py.size.complexity", "info")
    at = text.index('[conventions."py.size.complexity"]')
    end = text.find("\n[", at + 1)
    section = re.sub(r"(?m)^note = .*\n", "", text[at:end])
    note = 'note = "unprovable: this ruff release no longer reports C901 on a generated deviation"\n'
    text = text[:at] + section.rstrip("\n") + "\n" + note + text[end:]
    write(root, {"standards.toml": text, "pkg/notes.py": '"""Notes."""\n'})
    commit(root, "Demote complexity")
    out = check(root, adoption)
    assert out.returncode == 0, out.stdout
    assert "this change weakens py.size.complexity: level warn → info in standards.toml, demoted as 'unprovable:" in (
        out.stdout
    )


def test_an_untouched_config_costs_nothing(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only files in the change are read: no base blob is asked for when none is watched."""
    root, adoption = adopted(template, tmp_path)
    sneak(root, {})
    asked: list[list[str]] = []
    real = weakening.base_blobs
    monkeypatch.setattr(weakening, "base_blobs", lambda r, b, p: asked.append(p) or real(r, b, p))
    assert weakening.find(root, adoption, weakening.changed_paths(root, adoption), Standards()) == []
    assert asked == []


def test_a_fifo_in_place_of_a_config_is_exit_2_not_a_hang(template: Path, tmp_path: Path) -> None:
    root, _ = adopted(template, tmp_path)
    write(root, {".rubocop.yml": "AllCops:\n  NewCops: enable\n"})
    commit(root, "Configure RuboCop")
    base = _head(root)
    os.unlink(root / ".rubocop.yml")
    os.mkfifo(root / ".rubocop.yml")
    out = subprocess.run(
        [sys.executable, "-P", "-m", "standards", "check", "--diff", base],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2 and ".rubocop.yml" in out.stderr and "Traceback" not in out.stderr


def test_a_symlink_out_of_the_repository_is_refused(template: Path, tmp_path: Path) -> None:
    root, _ = adopted(template, tmp_path)
    write(root, {".eslintrc.json": '{"rules": {}}\n'})
    commit(root, "Configure ESLint")
    base = _head(root)
    outside = tmp_path / "elsewhere.json"
    outside.write_text('{"rules": {"semi": "off"}}\n')
    os.unlink(root / ".eslintrc.json")
    os.symlink(outside, root / ".eslintrc.json")
    commit(root, "Point ESLint elsewhere")
    out = check(root, base)
    assert out.returncode == 2 and ".eslintrc.json: leads outside the repository" in out.stderr


def _head(root: Path) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()


def _generated_eslint(root: Path) -> str:
    from standards import standards_file
    from standards.emitters import eslint

    loaded = standards_file.load(root)
    assert loaded is not None
    return eslint.render(eslint.collect(eslint.enforced(loaded), False), False, False)


def test_raised_limits_are_weakenings() -> None:
    """A size limit raised in standards.toml or in the ruff config loosens the check."""
    base = (
        '[conventions."py.size.complexity"]\nlevel = "warn"\nvalue = 10\n'
        'params = {ruff = {"lint.mccabe.max-complexity" = 10}}\n'
    )
    raised = base.replace("10", "30")
    found = weakening.standards_levels("standards.toml", base, raised, Path("."), Standards())
    assert [w.message for w in found] == [
        "this change weakens py.size.complexity: value 10 → 30 in standards.toml",
        "this change weakens py.size.complexity: params.ruff.lint.mccabe.max-complexity 10 → 30 in standards.toml",
    ]
    assert weakening.standards_levels("standards.toml", raised, base, Path("."), Standards()) == []
    ruff_base = "[tool.ruff]\nline-length = 88\n\n[tool.ruff.lint.mccabe]\nmax-complexity = 10\n"
    ruff_raised = ruff_base.replace("88", "200").replace("10", "40")
    found = weakening.ruff_config("pyproject.toml", ruff_base, ruff_raised, Path("."), Standards())
    assert sorted(w.message for w in found) == [
        "this change weakens ruff: line-length 88 → 200 (pyproject.toml [tool.ruff])",
        "this change weakens ruff: lint.mccabe.max-complexity 10 → 40 (pyproject.toml [tool.ruff])",
    ]


def test_a_longer_suppression_cap_and_changed_rule_options_are_weakenings(template: Path, tmp_path: Path) -> None:
    """Tolerance set in [standards] or [rules.*] grows only with an acceptance."""
    base = "[standards]\nversion = 1\n\n[rules.large-change]\nmax_lines = 400\n"
    looser = "[standards]\nversion = 1\nsuppression_max_days = 36500\n\n[rules.large-change]\nmax_lines = 100000\n"
    found = weakening.standards_levels("standards.toml", base, looser, Path("."), Standards())
    assert [w.message for w in found] == [
        "this change weakens suppressions: [standards] suppression_max_days 180 → 36500 in standards.toml",
        "this change weakens or loosens rule large-change: [rules.large-change] max_lines 400 → 100000 "
        "in standards.toml",
    ]
    assert weakening.standards_levels("standards.toml", looser.replace("36500", "30"), looser, Path("."), Standards())
    assert weakening.standards_levels("standards.toml", base, base, Path("."), Standards()) == []
    root, adoption = adopted(template, tmp_path)
    text = (
        (root / "standards.toml").read_text().replace("[standards]\n", "[standards]\nsuppression_max_days = 9999\n", 1)
    )
    sneak(root, {"standards.toml": text})
    out = check(root, adoption)
    assert out.returncode == 1 and "suppression_max_days 180 → 9999" in out.stdout, out.stdout
