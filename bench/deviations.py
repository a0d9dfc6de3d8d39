"""The bench's own deviations, one per convention: code that breaks what a convention in
standards.toml says, written here from the convention's id and value (not from the proof
records or the Do/Don't that `standards init` wrote, so that the truth section does not
check standards against itself). A convention this catalogue has no entry for falls back to
its own Don't when that is code, and the result says so.

Each deviation is appended to a library file of its language (written in the file's style
otherwise: its quotes, semicolons, declarations), or is a new file next to one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Conv = dict[str, Any]


@dataclass(frozen=True)
class Deviation:
    """Code that breaks one convention: appended to a library file, or a new file when
    ``new_name`` is set (a file name put in the library file's directory, or a path from the
    root when it contains a slash)."""

    convention: str
    code: str
    new_name: str = ""
    source: str = "bench"  # "bench": this catalogue; "dont": the convention's own Don't
    import_line: str = ""  # for Python: a line to put after the file's last import


@dataclass(frozen=True)
class Context:
    """What the rest of a deviation must look like so that only the convention is broken."""

    conventions: dict[str, Conv]

    def value(self, cid: str, default: object = None) -> Any:
        conv = self.conventions.get(cid) or {}
        return conv.get("value", default) if conv else default

    def limit(self, cid: str, default: int) -> int:
        value = self.value(cid)
        return value if isinstance(value, int) and not isinstance(value, bool) else default

    # Python
    @property
    def py_quote(self) -> str:
        return "'" if self.value("py.format.quotes") == "single" else '"'

    @property
    def py_other_quote(self) -> str:
        return '"' if self.py_quote == "'" else "'"

    # JavaScript
    @property
    def js_quote(self) -> str:
        return '"' if self.value("js.style.quotes") == "double" else "'"

    @property
    def js_semi(self) -> str:
        return "" if self.value("js.style.semi") == "never" else ";"

    @property
    def js_decl(self) -> str:
        return "var" if self.value("js.style.declarations") == "var" else "const"

    @property
    def js_indent(self) -> str:
        return " " * self.limit("js.style.indent", 2)

    # Ruby
    @property
    def rb_quote(self) -> str:
        return '"' if self.value("rb.style.string_literals") == "double_quotes" else "'"


def _py_function(ctx: Context, name: str, body: list[str], args: str = "first, second") -> str:
    return "\n\n" + "\n".join([f"def {name}({args}):", *[f"    {b}" for b in body]]) + "\n"


def _python(ctx: Context) -> dict[str, Callable[[], Deviation | None]]:
    q, o = ctx.py_quote, ctx.py_other_quote
    ret = ["return first + second"]

    def size(cid: str, default: int) -> Deviation:
        n = ctx.limit(cid, default) + 3
        if cid == "py.size.arguments":
            args = ", ".join(f"a{i}" for i in range(n))
            return Deviation(cid, _py_function(ctx, "bench_many", ["return a0"], args))
        if cid == "py.size.complexity":
            body = [f"if first == {i}:\n        return {i}" for i in range(n)] + ["return second"]
            return Deviation(cid, _py_function(ctx, "bench_branches", body))
        body = [f"v{i} = first + {i}" for i in range(n)] + ["return second"]
        return Deviation(cid, _py_function(ctx, "bench_long", body))

    def test_name() -> Deviation | None:
        pattern = str(ctx.value("py.tests.file_pattern", ""))
        name = "bench_login_test.py" if pattern.startswith("test_") else "test_bench_login.py"
        layout = str(ctx.value("py.tests.layout", ""))
        folder = "tests" if "tests" in layout or not layout else layout.split()[0].strip("/")
        return Deviation("py.tests.file_pattern", "def test_login():\n    assert True\n", f"{folder}/{name}")

    def relative() -> Deviation | None:
        value = str(ctx.value("py.imports.relative", ""))
        if value.startswith("relative"):
            return None  # ruff cannot require relative imports
        if "parent" in value:  # only `from ..` is banned: import the file's own package from its parent
            return Deviation(
                "py.imports.relative",
                "\n\n_BENCH_PACKAGE = _bench_package\n",
                import_line="from .. import {package} as _bench_package",
            )
        return Deviation(
            "py.imports.relative",
            "\n\n_BENCH_SIBLING = _bench_sibling\n",
            import_line="from . import {sibling} as _bench_sibling",
        )

    limit = ctx.limit("py.format.max_line_length", ctx.limit("py.format.line_length", 88))
    words = " ".join(["word"] * ((limit + 20) // 5))
    return {
        "py.naming.function": lambda: Deviation("py.naming.function", _py_function(ctx, "benchJoinNames", ret)),
        "py.naming.method": lambda: Deviation(
            "py.naming.method", "\n\nclass BenchValues:\n    def getValue(self):\n        return 1\n"
        ),
        "py.naming.argument": lambda: Deviation(
            "py.naming.argument", _py_function(ctx, "bench_fetch", ["return itemId"], "itemId")
        ),
        "py.naming.class": lambda: Deviation("py.naming.class", "\n\nclass bench_order_item:\n    size = 1\n"),
        "py.naming.module": lambda: Deviation("py.naming.module", "VALUE = 1\n", "BenchModule.py"),
        "py.naming.constant": lambda: Deviation("py.naming.constant", "\n\nbenchLimit = 3\n"),
        "py.lint.correctness": lambda: Deviation(
            "py.lint.correctness", _py_function(ctx, "bench_lookup", ["return bench_undefined_name"])
        ),
        "py.errors.bare_except": lambda: Deviation(
            "py.errors.bare_except",
            _py_function(ctx, "bench_join", ["try:\n        return first + second", "except:\n        return first"]),
        ),
        "py.errors.broad_except": lambda: Deviation(
            "py.errors.broad_except",
            _py_function(
                ctx, "bench_join", ["try:\n        return first + second", "except Exception:\n        return first"]
            ),
        ),
        "py.errors.assert_outside_tests": lambda: Deviation(
            "py.errors.assert_outside_tests", _py_function(ctx, "bench_join", ["assert first", *ret])
        ),
        "py.format.quotes": lambda: Deviation("py.format.quotes", f"\n\nBENCH_LABEL = {o}text{o}\n"),
        "py.format.max_line_length": lambda: Deviation(
            "py.format.max_line_length", f"\n\nBENCH_TEXT = {q}{words}{q}\n"
        ),
        "py.format.line_length": lambda: Deviation("py.format.line_length", f"\n\nBENCH_TEXT = {q}{words}{q}\n"),
        "py.format.formatter": lambda: Deviation("py.format.formatter", "\n\nBENCH_LIST = [1,2]\n"),
        "py.format.indent": lambda: Deviation(
            "py.format.indent", "\n\ndef bench_join(first, second):\n  return first + second\n"
        ),
        "py.imports.sorted": lambda: Deviation(
            "py.imports.sorted", "\n\n_BENCH_BASE = abc.ABC\n", import_line="import abc"
        ),
        "py.imports.future_annotations": lambda: Deviation(
            "py.imports.future_annotations", "VALUE: int = 1\n", "bench_plain.py"
        ),
        "py.imports.relative": relative,
        "py.strings.formatting": lambda: Deviation("py.strings.formatting", f"\n\nBENCH_MSG = {q}%s items{q} % 3\n"),
        "py.logging.no_print": lambda: Deviation(
            "py.logging.no_print", _py_function(ctx, "bench_join", ["print(first, second)", *ret])
        ),
        "py.logging.module_logger": lambda: Deviation(
            "py.logging.module_logger",
            _py_function(ctx, "bench_join", [f"logging.info({q}joining{q})", *ret]),
            import_line="import logging",
        ),
        "py.annotations.coverage": lambda: Deviation(
            "py.annotations.coverage", _py_function(ctx, "bench_total", ["return items"], "items")
        ),
        "py.docs.coverage": lambda: Deviation("py.docs.coverage", _py_function(ctx, "bench_join", ret)),
        "py.docs.convention": lambda: Deviation(
            "py.docs.convention",
            _py_function(ctx, "bench_join", ['""" Join the names.\n    """', "", *ret]),
        ),
        "py.size.statements": lambda: size("py.size.statements", 50),
        "py.size.arguments": lambda: size("py.size.arguments", 5),
        "py.size.complexity": lambda: size("py.size.complexity", 10),
        "py.tests.file_pattern": test_name,
    }


def _javascript(ctx: Context) -> dict[str, Callable[[], Deviation | None]]:
    q, s, kw, ind = ctx.js_quote, ctx.js_semi, ctx.js_decl, ctx.js_indent
    other = "'" if q == '"' else '"'

    def line(text: str) -> str:
        return f"\n{text}\n"

    def comma_dangle() -> Deviation:
        trailing = "" if str(ctx.value("js.style.comma_dangle")).startswith("always") else ","
        body = f"{kw} benchOptions = {{\n{ind}first: 1,\n{ind}second: 2{trailing}\n}}{s}"
        return Deviation("js.style.comma_dangle", line(body))

    def callbacks() -> Deviation:
        if ctx.value("js.style.callbacks") == "function":
            return Deviation("js.style.callbacks", line(f"{kw} benchIds = [1, 2].map((item) => item + 1){s}"))
        code = f"{kw} benchIds = [1, 2].map(function (item) {{\n{ind}return item + 1{s}\n}}){s}"
        return Deviation("js.style.callbacks", line(code))

    def size() -> Deviation:
        n = ctx.limit("js.size.function", 50) + 5
        body = "\n".join(f"{ind}total += {i}{s}" for i in range(n))
        code = f"function benchTotal (total) {{\n{body}\n{ind}return total{s}\n}}"
        return Deviation("js.size.function", line(code))

    limit = ctx.limit("js.style.max_len", 100)
    long_sum = " + ".join(["benchValue"] * ((limit + 20) // 13))
    spacing = ctx.value("js.style.object_curly_spacing") == "always"
    return {
        "js.style.quotes": lambda: Deviation("js.style.quotes", line(f"{kw} benchLabel = {other}text{other}{s}")),
        "js.style.semi": lambda: Deviation("js.style.semi", line(f"{kw} benchLabel = {q}text{q}" + ("" if s else ";"))),
        "js.style.indent": lambda: Deviation(
            "js.style.indent",
            line(f"function benchTotal (total) {{\n{ind}{ind}{ind}return total + 1{s}\n}}"),
        ),
        "js.style.object_curly_spacing": lambda: Deviation(
            "js.style.object_curly_spacing",
            line(f"{kw} benchPoint = " + ("{x: 1}" if spacing else "{ x: 1 }") + s),
        ),
        "js.style.comma_dangle": comma_dangle,
        "js.style.declarations": lambda: Deviation(
            "js.style.declarations", line(("const" if kw == "var" else "var") + f" benchCount = 1{s}")
        ),
        "js.style.callbacks": callbacks,
        "js.style.max_len": lambda: Deviation(
            "js.style.max_len", line(f"{kw} benchValue = 1{s}\n{kw} benchSum = {long_sum}{s}")
        ),
        "js.naming.function": lambda: Deviation(
            "js.naming.function", line(f"function bench_load_data (first) {{\n{ind}return first{s}\n}}")
        ),
        "js.naming.variable": lambda: Deviation("js.naming.variable", line(f"{kw} bench_user_name = 1{s}")),
        "js.naming.class": lambda: Deviation("js.naming.class", line("class bench_thing {}")),
        "js.naming.file": lambda: Deviation(
            "js.naming.file",
            f"{kw} benchValue = 1{s}\n",
            "BenchFile.js" if ctx.value("js.naming.file") != "PascalCase" else "bench_file.js",
        ),
        "js.size.function": size,
    }


def _ruby(ctx: Context) -> dict[str, Callable[[], Deviation | None]]:
    q = ctx.rb_quote
    other = "'" if q == '"' else '"'
    width = ctx.limit("rb.style.indentation", 2)

    def method(name: str, body: list[str], pad: int = width) -> str:
        return "\n" + "\n".join([f"def {name}", *[" " * pad + b for b in body], "end"]) + "\n"

    def format_string() -> Deviation:
        style = ctx.value("rb.style.format_string")
        call = f"sprintf({q}%s{q}, 1)" if style != "sprintf" else f"format({q}%s{q}, 1)"
        return Deviation("rb.style.format_string", f"\nBENCH_TEXT = {call}\n")

    def block_delimiters() -> Deviation:
        if ctx.value("rb.style.block_delimiters") == "always_braces":
            return Deviation("rb.style.block_delimiters", "\nBENCH_IDS = [1, 2].map do |item| item + 1 end\n")
        pad = " " * width
        return Deviation("rb.style.block_delimiters", f"\nBENCH_IDS = [1, 2].map {{ |item|\n{pad}item + 1\n}}\n")

    limit = ctx.limit("rb.style.line_length", 120)
    words = " ".join(["word"] * ((limit + 20) // 5))
    return {
        "rb.style.string_literals": lambda: Deviation(
            "rb.style.string_literals", f"\nBENCH_LABEL = {other}plain{other}\n"
        ),
        "rb.style.hash_syntax": lambda: Deviation("rb.style.hash_syntax", "\nBENCH_OPTIONS = { :name => 1 }.freeze\n"),
        "rb.style.format_string": format_string,
        "rb.style.frozen_string_literal": lambda: Deviation(
            "rb.style.frozen_string_literal", "BENCH_PLAIN = 1\n", "bench_plain.rb"
        ),
        "rb.style.indentation": lambda: Deviation("rb.style.indentation", method("bench_total", ["1"], width + 2)),
        "rb.style.line_length": lambda: Deviation("rb.style.line_length", f"\n# {words}\n"),
        "rb.naming.method": lambda: Deviation("rb.naming.method", method("benchLoad", ["1"])),
        "rb.naming.file": lambda: Deviation("rb.naming.file", "BENCH_VALUE = 1\n", "BenchSession.rb"),
        "rb.docs.class_documentation": lambda: Deviation(
            "rb.docs.class_documentation", "\nclass BenchThing\n" + method("run", ["1"]).strip("\n") + "\nend\n"
        ),
        "rb.style.block_delimiters": block_delimiters,
        "rb.size.method": lambda: Deviation(
            "rb.size.method",
            method("bench_long", [f"v{i} = {i}" for i in range(ctx.limit("rb.size.method", 10) + 5)] + ["v0"]),
        ),
    }


CATALOGUES = {"python": _python, "javascript": _javascript, "ruby": _ruby}


def language_of(cid: str) -> str | None:
    prefix = cid.split(".", 1)[0]
    return {"py": "python", "js": "javascript", "rb": "ruby", "web": "python"}.get(prefix)


def _looks_like_code(text: str) -> bool:
    text = text.strip()
    if not text or "\n" not in text and " " in text and not any(c in text for c in "=(){}[]:'\""):
        return False  # words ("a file without the magic comment")
    return not text.endswith((".py", ".rb", ".js"))


def deviation(cid: str, conventions: dict[str, Conv]) -> Deviation | None:
    """The bench's deviation of convention ``cid``; its Don't when the catalogue has none."""
    lang = language_of(cid)
    if lang is None:
        return None
    make = CATALOGUES[lang](Context(conventions)).get(cid)
    if make is not None:
        return make()
    dont = str((conventions.get(cid) or {}).get("dont", ""))
    if _looks_like_code(dont):
        return Deviation(cid, "\n\n" + dont.strip("\n") + "\n", source="dont")
    return None


def new_path(library_file: str, dev: Deviation) -> str:
    """Where a new-file deviation goes, relative to the repository root."""
    if "/" in dev.new_name:
        return dev.new_name
    return str(Path(library_file).parent / dev.new_name)
