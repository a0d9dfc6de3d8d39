"""new-code-style: lines a change adds follow the style the repository is moving to
(git.motion.* conventions); untouched old code is never reported."""

from __future__ import annotations

from collections.abc import Iterator

from standards.check import line_fixes
from standards.check.renames import rename_fix, snake_case
from standards.discovery import language_of
from standards.history.motion import STYLES, Style
from standards.model import Convention, Finding, Fix
from standards.rules import CheckContext, Rule, RuleDoc


def check(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.diff is None:
        return
    active = [(s, c) for s in STYLES if (c := ctx.standards.enabled(s.convention)) is not None]
    if not active:
        return
    for path, changed in sorted(ctx.diff.lines.items()):
        language = language_of(path)
        styles = [(s, c) for s, c in active if language in s.languages]
        text = ctx.analysis.text(path) if styles and changed else None
        if text is None:
            continue
        lines = text.split("\n")
        for lineno in sorted(changed):
            if lineno > len(lines):
                continue
            for style, conv in styles:
                if style.classify(path, lines[lineno - 1]) == "old":
                    yield _finding(path, lineno, lines[lineno - 1], style, conv)


def _finding(path: str, lineno: int, line: str, style: Style, conv: Convention) -> Finding:
    return Finding(
        path=path,
        line=lineno,
        column=1,
        rule=RULE.qualified,
        message=f"new line uses {style.old}; new code here uses {style.new} ({conv.note})",
        level=conv.level,
        why=conv.why,
        fix=line_fix(style, line),
        anchor=conv.anchor,
        source_line=line.strip(),
    )


def line_fix(style: Style, line: str) -> Fix:
    """What to do about this line, in words, and the line corrected where it can be derived
    from the line alone (never the style's generic example)."""
    if style.key == "snake_case":
        corrected = line_fixes.corrected_def(line)
        name = corrected and line.split("def", 1)[1].split("(", 1)[0].strip()
        if corrected and name:
            return Fix(rename_fix(name, snake_case(name), "function"), replacement=corrected.strip())
        return Fix("name the function in snake_case (and every use of it)")
    if style.key == "let_const":
        corrected = line_fixes.corrected_var(line)
        words = "declare it with `let` (or `const` when it is never reassigned) instead of `var`"
        return Fix(words, replacement=corrected.strip())
    if style.key == "pytest":
        corrected = line_fixes.corrected_assert(line)
        return Fix(
            "write it as a plain `assert` (pytest shows both sides when it fails)", replacement=corrected.strip()
        )
    return Fix(f"write the string on this line with {style.new} instead of {style.old}")


RULE = Rule(
    id="new-code-style",
    title="New lines follow the style the repository is moving to",
    conventions=tuple(s.convention for s in STYLES),
    languages=tuple(sorted({lang for s in STYLES for lang in s.languages})),
    scope="change",
    check=check,
    doc=RuleDoc(
        what=(
            "On --staged or --diff, reports added or changed lines that use an old style the "
            "repository is moving away from, according to its history: % formatting or "
            "str.format where new lines use f-strings, unittest assertions where new tests use "
            "plain asserts, var where new JavaScript uses let/const, camelCase functions where "
            "new Python uses snake_case. Lines nobody touched are never reported."
        ),
        why=(
            "A migration that new code does not follow never ends. Holding only new and changed "
            "lines to the new style moves the repository forward without a big-bang rewrite."
        ),
        example='log_line = "%s took %dms" % (name, ms)',
        use_instead='log_line = f"{name} took {ms}ms"',
        options={},
    ),
)
