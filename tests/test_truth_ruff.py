"""Never weaker than the project: after `standards init`, ruff resolves every setting the
project had to the project's value, reports everything it reported before, and `ruff format
--check` flags no more files; an `extend` is validated in place and never followed outside
the repository. Everything runs through the real pinned ruff."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import tomlkit

from standards import ruff_tool
from tests._repo import env, git, python_module, snapshot, standards, write
from tests._repo import make_repo as _make_repo

RUFF = ruff_tool.ruff_bin()
pytestmark = pytest.mark.skipif(RUFF is None, reason="ruff is not installed")
_KEY = re.compile(r"^([a-z_]+\.[a-z_.]+) = ", re.MULTILINE)

BROKEN = "import os\n\n\ndef use_it():\n    return undefined_name\n"  # F401 and F821
NARROW = '"""Narrow."""\n\n\ndef joined(a, b):\n    return [a,b]\n'  # not formatted
LONG = '"""Long."""\n\nTEXT = "' + "word " * 22 + '"\n'  # 122 characters: past 88 and 100, not 120


def repo(root: Path, config: dict[str, str]) -> Path:
    files: dict[str, str | bytes] = {f"pkg/mod_{i}.py": python_module(i) for i in range(25)}
    files["pkg/__init__.py"] = ""
    files["pkg/broken.py"] = BROKEN
    files["pkg/narrow.py"] = NARROW
    files["pkg/long_line.py"] = LONG
    files["tests/test_mod.py"] = (
        "from pkg.mod_1 import compute_total_1\n\n\ndef test_total():\n    assert compute_total_1([1]) == 1\n"
    )
    files.update(config)
    return _make_repo(root, files)


def ruff(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([RUFF, *args], cwd=root, capture_output=True, text=True, timeout=120)


def resolved(root: Path, path: str = "pkg/mod_1.py") -> dict[str, str]:
    """`ruff check --show-settings` as {dotted key: its printed value}."""
    text = ruff(root, "check", "--show-settings", "--no-cache", path).stdout
    keys = list(_KEY.finditer(text))
    return {
        m[1]: text[m.end() : keys[i + 1].start() if i + 1 < len(keys) else len(text)].strip()
        for i, m in enumerate(keys)
    }


def enabled(settings: dict[str, str]) -> set[str]:
    return set(re.findall(r"\(([A-Z]+[0-9]+)\)", settings.get("linter.rules.enabled", "")))


def matchers(block: str) -> list[str]:
    """The entries of a printed per-file-ignores block, one string each."""
    return [("absolute_matcher" + e).strip().rstrip("{},\n\t ") for e in block.split("absolute_matcher")[1:]]


def ignored(config_text: str) -> list[str]:
    """The selectors of every ``ignore = [...]`` in a config file."""
    return [
        c for m in re.finditer(r"^ignore = \[(.*?)\]", config_text, re.MULTILINE) for c in re.findall(r'"(\w+)"', m[1])
    ]


def enabled_under(selector: str, settings: dict[str, str]) -> bool:
    return any(code.startswith(selector) for code in enabled(settings))


def reported(root: Path) -> set[tuple[str, str]]:
    out = ruff(root, "check", "--no-cache", "--output-format", "concise", "--exit-zero", ".").stdout
    return {(m[1], m[2]) for m in re.finditer(r"^(.+?):\d+:\d+: ([A-Z]+[0-9]+) ", out, re.MULTILINE)}


def unformatted(root: Path) -> int:
    out = ruff(root, "format", "--check", "--no-cache", "--output-format", "concise", ".").stdout
    return out.count(": unformatted: ")


def init(root: Path) -> subprocess.CompletedProcess:
    proc = standards(root, "init")
    assert proc.returncode == 0, proc.stderr
    return proc


PYPROJECT = '[project]\nname = "pkg"\nversion = "1.0"\nrequires-python = ">=3.10"\n\n'
CASES: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    "only-ignore": (
        {"pyproject.toml": PYPROJECT + '[tool.ruff.lint]\nignore = ["E501", "F841"]\n'},
        ("linter.line_length",),
    ),
    "select": (
        {"pyproject.toml": PYPROJECT + '[tool.ruff.lint]\nselect = ["E", "F", "W"]\n'},
        ("linter.line_length",),
    ),
    "extend-select": (
        {"pyproject.toml": PYPROJECT + '[tool.ruff.lint]\nextend-select = ["B", "N802"]\n'},
        (),
    ),
    "per-file-ignores": (
        {
            "pyproject.toml": PYPROJECT
            + '[tool.ruff.lint]\nextend-select = ["S101", "D100"]\n'
            + '[tool.ruff.lint.per-file-ignores]\n"tests/*" = ["S101"]\n"pkg/broken.py" = ["F821"]\n'
        },
        ("linter.per_file_ignores",),
    ),
    "exclude": (
        {
            "pyproject.toml": PYPROJECT
            + '[tool.ruff]\nextend-exclude = ["pkg/narrow.py"]\nexclude = [".git", "build"]\n'
        },
        ("file_resolver.exclude", "file_resolver.extend_exclude"),
    ),
    "line-length": (
        {"pyproject.toml": PYPROJECT + "[tool.ruff]\nline-length = 100\n"},
        ("linter.line_length", "formatter.line_width"),
    ),
    "format": (
        {"pyproject.toml": PYPROJECT + '[tool.ruff.format]\nquote-style = "single"\nindent-style = "space"\n'},
        ("formatter.quote_style", "formatter.indent_style"),
    ),
    "extend-chain": (
        {
            "pyproject.toml": PYPROJECT + '[tool.ruff]\nextend = "config/ruff-base.toml"\n',
            "config/ruff-base.toml": 'extend = "ruff-root.toml"\n[lint]\nignore = ["E741"]\n',
            "config/ruff-root.toml": (
                'line-length = 100\n[lint]\nselect = ["E", "F"]\n[format]\nquote-style = "preserve"\n'
            ),
        },
        ("linter.line_length", "formatter.line_width", "formatter.quote_style"),
    ),
    "ruff.toml": (
        {"pyproject.toml": PYPROJECT, "ruff.toml": 'line-length = 99\n[lint]\nignore = ["N"]\n'},
        ("linter.line_length",),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_init_never_weakens_the_projects_ruff(tmp_path: Path, case: str) -> None:
    config, kept = CASES[case]
    root = repo(tmp_path / case, config)
    before = resolved(root)
    found_before, format_before = reported(root), unformatted(root)
    ignored_before = {c for text in config.values() for c in ignored(text) if not enabled_under(c, before)}
    init(root)
    after = resolved(root)
    for key in kept:  # every setting the project had resolves to the project's value
        if key == "linter.per_file_ignores":  # the project's entries, plus ours for codes it does not run
            theirs, ours = matchers(before[key]), matchers(after[key])
            assert all(entry in ours for entry in theirs)
            added = {c for entry in ours if entry not in theirs for c in re.findall(r"\(([A-Z]+[0-9]+)\)", entry)}
            assert not added & enabled(before)
        else:
            assert after[key] == before[key], key
    assert enabled(before) <= enabled(after)  # no rule the project ran is lost
    assert not [c for c in ignored_before if enabled_under(c, after)]  # nor is one it switched off switched on
    assert found_before <= reported(root)
    assert {("pkg/broken.py", "F401")} <= reported(root) or "F401" not in enabled(before)
    assert unformatted(root) <= format_before
    for rel in ("pyproject.toml", "ruff.toml"):
        if (root / rel).exists():
            selects = re.compile(r"^\s*select\s*=", re.MULTILINE)  # a `select` of ours would replace ruff's defaults
            assert len(selects.findall((root / rel).read_text())) == len(selects.findall(config.get(rel, "")))
    assert "has no effect" not in ruff(root, "check", "--no-cache", ".").stderr


def test_an_unused_import_and_an_undefined_name_are_still_reported(tmp_path: Path) -> None:
    root = repo(tmp_path / "r", {"pyproject.toml": PYPROJECT + '[tool.ruff.lint]\nignore = ["E501"]\n'})
    assert {("pkg/broken.py", "F401"), ("pkg/broken.py", "F821")} <= reported(root)
    init(root)
    assert {("pkg/broken.py", "F401"), ("pkg/broken.py", "F821")} <= reported(root)
    text = (root / "pyproject.toml").read_text()
    assert "extend-select" in text and not re.search(r"^select", text, re.MULTILINE)
    assert 'ignore = ["E501"]' in text


def test_line_length_is_left_to_an_extend_chain_that_sets_it(tmp_path: Path) -> None:
    config, _ = CASES["extend-chain"]
    root = repo(tmp_path / "r", config)
    init(root)
    text = (root / "pyproject.toml").read_text()
    assert 'extend = "config/ruff-base.toml"' in text
    assert "line-length" not in text and "quote-style" not in text
    assert (root / "config/ruff-root.toml").read_text() == config["config/ruff-root.toml"]
    assert resolved(root)["linter.line_length"] == "100"


def test_a_relative_extend_is_validated_in_place(tmp_path: Path) -> None:
    root = repo(
        tmp_path / "r",
        {
            "pyproject.toml": PYPROJECT + '[tool.ruff]\nextend = "ruff-shared.toml"\n',
            "ruff-shared.toml": '[lint]\nextend-select = ["B"]\n',
        },
    )
    init(root)
    assert ruff(root, "check", "--no-cache", "--exit-zero", ".").returncode == 0
    assert 'extend = "ruff-shared.toml"' in (root / "pyproject.toml").read_text()
    assert "B" in {code[:1] for code in enabled(resolved(root))}


HOSTILE = {"abs": "/etc/passwd", "up": "../outside.toml"}


@pytest.mark.parametrize("command", [("init",), ("check", "--all"), ("doctor",)])
@pytest.mark.parametrize("target", sorted(HOSTILE))
def test_an_extend_outside_the_repository_is_not_followed(
    tmp_path: Path, command: tuple[str, ...], target: str
) -> None:
    (tmp_path / "outside.toml").write_text('line-length = 77\n# SECRET_LINE_OF_ANOTHER_FILE\n[lint]\nselect = ["E"]\n')
    root = repo(tmp_path / "r", {"pyproject.toml": PYPROJECT})
    if command[0] != "init":
        init(root)  # then the config turns hostile: the check and doctor must refuse on their own
    doc = tomlkit.parse((root / "pyproject.toml").read_text())
    doc.setdefault("tool", {}).setdefault("ruff", {})["extend"] = HOSTILE[target]
    write(root, {"pyproject.toml": tomlkit.dumps(doc)})
    git(root, "commit", "-qam", "Extend the ruff settings")
    files = snapshot(root)
    proc = subprocess.run(
        [*standards_argv(), *command], cwd=root, capture_output=True, text=True, timeout=120, env=env()
    )
    said = proc.stdout + proc.stderr
    assert "Traceback" not in said
    assert "SECRET_LINE" not in said and "root:x:" not in said and "nologin" not in said
    assert "pyproject.toml" in said and "tool.ruff.extend" in said and "outside the repository" in said, said
    assert proc.returncode == (1 if command[0] == "doctor" else 2), said
    assert snapshot(root) == files


def standards_argv() -> list[str]:
    import sys

    return [sys.executable, "-P", "-m", "standards"]


def test_a_nested_config_that_extends_outside_stops_the_check(tmp_path: Path) -> None:
    root = repo(tmp_path / "r", {"pyproject.toml": PYPROJECT})
    init(root)
    write(root, {"pkg/ruff.toml": 'extend = "/etc/passwd"\n'})
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Nest a ruff config")
    proc = subprocess.run(
        [*standards_argv(), "check", "pkg/mod_1.py"], cwd=root, capture_output=True, text=True, timeout=120, env=env()
    )
    said = proc.stdout + proc.stderr
    assert proc.returncode == 2 and "pkg/ruff.toml" in said and "extend" in said, said
    assert "root:x:" not in said and "nologin" not in said and "Traceback" not in said


def test_options_from_standards_toml_cannot_select_ignore_or_extend(tmp_path: Path) -> None:
    root = repo(tmp_path / "r", {"pyproject.toml": PYPROJECT})
    init(root)
    doc = tomlkit.parse((root / "standards.toml").read_text())
    params = doc["conventions"]["py.naming.function"].setdefault("params", {})
    params["ruff"] = {"lint.ignore": ["F401"], "extend": "/etc/passwd", "lint.select": ["E"], "line-length": 100}
    write(root, {"standards.toml": tomlkit.dumps(doc)})
    proc = standards(root, "update")
    assert proc.returncode == 0, proc.stderr
    text = (root / "pyproject.toml").read_text()
    assert "extend =" not in text and "F401" not in text and not re.search(r"^select", text, re.MULTILINE)
    assert ("pkg/broken.py", "F401") in reported(root)
