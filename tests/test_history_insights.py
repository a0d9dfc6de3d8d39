"""History summary, hot spots, coupling, owners and recency weights."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomlkit

from standards import pipeline, standards_file
from standards.history.reader import read_history
from standards.history.recency import WeightedTally, decay, path_weights
from standards.model import Level
from tests.test_history_repo import DAY, GitRepo


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "repo")


def busy_repo(repo: GitRepo) -> None:
    repo.commit(
        "Initial import", {"core/engine.py": "x = 0\n" * 300, "core/util.py": "y = 0\n", "web/views.py": "v = 0\n"}
    )
    for i in range(8):
        author = "Bo Builder" if i % 4 == 0 else "Ann Author"
        repo.commit(
            f"Tune engine {i}",
            {"core/engine.py": "x = 0\n" * 300 + f"z = {i}\n", "core/util.py": f"y = {i}\n"},
            author=author,
        )
    repo.commit("Touch views", {"web/views.py": "v = 1\n"})


def test_history_summary_and_its_problems(repo: GitRepo, tmp_path: Path) -> None:
    busy_repo(repo)
    (obs,) = pipeline.analyze(repo.path, only={"git_history"}).observations
    assert obs.value["commits"] == 10 and obs.value["authors"] == 2 and obs.value["shallow"] is False
    empty = GitRepo(tmp_path / "empty")
    (none,) = pipeline.analyze(empty.path, only={"git_history"}).observations
    assert none.value["commits"] == 0 and none.note == "the repository has no commits yet"


def test_hotspots_coupling_and_owners_are_information(repo: GitRepo) -> None:
    busy_repo(repo)
    analysis = pipeline.analyze(repo.path, only={"git_hotspots"})
    standards = pipeline.build(analysis, None)
    text = standards_file.render(standards, None)
    loaded = standards_file.from_document(tomlkit.parse(text))
    hot = loaded.conventions["git.hotspots"]
    assert hot.level is Level.INFO and hot.value[0]["path"] == "core/engine.py"
    assert hot.value[0]["commits"] == 8 and hot.value[0]["lines"] == 301
    pair = loaded.conventions["git.coupling"].value[0]
    assert (pair["a"], pair["b"], pair["together"], pair["degree"]) == (
        "core/engine.py",
        "core/util.py",
        7,
        1.0,
    )  # util.py is unchanged by the first tune
    owners = {row["area"]: row["owners"] for row in loaded.conventions["git.owners"].value}
    assert owners["core"][0].startswith("Ann Author (") and owners["core"][1].startswith("Bo Builder (")
    assert "web" not in owners  # one change is not ownership


def test_recency_weights_paths_by_last_change(repo: GitRepo) -> None:
    repo.commit("Old", {"old.py": "a\n"}, day=1)
    repo.commit("New", {"new.py": "b\n"}, day=366)
    weights = path_weights(read_history(repo.path), ["old.py", "new.py", "never.py"], half_life_days=365)
    assert weights["new.py"] == 1.0
    assert weights["old.py"] == pytest.approx(0.5)
    assert weights["never.py"] == pytest.approx(0.5)  # at least as old as the oldest commit read


def test_weighted_tally_reports_effective_and_raw_counts() -> None:
    tally = WeightedTally()
    for age_days in (0, 0, 0, 730, 730, 730):
        tally.add("new" if age_days == 0 else "old", decay(age_days * DAY), f"c{age_days}")
    obs = tally.observation(id="x", title="x", category="history", language="git")
    assert obs is not None
    assert (obs.value, obs.support, obs.total) == ("new", 3, 4)  # 3 + 3 × 0.25
    assert "raw: 3 of 6 commits" in obs.note
