"""The console script: the hook's quick verdict first, then the command line.

`standards check --staged` is what the pre-commit hook runs on every commit. When the quick
verdict (:mod:`standards.check.quick`) can give the check's answer without loading the check,
it does; otherwise, and for every other command, :func:`standards.cli.entry` runs. This module
imports nothing else, so that the quick verdict pays only for its own imports.
"""

from __future__ import annotations

import os
import sys


def entry() -> None:
    argv = sys.argv[1:]
    if argv[:1] == ["check"] and "--staged" in argv:
        from standards.check import quick

        code = quick.verdict(argv[1:])
        if code is not None:
            try:
                sys.stdout.flush()
            except BrokenPipeError:
                pass
            os._exit(code)
    from standards.cli import entry as command_line

    command_line()
