"""Weakening count, measured with the tools themselves: the project's own settings, resolved
by the tool before `standards init` and after it.

Python (ruff): for every setting the project's ruff configuration had, the value `ruff check
--show-settings` resolves for a library file must be the same after init; the enabled rules
may only grow (ruff's default set counts as the project's when it selects nothing); and
`ruff format --check` may not want to reformat more files than before. ESLint and RuboCop
RuboCop: the project's .rubocop.yml (its inherit_from chain included) is run by our RuboCop with its
plugins left out, on a sample of library files, and the offenses per cop are compared with what
`standards check` reports on the same files: fewer is a weakening. ESLint: bench/truth_weakening_eslint.py
(the project's own ESLint where its configuration is data; a JavaScript one is not run, and the report
says so).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

RULE_CODE = re.compile(r"\(([A-Z]+[0-9]+)\)")
RULE_KEYS = {"select", "extend-select", "ignore", "extend-ignore", "fixable", "unfixable", "preview"}
SECTION = {"lint": "linter", "format": "formatter"}
PATH_TABLES = {"per-file-ignores", "extend-per-file-ignores", "per-file-target-version"}  # keyed by path: one setting
# a project key whose resolved name differs from its spelling
ALIASES = {
    "line-length": ("linter.line_length", "formatter.line_width"),
    "indent-width": ("linter.tab_size", "formatter.indent_width"),
    "exclude": ("file_resolver.exclude",),
    "extend-exclude": ("file_resolver.extend_exclude",),
    "include": ("file_resolver.include",),
    "target-version": ("linter.unresolved_target_version", "formatter.unresolved_target_version"),
    "src": ("linter.src",),
}


def _ruff() -> str:
    beside = Path(sys.executable).parent / "ruff"  # the ruff that standards runs, from the same install
    exe = str(beside) if beside.exists() else shutil.which("ruff")
    if exe is None:
        raise SystemExit("ruff not found in the bench's environment")
    return exe


def show_settings(root: Path, path: str) -> dict[str, str]:
    """`ruff check --show-settings path`, as key -> value text (a list or table as one string)."""
    proc = subprocess.run(
        [_ruff(), "check", "--show-settings", path], cwd=root, capture_output=True, text=True, check=False
    )
    out: dict[str, str] = {}
    key, buf = "", []
    for line in proc.stdout.split("\n"):
        if key:
            buf.append(line)
            if line in ("]", "}"):
                out[key], key = "\n".join(buf), ""
            continue
        if line.startswith(("#", "Resolved", "Settings path")) or " = " not in line or line[0].isspace():
            continue
        name, value = line.split(" = ", 1)
        if value in ("[", "{"):
            key, buf = name, [value]
        else:
            out[name] = value
    return out


def enabled_rules(settings: dict[str, str]) -> set[str]:
    return set(RULE_CODE.findall(settings.get("linter.rules.enabled", "")))


_WOULD_REFORMAT = re.compile(r"^(\d+) files? would be reformatted", re.MULTILINE)


def format_wants(root: Path) -> int:
    """How many files `ruff format --check` would reformat (from its summary line)."""
    proc = subprocess.run(
        [_ruff(), "format", "--check", "--no-cache", "."], cwd=root, capture_output=True, text=True, check=False
    )
    m = _WOULD_REFORMAT.search(proc.stdout + proc.stderr)
    return int(m.group(1)) if m else 0


def project_keys(root: Path) -> list[str]:
    """The ruff settings the project's own configuration sets ("lint.isort.force-single-line")."""
    for name in ("ruff.toml", ".ruff.toml"):
        path = root / name
        if path.is_file():
            return _flatten(tomllib.loads(path.read_text(encoding="utf-8")))
    path = root / "pyproject.toml"
    if path.is_file():
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return _flatten(data.get("tool", {}).get("ruff", {}))
    return []


def _flatten(table: dict[str, Any], prefix: str = "") -> list[str]:
    out = []
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and key not in PATH_TABLES:
            out += _flatten(value, f"{name}.")
        else:
            out.append(name)
    return out


def resolved_names(key: str, settings: dict[str, str]) -> list[str]:
    """The --show-settings names of a project key (both linter and formatter where both use it)."""
    if key in ALIASES:
        return [n for n in ALIASES[key] if n in settings]
    parts = key.split(".")
    section = SECTION.get(parts[0])
    rest = [p.replace("-", "_") for p in (parts[1:] if section else parts)]
    exact = f"{section}.{'.'.join(rest)}" if section else ".".join(rest)
    if exact in settings:
        return [exact]
    tail = "." + ".".join(rest)
    return [n for n in settings if n.endswith(tail) and (section is None or n.startswith(section + "."))]


def before(root: Path, probe: str) -> dict[str, Any]:
    return {"settings": show_settings(root, probe), "format_wants": format_wants(root), "keys": project_keys(root)}


def compare(root: Path, probe: str, was: dict[str, Any]) -> dict[str, Any]:
    """The project's settings made weaker (or changed) by init, measured after it."""
    now = show_settings(root, probe)
    old = was["settings"]
    weaker: list[str] = []
    dropped = sorted(enabled_rules(old) - enabled_rules(now))
    if dropped:  # the full list is in "rules_dropped"
        weaker.append(f"rules no longer enabled: {', '.join(dropped[:20])}" + (" ..." if len(dropped) > 20 else ""))
    unmapped = []
    for key in was["keys"]:
        if key.split(".")[-1] in RULE_KEYS:
            continue  # the rule set is compared as a whole above
        names = resolved_names(key, old)
        if not names:
            unmapped.append(key)
            continue
        for name in names:
            if old.get(name) != now.get(name):
                weaker.append(f"{key} ({name}): {_short(old.get(name))} -> {_short(now.get(name))}")
    wants = format_wants(root)
    if wants > was["format_wants"]:
        weaker.append(f"`ruff format --check` wants {wants} files reformatted, {was['format_wants']} before")
    return {
        "measured": True,
        "probe_file": probe,
        "project_keys": was["keys"],
        "keys_not_resolved": unmapped,
        "rules_before": len(enabled_rules(old)),
        "rules_after": len(enabled_rules(now)),
        "rules_dropped": dropped,
        "format_wants_before": was["format_wants"],
        "format_wants_after": wants,
        "weakened": weaker,
        "count": len(weaker),
    }


def _short(value: str | None) -> str:
    text = " ".join((value or "(unset)").split())
    return text if len(text) <= 80 else text[:77] + "..."


def not_measured(language: str) -> dict[str, Any]:
    why = {
        "javascript": "the project's ESLint configuration is JavaScript, which the bench does not run, so its "
        "findings were not compared with ours",
        "ruby": "no .rubocop.yml, or it uses ERB (RuboCop would run it), so the project's own RuboCop findings "
        "were not compared with ours",
    }
    return {
        "measured": False,
        "why": why.get(language, f"no weakening measure for {language}"),
        "weakened": [],
        "count": None,
    }


# -- RuboCop: the project's own RuboCop (its config read as data, plugins left out) vs `standards check`

RUBOCOP_SAMPLE = 30
_PLUGIN_KEY = re.compile(r"^(require|plugins|inherit_gem):")
_EXTRACTED = re.compile(r"^(Performance|Rails)/\w+:")


def rubocop_sample(root: Path) -> list[str]:
    """Up to RUBOCOP_SAMPLE library Ruby files, spread over the tree (every k-th in path order)."""
    files = sorted(
        p
        for p in subprocess.run(
            ["git", "ls-files", "-z", "*.rb"], cwd=root, capture_output=True, text=True, check=False
        ).stdout.split("\0")
        if p.startswith(("lib/", "app/"))
    )
    step = max(1, len(files) // RUBOCOP_SAMPLE)
    return files[::step][:RUBOCOP_SAMPLE]


def _without_plugins(text: str) -> str:
    """The YAML with its top-level require/plugins/inherit_gem entries, and the settings of cops
    RuboCop moved to gems (Performance/, Rails/), dropped: the bench loads only RuboCop's own
    cops, as standards does. ``inherit_from`` names are pointed at the bench's copies."""
    out, skipping = [], False
    for line in text.split("\n"):
        if _PLUGIN_KEY.match(line) or _EXTRACTED.match(line):
            skipping = True
            continue
        if skipping and (line.startswith((" ", "\t", "-")) or not line.strip()):
            continue
        skipping = False
        out.append(re.sub(r"(?<![\w-])(\.rubocop[\w.-]*\.yml)", r".bench\1", line) if "rubocop" in line else line)
    return "\n".join(out)


def rubocop_counts(root: Path, files: list[str]) -> dict[str, int] | None:
    """Offenses per cop that the project's own RuboCop configuration reports on ``files``."""
    config = root / ".rubocop.yml"
    rubocop = shutil.which("rubocop")
    if not config.is_file() or rubocop is None or not files:
        return None
    configs = sorted(root.glob(".rubocop*.yml"))
    if any("<%" in c.read_text(encoding="utf-8", errors="replace") for c in configs):
        return None  # RuboCop runs ERB in its configs: that would run the corpus's code
    private = []
    for c in configs:  # beside the originals, so relative paths resolve the same
        copy = root / f".bench{c.name}"
        copy.write_text(_without_plugins(c.read_text(encoding="utf-8")), encoding="utf-8")
        private.append(copy)
    try:
        proc = subprocess.run(
            [rubocop, "--config", str(root / ".bench.rubocop.yml"), "--format", "json", "--force-exclusion"]
            + ["--ignore-unrecognized-cops", "--cache", "false", "--", *files],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            timeout=900,
        )
    finally:
        for copy in private:
            copy.unlink(missing_ok=True)
    return _count_offenses(proc.stdout)


def _count_offenses(stdout: str) -> dict[str, int] | None:
    try:
        data = json.loads(stdout)
    except ValueError:
        return None
    counts: dict[str, int] = {}
    for f in data.get("files", []):
        for o in f.get("offenses", []):
            counts[o["cop_name"]] = counts.get(o["cop_name"], 0) + 1
    return counts


def standards_rubocop_counts(root: Path, files: list[str]) -> dict[str, int]:
    """Findings per RuboCop cop that `standards check` (no baseline) reports on ``files``."""
    proc = subprocess.run(
        [sys.executable, "-m", "standards", "check", "--no-baseline", "--format", "json", *files],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    try:
        findings = json.loads(proc.stdout).get("findings", [])
    except ValueError:
        return {}
    counts: dict[str, int] = {}
    for f in findings:
        if f["rule"].startswith("rubocop:"):
            cop = f["rule"].removeprefix("rubocop:")
            counts[cop] = counts.get(cop, 0) + 1
    return counts


def compare_rubocop(root: Path, files: list[str], theirs: dict[str, int] | None) -> dict[str, Any]:
    """Cops the project's own RuboCop reports more often than `standards check` does (weakened),
    and cops standards reports more often (not weakening: stricter or a false reason; listed)."""
    if theirs is None:
        return not_measured("ruby")
    ours = standards_rubocop_counts(root, files)
    weaker = [
        f"{cop}: the project's RuboCop {n}, standards {ours.get(cop, 0)}"
        for cop, n in sorted(theirs.items())
        if ours.get(cop, 0) < n
    ]
    extra = [
        f"{cop}: standards {n}, the project's RuboCop {theirs.get(cop, 0)}"
        for cop, n in sorted(ours.items())
        if theirs.get(cop, 0) < n
    ]
    return {
        "measured": True,
        "files": len(files),
        "project_offenses": sum(theirs.values()),
        "standards_findings": sum(ours.values()),
        "weakened": weaker,
        "more_than_the_project": extra,
        "count": len(weaker),
    }
