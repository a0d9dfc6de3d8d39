"""repo → discover → analyzers → infer → Standards. No writes happen here."""

from __future__ import annotations

import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from standards import frameworks, progress, ruff_tool, standards_file
from standards.analyzers import Analyzer, all_analyzers
from standards.context import Context, recursion_guard
from standards.discovery import discover
from standards.errors import StandardsError
from standards.history.reader import history_for
from standards.infer import Thresholds, infer
from standards.model import Observation, Standards


@dataclass
class Analysis:
    ctx: Context
    observations: list[Observation]
    timings: dict[str, float] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)  # analyzer -> error (bug in us, reported)

    @property
    def root(self) -> Path:
        return self.ctx.root


def analyze(root: Path, options: dict | None = None, only: set[str] | None = None) -> Analysis:
    """Run every applicable analyzer. Analyzers marked ``background`` (they mostly wait on
    linter subprocesses) run in a thread beside the others, so the linter uses the second
    core while the AST analyzers use this one; observations keep the registry's order."""
    recursion_guard()
    t0 = time.perf_counter()
    progress.stage("discovering files")
    discovery = discover(root)
    ctx = Context(root=discovery.root, discovery=discovery, options=dict(options or {}))
    ctx.frameworks = frameworks.detect(ctx.root, discovery)
    timings = {"discover": time.perf_counter() - t0}
    chosen = [a for a in all_analyzers() if (only is None or a.name in only) and a.applies(ctx)]
    progress.stage(f"analysing {_files_by_language(discovery.languages())}", total=len(chosen))
    results: dict[str, list[Observation]] = {}
    failures: dict[str, str] = {}

    def run(analyzer: Analyzer) -> None:
        start = time.perf_counter()
        try:
            results[analyzer.name] = analyzer.analyze(ctx)
        except StandardsError:
            raise  # a broken config file: the user must fix it (exit 2)
        except RecursionError:
            failures[analyzer.name] = "code nested too deeply to analyse"
        except Exception as exc:  # an analyzer bug must not stop the others; it is reported
            failures[analyzer.name] = f"{type(exc).__name__}: {exc}"
            if ctx.options.get("debug"):
                raise
        timings[analyzer.name] = time.perf_counter() - start
        progress.advance()

    background = [a for a in chosen if a.background]
    wants_python = any("python" in a.languages for a in chosen)
    if background and wants_python:
        ctx.python_parsed = threading.Event()
        for f in ctx.files("python"):
            ctx.maybe_deep(f.path)  # reads the texts here: the parse needs them, the thread must not wait for them
    with ThreadPoolExecutor(max_workers=2) as pool:
        if discovery.in_git:
            pool.submit(history_for, ctx)  # prefetch: `git log --numstat` runs while we parse
        # Background analyzers start now: their linters run on the second core while this
        # one parses; they wait on ctx.python_parsed for what needs the parse results.
        pending = [pool.submit(run, a) for a in background]
        for analyzer in chosen:
            if analyzer.prefetch is not None:
                pool.submit(analyzer.prefetch, ctx)  # a failure shows when analyze() asks again
        if wants_python:
            _parse_python(ctx, timings)
        for analyzer in chosen:
            if not analyzer.background:
                run(analyzer)
        for future in pending:
            future.result()  # re-raises a StandardsError from the thread
    observations = [obs for a in chosen for obs in results.get(a.name, [])]
    return Analysis(ctx=ctx, observations=observations, timings=timings, failures=failures)


def _files_by_language(languages: dict[str, int]) -> str:
    """ "1,204 files (python 1,150, javascript 54)"."""
    total = sum(languages.values())
    parts = ", ".join(f"{lang} {n:,}" for lang, n in sorted(languages.items(), key=lambda i: -i[1]) if n)
    return progress.counted(total, "file") + (f" ({parts})" if parts else "")


def _parse_python(ctx: Context, timings: dict[str, float]) -> None:
    """Parse every Python file here, beside the background linters; then let them go on."""
    start = time.perf_counter()
    try:
        with ruff_tool.sharing_cores():
            ctx.python_modules()
        timings["parse"] = time.perf_counter() - start
    finally:
        if ctx.python_parsed is not None:
            ctx.python_parsed.set()  # also on failure: a waiting thread must not hang


def build(analysis: Analysis, previous: Standards | None) -> Standards:
    settings = previous.settings if previous else {}
    thresholds = Thresholds.from_settings(settings.get("thresholds", {}))
    inferred = infer(analysis.observations, thresholds)
    return standards_file.merge(previous, inferred)


def warn(message: str) -> None:
    print(f"standards: {message}", file=sys.stderr)
