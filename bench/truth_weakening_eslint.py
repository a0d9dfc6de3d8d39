"""ESLint weakening, measured with ESLint itself: the project's own configuration run by our
pinned ESLint in eslintrc mode, against what `standards check` reports, on the files standards
checks (the ones it skips as generated are named in its output and left out of both counts).

Only where that run executes nothing of the corpus (trust.md: the bench never runs a corpus's
code): every ESLint config of the repository is JSON or YAML, and none names a plugin, a parser,
a processor or a shared config, which ESLint would load from the corpus's ``node_modules``.
Anywhere else the measure says why it was not taken. A rule the project's ESLint reports more
often than standards is a weakening; the reverse (our conventions where the project was
silent) is listed, not counted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
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
