"""Recovery: strip each Python corpus's own lint/format configuration, commit it into a
fresh git repository, run `standards init`, and compare what it wrote with the
maintainers' settings (bench/truth.py). Prints a table and writes bench/results/."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from bench.corpora import corpus_dir
from bench.truth import DEFAULTS, PYTHON

HERE = Path(__file__).parent
STRIP_FILES = ("ruff.toml", ".ruff.toml", ".flake8", ".isort.cfg", ".pre-commit-config.yaml", ".editorconfig")
STRIP_SECTIONS = re.compile(r"^\[(tool\.(ruff|black|isort|pylint|flake8)[^\]]*|flake8|isort|tool:isort|pycodestyle)\]")


def strip(root: Path) -> None:
    for name in STRIP_FILES:
        (root / name).unlink(missing_ok=True)
    for name in ("pyproject.toml", "setup.cfg", "tox.ini"):
        path = root / name
        if not path.exists():
            continue
        out, skip = [], False
        for line in path.read_text(encoding="utf-8", errors="replace").split("\n"):
            if line.startswith("["):
                skip = bool(STRIP_SECTIONS.match(line))
            if not skip:
                out.append(line)
        path.write_text("\n".join(out), encoding="utf-8")


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b", "GIT_COMMITTER_NAME": "b",
           "GIT_COMMITTER_EMAIL": "b@b"}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def inferred(root: Path) -> dict[str, object]:
    data = tomllib.loads((root / "standards.toml").read_text())
    conv = data.get("conventions", {})

    def value(cid: str) -> object:
        c = conv.get(cid)
        return c.get("value") if c and c.get("level") in ("error", "warn") else None

    isort = {}
    sorted_conv = conv.get("py.imports.sorted", {})
    for key, val in (sorted_conv.get("params", {}).get("ruff", {}) or {}).items():
        if key.startswith("lint.isort."):
            isort[key.removeprefix("lint.isort.")] = val
    return {"line-length": value("py.format.line_length"), "quotes": value("py.format.quotes"),
            "docstrings": value("py.docs.convention"), "isort": isort}


def score(truth: dict, got: dict) -> dict[str, bool]:
    out = {}
    for key in ("line-length", "quotes", "docstrings", "isort"):
        want = truth.get(key, DEFAULTS[key])
        have = got.get(key) if got.get(key) is not None else DEFAULTS[key]
        if key == "quotes" and key not in truth:
            continue  # pyramid/aiohttp preserve quotes: no single truth
        out[key] = want == have
    return out


def run(names: list[str]) -> dict:
    rows = {}
    for name in names:
        src = corpus_dir(name)
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / name
            shutil.copytree(src, root, symlinks=True)
            strip(root)
            git(root, "init", "-q", "-b", "main")
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", "Import")
            start = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "standards", "init", "--no-hooks"], cwd=root,
                                  capture_output=True, text=True)
            seconds = time.perf_counter() - start
            if proc.returncode != 0:
                rows[name] = {"error": proc.stderr[-500:]}
                continue
            check = subprocess.run([sys.executable, "-m", "standards", "check", "--all"], cwd=root,
                                   capture_output=True, text=True)
            got = inferred(root)
            truth = PYTHON[name]
            rows[name] = {"truth": {k: truth.get(k, DEFAULTS[k]) for k in DEFAULTS}, "inferred": got,
                          "match": score(truth, got), "default_match": score(truth, dict(DEFAULTS)),
                          "init_seconds": round(seconds, 2), "check_all_exit": check.returncode}
    return rows


def main() -> int:
    names = sys.argv[1:] or list(PYTHON)
    rows = run(names)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "recovery_python.json").write_text(json.dumps(rows, indent=1, sort_keys=True) + "\n")
    hits = sum(v for r in rows.values() for v in r.get("match", {}).values())
    total = sum(len(r.get("match", {})) for r in rows.values())
    base = sum(v for r in rows.values() for v in r.get("default_match", {}).values())
    for name, r in rows.items():
        if "error" in r:
            print(f"{name}: init failed: {r['error']}")
            continue
        for key, ok in r["match"].items():
            print(f"{name:10} {key:12} truth={json.dumps(r['truth'][key]):60.60} inferred={json.dumps(r['inferred'][key] if r['inferred'][key] is not None else DEFAULTS[key]):60.60} {'OK' if ok else 'MISS'}")
        print(f"{name:10} init {r['init_seconds']}s, check --all exit {r['check_all_exit']}")
    print(f"recovered {hits}/{total} settings; ruff defaults alone: {base}/{total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
