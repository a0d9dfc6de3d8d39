"""Ruby init speed beside RuboCop (issue 16: "init on a 1,000-file Rails app: under 20 s on two
cores, measured beside RuboCop on the same files").

    python -m bench.ruby_speed [--against DIR] [CORPUS ...]
                                    (default: rails rubocop; merged into speed.json)

For each corpus, ``repeat`` alternating pairs on a fresh copy committed into a new repository:
`standards init --no-hooks` (through bench/_probe.py, which records the pipeline's stages),
then a plain `rubocop --format json --parallel` over the same Ruby files with the same
configuration: the private one `standards check` builds from the copy's standards.toml and the
project's `.rubocop.yml` (read as data), every cop it enables (no ``--only``). Both start with
an empty RuboCop result cache (a fresh ``XDG_CACHE_HOME`` for init, a fresh ``--cache-root`` for
RuboCop): the figure is a first init. Wall seconds and the CPU seconds of each process tree
(user + system, which the machine's other load moves less) are reported, medians and the
median ratio of the pairs. Each init is followed by a second one on the adopted copy, its
caches warm (a check of every file against the adopted conventions, then the baseline: RuboCop
over every file twice, from its result cache when it can). ``--against DIR`` adds to each pair
an init by another checkout of `standards` (DIR, e.g. the tree before a change), first or last
in turn, and reports it beside: the before and after of a change in one run.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.recovery import HERE, RESULTS, count_lines, git, prepare

PROBE = HERE / "_probe.py"
CORPORA = ("rails", "rubocop")


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall seconds, CPU seconds of the process and its waited-for children, the process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc


def rubocop_beside(root: Path, scratch: Path, env: dict[str, str]) -> tuple[float, float, dict]:
    """Plain RuboCop over the Ruby files `standards check` lints, with the configuration it builds
    (one run per nearest `.rubocop.yml`); seconds summed over the runs, and what RuboCop counted."""
    from standards import standards_file
    from standards.check.runners import rubocop as runner
    from standards.discovery import discover

    standards = standards_file.load(root)
    paths = [f.path for f in discover(root).files if f.language == "ruby"]
    wall = cpu = 0.0
    counted = {"files": len(paths), "inspected": 0, "offenses": 0, "runs": 0}
    if standards is None:  # init failed: nothing to compare with
        return wall, cpu, counted
    for number, (plan, files) in enumerate(runner.plans(root, paths, standards)):
        here = scratch / f"run-{number}"
        shutil.rmtree(here, ignore_errors=True)
        here.mkdir(parents=True)
        for version_file, data in runner.version_files(root).items():
            (here / version_file).write_bytes(data)
        config = here / "rubocop.yml"
        config.write_text(plan.text, encoding="utf-8")
        cmd = ["rubocop", "--config", str(config), "--format", "json", "--force-exclusion", "--parallel"]
        cmd.append("--ignore-unrecognized-cops")  # as the check runs it: a cop newer than 1.39 in the project's config
        cmd += ["--cache-root", str(here / "cache"), "--", *(str(root.resolve() / p) for p in files)]
        w, c, proc = timed(cmd, here, env)
        wall, cpu = wall + w, cpu + c
        summary = json.loads(proc.stdout or "{}").get("summary", {})
        counted["inspected"] += int(summary.get("inspected_file_count", 0))
        counted["offenses"] += int(summary.get("offense_count", 0))
        counted["runs"] += 1
    return wall, cpu, counted


def _env(caches: Path, tools: str, **more: str) -> dict[str, str]:
    """This environment with empty caches (``XDG_CACHE_HOME``) and the pinned ESLint where it is."""
    shutil.rmtree(caches, ignore_errors=True)
    caches.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "RUBOCOP_CACHE_ROOT")}
    return {**env, "XDG_CACHE_HOME": str(caches), "STANDARDS_TOOLS_HOME": tools, **more}


def _init(name: str, work: Path, checkout: Path, tools: str, tag: str, keep: bool = False) -> dict:
    """`standards init --no-hooks` by ``checkout`` on a fresh copy of corpus ``name``."""
    root = prepare(name, work, None)
    stages_file = work / f"{name}.stages.json"
    stages_file.unlink(missing_ok=True)
    env = _env(work / f"xdg-{name}-{tag}", tools, BENCH_STAGES=str(stages_file), PYTHONPATH=str(checkout))
    s_wall, s_cpu, s_proc = timed(
        [sys.executable, str(checkout / "bench" / "_probe.py"), "init", "--no-hooks"], root, env
    )
    baseline = root / ".standards" / "baseline.json"
    out = {
        "init_seconds": round(s_wall, 2),
        "init_cpu_seconds": round(s_cpu, 2),
        "init_exit": s_proc.returncode,
        "baseline_entries": len(json.loads(baseline.read_text()).get("entries", [])) if baseline.exists() else None,
        "baseline_sha256": hashlib.sha256(baseline.read_bytes()).hexdigest()[:16] if baseline.exists() else None,
        "stages": json.loads(stages_file.read_text()) if stages_file.exists() else {},
        **({"error": s_proc.stderr[-800:]} if s_proc.returncode else {}),
    }
    if s_proc.returncode == 0:  # again on the adopted copy, its caches warm: a check of all files, then the baseline
        git(root, "add", "-A")
        git(root, "commit", "-q", "--no-verify", "-m", "Adopt standards")
        before = baseline.read_bytes()
        a_wall, a_cpu, a_proc = timed([sys.executable, "-m", "standards", "init", "--no-hooks"], root, env)
        out["reinit_seconds"], out["reinit_cpu_seconds"] = round(a_wall, 2), round(a_cpu, 2)
        out["reinit_same_baseline"] = a_proc.returncode == 0 and baseline.read_bytes() == before
    if keep:
        out["root"] = root
    else:
        shutil.rmtree(root, ignore_errors=True)
    return out


def init_beside_rubocop(name: str, work: Path, repeat: int = 3, against: Path | None = None) -> dict:
    """``repeat`` pairs (init on a fresh copy, then RuboCop on that copy; with ``against``, an
    init by that checkout too), medians reported."""
    from standards import js_tools

    tools = str(js_tools.cache_root())  # the pinned ESLint stays where it is; only the caches start empty
    pairs = []
    for n in range(repeat):
        other = None
        if against is not None and n % 2 == 1:  # the other checkout first in every second pair
            other = _init(name, work, against, tools, f"{n}-against")
        ours = _init(name, work, HERE.parent, tools, str(n), keep=True)
        root = ours.pop("root")
        r_wall, r_cpu, counted = rubocop_beside(root, work / f"rubocop-{name}-{n}", _env(work / "rubocop-xdg", tools))
        lines = count_lines(root, "ruby")
        shutil.rmtree(root, ignore_errors=True)
        if against is not None and other is None:
            other = _init(name, work, against, tools, f"{n}-against")
        pairs.append(
            {
                **ours,
                "rubocop_seconds": round(r_wall, 2),
                "rubocop_cpu_seconds": round(r_cpu, 2),
                "ratio": round(ours["init_seconds"] / r_wall, 2) if r_wall else None,
                "rubocop": counted,
                **({"against": other} if other is not None else {}),
            }
        )
    median = sorted(pairs, key=lambda p: p["ratio"] or 0.0)[len(pairs) // 2]
    return {
        "corpus": name,
        "lines": lines,
        "ruby_files": median["rubocop"]["files"],
        "rubocop_inspected_files": median["rubocop"]["inspected"],
        "repeats": repeat,
        "init_seconds": round(_median([p["init_seconds"] for p in pairs]), 2),
        "init_seconds_all": sorted(p["init_seconds"] for p in pairs),
        "init_cpu_seconds": round(_median([p["init_cpu_seconds"] for p in pairs]), 2),
        **_reinit(pairs),
        "rubocop_seconds": round(_median([p["rubocop_seconds"] for p in pairs]), 2),
        "rubocop_seconds_all": sorted(p["rubocop_seconds"] for p in pairs),
        "rubocop_cpu_seconds": round(_median([p["rubocop_cpu_seconds"] for p in pairs]), 2),
        "ratio": median["ratio"],
        "ratios_all": [p["ratio"] for p in pairs],
        "baseline_entries": sorted({p["baseline_entries"] for p in pairs if p["baseline_entries"] is not None}),
        "baseline_sha256": sorted({p["baseline_sha256"] for p in pairs if p["baseline_sha256"]}),
        "stages": median["stages"],
        "rubocop_command": "rubocop --config <the check's private config> --format json --force-exclusion "
        "--parallel --ignore-unrecognized-cops --cache-root <empty> -- <the Ruby files>",
        "cores": os.cpu_count(),
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        **({"against": _against(against, pairs)} if against is not None else {}),
        "pairs": [_without_stages(p) for p in pairs],
    }


def _without_stages(pair: dict) -> dict:
    """A pair as speed.json keeps it: the stages are kept for the median pair only (above)."""
    out = {k: v for k, v in pair.items() if k != "stages"}
    if "against" in out:
        out["against"] = {k: v for k, v in out["against"].items() if k != "stages"}
    return out


def _reinit(inits: list[dict]) -> dict:
    """The medians of the second inits (on the adopted copy), when every first init succeeded."""
    if not all("reinit_seconds" in i for i in inits):
        return {}
    return {
        "reinit_seconds": round(_median([i["reinit_seconds"] for i in inits]), 2),
        "reinit_cpu_seconds": round(_median([i["reinit_cpu_seconds"] for i in inits]), 2),
        "reinit_same_baseline": all(i["reinit_same_baseline"] for i in inits),
    }


def _against(checkout: Path, pairs: list[dict]) -> dict:
    """The other checkout's inits of the same pairs: medians, and whether its baselines equal ours."""
    theirs = [p["against"] for p in pairs]
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=checkout, capture_output=True, text=True, check=False
    )
    return {
        "checkout": str(checkout),
        "commit": head.stdout.strip() if head.returncode == 0 else "",
        "init_seconds": round(_median([t["init_seconds"] for t in theirs]), 2),
        "init_seconds_all": sorted(t["init_seconds"] for t in theirs),
        "init_cpu_seconds": round(_median([t["init_cpu_seconds"] for t in theirs]), 2),
        **_reinit(theirs),
        "ratio": round(_median([t["init_seconds"] / p["rubocop_seconds"] for t, p in zip(theirs, pairs)]), 2),
        "baseline_sha256": sorted({t["baseline_sha256"] for t in theirs if t["baseline_sha256"]}),
        "same_baseline": {t["baseline_sha256"] for t in theirs} == {p["baseline_sha256"] for p in pairs},
        "stages": sorted(theirs, key=lambda t: t["init_seconds"])[len(theirs) // 2]["stages"],
    }


def summary_lines(spd: dict) -> list[str]:
    """The SUMMARY.md lines for ``speed.json``'s ``ruby_init`` (none when it was not measured)."""
    out = []
    for row in spd.get("ruby_init", {}).get("corpora", []):
        stages = row.get("stages", {})
        out.append(
            f"- Ruby: `standards init --no-hooks` on {row['corpus']} ({row['ruby_files']:,} Ruby files, "
            f"{row['lines']:,} lines): {row['init_seconds']} s ({row['init_cpu_seconds']} s CPU) beside plain "
            f"`rubocop --format json --parallel` with the same configuration over the same files "
            f"({row['rubocop_inspected_files']:,} inspected) {row['rubocop_seconds']} s "
            f"({row['rubocop_cpu_seconds']} s CPU): **{row['ratio']}×** (the median of {row['repeats']} alternating "
            f"pairs on {row['cores']} cores, ratios {row['ratios_all']}, load average {row['load_average_after'][0]} "
            "after; goal: under 20 s for a 1,000-file app). "
            "Of init: analysis "
            f"and proofs {stages.get('plan (analyze+infer+emit)', 0):.1f} s, baseline "
            f"{stages.get('baseline', 0):.1f} s ({', '.join(f'{n:,}' for n in row['baseline_entries'])} entries)."
            + _reinit_line(row)
            + _against_line(row.get("against"))
        )
    earlier = spd.get("ruby_init", {}).get("earlier_run")
    if earlier:
        out.append(
            f"- Ruby, an earlier run ({earlier['measured_at']}): "
            + "; ".join(
                f"{name} {r['init_seconds']} s against {r['before_init_seconds']} s before, "
                f"RuboCop {r['rubocop_seconds']} s (load average {r['load_average_after'][0]})"
                for name, r in earlier["corpora"].items()
            )
            + "."
        )
    return out


def _reinit_line(row: dict) -> str:
    if "reinit_seconds" not in row:
        return ""
    same = "the same baseline" if row["reinit_same_baseline"] else "**another baseline**"
    return f" Init again on the adopted copy: {row['reinit_seconds']} s ({row['reinit_cpu_seconds']} s CPU), {same}."


def _against_line(against: dict | None) -> str:
    if not against:
        return ""
    same = "identical" if against["same_baseline"] else "**different**"
    return (
        f" In the same pairs, `{against['commit'] or against['checkout']}` (before): {against['init_seconds']} s "
        f"({against['init_cpu_seconds']} s CPU), {against['ratio']}×; baselines {same}." + _reinit_line(against)
    )


def main(argv: list[str]) -> int:
    against = None
    if "--against" in argv:
        at = argv.index("--against")
        against = Path(argv[at + 1]).resolve()
        argv = argv[:at] + argv[at + 2 :]
    names = argv or list(CORPORA)
    path = RESULTS / "speed.json"
    with tempfile.TemporaryDirectory(prefix="standards-ruby-speed-") as tmp:
        rows = [init_beside_rubocop(name, Path(tmp), against=against) for name in names]
    results = json.loads(path.read_text()) if path.exists() else {}
    earlier = results.get("ruby_init", {}).get("corpora", [])  # a run on some corpora keeps the others
    measured = {row["corpus"] for row in rows}
    results["ruby_init"] = {"corpora": [r for r in earlier if r.get("corpus") not in measured] + rows}
    path.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    print("\n".join(summary_lines(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
