"""Commit messages, read as a reviewer reads them: pure functions shared by the analyzer
that learns a repository's message conventions and the hook that enforces them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from standards.history.reader import Commit

# The types of the Conventional Commits spec and of @commitlint/config-conventional.
CONVENTIONAL_TYPES = frozenset(
    {"feat", "fix", "docs", "style", "refactor", "perf", "test", "build", "ci", "chore", "revert"}
)
# Further types common enough that a prefix using them still reads as Conventional Commits.
_CONVENTIONAL_EXTRA = frozenset({"tests", "deps", "release", "security", "types", "feature", "bugfix", "wip"})

_CONVENTIONAL = re.compile(r"^(?P<type>[A-Za-z]+)(?:\((?P<scope>[^()\n]*)\))?(?P<bang>!)?: +(?P<desc>\S.*)$")
_PREFIXED = re.compile(r"^(?P<type>[\w][\w./*{}-]*(?:, ?[\w./*{}-]+)*)(?:\((?P<scope>[^()\n]*)\))?!?: +(?P<desc>\S.*)$")
_IGNORED = re.compile(r"^(fixup!|squash!|amend!|Merge |Merged |Revert \"|Reapply \")")
_BOT = re.compile(
    r"\[bot\]|\b(?:ro)?bot\b|^(dependabot|renovate|greenkeeper|snyk|github-actions|pre-commit-ci|mergify|"
    r"imgbot|allcontributors|semantic-release|weblate|transifex|copybara)",
    re.IGNORECASE,
)
_SKIP_CI = re.compile(
    r"\[(skip ci|ci skip|no ci|skip actions|actions skip|skip travis|skip netlify)\]|\*\*\*NO_CI\*\*\*", re.IGNORECASE
)
_SIGNOFF = re.compile(r"^Signed-off-by: .+", re.MULTILINE)
_SCISSORS = re.compile(r"^. -+ >8 -+$")

# Issue references by style; the first that matches names the style of a message.
REFERENCE_STYLES: dict[str, str] = {
    "#123": r"(?<![\w&/])#\d+\b",
    "GH-123": r"\bGH-\d+\b",
    "ABC-123": r"\b[A-Z][A-Z0-9]{1,9}-\d+\b",
    "issue URL": r"https?://\S+/(issues|pull|browse|tickets?)/\S+",
}


@dataclass(frozen=True)
class Subject:
    """A subject line split into its prefix (if any) and its description."""

    text: str
    kind: str  # "conventional" (feat(x): ...), "prefixed" (net/http: ...) or "plain"
    type: str = ""  # the prefix word, lower case, for conventional and prefixed subjects
    scope: str = ""
    breaking: bool = False
    description: str = ""


def parse_subject(subject: str) -> Subject:
    subject = subject.strip()
    m = _CONVENTIONAL.match(subject)
    if m and m["type"].lower() in CONVENTIONAL_TYPES | _CONVENTIONAL_EXTRA:
        return Subject(
            subject, "conventional", m["type"].lower(), (m["scope"] or "").strip(), bool(m["bang"]), m["desc"]
        )
    m = _PREFIXED.match(subject)
    if m:
        return Subject(subject, "prefixed", m["type"], (m["scope"] or "").strip(), False, m["desc"])
    return Subject(subject, "plain", description=subject)


def strip_comments(text: str, comment_char: str = "#") -> str:
    """The message git will store: comment lines and everything below a scissors line
    (``git commit -v``) removed, trailing blank lines dropped."""
    kept = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if _SCISSORS.match(line) and line.startswith(comment_char):
            break
        if comment_char and line.startswith(comment_char):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip("\n")


def split_message(message: str) -> tuple[str, str]:
    """(subject, body): the first non-blank line and the rest."""
    lines = message.strip("\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return "", ""
    return lines[0].strip(), "\n".join(lines[1:]).strip("\n")


def is_ignored(subject: str) -> bool:
    """Messages git or a tool writes: fixup!/squash!, merges and reverts."""
    return bool(_IGNORED.match(subject))


def is_bot(author: str, email: str) -> bool:
    return bool(_BOT.search(author) or _BOT.search(email.split("@", 1)[0]))


def by_people(commits: Iterable[Commit]) -> Iterator[Commit]:
    """Commits a person made: no merges, no bots (dependabot, renovate, ...)."""
    return (c for c in commits if not c.is_merge and not is_bot(c.author, c.email))


def authored_messages(commits: Iterable[Commit]) -> Iterator[Commit]:
    """Commits whose message a person wrote: also no fixup!/squash!/Merge/Revert subjects."""
    return (c for c in by_people(commits) if c.subject and not is_ignored(c.subject))


def skip_ci_tag(message: str) -> str | None:
    """The CI-skipping tag of a message, as written (lower case), or None."""
    m = _SKIP_CI.search(message)
    return m.group(0).lower() if m else None


def has_signoff(message: str) -> bool:
    return bool(_SIGNOFF.search(message))


def reference_styles(message: str) -> frozenset[str]:
    """The styles of the issue references in the message ("#123", "ABC-123", ...)."""
    return frozenset(style for style, pattern in REFERENCE_STYLES.items() if re.search(pattern, message))


def capitalization(description: str) -> str | None:
    """ "upper" or "lower" for the first word; None when it proves nothing (an acronym,
    an identifier, a number, a path, CamelCase)."""
    word = description.split(" ", 1)[0]
    if not word or not word[0].isalpha() or not word.rstrip(",:;").isalpha():
        return None
    if any(c.isupper() for c in word[1:]):
        return None
    return "upper" if word[0].isupper() else "lower"


def trailing_period(subject: str) -> bool:
    return subject.endswith(".") and not subject.endswith("..")


# -- grammatical mood of the first word --------------------------------------------------

_VERBS = [
    "add",
    "adjust",
    "allow",
    "annotate",
    "apply",
    "avoid",
    "backport",
    "bind",
    "bump",
    "cache",
    "calculate",
    "call",
    "catch",
    "change",
    "check",
    "clarify",
    "clean",
    "cleanup",
    "close",
    "compute",
    "configure",
    "convert",
    "correct",
    "create",
    "declare",
    "define",
    "delete",
    "deprecate",
    "describe",
    "disable",
    "display",
    "document",
    "downgrade",
    "drop",
    "emit",
    "enable",
    "ensure",
    "exclude",
    "explain",
    "export",
    "expose",
    "extract",
    "fail",
    "fetch",
    "fix",
    "format",
    "generate",
    "guard",
    "handle",
    "hide",
    "ignore",
    "implement",
    "import",
    "improve",
    "include",
    "increase",
    "initialize",
    "initialise",
    "install",
    "introduce",
    "link",
    "lint",
    "load",
    "log",
    "make",
    "mark",
    "mention",
    "merge",
    "migrate",
    "move",
    "normalize",
    "normalise",
    "optimize",
    "optimise",
    "parse",
    "pass",
    "pin",
    "polish",
    "port",
    "prefer",
    "prepare",
    "prevent",
    "print",
    "publish",
    "raise",
    "read",
    "reduce",
    "refactor",
    "regenerate",
    "register",
    "release",
    "remove",
    "rename",
    "render",
    "reorganize",
    "replace",
    "require",
    "reset",
    "resolve",
    "respect",
    "restore",
    "restrict",
    "restructure",
    "return",
    "revert",
    "revise",
    "rework",
    "rewrite",
    "run",
    "save",
    "send",
    "set",
    "show",
    "simplify",
    "skip",
    "sort",
    "speed",
    "split",
    "start",
    "stop",
    "store",
    "support",
    "switch",
    "sync",
    "test",
    "throw",
    "tidy",
    "track",
    "tweak",
    "unify",
    "unpin",
    "update",
    "upgrade",
    "use",
    "validate",
    "vendor",
    "wire",
    "wrap",
    "write",
]

_IRREGULAR_PAST = {
    "bind": "bound", "catch": "caught", "make": "made", "run": "ran", "send": "sent", "speed": "sped",
    "throw": "threw", "write": "wrote", "rewrite": "rewrote", "read": "read", "set": "set",
    "split": "split", "hide": "hid",
}  # fmt: skip


def _past(verb: str) -> set[str]:
    if verb in _IRREGULAR_PAST:
        return {_IRREGULAR_PAST[verb]}
    if verb.endswith("e"):
        return {verb + "d"}
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return {verb[:-1] + "ied"}
    return {verb + "ed", verb + verb[-1] + "ed"}


def _gerund(verb: str) -> set[str]:
    if verb.endswith("e") and not verb.endswith("ee"):
        return {verb[:-1] + "ing"}
    return {verb + "ing", verb + verb[-1] + "ing"}


def _third(verb: str) -> set[str]:
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return {verb + "es"}
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return {verb[:-1] + "ies"}
    return {verb + "s"}


def _forms() -> dict[str, str]:
    forms: dict[str, str] = {}
    for verb in _VERBS:
        for word in _third(verb):
            forms.setdefault(word, "third-person")
        for word in _gerund(verb):
            forms.setdefault(word, "gerund")
        for word in _past(verb):
            forms.setdefault(word, "past")
    for verb in _VERBS:  # a base form wins where it equals a past form (set, read, split)
        forms[verb] = "imperative"
    return forms


_FORMS = _forms()
MOOD_EXAMPLES = {"imperative": "Add", "past": "Added", "gerund": "Adding", "third-person": "Adds"}


def mood(description: str) -> str | None:
    """ "imperative", "past", "gerund" or "third-person" for a known first verb; None otherwise."""
    word = description.split(" ", 1)[0].rstrip(":,.").lower()
    return _FORMS.get(word)


def to_imperative(word: str) -> str | None:
    """The base form of a known verb form ("Added" -> "Add"), keeping its capitalisation."""
    lower = word.lower()
    for verb in _VERBS:
        if lower in _past(verb) | _gerund(verb) | _third(verb) | {verb}:
            return verb.capitalize() if word[:1].isupper() else verb
    return None


# -- everything a convention may look at, in one pass ------------------------------------

_PR_SUFFIX = re.compile(r"(\s*\(#\d+\))+$")


@dataclass(frozen=True)
class MessageFeatures:
    """What the message conventions measure, for one message."""

    subject: Subject
    length: int  # of the subject as its author wrote it (without a PR suffix)
    capitalization: str | None
    mood: str | None
    period: bool
    references: frozenset[str]
    signoff: bool
    skip_ci: str | None
    pr_suffix: bool  # "(#123)" that GitHub appends on squash merge; its author never typed it


def features(message: str) -> MessageFeatures:
    subject_text, body = split_message(message)
    stripped = _PR_SUFFIX.sub("", subject_text)
    subject = parse_subject(stripped)
    return MessageFeatures(
        subject=subject,
        length=len(stripped),
        capitalization=capitalization(subject.description),
        mood=mood(subject.description),
        period=trailing_period(stripped),
        references=reference_styles(stripped + "\n" + body),
        signoff=has_signoff(body),
        skip_ci=skip_ci_tag(message),
        pr_suffix=stripped != subject_text,
    )


def follows(f: MessageFeatures, convention_id: str, value: object) -> bool:
    """Whether a message with features ``f`` follows the convention ``git.commit.*`` with
    ``value``; True when the convention does not apply to it (the mood of a subject that
    starts with no known verb, an unknown convention)."""
    if convention_id == "git.commit.format":
        return f.subject.kind != "conventional" if value == "plain" else f.subject.kind == value
    if convention_id == "git.commit.subject_length":
        return not isinstance(value, int) or f.length <= value
    if convention_id == "git.commit.capitalization":
        return f.capitalization in (None, value)
    if convention_id == "git.commit.mood":
        return f.mood in (None, value)
    if convention_id == "git.commit.trailing_period":
        return f.period == (value == "period")
    if convention_id == "git.commit.references":
        return value in f.references
    if convention_id == "git.commit.signoff":
        return f.signoff
    return True
