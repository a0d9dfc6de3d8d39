"""The CI workflow and agent-pointer emitters, `standards ci`, and the hook manifest."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pre_commit.clientlib import load_manifest
from ruamel.yaml import YAML

from standards import DISTRIBUTION, __version__
from standards.cli import main
from standards.emitters import EmitEnv, agents, ci_workflow
from standards.emitters.agents import BEGIN, END
from standards.emitters.ci_workflow import WORKFLOW, CiSettings
from standards.errors import ConfigError
from standards.fsutil import WritePlan
from standards.model import Convention, Level, Source, Standards

REPO = Path(__file__).resolve().parent.parent


def env(root: Path, in_git: bool = True, playbook: str = "playbook.md") -> EmitEnv:
    return EmitEnv(root=root, languages={"python": 3}, frameworks={}, in_git=in_git, playbook_path=playbook)


def emit(module: Any, root: Path, standards: Standards | None = None, **kw: Any) -> tuple[WritePlan, list[str]]:
    """Run one emitter into a fresh plan, then write the plan to disk."""
    plan = WritePlan(root)
    notes = module.emit(standards or Standards(), plan, env(root, **kw))
    plan.apply()
    return plan, notes


def load_yaml(text: str) -> Any:
    return YAML(typ="safe").load(io.StringIO(text))


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return workflow["jobs"]["standards"]["steps"]


def run_lines(workflow: dict[str, Any]) -> list[str]:
    return [step["run"] for step in steps(workflow) if "run" in step]


# --- CI workflow ----------------------------------------------------------------------


def test_workflow_is_valid_yaml_running_standards_check(tmp_path: Path) -> None:
    _, notes = emit(ci_workflow, tmp_path)
    assert notes == []
    workflow = load_yaml((tmp_path / WORKFLOW).read_text())
    assert set(workflow["on"]) == {"pull_request", "push"}
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["standards"]["permissions"] == {"contents": "read"}
    checkout, setup = steps(workflow)[:2]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"] == {"fetch-depth": 0, "persist-credentials": False}
    assert setup["uses"].startswith("actions/setup-python@")
    runs = run_lines(workflow)
    assert runs[0] == f"python -I -m pip install {DISTRIBUTION}=={__version__}"
    install = next(s for s in steps(workflow) if s.get("name") == "install standards")
    assert install["working-directory"] == "${{ runner.temp }}"  # never the checkout: no pip.py from it
    checks = [r for r in runs if r.startswith("standards check")]
    assert checks == [
        'standards check --diff "origin/$BASE_REF" --format github',
        "standards check --all --ratchet --format github",
    ]
    pr_step = next(s for s in steps(workflow) if s.get("env"))
    assert pr_step["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert not any("upload-sarif" in s.get("uses", "") for s in steps(workflow))


def conventions_enforced_by(*codes: str) -> Standards:
    standards = Standards()
    for i, code in enumerate(codes):
        standards.conventions[f"c{i}"] = Convention(
            id=f"c{i}",
            title="t",
            category="style",
            language="javascript" if code.startswith("eslint") else "ruby",
            value="x",
            level=Level.ERROR,
            source=Source.INFERRED,
            support=(10, 10),
            confidence=1.0,
            enforced_by=[code],
        )
    return standards


def test_every_action_is_pinned_by_commit_with_its_tag_in_a_comment(tmp_path: Path) -> None:
    ci = CiSettings.from_standards(conventions_enforced_by("eslint:semi", "rubocop:Style/StringLiterals"), tmp_path)
    text = ci_workflow.github_workflow(replace(ci, sarif=True))
    uses = [line.split("uses:", 1)[1].strip() for line in text.splitlines() if "uses:" in line]
    assert len(uses) == 5
    for use in uses:
        _, _, rest = use.partition("@")
        sha, _, comment = rest.partition("  # v")
        assert len(sha) == 40 and all(c in "0123456789abcdef" for c in sha), use
        assert comment, use


def test_node_and_ruby_only_when_the_conventions_need_them(tmp_path: Path) -> None:
    def names(standards: Standards) -> str:
        return ci_workflow.github_workflow(CiSettings.from_standards(standards, tmp_path))

    plain = names(Standards())
    assert "setup-node" not in plain and "setup-ruby" not in plain and "standards tools install" not in plain
    js = names(conventions_enforced_by("eslint:semi"))
    assert "setup-node" in js and "run: standards tools install" in js and "setup-ruby" not in js
    rb = names(conventions_enforced_by("rubocop:Style/StringLiterals"))
    assert "setup-ruby" in rb and "gem install rubocop --version" in rb and "setup-node" not in rb


def _installed(tool: str) -> str | None:
    found = Path(sys.executable).parent / tool
    return str(found) if found.exists() else shutil.which(tool)


@pytest.mark.parametrize("sarif", [False, True])
def test_workflow_passes_zizmor_and_the_workflow_schema(tmp_path: Path, sarif: bool) -> None:
    zizmor, schema = _installed("zizmor"), _installed("check-jsonschema")
    if zizmor is None or schema is None:
        pytest.skip("zizmor and check-jsonschema are test dependencies (pip install -e .[test])")
    standards = conventions_enforced_by("eslint:semi", "rubocop:Style/StringLiterals")
    ci = replace(CiSettings.from_standards(standards, tmp_path), sarif=sarif)
    path = tmp_path / WORKFLOW
    path.parent.mkdir(parents=True)
    path.write_text(ci_workflow.github_workflow(ci))
    checked = subprocess.run(
        [schema, "--builtin-schema", "vendor.github-workflows", str(path)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    audit = subprocess.run(
        [zizmor, "--offline", "--no-progress", "--persona", "auditor", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert audit.returncode == 0, audit.stdout + audit.stderr
    gitlab = tmp_path / "gitlab.yml"
    gitlab.write_text(ci_workflow.gitlab_job(ci))
    argv = [schema, "--builtin-schema", "vendor.gitlab-ci", str(gitlab)]
    checked = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_workflow_is_deterministic_and_rerunning_changes_nothing(tmp_path: Path) -> None:
    emit(ci_workflow, tmp_path)
    first = (tmp_path / WORKFLOW).read_text()
    plan, notes = emit(ci_workflow, tmp_path)
    assert (plan.changed(), notes) == ([], [])
    assert (tmp_path / WORKFLOW).read_text() == first


def test_workflow_settings_install_python_branch_and_sarif(tmp_path: Path) -> None:
    settings = {
        "ci": {
            "install": 'pip install "standards @ git+https://example.com/standards"',
            "python": "3.11",
            "branch": "trunk",
            "sarif": True,
        }
    }
    emit(ci_workflow, tmp_path, Standards(settings=settings))
    workflow = load_yaml((tmp_path / WORKFLOW).read_text())
    assert run_lines(workflow)[0] == settings["ci"]["install"]
    assert steps(workflow)[1]["with"]["python-version"] == "3.11"
    assert workflow["on"]["push"] == {"branches": ["trunk"]}
    assert workflow["jobs"]["standards"]["permissions"]["security-events"] == "write"
    upload = next(s for s in steps(workflow) if "upload-sarif" in s.get("uses", ""))
    assert upload["with"]["sarif_file"] == "standards.sarif"
    assert "standards check --all --format sarif > standards.sarif" in run_lines(workflow)[-1]


def test_a_workflow_someone_else_wrote_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / WORKFLOW
    path.parent.mkdir(parents=True)
    path.write_text("name: mine\non: push\n")
    plan, notes = emit(ci_workflow, tmp_path)
    assert plan.writes == []
    assert path.read_text() == "name: mine\non: push\n"
    assert len(notes) == 1 and "standards ci --github" in notes[0]


def test_gitlab_repository_gets_a_note_not_a_github_workflow(tmp_path: Path) -> None:
    (tmp_path / ".gitlab-ci.yml").write_text("test:\n  script: [make]\n")
    plan, notes = emit(ci_workflow, tmp_path)
    assert plan.writes == []
    assert len(notes) == 1 and "standards ci --gitlab" in notes[0]


def test_no_workflow_outside_git(tmp_path: Path) -> None:
    plan, notes = emit(ci_workflow, tmp_path, in_git=False)
    assert (plan.writes, notes) == ([], [])


def test_default_branch_from_the_repository(tmp_path: Path) -> None:
    source, clone = tmp_path / "source", tmp_path / "clone"
    source.mkdir()
    assert ci_workflow.default_branch(source) == "main"
    git(source, "init", "-q", "-b", "master")
    git(source, "commit", "-q", "--allow-empty", "-m", "first")
    assert ci_workflow.default_branch(source) == "master"
    git(source, "branch", "-q", "-m", "develop")
    git(tmp_path, "clone", "-q", str(source), str(clone))
    assert ci_workflow.default_branch(clone) == "develop"


def test_gitlab_job_is_valid_yaml_running_standards_check(tmp_path: Path) -> None:
    ci = CiSettings.from_standards(Standards(), tmp_path)
    job = load_yaml(ci_workflow.gitlab_job(ci))["standards"]
    assert job["image"] == "python:3.12"
    assert job["variables"] == {"GIT_DEPTH": "0"}
    assert job["script"][0] == f"cd /tmp && python -I -m pip install {DISTRIBUTION}=={__version__} && cd - >/dev/null"
    assert 'standards check --diff "origin/$target" --format gitlab' in job["script"][1]
    assert "standards check --all --ratchet --format gitlab" in job["script"][1]
    assert job["artifacts"] == {"when": "always", "reports": {"codequality": "gl-code-quality.json"}}


@pytest.mark.parametrize(("flag", "needle"), [("--github", "jobs:"), ("--gitlab", "GIT_DEPTH")])
def test_ci_command_prints_the_job(tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str, needle: str) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    assert main(["ci", flag, str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert needle in out and "standards check" in out
    load_yaml(out)


def test_ci_command_prints_what_the_emitter_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    emit(ci_workflow, tmp_path)
    assert main(["ci", str(tmp_path)]) == 0
    assert capsys.readouterr().out == (tmp_path / WORKFLOW).read_text()


# --- agent pointers -------------------------------------------------------------------


def section_of(text: str) -> str:
    return text[text.index(BEGIN) : text.index(END) + len(END)]


def test_agents_md_is_created_with_a_short_section(tmp_path: Path) -> None:
    plan, notes = emit(agents, tmp_path)
    assert notes == []
    assert [w.path for w in plan.writes] == ["AGENTS.md"]
    text = (tmp_path / "AGENTS.md").read_text()
    section = section_of(text)
    assert "[playbook.md](playbook.md)" in section
    assert "`standards check --staged`" in section
    assert "`standards explain <rule>`" in section
    assert len(section.splitlines()) <= 12


def test_user_text_is_kept_and_rerunning_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "CLAUDE.md").write_text("# Project\n\nUse tabs in Makefiles.\n")
    emit(agents, tmp_path)
    claude = (tmp_path / "CLAUDE.md").read_text()
    assert claude.startswith("# Project\n\nUse tabs in Makefiles.\n\n" + BEGIN)
    assert claude.endswith(END + "\n")
    plan, notes = emit(agents, tmp_path)
    assert (plan.changed(), notes) == ([], [])


def test_an_old_section_is_replaced_in_place(tmp_path: Path) -> None:
    before = f"# Agents\n\nintro\n\n{BEGIN}\nold advice\n{END}\n\n## Testing\nrun make test\n"
    (tmp_path / "AGENTS.md").write_text(before)
    emit(agents, tmp_path)
    after = (tmp_path / "AGENTS.md").read_text()
    assert "old advice" not in after
    assert after.startswith("# Agents\n\nintro\n\n" + BEGIN)
    assert after.endswith(END + "\n\n## Testing\nrun make test\n")
    assert after.count(BEGIN) == after.count(END) == 1


def test_unpaired_markers_stop_the_run_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "AGENTS.md").write_text(f"{BEGIN}\nhalf a section\n")
    plan = WritePlan(tmp_path)
    with pytest.raises(ConfigError, match="^AGENTS.md: the standards markers do not pair up"):
        agents.emit(Standards(), plan, env(tmp_path))
    assert plan.writes == []


def test_other_agent_files_only_when_present(tmp_path: Path) -> None:
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "copilot-instructions.md").write_text("Be brief.\n")
    (tmp_path / ".cursor").mkdir()
    plan, _ = emit(agents, tmp_path, playbook="docs/playbook.md")
    assert sorted(w.path for w in plan.writes) == [
        ".cursor/rules/standards.mdc",
        ".github/copilot-instructions.md",
        "AGENTS.md",
    ]
    copilot = (tmp_path / ".github" / "copilot-instructions.md").read_text()
    assert "[docs/playbook.md](../docs/playbook.md)" in copilot
    mdc = (tmp_path / ".cursor" / "rules" / "standards.mdc").read_text()
    front = load_yaml(mdc.split("---\n")[1])
    assert front["alwaysApply"] is True
    assert "[docs/playbook.md](../../docs/playbook.md)" in mdc


def test_claude_md_that_imports_agents_md_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "CLAUDE.md").write_text("@AGENTS.md\n")
    plan, _ = emit(agents, tmp_path)
    assert [w.path for w in plan.writes] == ["AGENTS.md"]
    assert (tmp_path / "CLAUDE.md").read_text() == "@AGENTS.md\n"


def test_symlinked_agent_file_gets_one_section_and_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "AGENTS.md").write_text("# Agents\n")
    (tmp_path / "CLAUDE.md").symlink_to("AGENTS.md")
    emit(agents, tmp_path)
    assert (tmp_path / "CLAUDE.md").is_symlink()
    assert (tmp_path / "AGENTS.md").read_text().count(BEGIN) == 1


# --- hook manifest --------------------------------------------------------------------


def test_pre_commit_hook_manifest() -> None:
    hooks = {hook["id"]: hook for hook in load_manifest(str(REPO / ".pre-commit-hooks.yaml"))}
    check = hooks["standards-check"]
    assert check["entry"] == "standards check --staged"
    assert (check["pass_filenames"], check["language"]) == (True, "python")
    message = hooks["standards-commit-msg"]
    assert message["entry"] == "standards commit-msg"
    assert message["stages"] == ["commit-msg"]
