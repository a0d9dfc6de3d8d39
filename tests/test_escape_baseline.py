"""Issue 14, route 2: re-recording the baseline in a change. `standards check --diff BASE`
compares the baseline at BASE with the working tree: growth is an error unless each new
entry carries a reason (`standards baseline --accept`), an update-recorded convention that
the change adds or tightens, or a `Standards-Accept:` commit trailer; every acceptance is
printed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from standards.check import acceptance, baseline
from standards.errors import StandardsError
from tests._escape import heads
from tests._repo import git, standards, write
from tests.test_escape_update import adopted, commit, template, violate

__all__ = ["template"]  # the module-scoped fixture, shared with route 1

REASON = "legacy billing names stay until the v2 API ships"


def entries(root: Path) -> list[dict]:
    return json.loads((root / ".standards/baseline.json").read_text())["entries"]


def test_rerecorded_baseline_is_refused(template: Path, tmp_path: Path) -> None:
    root, adoption = adopted(template, tmp_path)
    violate(root, modules=1)
    out = standards(root, "baseline")
    assert out.returncode == 0 and "2 new entries without a reason" in out.stdout
    commit(root, "Record the baseline")
    check = standards(root, "check", "--diff", adoption)
    assert check.returncode == 1, check.stdout
    assert "standards:baseline-growth" in check.stdout
    assert "the baseline grew by 2 entries: pkg/bill_0.py ruff:N802, pkg/bill_0.py ruff:N802" in check.stdout
    assert "ruff:N802  error" not in heads(check.stdout)  # the violation itself is hidden: only the growth names it


def test_accepted_growth_passes_and_ci_shows_the_reason(template: Path, tmp_path: Path) -> None:
    root, adoption = adopted(template, tmp_path)
    violate(root, modules=1)
    out = standards(root, "baseline", "--accept", REASON)
    assert out.returncode == 0 and "accepted 2 entries" in out.stdout, out.stdout
    assert all(e["reason"] == REASON for e in entries(root) if e["path"] == "pkg/bill_0.py")
    commit(root, "Accept the billing names")
    check = standards(root, "check", "--diff", adoption)
    assert check.returncode == 0, check.stdout
    assert f"the baseline grew by 2 entries, accepted as {REASON!r}: pkg/bill_0.py ruff:N802" in check.stdout
    github = standards(root, "check", "--diff", adoption, "--format", "github")
    assert github.returncode == 0 and "::notice file=.standards/baseline.json" in github.stdout


def test_accept_after_a_plain_baseline_gives_the_branch_entries_the_reason(template: Path, tmp_path: Path) -> None:
    """On a branch, --accept also gives the reason to entries an earlier commit of the branch
    recorded without one (they are new compared to the branch's merge base with main)."""
    root, adoption = adopted(template, tmp_path)
    git(root, "checkout", "-q", "-b", "billing")
    violate(root, modules=1)
    assert standards(root, "baseline").returncode == 0
    commit(root, "Record the baseline")
    out = standards(root, "baseline", "--accept", REASON)
    assert out.returncode == 0 and "accepted 2 entries" in out.stdout, out.stdout
    commit(root, "Accept the billing names")
    assert standards(root, "check", "--diff", adoption).returncode == 0


@pytest.mark.parametrize("reason", ["x", ".", "ok", "  fine  fine "])
def test_a_reason_must_be_a_sentence(template: Path, tmp_path: Path, reason: str) -> None:
    root, _ = adopted(template, tmp_path)
    violate(root, modules=1)
    before = (root / ".standards/baseline.json").read_bytes()
    out = standards(root, "baseline", "--accept", reason)
    assert out.returncode == 2 and "is not a reason" in out.stderr and "Traceback" not in out.stderr
    assert (root / ".standards/baseline.json").read_bytes() == before


def test_a_commit_trailer_accepts_the_growth(template: Path, tmp_path: Path) -> None:
    root, adoption = adopted(template, tmp_path)
    violate(root, modules=1)
    assert standards(root, "baseline").returncode == 0
    commit(root, f"Record the billing debt\n\nStandards-Accept: ruff:N802: {REASON}")
    check = standards(root, "check", "--diff", adoption)
    assert check.returncode == 0, check.stdout
    assert re.search(rf"accepted in commit [0-9a-f]+ \(Standards-Accept: ruff:N802\): '{REASON}'", check.stdout)
    assert "covers: baseline entry pkg/bill_0.py ruff:N802" in check.stdout


def test_a_trailer_without_a_reason_is_refused(template: Path, tmp_path: Path) -> None:
    root, adoption = adopted(template, tmp_path)
    violate(root, modules=1)
    assert standards(root, "baseline").returncode == 0
    commit(root, "Record the billing debt\n\nStandards-Accept: ruff:N802: x")
    check = standards(root, "check", "--diff", adoption)
    assert check.returncode == 1, check.stdout
    assert "Standards-Accept in commit" in check.stdout and "'x' is not a reason" in check.stdout
    assert "the baseline grew by 2 entries" in check.stdout


def test_update_entries_need_a_convention_the_change_adds_or_tightens(template: Path, tmp_path: Path) -> None:
    """Entries claiming `standards update` recorded them pass only for a convention the
    change made stricter; for an unchanged one they are growth like any other."""
    root, adoption = adopted(template, tmp_path)
    violate(root, modules=1)
    findings = json.loads(standards(root, "check", "--all", "--format", "json").stdout)["findings"]
    assert len(findings) == 2

    def record(convention: str) -> None:
        kept = baseline.load(root)
        new = {
            baseline.Entry(f["rule"], f["path"], f["fingerprint"], reason="recorded by update", convention=convention)
            for f in findings
        }
        write(root, {baseline.PATH: baseline.render_entries(new | {e for e in kept if e not in new})})

    record("py.naming.function")  # error at the base and now: unchanged
    commit(root, "Record the billing debt")
    check = standards(root, "check", "--diff", adoption)
    assert check.returncode == 1, check.stdout
    assert "py.naming.function did not become new or stricter in this change" in check.stdout

    toml = (root / "standards.toml").read_text()
    section = toml.index('[conventions."py.size.complexity"]')
    write(root, {"standards.toml": toml[:section] + toml[section:].replace('level = "warn"', 'level = "error"', 1)})
    record("py.size.complexity")  # warn at the base, error now: tightened in this change
    commit(root, "Tighten complexity")
    check = standards(root, "check", "--diff", adoption)
    assert "the baseline grew by 2 entries, accepted as 'recorded by update'" in check.stdout, check.stdout
    assert "standards:baseline-growth" not in check.stdout


def test_a_shrinking_baseline_needs_nothing(template: Path, tmp_path: Path) -> None:
    root, adoption = adopted(template, tmp_path)
    write(root, {baseline.PATH: baseline.render_entries(set())})
    commit(root, "Clear the baseline")
    check = standards(root, "check", "--diff", adoption)
    assert check.returncode == 0 and "baseline" not in check.stdout.split("\n")[0]


def test_a_new_warning_is_not_recorded_so_rerecording_does_not_grow_the_baseline(
    template: Path, tmp_path: Path
) -> None:
    root, adoption = adopted(template, tmp_path)
    before = entries(root)
    write(root, {"pkg/runner.py": '"""Run."""\n\nimport subprocess\n\nsubprocess.run(["ls"])\n'})
    found = standards(root, "check", "pkg/runner.py", "--format", "json")
    assert [f["level"] for f in json.loads(found.stdout)["findings"]] == ["warn"], found.stdout  # PLW1510
    out = standards(root, "baseline")
    assert out.returncode == 0 and "1 warning(s) not recorded" in out.stdout, out.stdout
    assert entries(root) == before
    commit(root, "Add a runner and re-record the baseline")
    assert standards(root, "check", "--diff", adoption).returncode == 0


def test_entries_keep_their_reason_through_a_round_trip() -> None:
    entry = baseline.Entry("ruff:N802", "a.py", "abc:0", reason=REASON, convention="")
    text = baseline.render_entries({entry, baseline.Entry("ruff:E501", "a.py", "def:0")})
    parsed = {e.key: e for e in baseline.parse(text, "test")}
    assert parsed[entry.key].reason == REASON and parsed[("ruff:E501", "a.py", "def:0")].reason == ""
    assert baseline.added(set(), set(parsed.values()))[0].rule == "ruff:E501"


def test_trailer_parsing_splits_rule_colons_from_the_reason() -> None:
    found, refused = acceptance.parse_trailers("abc1234", f"Subject\n\nStandards-Accept: rubocop:Style/Foo: {REASON}\n")
    assert [(a.target, a.reason) for a in found] == [("rubocop:Style/Foo", REASON)] and refused == []
    found, refused = acceptance.parse_trailers("abc1234", "Subject\n\nStandards-Accept: no reason given\n")
    assert found == [] and "no `<rule or entry>: <reason>`" in refused[0].message
    with pytest.raises(StandardsError):
        acceptance.require_reason(".")
