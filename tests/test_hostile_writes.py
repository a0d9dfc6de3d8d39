"""Writes are atomic and all-or-nothing; --dry-run writes nothing; nothing outside the
repository is written except caches in the user's cache directory."""

from __future__ import annotations

import difflib
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import tomlkit
from _repo import env, git, make_repo, standards, style_repo, write
from ruamel.yaml import YAML

from standards import adopt, cli, fsutil
from standards.emitters import agents, precommit, rubocop
from standards.emitters.agents import BEGIN, END
from standards.errors import StandardsError

PYPROJECT = '[project]\nname = "pkg"\nversion = "1.0"\nrequires-python = ">=3.10"\n'


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under root except .git: content and mode."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            full = Path(dirpath, name)
            out[full.relative_to(root).as_posix()] = (full.read_bytes(), full.stat().st_mode)
    return out


def dirs(root: Path) -> set[str]:
    return {Path(d).relative_to(root).as_posix() for d, _, _ in os.walk(root) if ".git" not in Path(d).parts}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return style_repo(tmp_path / "r", modules=6)


def test_blocked_directory_fails_cleanly_and_writes_nothing(repo: Path) -> None:
    write(repo, {".github": "a file where init needs a directory\n"})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "A file named .github")
    before, before_dirs = snapshot(repo), dirs(repo)
    result = standards(repo, "init", "--no-hooks")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert ".github/workflows/standards.yml" in result.stderr and "no file was changed" in result.stderr
    assert snapshot(repo) == before  # no temporary file, no partial write
    assert dirs(repo) == before_dirs  # no directory left behind either


def test_failure_after_the_first_writes_restores_everything(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The baseline is measured after the configs are written; when that fails, the
    configs are restored (pyproject.toml to its old content, new files removed)."""
    before, before_dirs = snapshot(repo), dirs(repo)

    def boom(*args: object, **kwargs: object) -> None:
        raise StandardsError("ruff failed: simulated")

    monkeypatch.setattr(adopt, "baseline_text", boom)
    monkeypatch.chdir(repo)
    assert cli.main(["init", "--no-hooks"]) == 2
    assert snapshot(repo) == before
    assert dirs(repo) == before_dirs


def test_rename_failing_midway_restores_the_files_already_renamed(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(repo)
    real_replace = os.replace
    calls = []

    def flaky_replace(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(fsutil.os, "replace", flaky_replace)
    monkeypatch.chdir(repo)
    assert cli.main(["init", "--no-hooks"]) == 2
    assert len(calls) >= 3
    assert snapshot(repo) == before


def test_interrupt_restores(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(repo)

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(adopt, "baseline_text", interrupted)
    monkeypatch.chdir(repo)
    assert cli.main(["init", "--no-hooks"]) == 130
    assert "nothing half-written" in capsys.readouterr().err
    assert snapshot(repo) == before


def test_plan_apply_is_all_or_nothing(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("old\n")
    (tmp_path / "blocker").write_text("a file, not a directory\n")
    plan = fsutil.WritePlan(tmp_path)
    plan.add("keep.txt", "new\n")
    plan.add("fresh/deep/new.txt", "x\n")
    plan.add("blocker/inside.txt", "y\n")
    with pytest.raises(fsutil.WriteFailed, match="blocker/inside.txt"):
        plan.apply()
    assert (tmp_path / "keep.txt").read_text() == "old\n"
    assert not (tmp_path / "fresh").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker", "keep.txt"]


def test_new_files_get_the_usual_mode_and_existing_files_keep_theirs(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        (tmp_path / "script.sh").write_text("old\n")
        (tmp_path / "script.sh").chmod(0o750)
        plan = fsutil.WritePlan(tmp_path)
        plan.add("new.md", "x\n")
        plan.add("script.sh", "new\n")
        plan.add("hook", "#!/bin/sh\n", executable=True)
        plan.apply()
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "script.sh").stat().st_mode) == 0o750
    assert stat.S_IMODE((tmp_path / "hook").stat().st_mode) == 0o755


def test_dry_run_writes_nothing(repo: Path) -> None:
    write(repo, {"pyproject.toml": PYPROJECT + "\n[tool.ruff]\nline-length = 100\n"})
    git(repo, "commit", "-qam", "ruff settings")
    before, before_dirs = snapshot(repo), dirs(repo)
    result = standards(repo, "init", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "+++ b/standards.toml" in result.stdout
    assert snapshot(repo) == before and dirs(repo) == before_dirs
    assert not (repo / ".git/hooks/pre-commit").exists()
    init = standards(repo, "init", "--no-hooks")
    assert init.returncode == 0, init.stderr
    update = standards(repo, "update", "--dry-run")
    assert update.returncode == 0, update.stderr
    after_init = snapshot(repo)
    assert standards(repo, "init", "--dry-run").returncode == 0
    assert snapshot(repo) == after_init


def test_nothing_written_outside_the_repository(tmp_path: Path) -> None:
    """HOME, caches and the temporary directory are redirected into tmp_path; after init
    (with hooks) and check, nothing exists outside the repo but caches and git's config."""
    repo = style_repo(tmp_path / "work" / "r", modules=6)
    home, cache, tmp, pc_home = tmp_path / "home", tmp_path / "cache", tmp_path / "tmp", tmp_path / "cache/pre-commit"
    for d in (home, cache, tmp):
        d.mkdir(parents=True)
    env = {
        "HOME": str(home),
        "XDG_CACHE_HOME": str(cache),
        "TMPDIR": str(tmp),
        "PRE_COMMIT_HOME": str(pc_home),
        "XDG_CONFIG_HOME": str(home / ".config"),
    }
    init = standards(repo, "init", extra_env=env)
    assert init.returncode == 0, init.stderr
    assert "git hooks installed" in init.stdout
    git(repo, "add", "-A")
    commit = git(repo, "commit", "-qm", "Adopt", check=False, extra_env=env)
    assert commit.returncode == 0, commit.stdout + commit.stderr  # the hook ran and passed
    check = standards(repo, "check", extra_env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == ["r"]
    assert list(tmp.iterdir()) == []  # no temporary file left behind
    assert list(home.rglob("*")) == [], "nothing in HOME (caches go to XDG_CACHE_HOME)"
    generated = snapshot(repo)
    assert not any(".tmp" in p for p in generated)


def test_writes_never_go_through_a_symlink_leading_outside(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "pyproject.toml").write_text(PYPROJECT)
    (outside / "pre-commit.yaml").write_text("repos: []\n")
    (outside / "shared").mkdir()
    repo = style_repo(tmp_path / "r", modules=4)
    (repo / "pyproject.toml").unlink()
    (repo / "pyproject.toml").symlink_to(outside / "pyproject.toml")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Shared pyproject")
    before_outside = snapshot(outside)
    result = standards(repo, "init", "--no-hooks")
    assert result.returncode == 2
    assert result.stderr.startswith("standards: pyproject.toml") and "outside the repository" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(outside) == before_outside
    assert not (repo / "standards.toml").exists()

    # the same for .pre-commit-config.yaml, and for a directory we would write into
    (repo / "pyproject.toml").unlink()
    write(repo, {"pyproject.toml": PYPROJECT})
    (repo / ".pre-commit-config.yaml").symlink_to(outside / "pre-commit.yaml")
    result = standards(repo, "init", "--no-hooks")
    assert result.returncode == 2 and ".pre-commit-config.yaml" in result.stderr, result.stderr
    (repo / ".pre-commit-config.yaml").unlink()
    (repo / ".standards").symlink_to(outside / "shared", target_is_directory=True)
    result = standards(repo, "init", "--no-hooks")
    assert result.returncode == 2 and ".standards/" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(outside) == before_outside


# --- confinement: output paths from settings ---------------------------------------------

TIMEOUT = 120


def cli_run(root: Path, *args: str) -> subprocess.CompletedProcess:
    """The CLI as a subprocess, with a timeout: a hang is a failure, not a stuck suite."""
    return subprocess.run(
        [sys.executable, "-P", "-m", "standards", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env(),
        timeout=TIMEOUT,
    )


def adopted(tmp_path: Path) -> Path:
    """A repository after `standards init`, committed."""
    root = style_repo(tmp_path / "r", modules=4)
    first = cli_run(root, "init", "--no-hooks")
    assert first.returncode == 0, first.stderr
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Adopt standards")
    return root


def set_playbook(root: Path, value: str) -> None:
    path = root / "standards.toml"
    text = path.read_text()
    assert 'playbook = "playbook.md"' in text
    path.write_text(text.replace('playbook = "playbook.md"', f"playbook = {json.dumps(value)}"))


@pytest.mark.parametrize(
    "value",
    ["README.md", "src/app.py", "standards.toml", ".standards/baseline.json", ".git/config", "../outside.md", "ABS"],
)
def test_playbook_setting_cannot_point_at_a_file_standards_does_not_own(tmp_path: Path, value: str) -> None:
    root = adopted(tmp_path)
    write(root, {"README.md": "# The project\n\nHand-written.\n", "src/app.py": "print('app')\n"})
    (tmp_path / "outside.md").write_text("outside\n")
    if value == "ABS":
        value = str(tmp_path / "x.md")
    set_playbook(root, value)
    before, git_config = snapshot(root), (root / ".git/config").read_bytes()
    outside_before = sorted(p.name for p in tmp_path.iterdir())
    for command in (("update",), ("init", "--no-hooks")):
        result = cli_run(root, *command)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert "playbook" in result.stderr and value in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        assert snapshot(root) == before
        assert (root / ".git/config").read_bytes() == git_config
        assert sorted(p.name for p in tmp_path.iterdir()) == outside_before
        assert (tmp_path / "outside.md").read_text() == "outside\n"


def test_playbook_elsewhere_is_written_once_and_then_owned(tmp_path: Path) -> None:
    root = adopted(tmp_path)
    set_playbook(root, "docs/conventions.md")
    result = cli_run(root, "update")
    assert result.returncode == 0, result.stderr
    written = (root / "docs/conventions.md").read_text()
    assert written.startswith("# How code is written here\n<!-- Generated by `standards`")
    assert "[docs/conventions.md](docs/conventions.md)" in (root / "AGENTS.md").read_text()
    again = cli_run(root, "update")  # the generated header proves the file ours
    assert again.returncode == 0, again.stderr
    assert (root / "docs/conventions.md").read_text() == written


def test_playbook_through_a_symlinked_directory_leading_outside_is_refused(tmp_path: Path) -> None:
    root = adopted(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "docs").symlink_to(outside, target_is_directory=True)
    set_playbook(root, "docs/playbook.md")
    before = snapshot(root)
    result = cli_run(root, "update")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "docs/ is a symlink that leads outside the repository" in result.stderr
    assert list(outside.iterdir()) == []
    assert snapshot(root) == before


@pytest.mark.parametrize(
    ("rel", "reason"),
    [
        ("/etc/x.md", "relative"),
        ("../x.md", "outside"),
        ("a/../../x.md", "outside"),
        (".git/hooks/pre-commit", ".git/"),
        ("sub/.GIT/config", ".git/"),
        ("", "relative"),
    ],
)
def test_plan_refuses_paths_outside_the_repository_or_in_git(tmp_path: Path, rel: str, reason: str) -> None:
    plan = fsutil.WritePlan(tmp_path)
    with pytest.raises(fsutil.UnsafePath, match=re.escape(reason)):
        plan.add(rel, "x\n")
    assert plan.writes == []


def test_owned_check_is_central_in_the_plan(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("mine\n")
    (tmp_path / "ours.md").write_text("# t\n<!-- generated -->\nold\n")
    plan = fsutil.WritePlan(tmp_path)
    plan.add("ours.md", "# t\n<!-- generated -->\nnew\n", setting="out", marker="<!-- generated -->")
    plan.add("fresh.md", "new\n", setting="out", marker="<!-- generated -->")
    with pytest.raises(fsutil.UnsafePath, match="out = 'notes.md': notes.md exists and was not written by standards"):
        plan.add("notes.md", "x\n", setting="out", marker="<!-- generated -->")
    with pytest.raises(fsutil.UnsafePath, match="pyproject.toml is a file standards reads"):
        plan.add("pyproject.toml", "x\n", setting="out", marker="<!-- generated -->")
    plan.add("AGENTS.md.bak", "y\n")
    with pytest.raises(fsutil.UnsafePath, match="standards writes AGENTS.md.bak itself"):
        plan.add("AGENTS.md.bak", "z\n", setting="out", marker="<!-- generated -->")
    with pytest.raises(fsutil.UnsafePath, match="out = 'fresh.md': standards writes fresh.md itself"):
        plan.add("fresh.md", "other\n")  # a fixed output colliding with a configured one
    plan.apply()
    assert (tmp_path / "notes.md").read_text() == "mine\n"


def test_a_git_directory_reached_through_a_symlink_is_refused(tmp_path: Path) -> None:
    make = tmp_path / "r"
    root = style_repo(make, modules=1)
    (root / "meta").symlink_to(root / ".git", target_is_directory=True)
    plan = fsutil.WritePlan(root)
    with pytest.raises(fsutil.UnsafePath, match="leads into .git/"):
        plan.add("meta/config", "x\n")


# --- AGENTS.md markers ---------------------------------------------------------------------

SECTION_DOC = (
    "# Agents\n\n"
    f"The block between `{BEGIN}` and `{END}` below is generated; edit around it.\n"
    f"{BEGIN} quoted at the start of a sentence is prose, too.\n\n"
    "Keep this paragraph.\n\n"
    f"{BEGIN}\nold advice\n{END}\n\n"
    "## Testing\nrun make test\n"
)


def test_markers_quoted_in_prose_do_not_move_the_section(tmp_path: Path) -> None:
    root = adopted(tmp_path)
    (root / "AGENTS.md").write_text(SECTION_DOC)
    result = cli_run(root, "update")
    assert result.returncode == 0, result.stderr
    after = (root / "AGENTS.md").read_text()
    head = SECTION_DOC[: SECTION_DOC.index(f"{BEGIN}\nold")]
    assert after.startswith(head)  # every byte above the real section
    assert after.endswith(f"{END}\n\n## Testing\nrun make test\n")
    assert "old advice" not in after and "Keep this paragraph." in after


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (f"# A\n{BEGIN}\none\n{BEGIN}\ntwo\n{END}\n", "do not pair up"),
        (f"# A\n{END}\nx\n{BEGIN}\n", "comes before"),
        (f"# A\n{BEGIN}\nhalf a section\n", "do not pair up"),
        (f"# A\n{END}\n", "do not pair up"),
    ],
)
def test_ambiguous_markers_stop_update_and_name_the_file(tmp_path: Path, text: str, why: str) -> None:
    root = adopted(tmp_path)
    (root / "AGENTS.md").write_text(text)
    before = snapshot(root)
    result = cli_run(root, "update")
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("standards: AGENTS.md:") and why in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(root) == before


def test_markers_in_fenced_code_and_indented_code_are_text(tmp_path: Path) -> None:
    doc = f"# A\n\n```\n{BEGIN}\nexample\n{END}\n```\n\n    {BEGIN}\n\nend\n"
    updated = agents.with_section(doc, agents.section("playbook.md", "AGENTS.md"), "")
    assert updated.startswith(doc + "\n" + BEGIN)  # appended; the examples are untouched
    assert agents.find_section(updated) is not None


def test_appending_keeps_the_final_newline_state(tmp_path: Path) -> None:
    block = agents.section("playbook.md", "AGENTS.md")
    assert agents.with_section("text without newline", block, "") == "text without newline\n\n" + block
    assert agents.with_section("two\n\n\n", block, "") == "two\n\n\n" + block + "\n"
    again = agents.with_section("text without newline\n\n" + block, block, "")
    assert again == "text without newline\n\n" + block


# --- line endings, BOM, final newline --------------------------------------------------------

CRLF_PYPROJECT = PYPROJECT.replace("\n", "\r\n").encode()
CRLF_PRECOMMIT = (
    b"# hooks\r\nrepos:\r\n-   repo: https://github.com/psf/black   # formatter\r\n"
    b"    rev: 23.1.0\r\n    hooks:\r\n    -   id: black\r\n        args: ['--fast']    #  two spaces\r\n"
    b"\r\n# trailing comment\r\n"
)
CRLF_AGENTS = b"\xef\xbb\xbf# Agents\r\n\r\nUse tabs in Makefiles."  # BOM, CRLF, no final newline


def crlf_repo(tmp_path: Path) -> Path:
    root = style_repo(tmp_path / "r", modules=4)
    write(root, {"pyproject.toml": CRLF_PYPROJECT, ".pre-commit-config.yaml": CRLF_PRECOMMIT, "AGENTS.md": CRLF_AGENTS})
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Windows files")
    return root


def only_crlf(data: bytes) -> bool:
    return data.count(b"\n") == data.count(b"\r\n") > 0


def test_crlf_bom_and_final_newline_survive_init_and_update(tmp_path: Path) -> None:
    root = crlf_repo(tmp_path)
    result = cli_run(root, "init", "--no-hooks")
    assert result.returncode == 0, result.stderr
    pyproject = (root / "pyproject.toml").read_bytes()
    assert pyproject.startswith(CRLF_PYPROJECT) and only_crlf(pyproject)
    precommit = (root / ".pre-commit-config.yaml").read_bytes()
    assert only_crlf(precommit) and b"standards-check" in precommit
    kept = [line for line in precommit.split(b"\r\n") if b"standards" not in line]
    assert all(line in kept for line in CRLF_PRECOMMIT.split(b"\r\n"))  # every line of ours kept as written
    assert precommit.startswith(b"# hooks\r\ndefault_install_hook_types:")
    agents_md = (root / "AGENTS.md").read_bytes()
    assert agents_md.startswith(CRLF_AGENTS + b"\r\n\r\n" + BEGIN.encode()) and only_crlf(agents_md)
    assert agents_md.endswith(END.encode())  # it had no final newline; it still has none

    toml = (root / "standards.toml").read_bytes()
    (root / "standards.toml").write_bytes(toml.replace(b"\n", b"\r\n"))
    set_crlf = {rel: (root / rel).read_bytes() for rel in ("pyproject.toml", "AGENTS.md", "standards.toml")}
    update = cli_run(root, "update")
    assert update.returncode == 0, update.stderr
    for rel, data in set_crlf.items():
        assert (root / rel).read_bytes() == data, rel  # nothing to change: not even line endings

    edited = set_crlf["standards.toml"].replace(
        b'value = "py310"\r\nlevel = "warn"', b'value = "py310"\r\nlevel = "off"'
    )
    assert edited != set_crlf["standards.toml"]
    (root / "standards.toml").write_bytes(edited)
    update = cli_run(root, "update")
    assert update.returncode == 0, update.stderr
    toml = (root / "standards.toml").read_bytes()
    assert toml != edited and b'source = "manual"\r\n' in toml and only_crlf(toml)  # rewritten, still CRLF


def test_a_failed_run_restores_crlf_files_byte_for_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = crlf_repo(tmp_path)
    before = snapshot(root)

    def boom(*args: object, **kwargs: object) -> None:
        raise StandardsError("ruff failed: simulated")

    monkeypatch.setattr(adopt, "baseline_text", boom)
    monkeypatch.chdir(root)
    assert cli.main(["init", "--no-hooks"]) == 2
    assert snapshot(root) == before


def test_in_style_keeps_each_old_line_and_gives_new_lines_the_usual_ending() -> None:
    old = b"\xef\xbb\xbfa\r\nb\nc\r\nd\r\n"  # mixed: mostly CRLF, one LF line kept as it is
    text = fsutil.as_text("f", old)
    assert text == "a\nb\nc\nd\n"
    assert fsutil.in_style(text.replace("c\n", "c\nnew\n"), old) == b"\xef\xbb\xbfa\r\nb\nc\r\nnew\r\nd\r\n"
    assert fsutil.in_style("x\n", None) == b"x\n"
    assert fsutil.in_style("a\nb", b"a\nb") == b"a\nb"


# --- .pre-commit-config.yaml and .rubocop.yml: bytes outside our part ------------------------

ODD_PRECOMMIT = [
    "# top comment\nrepos:\n-   repo: https://github.com/psf/black   # formatter\n    rev: 23.1.0\n"
    "    hooks:\n    -   id: black\n        args: ['--fast']    #  two spaces\n\n# trailing comment\n",
    "default_install_hook_types: [pre-commit, post-checkout]\nrepos:\n    - repo: https://x\n      rev: 'v1'\n"
    '      hooks:\n          - id: a\nminimum_pre_commit_version: "2.0"\n',
    "repos: []   # none yet\n",
    "repos:\n- repo: https://x\n  rev: v1\n  hooks:\n  - id: a",
]


def only_insertions(old: str, new: str) -> bool:
    matcher = difflib.SequenceMatcher(None, old.splitlines(True), new.splitlines(True), autojunk=False)
    return all(tag in ("equal", "insert") for tag, *_ in matcher.get_opcodes())


@pytest.mark.parametrize("text", ODD_PRECOMMIT)
def test_pre_commit_merge_only_inserts_our_lines(text: str) -> None:
    one = precommit.merge(text, [dict(precommit.CHECK_HOOK)])
    both = precommit.merge(one, [dict(precommit.CHECK_HOOK), dict(precommit.COMMIT_MSG_HOOK)])
    if text.startswith("repos: []"):
        assert one.splitlines(True)[1:2] == ["repos:  # none yet\n"]  # the one line that must change
    else:  # a last line without a newline gains one, so that our lines can follow it
        assert only_insertions(text if text.endswith("\n") else text + "\n", one) and only_insertions(one, both)
    hooks = YAML(typ="safe").load(both)["repos"][-1]["hooks"]
    assert [h["id"] for h in hooks] == ["standards-check", "standards-commit-msg"]
    assert precommit.merge(both, [dict(precommit.CHECK_HOOK), dict(precommit.COMMIT_MSG_HOOK)]) == both
    back = precommit.merge(both, [dict(precommit.CHECK_HOOK)])
    assert back == one  # our lines only, removed again


def test_pre_commit_merge_keeps_a_persons_hooks_in_our_local_repo() -> None:
    text = (
        "repos:\n  - repo: local\n    hooks:\n      - id: mine   # keep\n        entry: make lint\n"
        "        language: system\n      - id: standards-check\n        entry: old\n"
    )
    merged = precommit.merge(text, [dict(precommit.CHECK_HOOK)])
    assert merged.startswith("default_install_hook_types: [pre-commit]\n" + text[: text.index("      - id: standards")])
    assert "entry: old" not in merged and "entry: standards check --staged" in merged


RUBOCOP_CASES = [
    ("# mine\nAllCops:\n    TargetRubyVersion: 3.1   # keep\n\nStyle/Foo:\n  Enabled: false\n", True),
    ("inherit_from:\n    - .rubocop_todo.yml   # todo\n    - other.yml\nY:   2\n", True),
    ("inherit_from: .rubocop_todo.yml  # todo\nAllCops:\n  NewCops: enable\n", False),
    ("inherit_from: ['a.yml', b.yml]\nX: 1\n", False),
]


@pytest.mark.parametrize(("text", "inserts"), RUBOCOP_CASES)
def test_rubocop_merge_keeps_the_persons_bytes(text: str, inserts: bool) -> None:
    merged = rubocop.with_inherit(text)
    assert merged is not None and rubocop.with_inherit(merged) is None
    if inserts:
        assert only_insertions(text, merged)
    else:  # the inherit_from line gains our file in front; every other line is untouched
        assert merged.splitlines()[1:] == text.splitlines()[1:]
    data = YAML(typ="safe").load(merged)
    inherit = data["inherit_from"]
    assert (inherit if isinstance(inherit, list) else [inherit])[0] == rubocop.GENERATED


def test_rubocop_merge_through_the_plan_keeps_crlf(tmp_path: Path) -> None:
    (tmp_path / ".rubocop.yml").write_bytes(b"AllCops:\r\n  NewCops: enable   # c\r\n")
    plan = fsutil.WritePlan(tmp_path)
    plan.add(".rubocop.yml", rubocop.with_inherit(plan.current(".rubocop.yml")))
    plan.apply()
    expected = b"inherit_from:\r\n  - .standards-rubocop.yml\r\nAllCops:\r\n  NewCops: enable   # c\r\n"
    assert (tmp_path / ".rubocop.yml").read_bytes() == expected


# --- standards.toml: a person's edit wins ----------------------------------------------------


def test_edits_to_explicit_conventions_and_added_keys_are_kept(tmp_path: Path) -> None:
    root = style_repo(tmp_path / "r", modules=4)
    write(root, {"pyproject.toml": PYPROJECT + "\n[tool.ruff]\nline-length = 100\n"})
    git(root, "commit", "-qam", "ruff settings")
    assert cli_run(root, "init", "--no-hooks").returncode == 0
    doc = tomlkit.parse((root / "standards.toml").read_text())
    line_length = doc["conventions"]["py.format.line_length"]
    assert line_length["source"] == "explicit" and line_length["level"] == "warn"
    line_length["level"] = "error"
    other = next(cid for cid, c in doc["conventions"].items() if "note" not in c and cid != "py.format.line_length")
    doc["conventions"][other]["note"] = "we decided this in review"
    doc["conventions"]["py.format.line_length"]["meta"] = {"owner": "team-a"}  # free-form keys the schema allows
    doc["meta"] = {"reviewed": "2026-11"}
    (root / "standards.toml").write_text(tomlkit.dumps(doc))
    result = cli_run(root, "update")
    assert result.returncode == 0, result.stderr
    after = tomlkit.parse((root / "standards.toml").read_text())
    assert after["conventions"]["py.format.line_length"]["level"] == "error"
    assert after["conventions"][other]["note"] == "we decided this in review"
    assert after["conventions"]["py.format.line_length"]["meta"] == {"owner": "team-a"}
    assert after["meta"] == {"reviewed": "2026-11"}
    assert cli_run(root, "update").returncode == 0  # and it stays
    assert tomlkit.parse((root / "standards.toml").read_text())["conventions"]["py.format.line_length"]["level"] == (
        "error"
    )


def test_a_pre_commit_config_that_cannot_be_edited_in_place_is_left_byte_for_byte(tmp_path: Path) -> None:
    """A flow-style `repos: [...]` cannot take our hooks by a textual insertion: rather than
    re-dump the whole document (its comments and layout), init leaves it and says what to add."""
    text = "repos: [{repo: local, hooks: []}]   # kept on one line on purpose\r\n"
    root = make_repo(
        tmp_path / "r", {"app.py": "def total():\n    return 1\n", ".pre-commit-config.yaml": text.encode()}
    )
    result = standards(root, "init", "--no-hooks")
    assert result.returncode == 0, result.stderr
    assert (root / ".pre-commit-config.yaml").read_bytes() == text.encode()
    assert "add these hooks to its `repos` yourself" in result.stdout + result.stderr


@pytest.mark.parametrize("text", ["{AllCops: {NewCops: enable}}  # one line\n", "inherit_from: {a: b}\n"])
def test_a_rubocop_config_that_cannot_be_edited_in_place_is_left_alone(text: str) -> None:
    """Rather than re-dump a .rubocop.yml whose layout a textual insertion cannot handle, the
    emitter leaves it (the check builds its own config and does not need the inherit)."""
    from standards.emitters import rubocop

    with pytest.raises(rubocop.CannotEditInPlace):
        rubocop.with_inherit(text)
