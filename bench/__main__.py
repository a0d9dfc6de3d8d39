"""`python -m bench`: the whole benchmark in one command.

Fetches the corpora it needs (or uses $STANDARDS_CORPORA), then writes bench/results/:
recovery.json (config recovery, Python/JS/Ruby, beside the tools' defaults), injection.json
(injected deviations and conforming changes: recall and precision per rule), speed.json
(init vs ruff on netbox, staged checks vs ruff, peak memory, history pass vs git log,
cProfile of the slowest stage), scaling.png, truth.json (proof rate, example truth rate,
weakening and detection errors per corpus, its own configuration in place), playbooks.json
(playbook words, a real file per layer of the feature flow, the test command checked
statically) and SUMMARY.md.
About 10 minutes on 2 cores.

    python -m bench                 everything
    python -m bench --quick         two corpora per language, no netbox (a smoke run)
    python -m bench --quick --corpora flask,attrs,qs,rubocop
                                    those corpora only (recovery, injections, truth; flaskbb's
                                    framework injections and truth always run), no netbox
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench import inject, recovery, speed, truth_playbook, truth_report
from bench.report import summary
from standards.analyzers import all_analyzers

SIZE_CORPUS = "netbox"
FRAMEWORK_CORPORA = ("flaskbb",)


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    started = time.perf_counter()
    results = recovery.RESULTS
    results.mkdir(exist_ok=True)
    langs = recovery.LANGUAGES
    names = {lang: list(spec.truth) for lang, spec in langs.items()}
    only = next((a.split("=", 1)[1] for a in argv if a.startswith("--corpora=")), None)
    if "--corpora" in argv and argv.index("--corpora") + 1 < len(argv):
        only = argv[argv.index("--corpora") + 1]
    chosen = [n for n in (only or "").split(",") if n]
    if chosen:
        names = {lang: [n for n in corpora if n in chosen] for lang, corpora in names.items()}
    elif quick:
        names = {lang: n[:2] for lang, n in names.items()}
    rec_rows: dict[str, dict] = {}
    injections: dict[str, dict] = {}
    points: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="standards-bench-") as tmp:
        work = Path(tmp)
        # 1 + 2: recovery, and injections on the same initialised Python repositories
        for lang, corpora in names.items():
            for name in corpora:
                log(f"recovery {name}")
                row, root = recovery.recover(name, work, baseline=lang == "python")
                rec_rows[name] = row
                points.append(
                    {
                        "corpus": name,
                        "language": lang,
                        "lines": row["lines"],
                        "seconds": row["init_seconds"],
                        "baseline": lang == "python",
                    }
                )
                if root is not None and lang == "python":
                    log(f"injections {name}")
                    injections[name] = inject.run(root, name)
                if root is not None:
                    shutil.rmtree(root, ignore_errors=True)
        for name in FRAMEWORK_CORPORA:
            log(f"injections {name} (framework rules)")
            root = recovery.prepare(name, work, recovery.strip_python)
            lines = recovery.count_lines(root, "python")
            seconds, _rss, proc = recovery.timed(recovery.standards_cmd("init", "--no-hooks"), root)
            points.append(
                {"corpus": name, "language": "python", "lines": lines, "seconds": round(seconds, 2), "baseline": True}
            )
            injections[name] = inject.run(root, name) if proc.returncode == 0 else {"error": proc.stderr[-800:]}
            shutil.rmtree(root, ignore_errors=True)
        rec = {
            "corpora": rec_rows,
            "totals": recovery.totals(rec_rows),
            "note": "Python inits record the baseline (the injections need it); JavaScript and Ruby "
            "inits run with --no-baseline (recording a RuboCop baseline of rails takes minutes)",
        }
        (results / "recovery.json").write_text(json.dumps(rec, indent=1, sort_keys=True) + "\n")
        inj = {"corpora": injections, "score": inject.score(injections)}
        (results / "injection.json").write_text(json.dumps(inj, indent=1, sort_keys=True) + "\n")

        # 3: speed and memory
        spd: dict = {}
        if not quick:
            log(f"speed: init vs ruff on {SIZE_CORPUS}")
            row, root = speed.init_vs_ruff(SIZE_CORPUS, work)
            spd["init_vs_ruff"] = row
            points.append(
                {
                    "corpus": SIZE_CORPUS,
                    "language": "python",
                    "lines": row["lines"],
                    "seconds": row["standards_init_seconds"],
                    "baseline": True,
                }
            )
            log("speed: staged checks")
            spd["staged_checks"] = speed.staged_checks(root)
            # the slowest analyzer on the main thread (a background one mostly waits on ruff;
            # "parse" is not an analyzer and is profiled as part of the first that needs it)
            beside = {a.name for a in all_analyzers() if a.background} | {"parse", "discover"}
            stages = {
                k: v
                for k, v in row.get("stages", {}).items()
                if k.startswith("analyze:") and k.removeprefix("analyze:") not in beside
            }
            if stages:
                slowest = max(stages, key=stages.get).removeprefix("analyze:")
                log(f"profile: {slowest}")
                spd["profile"] = speed.profile_stage(root, slowest)
            shutil.rmtree(root, ignore_errors=True)
        log("speed: history pass")
        spd["history"] = speed.history(work)
        spd["scaling"] = points
        spd["scaling_png"] = speed.scaling_plot(points, results / "scaling.png")
        previous = results / "speed.json"
        if previous.exists():  # measured by its own command (python -m bench.ruby_speed): kept
            spd.update({k: v for k, v in json.loads(previous.read_text()).items() if k == "ruby_init"})
        (results / "speed.json").write_text(json.dumps(spd, indent=1, sort_keys=True) + "\n")

        # 4: truth (each corpus with its own configuration in place)
        truth_names = [*chosen, *(n for n in FRAMEWORK_CORPORA if n not in chosen)] if chosen else None
        truth = truth_report.run(truth_names or list(truth_report.QUICK if quick else truth_report.CORPORA), work)
        (results / "truth.json").write_text(json.dumps(truth, indent=1, sort_keys=True) + "\n")

        # 5: playbooks (words, a real file per layer of the feature flow, the test command checked statically)
        playbook_names = chosen or list(truth_playbook.QUICK if quick else truth_playbook.CORPORA)
        playbooks = truth_playbook.run(playbook_names, work)

    total = time.perf_counter() - started
    (results / "SUMMARY.md").write_text(summary(rec, inj, spd, total, quick, truth))
    truth_playbook.write(results, playbooks)
    log(f"done in {total:.0f}s: bench/results/SUMMARY.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
