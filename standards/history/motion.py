"""Conventions in motion: what lines added recently do, compared with the whole tree.

A :class:`Style` pairs an old way with the new way that replaces it (``%`` formatting →
f-strings, unittest → pytest asserts, ``var`` → ``let``/``const``, camelCase →
snake_case in Python) and classifies one line as ``"old"``, ``"new"`` or neither. The
same classifier counts the lines added by recent commits (:func:`added_lines`, one
``git log -p`` process) and the lines of the current tree, and the ``new-code-style`` rule
applies it to the lines a change adds, so old code is never flagged for being old.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from standards import gitutil, procutil
from standards.discovery import GENERATED_NAME, is_vendored, language_of
from standards.history import areas, messages
from standards.history.reader import (
    DAY,
    History,
    decode_path,
    decode_text,
    split_records,
)

Classifier = Callable[[str, str], "str | None"]  # (path, line) -> "old" | "new" | None


@dataclass(frozen=True)
class Style:
    key: str  # "fstring": the convention is git.motion.<key>
    languages: tuple[str, ...]
    old: str  # human names, for messages
    new: str
    classify: Classifier
    example_old: str
    example_new: str

    @property
    def convention(self) -> str:
        return f"git.motion.{self.key}"


# -- classifiers --------------------------------------------------------------------------

_FSTRING = re.compile(r"(?<![\w.])(?:[rR][fF]|[fF][rR]?)(?:\"|')")
_PERCENT = re.compile(
    r"""(["'])(?:(?!\1).)*%[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[sdifrxXeEgGc](?:(?!\1).)*\1\s*%\s*[\w(\[{]"""
)
_STR_FORMAT = re.compile(r"""["']\s*\.format\(""")


def string_formatting(path: str, line: str) -> str | None:
    if _PERCENT.search(line) or _STR_FORMAT.search(line):
        return "old"
    return "new" if _FSTRING.search(line) else None


_UNITTEST = re.compile(r"\bself\.assert[A-Z]\w*\(|^\s*class \w+\((?:unittest\.)?TestCase\)")
_PYTEST = re.compile(r"^\s*assert\b|\bpytest\.(?:raises|mark|fixture|approx)\b")


def test_style(path: str, line: str) -> str | None:
    if not areas.is_test(path):
        return None
    if _UNITTEST.search(line):
        return "old"
    return "new" if _PYTEST.search(line) else None


_VAR = re.compile(r"(?:^|[;({]\s*|\bfor\s*\(\s*)(?:export\s+)?var\s+[\w$\[{]")
_LET_CONST = re.compile(r"(?:^|[;({]\s*|\bfor\s*\(\s*)(?:export\s+)?(?:let|const)\s+[\w$\[{]")


def js_declarations(path: str, line: str) -> str | None:
    stripped = line.lstrip()
    if stripped.startswith(("//", "*", "/*")):
        return None
    if _VAR.search(stripped):
        return "old"
    return "new" if _LET_CONST.search(stripped) else None


_DEF = re.compile(r"^\s*(?:async\s+)?def\s+(\w+)\s*\(")
_CAMEL = re.compile(r"^_*[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*$")
_SNAKE = re.compile(r"^_*[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")
# camelCase names a framework dictates (unittest hooks): not a choice of this repository
_DICTATED = frozenset(
    {"setUp", "tearDown", "setUpClass", "tearDownClass", "setUpModule", "tearDownModule", "asyncSetUp", "asyncTearDown"}
)


def python_function_names(path: str, line: str) -> str | None:
    m = _DEF.match(line)
    if not m or m.group(1) in _DICTATED:
        return None
    name = m.group(1)
    if _CAMEL.match(name):
        return "old"
    return "new" if _SNAKE.match(name) else None


STYLES: tuple[Style, ...] = (
    Style("fstring", ("python",), "% formatting / str.format", "f-strings", string_formatting,
          'msg = "%s items" % count', 'msg = f"{count} items"'),
    Style("pytest", ("python",), "unittest assertions", "plain pytest asserts", test_style,
          "self.assertEqual(total, 3)", "assert total == 3"),
    Style("let_const", ("javascript", "typescript"), "var", "let/const", js_declarations,
          "var total = 0;", "let total = 0;"),
    Style("snake_case", ("python",), "camelCase functions", "snake_case functions", python_function_names,
          "def parseOrder(raw):", "def parse_order(raw):"),
)  # fmt: skip


def style_for(convention_id: str) -> Style | None:
    return next((s for s in STYLES if s.convention == convention_id), None)


# -- counting -------------------------------------------------------------------------------


@dataclass
class Count:
    new: int = 0
    old: int = 0
    new_places: list[str] = field(default_factory=list)
    old_places: list[str] = field(default_factory=list)

    def add(self, verdict: str | None, place: str) -> None:
        if verdict == "new":
            self.new += 1
            if len(self.new_places) < 3:
                self.new_places.append(place)
        elif verdict == "old":
            self.old += 1
            if len(self.old_places) < 3:
                self.old_places.append(place)

    @property
    def total(self) -> int:
        return self.new + self.old

    @property
    def share(self) -> float:
        return self.new / self.total if self.total else 0.0


def count_lines(lines: Iterator[tuple[str, int, str]], styles: tuple[Style, ...] = STYLES) -> dict[str, Count]:
    """Classify (path, line number, text) triples with every style of their language."""
    counts = {s.key: Count() for s in styles}
    for path, lineno, text in lines:
        language = language_of(path)
        for style in styles:
            if language in style.languages:
                counts[style.key].add(style.classify(path, text), f"{path}:{lineno}")
    return counts


# -- lines added by recent commits ----------------------------------------------------------

MAX_ADDED_PER_FILE = 2000  # one commit adding more lines to one file is an import, not writing


@dataclass(frozen=True)
class RecentWindow:
    """Options ``motion_max_commits`` (default 1000) and ``motion_max_days`` (default 365)."""

    max_commits: int = 1000
    max_days: int = 365

    @classmethod
    def from_options(cls, options: dict) -> RecentWindow:
        return cls(
            max_commits=max(1, int(options.get("motion_max_commits", cls.max_commits))),
            max_days=max(1, int(options.get("motion_max_days", cls.max_days))),
        )


_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)")


def added_lines(root: Path, history: History, window: RecentWindow) -> Iterator[tuple[str, int, str]]:
    """(path, new line number, text) of every line people added within the window, from
    one ``git log -p`` process over the files the styles read."""
    if not history.commits or not gitutil.git_available():
        return
    since = datetime.fromtimestamp(history.newest - window.max_days * DAY, tz=UTC).isoformat()
    patterns = sorted({f"*{suffix}" for suffix, lang in _LANGUAGE_SUFFIXES if any(lang in s.languages for s in STYLES)})
    args = [
        "log", "-p", "-U0", "--no-merges", "--no-color", "--no-ext-diff",
        "--no-textconv", "--no-renames", "--no-show-signature", "--encoding=UTF-8", "--format=%x1e%aN%x00%aE",
        f"--max-count={window.max_commits}", f"--since={since}", "--", *patterns,
    ]  # fmt: skip
    argv, env = gitutil.command(root, *args)
    try:
        proc = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=procutil.neutral_dir()
        )
    except OSError:
        return
    assert proc.stdout is not None
    try:
        for record in split_records(proc.stdout):
            header, _, patch = record.partition(b"\n")
            author, _, email = header.partition(b"\0")
            if messages.is_bot(decode_text(author), decode_text(email)):
                continue
            yield from _patch_lines(patch)
    finally:
        proc.stdout.close()
        proc.kill()
        proc.wait()


_LANGUAGE_SUFFIXES = (
    (".py", "python"), (".js", "javascript"), (".jsx", "javascript"), (".mjs", "javascript"),
    (".cjs", "javascript"), (".ts", "typescript"), (".tsx", "typescript"), (".mts", "typescript"),
    (".cts", "typescript"),
)  # fmt: skip


def _patch_lines(patch: bytes) -> Iterator[tuple[str, int, str]]:
    """The added lines of one commit's ``-U0`` patch, file by file; a file that gained more
    than ``MAX_ADDED_PER_FILE`` lines in the commit is skipped whole."""
    path: str | None = None
    lineno = 0
    pending: list[tuple[str, int, str]] = []
    for raw in patch.split(b"\n"):
        if raw.startswith(b"+++ "):
            if len(pending) <= MAX_ADDED_PER_FILE:
                yield from pending
            pending = []
            target = raw[4:]
            path = None if target == b"/dev/null" else decode_path(target.removeprefix(b"b/"))
            if path is not None and (is_vendored(path) or GENERATED_NAME.search(path)):
                path = None
        elif raw.startswith(b"@@"):
            m = _HUNK.match(raw)
            lineno = int(m.group(1)) if m else 0
        elif raw.startswith(b"+") and path is not None:
            pending.append((path, lineno, decode_text(raw[1:])))
            lineno += 1
    if len(pending) <= MAX_ADDED_PER_FILE:
        yield from pending
