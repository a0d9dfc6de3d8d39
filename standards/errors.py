"""Errors that stop the work. The CLI prints their message and exits with code 2."""

from __future__ import annotations


class StandardsError(Exception):
    """Something the user must fix before `standards` can run; the message says what."""

    exit_code = 2


class ConfigError(StandardsError):
    """A configuration file that cannot be read."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
