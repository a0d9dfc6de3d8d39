"""Run ruff: find the binary `standards` pins, run it with candidate settings, parse JSON.

Counting with ruff is how the Python style analyzers measure what the code already
follows: one `ruff check --isolated` run per candidate setting, several at once.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from standards import procutil, ruff_codes
from standards.errors import StandardsError

selects = ruff_codes.selects  # the selector test, asked for here by the code that runs ruff
MAX_ARGS_CHARS = 100_000  # split long file lists across invocations


@lru_cache(maxsize=1)
def ruff_bin() -> str | None:
    try:
        from ruff.__main__ import find_ruff_bin

        return os.fspath(find_ruff_bin())
    except (ImportError, FileNotFoundError):
        pass
    candidate = Path(sys.executable).with_name("ruff")
    if candidate.exists():
        return str(candidate)
    return shutil.which("ruff")


@lru_cache(maxsize=1)
def version() -> str | None:
    """The version of the ruff :func:`ruff_bin` runs: the installed ruff package's, when that
    is where the binary comes from (no process to start), else what the binary says."""
    exe = ruff_bin()
    if not exe:
        return None
    packaged = _packaged_version(exe)
    if packaged:
        return packaged
    try:
        out = procutil.run([exe, "--version"], timeout=30)
    except procutil.ProcessFailed:
        return None
    return out.out.strip().removeprefix("ruff ").strip() or None


def _packaged_version(exe: str) -> str | None:
    try:
        from ruff.__main__ import find_ruff_bin
    except ImportError:
        return None
    try:
        if os.path.realpath(os.fspath(find_ruff_bin())) != os.path.realpath(exe):
            return None
    except FileNotFoundError:
        return None
    return _dist_info_version() or _metadata_version()


def _dist_info_version() -> str | None:
    """The version in the ``ruff-*.dist-info`` beside the imported ruff package, when there is
    exactly one (what importlib.metadata would find, without importing it: the hook's check
    asks for the version on every commit)."""
    import ruff

    site = Path(ruff.__file__ or "").resolve().parent.parent
    found = [d for d in site.glob("ruff-*.dist-info") if d.is_dir()]
    if len(found) != 1:
        return None
    try:
        with open(found[0] / "METADATA", "rb") as fh:
            head = fh.read(4096).decode("utf-8", "replace")
    except OSError:
        return None
    fields: dict[str, str] = {}
    for line in head.split("\n"):
        if not line.strip():
            break  # the headers end at the first blank line
        key, sep, value = line.partition(": ")
        if sep:
            fields.setdefault(key.strip(), value.strip())
    return fields.get("Version") or None if fields.get("Name", "").lower() == "ruff" else None


def _metadata_version() -> str | None:
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        return distribution("ruff").version
    except PackageNotFoundError:
        return None


def toml_value(value: Any) -> str:
    """A value as TOML for ruff's --config KEY=VALUE."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot express {value!r} as TOML")


@dataclass(frozen=True)
class Diagnostic:
    code: str
    path: str  # repo-relative
    line: int
    column: int
    message: str
    fix: str = ""  # ruff's fix message, when it has one
    end_line: int = 0


_threads: int | None = None  # ruff's worker threads while we parse beside it (None: ruff decides)
BACKGROUND_NICENESS = 10


class sharing_cores:  # noqa: N801 - a statement-like context manager
    """While Python parses on one core, ruff runs started in the background get one worker
    thread (RAYON_NUM_THREADS=1) instead of every core, so neither waits on the other."""

    def __enter__(self) -> None:
        global _threads
        _threads = 1

    def __exit__(self, *exc: object) -> None:
        global _threads
        _threads = None


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """One ruff process, through the one door to other processes (bounded in time and output).
    While cores are shared it also runs at a lower priority, so that the parse it runs beside
    (the longest step of an init) is not slowed by it. ruff reads the repository's TOML
    configuration as data and runs nothing from it, so it runs in the repository."""
    env = {"RAYON_NUM_THREADS": str(_threads)} if _threads is not None else None
    niceness = BACKGROUND_NICENESS if _threads is not None else None
    done = procutil.run(args, cwd=cwd, timeout=600, env_extra=env, niceness=niceness)
    return subprocess.CompletedProcess(args, done.returncode, done.out, done.err)


def _chunks(paths: list[str]) -> Iterable[list[str]]:
    chunk: list[str] = []
    size = 0
    for p in paths:
        if chunk and size + len(p) > MAX_ARGS_CHARS:
            yield chunk
            chunk, size = [], 0
        chunk.append(p)
        size += len(p) + 1
    if chunk:
        yield chunk


def check_argv(extend_select: list[str] | None = None) -> list[str]:
    """The argv of the check's `ruff check` run in the repository (JSON output, the
    repository's configuration, ``extend_select`` added), up to the ``--`` before the files."""
    more = ["--extend-select", ",".join(extend_select)] if extend_select else []
    return _check_args("json", None, None, False, more)


FORMAT_DIFF_ARGS = ("format", "--diff", "--no-cache", "--force-exclude")  # the check's `ruff format` run


def check(
    root: Path,
    paths: list[str],
    select: list[str] | None = None,
    settings: dict[str, Any] | None = None,
    isolated: bool = True,
    extend_select: list[str] | None = None,
    extra: list[str] | None = None,
    concise: bool = False,
) -> list[Diagnostic]:
    """Run `ruff check` on ``paths`` and return its diagnostics (repo-relative paths).

    ``concise`` reads ruff's one-line output instead of JSON: much faster to parse when a
    candidate setting produces hundreds of thousands of diagnostics, but without fixes."""
    if not paths:
        return []
    more = ["--extend-select", ",".join(extend_select)] if extend_select else []
    args = _check_args("concise" if concise else "json", select, settings, isolated, more + (extra or []))
    out: list[Diagnostic] = []
    for chunk in _chunks(paths):
        outputs, crashes = _run_chunk(root, args, chunk)
        for stdout in outputs:
            out.extend(_parse_concise(stdout) if concise else _parse(stdout, root))
        out.extend(crashes)
    return out


@dataclass
class Counted:
    """How many diagnostics a run found, and the first few in full (for examples)."""

    total: int = 0
    first: list[Diagnostic] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list, repr=False)  # ruff's concise output

    def add(self, other: Counted) -> None:
        self.total += other.total
        self.first.extend(other.first)
        self.outputs.extend(other.outputs)

    def without(self, paths: set[str]) -> Counted:
        """The same run with the diagnostics of ``paths`` left out (files that do not parse)."""
        if not paths:
            return self
        texts = ["\n" + out for out in self.outputs]  # every line now starts after a newline
        dropped = sum(_diagnostic_lines(text, p) for p in paths for text in texts)
        first = [d for d in self.first if d.path not in paths]
        return Counted(self.total - dropped, first, self.outputs)


def _diagnostic_lines(text: str, path: str) -> int:
    """Lines of concise output (``text``, led by a newline) that report a rule on ``path``;
    syntax errors are not counted."""
    marker = f"\n{path}:"
    n = 0
    at = text.find(marker)
    while at >= 0:
        end = text.find("\n", at + 1)
        n += ": invalid-syntax: " not in text[at : end if end >= 0 else len(text)]
        at = text.find(marker, at + 1)
    return n


def count(
    root: Path, paths: list[str], select: list[str], settings: dict[str, Any] | None = None, keep: int = 50
) -> Counted:
    """Like :func:`check`, for candidate settings that may flag most lines of a repository:
    counts without building a Diagnostic for each of (on netbox) 350,000 lines."""
    counted = Counted()
    if not paths:
        return counted
    args = _check_args("concise", select, settings, True, [])
    for chunk in _chunks(paths):
        outputs, crashes = _run_chunk(root, args, chunk)
        for stdout in outputs:
            if len(counted.first) < keep:
                head = stdout[: 400 * keep]  # enough for ``keep`` lines; a cut last line does not match
                counted.first.extend(_parse_concise(head)[: keep - len(counted.first)])
            # one line per diagnostic, less the lines of syntax errors (they carry no rule code)
            counted.total += stdout.count("\n") - stdout.count(": invalid-syntax: ")
            counted.outputs.append(stdout)
        counted.total += len(crashes)
        counted.first.extend(crashes)
    return counted


_SYNTAX = re.compile(r"^(?P<path>.+?):(?P<line>\d+):\d+: invalid-syntax: (?P<msg>.*)$", re.MULTILINE)


def syntax_errors(root: Path, paths: list[str]) -> dict[str, str]:
    """The files of ``paths`` that ruff cannot parse, each with its first complaint."""
    found: dict[str, str] = {}
    if not paths:
        return found
    args = _check_args("concise", ["E902"], None, True, [])  # a rule that needs no parse
    for chunk in _chunks(paths):
        outputs, crashes = _run_chunk(root, args, chunk)
        for stdout in outputs:
            for m in _SYNTAX.finditer(stdout):
                found.setdefault(m["path"].replace(os.sep, "/"), f"syntax error at line {m['line']}: {m['msg']}")
        for crash in crashes:
            found.setdefault(crash.path, crash.message)
    return found


def _check_args(
    fmt: str, select: list[str] | None, settings: dict[str, Any] | None, isolated: bool, extra: list[str]
) -> list[str]:
    exe = ruff_bin()
    if exe is None:
        raise StandardsError("ruff is not installed; reinstall standards (it pins ruff)")
    args = [exe, "check", "--output-format", fmt, "--exit-zero", "--no-fix", "--no-cache", "--quiet"]
    args.append("--isolated" if isolated else "--force-exclude")
    if select is not None:
        args += ["--select", ",".join(select) if select else "E999"]
    for key, value in (settings or {}).items():
        args += ["--config", f"{key} = {toml_value(value)}"]
    return args + extra


_PARSE_FAILED = re.compile(r"Failed to parse (?P<path>\S+)")
_AT_LINE = re.compile(r"line (?P<line>\d+)")


def refusal(root: Path, stderr: str) -> StandardsError:
    """ruff refused to start: name the repository's config file and line when it says them."""
    from standards.errors import ConfigError

    text = stderr.strip()
    m = _PARSE_FAILED.search(text)
    if m:
        path = m["path"].rstrip(":")
        try:
            path = os.path.relpath(path, root)
        except ValueError:
            pass
        line = _AT_LINE.search(text[m.end() :])
        causes = [c.strip().removeprefix("Cause:").strip() for c in text.splitlines() if c.strip().startswith("Cause:")]
        return ConfigError(
            path,
            f"ruff cannot read this configuration: {causes[-1] if causes else text[:300]}",
            int(line["line"]) if line else None,
        )
    return StandardsError(f"ruff could not run: {text[:800]}")


def _crashed(proc: subprocess.CompletedProcess) -> bool:
    """ruff died (a panic or a stack overflow on one file), as opposed to refusing to start."""
    return proc.returncode < 0 or proc.returncode == 101 or proc.returncode == 134


def _run_chunk(root: Path, args: list[str], chunk: list[str]) -> tuple[list[str], list[Diagnostic]]:
    """One ruff run: its outputs, and an E902 for each file that makes ruff crash (the chunk
    is split until the culprit is alone, so the other files are still checked)."""
    proc = _run([*args, "--", *chunk], root)
    if proc.returncode in (0, 1):
        return [proc.stdout], []
    if not _crashed(proc):
        raise refusal(root, proc.stderr)
    if len(chunk) > 1:
        half = len(chunk) // 2
        first, second = _run_chunk(root, args, chunk[:half]), _run_chunk(root, args, chunk[half:])
        return first[0] + second[0], first[1] + second[1]
    reason = "stack overflow" if "overflow" in proc.stderr else (proc.stderr.strip().splitlines() or ["crash"])[-1]
    crash = Diagnostic(
        code="E902",
        path=chunk[0].replace(os.sep, "/"),
        line=1,
        column=1,
        message=f"ruff crashed on this file ({reason[:200]}); it was not checked",
    )
    return [], [crash]


_CONCISE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+[0-9]*) (?:\[\*\] )?(?P<msg>.*)$")


def _parse_concise(stdout: str) -> list[Diagnostic]:
    out = []
    for line in stdout.splitlines():
        m = _CONCISE.match(line)
        if m:
            out.append(
                Diagnostic(
                    code=m["code"],
                    path=m["path"].replace(os.sep, "/"),
                    line=int(m["line"]),
                    column=int(m["col"]),
                    message=m["msg"],
                )
            )
    return out


def _parse(stdout: str, root: Path) -> list[Diagnostic]:
    try:
        items = json.loads(stdout or "[]")
    except ValueError:
        raise StandardsError(f"ruff printed something that is not JSON: {stdout[:200]!r}") from None
    root_str = str(root.resolve())
    out = []
    for item in items:
        filename = relative_name(item.get("filename", ""), root_str)
        loc = item.get("location") or {}
        end = item.get("end_location") or {}
        fix = item.get("fix") or {}
        out.append(
            Diagnostic(
                code=item.get("code") or "E999",
                path=filename,
                line=int(loc.get("row") or 1),
                column=int(loc.get("column") or 1),
                message=item.get("message", ""),
                fix=(fix.get("message") or "") if isinstance(fix, dict) else "",
                end_line=int(end.get("row") or 0),
            )
        )
    return out


def relative_name(filename: str, resolved_root: str) -> str:
    """A path ruff printed (absolute, under the resolved root) as a repository path."""
    if not filename.startswith(resolved_root + os.sep) and os.path.isabs(filename):
        filename = os.path.realpath(filename)  # printed through a symlink
    if filename.startswith(resolved_root + os.sep):
        filename = filename[len(resolved_root) + 1 :]
    return filename.replace(os.sep, "/")


def fix_diff_size(root: Path, paths: list[str], select: list[str], settings: dict[str, Any]) -> Counter[str]:
    """How many lines ruff's fixes for ``select`` would change, per file: a finer measure than
    a count of violations (an option can remove half of a block's problems without clearing it)."""
    changed: Counter[str] = Counter()
    exe = ruff_bin()
    if exe is None or not paths:
        return changed
    args = [exe, "check", "--isolated", "--no-cache", "--diff", "--select", ",".join(select)]
    for key, value in settings.items():
        args += ["--config", f"{key} = {toml_value(value)}"]
    for chunk in _chunks(paths):
        proc = _run([*args, "--", *chunk], root)
        current = ""
        for line in proc.stdout.splitlines():
            if line.startswith("--- "):
                current = line[4:].strip()
            elif line.startswith(("+", "-")) and not line.startswith("+++"):
                changed[current] += 1
    return changed


def diff_sizes(
    root: Path, paths: list[str], candidates: dict[str, tuple[list[str], dict[str, Any]]]
) -> dict[str, Counter[str]]:
    """``fix_diff_size`` for several candidate configurations at once."""

    def one(item: tuple[str, tuple[list[str], dict[str, Any]]]) -> tuple[str, Counter[str]]:
        name, (select, settings) = item
        return name, fix_diff_size(root, paths, select, settings)

    workers = max(1, min(len(candidates), os.cpu_count() or 2))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(pool.map(one, candidates.items()))


def format_check(root: Path, paths: list[str], settings: dict[str, Any]) -> int:
    """How many of ``paths`` `ruff format` would change under ``settings``.

    Counted from the files named in ``ruff format --diff`` (a stable unified diff; the
    human-readable ``--check`` output changes between ruff versions)."""
    exe = ruff_bin()
    if exe is None or not paths:
        return 0
    args = [exe, "format", "--diff", "--isolated", "--no-cache"]
    for key, value in settings.items():
        args += ["--config", f"{key} = {toml_value(value)}"]
    changed: set[str] = set()
    for chunk in _chunks(paths):
        proc = _run([*args, "--", *chunk], root)
        changed.update(line[4:].strip() for line in proc.stdout.splitlines() if line.startswith("--- "))
    return len(changed)
