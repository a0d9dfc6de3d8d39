"""Whether Ruby files start with the ``# frozen_string_literal: true`` magic comment
(RuboCop ``Style/FrozenStringLiteralComment``). Each file with code counts once: a file
with ``true`` satisfies ``always`` and ``always_true``, one with ``false`` only ``always``,
one without the comment only ``never``."""

from __future__ import annotations

from standards.analyzers._rbindex import rb_files
from standards.analyzers._rbstyle import CopStyle, infer_style
from standards.analyzers._rbverify import analyzed
from standards.analyzers._style import as_files, quote_first
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("ruby",)
MAGIC = "# frozen_string_literal: true"
COP = "Style/FrozenStringLiteralComment"
SPEC = CopStyle(COP, "EnforcedStyle", ("always_true", "always", "never"), "always")
FITS = {"true": ("always", "always_true"), "false": ("always",), "missing": ("never",)}
DONT = {"always": "a file without the magic comment", "always_true": "# frozen_string_literal: false", "never": MAGIC}


def analyze(ctx: Context) -> list[Observation]:
    return analyzed(ctx, "rb_frozen_string_literal")


def observe(ctx: Context) -> list[Observation]:
    """The styles counted with tree-sitter (RuboCop checks them on a sample in ``analyze``)."""
    files = [f for f in rb_files(ctx) if f.frozen != "empty"]
    obs = infer_style(
        ctx,
        SPEC,
        "frozen",
        FITS.get,
        files=files,
        id="rb.style.frozen_string_literal",
        title="",
        category="formatting",
        why="Frozen string literals avoid accidental mutation and allocations; files agree on it.",
        dont=DONT,
        unit="Ruby files with code",
    )
    if obs is None:
        return []
    always = obs.value != "never"
    obs.title = f"Files start with `{MAGIC}`" if always else "Files have no frozen_string_literal comment"
    obs.do = MAGIC if always else "a file without the magic comment"
    if always:
        quote_first(ctx, obs)  # the comment as the first example writes it
    else:
        obs.examples = as_files(obs.examples)  # a file without the comment: no line shows it
    return [obs]
