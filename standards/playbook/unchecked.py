"""Why a convention is not checked, said per convention: the playbook's "Not checked" line
names the true reason of each, not one label for all. In order: a formatter owns it
("owned by Prettier (.prettierrc)"), the project's own linter config decides it ("the project's
ESLint sets it otherwise: eslint.config.mjs:36"), it could not be proven ("unprovable: ..."),
the project's RuboCop todo list disables it, the code is mixed ("mixed: 61% of 420 files"), the
sample is small ("small sample: 4 files"), its analyzer found no rule to enforce ("no clear
wrapping limit: lines thin out gradually"), or nothing checks it at all ("no rule checks it")."""

from __future__ import annotations

import re

from standards.infer import Thresholds
from standards.model import Convention

UNPROVABLE = "unprovable: "
LANGUAGES = {"python": "Python", "ruby": "Ruby", "javascript": "JavaScript", "typescript": "TypeScript"}
_PRETTIER = re.compile(r"^formatted by Prettier \(([^)]*)\)")
_PROJECT = re.compile(
    r"^unprovable: [^:]+: (?P<how>switched off|overridden) by the project's (?P<tool>\w+) config"
    r"(?: \((?P<where>[^)]*)\))?"
)
_WOULD_CHANGE = re.compile(r"^\d[\d,]* of \d[\d,]* files would be reformatted$")
# the project decided (a plugin we do not carry, its RuboCop todo list): said as written
_DECIDED = ("not checked by standards", "the project's debt list")
# an analyzer's own words for why it enforces nothing: said as written
_OWN_REASONS = ("no clear ", "not enforced")
_SMALL = "small sample ("
_MIXED = "mixed: only "
_WEIGHTED = "recency-weighted"
_NOT_UNITS = frozenset({"of", "to", "and", "or", "in", "with", "would", "are", "is"})


def reason(c: Convention, t: Thresholds) -> str:
    """The one reason ``c`` is at info, in a few words with the numbers it rests on."""
    parts = [p for p in c.note.split("; ") if p]
    for part in parts:
        owned = _PRETTIER.match(part)
        if owned:
            return f"owned by Prettier ({owned.group(1)})"
    for part in parts:
        decided = _PROJECT.match(part)
        if decided:
            verb = "switches it off" if decided.group("how") == "switched off" else "sets it otherwise"
            where = f": {decided.group('where')}" if decided.group("where") else ""
            return f"the project's {decided.group('tool')} {verb}{where}"
        if part.startswith(UNPROVABLE):
            return part
    followed, total = c.support
    decided = next((p for p in parts if any(r in p for r in _DECIDED)), "")
    if decided:
        return decided
    share = followed / total if total else 0.0
    if total and share < t.warn_share:
        return f"mixed: {share:.0%} of {total:,}{_unit(c, total)}"
    if total and total < t.warn_min_total:
        return f"small sample: {total:,}{_unit(c, total) or (' place' if total == 1 else ' places')}"
    if any(p.startswith(_MIXED) for p in parts) and any(_WEIGHTED in p for p in parts):
        return f"mixed in recently changed code ({share:.0%} of {total:,} overall)"
    own = next((p for p in parts if any(r in p for r in _OWN_REASONS) or _WOULD_CHANGE.match(p)), "")
    if own:
        return own + _counts(followed, total)
    return ("no rule checks it" if not c.enforced_by else "not enforced") + _counts(followed, total)


def _counts(followed: int, total: int) -> str:
    return f"; {followed:,} of {total:,}" if total else ""


def _unit(c: Convention, total: int) -> str:
    """What the analyzer counted, where its own note says it next to the same total
    ("raw: 1 of 1 commits", "366 of 1212 classes and modules keep it"); "" when it does not."""
    numbers = {str(total), f"{total:,}"}
    for part in c.note.split("; "):
        if part.startswith(_SMALL):
            continue
        for number in numbers:
            for m in re.finditer(rf"(?<![\d,.]){re.escape(number)} ([a-z][a-z-]*)(?: ([a-z]+))?", part):
                word = m.group(1)
                if word in _NOT_UNITS:
                    continue
                if "-" in word and m.group(2):  # "multi-line arrays"
                    word = f"{word} {m.group(2)}"
                return " " + (word[:-1] if total == 1 and word.endswith("s") else word)
    return ""


def line(convs: list[Convention], t: Thresholds) -> str:
    """The playbook's line: each convention's title with its reason (and its language, where two
    languages list the same kind of convention: "lines are at most 130 characters (Ruby: ...)")."""
    shape = [re.sub(r"\d[\d,]*", "#", c.title.lower()) for c in convs]
    listed = []
    for c, kind in zip(convs, shape, strict=True):
        said = reason(c, t)
        if shape.count(kind) > 1 and c.language in LANGUAGES:
            said = f"{LANGUAGES[c.language]}: {said}"
        listed.append(f"{c.title[:1].lower()}{c.title[1:]} ({said})")
    return f"- Not checked: {'; '.join(listed)}."
