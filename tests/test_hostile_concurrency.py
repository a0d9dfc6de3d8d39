"""Two `standards check` runs at once (a pre-commit hook and an editor, two worktrees of a
CI job...) neither corrupt the baseline nor disturb each other; two `standards baseline`
runs at once leave one complete baseline. A file someone edits while `init` or `update`
runs is never overwritten with what was read before the edit: the run writes nothing and
exits 2 naming the file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from _repo import env, git, python_module, snapshot, standards, style_repo, write

from standards import cli, fsutil
from standards.emitters.agents import BEGIN, END


def start(root: Path, *args: str, cache: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-P", "-m", "standards", *args],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env({"XDG_CACHE_HOME": str(cache)}),
    )


def test_concurrent_checks_and_baselines(tmp_path: Path) -> None:
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
        assert without_cache(snapshot(root)) == without_cache(before)  # check writes nothing but its cache

    baseline_before = (root / ".standards/baseline.json").read_text()
    procs = [start(root, "baseline", cache=cache) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    recorded = json.loads((root / ".standards/baseline.json").read_text())
    new = {(f["path"], f["rule"]) for f in json.loads(serial.stdout)["findings"]}
    assert len(recorded["entries"]) == len(json.loads(baseline_before)["entries"]) + len(new)
    assert not [p for p in (root / ".standards").iterdir() if p.name.endswith(".tmp")]
    assert standards(root, "check", "--all").returncode == 0


# --- a file edited between the read and the write ----------------------------------------------


def planned(root: Path, files: dict[str, str]) -> fsutil.WritePlan:
    plan = fsutil.WritePlan(root)
    for rel, text in files.items():
        plan.add(rel, text)
    return plan


def no_temporary_files(root: Path) -> bool:
    return not [p for p in root.rglob("*.tmp")]


def test_an_edit_after_the_read_stops_the_whole_plan(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": "a\n", "b.txt": "b\n"})
    plan = planned(tmp_path, {"a.txt": "ours a\n", "b.txt": "ours b\n", "new.txt": "new\n"})
    (tmp_path / "b.txt").write_text("b\nthe person's edit\n")
    with pytest.raises(
        fsutil.ChangedSinceRead, match="^b.txt changed while standards was running.*no file was changed"
    ):
        plan.apply()
    assert (tmp_path / "a.txt").read_text() == "a\n"
    assert (tmp_path / "b.txt").read_text() == "b\nthe person's edit\n"
    assert not (tmp_path / "new.txt").exists() and no_temporary_files(tmp_path)


def test_an_edit_of_the_same_size_and_mtime_is_caught_by_the_hash(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": "version 1\n"})
    plan = planned(tmp_path, {"a.txt": "ours\n"})
    info = os.stat(tmp_path / "a.txt")
    (tmp_path / "a.txt").write_text("version 2\n")
    os.utime(tmp_path / "a.txt", ns=(info.st_atime_ns, info.st_mtime_ns))
    with pytest.raises(fsutil.ChangedSinceRead, match="a.txt"):
        plan.apply()
    assert (tmp_path / "a.txt").read_text() == "version 2\n"


def test_a_file_created_after_the_read_is_not_replaced(tmp_path: Path) -> None:
    plan = planned(tmp_path, {"AGENTS.md": "ours\n"})
    (tmp_path / "AGENTS.md").write_text("someone else's\n")
    with pytest.raises(fsutil.ChangedSinceRead, match="AGENTS.md"):
        plan.apply()
    assert (tmp_path / "AGENTS.md").read_text() == "someone else's\n"


def test_an_edit_between_two_renames_restores_the_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"a.txt": "a\r\n", "b.txt": "b\n"})
    plan = planned(tmp_path, {"a.txt": "ours a\n", "b.txt": "ours b\n"})
    real_replace = os.replace

    def replace_then_edit(src: str, dst: str) -> None:
        real_replace(src, dst)
        if str(dst).endswith("a.txt"):
            (tmp_path / "b.txt").write_text("b\nedited meanwhile\n")

    monkeypatch.setattr(fsutil.os, "replace", replace_then_edit)
    with pytest.raises(fsutil.ChangedSinceRead, match="^b.txt changed.*restored"):
        plan.apply()
    monkeypatch.undo()
    assert (tmp_path / "a.txt").read_bytes() == b"a\r\n"  # restored byte for byte
    assert (tmp_path / "b.txt").read_text() == "b\nedited meanwhile\n"
    assert no_temporary_files(tmp_path)


def edit_before_apply(monkeypatch: pytest.MonkeyPatch, path: Path, addition: bytes) -> None:
    """Make the first WritePlan.apply of the run find ``path`` edited since it was read."""
    real_apply = fsutil.WritePlan.apply
    done: list[bool] = []

    def apply(self: fsutil.WritePlan) -> list[str]:
        if not done:
            done.append(True)
            path.write_bytes(path.read_bytes() + addition)
        return real_apply(self)

    monkeypatch.setattr(fsutil.WritePlan, "apply", apply)


def test_init_leaves_a_file_edited_while_it_ran_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = style_repo(tmp_path / "r", modules=4)
    edit_before_apply(monkeypatch, root / "pyproject.toml", b"# edited while init ran\n")
    before = snapshot(root)
    monkeypatch.chdir(root)
    assert cli.main(["init", "--no-hooks"]) == 2
    err = capsys.readouterr().err
    assert "pyproject.toml changed while standards was running" in err and "Traceback" not in err
    after = snapshot(root)
    assert after.pop("pyproject.toml") == before.pop("pyproject.toml") + b"# edited while init ran\n"
    assert after == before


def test_update_leaves_an_agents_md_edited_while_it_ran(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = style_repo(tmp_path / "r", modules=4)
    monkeypatch.chdir(root)
    assert cli.main(["init", "--no-hooks"]) == 0
    agents = root / "AGENTS.md"
    text = agents.read_text()
    agents.write_text("Intro.\n\n" + text[text.index(BEGIN) : text.index(END)] + "old advice\n" + END + "\n")
    before = snapshot(root)
    edit_before_apply(monkeypatch, agents, b"\nA note added in an editor.\n")
    capsys.readouterr()
    assert cli.main(["update"]) == 2
    assert "AGENTS.md changed while standards was running" in capsys.readouterr().err
    after = snapshot(root)
    assert after.pop("AGENTS.md") == before.pop("AGENTS.md") + b"\nA note added in an editor.\n"
    assert after == before


def test_a_file_that_already_holds_our_bytes_is_not_a_conflict(tmp_path: Path) -> None:
    """Two runs at once that write the same content (two `standards baseline`) both succeed."""
    write(tmp_path, {"a.txt": "old\n", "b.txt": "b\n"})
    plan = planned(tmp_path, {"a.txt": "same result\n", "b.txt": "ours b\n"})
    (tmp_path / "a.txt").write_text("same result\n")  # the other run finished first
    assert plan.apply() == ["b.txt"]
    assert (tmp_path / "a.txt").read_text() == "same result\n" and (tmp_path / "b.txt").read_text() == "ours b\n"
    assert no_temporary_files(tmp_path)


def without_cache(files: dict[str, bytes]) -> dict[str, bytes]:
    """A snapshot without `.standards/cache/`, the one place `check --all` writes (its own cache)."""
    return {path: data for path, data in files.items() if not path.startswith(".standards/cache/")}
