"""What a long command is doing, on stderr, while a person waits at a terminal.

`init`, `update`, `baseline` and `check --all` call :func:`stage` as they move on ("analysing
1,204 files (python 1,150, javascript 54)") and :func:`advance` inside a stage with a known
size, which draws a bar. Nothing is printed unless the command turned progress on and stderr
is a terminal, so pipes, CI logs and the pre-commit hook see none of it. Lines are redrawn in
place (carriage return, erase line) at most ten times a second and erased when the command
ends, so the command's real output is what stays on the screen.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

_REDRAW = 0.1
_WIDTH = 24


class _Progress:
    def __init__(self) -> None:
        self.stream: TextIO | None = None
        self.label = ""
        self.total = 0
        self.done = 0
        self.drawn_at = 0.0
        self.lock = threading.Lock()

    def draw(self, force: bool = False) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if not force and now - self.drawn_at < _REDRAW:
            return
        self.drawn_at = now
        text = f"standards: {self.label}"
        if self.total:
            filled = min(_WIDTH, _WIDTH * self.done // self.total)
            text += f" [{'#' * filled}{'.' * (_WIDTH - filled)}] {self.done}/{self.total}"
        try:
            self.stream.write(f"\r\033[K{text}")
            self.stream.flush()
        except (OSError, ValueError):
            self.stream = None


_state = _Progress()


def start(enabled: bool = True, stream: TextIO | None = None) -> None:
    """Turn progress on for this command when ``enabled`` and the stream is a terminal."""
    out = stream if stream is not None else sys.stderr
    _state.stream = out if enabled and _is_terminal(out) else None


def stage(label: str, total: int = 0) -> None:
    """A new stage; ``total`` > 0 draws a bar that :func:`advance` fills."""
    with _state.lock:
        _state.label, _state.total, _state.done = label, total, 0
        _state.draw(force=True)


def advance(step: int = 1) -> None:
    with _state.lock:
        _state.done += step
        _state.draw()


def finish() -> None:
    """Erase the progress line (the command's own output follows) and turn progress off."""
    with _state.lock:
        if _state.stream is not None:
            try:
                _state.stream.write("\r\033[K")
                _state.stream.flush()
            except (OSError, ValueError):
                pass
        _state.stream = None


def counted(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
