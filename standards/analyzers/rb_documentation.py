"""Whether Ruby classes and modules carry a comment above them (RuboCop
``Style/Documentation``). Namespaces (a module or class holding only classes, modules and
constants) need none; test files are left out, as RuboCop's default configuration does."""

from __future__ import annotations

from standards.analyzers._rbindex import rb_files
from standards.analyzers._rbstyle import enabled_observation
from standards.analyzers._rbverify import analyzed
from standards.analyzers._style import first_example
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("ruby",)
COP = "Style/Documentation"


def analyze(ctx: Context) -> list[Observation]:
    return analyzed(ctx, "rb_documentation")


def observe(ctx: Context) -> list[Observation]:
    """The styles counted with tree-sitter (RuboCop checks them on a sample in ``analyze``)."""
    obs = enabled_observation(
        ctx,
        COP,
        "documentation",
        lambda tag: tag == "documented",
        files=[f for f in rb_files(ctx) if not f.is_test],
        id="rb.docs.class_documentation",
        title="Classes and modules have a comment saying what they are for",
        category="docs",
        why="A class's comment is where a reader learns what it is for.",
        dont="class InvoiceMailer < ApplicationMailer  # with no comment above",
        unit="classes and modules",
    )
    if obs is None:
        return []
    obs.do = first_example(ctx, obs)
    return [obs]
