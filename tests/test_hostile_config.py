"""Broken configuration: exit 2 naming the file (and the line where the parser gives one),
nothing written, no traceback."""

from __future__ import annotations

import pytest
from _repo import git, make_repo, python_module, snapshot, standards

BROKEN = {
    "pyproject.toml": ('[project]\nname = "x"\nversion = \n', 3),
    "standards.toml": ('[standards]\nversion = 1\n[conventions."a"\n', 3),
    ".pre-commit-config.yaml": ("repos:\n  - repo: local\n    hooks: [\n", None),
    ".eslintrc.json": ('{\n  "rules": {\n    "semi": ["error",\n  }\n', 4),
    ".rubocop.yml": ("AllCops:\n  TargetRubyVersion: [2.7\n  x: :\n", 3),
    ".standards/baseline.json": ('{"version": 2, "entries": [\n{]}\n', 2),
    "ruff.toml": ("line-length = = 3\n", 1),
    "setup.cfg": ("[flake8\nmax-line-length = 100\n", 1),
}
SOURCES = {
    **{f"pkg/mod_{i}.py": python_module(i) for i in range(3)},
    "web/app.js": "const value = 1;\n\nfunction show() {\n  return value;\n}\n",
    "lib/app.rb": "# frozen_string_literal: true\n\ndef show\n  1\nend\n",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_config_stops_init_and_update(tmp_path, name):
    text, line = BROKEN[name]
    root = make_repo(tmp_path / "r", {**SOURCES, name: text})
    before = snapshot(root)
    commands = [["init", "--no-hooks"], ["init", "--dry-run"]]
    if name not in (".pre-commit-config.yaml", ".standards/baseline.json"):
        commands.append(["analyze"])  # analysis reads the linters' configs, not ours
    for command in commands:
        result = standards(root, *command)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        where = f"{name}:{line}" if line else name
        assert f"standards: {where}" in result.stderr, result.stderr
        assert snapshot(root) == before


@pytest.mark.parametrize("name", ["pyproject.toml", ".standards/baseline.json", "standards.toml", "ruff.toml"])
def test_config_broken_after_init_stops_check(tmp_path, name):
    text, line = BROKEN[name]
    # with a [project] table, init puts the ruff settings in pyproject.toml, which ruff then reads
    root = make_repo(tmp_path / "r", {**SOURCES, "pyproject.toml": '[project]\nname = "x"\nversion = "1"\n'})
    assert standards(root, "init", "--no-hooks").returncode == 0
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Adopt")
    (root / name).write_text(text)
    before = snapshot(root)
    for args in (["check"], ["check", "pkg/mod_1.py"], ["update"]):
        result = standards(root, *args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        assert name in result.stderr
        if line:
            assert f"line {line}" in result.stderr or f"{name}:{line}" in result.stderr, result.stderr
        assert snapshot(root) == before


def test_wrong_types_in_standards_toml(tmp_path):
    root = make_repo(tmp_path / "r", SOURCES)
    assert standards(root, "init", "--no-hooks").returncode == 0
    cases = [
        '[conventions."py.naming.function"]\nlevel = "fatal"\n',
        '[conventions."py.naming.function"]\nsupport = "lots"\n',
        "conventions = 3\n",
        '[conventions]\n"x" = 1\n',
        "[standards]\nthresholds = 5\n",
        '[standards.thresholds]\nerror_share = "most"\n',
        "rules = [1, 2]\n",
        '[conventions."py.naming.function"]\nconfidence = "high"\n',
        '[conventions."py.naming.function"]\nexamples = 3\n',
    ]
    for text in cases:
        (root / "standards.toml").write_text(text)
        for args in (["check"], ["update"], ["init", "--no-hooks"]):
            result = standards(root, *args)
            assert result.returncode == 2, (text, args, result.stdout, result.stderr)
            assert "Traceback" not in result.stderr
            assert "standards.toml" in result.stderr


def test_non_utf8_config_files(tmp_path):
    for name in ("pyproject.toml", "standards.toml", ".pre-commit-config.yaml"):
        root = make_repo(tmp_path / name, {**SOURCES, name: "# caf\xe9\n".encode("latin-1")})
        before = snapshot(root)
        result = standards(root, "init", "--no-hooks")
        assert result.returncode == 2, (name, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr and name in result.stderr
        assert snapshot(root) == before
