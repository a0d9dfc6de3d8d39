"""The command line. One module per command, each defining ``HELP``, ``add_arguments``
and ``run(args) -> int``; the list of commands is derived from the modules.

Exit codes: 0 success / clean, 1 violations found, 2 cannot run (the message says why).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import pkgutil
import re
import sys
from types import ModuleType
from typing import NoReturn

from standards import __version__, procutil, progress
from standards.errors import StandardsError


def command_names() -> dict[str, str]:
    """Each command's name (``commit-msg``) and its module's (``commit_msg``), without
    importing them: a command pays only for its own imports (the hook's check must not load
    the analyzers, libcst or the playbook)."""
    names = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            names[info.name.replace("_", "-")] = info.name
    return names


def commands(only: str | None = None) -> dict[str, ModuleType]:
    """The command modules (``only``: just that one, when it is a command)."""
    found = {}
    for name, module_name in command_names().items():
        if only is not None and name != only:
            continue
        module = importlib.import_module(f"{__name__}.{module_name}")
        if hasattr(module, "run"):
            found[name] = module
    return found


class Parser(argparse.ArgumentParser):
    """argparse with "did you mean" for a mistyped command, choice or flag (exit 2)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}{suggestion(message, self)}\n")


def suggestion(message: str, parser: argparse.ArgumentParser) -> str:
    """ "; did you mean 'check'?" for an invalid choice or an unknown flag, else ""."""
    import difflib  # only on a usage error

    choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
    if choice:
        options = re.findall(r"'([^']*)'", choice.group(2))
        close = difflib.get_close_matches(choice.group(1), options, n=1)
    else:
        unknown = re.search(r"unrecognized arguments: (\S+)", message)
        flags = [s for action in parser._actions for s in action.option_strings]
        close = difflib.get_close_matches(unknown.group(1).split("=")[0], flags, n=1) if unknown else []
    return f"; did you mean '{close[0]}'?" if close else ""


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv`` naming a command, only that command's module is imported
    (the others are listed by name, which is all a mistyped flag or command needs)."""
    given = sys.argv[1:] if argv is None else argv
    chosen = next((a for a in given if not a.startswith("-")), None)
    names = command_names()
    loaded = commands(chosen if chosen in names else None)
    parser = Parser(
        prog="standards",
        description="Learn how a codebase is written, then make every commit follow it.",
    )
    parser.add_argument("--version", action="version", version=f"standards {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in names:
        module = loaded.get(name)
        if module is None:
            sub.add_parser(name)
            continue
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser(argv)
    args, extras = parser.parse_known_args(argv)
    if extras:
        chosen = _subparser(parser, getattr(args, "command", None))
        chosen.error(f"unrecognized arguments: {' '.join(extras)}")
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    with without_cyclic_gc():
        return _run(args)


def _subparser(parser: argparse.ArgumentParser, command: str | None) -> argparse.ArgumentParser:
    """The parser of ``command`` (its flags are the ones to suggest from), else ``parser``."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            return action.choices[command]
    return parser


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args._run(args) or 0)
    except StandardsError as exc:
        progress.finish()
        print(f"standards: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("standards: interrupted; nothing half-written was left behind", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    finally:
        progress.finish()


class without_cyclic_gc:  # noqa: N801 - used as a statement, like contextlib's helpers
    """Pause the cyclic garbage collector for one command.

    Analysis allocates millions of syntax-tree nodes that live until the command ends and
    hold no reference cycles; CPython's generational collector would rescan them again and
    again while they are built (measured on netbox, 415k lines: init 24 s with it, 12 s
    without, the same peak memory). Reference counting still frees everything else.
    """

    def __enter__(self) -> None:
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self.was_enabled:
            gc.enable()


def entry() -> None:
    """The console script: run, flush, and leave without tearing the heap down object by
    object (the process ends anyway; on a large repository teardown took about a second)."""
    code = main()
    procutil.cleanup()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    os._exit(code)
