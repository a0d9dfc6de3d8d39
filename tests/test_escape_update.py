"""Issue 14, route 1: `standards update` after a violating commit must not turn the
violation into truth: no baseline growth, no lowered level, and the drift is listed as
violations to fix. Every test starts from an adopted repository and a commit made with
--no-verify, and ends with `standards check --diff <adoption commit>`."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from standards import adopt, pipeline, standards_file
from standards.model import Level
from tests._escape import heads
from tests._repo import git, standards, style_repo, write

CAMEL_MODULE = '"""Billing {i}."""\n\n\ndef chargeInvoice{i}(order):\n    """Charge."""\n    return order\n\n\n' + (
    'def refundInvoice{i}(order):\n    """Refund."""\n    return order\n'
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = style_repo(tmp_path_factory.mktemp("template") / "repo")
    out = standards(root, "init", "--no-hooks")
    assert out.returncode == 0, out.stdout + out.stderr
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Adopt standards")
    return root


def adopted(template: Path, tmp_path: Path) -> tuple[Path, str]:
    """A copy of the adopted repository and its adoption commit."""
    root = tmp_path / "repo"
    shutil.copytree(template, root, symlinks=True)
    return root, git(root, "rev-parse", "HEAD").stdout.strip()


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", message)


def violate(root: Path, modules: int = 8) -> None:
    """Commit camelCase functions, which the hook refuses, skipping it."""
    write(root, {f"pkg/bill_{i}.py": CAMEL_MODULE.format(i=i) for i in range(modules)})
    commit(root, "Add billing")


def level(root: Path, cid: str) -> str:
    return tomllib.loads((root / "standards.toml").read_text())["conventions"][cid]["level"]


def test_the_fixture_would_weaken_the_convention(template: Path, tmp_path: Path) -> None:
    """Without the rule, inference on the violating tree lowers py.naming.function."""
    root, _ = adopted(template, tmp_path)
    violate(root)
    fresh = pipeline.build(pipeline.analyze(root), None)
    assert fresh.conventions["py.naming.function"].level.rank > Level.ERROR.rank


def test_update_keeps_level_and_baseline_and_reports_the_drift(template: Path, tmp_path: Path) -> None:
    root, adoption = adopted(template, tmp_path)
    violate(root)
    baseline_before = (root / ".standards/baseline.json").read_bytes()
    out = standards(root, "update")
    assert out.returncode == 1, out.stdout + out.stderr
    assert "committed since adoption" in out.stdout and "pkg/bill_0.py" in out.stdout
    assert "kept as they were" in out.stdout and "py.naming.function" in out.stdout
    assert "weakened: py.naming.function" not in out.stdout
    assert level(root, "py.naming.function") == "error"
    assert (root / ".standards/baseline.json").read_bytes() == baseline_before
    assert '"N802"' in (root / "pyproject.toml").read_text()  # the generated ruff config keeps the code
    commit(root, "Update standards")
    check = standards(root, "check", "--diff", adoption)
    assert check.returncode == 1, check.stdout
    assert "ruff:N802" in check.stdout and "chargeInvoice0" in check.stdout


def test_update_dry_run_reports_the_same_drift_and_writes_nothing(template: Path, tmp_path: Path) -> None:
    root, _ = adopted(template, tmp_path)
    violate(root, modules=1)
    before = (root / "standards.toml").read_bytes()
    out = standards(root, "update", "--dry-run")
    assert out.returncode == 1 and "pkg/bill_0.py:4  ruff:N802" in heads(out.stdout)
    assert (root / "standards.toml").read_bytes() == before


def test_update_without_drift_exits_0(template: Path, tmp_path: Path) -> None:
    root, _ = adopted(template, tmp_path)
    out = standards(root, "update")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "committed since adoption" not in out.stdout


def test_update_records_debt_only_for_conventions_it_adds_or_tightens(template: Path, tmp_path: Path) -> None:
    """In-process: the previous standards lack py.naming.function (so this run adds it) and
    the violations of other conventions are drift, left out of the baseline."""
    root, _ = adopted(template, tmp_path)
    violate(root, modules=1)
    write(root, {"pkg/printing.py": '"""Printing."""\n\n\ndef show(value):\n    """Show."""\n    print(value)\n'})
    commit(root, "Add printing")
    now = standards_file.load(root)
    assert now is not None and now.get("py.logging.no_print") is not None
    previous = standards_file.load(root)
    assert previous is not None
    del previous.conventions["py.naming.function"]
    notes: list[str] = []
    text, count = adopt.baseline_text(root, now, previous=previous, notes=notes)
    adopted_entries = json.loads((root / ".standards/baseline.json").read_text())["entries"]
    entries = json.loads(text)["entries"]
    assert count == len(entries) == len(adopted_entries) + 2
    added = [e for e in entries if e not in adopted_entries]
    assert any(f.rule == "ruff:T201" for f in adopt.current_violations(root, now))
    assert {e["rule"] for e in added} == {"ruff:N802"}  # the print in pkg/printing.py is drift, not debt
    assert all(e["convention"] == "py.naming.function" and "is new at level error" in e["reason"] for e in added)
    assert notes == [
        "baseline: 2 existing violations of py.naming.function recorded "
        "(recorded by `standards update`: py.naming.function is new at level error)"
    ]


def test_tightened_convention_is_named_in_the_reason(template: Path, tmp_path: Path) -> None:
    root, _ = adopted(template, tmp_path)
    now = standards_file.load(root)
    previous = standards_file.load(root)
    assert now is not None and previous is not None
    previous.conventions["py.naming.function"].level = Level.WARN
    reasons = adopt.added_or_tightened(previous, now)
    assert reasons == {
        "py.naming.function": "recorded by `standards update`: py.naming.function tightened warn → error"
    }
