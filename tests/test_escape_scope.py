"""Issue 14, routes 6, 7 and 9: a finding is new when the base version of its file did not
have it, wherever it lands in a touched file; the pre-commit hook checks the files pre-commit
passes (all of them with --all-files); `check --staged` judges the staged content, by hand
exactly as in the hook."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests._escape import adopted, append, head, heads, sneak
from tests._repo import env, git, standards, write

DOCSTRING = '    """Sum the values times a factor."""\n'
BAD = '\n\ndef badName():\n    """Bad."""\n    return 1\n'


def without_docstring(root: Path) -> dict[str, str]:
    text = (root / "pkg/mod_3.py").read_text()
    assert DOCSTRING in text
    return {"pkg/mod_3.py": text.replace(DOCSTRING, "", 1)}


# --- route 6: new compared to the base ----------------------------------------------------


def test_deleting_a_docstring_is_new_though_the_def_line_is_untouched(tmp_path: Path) -> None:
    root, _, adoption = adopted(tmp_path)
    write(root, without_docstring(root))
    git(root, "add", "-A")
    staged = standards(root, "check", "--staged")
    assert staged.returncode == 1, staged.stdout
    assert "pkg/mod_3.py:10  ruff:D103  error" in heads(staged.stdout)
    git(root, "commit", "-q", "-m", "Trim docs", "--no-verify")
    out = standards(root, "check", "--diff", adoption)
    assert out.returncode == 1, out.stdout
    assert "pkg/mod_3.py:10  ruff:D103  error" in heads(out.stdout)


def test_older_unbaselined_findings_in_a_touched_file_are_warnings(tmp_path: Path) -> None:
    root, _, _ = adopted(tmp_path)
    sneak(root, append(root, "pkg/mod_2.py", BAD), "Debt that skipped the hook")
    base = head(root)
    sneak(root, append(root, "pkg/mod_2.py", "\n\nLIMIT = 3\n"), "Touch the file elsewhere")
    out = standards(root, "check", "--diff", base)
    assert out.returncode == 0, out.stdout
    shown = heads(out.stdout)
    assert "ruff:N802  warning" in shown and "already in this file before the change" in shown


def test_a_renamed_file_keeps_its_older_findings_old(tmp_path: Path) -> None:
    root, _, _ = adopted(tmp_path)
    sneak(root, append(root, "pkg/mod_2.py", BAD), "Debt that skipped the hook")
    base = head(root)
    git(root, "mv", "pkg/mod_2.py", "pkg/mod_two.py")
    git(root, "commit", "-q", "-m", "Rename", "--no-verify")
    out = standards(root, "check", "--diff", base)
    assert out.returncode == 0, out.stdout
    assert "pkg/mod_two.py" in out.stdout and "already in this file" in out.stdout


# --- route 9: --staged judges what is staged --------------------------------------------


def test_check_staged_judges_the_index_by_hand_as_in_the_hook(tmp_path: Path) -> None:
    root, env_, adoption = adopted(tmp_path)
    clean = (root / "pkg/mod_2.py").read_text()
    write(root, {"pkg/mod_2.py": clean + BAD})
    git(root, "add", "pkg/mod_2.py")
    write(root, {"pkg/mod_2.py": clean})  # the violation is staged, the work tree is clean
    by_hand = standards(root, "check", "--staged")
    assert by_hand.returncode == 1 and "badName" in by_hand.stdout, by_hand.stdout
    hook = git(root, "commit", "-q", "-m", "Add a name", extra_env=env_, check=False)
    assert hook.returncode != 0 and "badName" in hook.stdout + hook.stderr
    assert (root / "pkg/mod_2.py").read_text() == clean  # pre-commit put the work tree back
    git(root, "commit", "-q", "-m", "Add a name", "--no-verify")
    git(root, "checkout", "--", "pkg/mod_2.py")  # CI's work tree is the commit
    ci = standards(root, "check", "--diff", adoption)
    assert ci.returncode == 1 and "badName" in ci.stdout, ci.stdout


def test_a_violation_only_in_the_work_tree_does_not_block_either_way(tmp_path: Path) -> None:
    root, env_, _ = adopted(tmp_path)
    clean = (root / "pkg/mod_2.py").read_text()
    write(root, {"pkg/mod_2.py": clean + "\n\nLIMIT = 3\n"})
    git(root, "add", "pkg/mod_2.py")
    write(root, {"pkg/mod_2.py": clean + "\n\nLIMIT = 3\n" + BAD})  # unstaged: not part of the commit
    by_hand = standards(root, "check", "--staged")
    assert by_hand.returncode == 0, by_hand.stdout
    hook = git(root, "commit", "-q", "-m", "Add a limit", extra_env=env_, check=False)
    assert hook.returncode == 0, hook.stdout + hook.stderr
    assert "badName" in (root / "pkg/mod_2.py").read_text()


# --- route 7: the hook honours pre-commit's file list -------------------------------------


def pre_commit(root: Path, *args: str, extra: dict[str, str]) -> subprocess.CompletedProcess:
    exe = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    assert exe is not None
    return subprocess.run([exe, *args], cwd=root, capture_output=True, text=True, env=env(extra), timeout=300)


def test_pre_commit_all_files_fails_when_check_all_fails(tmp_path: Path) -> None:
    root, env_, adoption = adopted(tmp_path)
    passed = pre_commit(root, "run", "--all-files", extra=env_)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    sneak(root, append(root, "pkg/mod_2.py", BAD))
    assert standards(root, "check", "--all", extra_env=env_).returncode == 1
    assert standards(root, "check", "--diff", adoption).returncode == 1
    failed = pre_commit(root, "run", "--all-files", extra=env_)
    assert failed.returncode == 1, failed.stdout
    assert "Failed" in failed.stdout and "badName" in failed.stdout
    one = pre_commit(root, "run", "--files", "pkg/mod_2.py", extra=env_)
    assert one.returncode == 1 and "badName" in one.stdout
    other = pre_commit(root, "run", "--files", "pkg/mod_1.py", extra=env_)
    assert other.returncode == 0, other.stdout


def test_the_generated_hook_passes_the_file_list() -> None:
    from standards.emitters import precommit

    assert precommit.CHECK_HOOK["pass_filenames"] is True
    assert precommit.CHECK_HOOK["entry"] == "standards check --staged"


@pytest.mark.parametrize("staged", [True, False])
def test_staged_with_files_checks_unstaged_files_in_full(tmp_path: Path, staged: bool) -> None:
    root, _, _ = adopted(tmp_path)
    sneak(root, append(root, "pkg/mod_2.py", BAD))  # committed debt, not baselined
    write(root, append(root, "pkg/mod_1.py", "\n\nLIMIT = 3\n"))
    if staged:
        git(root, "add", "pkg/mod_1.py")
    out = standards(root, "check", "--staged", "pkg/mod_1.py", "pkg/mod_2.py")
    assert out.returncode == 1, out.stdout  # mod_2.py is not in the change: checked in full
    assert "pkg/mod_2.py" in out.stdout and "badName" in out.stdout
    assert "pkg/mod_1.py" not in out.stdout


def test_the_hook_file_list_may_name_a_symlink_leading_out(tmp_path: Path) -> None:
    root, _, _ = adopted(tmp_path)
    (root / "outside.py").symlink_to("/etc/hostname")
    git(root, "add", "outside.py")
    out = standards(root, "check", "--staged", "outside.py", "pkg/mod_1.py")
    assert out.returncode == 0, out.stdout + out.stderr
    shown = heads(out.stdout)
    assert "outside.py:1  standards:skipped-file  warning" in shown and "symlinks" in shown
    assert "Traceback" not in out.stderr


def test_a_file_that_no_longer_parses_is_refused(tmp_path: Path) -> None:
    """A syntax error hides every other finding in its file, so it blocks whatever the
    conventions say (ruff 0.17 reports it as `invalid-syntax`, without a code)."""
    root, _, adoption = adopted(tmp_path)
    text = (root / "pkg/mod_3.py").read_text()
    write(root, {"pkg/mod_3.py": text + "\ndef badName():\\n    return 1\n"})
    git(root, "add", "-A")
    staged = standards(root, "check", "--staged")
    assert staged.returncode == 1, staged.stdout
    assert "ruff:invalid-syntax  error" in heads(staged.stdout)
    git(root, "commit", "-q", "-m", "Break it", "--no-verify")
    out = standards(root, "check", "--diff", adoption)
    assert out.returncode == 1 and "invalid-syntax" in out.stdout, out.stdout
