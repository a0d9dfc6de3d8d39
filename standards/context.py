"""The read-only view of a repository that every analyzer receives.

It parses each file at most once (stdlib ``ast`` for Python, tree-sitter for JavaScript,
TypeScript and Ruby) and remembers files that do not parse, so that analysis continues
and each broken file is reported once.
"""

from __future__ import annotations

import ast
import sys
import threading
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, TypeVar

from standards import fsutil, roles
from standards.discovery import Discovery, SourceFile
from standards.sampling import spread_key

T = TypeVar("T")


@dataclass
class PythonModule:
    path: str
    text: str
    tree: ast.Module

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def line(self, lineno: int) -> str:
        return self.lines[lineno - 1] if 0 < lineno <= len(self.lines) else ""


@dataclass
class Context:
    root: Path
    discovery: Discovery
    frameworks: dict[str, list[str]] = field(default_factory=dict)  # name -> evidence
    explicit: dict[str, Any] = field(default_factory=dict)  # what explicit configs say, by tool
    parse_errors: dict[str, str] = field(default_factory=dict)  # path -> message
    options: dict[str, Any] = field(default_factory=dict)  # e.g. history window
    memo: dict[str, Any] = field(default_factory=dict)  # results analyzers share, by name
    # Set once every Python file has been parsed; a background analyzer that started before
    # waits on it (parse_python_files sets it). None: nothing parses elsewhere, parse here.
    python_parsed: threading.Event | None = field(default=None, repr=False)
    sampled_out: list[str] = field(default_factory=list)  # test modules left out of the parse
    _text: dict[str, str | None] = field(default_factory=dict, repr=False)
    _python: dict[str, PythonModule | None] = field(default_factory=dict, repr=False)
    _trees: dict[str, Any] = field(default_factory=dict, repr=False)
    _suspect: dict[str, bool] = field(default_factory=dict, repr=False)
    _locks: dict[str, threading.Lock] = field(default_factory=dict, repr=False)  # one per `once` key
    _locks_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def once(self, key: str, build: Callable[[], T]) -> T:
        """``build()``, computed once per Context even when a background thread asks for
        the same result at the same time (the second caller waits for the first)."""
        if key in self.memo:
            return self.memo[key]  # type: ignore[no-any-return]
        with self._locks_lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self.memo:
                self.memo[key] = build()
        return self.memo[key]  # type: ignore[no-any-return]

    # -- raw text ------------------------------------------------------------------------
    def text(self, path: str) -> str | None:
        """A source file's text; None when it cannot be read (skipped, and said in
        :attr:`parse_errors`: not a regular file, too large, a symlink out of the repository)."""
        if path not in self._text:
            try:
                self._text[path] = self._read(path)
            except fsutil.Unreadable as exc:
                self._text[path] = None
                self.parse_errors[path] = f"unreadable: {exc.reason}"
        return self._text[path]

    def config_text(self, path: str) -> str:
        """A configuration file's text. One that cannot be read stops the work (exit 2 naming
        it): going on without it would enforce something other than what the project says."""
        text = self._text.get(path)
        if text is None:
            text = self._text[path] = self._read(path)
        return text

    def _read(self, path: str) -> str:
        data = self.discovery.take(path)
        return fsutil.decode(data) if data is not None else fsutil.read_repo_text(self.root, path)

    def files(self, *languages: str) -> list[SourceFile]:
        return self.discovery.of(*languages)

    # -- history -------------------------------------------------------------------------
    def recency(self, path: str) -> float:
        """Weight of a file by how recently it changed (1.0 now, halving every half-life;
        1.0 for every file without history), for analyzers' recency-weighted counts."""
        weights = self.memo.get("recency")
        if weights is None:
            from standards.history.reader import history_for
            from standards.history.recency import DEFAULT_HALF_LIFE_DAYS, path_weights

            half_life = float(self.options.get("history_half_life_days", DEFAULT_HALF_LIFE_DAYS))
            paths = [f.path for f in self.discovery.files]
            weights = self.memo["recency"] = path_weights(history_for(self), paths, half_life)
        return weights.get(path, 1.0)

    # -- Python --------------------------------------------------------------------------
    def python(self, path: str) -> PythonModule | None:
        if path not in self._python:
            self._python[path] = self._parse_python(path)
        return self._python[path]

    def maybe_deep(self, path: str) -> bool:
        """Whether the file could parse into a tree too deep to analyse (cheap, from the
        text; the parse decides). Unreadable files count as suspect."""
        suspect = self._suspect.get(path)
        if suspect is None:
            text = self.text(path)
            suspect = self._suspect[path] = text is None or could_be_deep(text)
        return suspect

    def lintable_before_parse(self) -> list[str]:
        """Python files a linter may read before they are parsed: readable and not so deeply
        nested that it could overflow (those wait for the parse to say they are safe)."""
        return [f.path for f in self.files("python") if not self.maybe_deep(f.path)]

    def settled_python_modules(self) -> list[PythonModule]:
        """:meth:`python_modules`, for a background thread: waits until the main thread has
        parsed every file instead of parsing the same files beside it."""
        if self.python_parsed is not None:
            self.python_parsed.wait()
        return self.python_modules()

    def python_modules(self) -> list[PythonModule]:
        """Every Python module analysis reads that parses (see :meth:`bulk_python_paths`)."""
        out = []
        for path in self.bulk_python_paths():
            mod = self.python(path)
            if mod is not None:
                out.append(mod)
        return out

    def bulk_python_paths(self) -> list[str]:
        """The Python files analysis parses: all of them, except that on a repository over
        LARGE_REPO_BYTES, test code beyond TEST_SAMPLE_BYTES is a fixed sample of test modules (conventions in
        tests are about names and layout, which a sample shows as well; on netbox the tests
        are 46% of the code). The others are in :attr:`sampled_out`; ruff still reads them."""
        cached = self.memo.get("bulk_python_paths")
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        files = self.files("python")
        budget = int(self.options.get("test_sample_bytes", TEST_SAMPLE_BYTES))
        large = int(self.options.get("large_repo_bytes", LARGE_REPO_BYTES))
        tests = [f for f in files if roles.is_test(f.path)]
        if sum(f.size for f in files) > large and sum(f.size for f in tests) > budget:
            kept: set[str] = set()
            used = 0
            for f in sorted(tests, key=lambda f: spread_key(f.path)):
                if used + f.size <= budget:
                    kept.add(f.path)
                    used += f.size
            self.sampled_out = [f.path for f in tests if f.path not in kept]
        left_out = set(self.sampled_out)
        paths = self.memo["bulk_python_paths"] = [f.path for f in files if f.path not in left_out]
        return paths

    def sample_note(self) -> str:
        """One line on the test sample, or "" when every module was parsed."""
        if not self.sampled_out:
            return ""
        tests = sum(1 for f in self.files("python") if roles.is_test(f.path))
        return (
            f"a large repository: {tests - len(self.sampled_out)} of {tests} "
            "test modules were parsed for inference (a fixed sample); ruff and `standards check` read them all"
        )

    def countable_python_paths(self) -> list[str]:
        """Python files whose text counts as evidence for tools that read it themselves
        (ruff): those that parsed, and sampled-out test modules that are not known to be
        broken (py_ruff_style asks ruff about their syntax and records what it finds)."""
        parsed = {m.path for m in self.settled_python_modules()}
        unparsed = {p for p in self.sampled_out if p not in self.parse_errors and not self.maybe_deep(p)}
        linted = self.linted
        return [f.path for f in self.files("python") if (f.path in parsed or f.path in unparsed) and linted(f.path)]

    def linted(self, path: str) -> bool:
        """Whether the project's own linter checks ``path``: not under its ruff ``exclude``, or
        (without one) its flake8 ``exclude``; a convention's share counts only such files."""
        from standards.analyzers._pyindex import ruff_excludes

        patterns = self.once("pyindex.ruff_exclude", lambda: ruff_excludes(self.root))
        return not any(p.fullmatch(path) for p in patterns)

    def _parse_python(self, path: str) -> PythonModule | None:
        text = self.text(path)
        if text is None:
            return None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(text, filename=path)
        except SyntaxError as exc:
            self.parse_errors[path] = f"syntax error at line {exc.lineno}: {exc.msg}"
            return None
        except (RecursionError, MemoryError, ValueError):
            self.parse_errors[path] = "too deeply nested or malformed to parse"
            return None
        if self.maybe_deep(path) and ast_deeper_than(tree, MAX_AST_DEPTH):
            # machine-made (a 5,000-term expression...): recursive visitors and ruff would overflow
            self.parse_errors[path] = f"syntax tree over {MAX_AST_DEPTH} levels deep, too deep to analyse"
            return None
        return PythonModule(path, text, tree)

    # -- tree-sitter ---------------------------------------------------------------------
    def tree(self, path: str, language: str) -> Any | None:
        """A tree-sitter tree for a JS/TS/Ruby file, or None when it does not parse cleanly."""
        if path in self._trees:
            return self._trees[path]
        from standards import treesitter

        text = self.text(path)
        result = None
        if text is not None:
            tree = treesitter.parse(text, language, path)
            if tree is None:
                self.parse_errors[path] = "no parser for this language"
            elif tree.root_node.has_error and treesitter.error_share(tree) > 0.02:
                self.parse_errors[path] = f"syntax error near line {treesitter.first_error_line(tree)}"
            else:
                result = tree
        self._trees[path] = result
        return result


LARGE_REPO_BYTES = 8_000_000  # about 250,000 lines of Python: beyond, test code is sampled
TEST_SAMPLE_BYTES = 2_000_000  # about 60,000 lines of tests are parsed in full; beyond, a sample
MAX_AST_DEPTH = 500  # hand-written code stays under 50; ruff's worker threads overflow near 2,000


LONG_LINE = 1_000
MANY_ELIFS = 200


def could_be_deep(text: str) -> bool:
    """Cheap test before the full depth walk: deep trees come from bracket nesting (which
    discovery already limits), very long expressions or very long elif chains."""
    if text.count("elif") > MANY_ELIFS:
        return True
    return len(text) > LONG_LINE and max(map(len, text.split("\n"))) > LONG_LINE


def ast_deeper_than(tree: ast.AST, limit: int) -> bool:
    """Whether the tree has more than ``limit`` levels (breadth-first, no recursion)."""
    level: list[ast.AST] = [tree]
    children = ast.iter_child_nodes
    for _ in range(limit):
        level = [child for node in level for child in children(node)]
        if not level:
            return False
    return True


def recursion_guard(limit: int = 10_000) -> None:
    """ast visitors recurse; deep but valid code must not raise RecursionError."""
    if sys.getrecursionlimit() < limit:
        sys.setrecursionlimit(limit)
