"""The hook on real commits: replay a project's history one first-parent commit at a time and
run the pre-commit check on each as its author would have staged it.

`python -m bench.hook_replay [NAME=MIRROR ...]`: for each project (a git directory, e.g. one the
library's ``fetch`` brought to /work/.mirror), the commit ``COMMITS`` first-parent steps back is
checked out and adopted (`standards init --no-hooks`, committed); then each later commit's
change (``git diff C^1 C``) is applied to the index and checked twice, by the full check
(``STANDARDS_NO_QUICK=1``) and as the hook runs it (the staged files on the command line), and
committed. Reported per project: how many changes the quick verdict answered, and why it left
the others to the check (grouped by reason); whether every answer was the check's own (exit
code and output); and the hook's time against `ruff check --select ALL` on the change's Python
files. Written to bench/results/hook_replay.json.

Nothing here is tuned on these projects: which changes the quick verdict answers is what it is
on the commits as they were made.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.recovery import RESULTS, git
from bench.speed import _median, installed_standards, ruff_cmd, timed

COMMITS = 40
PROJECTS = {
    "flask": "/work/.mirror/pallets+flask/repo",
    "flaskbb": "/work/.mirror/flaskbb+flaskbb/repo",
}
# files whose change ends a plan; the hook after such a commit waits out the plan's racy window
PLAN_INPUTS = re.compile(
    r"(^|/)(standards\.toml|pyproject\.toml|ruff\.toml|\.ruff\.toml|setup\.cfg|tox\.ini|\.flake8)$"
)


def replay(name: str, mirror: Path, work: Path, standards: list[str], commits: int = COMMITS) -> dict:
    root = work / name
    subprocess.run(["git", "clone", "-q", str(mirror), str(root)], check=True, capture_output=True)
    ids = git(root, "rev-list", "--first-parent", "-n", str(commits + 1), "HEAD").stdout.split()[::-1]
    git(root, "checkout", "-q", "-b", "replay", ids[0])
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "CI")}
    adopted = timed([*standards, "init", "--no-hooks"], root, env=env)[2]
    if adopted.returncode != 0:
        return {"error": f"init failed: {adopted.stderr[-500:]}"}
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", "Adopt standards")
    time.sleep(2.1)
    rows = []
    fresh = False  # a plan input was just rewritten (by a reset after a patch that did not apply)
    for commit in ids[1:]:
        patch = subprocess.run(
            ["git", "diff", "--binary", f"{commit}^1", commit], cwd=root, capture_output=True, check=False
        ).stdout
        applied = subprocess.run(
            ["git", "apply", "--3way", "--index", "-"], cwd=root, input=patch, capture_output=True, check=False
        )
        # the files pre-commit passes the hook: staged, deleted ones left out
        files = git(root, "diff", "--cached", "--name-only", "--diff-filter=ACMRTUXB").stdout.split()
        if applied.returncode != 0 or not files:
            git(root, "reset", "-q", "--hard", "HEAD")
            fresh = True
            rows.append({"commit": commit[:10], "skipped": "does not apply here" if applied.returncode else "empty"})
            continue
        if fresh or any(PLAN_INPUTS.search(f) for f in files):
            time.sleep(2.1)  # commits are minutes apart; a plan is not written from inputs under 2 s old
            fresh = False
        check = [*standards, "check", "--staged", *files]
        full = timed(check, root, env={**env, "STANDARDS_NO_QUICK": "1", "STANDARDS_QUICK_TRACE": "1"})
        plan = next((ln for ln in full[2].stderr.splitlines() if "quick verdict plan" in ln), "")
        hook_s, hooked = [], None
        ruff_s = []
        python = [f for f in files if f.endswith(".py") and (root / f).is_file()]
        for _ in range(2):
            if python:
                ruff_s.append(timed(ruff_cmd("check", "--select", "ALL", "--no-cache", "--no-fix", *python), root)[0])
            sec, _rss, hooked = timed(check, root, env={**env, "STANDARDS_QUICK_TRACE": "1"})
            hook_s.append(sec)
        said = next((ln for ln in hooked.stderr.splitlines() if "quick verdict" in ln), "")
        rows.append(
            {
                "commit": commit[:10],
                "files": len(files),
                "python_files": len(python),
                "quick": said.removeprefix("standards: quick verdict "),
                "plan_by_the_check": plan.removeprefix("standards: quick verdict "),
                "same_as_check": (hooked.returncode, hooked.stdout) == (full[2].returncode, full[2].stdout),
                "exit": full[2].returncode,
                "hook_seconds": round(_median(hook_s), 3),
                "full_seconds": round(full[0], 3),
                "ruff_seconds": round(_median(ruff_s), 3) if ruff_s else None,
            }
        )
        git(root, "commit", "-q", "--no-verify", "-m", f"Replay {commit[:10]}")
    return summarise(rows)


def summarise(rows: list[dict]) -> dict:
    checked = [r for r in rows if "skipped" not in r]
    given = [r for r in checked if r["quick"] == "given"]
    reasons = Counter(_reason(r["quick"]) for r in checked if r["quick"] != "given")
    ratios = [r["hook_seconds"] / r["ruff_seconds"] for r in given if r["ruff_seconds"]]
    return {
        "changes": len(rows),
        "checked": len(checked),
        "skipped": len(rows) - len(checked),
        "answered_by_quick_verdict": len(given),
        "declined_by_reason": dict(reasons.most_common()),
        "all_answers_the_checks_own": all(r["same_as_check"] for r in checked),
        "answered_ratio_to_ruff_median": round(_median(ratios), 2) if ratios else None,
        "answered_hook_seconds_median": round(_median([r["hook_seconds"] for r in given]), 3) if given else None,
        "declined_hook_seconds_median": (
            round(_median([r["hook_seconds"] for r in checked if r["quick"] != "given"]), 3)
            if len(given) < len(checked)
            else None
        ),
        "rows": rows,
    }


def _reason(said: str) -> str:
    """A decline's reason without the file names in it (``flaskbb/x.py: rule layering may``...)."""
    text = said.removeprefix("declined (").removesuffix(")")
    text = re.sub(r"^Declined: ", "", text)
    text = re.sub(r"^[^\s:]+\.\w+: ", "", text)
    return re.sub(r"\S+/\S+", "<path>", text)


def main(argv: list[str]) -> int:
    chosen = dict(a.split("=", 1) for a in argv) if argv else PROJECTS
    results = {}
    with tempfile.TemporaryDirectory(prefix="standards-replay-") as tmp:
        work = Path(tmp)
        installed = installed_standards(work)
        standards = [str(installed)] if installed is not None else [sys.executable, "-m", "standards"]
        for name, mirror in chosen.items():
            if not Path(mirror).exists():
                results[name] = {"error": f"{mirror}: no such git directory (fetch it first)"}
                continue
            results[name] = {"mirror": mirror, "installed_from_wheel": installed is not None}
            results[name].update(replay(name, Path(mirror), work, standards))
    (RESULTS / "hook_replay.json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    print(json.dumps({k: {x: y for x, y in v.items() if x != "rows"} for k, v in results.items()}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
