"""`python -m standards`: the same as the console script."""

from __future__ import annotations

from standards.launch import entry

entry()
