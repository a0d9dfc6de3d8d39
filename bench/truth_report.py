"""The truth section (issue 13 §5): on each corpus, with its own lint configuration left in
place (as a maintainer would run it), `standards init`, then four numbers counted by the bench
itself rather than read from what standards says about itself:

- proof rate: enforced conventions whose bench-made deviation `standards check --staged`
  refuses with the convention's rule (bench/truth_proof.py), beside the "_proofs" record;
- example truth rate: cited ``path:line`` in playbook.md and `standards explain` that hold
  their snippet (bench/truth_examples.py);
- weakening count: the project's settings that init made weaker (bench/truth_weakening.py; for
  ESLint, bench/truth_weakening_eslint.py: the project's own ESLint where its config is data);
- detection errors: languages, frameworks and test framework against a truth table
  (bench/truth_detection.py).

Goal on every corpus: 100% / 100% / 0 / 0.

    python -m bench.truth_report [NAME ...]     writes results/truth.json and the truth section of SUMMARY.md
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import recovery, truth_detection, truth_examples, truth_proof, truth_weakening, truth_weakening_eslint
from bench.report import truth_section

CORPORA = ("flask", "flaskbb", "attrs", "qs", "sails", "rubocop")
QUICK = ("flask", "qs")
ESLINT = Path(__file__).resolve().parent.parent / ".tools" / "node_modules" / ".bin" / "eslint"
SECTION_TITLE = "## 4. Truth"


def language(name: str) -> str:
    truth = truth_detection.TRUTH.get(name)
    if truth is not None:
        return truth.languages[0]
    return recovery.language_of(name).name


def _log(msg: str) -> None:
    print(f"[truth {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def measure(name: str, work: Path) -> dict[str, Any]:
    """All four numbers for one corpus (a fresh, unstripped copy under ``work``)."""
    if ESLINT.exists():
        os.environ.setdefault("STANDARDS_ESLINT", str(ESLINT))
    lang = language(name)
    root = recovery.prepare(name, work, None)
    try:
        probe = next(iter(truth_proof.library_files(root)["python"]), None) if lang == "python" else None
        was = truth_weakening.before(root, probe) if probe else None
        sample = truth_weakening.rubocop_sample(root) if lang == "ruby" else []
        theirs = truth_weakening.rubocop_counts(root, sample) if sample else None
        js_was = truth_weakening_eslint.before(root) if lang == "javascript" else None
        args = ["init", "--no-hooks"] + ([] if lang == "python" else ["--no-baseline"])
        seconds, _rss, proc = recovery.timed(recovery.standards_cmd(*args), root)
        if proc.returncode != 0:
            return {"language": lang, "error": (proc.stderr or proc.stdout)[-800:]}
        if was is not None:
            weakening = truth_weakening.compare(root, probe, was)
        elif lang == "ruby":
            weakening = truth_weakening.compare_rubocop(root, sample, theirs)
        elif js_was is not None:
            weakening = truth_weakening_eslint.after(root, js_was)
        else:
            weakening = truth_weakening.not_measured(lang)
        detection = truth_detection.measure(name, root)
        examples = truth_examples.measure(root)
        recovery.git(root, "add", "-A")
        recovery.git(root, "commit", "-q", "--no-verify", "-m", "Adopt standards", check=False)
        proof = truth_proof.measure(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return {
        "language": lang,
        "init_seconds": round(seconds, 2),
        "proof_rate": _rate(proof["refused"], proof["enforced"]),
        "example_truth_rate": _rate(examples["true"], examples["cited"]),
        "weakening_count": weakening["count"],
        "detection_errors": detection["count"],
        "proof": proof,
        "examples": examples,
        "weakening": weakening,
        "detection": detection,
    }


def _rate(hits: int, total: int) -> float | None:
    return round(hits / total, 3) if total else None


def goal_met(row: dict[str, Any]) -> bool:
    return (
        "error" not in row
        and row["proof_rate"] == 1.0
        and row["example_truth_rate"] in (1.0, None)
        and row["weakening_count"] in (0, None)
        and row["detection_errors"] == 0
    )


def run(names: list[str], work: Path) -> dict[str, Any]:
    rows = {}
    for name in names:
        _log(f"truth {name}")
        rows[name] = measure(name, work)
    return {"corpora": rows, "goal_met": sorted(n for n, r in rows.items() if goal_met(r))}


def merged(previous: Path, truth: dict[str, Any]) -> dict[str, Any]:
    """``truth`` over the corpora of an earlier truth.json (a run on some corpora keeps the rest)."""
    try:
        rows = json.loads(previous.read_text(encoding="utf-8")).get("corpora", {})
    except (OSError, ValueError):
        rows = {}
    rows = {**rows, **truth["corpora"]}
    return {"corpora": rows, "goal_met": sorted(n for n, r in rows.items() if goal_met(r))}


def write(results: Path, truth: dict[str, Any]) -> None:
    """truth.json, and the truth section of SUMMARY.md (replaced in place when it exists)."""
    results.mkdir(exist_ok=True)
    (results / "truth.json").write_text(json.dumps(truth, indent=1, sort_keys=True) + "\n")
    summary = results / "SUMMARY.md"
    section = "\n".join(truth_section(truth)) + "\n"
    if not summary.exists():
        return
    text = summary.read_text(encoding="utf-8")
    head, _, rest = text.partition(SECTION_TITLE)
    after = rest.find("\n## ")  # the sections after this one stay (5. Playbooks)
    tail = "\n" + rest[after + 1 :] if after >= 0 else ""
    summary.write_text(head.rstrip("\n") + "\n\n" + section + tail, encoding="utf-8")


def main(argv: list[str]) -> int:
    names = [a for a in argv if not a.startswith("-")] or list(QUICK if "--quick" in argv else CORPORA)
    with tempfile.TemporaryDirectory(prefix="standards-truth-") as tmp:
        truth = run(names, Path(tmp))
    truth = merged(recovery.RESULTS / "truth.json", truth)
    write(recovery.RESULTS, truth)
    for name, row in truth["corpora"].items():
        if "error" in row:
            print(f"{name}: init failed")
            continue
        print(
            f"{name:10} proof {row['proof_rate']}  examples {row['example_truth_rate']}  "
            f"weakening {row['weakening_count']}  detection errors {row['detection_errors']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
