"""Rank the conventions and render playbook.md: short, commands first, then what blocks,
then what warns, then custom checks, then where to be careful, then known debt.

Agents read this file; it must say what the code cannot (commands, enforced rules,
non-obvious conventions) in about 1,500 words, each rule with a one-line why and its
evidence. Do/Don't examples live in standards.toml and `standards explain`, not on the
playbook's style lines; every ``path:line`` the playbook does cite is checked as a quote
(:mod:`standards.playbook.quotes`). Languages come in the order of their share of the code.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import jinja2

from standards.frameworks import PINNED
from standards.infer import COUNTED
from standards.model import Convention, Level, Source, Standards
from standards.rules import all_rules

LANGUAGE_NAMES = {
    "python": "Python",
    "javascript": "JavaScript",
    "typescript": "TypeScript",
    "ruby": "Ruby",
    "git": "Commits and history",
    "any": "Whole repository",
}
CATEGORY_ORDER = (
    "architecture",
    "naming",
    "correctness",
    "errors",
    "formatting",
    "imports",
    "strings",
    "logging",
    "types",
    "docs",
    "tests",
    "size",
    "history",
    "language",
)
MAX_NOTES = 6
MAX_DEBT_RULES = 8


@dataclass
class Item:
    anchor: str
    title: str
    evidence: str
    why: str
    tools: str


@dataclass
class Group:
    heading: str
    items: list[Item]


def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("standards", "templates"),
        trim_blocks=False,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def evidence(c: Convention) -> str:
    followed, total = c.support
    parts = []
    if total:
        parts.append(f"{followed:,} of {total:,} places")
    if c.source is Source.EXPLICIT:
        parts.append(f"set in {c.explicit_in}" if c.explicit_in else "set explicitly")
    elif c.source is Source.MANUAL:
        parts.append("set by a person in standards.toml")
    if c.note and c.level is not Level.ERROR:
        parts.append(c.note)
    elif c.note:  # an enforced rule still states the files its counts were taken over
        parts += [n for n in c.note.split("; ") if n.startswith(COUNTED)]
    return "; ".join(parts) or "no counts"


def _item(c: Convention) -> Item:
    return Item(
        anchor=c.anchor,
        title=c.title,
        evidence=evidence(c),
        why=c.why.rstrip(".") + "." if c.why else "",
        tools=", ".join(c.enforced_by),
    )


def language_order(languages: dict[str, int]) -> list[str]:
    """Languages by their share of the code (most files first); ties in the usual order."""
    known = list(LANGUAGE_NAMES)
    return sorted(languages, key=lambda k: (-languages[k], known.index(k) if k in known else len(known), k))


def rank_key(c: Convention) -> tuple:
    cat = CATEGORY_ORDER.index(c.category) if c.category in CATEGORY_ORDER else len(CATEGORY_ORDER)
    return (cat, -c.confidence, c.id)


def groups(convs: list[Convention], languages: dict[str, int] | None = None) -> list[Group]:
    """Conventions by language: the languages of the code by share, then commits and the rest."""
    by_lang: dict[str, list[Convention]] = {}
    for c in convs:
        by_lang.setdefault(c.language, []).append(c)
    code = [lang for lang in language_order(languages or {}) if lang in by_lang]
    order = code + [lang for lang in LANGUAGE_NAMES if lang in by_lang and lang not in code]
    order += sorted(set(by_lang) - set(order))
    single = len(order) == 1
    return [
        Group(
            "" if single else LANGUAGE_NAMES.get(lang, lang.title()),
            [_item(c) for c in sorted(by_lang[lang], key=rank_key)],
        )
        for lang in order
    ]


CARE_IDS = ("git.hotspots", "git.coupling", "git.owners", "git.history")
MAX_HOTSPOTS = 5


def _rows(standards: Standards, cid: str) -> list[dict[str, Any]]:
    conv = standards.get(cid)
    if conv is None or not isinstance(conv.value, list):
        return []
    return [row for row in conv.value if isinstance(row, dict)]


def _care(standards: Standards) -> list[str]:
    """Where an agent should be most careful: hot spots, what changes with them, owners."""
    partners: dict[str, list[dict[str, Any]]] = {}
    for row in _rows(standards, "git.coupling"):
        partners.setdefault(str(row.get("a")), []).append(row)
        partners.setdefault(str(row.get("b")), []).append(row)
    lines = []
    for row in _rows(standards, "git.hotspots")[:MAX_HOTSPOTS]:
        path = str(row.get("path", ""))
        size = f"{row.get('commits', 0)} commits, {int(row.get('lines', 0)):,} lines"
        line = f"`{path}` — {size}: change it in small, tested steps"
        with_ = [r for r in partners.get(path, [])][:2]
        if with_:
            other = [str(r["b"] if r.get("a") == path else r["a"]) for r in with_]
            line += "; it usually changes together with " + ", ".join(f"`{o}`" for o in other)
        lines.append(line)
    owners = _rows(standards, "git.owners")[:3]
    for row in owners:
        names = row.get("owners") or []
        if names:
            lines.append(f"`{row.get('area')}`: most changes by {', '.join(str(n) for n in names[:2])}")
    return lines


def _debt(baseline_text: str | None) -> tuple[int, list[dict[str, Any]]]:
    if not baseline_text:
        return 0, []
    try:
        data = json.loads(baseline_text)
    except (ValueError, RecursionError, MemoryError):
        return 0, []
    entries = data.get("entries", []) if isinstance(data, dict) else []
    counts: Counter = Counter()
    example: dict[str, str] = {}
    for e in entries:
        if isinstance(e, dict) and "rule" in e:
            counts[e["rule"]] += 1
            example.setdefault(e["rule"], e.get("path", ""))
    rows = [{"rule": r, "count": n, "example": example.get(r, "")} for r, n in counts.most_common(MAX_DEBT_RULES)]
    return sum(counts.values()), rows


def render(
    standards: Standards, languages: dict[str, int], frameworks: list[str], baseline_text: str | None = None
) -> str:
    convs = [c for c in standards.conventions.values() if c.id not in CARE_IDS]
    enforced = [c for c in convs if c.level is Level.ERROR]
    warned = [c for c in convs if c.level is Level.WARN]
    notes = sorted((c for c in convs if c.level is Level.INFO), key=lambda c: -c.support[1])[:MAX_NOTES]
    rules = []
    for rule in all_rules():
        conv = rule.convention(standards)
        if conv is not None:
            rules.append(
                {"id": rule.id, "title": rule.title, "level": conv.level.value, "what": first_sentence(rule.doc.what)}
            )
    debt_total, debt = _debt(baseline_text)
    template = _env().get_template("playbook.md.j2")
    used = [f for f in frameworks if not f.endswith(PINNED)]
    pinned = [f.removesuffix(PINNED) for f in frameworks if f.endswith(PINNED)]
    text = template.render(
        languages=", ".join(LANGUAGE_NAMES.get(k, k) for k in language_order(languages)),
        frameworks=", ".join(used),
        pinned=", ".join(pinned),
        enforced=groups(enforced, languages),
        warned=groups(warned, languages),
        notes=[_item(c) for c in notes],
        rules=rules,
        care=_care(standards),
        debt=debt,
        debt_total=debt_total,
    )
    return tidy(text)


def first_sentence(text: str) -> str:
    text = " ".join(text.split())
    m = re.search(r"(?<=[.!?])\s", text)
    return text[: m.start()] if m else text


def tidy(text: str) -> str:
    """No runs of blank lines; no blank line inside a list."""
    lines = text.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        if not line.strip():
            prev = out[-1] if out else ""
            nxt = next((n for n in lines[i + 1 :] if n.strip()), "")
            listy = ("- ", "<a id")
            if not prev.strip() or (prev.startswith(listy) and nxt.startswith(listy)):
                continue
        out.append(line)
    return "\n".join(out).rstrip("\n") + "\n"
