"""Where a command's output goes and how it looks: ``--output-file``, ``--color``, ``--quiet``.

Colour follows ruff and the NO_COLOR/FORCE_COLOR conventions: ``--color always|never`` wins;
with ``auto`` (the default) ``NO_COLOR`` (set to anything) turns it off, ``FORCE_COLOR`` turns
it on, and otherwise the output is coloured only when it goes to a terminal.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from standards import fsutil
from standards.errors import StandardsError

COLOR_CHOICES = ("auto", "always", "never")


def add_output_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--output-file", "-o", metavar="PATH", help="write the output to PATH instead of stdout")
    p.add_argument(
        "--color",
        choices=COLOR_CHOICES,
        default="auto",
        help="colour the text output: auto (a terminal, unless NO_COLOR is set), always or never",
    )


def use_color(choice: str, to_terminal: bool) -> bool:
    """Whether to colour, from ``--color`` and the environment."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR", "") != "":
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return to_terminal


def write(text: str, output_file: str | None) -> None:
    """Print ``text``, or write it atomically to ``output_file`` (a directory or a missing
    parent is a clear error, exit 2)."""
    if not output_file:
        sys.stdout.write(text)
        return
    target = Path(output_file)
    if target.is_dir():
        raise StandardsError(f"--output-file {output_file}: is a directory")
    if not target.parent.is_dir():
        raise StandardsError(f"--output-file {output_file}: no such directory {target.parent}")
    fsutil.atomic_write(target, text)
