"""Spaces at curly braces (RuboCop ``Layout/SpaceInsideHashLiteralBraces``,
``Layout/SpaceInsideBlockBraces``, ``Layout/SpaceBeforeBlockBraces``): ``{ a: 1 }`` or
``{a: 1}``, ``items.map { |i| i }`` or ``items.map{|i| i}``; and empty braces, ``{}`` or
``{ }``, as each cop's second parameter. A brace followed or preceded by a line break says
nothing and is not counted."""

from __future__ import annotations

from standards.analyzers._rbstyle import CopStyle, infer_style, secondary_style
from standards.analyzers._rbverify import analyzed
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("ruby",)
HASH = CopStyle("Layout/SpaceInsideHashLiteralBraces", "EnforcedStyle", ("space", "no_space", "compact"), "space")
HASH_EMPTY = CopStyle(
    "Layout/SpaceInsideHashLiteralBraces", "EnforcedStyleForEmptyBraces", ("no_space", "space"), "no_space"
)
BLOCK = CopStyle("Layout/SpaceInsideBlockBraces", "EnforcedStyle", ("space", "no_space"), "space")
BLOCK_EMPTY = CopStyle(
    "Layout/SpaceInsideBlockBraces", "EnforcedStyleForEmptyBraces", ("no_space", "space"), "no_space"
)
BLOCK_PARAMETERS = CopStyle("Layout/SpaceInsideBlockBraces", "SpaceBeforeBlockParameters", ("true", "false"), "true")
BEFORE = CopStyle("Layout/SpaceBeforeBlockBraces", "EnforcedStyle", ("space", "no_space"), "space")
BEFORE_EMPTY = CopStyle("Layout/SpaceBeforeBlockBraces", "EnforcedStyleForEmptyBraces", ("space", "no_space"), "space")


def _split(tag: str) -> tuple[str, ...]:
    return tuple(tag.split("|")) if tag else ()


def _one(tag: str) -> tuple[str, ...] | None:
    return (tag,) if tag else None


def analyze(ctx: Context) -> list[Observation]:
    return analyzed(ctx, "rb_brace_spacing")


def observe(ctx: Context) -> list[Observation]:
    """The styles counted with tree-sitter (RuboCop checks them on a sample in ``analyze``)."""
    out = []
    empty, empty_note = secondary_style(ctx, HASH_EMPTY, "hash_empty_braces", _one)
    hashes = infer_style(
        ctx,
        HASH,
        "hash_braces",
        _split,
        id="rb.layout.hash_brace_spacing",
        title="",
        category="formatting",
        why="Hash braces spaced one way read alike.",
        dont={"space": "{a: 1}", "no_space": "{ a: 1 }", "compact": "{ a: { b: 1 } }"},
        unit="hash literals",
        extra_params=empty,
    )
    if hashes is not None:
        hashes.title = {
            "space": "Hash braces have spaces inside: { a: 1 }",
            "no_space": "Hash braces have no spaces inside: {a: 1}",
            "compact": "Hash braces have spaces inside, nested closing braces none: { a: { b: 1 }}",
        }[hashes.value]
        hashes.note = "; ".join(n for n in (hashes.note, empty_note) if n)
        out.append(hashes)
    block_extra, block_notes = {}, []
    for spec, fact in ((BLOCK_EMPTY, "block_empty_braces"), (BLOCK_PARAMETERS, "block_parameters_space")):
        param, note = secondary_style(ctx, spec, fact, _one)
        if spec is BLOCK_PARAMETERS and param:
            param = {spec.parameter: param[spec.parameter] == "true"}
        block_extra.update(param)
        block_notes.append(note)
    blocks = infer_style(
        ctx,
        BLOCK,
        "block_braces",
        _one,
        id="rb.layout.block_brace_spacing",
        title="",
        category="formatting",
        why="Block braces spaced one way read alike.",
        dont={"space": "items.map {|i| i.name}", "no_space": "items.map { |i| i.name }"},
        unit="brace blocks",
        extra_params=block_extra,
    )
    if blocks is not None:
        blocks.title = (
            "Block braces have spaces inside: { |i| i }"
            if blocks.value == "space"
            else "Block braces have no spaces inside: {|i| i}"
        )
        blocks.note = "; ".join(n for n in (blocks.note, *block_notes) if n)
        out.append(blocks)
    before_empty, before_note = secondary_style(ctx, BEFORE_EMPTY, "block_before_empty", _one)
    before = infer_style(
        ctx,
        BEFORE,
        "block_before",
        _one,
        id="rb.layout.space_before_block_braces",
        title="",
        category="formatting",
        why="A block's opening brace is set off from the call one way.",
        dont={"space": "items.map{ |i| i }", "no_space": "items.map { |i| i }"},
        unit="brace blocks",
        extra_params=before_empty,
    )
    if before is not None:
        before.title = (
            "Blocks open after a space: items.map { ... }"
            if before.value == "space"
            else "Blocks open with no space: items.map{ ... }"
        )
        before.note = "; ".join(n for n in (before.note, before_note) if n)
        out.append(before)
    return out
