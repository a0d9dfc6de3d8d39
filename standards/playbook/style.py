"""The style section, compressed: one line per tool saying what the hook enforces, one line
per tool for what only warns, each convention a few words. Details (the evidence, Do and
Don't) stay in ``standards explain``; the anchors that findings link to stay on the lines."""

from __future__ import annotations

from dataclasses import dataclass

from standards.infer import COUNTED
from standards.model import Convention, Level

NAMING_STYLES = ("snake_case", "CapWords", "PascalCase", "camelCase", "UPPER_CASE", "kebab-case")
ARCHITECTURE = ("structure", "schema")  # said in the feature flow and the debt, not as style
TOOL_NAMES = {
    "ruff": "ruff",
    "ruff-format": "ruff format",
    "eslint": "ESLint",
    "rubocop": "RuboCop",
    "standards": "standards",
}
TOOL_LANGUAGE = {"ruff": "python", "ruff format": "python", "ESLint": "javascript", "RuboCop": "ruby"}
UNPROVABLE = "unprovable:"
MAX_ITEMS = 15  # conventions named on one tool's line; the rest are counted


@dataclass(frozen=True)
class ToolLine:
    tool: str
    level: Level
    items: list[str]
    anchors: list[str]
    language: str
    source: str = ""  # the project's config file every item of the line comes from

    def markdown(self) -> str:
        anchors = "".join(f'<a id="{a}"></a>' for a in self.anchors)
        verb = "enforces" if self.level is Level.ERROR else "warns (not blocking)"
        source = f" (all set in {self.source})" if self.source else ""
        return f"- {anchors}**{self.tool}** {verb}{source}: {'; '.join(self.items)}."


def tool_of(c: Convention) -> str:
    if not c.enforced_by:
        return "Review (no linter checks it)"
    if c.language == "git":
        return "commit-msg hook"
    head = c.enforced_by[0].split(":", 1)[0]
    return TOOL_NAMES.get(head, head)


def phrase(c: Convention, said: str = "") -> str:
    """A few words for a convention: its title, lower-cased, with what the evidence needs said
    (the files a share was counted over, why it cannot be proven)."""
    first = c.title.split(" ", 1)[0]
    title = c.title[:1].lower() + c.title[1:] if first[1:].islower() or len(first) == 1 else c.title
    title = title.rstrip(".")
    extra = []
    if c.note:
        parts = c.note.split("; ")
        counted = [p for p in parts if p.startswith(COUNTED)]
        if counted:
            extra.append(f"{c.support[0]:,} of {c.support[1]:,}, {counted[0]}")
        extra += [p for p in parts if p.startswith(UNPROVABLE)]
    if c.source.value == "explicit" and c.explicit_in and c.explicit_in != said:
        extra.append(f"set in {c.explicit_in}")
    return f"{title} ({'; '.join(extra)})" if extra else title


def _naming(convs: list[Convention]) -> tuple[list[str], list[Convention]]:
    """Naming conventions folded by style: "snake_case: functions, methods, arguments"."""
    by_style: dict[str, list[str]] = {}
    rest = []
    for c in convs:
        style = str(c.value)
        subject, _, tail = c.title.partition(" are ")
        if c.category == "naming" and style in NAMING_STYLES and tail.strip() == style and not c.note:
            by_style.setdefault(style, []).append(subject.lower())
        else:
            rest.append(c)
    return [f"{style} {', '.join(subjects)}" for style, subjects in by_style.items()], rest


def tool_lines(convs: list[Convention], languages: list[str]) -> list[ToolLine]:
    """One line per (tool, level), main language's tools first, commit rules last."""
    grouped: dict[tuple[str, Level, str], list[Convention]] = {}
    for c in convs:
        if c.category in ARCHITECTURE or c.level not in (Level.ERROR, Level.WARN):
            continue
        tool = tool_of(c)
        grouped.setdefault((tool, c.level, TOOL_LANGUAGE.get(tool, c.language)), []).append(c)
    lines = []
    for (tool, level, language), members in grouped.items():
        members.sort(key=lambda c: (-c.support[1], c.id))
        named, rest = _naming(members)
        sources = {c.explicit_in if c.source.value == "explicit" else "" for c in members}
        said = sources.pop() if len(sources) == 1 else ""
        items = named + [phrase(c, said) for c in rest]
        if len(items) > MAX_ITEMS:
            items = items[:MAX_ITEMS] + [f"and {len(items) - MAX_ITEMS} more (standards.toml lists them)"]
        lines.append(ToolLine(tool, level, items, [c.anchor for c in members], language, said))

    def order(line: ToolLine) -> tuple[bool, int, int, str]:
        lang = languages.index(line.language) if line.language in languages else len(languages)
        return (line.language == "git", lang, line.level.rank, line.tool)

    return sorted(lines, key=order)
