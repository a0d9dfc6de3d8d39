"""The whole loop on a fixture repository with real git and real pre-commit:
init writes everything, check passes on the unchanged tree, a staged deviation is
refused with a fix, a clean copy passes, a second init changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests._repo import git, standards, style_repo, write


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    return style_repo(tmp_path / "repo")


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def test_init_writes_everything_and_check_passes(repo: Path, tmp_path: Path) -> None:
    out = standards(repo, "init", extra_env={"PRE_COMMIT_HOME": str(tmp_path / "pch")})
    assert out.returncode == 0, out.stderr
    for rel in (
        "standards.toml",
        "playbook.md",
        "pyproject.toml",
        ".pre-commit-config.yaml",
        ".standards/baseline.json",
        "AGENTS.md",
    ):
        assert (repo / rel).is_file(), rel
    pyproject = (repo / "pyproject.toml").read_text()
    assert "[tool.ruff" in pyproject and "N802" in pyproject
    assert '[project]\nname = "pkg"' in pyproject  # the user's content is kept
    assert (repo / ".git/hooks/pre-commit").is_file()
    check = standards(repo, "check", "--all")
    assert check.returncode == 0, check.stdout + check.stderr
    playbook = (repo / "playbook.md").read_text()
    assert "## Style (the hook enforces it)" in playbook and "snake_case" in playbook
    assert str(repo) not in playbook and str(repo) not in (repo / "standards.toml").read_text()


def test_second_init_changes_nothing(repo: Path, tmp_path: Path) -> None:
    env = {"PRE_COMMIT_HOME": str(tmp_path / "pch")}
    assert standards(repo, "init", extra_env=env).returncode == 0
    before = snapshot(repo)
    again = standards(repo, "init", extra_env=env)
    assert again.returncode == 0, again.stderr
    assert snapshot(repo) == before
    assert "already up to date" in again.stdout


def test_dry_run_writes_nothing_and_prints_diff(repo: Path) -> None:
    before = snapshot(repo)
    out = standards(repo, "init", "--dry-run")
    assert out.returncode == 0, out.stderr
    assert "+++ b/standards.toml" in out.stdout and "+++ b/playbook.md" in out.stdout
    assert snapshot(repo) == before


def test_hook_refuses_deviation_and_accepts_clean_copy(repo: Path, tmp_path: Path) -> None:
    env = {"PRE_COMMIT_HOME": str(tmp_path / "pch")}
    assert standards(repo, "init", extra_env=env).returncode == 0
    git(repo, "add", "-A")
    assert git(repo, "commit", "-q", "-m", "Adopt standards", extra_env=env, check=False).returncode == 0
    write(repo, {"pkg/billing.py": "def chargeInvoice(order):\n    return order\n"})
    git(repo, "add", "pkg/billing.py")
    refused = git(repo, "commit", "-q", "-m", "Add billing", extra_env=env, check=False)
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "ruff:N802" in output and "charge_invoice" in output and "playbook.md#py-naming-function" in output
    git(repo, "reset", "-q", "HEAD", "pkg/billing.py")
    (repo / "pkg/billing.py").unlink()
    write(repo, {"pkg/mod_copy.py": (repo / "pkg/mod_3.py").read_text()})
    git(repo, "add", "pkg/mod_copy.py")
    accepted = git(repo, "commit", "-q", "-m", "Add a copy", extra_env=env, check=False)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_no_verify_commit_is_caught_by_ci_command(repo: Path, tmp_path: Path) -> None:
    env = {"PRE_COMMIT_HOME": str(tmp_path / "pch")}
    assert standards(repo, "init", extra_env=env).returncode == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Adopt standards", "--no-verify")
    write(repo, {"pkg/mod_2.py": (repo / "pkg/mod_2.py").read_text() + "\n\ndef badName():\n    return 1\n"})
    git(repo, "commit", "-q", "-am", "Sneak it in", "--no-verify")
    out = standards(repo, "check", "--diff", "HEAD~1")
    assert out.returncode == 1, out.stdout
    assert "badName" in out.stdout
    data = json.loads(standards(repo, "check", "--diff", "HEAD~1", "--format", "json").stdout)
    rules = {f["rule"] for f in data["findings"]}
    assert "ruff:N802" in rules and all(f["path"] == "pkg/mod_2.py" for f in data["findings"])


def test_pyproject_comments_survive_init(tmp_path: Path) -> None:
    root = style_repo(tmp_path / "repo")
    text = '# keep me\n[project]\nname = "pkg"  # inline too\nversion = "1.0"\n\n[tool.ruff]\n# my width\nline-length = 100\n'
    write(root, {"pyproject.toml": text})
    git(root, "commit", "-qam", "Configure ruff")
    out = standards(root, "init", "--no-hooks")
    assert out.returncode == 0, out.stderr
    new = (root / "pyproject.toml").read_text()
    assert new.startswith("# keep me\n") and "# inline too" in new and "# my width" in new
    assert "line-length = 100" in new  # the user's explicit setting wins
    conv = (root / "standards.toml").read_text()
    assert 'explicit_in = "pyproject.toml"' in conv


def test_broken_standards_toml_exits_2_naming_file_and_line(repo: Path) -> None:
    write(repo, {"standards.toml": "[standards]\nversion = 1\n[conventions\n"})
    out = standards(repo, "check", "--all")
    assert out.returncode == 2
    assert "standards.toml:3" in out.stderr and "Traceback" not in out.stderr


def test_agent_fixes_refused_commit_and_commits(repo: Path, tmp_path: Path) -> None:
    env = {"PRE_COMMIT_HOME": str(tmp_path / "pch")}
    assert standards(repo, "init", extra_env=env).returncode == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Adopt standards", extra_env=env)
    write(
        repo,
        {"pkg/refunds.py": '"""Refunds."""\n\n\ndef refundOrder(order):\n    """Refund it."""\n    return order\n'},
    )
    git(repo, "add", "pkg/refunds.py")
    refused = git(repo, "commit", "-q", "-m", "Add refunds", extra_env=env, check=False)
    assert refused.returncode != 0 and "rename `refundOrder` to `refund_order`" in refused.stdout + refused.stderr
    write(
        repo,
        {"pkg/refunds.py": '"""Refunds."""\n\n\ndef refund_order(order):\n    """Refund it."""\n    return order\n'},
    )
    git(repo, "add", "pkg/refunds.py")
    fixed = git(repo, "commit", "-q", "-m", "Add refunds", extra_env=env, check=False)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr


def test_baseline_shrinks_when_debt_is_fixed_and_ratchet_says_so(tmp_path: Path) -> None:
    root = style_repo(tmp_path / "repo")
    write(root, {"pkg/legacy.py": '"""Legacy."""\n\n\ndef oldName():\n    """Old."""\n    return 1\n'})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Add legacy code")
    assert standards(root, "init", "--no-hooks").returncode == 0
    entries = json.loads((root / ".standards/baseline.json").read_text())["entries"]
    assert any(e["path"] == "pkg/legacy.py" and e["rule"] == "ruff:N802" for e in entries)
    write(root, {"pkg/legacy.py": '"""Legacy."""\n\nVALUE = 1\n\n\ndef oldName():\n    """Old."""\n    return 1\n'})
    assert standards(root, "check", "--all", extra_env={"CI": "false"}).returncode == 0  # moved lines stay baselined
    write(root, {"pkg/legacy.py": '"""Legacy."""\n\n\ndef old_name():\n    """Old."""\n    return 1\n'})
    ci = standards(root, "check", "--all", extra_env={"CI": "true"})
    assert ci.returncode == 1 and "standards baseline" in ci.stdout
    assert standards(root, "check", "--all", extra_env={"CI": "false"}).returncode == 0  # locally the ratchet is off
    assert standards(root, "baseline").returncode == 0
    after = json.loads((root / ".standards/baseline.json").read_text())["entries"]
    assert len(after) == len(entries) - 1
    assert standards(root, "check", "--all", extra_env={"CI": "true"}).returncode == 0


def test_debt_elsewhere_in_a_touched_file_is_not_called_fixed(tmp_path: Path) -> None:
    root = style_repo(tmp_path / "repo")
    write(root, {"pkg/legacy.py": '"""Legacy."""\n\n\ndef oldName():\n    """Old."""\n    return 1\n'})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Add legacy code")
    assert standards(root, "init", "--no-hooks").returncode == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Adopt standards")
    write(
        root,
        {"pkg/legacy.py": (root / "pkg/legacy.py").read_text() + '\n\ndef newer():\n    """New."""\n    return 2\n'},
    )
    git(root, "add", "pkg/legacy.py")
    out = standards(root, "check", "--staged")
    assert out.returncode == 0, out.stdout
    assert "fixed" not in out.stdout
