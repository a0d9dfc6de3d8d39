"""Issue 17, "fast where people wait": the pre-commit check on a few staged Python files does
only the work that change needs. In a fresh process: no tree-sitter grammar is imported, no
history is read (no `git log`), the check cache and the framework scan stay unloaded, and
standards.toml is read with the stdlib's tomllib (tomlkit is for writing)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests._repo import env, git, standards, style_repo, write

PROBE = """
import json, sys
from standards import procutil
calls = []
real = procutil.run
def run(argv, *args, **kwargs):
    calls.append([str(a) for a in argv])
    return real(argv, *args, **kwargs)
procutil.run = run
from standards import cli
code = cli.main(sys.argv[1:])
git = [a[a.index("-C") + 2] for a in calls if a and a[0] == "git" and "-C" in a and len(a) > a.index("-C") + 2]
print(json.dumps({"code": code, "modules": sorted(sys.modules), "git": git}))
"""
GRAMMARS = ("tree_sitter_javascript", "tree_sitter_typescript", "tree_sitter_ruby")


@pytest.fixture(scope="module")
def adopted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = style_repo(tmp_path_factory.mktemp("hook") / "repo", modules=8)
    write(root, {"web/app.js": "const answer = 42;\nexport default answer;\n", "lib/tool.rb": "puts 'hi'\n"})
    out = standards(root, "init", "--no-hooks", extra_env={"CI": "false"})
    assert out.returncode == 0, out.stdout + out.stderr
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Adopt standards")
    for i in range(5):
        path = root / f"pkg/mod_{i}.py"
        helper = f'\n\ndef helper_{i}(value: int) -> int:\n    """Return it."""\n    return value\n'
        path.write_text(path.read_text() + helper)
    git(root, "add", "-A")
    return root


def probe(root: Path, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-P", "-c", PROBE, *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env(),
        timeout=120,
        check=False,
    )
    assert done.stderr == "" or "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_python_change_loads_no_grammar_and_reads_no_history(adopted: Path) -> None:
    seen = probe(adopted, "check", "--staged", "--format", "json", "--output-file", str(adopted.parent / "out.json"))
    assert seen["code"] == 0
    assert json.loads((adopted.parent / "out.json").read_text())["summary"]["files_checked"] == 5
    assert not [m for m in seen["modules"] if m.startswith(GRAMMARS)]
    assert "log" not in seen["git"] and "rev-list" not in seen["git"]
    assert "standards.check.cache" not in seen["modules"]  # the --all cache is not on the hook's path
    assert "standards.frameworks" not in seen["modules"]  # the recorded frameworks are used


def test_reading_standards_toml_does_not_load_tomlkit(adopted: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from standards import standards_file; "
        "s = standards_file.load(Path('.')); print(len(s.conventions), 'tomlkit' in sys.modules)"
    )
    argv = [sys.executable, "-P", "-c", code]
    done = subprocess.run(argv, cwd=adopted, capture_output=True, text=True, env=env(), timeout=120, check=False)
    count, loaded = done.stdout.split()
    assert int(count) > 0 and loaded == "False", done.stderr
