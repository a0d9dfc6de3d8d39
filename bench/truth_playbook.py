"""The playbook as onboarding (issue 15), counted by the bench on what `standards init` wrote:

- words: playbook.md's word count (hard cap 1,500; target at most 1,000 for a typical app);
- flow: each step of "How to add a feature here" names a file or directory that exists in the
  corpus (backticked paths and ``(path:line)`` citations, read with the bench's own parser);
- test command: the chosen command checked statically by bench/runbook.py (its line quotes it,
  it reaches a runner the project declares, the one-file example exists). The bench never runs
  a corpus's code (docs/trust.md, rulings).

    python -m bench.truth_playbook [NAME ...]     writes results/playbooks.json and section 5 of SUMMARY.md
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import recovery, truth_detection
from bench import runbook as bench_runbook
from standards.runbook import discover_runbook

CORPORA = ("flask", "flaskbb", "netbox", "ghost", "rails", "qs")
QUICK = ("flask", "flaskbb")
HARD_CAP = 1500
TARGET = 1000
FLOW_HEADING = "## How to add a feature here"
SECTION_TITLE = "## 5. Playbooks"
ESLINT = Path(__file__).resolve().parent.parent / ".tools" / "node_modules" / ".bin" / "eslint"
_STEP = re.compile(r"^\d+\.\s+\*\*(?P<layer>[^*]+)\*\*:?\s*(?P<text>.*)$")
_BACKTICKED = re.compile(r"`([^`]+)`")
_CITED = re.compile(r"\(((?:[\w.@+-]+/)*[\w.@+-]+\.[A-Za-z0-9]+):\d+\)")
_PATHLIKE = re.compile(r"^(?:[\w.@+-]+/)+[\w.@+-]*/?$|^[\w.@+-]+\.(?:py|rb|js|ts|mjs|cjs|jsx|tsx|erb)$")


def _log(msg: str) -> None:
    print(f"[playbooks {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def flow_steps(playbook: str) -> list[dict[str, Any]]:
    """Each numbered step of the feature flow: its layer, the paths it names, those that exist."""
    if FLOW_HEADING not in playbook:
        return []
    body = playbook.split(FLOW_HEADING, 1)[1].split("\n## ", 1)[0]
    steps = []
    for line in body.split("\n"):
        m = _STEP.match(line.strip())
        if m is None:
            continue
        named = [t for t in _BACKTICKED.findall(m.group("text")) if _PATHLIKE.match(t)]
        named += _CITED.findall(m.group("text"))
        steps.append({"layer": m.group("layer").strip(), "named": list(dict.fromkeys(named))})
    return steps


def measure(root: Path) -> dict[str, Any]:
    """The three numbers for an initialised corpus at ``root``."""
    path = root / "playbook.md"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    steps = flow_steps(text)
    for step in steps:
        step["real"] = [p for p in step["named"] if (root / p.rstrip("/")).exists()]
        step["ok"] = bool(step["real"])
    files = bench_runbook.files_of(root)
    runbook = discover_runbook(root, files)
    chosen = runbook.test_command
    check = bench_runbook.check(root, files, runbook)
    words = len(text.split())
    return {
        "words": words,
        "under_cap": words <= HARD_CAP,
        "within_target": words <= TARGET,
        "flow_steps": steps,
        "flow_real_file_per_layer": all(s["ok"] for s in steps) if steps else None,  # None: no flow written
        "test_command": chosen.text if chosen else None,
        "test_command_source": f"{chosen.source} {chosen.where}" if chosen else None,
        "test_command_statically_valid": bool(check.get("static_ok")),
        "test_command_check": check,
    }


def run(names: list[str], work: Path) -> dict[str, Any]:
    """Each corpus with its own configuration in place, `standards init` as the truth section
    runs it, then :func:`measure`."""
    if ESLINT.exists():
        os.environ.setdefault("STANDARDS_ESLINT", str(ESLINT))
    rows = {}
    for name in names:
        _log(f"{name}: init")
        root = recovery.prepare(name, work, None)
        try:
            python = _language(name, root) == "python"
            args = ["init", "--no-hooks"] + ([] if python else ["--no-baseline"])
            seconds, _rss, proc = recovery.timed(recovery.standards_cmd(*args), root)
            if proc.returncode != 0:
                rows[name] = {"error": (proc.stderr or proc.stdout)[-800:]}
                continue
            rows[name] = {"init_seconds": round(seconds, 2), "init_args": args, **measure(root)}
        finally:
            shutil.rmtree(root, ignore_errors=True)
        r = rows[name]
        _log(
            f"{name}: {r['words']} words, flow real file per layer {r['flow_real_file_per_layer']}, "
            f"test command {r['test_command']!r} statically valid {r['test_command_statically_valid']}"
        )
    return {"corpora": rows}


def _language(name: str, root: Path) -> str:
    """The corpus's main language: from the bench's truth tables, else the language most of its
    files are in (by extension). Python corpora get a baseline, as in the truth section."""
    truth = truth_detection.TRUTH.get(name)
    if truth is not None:
        return truth.languages[0]
    try:
        return recovery.language_of(name).name
    except KeyError:
        pass
    counts = {"python": 0, "ruby": 0, "javascript": 0}
    suffixes = {".py": "python", ".rb": "ruby", ".js": "javascript", ".ts": "javascript", ".mjs": "javascript"}
    for path in bench_runbook.files_of(root):
        lang = suffixes.get(Path(path).suffix)
        if lang:
            counts[lang] += 1
    return max(counts, key=lambda k: counts[k])


def section(playbooks: dict[str, Any]) -> list[str]:
    """Section 5 of SUMMARY.md."""
    out = [
        SECTION_TITLE,
        "",
        (
            "Each corpus with its own configuration in place, `standards init`, then counted by the bench "
            "(bench/truth_playbook.py) on playbook.md: its words (hard cap 1,500, target 1,000), whether every "
            'step of "How to add a feature here" names a file or directory that exists, and whether the chosen '
            "test command is statically valid (bench/runbook.py: its line quotes it, it reaches a runner the "
            "project declares, the one-file example exists; the bench never runs a corpus's code)."
        ),
        "",
        "| corpus | words | flow: real file per layer | test command | statically valid |",
        "|---|---|---|---|---|",
    ]
    for name, r in playbooks["corpora"].items():
        if "error" in r:
            out.append(f"| {name} | init failed | | | |")
            continue
        steps = r["flow_steps"]
        flow = (
            f"{sum(s['ok'] for s in steps)}/{len(steps)} ({', '.join(s['layer'] for s in steps)})"
            if steps
            else "no flow (no handlers found)"
        )
        words = f"{r['words']:,}" + ("" if r["under_cap"] else " **over the cap**")
        valid = "yes" if r["test_command_statically_valid"] else f"**no**: {_why_not(r['test_command_check'])}"
        command = f"`{r['test_command']}` ({r['test_command_source']})" if r["test_command"] else "none found"
        out.append(f"| {name} | {words} | {flow} | {command} | {valid} |")
    return out


def _why_not(check: dict[str, Any]) -> str:
    if "quote_ok" not in check:
        return str(check.get("why_not", ""))
    missing = [
        label
        for key, label in (
            ("quote_ok", "its line does not quote it"),
            ("runner", "no runner reached"),
            ("runner_declared", "runner not declared"),
            ("example_exists", "no test file in the corpus"),
        )
        if not check.get(key)
    ]
    return "; ".join(missing)


def merged(previous: Path, playbooks: dict[str, Any]) -> dict[str, Any]:
    try:
        rows = json.loads(previous.read_text(encoding="utf-8")).get("corpora", {})
    except (OSError, ValueError):
        rows = {}
    rows = {**rows, **playbooks["corpora"]}
    order = {name: i for i, name in enumerate(CORPORA)}
    return {"corpora": dict(sorted(rows.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))}


def write(results: Path, playbooks: dict[str, Any]) -> None:
    """playbooks.json, and section 5 of SUMMARY.md (replaced in place; appended after section 4)."""
    results.mkdir(exist_ok=True)
    (results / "playbooks.json").write_text(json.dumps(playbooks, indent=1, sort_keys=True) + "\n")
    summary = results / "SUMMARY.md"
    if not summary.exists():
        return
    text = summary.read_text(encoding="utf-8")
    head = text.split(SECTION_TITLE, 1)[0].rstrip("\n")
    summary.write_text(head + "\n\n" + "\n".join(section(playbooks)) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    names = [a for a in argv if not a.startswith("-")] or list(CORPORA)
    with tempfile.TemporaryDirectory(prefix="standards-playbooks-") as tmp:
        playbooks = run(names, Path(tmp))
    playbooks = merged(recovery.RESULTS / "playbooks.json", playbooks)
    write(recovery.RESULTS, playbooks)
    print("\n".join(section(playbooks)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
