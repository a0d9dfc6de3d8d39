"""Two `standards check` runs at once (a pre-commit hook and an editor, two worktrees of a
CI job...) neither corrupt the baseline nor disturb each other; two `standards baseline`
runs at once leave one complete baseline."""

from __future__ import annotations

import json
import subprocess
import sys

from _repo import env, git, python_module, snapshot, standards, style_repo, write


def start(root, *args, cache):
    return subprocess.Popen(
        [sys.executable, "-P", "-m", "standards", *args],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env({"XDG_CACHE_HOME": str(cache)}),
    )


def test_concurrent_checks_and_baselines(tmp_path):
    root = style_repo(tmp_path / "r", modules=10)
    debt = python_module(50) + "\n\ndef legacyName():\n    return 1\n"
    write(root, {"pkg/legacy.py": debt})
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Debt")
    assert standards(root, "init", "--no-hooks").returncode == 0
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Adopt")
    write(root, {"pkg/mod_3.py": python_module(3) + "\n\ndef newName():\n    return 2\n"})
    git(root, "add", "-A")
    cache = tmp_path / "cache"
    before = snapshot(root)
    serial = standards(root, "check", "--all", "--format", "json")
    assert serial.returncode == 1, serial.stderr
    for _ in range(3):
        procs = [
            start(root, "check", "--all", "--format", "json", cache=cache),
            start(root, "check", "--staged", "--format", "json", cache=cache),
        ]
        outs = [p.communicate(timeout=600) for p in procs]
        assert [p.returncode for p in procs] == [1, 1], outs
        assert json.loads(outs[0][0]) == json.loads(serial.stdout)
        assert {f["path"] for f in json.loads(outs[1][0])["findings"]} == {"pkg/mod_3.py"}
        assert snapshot(root) == before  # check writes nothing in the repository

    baseline_before = (root / ".standards/baseline.json").read_text()
    procs = [start(root, "baseline", cache=cache) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    recorded = json.loads((root / ".standards/baseline.json").read_text())
    new = {(f["path"], f["rule"]) for f in json.loads(serial.stdout)["findings"]}
    assert len(recorded["entries"]) == len(json.loads(baseline_before)["entries"]) + len(new)
    assert not [p for p in (root / ".standards").iterdir() if p.name.endswith(".tmp")]
    assert standards(root, "check", "--all").returncode == 0
