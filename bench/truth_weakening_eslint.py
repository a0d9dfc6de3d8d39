"""ESLint weakening, measured with ESLint itself: the project's own configuration run by our
pinned ESLint in eslintrc mode, against what `standards check` reports, on the files standards
checks (the ones it skips as generated are named in its output and left out of both counts).

Only where that run executes nothing of the corpus (trust.md: the bench never runs a corpus's
code): every ESLint config of the repository is JSON or YAML, and none names a plugin, a parser,
a processor or a shared config, which ESLint would load from the corpus's ``node_modules``.
A rule the project's ESLint reports more often than standards is a weakening; the reverse (our
conventions where the project was silent) is listed, not counted.

Where the configuration is JavaScript, the part of it that is data is measured instead
(:func:`literal`): its literal settings for a sample of files against what ESLint resolves
from the private config `standards check` runs, and the lines that need evaluation named.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from standards import toolchain
from standards.discovery import discover
from standards.linter_config import eslint_project

CHUNK = 200
TIMEOUT = 900
LOADS_CODE = ("plugins", "parser", "processor")
JS_CONFIGS = (*eslint_project.FLAT_CONFIGS, *eslint_project.LEGACY_JS)


def not_measurable(root: Path) -> str | None:
    """Why the project's own ESLint cannot be run here without running corpus code, or None."""
    flat = [name for name in JS_CONFIGS if (root / name).exists()]
    nested = [n for n in eslint_project.nested_configs(root) if n.endswith(eslint_project.LEGACY_JS)]
    if flat or nested:
        named = ", ".join(flat + nested)
        return f"the project's ESLint configuration is JavaScript ({named}), which the bench does not run"
    configs = [n for n in (*eslint_project.LEGACY_JSON, *eslint_project.LEGACY_YAML) if (root / n).is_file()]
    configs += eslint_project.nested_configs(root)
    if not configs:
        return "no ESLint configuration the bench can run as data"
    project = eslint_project.read(root)
    loads = [note for note in project.notes if "shared config" in note or "plugins" in note]
    for name in configs:
        text = (root / name).read_text(encoding="utf-8", errors="replace")
        loads += [f"{name}: {key}" for key in LOADS_CODE if f'"{key}"' in text or f"\n{key}:" in text]
    if loads:
        return "running the project's ESLint would load code from the corpus: " + "; ".join(loads[:3])
    return None


def files(root: Path) -> list[str]:
    return sorted(f.path for f in discover(root).of("javascript") if f.path.endswith((".js", ".cjs", ".mjs")))


def project_counts(root: Path, paths: list[str]) -> dict[str, int]:
    """Offenses per rule of the project's own ESLint (eslintrc mode) on ``paths``."""
    install = toolchain.find_eslint(None)
    if install is None:
        raise RuntimeError("ESLint is not installed (bash .ci/install-js-ruby-tools.sh)")
    env = {**os.environ, "ESLINT_USE_FLAT_CONFIG": "false"}
    counts: dict[str, int] = {}
    for start in range(0, len(paths), CHUNK):
        argv = [*install.argv(root), "--format", "json", "--", *paths[start : start + CHUNK]]
        done = subprocess.run(argv, cwd=root, capture_output=True, text=True, timeout=TIMEOUT, env=env, check=False)
        if done.returncode not in (0, 1):
            raise RuntimeError(f"the project's ESLint failed: {done.stderr.strip()[:300]}")
        for result in json.loads(done.stdout or "[]"):
            for message in result["messages"]:
                rule = message.get("ruleId") or "syntax"
                counts[rule] = counts.get(rule, 0) + 1
    return counts


def standards_counts(root: Path, paths: list[str]) -> dict[str, int]:
    """Findings per ESLint rule that `standards check` (no baseline) reports on ``paths``."""
    counts: dict[str, int] = {}
    for start in range(0, len(paths), CHUNK):
        argv = [sys.executable, "-m", "standards", "check", "--no-baseline", "--format", "json"]
        done = subprocess.run(
            [*argv, "--", *paths[start : start + CHUNK]],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        if done.returncode not in (0, 1):
            raise RuntimeError(f"standards check failed: {(done.stderr or done.stdout).strip()[-300:]}")
        for f in json.loads(done.stdout).get("findings", []):
            if f["rule"].startswith("eslint:"):
                rule = f["rule"].removeprefix("eslint:")
                counts[rule] = counts.get(rule, 0) + 1
    return counts


def before(root: Path) -> dict[str, Any]:
    """The project's own ESLint on the untouched checkout, or why it cannot be run."""
    why = not_measurable(root)
    if why is not None:
        return {"why": why}
    paths = files(root)
    return {"paths": paths, "theirs": project_counts(root, paths)}


def after(root: Path, was: dict[str, Any]) -> dict[str, Any]:
    if "why" in was and "JavaScript" in was["why"]:
        from standards import standards_file

        model = standards_file.load(root)
        if model is not None:
            return {**literal(root, model), "why_not_run": was["why"]}
    if "why" in was:
        return {"measured": False, "why": was["why"], "weakened": [], "count": None}
    return compare(was["theirs"], standards_counts(root, was["paths"]), len(was["paths"]))


def compare(theirs: dict[str, int], ours: dict[str, int], checked: int) -> dict[str, Any]:
    weaker = [
        f"{rule}: the project's ESLint {n}, standards {ours.get(rule, 0)}"
        for rule, n in sorted(theirs.items())
        if ours.get(rule, 0) < n
    ]
    extra = [
        f"{rule}: standards {n}, the project's ESLint {theirs.get(rule, 0)}"
        for rule, n in sorted(ours.items())
        if theirs.get(rule, 0) < n
    ]
    return {
        "measured": True,
        "files": checked,
        "project_offenses": sum(theirs.values()),
        "project_rules": len(theirs),
        "standards_findings": sum(ours.values()),
        "weakened": weaker,
        "more_than_the_project": extra,
        "count": len(weaker),
    }


# -- a JavaScript config: its literal settings against what the check's merged config resolves

PRINT_SAMPLE = 12
SEVERITY = {0: 0, 1: 1, 2: 2, "off": 0, "warn": 1, "error": 2}


def literal(root: Path, standards: Any) -> dict[str, Any]:
    """Where the project's config is JavaScript (never run), the part of it that is data: for a
    sample of files, every literal rule setting of the project that applies to the file against
    what ESLint itself resolves (``--print-config``) from the private config `standards check`
    runs. A setting our run resolves otherwise (a lower severity, other options) is a weakening;
    a rule standards does not run (a plugin's) is listed; the lines that need evaluation are
    named by the reader."""
    from standards.linter_config import eslint as private_config

    install = toolchain.find_eslint(None)
    if install is None:
        raise RuntimeError("ESLint is not installed (bash .ci/install-js-ruby-tools.sh)")
    project = eslint_project.read(root)
    plan = private_config.build(standards, install, project)
    paths = files(root)
    step = max(1, len(paths) // PRINT_SAMPLE)
    sample = paths[::step][:PRINT_SAMPLE]
    weaker: set[str] = set()
    not_run: set[str] = set()
    compared = 0
    with tempfile.TemporaryDirectory(prefix="standards-eslint-") as tmp:
        config = Path(tmp) / "eslint.config.mjs"
        config.write_text(plan.text, encoding="utf-8")
        for path in sample:
            argv = [*install.argv(root), "--config", str(config), "--print-config", path]
            done = subprocess.run(argv, cwd=root, capture_output=True, text=True, timeout=TIMEOUT, check=False)
            try:
                resolved = json.loads(done.stdout).get("rules", {}) if done.returncode == 0 else None
            except ValueError:
                resolved = None
            if not isinstance(resolved, dict):
                continue  # a file the config ignores: nothing is resolved for it
            for rule, setting in expected(project, path).items():
                ours = resolved.get(rule) or resolved.get(f"@stylistic/{rule}")
                if ours is None:
                    if SEVERITY.get(_severity(setting), 0) and not _runnable(rule, install):
                        not_run.add(rule)
                    elif SEVERITY.get(_severity(setting), 0):
                        weaker.add(
                            f"{rule}: the project sets {json.dumps(setting)}, standards does not run it ({path})"
                        )
                    continue
                compared += 1
                if not _holds(setting, ours):
                    weaker.add(f"{rule}: the project sets {json.dumps(setting)}, standards runs {json.dumps(ours)}")
    return {
        "measured": True,
        "method": "literal settings of a JavaScript config against eslint --print-config of the check's config",
        "files": len(sample),
        "settings_compared": compared,
        "not_run_plugin_rules": sorted(not_run),
        "unread": [n for n in project.notes if "need" in n],
        "weakened": sorted(weaker),
        "count": len(weaker),
    }


def expected(project: eslint_project.ProjectEslint, path: str) -> dict[str, Any]:
    """The project's literal settings that apply to ``path``, merged in its layers' order."""
    out: dict[str, Any] = {}
    for layer in project.layers:
        applies = not layer.files or any(eslint_project.glob_matches(g, path) for g in layer.files)
        if applies and not any(eslint_project.glob_matches(g, path) for g in layer.ignores):
            for rule, setting in layer.rules.items():
                out[rule] = eslint_project.merge_setting(out.get(rule), setting)
    return out


def _severity(setting: Any) -> Any:
    return setting[0] if isinstance(setting, list) and setting else setting


def _runnable(rule: str, install: toolchain.EslintInstall) -> bool:
    plugin, slash, name = rule.rpartition("/")
    if not slash:
        return rule in install.core_rules()
    return plugin == "@stylistic" and install.has_stylistic_rule(name)


def _holds(theirs: Any, ours: Any) -> bool:
    """Our resolved setting is the project's: the same severity, and each option it gives (an
    object's keys at least: ESLint fills in the defaults)."""
    theirs = theirs if isinstance(theirs, list) else [theirs]
    ours = ours if isinstance(ours, list) else [ours]
    if SEVERITY.get(theirs[0]) != SEVERITY.get(ours[0]):
        return False
    if SEVERITY.get(theirs[0]) == 0:
        return True  # off is off, whatever options it kept
    for given, mine in zip(theirs[1:], ours[1:]):
        if isinstance(given, dict):
            if not isinstance(mine, dict) or any(mine.get(k) != v for k, v in given.items()):
                return False
        elif given != mine:
            return False
    return len(ours) >= len(theirs)
