"""commit-message: commit messages follow the conventions this repository's history shows.

The commit-msg hook (``standards commit-msg FILE``) checks the message being written; in
``standards check --diff REF`` the rule checks the messages of the commits on the branch,
for CI, where no local hook ran. Only conventions at warn or error are checked, so a
repository whose history is mixed accepts any reasonable message.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from standards import gitutil
from standards.history import messages
from standards.history.reader import decode_text
from standards.model import Convention, Finding, Fix, Level, Standards
from standards.rules import CheckContext, Rule, RuleDoc

CONVENTIONS = (
    "git.commit.format",
    "git.commit.subject_length",
    "git.commit.capitalization",
    "git.commit.mood",
    "git.commit.trailing_period",
    "git.commit.references",
    "git.commit.signoff",
)


@dataclass(frozen=True)
class Problem:
    """One convention a message breaks."""

    convention: Convention
    subject: str  # the subject of the message checked
    message: str  # what is wrong, in this message's words
    fix: str  # what to write instead

    @property
    def why(self) -> str:
        conv = self.convention
        followed, total = conv.support
        share = followed / total if total else 0.0
        detail = _detail(conv)
        return (
            f"{conv.title[0].lower()}{conv.title[1:]}: {share:.0%} of recent commits "
            f"({followed} of {total}, recency-weighted){f'; {detail}' if detail else ''}"
        )

    @property
    def example(self) -> str:
        conv = self.convention
        return conv.do or (conv.examples[0].split(" ", 1)[-1] if conv.examples else "")


def check_message(text: str, standards: Standards, at_least: Level = Level.WARN) -> list[Problem]:
    """The problems of a commit message (comment lines already stripped)."""
    subject, _ = messages.split_message(text)
    if not subject or messages.is_ignored(subject):
        return []
    f = messages.features(text)
    problems = []
    for cid in CONVENTIONS:
        conv = standards.enabled(cid, at_least)
        if conv is not None and not _follows(f, conv):
            problems.append(_problem(f, conv))
    return problems


def _follows(f: messages.MessageFeatures, conv: Convention) -> bool:
    if conv.id == "git.commit.format" and conv.value == "conventional" and f.subject.kind == "prefixed":
        return f.subject.type.lower() in conv.params.get("types", [])  # a custom type this repo uses
    return messages.follows(f, conv.id, conv.value)


def _problem(f: messages.MessageFeatures, conv: Convention) -> Problem:
    subject = f.subject
    first = subject.description.split(" ", 1)[0]
    if conv.id == "git.commit.format" and conv.value == "conventional":
        return Problem(
            conv, subject.text, f'"{subject.text}" is not a Conventional Commit', "write type(scope): description"
        )
    if conv.id == "git.commit.format" and conv.value == "plain":
        return Problem(
            conv, subject.text, f'"{subject.text}" starts with a commit type; subjects here do not', "drop the prefix"
        )
    if conv.id == "git.commit.format":
        return Problem(
            conv, subject.text, f'"{subject.text}" does not start with the area it changes', "write area: description"
        )
    if conv.id == "git.commit.subject_length":
        return Problem(
            conv,
            subject.text,
            f"the subject is {f.length} characters, over {conv.value}",
            "shorten it; details go in the body",
        )
    if conv.id == "git.commit.capitalization":
        case = "a capital" if conv.value == "upper" else "a lower-case"
        return Problem(
            conv,
            subject.text,
            f'the description starts with "{first}"; here it starts with {case} letter',
            f"start it with {case} letter",
        )
    if conv.id == "git.commit.mood":
        usual = messages.MOOD_EXAMPLES[str(conv.value)]
        want = (messages.to_imperative(first) or first) if conv.value == "imperative" else usual
        return Problem(
            conv,
            subject.text,
            f'"{first}" is the {f.mood} form; subjects here use the {conv.value} ("{usual} ...")',
            f'write "{want} ..."',
        )
    if conv.id == "git.commit.trailing_period":
        if conv.value == "period":
            return Problem(
                conv, subject.text, "the subject does not end with a period; subjects here do", "end it with a period"
            )
        return Problem(conv, subject.text, "the subject ends with a period; subjects here do not", "drop the period")
    if conv.id == "git.commit.references":
        return Problem(
            conv,
            subject.text,
            f"the message references no issue; messages here do ({conv.value})",
            f"add a reference such as {conv.value}",
        )
    return Problem(
        conv,
        subject.text,
        "the message has no Signed-off-by trailer; commits here are signed off",
        "commit with git commit -s",
    )


def _cased(word: str, case: object) -> str:
    return word[:1].upper() + word[1:] if case == "upper" else word[:1].lower() + word[1:]


def suggestion(text: str, problems: list[Problem]) -> str:
    """The subject rewritten to follow the broken mood, case and period conventions; empty
    when a rewrite needs a decision only the author can make (a type, an area, a shorter text)."""
    fixable = {"git.commit.capitalization", "git.commit.mood", "git.commit.trailing_period"}
    if not problems or any(p.convention.id not in fixable for p in problems):
        return ""
    f = messages.features(text)
    head = f.subject.text[: len(f.subject.text) - len(f.subject.description)]
    first, _, rest = f.subject.description.partition(" ")
    for p in problems:
        if p.convention.id == "git.commit.mood" and p.convention.value == "imperative":
            first = messages.to_imperative(first) or first
        elif p.convention.id == "git.commit.trailing_period":
            rest = rest.rstrip(".") if rest else rest
            first = first.rstrip(".") if not rest else first
    case = next((p.convention.value for p in problems if p.convention.id == "git.commit.capitalization"), None)
    if case is not None:
        first = _cased(first, case)
    return head + " ".join(w for w in (first, rest) if w)


def _detail(conv: Convention) -> str:
    if conv.id == "git.commit.format" and conv.value == "conventional":
        parts = [f"types: {', '.join(conv.params.get('types', [])[:8])}"]
        if conv.params.get("scopes"):
            parts.append(f"scopes: {', '.join(conv.params['scopes'][:6])}")
        return "; ".join(parts)
    if conv.id == "git.commit.format" and conv.params.get("prefixes"):
        return f"areas: {', '.join(conv.params['prefixes'][:6])}"
    return ""


def finding(problem: Problem, path: str) -> Finding:
    """A Finding for a problem in the message at ``path``."""
    conv = problem.convention
    example = f"; e.g. {problem.example}" if problem.example else ""
    return Finding(
        path=path,
        line=1,
        column=1,
        rule=RULE.qualified,
        message=f"{problem.message} ({conv.title.lower()})",
        level=conv.level,
        why=problem.why,
        fix=Fix(f"{problem.fix}{example}", replacement=problem.example),
        anchor=conv.anchor,
        source_line=problem.subject,
    )


def check(ctx: CheckContext) -> Iterator[Finding]:
    """The messages of the commits a --diff change adds on top of the branch it merges into."""
    if ctx.mode != "diff":
        return
    commits = ctx.messages if ctx.messages is not None else branch_messages(ctx)
    for short, text in commits:
        for problem in check_message(text, ctx.standards):
            yield finding(problem, f"commit:{short}")


def branch_messages(ctx: CheckContext) -> list[tuple[str, str]]:
    """(short id, message) of the commits between the base and HEAD, merges left out."""
    base = ctx.base_ref or gitutil.detect_base(ctx.root)
    out = (
        gitutil.run(
            ctx.root,
            "log",
            "--no-merges",
            "--no-show-signature",
            "-z",
            "--format=%h%x00%B",
            "--end-of-options",
            f"{base}..HEAD",
        )
        if base
        else None
    )
    fields = (out or b"").split(b"\0")
    return [
        (short.decode("ascii", "replace").strip(), decode_text(body)) for short, body in zip(fields[0::2], fields[1::2])
    ]


RULE = Rule(
    id="commit-message",
    title="Commit messages follow this repository's conventions",
    conventions=CONVENTIONS,
    languages=(),
    scope="change",
    check=check,
    doc=RuleDoc(
        what=(
            "Checks a commit message against the git.commit.* conventions inferred from this "
            "repository's history: Conventional Commits or an area prefix, subject length, "
            "capitalisation, mood, trailing period, issue references and sign-offs. "
            "fixup!/squash!/Merge/Revert messages and comment lines are ignored. The commit-msg "
            "hook runs it on the message being written; `standards check --diff REF` runs it on "
            "the branch's commits."
        ),
        why=(
            "Changelogs, release tooling, `git log --oneline` and reviewers read subjects; a log "
            "in one format is searchable and scannable. The conventions come from the repository's "
            "own recent history, so only habits most commits already follow are enforced."
        ),
        example="fixed stuff.",
        use_instead="fix(api): return 404 for unknown orders",
        options={},
    ),
)
