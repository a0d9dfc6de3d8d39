"""Helpers the JS/TS and Ruby tests share: dedented fixture files, a Context over a fixture
repository, the analyzers of one family (taken from the registry, not listed by hand), their
observations, and one emitter's files generated from the inferred conventions."""

from __future__ import annotations

import textwrap
from pathlib import Path
from types import ModuleType

from standards.analyzers import Analyzer, all_analyzers
from standards.context import Context
from standards.discovery import discover
from standards.emitters import EmitEnv
from standards.fsutil import WritePlan
from standards.infer import infer
from standards.model import Observation, Standards


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def context(root: Path) -> Context:
    discovery = discover(root)
    return Context(root=discovery.root, discovery=discovery)


def family(prefix: str, also: tuple[str, ...] = (), without: tuple[str, ...] = ()) -> tuple[Analyzer, ...]:
    """The registered analyzers whose module name starts with ``prefix``, plus ``also``."""
    return tuple(a for a in all_analyzers() if (a.name.startswith(prefix) or a.name in also) and a.name not in without)


def observe(root: Path, analyzers: tuple[Analyzer, ...]) -> dict[str, Observation]:
    ctx = context(root)
    return {obs.id: obs for analyzer in analyzers for obs in analyzer.analyze(ctx)}


def generate(root: Path, analyzers: tuple[Analyzer, ...], emitter: ModuleType) -> tuple[Standards, list[str]]:
    """Analyse ``root``, infer, and write the files ``emitter`` plans; (standards, notes)."""
    ctx = context(root)
    standards = Standards(conventions=infer([o for a in analyzers for o in a.analyze(ctx)]))
    plan = WritePlan(root=ctx.root)
    env = EmitEnv(root=ctx.root, languages=ctx.discovery.languages(), frameworks={}, in_git=False)
    notes = emitter.emit(standards, plan, env)
    plan.apply()
    return standards, notes
