"""How Ruby hashes write symbol keys (RuboCop ``Style/HashSyntax``): ``key: value`` (ruby19),
``:key => value`` (hash_rockets), one syntax per hash (no_mixed_keys) or ruby19 unless a key
needs ``=>`` (ruby19_no_mixed_keys); and whether a value named like its key is left out
(``{ name: }``, ``EnforcedShorthandSyntax``, inferred only when some code leaves a value out:
code written for a Ruby before 3.1 cannot, and says nothing about it).

The unit is a hash, braced or the keyword arguments of a call, tagged as RuboCop reads it
(see ``_rbindex._hash_pairs``). When old code writes ``:key =>`` and recent code ``key:``,
only no_mixed_keys is kept by both, and it is the style chosen.
"""

from __future__ import annotations

from standards.analyzers._rbindex import rb_files
from standards.analyzers._rbstyle import CopStyle, infer_style, secondary_style
from standards.analyzers._rbverify import analyzed
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("ruby",)
COP = "Style/HashSyntax"
SPEC = CopStyle(COP, "EnforcedStyle", ("ruby19_no_mixed_keys", "hash_rockets", "ruby19", "no_mixed_keys"), "ruby19")
SHORTHAND = CopStyle(COP, "EnforcedShorthandSyntax", ("always", "never", "either"), "always")
FITS = {
    "sym:ruby19": ("ruby19", "ruby19_no_mixed_keys", "no_mixed_keys"),
    "sym:rockets": ("hash_rockets", "no_mixed_keys"),
    "sym:mixed": (),
    "other:ruby19": ("ruby19",),
    "other:mixed": ("ruby19",),
    "other:rockets": SPEC.styles,
}
SHORTHAND_FITS = {"omitted": ("always", "either"), "explicit": ("never", "either")}
TITLES = {
    "ruby19": "Symbol keys use key: value",
    "hash_rockets": "Symbol keys use :key => value",
    "no_mixed_keys": "Each hash uses one key syntax throughout",
    "ruby19_no_mixed_keys": "Symbol keys use key: value, and a hash that needs => uses it for every key",
}
DONT = {
    "ruby19": "{ :name => 'x' }",
    "hash_rockets": "{ name: 'x' }",
    "no_mixed_keys": "{ name: 'x', :id => 1 }",
    "ruby19_no_mixed_keys": "{ :name => 'x' }",
}


def analyze(ctx: Context) -> list[Observation]:
    return analyzed(ctx, "rb_hash_syntax")


def observe(ctx: Context) -> list[Observation]:
    """The styles counted with tree-sitter (RuboCop checks them on a sample in ``analyze``)."""
    shorthand, shorthand_note = secondary_style(ctx, SHORTHAND, "hash_shorthand", SHORTHAND_FITS.get)
    if not any(tag == "omitted" for rb in rb_files(ctx) for _, tag in rb.spots("hash_shorthand")):
        shorthand, shorthand_note = {}, ""  # code that never leaves a value out may target a Ruby without it
    obs = infer_style(
        ctx,
        SPEC,
        "hashes",
        FITS.get,
        id="rb.style.hash_syntax",
        title="",
        category="formatting",
        why="Symbol keys written one way read alike across the codebase.",
        dont=DONT,
        unit="hashes",
        extra_params=shorthand,
    )
    if obs is None:
        return []
    obs.title = TITLES[obs.value]
    if shorthand_note:
        obs.note = f"{obs.note}; {shorthand_note}"
    return [obs]
