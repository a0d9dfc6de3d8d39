"""Issue 17, "fast where people wait": `standards check --all` keeps a content-hash cache.

A second run on an unchanged repository gives the same report without starting a linter or
running our rules; a changed file is linted again alone; a changed configuration, linter
config or `standards` version starts afresh; cached findings still go through suppressions
and the baseline. A cache the repository could plant (a forged signature, a file git tracks,
any cache under CI=true, a symlink out of the repository) is never read or written through."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from standards.check import cache, engine
from standards.check.report import Report
from standards.check.runners import ruff as ruff_runner
from standards.model import Finding, Level
from tests._repo import git, standards, style_repo, write

BILLING = '"""Billing."""\n\n\ndef chargeInvoice(order):\n    """Charge."""\n    return order\n'
NOTES = (
    '"""Notes."""\n\n\ndef keepNote(note):  # standards: ignore[N802] the name is part of a published API\n'
    '    """Keep."""\n    return note\n'
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An adopted repository with findings: camelCase functions the conventions refuse."""
    root = style_repo(tmp_path_factory.mktemp("cache") / "repo", modules=6)
    out = standards(root, "init", "--no-hooks", "--no-baseline", extra_env={"CI": "false"})
    assert out.returncode == 0, out.stdout + out.stderr
    write(root, {"pkg/billing.py": BILLING, "pkg/notes.py": NOTES})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Adopt standards")
    return root


@pytest.fixture
def repo(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the template, with a per-test cache key (outside the repository) and no CI."""
    root = tmp_path / "repo"
    shutil.copytree(template, root, symlinks=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.setenv("CI", "false")
    monkeypatch.delenv("STANDARDS_NO_CACHE", raising=False)
    return root


class Spy:
    """Counts what the ruff runner is asked to lint and how often our rules run."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.linted: list[list[str]] = []
        self.rules = 0
        real_run, real_rules = ruff_runner.run, engine._rules

        def run(root: Path, paths: list[str], standards: object) -> list[Finding]:
            self.linted.append(sorted(paths))
            return real_run(root, paths, standards)  # type: ignore[arg-type]  # the real runner, counted

        def rules(*args: object, **kwargs: object) -> list[Finding]:
            self.rules += 1
            return real_rules(*args, **kwargs)  # type: ignore[arg-type]  # the real rules, counted

        monkeypatch.setattr(ruff_runner, "run", run)
        monkeypatch.setattr(engine, "_rules", rules)

    def reset(self) -> None:
        self.linted, self.rules = [], 0

    @property
    def files(self) -> list[str]:
        return sorted(p for batch in self.linted for p in batch)


def check(root: Path, mode: str = "all", files: list[str] | None = None) -> Report:
    return engine.run(root, engine.select(root, mode, files=files))


def shown(report: Report) -> list[tuple[object, ...]]:
    """What a report says, finding by finding, in its order."""
    return [
        (f.path, f.line, f.column, f.rule, f.level.value, f.message, f.fingerprint, f.baselined)
        for f in report.findings
    ] + [("baselined", report.baselined, tuple(report.stale), tuple(report.tool_notes))]


def without_cache(root: Path, monkeypatch: pytest.MonkeyPatch) -> Report:
    with monkeypatch.context() as m:
        m.setenv("STANDARDS_NO_CACHE", "1")
        return check(root)


def python_files(root: Path) -> list[str]:
    return sorted(p for p in git(root, "ls-files", "*.py").stdout.split())


def test_a_second_run_gives_the_same_report_without_linting(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spy = Spy(monkeypatch)
    first = check(repo)
    assert spy.files == python_files(repo) and spy.rules == 1
    assert any(f.rule == "ruff:N802" and f.path == "pkg/billing.py" for f in first.findings)
    assert not any(f.path == "pkg/notes.py" and f.rule == "ruff:N802" for f in first.findings)  # suppressed
    spy.reset()
    second = check(repo)
    assert spy.linted == [] and spy.rules == 0
    assert shown(second) == shown(first) == shown(without_cache(repo, monkeypatch))


def test_the_cli_prints_the_same_report_twice(repo: Path) -> None:
    env = {"XDG_CACHE_HOME": str(repo.parent / "user-cache"), "CI": "false"}
    first = standards(repo, "check", "--all", "--format", "json", extra_env=env)
    second = standards(repo, "check", "--all", "--format", "json", extra_env=env)
    assert first.returncode == second.returncode in (0, 1), first.stdout + first.stderr
    assert second.stdout == first.stdout and json.loads(first.stdout)["findings"]
    assert sorted(p.name for p in (repo / cache.DIRECTORY).iterdir()) == [
        ".gitignore",
        "ruff.json",
        "standards-rules.json",
    ]
    assert git(repo, "status", "--porcelain", "--", cache.DIRECTORY).stdout == ""  # git-ignored


def test_a_changed_file_is_linted_again_alone(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spy = Spy(monkeypatch)
    check(repo)
    spy.reset()
    write(repo, {"pkg/mod_2.py": (repo / "pkg/mod_2.py").read_text() + "\n\ndef addLine(x):\n    return x\n"})
    changed = check(repo)
    assert spy.files == ["pkg/mod_2.py"] and spy.rules == 1  # our rules judge the whole tree again
    assert any(f.path == "pkg/mod_2.py" and f.rule == "ruff:N802" for f in changed.findings)
    assert shown(changed) == shown(without_cache(repo, monkeypatch))


def test_files_mode_reuses_the_linters_findings(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spy = Spy(monkeypatch)
    first = check(repo, "files", [str(repo / "pkg/billing.py")])
    spy.reset()
    second = check(repo, "files", [str(repo / "pkg/billing.py")])
    assert spy.linted == [] and spy.rules == 1  # our rules are not cached outside --all
    assert shown(second) == shown(first)


def _append(root: Path, rel: str, text: str) -> None:
    (root / rel).write_text((root / rel).read_text() + text)


@pytest.mark.parametrize("change", ["standards.toml", "pyproject.toml", "version"])
def test_configuration_and_version_start_afresh(repo: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    spy = Spy(monkeypatch)
    check(repo)
    spy.reset()
    if change == "version":
        monkeypatch.setattr(cache, "__version__", "999.0")
    else:
        _append(repo, change, "\n# reviewed by the team\n")  # the project's ruff settings live in pyproject.toml
    again = check(repo)
    assert spy.files == python_files(repo) and spy.rules == 1
    assert shown(again) == shown(without_cache(repo, monkeypatch))


def test_the_baseline_applies_to_cached_findings(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spy = Spy(monkeypatch)
    check(repo)
    recorded = standards(repo, "baseline", extra_env={"STANDARDS_NO_CACHE": "1", "CI": "false"})
    assert recorded.returncode == 0, recorded.stdout + recorded.stderr
    spy.reset()
    after = check(repo)
    assert spy.linted == []  # no source file changed
    assert after.baselined > 0 and not any(f.rule == "ruff:N802" for f in after.findings)
    assert shown(after) == shown(without_cache(repo, monkeypatch))


def _forge(root: Path) -> None:
    """A cache file saying "no findings", signed with a key that is not this user's."""
    path = root / cache.DIRECTORY / "ruff.json"
    _mac, _, body = path.read_text().partition("\n")
    data = json.loads(body)
    data["files"] = {p: [entry[0], []] for p, entry in data["files"].items()}
    path.write_text("0" * 64 + "\n" + json.dumps(data))


def _garble(root: Path) -> None:
    """A signature line that is not even hexadecimal."""
    path = root / cache.DIRECTORY / "ruff.json"
    path.write_bytes("é→\n{}".encode() + path.read_bytes())


def _track(root: Path) -> None:
    git(root, "add", "-f", f"{cache.DIRECTORY}/ruff.json")


@pytest.mark.parametrize("plant", [_forge, _garble, _track, None], ids=["forged", "garbled", "tracked", "ci"])
def test_a_planted_cache_is_not_read(
    repo: Path, monkeypatch: pytest.MonkeyPatch, plant: Callable[[Path], None] | None
) -> None:
    spy = Spy(monkeypatch)
    check(repo)
    if plant is None:
        monkeypatch.setenv("CI", "true")
    else:
        plant(repo)
    before = (repo / cache.DIRECTORY / "ruff.json").read_bytes()
    spy.reset()
    again = check(repo)
    assert spy.files == python_files(repo)
    assert spy.rules == (0 if plant in (_forge, _garble) else 1)  # the forged file is refused, or the whole cache
    assert any(f.rule == "ruff:N802" and f.path == "pkg/billing.py" for f in again.findings)
    if plant in (_track, None):  # refused outright: not even rewritten
        assert (repo / cache.DIRECTORY / "ruff.json").read_bytes() == before


def test_a_symlinked_cache_directory_is_not_written_through(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (repo / ".standards").mkdir(exist_ok=True)
    (repo / cache.DIRECTORY).symlink_to(outside, target_is_directory=True)
    spy = Spy(monkeypatch)
    first = check(repo)
    second = check(repo)
    assert list(outside.iterdir()) == []
    assert len(spy.linted) == 2 and shown(first) == shown(second)


def test_a_symlinked_cache_file_is_not_read(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spy = Spy(monkeypatch)
    check(repo)
    target = tmp_path / "planted.json"
    shutil.move(repo / cache.DIRECTORY / "ruff.json", target)
    (repo / cache.DIRECTORY / "ruff.json").symlink_to(target)
    spy.reset()
    check(repo)
    assert spy.files == python_files(repo)


def test_conventions_not_yet_written_are_never_cached(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`init`/`update`/`baseline` pass the conventions they are about to write: the cache, keyed
    by standards.toml as the file holds it, must not answer for them."""
    spy = Spy(monkeypatch)
    written = {f.rule: f.level for f in check(repo).findings if f.path == "pkg/billing.py"}
    standards_now = engine.load_standards(repo)
    naming = standards_now.conventions["py.naming.function"]
    naming.level = Level.INFO if written["ruff:N802"] is Level.ERROR else Level.ERROR
    spy.reset()
    report = engine.run(repo, engine.select(repo, "all"), standards=standards_now)
    assert spy.files == python_files(repo)
    assert {f.level for f in report.findings if f.rule == "ruff:N802"} != {written["ruff:N802"]}
    spy.reset()
    again = {f.rule: f.level for f in check(repo).findings if f.path == "pkg/billing.py"}
    assert again == written and spy.linted == []


def test_a_deleted_file_leaves_the_cache(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spy = Spy(monkeypatch)
    check(repo)
    git(repo, "rm", "-q", "pkg/mod_5.py")
    spy.reset()
    after = check(repo)
    assert spy.linted == [] and spy.rules == 1  # the other files are unchanged; the tree our rules see is not
    body = (repo / cache.DIRECTORY / "ruff.json").read_text().partition("\n")[2]
    assert "pkg/mod_5.py" not in json.loads(body)["files"] and "pkg/mod_4.py" in json.loads(body)["files"]
    assert shown(after) == shown(without_cache(repo, monkeypatch))
