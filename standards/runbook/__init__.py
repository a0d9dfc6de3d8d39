"""How a repository runs and tests itself: the commands its CI, Makefile, tox/nox, declared
scripts, Rakefile and docs use (each with the ``path:line`` that shows it), its test layout,
and the test command chosen by that evidence. Everything is read as data; nothing of the
repository is run or imported."""

from __future__ import annotations

from standards.runbook.discover import discover_runbook
from standards.runbook.model import BaseClass, Command, Fixture, Runbook, TestLayout
from standards.runbook.render import render_markdown

__all__ = ["BaseClass", "Command", "Fixture", "Runbook", "TestLayout", "discover_runbook", "render_markdown"]
