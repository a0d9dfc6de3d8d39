"""Speed and memory, each as a ratio to a reference tool measured in the same run on the
same tree (the machine is shared: absolute seconds drift, same-run ratios hold better).

- `standards init --no-hooks` on netbox vs `ruff check --isolated --select ALL --no-cache`;
  the init runs through bench/_probe.py, which is the CLI plus a record of the pipeline's
  own per-stage timings (no profiler in that run);
- `standards check --staged` on 1, 5 and 50 changed files vs `ruff check` on those files;
- the hook (``python -m bench.speed hook``): `standards check --staged` on 5 staged Python files
  of flask vs `ruff check --select ALL` on them, with `standards` installed from its wheel in a
  fresh virtualenv as a user has it (the editable install of this checkout beside it, and the
  full check without the quick verdict), and pre-commit's own overhead apart; the same on
  flaskbb, a web application whose own rules apply to every Python change;
- the check cache (``python -m bench.speed cache``): `check --all` on netbox twice, the second
  against the first;
- the history pass (standards.history.reader.read_history) vs `git log --numstat` on a
  repository with a long history, built here with `git fast-import`;
- cProfile of the slowest stage, run alone on the same tree;
- scaling: init seconds against lines of code over every corpus the run initialised.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.recovery import HERE, RESULTS, count_lines, git, prepare, standards_cmd, timed

RUFF = Path(sys.executable).with_name("ruff")
PROBE = HERE / "_probe.py"


def ruff_cmd(*args: str) -> list[str]:
    return [str(RUFF) if RUFF.exists() else "ruff", *args]


def init_vs_ruff(name: str, work: Path, repeat: int = 3) -> tuple[dict, Path]:
    """``repeat`` alternating pairs (ruff, then init on a fresh copy): the machine is shared and
    one run can be a second off either way, so the medians and the median ratio are reported."""
    runs = []
    for _ in range(repeat):
        root = prepare(name, work, None)
        stages_file = work / f"{name}.stages.json"
        env = {**os.environ, "BENCH_STAGES": str(stages_file), "PYTHONPATH": str(HERE.parent)}
        r_sec, r_rss, r_proc = timed(
            ruff_cmd(
                "check", "--isolated", "--select", "ALL", "--no-cache", "--quiet", "--output-format", "concise", "."
            ),
            root,
        )
        s_sec, s_rss, s_proc = timed([sys.executable, str(PROBE), "init", "--no-hooks"], root, env=env)
        stages = json.loads(stages_file.read_text()) if stages_file.exists() else {}
        runs.append((s_sec / r_sec if r_sec else 0.0, r_sec, r_rss, r_proc, s_sec, s_rss, s_proc, stages))
    runs.sort(key=lambda run: run[0])
    ratio, r_sec, r_rss, r_proc, s_sec, s_rss, s_proc, stages = runs[len(runs) // 2]  # the median pair
    row = {
        "corpus": name,
        "lines": count_lines(root, "python"),
        "repeats": repeat,
        "standards_init_seconds": round(s_sec, 2),
        "standards_init_seconds_all": sorted(round(run[4], 2) for run in runs),
        "standards_init_peak_rss_kb": s_rss,
        "standards_exit": s_proc.returncode,
        "ruff_all_seconds": round(r_sec, 2),
        "ruff_all_seconds_all": sorted(round(run[1], 2) for run in runs),
        "ruff_all_peak_rss_kb": r_rss,
        "ruff_findings": r_proc.stdout.count("\n"),
        "ratio": round(ratio, 2),
        "ratios_all": [round(run[0], 2) for run in runs],
        "stages": stages,
    }
    if s_proc.returncode != 0:
        row["error"] = s_proc.stderr[-800:]
    return row, root


def staged_checks(root: Path, sizes: tuple[int, ...] = (1, 5, 50)) -> list[dict]:
    """Append a small conforming function to N library files, stage, time both tools."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", "Adopt standards", check=False)
    files = [
        p
        for p in git(root, "ls-files", "*.py").stdout.split()
        if "/tests/" not in p and "/migrations/" not in p and not p.endswith("__init__.py")
    ]
    random.Random(7).shuffle(files)
    out = []
    for n in sizes:
        chosen = files[:n]
        for p in chosen:
            text = (root / p).read_text(encoding="utf-8", errors="replace").rstrip("\n")
            (root / p).write_text(text + "\n\n\ndef bench_helper(value):\n    return value\n", encoding="utf-8")
        git(root, "add", "-A")
        s_sec, s_rss, s_proc = timed(standards_cmd("check", "--staged", "--format", "json"), root)
        r_sec, r_rss, _ = timed(ruff_cmd("check", "--no-cache", "--quiet", *chosen), root)
        r_all_sec, _, _ = timed(
            ruff_cmd("check", "--isolated", "--select", "ALL", "--no-cache", "--quiet", *chosen), root
        )
        try:
            found = len(json.loads(s_proc.stdout).get("findings", []))
        except json.JSONDecodeError:
            found = None
        out.append(
            {
                "files": n,
                "standards_seconds": round(s_sec, 2),
                "standards_peak_rss_kb": s_rss,
                "standards_exit": s_proc.returncode,
                "findings": found,
                "ruff_seconds": round(r_sec, 3),
                "ruff_select_all_seconds": round(r_all_sec, 3),
                "ruff_peak_rss_kb": r_rss,
                "ratio": round(s_sec / r_sec, 1) if r_sec else None,
                "ratio_to_select_all": round(s_sec / r_all_sec, 1) if r_all_sec else None,
            }
        )
        if n == sizes[0]:  # where a one-file check spends its time
            prof = root.parent / "check.prof"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "cProfile",
                    "-o",
                    str(prof),
                    "-m",
                    "standards",
                    "check",
                    "--staged",
                    "--format",
                    "json",
                ],
                cwd=root,
                capture_output=True,
                check=False,
            )
            if prof.exists():
                stats = pstats.Stats(str(prof))
                rows = [
                    {
                        "function": f"{Path(f).name}:{ln}({fn})",
                        "calls": nc,
                        "tottime": round(tt, 3),
                        "cumtime": round(ct, 3),
                    }
                    for (f, ln, fn), (cc, nc, tt, ct, _c) in stats.stats.items()
                ]  # type: ignore[attr-defined]
                out[-1]["profile_top_cumulative"] = sorted(rows, key=lambda r: -r["cumtime"])[:25]
        git(root, "reset", "-q", "--hard", "HEAD")
    return out


CONFORMING_HELPER = '\n\n\ndef bench_helper(value: int) -> int:\n    """Return the value."""\n    return value\n'


def _library_files(root: Path) -> list[str]:
    files = [
        p
        for p in git(root, "ls-files", "*.py").stdout.split()
        if "/tests/" not in f"/{p}" and "/migrations/" not in p and not p.endswith("__init__.py")
    ]
    random.Random(7).shuffle(files)
    return files


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def installed_standards(work: Path) -> Path | None:
    """`standards` as a user has it: the wheel built from this checkout, installed with its pinned
    dependencies into a fresh virtualenv (no editable install, whose import finder costs every
    start some milliseconds). None when the wheel or its dependencies cannot be had here."""
    dist, venv = work / "dist", work / "venv"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(HERE.parent)],
        capture_output=True,
        check=False,
    )
    wheels = sorted(dist.glob("house_standards-*.whl"))
    if built.returncode != 0 or not wheels:
        return None
    if subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, check=False).returncode != 0:
        return None
    python = venv / "bin" / "python"
    done = subprocess.run(
        [str(python), "-I", "-m", "pip", "install", "-q", str(wheels[-1])], capture_output=True, check=False
    )
    script = venv / "bin" / "standards"
    return script if done.returncode == 0 and script.exists() else None


def hook_ratio(root: Path, files: int = 5, pairs: int = 15, installed: Path | None = None) -> dict:
    """The pre-commit check on ``files`` staged Python files against ruff on the same files, and
    pre-commit's own overhead as a separate figure (trust.md: medians of alternating pairs).

    ``root`` is an adopted repository (`standards init` done and committed). Each pair runs
    `ruff check --select ALL --no-cache FILES` and `standards check --staged` (the console
    script the hook's ``entry`` names); each overhead pair runs `pre-commit run` with the
    generated hook (a private PRE_COMMIT_HOME) and `standards check --staged` alone."""
    git(root, "reset", "-q", "--hard", "HEAD")
    load = [round(x, 1) for x in os.getloadavg()]  # the machine is shared: how busy it was, with the figures
    chosen = _library_files(root)[:files]
    for p in chosen:  # a change that passes: the hook's everyday case (a typed, documented function)
        text = (root / p).read_text(encoding="utf-8", errors="replace").rstrip("\n")
        (root / p).write_text(text + CONFORMING_HELPER, encoding="utf-8")
    git(root, "add", "--", *chosen)
    script = Path(sys.executable).with_name("standards")
    checkout = [str(script)] if script.exists() else standards_cmd()  # this checkout's editable install
    hook = [str(installed)] if installed is not None else checkout
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as a user's machine runs it: bytecode cached
    env["PRE_COMMIT_HOME"] = str(root.parent / f".pre-commit-home-{root.name}")
    check = [*hook, "check", "--staged", *chosen]  # as the hook runs it: pre-commit passes the staged files
    check_here = [*checkout, "check", "--staged", *chosen]
    ruff = ruff_cmd("check", "--select", "ALL", "--no-cache", "--no-fix", *chosen)  # flask sets fix = true
    precommit = [str(Path(sys.executable).with_name("pre-commit")), "run", "--hook-stage", "pre-commit"]
    python = str(installed.parent / "python") if installed is not None else sys.executable
    start = [python, "-c", "pass"]  # the interpreter alone, with the site-packages of the standards measured
    loaded = [*hook, "check", "--help"]  # the interpreter and the check command's own imports, no work
    time.sleep(2.1)  # the check writes the quick verdict's plan only from inputs older than 2 s (init just wrote them)
    warm = [timed(cmd, root, env=env)[2] for cmd in (check, check_here, ruff, precommit, loaded)]  # bytecode, plans
    traced = timed(check, root, env={**env, "STANDARDS_QUICK_TRACE": "1"})[2]
    quick = next((ln for ln in traced.stderr.splitlines() if "quick verdict" in ln), "no quick verdict")
    full_env = {**env, "STANDARDS_NO_QUICK": "1"}  # the check itself, as before the quick verdict
    standards_s, ruff_s, ratios, start_s, loaded_s, full_s, full_ratios = [], [], [], [], [], [], []
    here_s, here_ratios = [], []
    for _ in range(pairs):
        r_sec, _, _ = timed(ruff, root, env=env)
        s_sec, s_rss, s_proc = timed(check, root, env=env)
        h_sec, _, _ = timed(check_here, root, env=env)
        f_sec, _, f_proc = timed(check, root, env=full_env)
        here_s.append(h_sec)
        here_ratios.append(h_sec / r_sec if r_sec else 0.0)
        ruff_s.append(r_sec)
        standards_s.append(s_sec)
        full_s.append(f_sec)
        ratios.append(s_sec / r_sec if r_sec else 0.0)
        full_ratios.append(f_sec / r_sec if r_sec else 0.0)
        start_s.append(timed(start, root, env=env)[0])
        loaded_s.append(timed(loaded, root, env=env)[0])
    alone_s, hooked_s, overheads = [], [], []
    for _ in range(pairs):
        a_sec, _, _ = timed(check, root, env=env)
        p_sec, _, p_proc = timed(precommit, root, env=env)
        alone_s.append(a_sec)
        hooked_s.append(p_sec)
        overheads.append(p_sec - a_sec)
    git(root, "reset", "-q", "--hard", "HEAD")
    return {
        "files": files,
        "pairs": pairs,
        "load_average_1_5_15_min": load,
        "cores": os.cpu_count(),
        "standards_check_staged_seconds": round(_median(standards_s), 3),
        "standards_check_staged_seconds_all": sorted(round(x, 3) for x in standards_s),
        "standards_peak_rss_kb": s_rss,
        "standards_exit": s_proc.returncode,
        "ruff_select_all_seconds": round(_median(ruff_s), 3),
        "ruff_select_all_seconds_all": sorted(round(x, 3) for x in ruff_s),
        "ratio_to_ruff_select_all": round(_median(ratios), 2),
        "ratios_all": sorted(round(x, 2) for x in ratios),
        "standards_installed_from_wheel": installed is not None,
        "checkout_check_staged_seconds": round(_median(here_s), 3),
        "checkout_ratio_to_ruff_select_all": round(_median(here_ratios), 2),
        "quick_verdict": quick.removeprefix("standards: "),
        "same_output_as_full_check": s_proc.stdout == f_proc.stdout and s_proc.returncode == f_proc.returncode,
        "full_check_seconds": round(_median(full_s), 3),
        "full_check_ratio_to_ruff_select_all": round(_median(full_ratios), 2),
        "python_start_seconds": round(_median(start_s), 3),
        "check_help_seconds": round(_median(loaded_s), 3),
        "floor_note": "python start (an interpreter with this venv's site-packages) plus the check's own ruff "
        "run cannot be gone below; check --help adds the check command's imports",
        "pre_commit_run_seconds": round(_median(hooked_s), 3),
        "pre_commit_exit": p_proc.returncode,
        "check_alone_seconds": round(_median(alone_s), 3),
        "pre_commit_overhead_seconds": round(_median(overheads), 3),
        "warm_up_exits": [proc.returncode for proc in warm],
        "ruff_command": "ruff check --select ALL --no-cache --no-fix <the files>",
        "check_command": "standards check --staged <the files> (the hook's entry with pre-commit's file list)",
    }


def cache_ratio(root: Path, pairs: int = 3) -> dict:
    """`standards check --all` with an empty cache, then again on the unchanged tree (issue 17:
    the second at most 10% of the first); ``pairs`` such pairs, medians reported."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "STANDARDS_NO_CACHE")}
    env["CI"] = "false"
    check = standards_cmd("check", "--all", "--format", "json")
    cold_s, warm_s, ratios, same = [], [], [], []
    for _ in range(pairs):
        shutil.rmtree(root / ".standards" / "cache", ignore_errors=True)
        c_sec, _, c_proc = timed(check, root, env=env)
        w_sec, _, w_proc = timed(check, root, env=env)
        cold_s.append(c_sec)
        warm_s.append(w_sec)
        ratios.append(w_sec / c_sec if c_sec else 0.0)
        same.append(c_proc.stdout == w_proc.stdout and c_proc.returncode == w_proc.returncode)
    return {
        "pairs": pairs,
        "first_run_seconds": round(_median(cold_s), 2),
        "first_run_seconds_all": sorted(round(x, 2) for x in cold_s),
        "second_run_seconds": round(_median(warm_s), 2),
        "second_run_seconds_all": sorted(round(x, 2) for x in warm_s),
        "ratio": round(_median(ratios), 3),
        "ratios_all": sorted(round(x, 3) for x in ratios),
        "identical_reports": all(same),
        "exit": c_proc.returncode,
    }


def _adopted(name: str, work: Path) -> Path:
    """A copy of corpus ``name`` with `standards init --no-hooks` done and committed."""
    root = prepare(name, work, None)
    _sec, _rss, proc = timed(standards_cmd("init", "--no-hooks"), root)
    if proc.returncode != 0:
        raise SystemExit(f"standards init failed on {name}: {proc.stderr[-800:]}")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", "Adopt standards")
    return root


def main(argv: list[str]) -> int:
    """`python -m bench.speed hook|cache ...`: only these parts, merged into speed.json
    (``hook``: 5 staged files on flask; ``cache``: check --all twice on netbox)."""
    wanted = set(argv) or {"hook", "cache"}
    path = RESULTS / "speed.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    with tempfile.TemporaryDirectory(prefix="standards-speed-") as tmp:
        work = Path(tmp)
        if "hook" in wanted:
            installed = installed_standards(work)
            results["hook"] = {"corpus": "flask", **hook_ratio(_adopted("flask", work), installed=installed)}
            # a web application, where our own rules (thin handlers, layering, indexed lookups) apply
            # to every Python change and the quick verdict answers only where their screens say no
            results["hook_web_app"] = {
                "corpus": "flaskbb",
                **hook_ratio(_adopted("flaskbb", work), installed=installed),
            }
        if "cache" in wanted:
            results["check_cache"] = {"corpus": "netbox", **cache_ratio(_adopted("netbox", work))}
    path.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    print(json.dumps({k: results[k] for k in ("hook", "hook_web_app", "check_cache") if k in results}, indent=1))
    return 0


def build_history(root: Path, commits: int = 5000, files: int = 400) -> None:
    """A repository with ``commits`` commits over two years, each changing 1-6 of ``files``
    Python files by a few lines (git fast-import: seconds, not minutes)."""
    rng = random.Random(11)
    contents = {
        f"pkg/mod_{i:03d}.py": [f"def f_{i}_{k}(x):\n    return x + {k}\n" for k in range(5)] for i in range(files)
    }
    names = sorted(contents)
    people = [(f"Dev {i}", f"dev{i}@example.invalid") for i in range(25)]
    start = 1_700_000_000 - 2 * 365 * 86_400
    out = io.BytesIO()

    def data(b: bytes) -> None:
        out.write(b"data %d\n" % len(b) + b + b"\n")

    for n in range(commits):
        author, email = rng.choice(people)
        when = start + n * (2 * 365 * 86_400 // commits)
        touched = names if n == 0 else rng.sample(names, rng.randint(1, 6))
        out.write(b"commit refs/heads/main\n")
        out.write(f"committer {author} <{email}> {when} +0000\n".encode())
        verb = rng.choice(["Fix", "Add", "Refactor", "Update", "Remove"])
        data(f"{verb} {touched[0].split('/')[-1][:-3]} handling\n\nDetails of change {n}.\n".encode())
        for path in touched:
            body = contents[path]
            if n and rng.random() < 0.3 and len(body) > 3:
                body.pop(rng.randrange(len(body)))
            body.append(f"def g_{n}(x):\n    return x * {n}\n")
            out.write(b"M 100644 inline " + path.encode() + b"\n")
            data("\n\n".join(body).encode())
        out.write(b"\n")
    git(root, "init", "-q", "-b", "main")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=out.getvalue(), check=True)
    git(root, "reset", "-q", "--hard", "main")


def history(work: Path, commits: int = 5000) -> dict:
    root = work / "long-history"
    root.mkdir()
    build_history(root, commits)
    g_sec, g_rss, _ = timed(["git", "log", "--numstat"], root)
    g2_sec, _, _ = timed(
        ["git", "log", "-z", "-M", "--numstat", "--format=%x1e%H%x00%P%x00%aN%x00%aE%x00%at%x00%ct%x00%B%x00"], root
    )
    code = (
        "import sys,time; from pathlib import Path; from standards.history.reader import read_history;"
        "t=time.perf_counter(); h=read_history(Path('.')); "
        "print(len(h.commits), sum(len(c.files) for c in h.commits), time.perf_counter()-t)"
    )
    s_sec, s_rss, s_proc = timed([sys.executable, "-c", code], root)
    parts = s_proc.stdout.split()
    a_code = (
        "import time; from pathlib import Path; from standards import pipeline;"
        "from standards.analyzers import all_analyzers;"
        "only={a.name for a in all_analyzers() if a.name.startswith('git_')};"
        "t=time.perf_counter(); a=pipeline.analyze(Path('.'), only=only);"
        "import json; print(json.dumps({k: round(v, 3) for k, v in a.timings.items()}))"
    )
    a_sec, a_rss, a_proc = timed([sys.executable, "-c", a_code], root)
    try:
        analyzer_timings = json.loads(a_proc.stdout.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        analyzer_timings = {"error": a_proc.stderr[-400:]}
    return {
        "commits": commits,
        "git_log_numstat_seconds": round(g_sec, 3),
        "git_log_as_reader_runs_it_seconds": round(g2_sec, 3),
        "git_peak_rss_kb": g_rss,
        "read_history_process_seconds": round(s_sec, 3),
        "read_history_peak_rss_kb": s_rss,
        "read_history_seconds": round(float(parts[2]), 3) if len(parts) == 3 else None,
        "commits_read": int(parts[0]) if parts else None,
        "file_changes_read": int(parts[1]) if len(parts) > 1 else None,
        "ratio_process": round(s_sec / g_sec, 2),
        "ratio_in_process": round(float(parts[2]) / g_sec, 2) if len(parts) == 3 else None,
        "history_analyzers_process_seconds": round(a_sec, 2),
        "history_analyzers_peak_rss_kb": a_rss,
        "history_analyzer_timings": analyzer_timings,
        "ratio_history_analyzers": round(a_sec / g_sec, 2),
    }


def profile_stage(root: Path, stage: str, top: int = 15) -> dict:
    """cProfile of one analyzer (or discovery) run alone in this process on ``root``."""
    from standards import pipeline

    prof = cProfile.Profile()
    start = time.perf_counter()
    prof.enable()
    if stage == "discover":
        from standards.discovery import discover

        discover(root)
    else:
        pipeline.analyze(root, only={stage})
    prof.disable()
    seconds = time.perf_counter() - start
    stats = pstats.Stats(prof)
    rows = []
    for (file, line, func), (cc, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append(
            {
                "function": f"{Path(file).name}:{line}({func})",
                "calls": nc,
                "tottime": round(tt, 3),
                "cumtime": round(ct, 3),
            }
        )
    by_cum = sorted(rows, key=lambda r: -r["cumtime"])
    by_tot = sorted(rows, key=lambda r: -r["tottime"])
    text = io.StringIO()
    pstats.Stats(prof, stream=text).sort_stats("cumulative").print_stats(25)
    return {
        "stage": stage,
        "profiled_seconds": round(seconds, 2),
        "top_cumulative": by_cum[:top],
        "top_self": by_tot[:top],
        "text": text.getvalue()[-6000:],
    }


def scaling_plot(points: list[dict], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, ax = plt.subplots(figsize=(7, 4.5))
    colors = {"python": "tab:blue", "javascript": "tab:orange", "ruby": "tab:red"}
    for lang, color in colors.items():
        pts = [p for p in points if p["language"] == lang]
        if not pts:
            continue
        ax.scatter([p["lines"] / 1000 for p in pts], [p["seconds"] for p in pts], c=color, label=lang)
        for p in pts:
            ax.annotate(
                p["corpus"], (p["lines"] / 1000, p["seconds"]), fontsize=7, xytext=(3, 3), textcoords="offset points"
            )
    ax.set_xlabel("lines of code (thousands, the corpus's main language)")
    ax.set_ylabel("standards init seconds")
    ax.set_title("standards init: time against size (same run)")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
