"""PR-level rules over a real git history built in tmp_path."""

from __future__ import annotations

from pathlib import Path

from standards import gitutil, pipeline
from standards.rules import (
    CheckContext,
    large_change,
    lockfile_with_manifest,
    migration_with_model,
)
from tests._repo import git, write

ANALYZERS = {"web_change_history"}


def history_repo(root: Path) -> Path:
    """40 small commits; every migration lands with db/schema.rb, every lockfile with package.json."""
    git(root, "init", "-q", "-b", "main")
    for i in range(40):
        files = {f"app/lib/part_{i}.rb": "".join(f"x{j} = {j}\n" for j in range(10 + i))}
        if i % 4 == 0:
            files[f"db/migrate/2024010100{i:04d}_step.rb"] = "class Step < ActiveRecord::Migration[7.1]\nend\n"
            files["db/schema.rb"] = f"# version {i}\n"
        if i % 5 == 0:
            files["package.json"] = f'{{"dependencies": {{"a": "1.{i}.0"}}}}\n'
            files["package-lock.json"] = f'{{"a": "1.{i}.0"}}\n' * 500
        write(root, files)
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"step {i}")
    return root


def check(root: Path, rule, files: dict[str, str]) -> list:
    write(root, files)
    git(root, "add", "-A")
    analysis = pipeline.analyze(root, only=ANALYZERS)
    standards = pipeline.build(analysis, None)
    diff = gitutil.diff_lines(root, "--cached")
    ctx = CheckContext(root, standards, sorted(diff.lines), analysis.ctx, diff=diff, mode="staged")
    return list(rule.RULE.check(ctx))


def test_conventions_follow_history(tmp_path: Path) -> None:
    history_repo(tmp_path)
    standards = pipeline.build(pipeline.analyze(tmp_path, only=ANALYZERS), None)
    size = standards.get("change.size")
    assert size is not None and size.params["limit"] == 200  # lockfiles (500 lines) never count
    assert standards.get("change.migration_with_model").support == (10, 10)
    assert standards.get("change.lockfile_with_manifest").level.value == "warn"
    assert standards.get("change.model_with_migration").support == (10, 10)


def test_large_change_is_reported_and_lockfile_lines_are_not_counted(
    tmp_path: Path,
) -> None:
    history_repo(tmp_path)
    assert (
        check(
            tmp_path,
            large_change,
            {"package-lock.json": "{}\n" * 5000, "package.json": "{}\n"},
        )
        == []
    )
    findings = check(tmp_path, large_change, {"app/lib/big.rb": "y = 1\n" * 900})
    assert len(findings) == 1 and "adds 901 lines in 2 files" in findings[0].message  # + package.json, not its lockfile


def test_migration_without_schema_change(tmp_path: Path) -> None:
    history_repo(tmp_path)
    migration = {"db/migrate/20250101000000_add.rb": "class Add < ActiveRecord::Migration[7.1]\nend\n"}
    findings = check(tmp_path, migration_with_model, migration)
    assert [f.path for f in findings] == ["db/migrate/20250101000000_add.rb"]
    git(tmp_path, "commit", "-q", "-m", "add")
    findings = check(tmp_path, migration_with_model, {"db/schema.rb": "# version 99\n"})
    assert "a model change without a migration" in findings[0].message


def test_migration_with_schema_change_passes(tmp_path: Path) -> None:
    history_repo(tmp_path)
    files = {
        "db/migrate/20250101000000_add.rb": "class Add\nend\n",
        "db/schema.rb": "# version 100\n",
    }
    assert check(tmp_path, migration_with_model, files) == []


def test_lockfile_without_manifest(tmp_path: Path) -> None:
    history_repo(tmp_path)
    findings = check(tmp_path, lockfile_with_manifest, {"package-lock.json": '{"a": "2.0.0"}\n'})
    assert [f.path for f in findings] == ["package-lock.json"]
    both = {
        "package-lock.json": '{"a": "3.0.0"}\n',
        "package.json": '{"dependencies": {"a": "3.0.0"}}\n',
    }
    assert check(tmp_path, lockfile_with_manifest, both) == []


def test_no_history_no_rule(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    write(tmp_path, {"a.py": "x = 1\n"})
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "one")
    assert check(tmp_path, large_change, {"b.py": "y = 1\n" * 5000}) == []
