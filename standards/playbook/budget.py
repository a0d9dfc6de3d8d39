"""Keep the playbook short: about 1,000 words for a typical application, never more than
1,500. Items carry a value; the least valuable go first, whole (a line is never cut in the
middle of a sentence), and a section left empty drops out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

TARGET_WORDS = 1000
HARD_CAP = 1500
KEEP = 100  # an item with this value is never dropped for the target (only past the hard cap)


@dataclass
class Item:
    text: str
    value: int


@dataclass
class Section:
    key: str
    heading: str
    items: list[Item] = field(default_factory=list)
    intro: str = ""  # a sentence under the heading, kept while the section has items
    numbered: bool = False


def words(text: str) -> int:
    return len(text.split())


def fit(sections: list[Section], render: Callable[[list[Section]], str]) -> str:
    """``render(sections)`` after dropping the least valuable items until the text is at most
    :data:`TARGET_WORDS` (items valued :data:`KEEP` stay) and then at most :data:`HARD_CAP`."""
    text = render(sections)
    for limit, floor in ((TARGET_WORDS, KEEP), (HARD_CAP, KEEP + 1)):
        while words(text) > limit:
            candidates = [(item.value, -si, -ii) for si, s in enumerate(sections) for ii, item in enumerate(s.items)]
            candidates = [c for c in candidates if c[0] < floor]
            if not candidates:
                break
            _value, si, ii = min(candidates)
            del sections[-si].items[-ii]
            text = render(sections)
    return text
