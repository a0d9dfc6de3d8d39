"""Render the result of analysis for `standards analyze` (text for people, JSON for tools),
with the known debt the playbook names (:mod:`standards.playbook.debt`)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from standards.frameworks import PINNED
from standards.model import Level, Standards
from standards.pipeline import Analysis
from standards.playbook.debt import known_debt
from standards.playbook.facts import Debt
from standards.webmodel import extract


def debt_of(analysis: Analysis, standards: Standards | None = None) -> list[Debt]:
    """The handlers and modules that break the repository's own layering or size norms, and
    (with its conventions) the foreign keys that break its index convention."""
    return known_debt(analysis.ctx, extract(analysis.ctx), standards)


def analysis_json(analysis: Analysis, standards: Standards) -> dict[str, Any]:
    d = analysis.ctx.discovery
    return {
        "root": analysis.root.name,
        "languages": d.languages(),
        "frameworks": analysis.ctx.frameworks,
        "skipped": {reason: len(paths) for reason, paths in d.skipped.items()},
        "parse_errors": dict(sorted(analysis.ctx.parse_errors.items())),
        "tests_not_parsed": len(analysis.ctx.sampled_out),
        "analyzer_failures": analysis.failures,
        "conventions": {
            cid: {
                "title": c.title,
                "category": c.category,
                "language": c.language,
                "value": c.value,
                "level": c.level.value,
                "source": c.source.value,
                "support": list(c.support),
                "confidence": c.confidence,
                "examples": c.examples,
                "counter_examples": c.counter_examples,
                "enforced_by": c.enforced_by,
                "params": c.params,
                "note": c.note,
            }
            for cid, c in standards.conventions.items()
        },
        "debt": [asdict(d) for d in debt_of(analysis, standards)],
    }


def analysis_text(analysis: Analysis, standards: Standards) -> str:
    d = analysis.ctx.discovery
    out = [f"{analysis.root.name}: {len(d.files)} source files"]
    langs = ", ".join(f"{k} {v}" for k, v in d.languages().items())
    if langs:
        out.append(f"  languages: {langs}")
    used = [name for name in analysis.ctx.frameworks if not name.endswith(PINNED)]
    pinned = [name.removesuffix(PINNED) for name in analysis.ctx.frameworks if name.endswith(PINNED)]
    if used:
        out.append(f"  frameworks: {', '.join(used)}")
    if pinned:
        out.append(f"  pinned but not imported: {', '.join(pinned)}")
    for line in d.skipped_summary():
        out.append(f"  skipped {line}")
    if analysis.ctx.sample_note():
        out.append(f"  {analysis.ctx.sample_note()}")
    if analysis.ctx.parse_errors:
        out.append(f"  {len(analysis.ctx.parse_errors)} files do not parse (ignored by inference):")
        for path, msg in sorted(analysis.ctx.parse_errors.items())[:5]:
            out.append(f"    {path}: {msg}")
    for name, err in analysis.failures.items():
        out.append(f"  analyzer {name} failed: {err} (a bug in standards; other analyzers ran)")
    out.append("")
    for level in (Level.ERROR, Level.WARN, Level.INFO, Level.OFF):
        convs = standards.by_level(level)
        if not convs:
            continue
        out.append(f"{level.value.upper()} ({len(convs)})")
        for c in sorted(convs, key=lambda c: (c.category, c.id)):
            followed, total = c.support
            tools = f"  [{', '.join(c.enforced_by)}]" if c.enforced_by else ""
            origin = f"({c.source.value}, conf {c.confidence:.2f})"
            out.append(f"  {c.id}: {c.title} = {c.value!r}  {followed}/{total} {origin}{tools}")
            if c.examples:
                out.append(f"      e.g. {', '.join(c.examples[:2])}")
            if c.counter_examples:
                out.append(f"      not: {', '.join(c.counter_examples[:2])}")
            if c.note:
                out.append(f"      note: {c.note}")
        out.append("")
    debt = debt_of(analysis, standards)
    if debt:
        out.append(f"KNOWN DEBT ({len(debt)}, largest first; do not copy)")
        out += [f"  {d.text()}" for d in debt]
        out.append("")
    return "\n".join(out) + "\n"
