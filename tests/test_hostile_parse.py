"""Source that does not parse, binary content, huge and minified files, deep nesting:
analysis continues, each file is reported once (parse error or skip reason), inference
never counts it, and no RecursionError or linter crash reaches the user."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from standards import discovery, ruff_tool
from standards.context import MAX_AST_DEPTH, Context
from standards.discovery import discover
from standards.pipeline import Analysis, analyze

from _repo import git, make_repo, standards, style_repo, write

BROKEN = {
    # single quotes and camelCase where the repo has double quotes and snake_case
    "pkg/broken.py": "def brokenOne(:\n    value = 'single'\n        return value\n",
    "web/broken.js": "function (( {\n  var x = 'y'\n",
    "lib/broken.rb": "def foo(\n  end end end\nclass\n",
}
GOOD_JS = {
    f"web/ok_{i}.js": f"const value{i} = 1;\n\nfunction show{i}() {{\n  return value{i};\n}}\n" for i in range(3)
}
GOOD_RB = {f"lib/ok_{i}.rb": f"# frozen_string_literal: true\n\ndef show_{i}\n  {i}\nend\n" for i in range(3)}

N = 5000
DEEP = {
    "pkg/deep_paren.py": "x = " + "(\n" * N + "1" + "\n)" * N + "\n",
    "pkg/deep_brackets.py": "x = " + "[\n" * N + "\n]" * N + "\n",
    "pkg/long_sum.py": "x = " + " + ".join(["1"] * 20_000) + "\n",
    "pkg/long_attribute.py": "x = a" + ".b" * 20_000 + "\n",
    "web/deep_brackets.js": "var x = " + "[\n" * N + "\n]" * N + ";\n",
    "web/deep_paren.js": "var x = " + "(\n" * N + "1" + "\n)" * N + ";\n",
    "lib/deep.rb": "x = " + "[\n" * N + "\n]" * N + "\n",
}


def cites(convention: dict, path: str) -> bool:
    places = convention.get("examples", []) + convention.get("counter_examples", [])
    return any(p.split(":")[0] == path for p in places)


@pytest.fixture(scope="module")
def broken_repo(tmp_path_factory):
    root = style_repo(tmp_path_factory.mktemp("broken") / "r", modules=6)
    write(root, {**BROKEN, **GOOD_JS, **GOOD_RB})
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Broken files")
    return root


def test_broken_files_reported_once_and_not_counted(broken_repo):
    result = standards(broken_repo, "analyze", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data["parse_errors"]) == set(BROKEN)
    assert data["analyzer_failures"] == {}
    for cid, conv in data["conventions"].items():
        if cid.startswith("git."):
            continue  # history is about churn, not syntax
        for path in BROKEN:
            assert not cites(conv, path), (cid, path)
    # the Python style is the style of the files that parse
    assert data["conventions"]["py.naming.function"]["counter_examples"] == []

    text = standards(broken_repo, "analyze")
    assert text.returncode == 0
    lines = [line for line in text.stdout.splitlines() if not line.lstrip().startswith("git.")]
    for path in BROKEN:
        assert sum(line.count(path) for line in lines) == 1, path


def test_init_reports_parse_errors_once(broken_repo, tmp_path):
    init = standards(broken_repo, "init", "--dry-run")
    assert init.returncode == 0, init.stderr
    summary = init.stderr
    assert "3 files do not parse" in summary
    for path in BROKEN:
        assert summary.count(path) == 1


def test_parse_errors_do_not_depend_on_analyzer_order(broken_repo):
    """Analyzers that count with ruff see only files that parse even when run alone."""
    analysis = analyze(broken_repo, only={"py_ruff_style"})
    assert analysis.failures == {}
    for obs in analysis.observations:
        assert not any(p.startswith("pkg/broken.py") for p in obs.examples + obs.counter_examples)


def test_binary_huge_and_minified_are_skipped_and_said(tmp_path):
    big = "\n".join(f"VALUE_{i} = {i}" for i in range(discovery.MAX_FILE_BYTES // 12)) + "\n"
    root = style_repo(tmp_path / "r", modules=4)
    write(
        root,
        {
            "pkg/binary.py": b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8,
            "web/binary.js": b"\x00\x00\x00" * 100,
            "pkg/huge.py": big,
            "web/app.min.js": "var a=1;" * 10,
            "web/bundle.js": "(function(){" + "var a=1;" * 5000 + "})();\n",
            "lib/huge.rb": "x = 1\n" * (discovery.MAX_FILE_BYTES // 6 + 10),
        },
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Odd files")
    d = discover(root)
    skipped = {p: reason for reason, paths in d.skipped.items() for p in paths}
    assert skipped["pkg/binary.py"] == skipped["web/binary.js"] == "binary content"
    assert skipped["pkg/huge.py"].startswith("over ") and skipped["lib/huge.rb"].startswith("over ")
    assert skipped["web/app.min.js"] == skipped["web/bundle.js"] == "generated or minified"
    init = standards(root, "init", "--no-hooks")
    assert init.returncode == 0, init.stderr
    assert "Traceback" not in init.stdout + init.stderr
    assert "skipped 2 binary content" in init.stdout
    assert "skipped 2 over 1000 kB" in init.stdout
    check = standards(root, "check", "pkg/huge.py", "pkg/binary.py", "web/bundle.js")
    assert check.returncode == 0, check.stdout + check.stderr  # skipped files are not linted either
    assert "0 files" in check.stdout


def test_nesting_depth():
    assert discovery.nesting_depth(b"f(a[1], {b: (2)})") == 3
    assert discovery.nesting_depth(b"'))))' + f(x)") <= 1
    assert discovery.nesting_depth(b"(" * 300) == 300


def test_deep_python_tree_is_a_parse_error_not_a_crash(tmp_path):
    root = make_repo(
        tmp_path / "r",
        {
            "ok.py": "x = (1 + 2) * 3\n",
            "deep.py": "x = " + " + ".join(["1"] * (MAX_AST_DEPTH + 10)) + "\n",
            "elif.py": "def f(x):\n    if x == 0:\n        return 0\n"
            + "".join(f"    elif x == {i}:\n        return {i}\n" for i in range(1, 600)),
        },
    )
    ctx = Context(root=root, discovery=discover(root))
    assert [m.path for m in ctx.python_modules()] == ["ok.py"]
    assert set(ctx.parse_errors) == {"deep.py", "elif.py"}
    assert all("too deep" in m for m in ctx.parse_errors.values())


def test_ruff_crash_on_one_file_does_not_stop_the_others(tmp_path):
    """ruff overflows its worker thread's stack on a 20,000-term expression when it checks
    several files; the other files are still checked and the culprit is named."""
    files = {f"m{i}.py": "import os\n" for i in range(4)}
    files["deep.py"] = DEEP["pkg/long_sum.py"]
    root = make_repo(tmp_path / "r", files)
    diags = ruff_tool.check(root, sorted(files), select=["F401"])
    assert {d.path for d in diags if d.code == "F401"} == {f"m{i}.py" for i in range(4)}
    crashed = [d for d in diags if d.code == "E902"]
    assert [d.path for d in crashed] in ([], ["deep.py"])  # [] if this ruff no longer crashes
    assert all("ruff crashed" in d.message for d in crashed)


def test_deep_nesting_through_init_and_check(tmp_path):
    root = style_repo(tmp_path / "r", modules=4)
    write(root, {**DEEP, **GOOD_JS, **GOOD_RB})
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Deep files")
    init = standards(root, "init", "--no-hooks")
    out = init.stdout + init.stderr
    assert init.returncode == 0, out
    assert "Traceback" not in out and "RecursionError" not in out and "overflow" not in out
    assert "nested over 200 levels deep" in init.stdout
    assert "failed" not in init.stdout  # no analyzer failed
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Adopt")
    for path in DEEP:
        write(root, {path: DEEP[path] + "\n"})
    git(root, "add", "-A")
    check = standards(root, "check", "--staged")
    assert check.returncode in (0, 1), check.stdout + check.stderr
    assert "Traceback" not in check.stdout + check.stderr


def test_large_test_suites_are_sampled_and_broken_tests_still_reported(tmp_path: Path) -> None:
    """Over the test-code budget only a fixed sample of test modules is parsed; ruff still
    counts every test module, and a broken one is reported whether it was parsed or not."""
    root = style_repo(tmp_path / "r", modules=6)
    tests = {f"tests/test_area_{i}.py": f'def test_area_{i}():\n    assert str({i}) == "{i}"\n' for i in range(12)}
    broken = {f"tests/test_broken_{i}.py": "def test_broken(:\n    value = 'single'\n" for i in range(3)}
    write(root, {**tests, **broken})
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Tests")
    whole = analyze(root, only={"py_ruff_style", "py_tests"})
    part = analyze(root, {"test_sample_bytes": 200, "large_repo_bytes": 1000}, only={"py_ruff_style", "py_tests"})
    assert not whole.ctx.sampled_out and len(part.ctx.sampled_out) >= 10
    assert set(broken) & set(part.ctx.sampled_out)  # at least one is judged by ruff alone
    assert set(broken) <= set(part.ctx.parse_errors) and set(broken) <= set(whole.ctx.parse_errors)
    assert "fixed sample" in part.ctx.sample_note() and not whole.ctx.sample_note()

    def conventions(analysis: Analysis) -> dict:
        return {o.id: o for o in analysis.observations}

    # ruff reads every test module either way; our own test analyzer sees the sample only
    assert conventions(part)["py.format.quotes"].total == conventions(whole)["py.format.quotes"].total
    test_names = [o for o in part.observations if o.id.startswith("py.tests.")]
    assert test_names and all(o.total <= conventions(whole)[o.id].total for o in test_names)
    for obs in part.observations:
        assert not any(p.split(":")[0] in broken for p in obs.examples + obs.counter_examples), obs.id
