"""`standards tools`: install or show the pinned linters `standards check` runs.

``standards tools install`` puts the pinned ESLint, @stylistic, typescript-eslint, TypeScript
and globals into a per-user cache (see :mod:`standards.js_tools`); npm comes from ``PATH``
(never from inside the repository) and runs without install scripts. ``standards tools`` (or
``tools status``) says what is installed where, and exits 1 when the install is incomplete.
RuboCop is not installed by `standards`: it comes from ``gem install rubocop`` or the system's
packages, and ``status`` says which one is on PATH.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from standards import js_tools, toolchain
from standards.errors import StandardsError

HELP = "Install (`tools install`) or show (`tools status`) the pinned ESLint toolchain `standards check` uses."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", nargs="?", choices=("status", "install"), default="status")


def run(args: argparse.Namespace) -> int:
    if args.action == "install":
        npm = toolchain.on_path("npm", Path.cwd())
        if npm is None:
            raise StandardsError("npm not found on PATH (outside this directory): install Node.js with npm first")
        status = js_tools.install(npm)
        sys.stdout.write(f"installed into {status.directory}:\n")
        sys.stdout.write("".join(f"  {name} {version}\n" for name, version in status.present.items()))
        return 0
    status = js_tools.installed()
    sys.stdout.write(f"JavaScript tools ({status.directory}):\n")
    for package, version in js_tools.PINS.items():
        found = status.present.get(package) or status.wrong.get(package, "missing")
        mark = "ok" if package in status.present else f"want {version}"
        sys.stdout.write(f"  {package} {found} ({mark})\n")
    rubocop = toolchain.find_rubocop(None)
    sys.stdout.write(f"RuboCop: {rubocop or 'not on PATH (gem install rubocop)'}\n")
    if not status.complete:
        sys.stdout.write("run `standards tools install` to install the pinned versions\n")
        return 1
    return 0
