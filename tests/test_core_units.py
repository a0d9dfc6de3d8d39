"""Unit tests of the core pieces: line-length cliff, ruff-counted style, explicit config,
ruff config merge, baseline fingerprints, standards.toml edits, discovery."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from standards import pipeline, ruff_tool, standards_file
from standards.analyzers import py_layout, py_ruff_style
from standards.check import baseline
from standards.discovery import discover
from standards.emitters import ruff as ruff_emitter
from standards.errors import ConfigError
from standards.model import Finding, Level, Source
from tests._repo import git, make_repo, standards, style_repo, write


def observations(root: Path, analyzer: str) -> dict:
    return {o.id: o for o in pipeline.analyze(root, only={analyzer}).observations}


def test_line_length_reads_the_cliff_not_the_maximum() -> None:
    lengths = Counter({n: 100 for n in range(40, 89)})
    lengths.update({95: 3, 140: 2})  # a few long strings past the formatter's width
    obs = py_layout.line_length(lengths, {n: f"a.py:{n}" for n in lengths})
    assert obs is not None
    width, hard = obs
    assert width.value == 88
    assert width.counter_examples[0] == "a.py:140"
    assert hard.value in (88, 99, 100, 110, 119, 120, 130, 140)


def test_line_length_prefers_79_over_80_when_lines_stop_at_79() -> None:
    lengths = Counter({n: 50 for n in range(30, 80)})
    obs = py_layout.line_length(lengths, {n: f"a.py:{n}" for n in lengths})
    assert obs is not None and obs[0].value == 79


def test_quotes_counted_with_ruff(tmp_path: Path) -> None:
    root = style_repo(tmp_path / "single", quotes="'")
    obs = observations(root, "py_ruff_style")["py.format.quotes"]
    assert obs.value == "single" and obs.support == obs.total and obs.total >= 25
    assert obs.params["ruff"]["lint.flake8-quotes.inline-quotes"] == "single"


def test_quotes_on_a_large_repository_are_counted_on_a_sample_and_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = style_repo(tmp_path / "single", quotes="'", modules=12)
    whole = observations(root, "py_ruff_style")["py.format.quotes"]
    monkeypatch.setattr(py_ruff_style, "STYLE_SAMPLE", 4)
    part = observations(root, "py_ruff_style")["py.format.quotes"]
    assert part.value == whole.value == "single"
    assert 0 < part.total < whole.total
    assert part.note.startswith("counted on 4 of 14 files") and not whole.note


def test_isort_option_adopted_when_it_only_ever_helps() -> None:
    """pyramid: combine-as-imports removes 14 of 361 changed lines (the rest come from its
    sections, which ruff cannot express) and makes no file worse: adopted. An option that
    helps a little but hurts a file elsewhere is not."""
    noisy = Counter({f"pkg/m{i}.py": 4 for i in range(80)})
    helps = noisy.copy()
    helps.update({"pkg/m1.py": -3, "pkg/m2.py": -2})
    assert py_ruff_style._adopt(noisy, helps)
    mixed = helps.copy()
    mixed["pkg/m3.py"] += 1
    assert not py_ruff_style._adopt(noisy, mixed)
    assert not py_ruff_style._adopt(noisy, Counter({**noisy, "pkg/m1.py": 3}))  # one line is no evidence
    assert py_ruff_style._adopt(Counter({"a.py": 10}), Counter({"a.py": 2}))  # a tenth of the lines or more


def test_counted_run_leaves_out_files_that_do_not_parse(tmp_path: Path) -> None:
    """ruff_tool.count keeps counts, not 350k Diagnostics; dropping a file (it did not
    parse) subtracts its rule lines but not its syntax-error lines, which never counted."""
    root = make_repo(
        tmp_path / "r",
        {
            "a.py": "A = 'x'\nB = 'y'\n",
            "b.py": "C = 'z'\n",
            "broken.py": "def f(:\n    D = 'w'\n",
        },
    )
    paths = ["a.py", "b.py", "broken.py"]
    settings = {"lint.flake8-quotes.inline-quotes": "double"}
    counted = ruff_tool.count(root, paths, ["Q000"], settings)
    listed = ruff_tool.check(root, paths, select=["Q000"], settings=settings, concise=True)
    assert counted.total == len(listed)
    parsed = counted.without({"broken.py"})
    assert parsed.total == len([d for d in listed if d.path != "broken.py"]) == 3
    assert {d.path for d in parsed.first} == {"a.py", "b.py"}


def test_isort_option_recovered(tmp_path: Path) -> None:
    body = "import os\nimport sys\nfrom collections import OrderedDict\nfrom collections import defaultdict\n\n\nprint(os, sys, OrderedDict, defaultdict)\n"
    root = make_repo(tmp_path / "r", {f"m{i}.py": body for i in range(12)})
    obs = observations(root, "py_ruff_style")["py.imports.sorted"]
    assert obs.params["ruff"]["lint.isort.force-single-line"] is True
    assert obs.params["ruff"].get("lint.isort.lines-after-imports") == 2


def test_explicit_legacy_configs_translate_to_ruff(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "r",
        {
            "a.py": "x = 1\n",
            "setup.cfg": "[flake8]\nmax-line-length = 99\nmax-complexity = 12\n\n[isort]\nforce_single_line = True\n",
            "pyproject.toml": "[project]\nname='a'\nrequires-python='>=3.9'\n\n[tool.black]\nline-length = 99\n",
        },
    )
    obs = observations(root, "explicit_python")
    assert obs["py.format.line_length"].value == 99 and obs["py.format.line_length"].source is Source.EXPLICIT
    assert obs["py.format.max_line_length"].params["ruff"] == {"lint.pycodestyle.max-line-length": 99}
    assert obs["py.size.complexity"].value == 12
    assert obs["py.imports.sorted"].params["ruff"] == {"lint.isort.force-single-line": True}
    assert obs["py.target_version"].value == "py39"


def test_malformed_pyproject_is_a_config_error(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {"a.py": "x = 1\n", "pyproject.toml": "[project\nname = 1\n"})
    with pytest.raises(ConfigError) as err:
        pipeline.analyze(root, only={"explicit_python"})
    assert "pyproject.toml" in str(err.value)


def test_ruff_merge_keeps_user_keys_and_updates_ours() -> None:
    text = "[project]\nname = 'x'\n\n[tool.ruff]\n# mine\nline-length = 100\n"
    desired = {"line-length": 88, "lint.select": ["N802"]}
    new, owned, notes = ruff_emitter.merge(text, ("tool", "ruff"), desired, {}, "pyproject.toml")
    assert "line-length = 100" in new and "# mine" in new and 'select = ["N802"]' in new
    assert owned == {"lint.select": ["N802"]}
    assert any("kept your tool.ruff.line-length" in n for n in notes)
    again, owned2, _ = ruff_emitter.merge(
        new, ("tool", "ruff"), {"lint.select": ["N802", "E501"]}, owned, "pyproject.toml"
    )
    assert '"E501"' in again and owned2 == {"lint.select": ["N802", "E501"]}


def test_ruff_merge_extends_a_user_select() -> None:
    text = "[tool.ruff.lint]\nselect = ['E', 'F']\n"
    new, owned, _ = ruff_emitter.merge(text, ("tool", "ruff"), {"lint.select": ["E501", "N802"]}, {}, "pyproject.toml")
    assert "extend-select" in new and "N802" in new and owned == {"lint.extend-select": ["N802"]}


def _finding(path: str, line: int, source: str) -> Finding:
    return Finding(path=path, line=line, column=1, rule="ruff:N802", message="m", level=Level.ERROR, source_line=source)


def test_baseline_survives_line_shifts_and_catches_edits() -> None:
    before = [_finding("a.py", 3, "def badName():"), _finding("a.py", 9, "def badName():")]
    baseline.fingerprint(before)
    entries = {baseline.Entry(f.rule, f.path, f.fingerprint) for f in before}
    shifted = [_finding("a.py", 13, "def badName():"), _finding("a.py", 19, "  def   badName():")]
    baseline.fingerprint(shifted)
    assert baseline.apply(shifted, entries, None) == [] and all(f.baselined for f in shifted)
    edited = [_finding("a.py", 3, "def badName(x):"), _finding("a.py", 9, "def badName():")]
    baseline.fingerprint(edited)
    stale = baseline.apply(edited, entries, None)
    assert [f.baselined for f in edited] == [False, True] and len(stale) == 1


def test_baseline_file_is_sorted_one_entry_per_line() -> None:
    findings = [_finding("b.py", 1, "x"), _finding("a.py", 1, "y")]
    baseline.fingerprint(findings)
    lines = baseline.render(findings).splitlines()
    assert lines[3].startswith('  {"fingerprint"') and '"a.py"' in lines[3] and '"b.py"' in lines[4]


def test_person_edit_in_standards_toml_survives(tmp_path: Path) -> None:
    root = style_repo(tmp_path / "r")
    first = pipeline.build(pipeline.analyze(root), None)
    text = standards_file.render(first, None)
    (root / "standards.toml").write_text(text.replace('level = "error"', 'level = "warn"', 1))
    (root / ".standards").mkdir()
    (root / standards_file.SNAPSHOT).write_text(standards_file.render_snapshot(first))
    loaded = standards_file.load(root)
    edited = [c for c in loaded.conventions.values() if c.source is Source.MANUAL]
    assert len(edited) == 1 and edited[0].level is Level.WARN
    again = pipeline.build(pipeline.analyze(root), loaded)
    assert again.conventions[edited[0].id].level is Level.WARN


def test_discovery_skips_vendored_binary_generated_and_symlinks(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "r",
        {
            "app.py": "x = 1\n",
            "node_modules/lib/index.js": "module.exports = 1\n",
            "static/app.min.js": "var a=1;",
            "blob.py": b"\x00\x01binary",
            "gen.py": "# @generated by protoc\nx = 1\n",
            ".gitignore": "ignored.py\n",
            "ignored.py": "x = 1\n",
        },
    )
    os.symlink("/etc/hostname", root / "outside.py")
    d = discover(root)
    assert [f.path for f in d.files] == ["app.py"]
    reasons = {r: set(p) for r, p in d.skipped.items()}
    assert "blob.py" in reasons["binary content"]
    assert {"static/app.min.js", "gen.py"} <= reasons["generated or minified"]
    assert "outside.py" in reasons["symlinks (not followed)"]
    # a check on a change lists the rest by name only: contents are judged when a rule reads them
    listed = discover(root, read_contents=False)
    assert [f.path for f in listed.files] == ["app.py", "blob.py", "gen.py"] and not listed.contents
    assert "outside.py" in listed.skipped["symlinks (not followed)"]
    assert "node_modules/lib/index.js" in listed.skipped["vendored or build output"]
    assert standards(root, "init", "--no-hooks").returncode == 0
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Adopt standards")
    write(root, {"app.py": "x = 2\n"})
    git(root, "add", "app.py")
    staged = standards(root, "check", "--staged")
    assert staged.returncode == 0, staged.stdout + staged.stderr


def test_discovery_outside_git_honours_gitignore(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "a.py": "x = 1\n",
            ".gitignore": "build_out/\n*.tmp.py\n",
            "build_out/b.py": "x\n",
            "c.tmp.py": "x\n",
            "sub/.gitignore": "d.py\n",
            "sub/d.py": "x\n",
            "sub/e.py": "x\n",
        },
    )
    d = discover(tmp_path)
    assert sorted(f.path for f in d.files) == ["a.py", "sub/e.py"]
    assert not d.in_git


def test_ruff_merge_adds_beside_a_users_extend_select_and_withdraws_later() -> None:
    text = "[tool.ruff.lint]\nselect = ['E4']\nextend-select = ['UP']\n\n[tool.ruff.lint.per-file-ignores]\n'a.py' = ['E501']\n"
    desired = {"lint.select": ["N802", "UP031"], "lint.per-file-ignores": {"a.py": ["T201"], "tests/**": ["S101"]}}
    new, owned, notes = ruff_emitter.merge(text, ("tool", "ruff"), desired, {}, "pyproject.toml")
    assert not notes
    assert owned["+lint.extend-select"] == ["N802"]  # UP031 is covered by the user's UP
    assert 'extend-select = ["UP", "N802"]' in new.replace("'", '"')
    assert owned["+lint.per-file-ignores"] == {"a.py": ["T201"], "tests/**": ["S101"]}
    again, owned2, _ = ruff_emitter.merge(new, ("tool", "ruff"), {"lint.select": ["N802"]}, owned, "pyproject.toml")
    assert "S101" not in again and "T201" not in again and "E501" in again and "N802" in again
    assert owned2 == {"+lint.extend-select": ["N802"]}


def test_recent_files_outweigh_old_ones_and_the_evidence_says_so(tmp_path: Path) -> None:
    from tests._repo import git

    old = 'def label(name):\n    return "%s!" % name\n'
    new = 'def label(name):\n    return f"{name}!"\n'
    root = tmp_path / "r"
    make_repo(root, {f"pkg/old_{i}.py": old for i in range(12)}, message="Add the old modules")
    git(
        root,
        "commit",
        "-q",
        "--amend",
        "--no-edit",
        "--date=2022-01-05T10:00:00",
        extra_env={"GIT_COMMITTER_DATE": "2022-01-05T10:00:00"},
    )
    write(root, {f"pkg/new_{i}.py": new for i in range(8)})
    git(root, "add", "-A")
    git(
        root,
        "commit",
        "-q",
        "-m",
        "Add the new modules",
        extra_env={"GIT_AUTHOR_DATE": "2026-01-05T10:00:00", "GIT_COMMITTER_DATE": "2026-01-05T10:00:00"},
    )
    obs = observations(root, "py_strings")["py.strings.formatting"]
    assert obs.value == "f-string"  # 8 recent f-strings outweigh 12 four-year-old % formats
    assert (obs.support, obs.total) == (8, 20)  # the counts stay raw
    assert obs.weighted_share is not None and obs.weighted_share > 0.7  # older than the 2-year window: weight 1/4
    assert "recency-weighted" in obs.note


def test_frameworks_found_at_adoption_are_recorded_for_checks_on_a_change(tmp_path: Path) -> None:
    from standards.model import Standards

    (tmp_path / ".standards").mkdir()
    snapshot = tmp_path / standards_file.SNAPSHOT
    assert standards_file.recorded_frameworks(tmp_path) is None
    found = {"flask": ["app/__init__.py: import flask"]}
    snapshot.write_text(standards_file.render_snapshot(Standards(conventions={}), None, found))
    assert standards_file.recorded_frameworks(tmp_path) == found
    snapshot.write_text('{"_frameworks": {"flask": "not a list"}}')
    assert standards_file.recorded_frameworks(tmp_path) is None


@pytest.mark.parametrize(
    ("selector", "code", "selected"),
    [
        ("F", "F401", True),
        ("F", "FURB157", False),
        ("S", "S101", True),
        ("S", "SIM102", False),
        ("E", "ERA001", False),
        ("E7", "E711", True),
        ("PL", "PLR0913", True),
        ("PLR09", "PLR0913", True),
        ("PLR09", "PLR2004", False),
        ("C90", "C901", True),
        ("C4", "C901", False),
        ("ALL", "RUF100", True),
    ],
)
def test_a_ruff_selector_names_a_linter_not_a_string_prefix(selector: str, code: str, selected: bool) -> None:
    assert ruff_tool.selects(selector, code) is selected
