"""The one door to other processes (git has its own, :mod:`standards.gitutil`, built on this one).

The repository is hostile input, so every child process is started the same way: an explicit
argv (never a shell), an explicit working directory, a timeout, and output read up to a limit
(a child that floods its pipes is killed, not buffered into memory). Python children are
always ``sys.executable -I``: isolated mode puts neither the working directory nor the
script's directory on ``sys.path`` and ignores ``PYTHON*`` variables, so a ``yaml.py`` or
``pre_commit.py`` at the root of the repository is never imported.

API:

* ``run(argv, *, cwd=None, timeout, env_extra=None, input=None, max_output=MAX_OUTPUT,
  niceness=None) -> Completed``: run to completion; ``cwd=None`` runs in a private directory
  made once per process (never the caller's working directory, which may be the repository). Raises
  :class:`ProcessFailed` (an exit-2 error naming the program) when it cannot start, times out
  or prints more than ``max_output`` bytes on either stream. A non-zero exit is not an error:
  read ``Completed.returncode``.
* ``python_argv(*args) -> list[str]``: ``[sys.executable, "-I", *args]``.
* ``scratch_dir()``: a context manager yielding a private temporary directory (mode 0700)
  that is removed afterwards; use it as the working directory of a tool that must not see
  the repository, or to hold configs generated for one run.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from standards.errors import StandardsError

MAX_OUTPUT = 256 * 1024 * 1024  # per stream; far above any linter report, far below a flood
_CHUNK = 64 * 1024


class ProcessFailed(StandardsError):
    """A child process could not start, ran past its timeout or flooded its output."""


@dataclass(frozen=True)
class Completed:
    """What a finished child left: exit code and both streams as bytes."""

    argv: tuple[str, ...]
    returncode: int
    stdout: bytes
    stderr: bytes

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8", "replace")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")


def python_argv(*args: str) -> list[str]:
    """The argv of a Python child that cannot import from its working directory."""
    return [sys.executable, "-I", *args]


@contextlib.contextmanager
def scratch_dir() -> Iterator[Path]:
    """A private, empty temporary directory, removed when the block ends."""
    with tempfile.TemporaryDirectory(prefix="standards-") as tmp:
        yield Path(tmp)


def run(
    argv: Sequence[str],
    *,
    cwd: Path | None = None,
    timeout: float,
    env_extra: Mapping[str, str] | None = None,
    input: bytes | None = None,
    max_output: int = MAX_OUTPUT,
    niceness: int | None = None,
) -> Completed:
    """Run ``argv`` to completion; see the module docstring for the guarantees."""
    args = [str(a) for a in argv]
    env = {**os.environ, **(env_extra or {})}
    return _run(args, cwd or neutral_dir(), timeout, env, input, max_output, niceness)


@functools.lru_cache(maxsize=1)
def neutral_dir() -> Path:
    """A private empty directory (mode 0700), made once per process and removed at exit: the
    working directory of children that are given none."""
    path = Path(tempfile.mkdtemp(prefix="standards-cwd-"))
    atexit.register(cleanup)
    return path


def cleanup() -> None:
    """Remove the neutral directory if this process made one. The console script leaves with
    ``os._exit`` (no atexit handlers), so it calls this itself."""
    if neutral_dir.cache_info().currsize:
        shutil.rmtree(neutral_dir(), ignore_errors=True)
        neutral_dir.cache_clear()


def _run(
    args: list[str],
    cwd: Path,
    timeout: float,
    env: dict[str, str],
    input: bytes | None,
    max_output: int,
    niceness: int | None,
) -> Completed:
    name = Path(args[0]).name if args else "?"
    try:
        proc = subprocess.Popen(
            args,
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except OSError as exc:
        raise ProcessFailed(f"{name} could not run: {exc.strerror or exc}") from None
    if niceness is not None:
        with contextlib.suppress(AttributeError, OSError):  # no priorities here, or already ended
            os.setpriority(os.PRIO_PROCESS, proc.pid, niceness)
    with proc:
        try:
            stdout, stderr = _collect(proc, input, timeout, max_output)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise ProcessFailed(f"{name} did not finish within {timeout:g} seconds; stopped") from None
        except _Flooded:
            proc.kill()
            raise ProcessFailed(f"{name} printed more than {max_output} bytes; stopped") from None
        except BaseException:
            proc.kill()
            raise
    return Completed(tuple(args), proc.returncode, stdout, stderr)


class _Flooded(Exception):
    pass


def _collect(proc: subprocess.Popen, input: bytes | None, timeout: float, limit: int) -> tuple[bytes, bytes]:
    """Feed ``input`` and read both pipes until the child exits, within the timeout and limit."""
    if os.name == "nt":  # no select() on pipes: the plain path, bounded by the timeout only
        stdout, stderr = proc.communicate(input, timeout=timeout)
        return stdout, stderr
    deadline = time.monotonic() + timeout
    buffers: dict[int, bytearray] = {}
    pending = memoryview(input or b"")
    stdin = proc.stdin
    with selectors.DefaultSelector() as sel:
        for stream in (proc.stdout, proc.stderr):
            assert stream is not None
            os.set_blocking(stream.fileno(), False)
            buffers[stream.fileno()] = bytearray()
            sel.register(stream, selectors.EVENT_READ)
        if proc.stdin is not None:
            if pending:
                os.set_blocking(proc.stdin.fileno(), False)
                sel.register(proc.stdin, selectors.EVENT_WRITE)
            else:
                proc.stdin.close()
        while sel.get_map():
            left = deadline - time.monotonic()
            if left <= 0:
                raise subprocess.TimeoutExpired(proc.args, timeout)
            for key, _ in sel.select(left):
                fd = key.fd
                if stdin is not None and key.fileobj is stdin:
                    try:
                        written = os.write(fd, pending[:_CHUNK])
                    except BrokenPipeError:
                        written = len(pending)
                    pending = pending[written:]
                    if not pending:
                        sel.unregister(key.fileobj)
                        stdin.close()
                    continue
                data = os.read(fd, _CHUNK)
                if not data:
                    sel.unregister(key.fileobj)
                    continue
                buffers[fd].extend(data)
                if len(buffers[fd]) > limit:
                    raise _Flooded
    left = max(deadline - time.monotonic(), 0.01)
    proc.wait(timeout=left)
    assert proc.stdout is not None and proc.stderr is not None
    return bytes(buffers[proc.stdout.fileno()]), bytes(buffers[proc.stderr.fileno()])
