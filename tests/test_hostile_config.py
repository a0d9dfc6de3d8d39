"""Broken configuration: exit 2 naming the file (and the line where the parser gives one),
nothing written, no traceback. Configs nested 10,000 levels deep stop the work the same way.
standards.toml is checked against its published schema: a wrong type, a bad value or an
unknown key is exit 2 naming the table, the key and the value (with "did you mean")."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import tomlkit
from _repo import env, git, make_repo, python_module, snapshot, standards

from standards import standards_file, toml_schema
from standards.errors import ConfigError
from standards.rules import all_rules

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
def test_broken_config_stops_init_and_update(tmp_path: Path, name: str) -> None:
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
def test_config_broken_after_init_stops_check(tmp_path: Path, name: str) -> None:
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


def test_wrong_types_in_standards_toml(tmp_path: Path) -> None:
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


def test_non_utf8_config_files(tmp_path: Path) -> None:
    for name in ("pyproject.toml", "standards.toml", ".pre-commit-config.yaml"):
        root = make_repo(tmp_path / name, {**SOURCES, name: "# caf\xe9\n".encode("latin-1")})
        before = snapshot(root)
        result = standards(root, "init", "--no-hooks")
        assert result.returncode == 2, (name, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr and name in result.stderr
        assert snapshot(root) == before


# --- nesting 10,000 levels deep -------------------------------------------------------------

DEPTH = 10_000
TIMEOUT = 180


def nested(opening: str, closing: str) -> str:
    return opening * DEPTH + closing * DEPTH


DEEP = {
    ".pre-commit-config.yaml": ("repos: " + nested("[", "]") + "\n", ["init"]),
    ".rubocop.yml": ("AllCops: " + nested("[", "]") + "\n", ["init", "analyze"]),
    "package.json": ('{"name": "x", "eslintConfig": ' + nested("[", "]") + "}\n", ["init", "analyze"]),
    ".eslintrc.json": ('{"rules": ' + nested("[", "]") + "}\n", ["init", "analyze"]),
    "tsconfig.json": ('{"compilerOptions": ' + nested("[", "]") + "}\n", ["init", "analyze"]),
    "pyproject.toml": ("[tool.ruff]\nsrc = " + nested("[", "]") + "\n", ["init", "analyze"]),
    "standards.toml": ("[meta]\nx = " + nested("[", "]") + "\n", ["init", "check", "analyze"]),
    ".standards/baseline.json": ('{"version": 2, "entries": ' + nested("[", "]") + "}\n", ["init", "check"]),
}
DEEP_SOURCES = {**SOURCES, "web/app.ts": "export const value: number = 1;\n"}


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            [sys.executable, "-P", "-m", "standards", *args],
            cwd=root,
            capture_output=True,
            text=True,
            env=env(),
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`standards {' '.join(args)}` hung (over {TIMEOUT} s)")


@pytest.fixture(scope="module")
def adopted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {**DEEP_SOURCES, "pyproject.toml": '[project]\nname = "x"\nversion = "1"\n'}
    root = make_repo(tmp_path_factory.mktemp("adopted") / "r", files)
    result = standards(root, "init", "--no-hooks")
    assert result.returncode == 0, result.stderr
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Adopt standards")
    return root


@pytest.mark.parametrize("name", sorted(DEEP))
def test_deeply_nested_config_is_exit_2_naming_it(adopted: Path, tmp_path: Path, name: str) -> None:
    text, commands = DEEP[name]
    root = tmp_path / "r"
    shutil.copytree(adopted, root, symlinks=True)
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text)
    for command in commands:
        result = run_cli(root, *(["init", "--no-hooks"] if command == "init" else [command]))
        assert result.returncode == 2, (name, command, result.stdout[-1500:], result.stderr[-1500:])
        assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr, result.stderr
        assert name in result.stderr, result.stderr


# --- standards.toml against its schema ------------------------------------------------------

CONVENTION = '[conventions."py.naming.function"]'
WRONG = {
    "examples = [1]": (CONVENTION, "examples = [1]", "item 1: must be a string"),
    "enforced_by = [1]": (CONVENTION, "enforced_by = [1]", "must be a string"),
    'params = {ruff = "x"}': ('[conventions."py.naming.function".params]', 'ruff = "x"', "must be a table"),
    'support = ["a", 1]': (CONVENTION, 'support = ["a", 1]', "item 1: must be an integer"),
    'level = "fatal"': (CONVENTION, 'level = "fatal"', "must be one of error, warn, info, off"),
    'level = "wran"': (CONVENTION, 'level = "wran"', "did you mean `warn`?"),
    'levl = "warn"': (CONVENTION, 'levl = "warn"', "unknown key; did you mean `level`?"),
    "confidence = true": (CONVENTION, "confidence = true", "must be a number"),
    'title = ["a"]': (CONVENTION, 'title = ["a"]', "must be a string"),
}
WRONG_SETTINGS = {
    "[standards]\nplaybook = 3": ("[standards]", "playbook = 3", "must be a string"),
    '[standards]\nversion = "1"': ("[standards]", 'version = "1"', "must be an integer"),
    "[standards]\nsuppression_max_days = -1": ("[standards]", "suppression_max_days = -1", "at least 0"),
    '[standards]\nplaybok = "p.md"': ("[standards]", 'playbok = "p.md"', "did you mean `playbook`?"),
    '[standards.ci]\nsarif = "yes"': ("[standards.ci]", 'sarif = "yes"', "must be true or false"),
    '[standards.thresholds]\nerror_share = "most"': ("[standards.thresholds]", 'error_share = "most"', "number"),
    "[standards.history]\nmax_comits = 10": ("[standards.history]", "max_comits = 10", "`max_commits`"),
    '[rules.large-change]\nmax_lines = "many"': ("[rules.large-change]", 'max_lines = "many"', "an integer"),
    "[rules.thin-controler]\nmax_statements = 3": ("[rules]", "thin-controler = {", "`thin-controller`"),
    '[convention."x"]\nlevel = "warn"': ("", 'convention = {x = {level = "warn"}}', "`conventions`"),
}


def with_line(text: str, line: str) -> str:
    """``text`` (a standards.toml) with ``line`` set in the py.naming.function table."""
    doc = tomlkit.parse(text)
    key, _, value = line.partition(" = ")
    table: Any = doc["conventions"]
    table = table["py.naming.function"]
    table[key] = tomlkit.parse(f"v = {value}")["v"]
    return tomlkit.dumps(doc)


@pytest.fixture(scope="module")
def generated(adopted: Path) -> str:
    text = (adopted / "standards.toml").read_text()
    assert CONVENTION in text
    return text


def load_error(tmp_path: Path, text: str) -> str:
    (tmp_path / "standards.toml").write_text(text)
    with pytest.raises(ConfigError) as info:
        standards_file.load(tmp_path)
    return str(info.value)


@pytest.mark.parametrize("line", sorted(WRONG))
def test_wrong_convention_values_name_table_key_and_value(generated: str, tmp_path: Path, line: str) -> None:
    table, shown, reason = WRONG[line]
    message = load_error(tmp_path, with_line(generated, line))
    assert message.startswith("standards.toml: "), message
    assert f"{table} {shown}: " in message and reason in message, message


@pytest.mark.parametrize("text", sorted(WRONG_SETTINGS))
def test_wrong_settings_name_table_key_and_value(generated: str, tmp_path: Path, text: str) -> None:
    table, shown, reason = WRONG_SETTINGS[text]
    message = load_error(tmp_path, text + "\n")
    assert f"{table} {shown}".strip() in message and reason in message, message


def test_every_problem_is_listed_at_once(generated: str, tmp_path: Path) -> None:
    text = with_line(with_line(generated, "examples = [1]"), 'levl = "warn"')
    message = load_error(tmp_path, text)
    assert "2 problems" in message and "examples = [1]" in message and 'levl = "warn"' in message, message


@pytest.mark.parametrize("line", ["examples = [1]", 'params = {ruff = "x"}', 'levl = "warn"'])
def test_every_command_refuses_a_wrong_standards_toml(adopted: Path, tmp_path: Path, line: str) -> None:
    root = tmp_path / "r"
    shutil.copytree(adopted, root, symlinks=True)
    (root / "standards.toml").write_text(with_line((root / "standards.toml").read_text(), line))
    before = snapshot(root)
    _, shown, _ = WRONG[line]
    for args in (["explain", "N802"], ["check"], ["check", "pkg/mod_1.py"], ["update", "--dry-run"], ["analyze"]):
        result = run_cli(root, *args)
        assert result.returncode == 2, (args, result.stdout[-1500:], result.stderr[-1500:])
        assert "Traceback" not in result.stderr
        assert "standards.toml" in result.stderr and shown in result.stderr, result.stderr
    assert snapshot(root) == before


def test_free_form_notes_are_allowed_and_kept(adopted: Path, tmp_path: Path) -> None:
    root = tmp_path / "r"
    shutil.copytree(adopted, root, symlinks=True)
    doc = tomlkit.parse((root / "standards.toml").read_text())
    doc["meta"] = {"reviewed": "2026-01-05 by the payments team"}
    conventions: Any = doc["conventions"]
    conventions["py.naming.function"]["meta"] = "kept on purpose: see ADR 12"
    (root / "standards.toml").write_text(tomlkit.dumps(doc))
    result = standards(root, "update")
    assert result.returncode == 0, result.stderr
    after = tomlkit.parse((root / "standards.toml").read_text()).unwrap()
    assert after["meta"] == {"reviewed": "2026-01-05 by the payments team"}
    assert after["conventions"]["py.naming.function"]["meta"] == "kept on purpose: see ADR 12"
    assert standards(root, "check").returncode in (0, 1)


def validate_both_ways(text: str) -> None:
    data = tomlkit.parse(text).unwrap()
    assert [p.message() for p in toml_schema.problems(data)] == []
    jsonschema.Draft202012Validator(toml_schema.schema()).validate(json.loads(json.dumps(data)))


def test_published_schema_is_valid_and_matches_the_rules() -> None:
    schema = toml_schema.schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    documented = schema["properties"]["rules"]["properties"]
    assert {rule.id: set(rule.doc.options) for rule in all_rules()} == {
        rule_id: set(spec["properties"]) for rule_id, spec in documented.items()
    }


def test_generated_and_own_standards_toml_validate(adopted: Path, tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[1]
    validate_both_ways((repo / "standards.toml").read_text(encoding="utf-8"))
    validate_both_ways((adopted / "standards.toml").read_text(encoding="utf-8"))
    example = tmp_path / "shop"
    shutil.copytree(repo / "examples" / "shop", example)
    make_repo(example, {})
    assert standards(example, "init", "--no-hooks").returncode == 0
    validate_both_ways((example / "standards.toml").read_text(encoding="utf-8"))


def test_validator_agrees_with_jsonschema_on_the_wrong_documents(generated: str) -> None:
    """Each document the checks above refuse is refused by a JSON Schema validator too: the
    published schema says what `standards` enforces."""
    validator = jsonschema.Draft202012Validator(toml_schema.schema())
    documents = [with_line(generated, line) for line in WRONG] + [text + "\n" for text in WRONG_SETTINGS]
    for text in documents:
        data = json.loads(json.dumps(tomlkit.parse(text).unwrap()))
        assert toml_schema.problems(data), text
        assert list(validator.iter_errors(data)), text
