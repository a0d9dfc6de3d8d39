"""Proven before enforced: every convention that would block or warn through ruff is shown to
catch a deviation, through the real pinned ruff and the settings `init` writes, before it keeps
its level; what cannot be proven is demoted with a reason the playbook and `explain` show."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from standards import adopt, proof, ruff_tool, standards_file
from standards.errors import ConfigError
from standards.model import Level
from standards.proof import deviations, ruff_project, ruff_rules
from tests._repo import make_repo, python_module, standards

RUFF = ruff_tool.ruff_bin()
pytestmark = pytest.mark.skipif(RUFF is None, reason="ruff is not installed")
PYPROJECT = '[project]\nname = "pkg"\nversion = "1.0"\nrequires-python = ">=3.10"\n\n'


def repo(root: Path, pyproject: str = "", extra: dict[str, str] | None = None) -> Path:
    files: dict[str, str | bytes] = {f"pkg/mod_{i}.py": python_module(i) for i in range(25)}
    files["pkg/__init__.py"] = ""
    files["pyproject.toml"] = PYPROJECT + pyproject
    files.update(extra or {})
    return make_repo(root, files)


def init(root: Path) -> None:
    proc = standards(root, "init")
    assert proc.returncode == 0, proc.stderr


def proofs(root: Path) -> dict:
    return json.loads((root / ".standards/inferred.json").read_text())["_proofs"]


def ruff_warnings(root: Path) -> str:
    return subprocess.run([RUFF, "check", "--no-cache", "."], cwd=root, capture_output=True, text=True).stderr


@pytest.mark.parametrize("code", sorted({*deviations.GENERATORS, *deviations.WHOLE_FILE}))
def test_each_generated_deviation_makes_ruff_report_its_code(tmp_path: Path, code: str) -> None:
    deviation = deviations.generated(code, lambda key, default: default)
    assert deviation is not None and deviation.code == code
    name = "pkg/" + (deviation.module_name or "probe.py")  # in a package: N999 judges only those
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg/__init__.py").write_text("")
    (tmp_path / name).write_text(deviation.text)
    more = ["--preview"] if ruff_rules.problem(code, preview=False) else []
    if code == "I002":
        more += ["--config", 'lint.isort.required-imports = ["from __future__ import annotations"]']
    args = [RUFF, "check", "--isolated", "--no-cache", "--output-format", "json", "--select", code, *more, name]
    out = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True).stdout
    assert code in {item["code"] for item in json.loads(out)}


def test_the_catalog_knows_what_ruff_ignores() -> None:
    assert ruff_rules.problem("E501", preview=False) is None
    assert "needs ruff preview" in (ruff_rules.problem("E111", preview=False) or "")
    assert ruff_rules.problem("E111", preview=True) is None
    assert "unknown" in (ruff_rules.problem("QQQ999", preview=False) or "")
    assert ruff_rules.problem("E7", preview=False) is None and "E741" in ruff_rules.expand("E7", preview=False)


def test_a_preview_only_code_demotes_its_convention_with_the_reason(tmp_path: Path) -> None:
    root = repo(tmp_path / "r")
    init(root)
    conv = standards_file.load(root).conventions["py.format.indent"]
    assert conv.level is Level.WARN
    assert conv.note.startswith("unprovable: E111, E114: need ruff preview")
    record = proofs(root)["py.format.indent"]
    assert record["proven"] is False and record["level"] == "error" and record["demoted_to"] == "warn"
    assert "unprovable: E111, E114: need ruff preview" in (root / "playbook.md").read_text()
    said = standards(root, "explain", "py.format.indent").stdout
    assert "NOT proven" in said and "demoted to warn" in said
    assert "E111" not in (root / "pyproject.toml").read_text()
    assert "has no effect" not in ruff_warnings(root)


def test_with_preview_on_the_same_convention_is_proven_and_stays_enforced(tmp_path: Path) -> None:
    root = repo(tmp_path / "r", "[tool.ruff.lint]\npreview = true\n")
    init(root)
    assert standards_file.load(root).conventions["py.format.indent"].level is Level.ERROR
    checks = {c["rule"]: c for c in proofs(root)["py.format.indent"]["checks"]}
    assert checks["ruff:E111"]["fired"] == ["E111"] and "  x = 1" in checks["ruff:E111"]["deviation"]


def test_a_proven_convention_records_its_deviation_for_explain(tmp_path: Path) -> None:
    root = repo(tmp_path / "r")
    init(root)
    record = proofs(root)["py.naming.function"]
    assert record["proven"] is True and not record.get("demoted_to")
    check = next(c for c in record["checks"] if c["rule"] == "ruff:N802")
    assert check["fired"] == ["N802"] and check["path"].startswith("pkg/")
    said = standards(root, "explain", "py.naming.function").stdout
    assert "proven" in said and "def getValue():" in said


def test_a_code_the_project_ignores_is_not_enforced_by_us(tmp_path: Path) -> None:
    root = repo(tmp_path / "r", '[tool.ruff.lint]\nignore = ["N802"]\n')
    init(root)
    conv = standards_file.load(root).conventions["py.naming.function"]
    assert conv.level is Level.INFO
    assert "N802: switched off by the project's ruff config (pyproject.toml, tool.ruff.lint.ignore)" in conv.note
    assert '"N802"' not in (root / "pyproject.toml").read_text().split("ignore")[0]
    (root / "pkg/mod_3.py").write_text(python_module(3) + '\n\ndef getValue():\n    """One."""\n    return 1\n')
    assert standards(root, "check", "pkg/mod_3.py").returncode == 0


def test_doctor_names_a_selection_ruff_ignores(tmp_path: Path) -> None:
    root = repo(tmp_path / "r", '[tool.ruff.lint]\nselect = ["E111", "F", "QQQ999"]\n')
    proc = standards(root, "doctor")
    assert proc.returncode == 1
    assert "pyproject.toml: tool.ruff.lint.select has E111: needs ruff preview" in proc.stdout
    assert "QQQ999: is unknown to ruff" in proc.stdout


def test_update_withdraws_a_preview_only_selection_it_wrote(tmp_path: Path) -> None:
    ours = ["E111", "E114", "F", "N802"]
    generated = {"ruff": {"lint.select": ours}, "ruff_file": "pyproject.toml"}
    root = repo(
        tmp_path / "r",
        "[tool.ruff.lint]\nselect = " + json.dumps(ours) + "\n",
        {".standards/generated.json": json.dumps(generated)},
    )
    assert "has no effect" in ruff_warnings(root)
    init(root)
    assert standards(root, "update").returncode == 0
    text = (root / "pyproject.toml").read_text()
    assert "E111" not in text and "E114" not in text and "extend-select" in text
    assert "has no effect" not in ruff_warnings(root)


def test_the_proofs_share_a_few_ruff_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = repo(tmp_path / "r")
    outcome_runs: list[list[str]] = []  # ruff runs that read a deviation
    real = ruff_project.run

    def counting(root_: Path, config: Path, args: list[str], stdin: str | None = None) -> object:
        if stdin is not None:
            outcome_runs.append(args)
        return real(root_, config, args, stdin)

    monkeypatch.setattr(ruff_project, "run", counting)
    outcome = adopt.plan(root, None)
    recorded = json.loads(outcome.plan.current(standards_file.SNAPSHOT) or "{}")["_proofs"]
    count = sum(len(r["checks"]) for r in recorded.values())
    assert count >= 15 and len(outcome_runs) <= count // 2, (len(outcome_runs), count)


def test_spans_keep_each_deviation_apart() -> None:
    batch = [
        proof.Check("ruff:I001", "import sys\nimport os\n", "a.py", ("I001",)),
        proof.Check("ruff:T201", 'print("x")\n', "a.py", ("T201",)),
    ]
    text, spans = proof._module(batch)
    lines = text.split("\n")
    assert lines[spans[0][0] - 1] == "import sys" and lines[spans[0][1] - 1] == "import os"
    assert lines[spans[1][0] - 1] == 'print("x")' and spans[1][0] == spans[1][1]


def test_warn_codes_leave_out_what_ruff_ignores_and_what_the_project_ignores() -> None:
    chain = ruff_project.Chain((ruff_project.Layer("ruff.toml", {"lint": {"ignore": ["T20"]}}),))
    assert ruff_project.warn_codes(["T201", "S101", "E111"], chain) == ["S101"]
    with_preview = ruff_project.Chain((ruff_project.Layer("ruff.toml", {"lint": {"preview": True}}),))
    assert ruff_project.warn_codes(["T201", "E111"], with_preview) == ["T201", "E111"]


def test_a_code_no_convention_names_blocks_only_when_the_project_selects_it() -> None:
    from standards.check.runners.ruff import unnamed_level

    assert unnamed_level("UP032", ("E", "F")) is Level.WARN
    assert unnamed_level("UP032", ("UP",)) is Level.ERROR
    assert unnamed_level("B006", ("ALL",)) is Level.ERROR


def test_the_why_of_a_code_no_convention_names_is_its_true_source() -> None:
    from standards.check.runners.ruff import unnamed_why

    chain = ruff_project.Chain((ruff_project.Layer("ruff.toml", {"lint": {"select": ["UP"]}}),))
    assert unnamed_why("UP032", ("UP",), chain) == "The project's ruff configuration (ruff.toml) selects UP032."
    assert "one of ruff's default rules" in unnamed_why("B009", ("UP",), chain)


@pytest.mark.parametrize(
    ("files", "said"),
    [
        ({"ruff.toml": 'extend = "a.toml"', "a.toml": 'extend = "ruff.toml"'}, "makes a cycle"),
        ({"ruff.toml": 'extend = "~/base.toml"'}, "through ~ or a variable"),
        ({"ruff.toml": 'extend = "${HOME}/base.toml"'}, "through ~ or a variable"),
        ({"ruff.toml": "extend = 3"}, "must be the path of a TOML file"),
    ],
)
def test_an_extend_chain_that_cannot_be_followed_names_the_file_and_key(
    tmp_path: Path, files: dict[str, str], said: str
) -> None:
    for rel, text in files.items():
        (tmp_path / rel).write_text(text + "\n")
    with pytest.raises(ConfigError) as caught:
        ruff_project.verify(tmp_path)
    assert said in str(caught.value) and "extend" in str(caught.value)


def test_a_prefix_is_proven_on_a_code_the_project_does_not_ignore() -> None:
    """flaskbb ignores E711 and E712: E7 is still proven, on another of its codes."""
    chosen = deviations.generated("E7", lambda key: None, ("E711", "E712"))
    assert chosen is not None and "==" not in chosen.text
    assert deviations.generated("E7", lambda key: None) is not None
