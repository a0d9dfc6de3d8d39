"""Proven before enforced, for our own rules: every convention one of our rules enforces at
error or warn is shown at `init` to be reported by the rule's real check on a minimal deviation
built in memory (a handler reaching the ORM, an import against the layers, an unindexed foreign
key or hot column in the project's dialect, a commit message, a large change, a lockfile or a
manifest alone, an old-style line). A rule that does not report its deviation, or a convention
with no deviation to prove it with, is demoted with an "unprovable: ..." reason."""

from __future__ import annotations

import dataclasses
import importlib
import json
import shutil
from pathlib import Path

import pytest

from standards import cli, pipeline
from standards.check import weakening
from standards.emitters import EmitEnv
from standards.fsutil import WritePlan
from standards.model import Convention, Level, Source, Standards
from standards.proof import own_rules
from standards.proof import prove as prove_all
from standards.rules import CheckContext, all_rules
from standards.standards_file import load
from tests._repo import make_repo, snapshot, standards
from tests.fixtures_web.apps import django_app, rails_app
from tests.test_history_repo import GitRepo
from tests.test_web_layering import layered_app

WEB = {"web_handlers", "web_schema", "web_layers"}
HISTORY = {"git_commits", "web_change_history", "git_motion"}
LEGACY = "".join(f'def report_{i}(name, n):\n    return "%s: %d" % (name, n)\n' for i in range(30))

# convention -> (the module of the rule that enforces it, the fixture repository, its analyzers)
WEB_CONVENTIONS = {
    "web.handlers.service_layer": "thin_controller",
    "web.layers": "layering",
    "web.schema.fk_indexed": "hot_column_index",
}
HISTORY_CONVENTIONS = {
    "git.commit.capitalization": "commit_message",
    "git.commit.format": "commit_message",
    "git.commit.mood": "commit_message",
    "git.commit.subject_length": "commit_message",
    "git.commit.trailing_period": "commit_message",
    "change.size": "large_change",
    "change.lockfile_with_manifest": "lockfile_with_manifest",
    "change.manifest_with_lockfile": "lockfile_with_manifest",
    "git.motion.fstring": "new_code_style",
}


EXTRA = [f"ledger{i}" for i in range(14)]


def web_app() -> dict[str, str]:
    """The layered FastAPI app with enough indexed, looked-up foreign keys (22) for the
    convention to be checked after `init`."""
    files = dict(layered_app())
    for name in EXTRA:
        cls = name.capitalize()
        files["app/models.py"] += (
            f"\n\nclass {cls}(Base):\n"
            f'    __tablename__ = "{name}s"\n'
            "    id: Mapped[int] = mapped_column(primary_key=True)\n"
            '    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)\n'
        )
        files["app/services/records.py"] += (
            f"\n\ndef list_{name}s(session, user_id):\n"
            f"    return session.query({cls}).filter({cls}.user_id == user_id).all()\n"
        )
    files["app/services/records.py"] = files["app/services/records.py"].replace(
        "from app.models import ", "from app.models import " + "".join(f"{n.capitalize()}, " for n in EXTRA)
    )
    return files


def history_repo(root: Path) -> Path:
    """35 commits: old % formatting first, then f-strings; imperative capitalised subjects
    without a period; package.json always with its lockfile."""
    repo = GitRepo(root)
    manifest = {"package.json": '{"name": "a"}\n', "package-lock.json": '{"v": 0}\n'}
    repo.commit("Add reports", {"app/legacy.py": LEGACY, **manifest}, day=1)
    for i in range(34):
        body = "".join(f'def label_{i}_{j}(name):\n    return f"{{name}} #{j}"\n' for j in range(5))
        files = {
            f"app/labels_{i}.py": body,
            "package.json": f'{{"name": "a", "v": {i}}}\n',
            "package-lock.json": f'{{"v": {i}}}\n',
        }
        repo.commit(f"Add labels for report {i}", files, day=600 + i)
    return root


def init(root: Path) -> None:
    proc = standards(root, "init", "--no-hooks")
    assert proc.returncode == 0, proc.stderr


def proofs(root: Path) -> dict:
    return json.loads((root / ".standards/inferred.json").read_text())["_proofs"]


@pytest.fixture(scope="module")
def web_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_repo(tmp_path_factory.mktemp("web") / "r", web_app())
    init(root)
    return root


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = history_repo(tmp_path_factory.mktemp("history") / "r")
    init(root)
    return root


def analysed(root: Path, only: set[str]) -> tuple[Standards, EmitEnv]:
    """The conventions of ``only``'s analyzers, and the environment `init` proves them in."""
    analysis = pipeline.analyze(root, only=only)
    found = pipeline.build(analysis, None)
    env = EmitEnv(root=root, languages={}, frameworks={}, in_git=True, extra={"analysis": analysis})
    return found, env


def broken(monkeypatch: pytest.MonkeyPatch, module_name: str) -> None:
    """The rule of ``standards.rules.<module_name>`` with a check that reports nothing."""
    module = importlib.import_module(f"standards.rules.{module_name}")

    def nothing(ctx: CheckContext) -> list:
        return []

    monkeypatch.setattr(module, "RULE", dataclasses.replace(module.RULE, check=nothing))


def assert_proven(root: Path, cid: str, rule: str) -> None:
    written = load(root)
    assert written is not None
    conv = written.conventions.get(cid)
    assert conv is not None and conv.level in (Level.ERROR, Level.WARN), f"{cid} not inferred at a checked level"
    record = proofs(root)[cid]
    assert record["proven"] is True and record["tool"] == "standards", record
    assert record["level"] == conv.level.value
    (check,) = record["checks"]
    assert check["rule"] == f"standards:{rule}" and check["fired"] == [f"standards:{rule}"]
    assert not conv.note.startswith("unprovable:")


def assert_demoted(root: Path, only: set[str], cid: str, module_name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    found, env = analysed(root, only)
    before = found.conventions[cid].level
    assert before in (Level.ERROR, Level.WARN)
    broken(monkeypatch, module_name)
    record = prove_all(found, WritePlan(root), env)[cid]
    conv = found.conventions[cid]
    rule = importlib.import_module(f"standards.rules.{module_name}").RULE.id
    assert record.proven is False and record.reason.startswith(f"{rule}: did not report it on ")
    assert conv.level.rank == before.rank + 1 and record.demoted_to == conv.level.value
    assert conv.note.startswith(f"unprovable: {rule}: did not report it on ")


# -- the web conventions ----------------------------------------------------------------------


@pytest.mark.parametrize("cid", sorted(WEB_CONVENTIONS))
def test_init_proves_the_web_conventions(web_repo: Path, cid: str) -> None:
    rule = importlib.import_module(f"standards.rules.{WEB_CONVENTIONS[cid]}").RULE.id
    assert_proven(web_repo, cid, rule)


def test_the_web_deviations_are_the_ones_described(web_repo: Path) -> None:
    record = proofs(web_repo)
    service = record["web.handlers.service_layer"]["checks"][0]
    assert service["path"] == "app/routes/orders.py" and "query.all() itself" in service["deviation"]
    layers = record["web.layers"]["checks"][0]
    assert layers["deviation"].startswith("app/services/") and "importing app/routes/" in layers["deviation"]
    fk = record["web.schema.fk_indexed"]["checks"][0]
    assert fk["path"] == "app/models.py"
    assert fk["deviation"] == "StandardsProof.user_id without an index, looked up in 1 place"


@pytest.mark.parametrize("cid", sorted(WEB_CONVENTIONS))
def test_a_web_rule_that_reports_nothing_is_demoted(web_repo: Path, cid: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_demoted(web_repo, WEB, cid, WEB_CONVENTIONS[cid], monkeypatch)


def test_a_hot_column_of_a_django_app_is_proven_with_lookups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo(tmp_path / "r", dict(django_app()))
    found, env = analysed(root, WEB)
    before = snapshot(root)
    record = own_rules.prove(found, env)["web.schema.hot_columns"]
    assert snapshot(root) == before
    assert record.proven is True, record.reason
    (check,) = record.checks
    assert check.path == "shop/models.py" and check.deviation.startswith("StandardsProof.code without an index")
    assert_demoted(root, WEB, "web.schema.hot_columns", "hot_column_index", monkeypatch)


def test_a_rails_app_is_proven_in_its_own_dialect(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo(tmp_path / "r", dict(rails_app()))
    found, env = analysed(root, WEB)
    records = own_rules.prove(found, env)
    fk = records["web.schema.fk_indexed"]
    assert fk.proven is True, fk.reason
    assert fk.checks[0].path == "db/migrate/29991231000000_create_standards_proofs.rb, app/models/standards_proof.rb"
    service = records["web.handlers.service_layer"]
    assert service.proven is True, service.reason
    assert service.checks[0].path.startswith("app/controllers/") and ".find(1) itself" in service.checks[0].deviation
    assert_demoted(root, WEB, "web.handlers.service_layer", "thin_controller", monkeypatch)


# -- the conventions of the history -----------------------------------------------------------


@pytest.mark.parametrize("cid", sorted(HISTORY_CONVENTIONS))
def test_init_proves_the_conventions_of_the_history(history: Path, cid: str) -> None:
    rule = importlib.import_module(f"standards.rules.{HISTORY_CONVENTIONS[cid]}").RULE.id
    assert_proven(history, cid, rule)


def test_the_commit_message_deviations_break_their_own_convention(history: Path) -> None:
    record = proofs(history)
    said = {cid: record[cid]["checks"][0]["deviation"] for cid in HISTORY_CONVENTIONS if cid.startswith("git.commit")}
    assert said["git.commit.mood"] == "a commit with the message 'Added the export button'"
    assert said["git.commit.trailing_period"] == "a commit with the message 'Add the export button.'"
    assert said["git.commit.capitalization"] == "a commit with the message 'add the export button'"
    assert record["change.size"]["checks"][0]["deviation"].startswith("a change adding 201 lines to ")


@pytest.mark.parametrize("cid", sorted(HISTORY_CONVENTIONS))
def test_a_history_rule_that_reports_nothing_is_demoted(
    history: Path, cid: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_demoted(history, HISTORY, cid, HISTORY_CONVENTIONS[cid], monkeypatch)


# -- the rule itself ----------------------------------------------------------------------------


def test_a_convention_with_no_deviation_built_is_demoted_not_left_enforced(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found, env = analysed(history, HISTORY)
    monkeypatch.delitem(own_rules.BUILDERS, "change.size")
    record = prove_all(found, WritePlan(history), env)["change.size"]
    assert record.proven is False and record.reason == "large-change: no minimal deviation is built for change.size"
    assert found.conventions["change.size"].level is Level.INFO
    assert found.conventions["change.size"].note.startswith("unprovable: large-change: no minimal deviation")


def test_a_builder_that_finds_nothing_to_deviate_demotes_with_its_reason(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found, env = analysed(history, HISTORY)
    monkeypatch.setattr(own_rules.own_history, "_files", lambda analysis: [])
    prove_all(found, WritePlan(history), env)
    conv = found.conventions["change.lockfile_with_manifest"]
    assert conv.level is Level.INFO
    assert conv.note.startswith("unprovable: lockfile-with-manifest: no lockfile here to change")


def test_without_an_analysis_every_convention_of_our_rules_is_unproven(history: Path) -> None:
    found, _ = analysed(history, HISTORY)
    bare = EmitEnv(root=history, languages={}, frameworks={}, in_git=True, extra={})
    records = own_rules.prove(found, bare)
    assert set(records) == {c.id for c, _ in own_rules.candidates(found)} >= set(HISTORY_CONVENTIONS)
    assert all(r.reason.endswith(own_rules.NO_ANALYSIS) and not r.proven for r in records.values())


def test_explain_shows_the_proof_of_a_commit_convention(history: Path) -> None:
    said = standards(history, "explain", "git.commit.mood").stdout
    assert "- proof (standards): proven" in said and "standards:commit-message" in said


def test_update_that_can_no_longer_prove_a_rule_demotes_it_as_a_notice(
    web_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = Path(shutil.copytree(web_repo, tmp_path / "r", symlinks=True))
    old = (root / "standards.toml").read_text()
    broken(monkeypatch, "layering")
    assert cli.main(["update", str(root)]) == 0
    capsys.readouterr()
    new = (root / "standards.toml").read_text()
    written = load(root)
    assert written is not None and written.conventions["web.layers"].level is Level.WARN
    found = weakening.standards_levels("standards.toml", old, new, root, written)
    demoted = [w for w in found if "web.layers" in w.message]
    assert len(demoted) == 1 and demoted[0].carried_reason.startswith("unprovable: layering: did not report it on ")
    assert "unprovable: layering: did not report it on " in standards(root, "explain", "web.layers").stdout


# -- every style and every commit convention, on conventions written by hand -------------------

MIXED = {
    "app/report.py": 'def report(name):\n    return f"{name}!"\n',
    "tests/test_report.py": "def test_report():\n    assert report('a') == 'a!'\n",
    "web/report.js": "const total = 0;\n",
}


def convention(cid: str, value: object, examples: list[str] | None = None) -> Convention:
    return Convention(
        id=cid,
        title=cid,
        category="history",
        language="git",
        value=value,
        level=Level.ERROR,
        source=Source.INFERRED,
        support=(40, 40),
        confidence=0.9,
        examples=examples or [],
        enforced_by=[f"standards:{'commit-message' if cid.startswith('git.commit') else 'new-code-style'}"],
    )


@pytest.mark.parametrize(
    ("cid", "value", "example"),
    [
        ("git.motion.fstring", "fstring", "app/report.py:2"),
        ("git.motion.pytest", "pytest", "tests/test_report.py:2"),
        ("git.motion.let_const", "let_const", "web/report.js:1"),
        ("git.motion.snake_case", "snake_case", "app/report.py:1"),
        ("git.commit.format", "conventional", ""),
        ("git.commit.format", "plain", ""),
        ("git.commit.capitalization", "lower", ""),
        ("git.commit.mood", "past", ""),
        ("git.commit.trailing_period", "period", ""),
        ("git.commit.references", "#123", ""),
        ("git.commit.signoff", True, ""),
        ("git.commit.subject_length", 50, ""),
    ],
)
def test_each_style_and_message_convention_is_proven_by_its_rule(
    tmp_path: Path, cid: str, value: object, example: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo(tmp_path / "r", dict(MIXED))
    found, env = analysed(root, {"py_naming"})
    found.conventions = {cid: convention(cid, value, [example] if example else [])}
    record = own_rules.prove(found, env)[cid]
    assert record.proven is True, record.reason
    module_name = "commit_message" if cid.startswith("git.commit") else "new_code_style"
    broken(monkeypatch, module_name)
    assert own_rules.prove(found, env)[cid].proven is False


def test_a_django_id_column_that_is_no_declared_key_proves_the_hot_column_convention(tmp_path: Path) -> None:
    model = (
        "from django.db import models\n\n\nclass Change(models.Model):\n"
        "    changed_object_id = models.PositiveBigIntegerField(db_index=True)\n"
    )
    root = make_repo(tmp_path / "r", {"shop/__init__.py": "", "shop/models.py": model})
    found, env = analysed(root, WEB)
    hot = convention("web.schema.hot_columns", 3, ["shop/models.py:5"])
    hot.enforced_by, hot.params, hot.level = ["standards:hot-column-index"], {"min_call_sites": 3}, Level.WARN
    found.conventions = {hot.id: hot}
    record = own_rules.prove(found, env)[hot.id]
    assert record.proven is True, record.reason
    assert record.checks[0].deviation == "StandardsProof.changed_object_id without an index, looked up in 3 places"


def test_a_foreign_key_convention_with_no_indexed_example_copies_a_counter_example(web_repo: Path) -> None:
    found, env = analysed(web_repo, WEB)
    fk = found.conventions["web.schema.fk_indexed"]
    fk.examples, fk.counter_examples = [], fk.examples[:1]  # a repo whose keys are mostly unindexed
    record = own_rules.prove(found, env)[fk.id]
    assert record.proven is True, record.reason


def test_a_one_line_handler_is_passed_over_not_grown_outside_its_body(tmp_path: Path) -> None:
    files = dict(layered_app())
    files["app/routes/orders.py"] += '\n\n@router.get("/ping")\ndef ping(): return records.list_orders(0)\n'
    root = make_repo(tmp_path / "r", files)
    found, env = analysed(root, WEB)
    thin = found.conventions["web.handlers.thin"]
    line = files["app/routes/orders.py"].split("\n").index('@router.get("/ping")') + 1
    thin.examples = [f"app/routes/orders.py:{line}", *thin.examples]
    record = own_rules.prove(found, env)["web.handlers.thin"]
    assert record.proven is True, record.reason
    assert f"app/routes/orders.py:{line}" not in record.checks[0].deviation


def test_every_convention_of_our_rules_has_a_deviation_builder() -> None:
    named = {cid for rule in all_rules() for cid in rule.conventions}
    assert named - set(own_rules.BUILDERS) == set()
