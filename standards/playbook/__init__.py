"""Render playbook.md: the note a senior engineer of the repository would leave an agent.

In this order, each section dropping out when it has nothing true to say: an honest header
(what was analysed, where the rules came from), how to add a feature here (the layering as a
flow, with real files: :mod:`.flow`), how to run and test (``runbook_md``, written by
:mod:`standards.runbook` when it is there), known debt not to copy (:mod:`.debt`), framework
and safety conventions with their counts (:mod:`.practices`), where to be careful, and last
the style the hook enforces, one line per tool (:mod:`.style`). About 1,000 words, never more
than 1,500 (:mod:`.budget`). Every ``path:line`` quotes its line, checked before it is written
(:mod:`.quotes`); items whose citation does not hold are left out.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import jinja2

from standards.context import Context
from standards.frameworks import PINNED
from standards.infer import Thresholds
from standards.model import Level, Source, Standards
from standards.playbook import budget, style, unchecked
from standards.webmodel import WebModel, extract

LANGUAGE_NAMES = {
    "python": "Python",
    "javascript": "JavaScript",
    "typescript": "TypeScript",
    "ruby": "Ruby",
    "git": "Commits and history",
    "any": "Whole repository",
}
MAX_NOTES = 6
MAX_DEBT_RULES = 8


def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("standards", "templates"),
        trim_blocks=False,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def language_order(languages: dict[str, int]) -> list[str]:
    """Languages by their share of the code (most files first); ties in the usual order."""
    known = list(LANGUAGE_NAMES)
    return sorted(languages, key=lambda k: (-languages[k], known.index(k) if k in known else len(known), k))


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


ARCHITECTURE_IDS = ("web.handlers.thin", "web.layers", "web.schema.fk_indexed", "web.schema.hot_columns")
MAX_CARE = 3


def render(
    standards: Standards,
    languages: dict[str, int],
    frameworks: list[str],
    baseline_text: str | None = None,
    ctx: Context | None = None,
    runbook_md: str | None = None,
) -> str:
    """The playbook's text. ``ctx`` (the analysed repository) feeds the architecture sections;
    without it only the header, the baseline and the style are written. ``runbook_md`` is the
    "how to run and test" section's body (absent: the section drops out)."""
    order = language_order(languages)
    web = extract(ctx) if ctx is not None else None
    sections = [
        budget.Section("flow", "How to add a feature here", numbered=True),
        budget.Section("run", "How to run and test"),
        budget.Section("debt", "Known debt: do not copy"),
        budget.Section("practices", "Framework and safety conventions"),
        budget.Section("care", "Handle with care"),
        budget.Section("style", "Style (the hook enforces it)"),
    ]
    by_key = {s.key: s for s in sections}
    if ctx is not None and web is not None:
        _architecture(ctx, web, standards, by_key)
    if runbook_md and runbook_md.strip():
        _runbook(runbook_md, by_key["run"])
    _baseline(baseline_text, by_key["debt"])
    by_key["care"].items += [budget.Item(line, 30 - i) for i, line in enumerate(_care(standards)[:MAX_CARE])]
    _style(standards, order, by_key["style"])
    context = {
        "header": header(standards, languages, frameworks),
        "enforcement": _enforcement(standards),
    }
    template = _env().get_template("playbook.md.j2")

    def draw(parts: list[budget.Section]) -> str:
        shown = {s.key: s for s in parts if s.items}
        return tidy(template.render(sections=shown, **context))

    return budget.fit(sections, draw)


def header(standards: Standards, languages: dict[str, int], frameworks: list[str]) -> list[str]:
    """What was analysed and where the rules come from, in two or three sentences."""
    total = sum(v for k, v in languages.items() if k in LANGUAGE_NAMES)
    shares = ", ".join(
        f"{LANGUAGE_NAMES.get(k, k)} {round(100 * languages[k] / total) or '<1'}%"
        for k in language_order(languages)
        if total
    )
    files = f"{total:,} source files" + (f" ({shares})" if shares else "")
    history = standards.get("git.history")
    commits = history.value.get("commits") if history is not None and isinstance(history.value, dict) else None
    learned = (
        f"Learned from {files}" + (f" and {commits:,} commit{'s' if commits != 1 else ''}" if commits else "") + "."
    )
    used = [f for f in frameworks if not f.endswith(PINNED)]
    pinned = [f.removesuffix(PINNED) for f in frameworks if f.endswith(PINNED)]
    if used:
        learned += f" Frameworks: {', '.join(used)}."
    if pinned:
        learned += f" Pinned but not imported: {', '.join(pinned)}."
    checked = [c for c in standards.conventions.values() if c.level in (Level.ERROR, Level.WARN)]
    explicit = [c for c in checked if c.source is Source.EXPLICIT]
    manual = [c for c in checked if c.source is Source.MANUAL]
    where = sorted({c.explicit_in for c in explicit if c.explicit_in})
    verb = "comes" if len(explicit) == 1 else "come"
    origin = f"Of {len(checked)} checked rules, {len(explicit)} {verb} from the project's own config"
    origin += f" ({', '.join(where)})" if where else ""
    origin += f", {len(manual)} were set by a person" if manual else ""
    origin += f" and {len(checked) - len(explicit) - len(manual)} were inferred from its code."
    origin += " The project's own linter settings are kept; standards only adds where they are silent."
    return [learned, origin]


def _architecture(ctx: Context, web: WebModel, standards: Standards, by_key: dict[str, budget.Section]) -> None:
    from standards.playbook import debt, flow, practices
    from standards.playbook.quotes import Repository

    repo = Repository(ctx.root)
    steps = [s for s in flow.feature_flow(ctx, web) if _holds(repo, s.markdown())]
    by_key["flow"].items += [budget.Item(step.markdown(), budget.KEEP) for step in steps]
    items = [debt.markdown(ctx, d) for d in debt.known_debt(ctx, web, standards)]
    by_key["debt"].items += [budget.Item(t, 80 - i) for i, t in enumerate(items) if _holds(repo, t)]
    found = [p.markdown() for p in practices.practices(ctx, web)]
    found += [note for note in (debt.index_note(web, standards),) if note]
    by_key["practices"].items += [budget.Item(t, 70 - i) for i, t in enumerate(found) if _holds(repo, t)]


def _holds(repo: Any, text: str) -> bool:
    """Whether every ``path:line`` in ``text`` holds what it shows."""
    from standards.playbook.quotes import holds, markdown_citations

    for c in markdown_citations(text):
        lines = repo.lines(c.path)
        if lines is None or not 0 < c.line <= len(lines) or (c.snippet and not holds(lines, c.line, c.snippet)):
            return False
    return True


def _runbook(text: str, section: budget.Section) -> None:
    """The runbook's Markdown, one item per line (its own heading, if any, replaces ours)."""
    lines = text.strip("\n").split("\n")
    if lines and lines[0].startswith("## "):
        section.heading = lines.pop(0)[3:].strip()
    section.items += [budget.Item(line, budget.KEEP) for line in lines if line.strip()]


def _baseline(baseline_text: str | None, section: budget.Section) -> None:
    total, rows = _debt(baseline_text)
    if not total:
        return
    common = ", ".join(f"`{r['rule']}` {r['count']}" for r in rows[:MAX_BASELINE_RULES])
    section.items.append(
        budget.Item(
            f"{total:,} existing lint violations are recorded in `.standards/baseline.json` (most: {common}); "
            "they do not block, new ones do. Fixed some? Run `standards baseline` so it shrinks.",
            60,
        )
    )


MAX_BASELINE_RULES = 4


def _style(standards: Standards, order: list[str], section: budget.Section) -> None:
    convs = [c for c in standards.conventions.values() if c.id not in CARE_IDS]
    lines = style.tool_lines(convs, order)
    for i, line in enumerate(lines):
        value = (60 if line.level is Level.ERROR else 40) - i
        section.items.append(budget.Item(line.markdown(), value))
    notes = sorted(
        (c for c in convs if c.level is Level.INFO and c.category not in style.ARCHITECTURE),
        key=lambda c: -c.support[1],
    )[:MAX_NOTES]
    if notes:
        thresholds = Thresholds.from_settings(_table(standards.settings.get("thresholds")))
        section.items.append(budget.Item(unchecked.line(notes, thresholds), 10))
    if section.items:
        section.intro = (
            "Run `standards check --staged` before you commit; `standards explain <rule>` shows a rule's evidence "
            "and examples. New suppressions and baseline edits need a reason and are shown in CI."
        )


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _enforcement(standards: Standards) -> str:
    """The architecture rules the hook enforces, in one sentence with their anchors."""
    parts = []
    for cid in ARCHITECTURE_IDS:
        c = standards.get(cid)
        if c is None or c.level not in (Level.ERROR, Level.WARN):
            continue
        verb = "refuses" if c.level is Level.ERROR else "warns about"
        what = c.title[:1].lower() + c.title[1:]
        parts.append(
            f'<a id="{c.anchor}"></a>{verb} code that breaks "{what}" (`{c.enforced_by[0]}`)' if c.enforced_by else ""
        )
    parts = [p for p in parts if p]
    if not parts:
        return ""
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"The hook {listed}."


def tidy(text: str) -> str:
    """No runs of blank lines; no blank line inside a list."""
    lines = text.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        if not line.strip():
            prev = out[-1] if out else ""
            nxt = next((n for n in lines[i + 1 :] if n.strip()), "")
            listy = re.compile(r"(- |<a id|\d+\. )")
            if not prev.strip() or (listy.match(prev) and listy.match(nxt)):
                continue
        out.append(line)
    return "\n".join(out).rstrip("\n") + "\n"
