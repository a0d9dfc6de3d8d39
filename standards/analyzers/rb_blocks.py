"""How Ruby writes blocks and lambdas: ``{ }`` or ``do ... end`` (RuboCop
``Style/BlockDelimiters``) and ``->`` or ``lambda`` (``Style/Lambda``).

Block delimiters: ``line_count_based`` wants braces on one line and do/end on several,
``braces_for_chaining`` allows braces on several lines when a call is chained to the block,
``always_braces`` braces everywhere. ``semantic`` (braces for blocks used for their value)
is a question of meaning a syntax count cannot answer, and is not inferred. Lambdas:
``line_count_dependent`` wants ``->`` on one line and ``lambda`` on several."""

from __future__ import annotations

from standards.analyzers._rbstyle import CopStyle, infer_style
from standards.analyzers._rbverify import analyzed
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("ruby",)
DELIMITERS = CopStyle(
    "Style/BlockDelimiters",
    "EnforcedStyle",
    ("line_count_based", "braces_for_chaining", "always_braces"),
    "line_count_based",
)
LAMBDA = CopStyle(
    "Style/Lambda", "EnforcedStyle", ("line_count_dependent", "literal", "lambda"), "line_count_dependent"
)
DELIMITER_FITS = {
    "braces:single:alone": ("line_count_based", "braces_for_chaining", "always_braces"),
    "braces:single:chained": ("line_count_based", "braces_for_chaining", "always_braces"),
    "braces:multi:alone": ("always_braces",),
    "braces:multi:chained": ("braces_for_chaining", "always_braces"),
    "do:multi:alone": ("line_count_based", "braces_for_chaining"),
    "do:multi:chained": ("line_count_based",),
    "do:single:alone": (),
    "do:single:chained": (),
}
LAMBDA_FITS = {
    "literal:single": ("line_count_dependent", "literal"),
    "literal:multi": ("literal",),
    "method:single": ("lambda",),
    "method:multi": ("line_count_dependent", "lambda"),
}
DELIMITER_TITLES = {
    "line_count_based": "Blocks use { } on one line and do ... end on several",
    "braces_for_chaining": "Blocks use do ... end on several lines, unless a call is chained to them",
    "always_braces": "Blocks always use { }",
}
LAMBDA_TITLES = {
    "line_count_dependent": "Lambdas use -> on one line and lambda on several",
    "literal": "Lambdas use ->",
    "lambda": "Lambdas use lambda",
}


def analyze(ctx: Context) -> list[Observation]:
    return analyzed(ctx, "rb_blocks")


def observe(ctx: Context) -> list[Observation]:
    """The styles counted with tree-sitter (RuboCop checks them on a sample in ``analyze``)."""
    out = []
    blocks = infer_style(
        ctx,
        DELIMITERS,
        "block_delimiters",
        DELIMITER_FITS.get,
        id="rb.style.block_delimiters",
        title="",
        category="formatting",
        why="Blocks delimited one way show at a glance where they start and end.",
        dont={
            "line_count_based": "items.each do |i| puts i end",
            "braces_for_chaining": "items.each do |i| puts i end",
            "always_braces": "items.each do |i|\n  puts i\nend",
        },
        unit="blocks",
    )
    if blocks is not None:
        blocks.title = DELIMITER_TITLES[blocks.value]
        out.append(blocks)
    lambdas = infer_style(
        ctx,
        LAMBDA,
        "lambdas",
        LAMBDA_FITS.get,
        id="rb.style.lambda",
        title="",
        category="idioms",
        why="Lambdas written one way are easy to spot.",
        dont={"line_count_dependent": "lambda { |x| x }", "literal": "lambda { |x| x }", "lambda": "->(x) { x }"},
        unit="lambdas",
    )
    if lambdas is not None:
        lambdas.title = LAMBDA_TITLES[lambdas.value]
        out.append(lambdas)
    return out
