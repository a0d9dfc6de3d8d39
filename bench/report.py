"""bench/results/SUMMARY.md from the run's JSON results."""

from __future__ import annotations

import json

from bench import ruby_speed
from bench.recovery import RESULTS


def _v(value: object) -> str:
    return "not enforced" if value is None else json.dumps(value, sort_keys=True).replace("|", "\\|")


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f}%)" if b else "–"


def _kb(kb: int | None) -> str:
    return f"{kb / 1024:.0f} MiB" if kb else "?"


def summary(rec: dict, inj: dict, spd: dict, seconds: float, quick: bool, truth: dict | None = None) -> str:
    out = [
        "# Benchmark summary",
        "",
        (
            f"`python -m bench`{' --quick' if quick else ''}: {seconds / 60:.1f} min end to end on this machine. "
            "JSON beside this file; ratios are measured in the same run."
        ),
        "",
    ]

    t = rec["totals"]
    o = t["overall"]
    out += [
        "## 1. Configuration recovery",
        "",
        (
            "Each corpus's lint/format config is deleted, `standards init` runs on the rest, and the settings "
            "it enforces are compared with the maintainers' (bench/truth.py). *Defaults* is what the tools' "
            "defaults alone would have scored (ruff: 88 columns, double quotes; ESLint: each rule's default "
            "option; RuboCop: config/default.yml)."
        ),
        "",
        (
            f"**Overall: {_pct(o['hits'], o['total'])} recovered; "
            f"tool defaults alone {_pct(o['default_hits'], o['total'])}.**"
        ),
        "",
        "| setting | standards | defaults |",
        "|---|---|---|",
    ]
    for key, s in sorted(t["per_setting"].items()):
        out.append(f"| {key} | {_pct(s['hits'], s['total'])} | {_pct(s['default_hits'], s['total'])} |")
    out += ["", "| corpus | setting | truth | inferred | ok | truth source |", "|---|---|---|---|---|---|"]
    for name, r in rec["corpora"].items():
        if "error" in r:
            out.append(f"| {name} | init failed | | | | `{r['error'][-120:]!r}` |")
            continue
        for key, ok in r["match"].items():
            out.append(
                f"| {name} | {key} | {_v(r['truth'][key])} | {_v(r['inferred'][key])} | "
                f"{'yes' if ok else '**no**'} | {r['sources'].get(key, '')} |"
            )
    out += ["", "| corpus | standards | defaults |", "|---|---|---|"]
    for name, c in t["per_corpus"].items():
        out.append(f"| {name} | {_pct(c['hits'], c['total'])} | {_pct(c['default_hits'], c['total'])} |")

    sc = inj["score"]
    ov = sc["overall"]
    out += [
        "",
        "## 2. Injected deviations",
        "",
        (
            "Deviating and conforming changes staged one at a time in the initialised corpus repositories, "
            "checked with `standards check --staged`."
        ),
        "",
        (
            f"**Recall {_pct(ov['detected'], ov['deviations'])} of deviations flagged; "
            f"{ov['conforming_flagged']}/{ov['conforming']} conforming changes flagged; "
            f"precision {_pct(ov['true_findings'], ov['findings'])} of findings.**"
        ),
        "",
        "| case | cases | detected | recall | changes with any finding |",
        "|---|---|---|---|---|",
    ]
    for kind, k in sorted(sc["per_kind"].items()):
        det = k["detected"] if kind.startswith("deviation:") else "–"
        rec_ = k["recall"] if kind.startswith("deviation:") else "–"
        out.append(f"| {kind} | {k['cases']} | {det} | {rec_} | {k['flagged']} |")
    out += [
        "",
        "| rule | findings | true | false | precision | recall (caught / injected) |",
        "|---|---|---|---|---|---|",
    ]
    for rule, r in sorted(sc["per_rule"].items(), key=lambda kv: -kv[1]["findings"]):
        recall = f"{r['recall']} ({r['caught']}/{r['injected']})" if r.get("injected") else "–"
        out.append(f"| {rule} | {r['findings']} | {r['true']} | {r['false']} | {r['precision']} | {recall} |")
    missed = ov.get("missed_maintainers_settings", [])
    out += [
        "",
        "Deviations of the maintainers' own settings (bench/truth.py) are injected whether or not init inferred "
        "them (`deviation:maintainers' …`); conforming changes include files drawn at random from the whole corpus, "
        "copied unchanged (a finding the original also gets is its debt, not a false alarm). "
        + (f"Missed because init did not infer the setting: {', '.join(missed)}." if missed else "None was missed."),
    ]
    na: dict[str, list[str]] = {}
    for name, res in inj["corpora"].items():
        for s in res.get("not_applicable", []):
            na.setdefault(f"{s['kind']}: {s['why']}", []).append(name)
    if na:
        out += ["", "Not injected (the convention is not enforced there):", ""]
        out += [f"- {why} — {', '.join(names)}" for why, names in sorted(na.items())]

    out += ["", "## 3. Speed and memory", ""]
    iv = spd.get("init_vs_ruff")
    if iv:
        out += [
            (
                f"- `standards init --no-hooks` on {iv['corpus']} ({iv['lines']:,} lines): "
                f"{iv['standards_init_seconds']} s, peak {_kb(iv['standards_init_peak_rss_kb'])}; "
                f"`ruff check --isolated --select ALL --no-cache`: {iv['ruff_all_seconds']} s, peak "
                f"{_kb(iv['ruff_all_peak_rss_kb'])}. **Ratio {iv['ratio']}×** (the median of "
                f"{iv.get('repeats', 1)} alternating pairs; ratios {iv.get('ratios_all', [iv['ratio']])})."
            )
        ]
        stages = iv.get("stages", {})
        top = [(k, v) for k, v in stages.items() if k.startswith("analyze:")][:6]
        out.append(
            "- Where init's time goes: "
            + ", ".join(f"{k.removeprefix('analyze:')} {v:.1f} s" for k, v in top)
            + f"; baseline {stages.get('baseline', 0):.1f} s; total {stages.get('total', 0):.1f} s "
            "(py_ruff_style runs in a thread beside the others, so the stages overlap)."
        )
    for c in spd.get("staged_checks", []):
        out.append(
            f"- `standards check --staged`, {c['files']} changed file(s): {c['standards_seconds']} s "
            f"(peak {_kb(c['standards_peak_rss_kb'])}) vs `ruff check` {c['ruff_seconds']} s: "
            f"**{c['ratio']}×** ({c['ratio_to_select_all']}× `--select ALL`)."
        )
    out += _hook_and_cache_lines(spd)
    first = (spd.get("staged_checks") or [{}])[0]
    if first.get("profile_top_cumulative"):
        out.append(
            "- One-file staged check, cProfile top cumulative: "
            + ", ".join(f"`{r['function']}` {r['cumtime']} s" for r in first["profile_top_cumulative"][2:12])
        )
    out += ruby_speed.summary_lines(spd)  # `python -m bench.ruby_speed`: Ruby init beside RuboCop
    h = spd.get("history")
    if h:
        out.append(
            f"- History pass on a built repository of {h['commits']:,} commits: `read_history` "
            f"{h['read_history_process_seconds']} s as a process ({h['read_history_seconds']} s inside) vs "
            f"`git log --numstat` {h['git_log_numstat_seconds']} s: **{h['ratio_process']}×**; all git_* "
            f"analyzers {h['history_analyzers_process_seconds']} s (**{h['ratio_history_analyzers']}×**), "
            f"peak {_kb(h['history_analyzers_peak_rss_kb'])}."
        )
    if spd.get("scaling_png"):
        out += [
            "",
            "![init time against lines of code](scaling.png)",
            "",
            "Python points include recording the baseline; JavaScript and Ruby points are `--no-baseline`.",
        ]
    p = spd.get("profile")
    if p:
        out += [
            "",
            f"### Slowest stage: `{p['stage']}` (cProfile, run alone: {p['profiled_seconds']} s)",
            "",
            "| function | calls | self s | cumulative s |",
            "|---|---|---|---|",
        ]
        for r in p["top_cumulative"][:12]:
            out.append(f"| `{r['function']}` | {r['calls']} | {r['tottime']} | {r['cumtime']} |")
        out += ["", "Top by self time: " + ", ".join(f"`{r['function']}` {r['tottime']} s" for r in p["top_self"][:6])]
    if truth is not None:
        out += ["", *truth_section(truth)]
    return "\n".join(out) + "\n"


def _hook_and_cache_lines(spd: dict) -> list[str]:
    """The pre-commit hook's ratio to ruff (with its floor) and the check cache's, from speed.json."""
    out: list[str] = []
    for key in ("hook", "hook_web_app"):
        if spd.get(key):
            out.append(_hook_line(spd[key]))
    replayed = RESULTS / "hook_replay.json"
    if replayed.exists():
        out += replay_lines(json.loads(replayed.read_text()))
    cache = spd.get("check_cache")
    if cache:
        out.append(
            f"- `check --all` cache on {cache['corpus']}: first run {cache['first_run_seconds']} s, second on the "
            f"unchanged tree {cache['second_run_seconds']} s: **{round(cache['ratio'] * 100, 1)}%** of the first "
            f"(goal ≤ 10%; identical reports: {'yes' if cache.get('identical_reports') else 'no'})."
        )
    return out


def replay_lines(replay: dict) -> list[str]:
    """The hook on a project's real commits (bench/hook_replay.py), one line per project."""
    out = []
    for name, r in sorted(replay.items()):
        if "checked" not in r:
            out.append(f"- The hook replayed on {name}'s history: {r.get('error', 'no result')}.")
            continue
        reasons = "; ".join(f"{why} ({n})" for why, n in r["declined_by_reason"].items())
        ratio = r["answered_ratio_to_ruff_median"]
        out.append(
            f"- The hook on {name}'s last {r['changes']} first-parent commits, each staged as its author made it "
            f"({r['checked']} applied to the adopted tree, {r['skipped']} did not apply): the quick verdict answered "
            f"**{r['answered_by_quick_verdict']}** in {r['answered_hook_seconds_median']} s"
            + (f" ({ratio}× `ruff check --select ALL` on the change's Python files)" if ratio else "")
            + f"; the full check ran for the others in {r['declined_hook_seconds_median']} s (why: {reasons}). "
            "Every answer the check's own (exit code and output): "
            f"{'yes' if r['all_answers_the_checks_own'] else 'NO'}."
        )
    return out


def _hook_line(hook: dict) -> str:
    """One corpus's hook figures: the hook's way (quick verdict or not), the full check beside it."""
    how = " (installed from its wheel in a fresh virtualenv)" if hook.get("standards_installed_from_wheel") else ""
    here = (
        f" This checkout's editable install: {hook['checkout_check_staged_seconds']} s, "
        f"{hook['checkout_ratio_to_ruff_select_all']}×."
        if "checkout_check_staged_seconds" in hook
        else ""
    )
    full = (
        f" The full check on the same change (`STANDARDS_NO_QUICK=1`): {hook['full_check_seconds']} s, "
        f"{hook['full_check_ratio_to_ruff_select_all']}×; {hook['quick_verdict']}; same output: "
        f"{'yes' if hook.get('same_output_as_full_check') else 'NO'}."
        if "full_check_seconds" in hook
        else ""
    )
    return (
        f"- The pre-commit hook's check on {hook['files']} staged Python files of {hook['corpus']}: "
        f"`standards check --staged`{how} {hook['standards_check_staged_seconds']} s vs "
        f"`{hook['ruff_command']}` {hook['ruff_select_all_seconds']} s: **{hook['ratio_to_ruff_select_all']}×** "
        f"(the median of {hook['pairs']} alternating pairs; goal ≤ 3×). pre-commit's own overhead apart: "
        f"`pre-commit run` {hook['pre_commit_run_seconds']} s against the check alone "
        f"{hook['check_alone_seconds']} s, **+{hook['pre_commit_overhead_seconds']} s**."
        + (
            f" Floor: the interpreter starts in {hook['python_start_seconds']} s and `standards check --help` "
            f"(start plus the check command's imports) takes {hook['check_help_seconds']} s."
            if "python_start_seconds" in hook
            else ""
        )
        + (
            f" Load average then: {hook['load_average_1_5_15_min'][0]} on {hook.get('cores', '?')} cores."
            if "load_average_1_5_15_min" in hook
            else ""
        )
        + here
        + full
        + (f" {hook['note']}" if hook.get("note") else "")
    )


def _rate_of(rate: float | None, hits: int, total: int) -> str:
    return f"{hits}/{total} ({100 * rate:.0f}%)" if rate is not None else "– (nothing cited)"


def truth_section(truth: dict) -> list[str]:
    """Section 4 of SUMMARY.md: proof rate, example truth rate, weakening, detection errors."""
    out = [
        "## 4. Truth",
        "",
        (
            "Each corpus with its own lint configuration in place, `standards init`, then counted by the bench "
            "(bench/truth_report.py), not read from what standards says about itself. **Proof**: the bench stages "
            "its own deviation of every enforced (error) convention and `standards check --staged` must refuse it "
            "with that convention's rule. **Examples**: every `path:line` in playbook.md and `standards explain` "
            "holds the text shown with it. **Weakening**: settings of the project's own ruff config whose resolved "
            "value (`ruff check --show-settings`) changed, rules no longer enabled, more files for `ruff format "
            "--check`. **Detection**: languages by share, frameworks from imports, test framework, against a truth "
            "table (bench/truth_detection.py). Goal: 100% / 100% / 0 / 0."
        ),
        "",
        "| corpus | proof (refused / enforced) | examples (true / cited) | weakening | detection errors | goal |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in truth["corpora"].items():
        if "error" in r:
            out.append(f"| {name} | init failed: `{r['error'][-100:]!r}` | | | | no |")
            continue
        p, e = r["proof"], r["examples"]
        weak = "not measured" if r["weakening_count"] is None else str(r["weakening_count"])
        det = "no truth row" if r["detection_errors"] is None else str(r["detection_errors"])
        goal = "yes" if name in truth.get("goal_met", []) else "**no**"
        out.append(
            f"| {name} | {_rate_of(r['proof_rate'], p['refused'], p['enforced'])} | "
            f"{_rate_of(r['example_truth_rate'], e['true'], e['cited'])} | {weak} | {det} | {goal} |"
        )
    out += ["", "What falls short, per corpus:", ""]
    for name, r in truth["corpora"].items():
        if "error" in r:
            continue
        p = r["proof"]
        items = [f"not refused: {', '.join(p['not_refused'])}"] if p["not_refused"] else []
        items += [f"no bench deviation: {', '.join(p['unmeasured'])}"] if p["unmeasured"] else []
        items += (
            [f"no proof record but enforced: {', '.join(p['proof_record_unproven'])}"]
            if p["proof_record_unproven"]
            else []
        )
        items += [f"example not a quote: {f}" for f in r["examples"]["failures"][:8]]
        w = r["weakening"]
        items += [f"weakened: {x}" for x in w["weakened"]] if w["measured"] else [f"weakening: {w['why']}"]
        items += [f"detection: {x}" for x in r["detection"]["errors"]]
        out.append(f"- **{name}**: " + ("; ".join(_v_text(i) for i in items) if items else "nothing: goal met"))
        if w.get("measured") and "rules_before" in w:
            out[-1] += (
                f" (ruff rules enabled {w['rules_before']} → {w['rules_after']}; `ruff format --check` files "
                f"{w['format_wants_before']} → {w['format_wants_after']})"
            )
        elif w.get("measured") and "settings_compared" in w:
            out[-1] += (
                f" (ESLint: the config is JavaScript, not run; its literal settings on {w['files']} files, "
                f"{w['settings_compared']} in all, against `eslint --print-config` of the check's config: "
                f"{w['count']} differ; not merged: {'; '.join(w['unread']) or 'nothing'})"
            )
        elif w.get("measured") and "project_rules" in w:
            out[-1] += (
                f" (ESLint, the project's JSON config run as data, on the {w['files']} JS files standards checks: "
                f"{w['project_offenses']} offenses in {w['project_rules']} rules; `standards check` reports each of "
                f"them, plus its own conventions: {w['standards_findings']} in all)"
            )
        elif w.get("measured") and "files" in w:
            out[-1] += (
                f" (RuboCop on {w['files']} library files: the project's config {w['project_offenses']} offenses, "
                f"`standards check` {w['standards_findings']})"
            )
    return out


def _v_text(text: str) -> str:
    return text.replace("|", "\\|")
