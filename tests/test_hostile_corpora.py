"""`standards init --no-hooks` on every real corpus: exit 0, no traceback.

Corpora: $STANDARDS_CORPORA, else /work/corpora, else downloaded with
../shared/corpora/fetch.py into bench/.corpora (bench/corpora.py); skipped when none can
be had. Repositories run two at a time to keep the whole CI under its time budget."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from _repo import env, git

HERE = Path(__file__).resolve().parent
MANIFEST = HERE.parent.parent / "shared" / "corpora" / "manifest.tsv"
PER_REPO_TIMEOUT = 600


def corpora() -> list[Path]:
    configured = os.environ.get("STANDARDS_CORPORA")
    for candidate in ([Path(configured)] if configured else []) + [Path("/work/corpora")]:
        if candidate.is_dir():
            found = sorted(p for p in candidate.iterdir() if p.is_dir() and not p.name.startswith("."))
            if found:
                return found
    if not MANIFEST.exists():
        return []
    sys.path.insert(0, str(HERE.parent))
    try:
        from bench.corpora import corpus_dir

        names = [
            line.split("\t")[0]
            for line in MANIFEST.read_text().splitlines()
            if line.strip() and not line.startswith("#")
        ]
        return [corpus_dir(name) for name in names]
    except (SystemExit, subprocess.CalledProcessError, OSError):
        return []


def init_one(source: Path, work: Path) -> tuple[str, subprocess.CompletedProcess, float]:
    root = work / source.name
    shutil.copytree(source, root, symlinks=True, ignore=shutil.ignore_patterns(".git"))
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "commit.gpgsign", "false")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Corpus snapshot", "--no-verify")
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-P", "-m", "standards", "init", "--no-hooks"],
        cwd=root,
        capture_output=True,
        text=True,
        env=env(),
        timeout=PER_REPO_TIMEOUT,
    )
    elapsed = time.perf_counter() - start
    shutil.rmtree(root, ignore_errors=True)
    return source.name, result, elapsed


@pytest.mark.slow
def test_init_on_every_corpus(tmp_path):
    sources = corpora()
    if not sources:
        pytest.skip("no corpora: set STANDARDS_CORPORA or provide ../shared/corpora/fetch.py")
    sources.sort(key=lambda s: -sum(len(files) for _, _, files in os.walk(s)))  # largest first: even finish
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda s: init_one(s, tmp_path), sources))
    failures = []
    for name, result, elapsed in sorted(results, key=lambda r: -r[2]):
        print(f"{name}: exit {result.returncode} in {elapsed:.1f}s")
        output = result.stdout + result.stderr
        if result.returncode != 0 or "Traceback" in output or "failed (" in result.stdout:
            failures.append(f"{name}: exit {result.returncode}\n{output[-2000:]}")
    print(f"total {time.perf_counter() - started:.0f}s for {len(sources)} corpora")
    assert not failures, "\n\n".join(failures)
