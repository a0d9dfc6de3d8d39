"""Small web apps written into a temporary directory, and a helper that runs a rule the way
``standards check`` does: analyse, infer conventions, then call the rule's check."""

from __future__ import annotations

import textwrap
from pathlib import Path

from standards import pipeline
from standards.gitutil import DiffInfo
from standards.model import Finding, Standards
from standards.rules import CheckContext, Rule

WEB_ANALYZERS = {"web_handlers", "web_schema", "web_layers"}


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return root


def standards_for(root: Path) -> tuple[pipeline.Analysis, Standards]:
    analysis = pipeline.analyze(root, only=WEB_ANALYZERS, options={"debug": True})
    return analysis, pipeline.build(analysis, None)


def run(root: Path, rule: Rule, diff: DiffInfo | None = None) -> list[Finding]:
    analysis, standards = standards_for(root)
    if rule.conventions and rule.convention(standards) is None:
        return []  # as the check engine: a rule whose conventions are all below warn does not run
    paths = sorted(diff.lines) if diff else [f.path for f in analysis.ctx.discovery.files]
    ctx = CheckContext(root, standards, paths, analysis.ctx, diff=diff, mode="diff" if diff else "all")
    return list(rule.check(ctx))


def added(root: Path, path: str, text: str) -> DiffInfo:
    """Append ``text`` to ``path`` and describe the change as a diff would."""
    target = root / path
    before = target.read_text().count("\n") if target.exists() else 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a") as fh:
        fh.write(textwrap.dedent(text).lstrip("\n"))
    after = target.read_text().count("\n")
    return DiffInfo(
        lines={path: set(range(before + 1, after + 1))},
        new_files=set() if before else {path},
    )
