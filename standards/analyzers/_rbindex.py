"""One pass over each Ruby syntax tree, shared by every ``rb_*`` analyzer.

:func:`rb_files` returns an :class:`RbFile` per parsable Ruby file with the raw facts the
analyzers count (quote of each string, syntax of each symbol-keyed hash pair, the magic
comment, method names and sizes, ...). Built once per analysis; files that do not parse
are left out (the Context records why).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from standards import roles
from standards.analyzers import explicit_ruby
from standards.analyzers._style import glob_pattern, nodes_of_types, per_context
from standards.context import Context
from standards.errors import StandardsError
from standards.treesitter import node_text

Spot = tuple[int, str]  # (line, value)

FROZEN_COMMENT = re.compile(r"#.*\bfrozen[_-]string[_-]literal:\s*(true|false)\b", re.IGNORECASE)
MINITEST_BASES = re.compile(r"(Minitest::Test|Minitest::Spec|TestCase|IntegrationTest|SystemTestCase)$")
FORMAT_METHODS = frozenset({"format", "sprintf"})
INDENTED_BODIES = frozenset({"body_statement", "then"})


@dataclass
class MethodSize:
    line: int
    end: int
    name: str
    size: int = 0  # body lines that are neither blank nor comments (Metrics/MethodLength)


@dataclass
class RbFile:
    """The facts about one Ruby file that the style analyzers count."""

    path: str
    lines: list[str]
    is_test: bool
    frozen: str = "empty"  # true | false | missing | empty (no code)
    strings: list[Spot] = field(default_factory=list)  # single_quotes | double_quotes
    hash_pairs: list[Spot] = field(default_factory=list)  # ruby19 | hash_rockets
    method_names: list[Spot] = field(default_factory=list)
    methods: list[MethodSize] = field(default_factory=list)
    indents: list[Spot] = field(default_factory=list)  # "2", "4", "tab", ...
    formats: list[Spot] = field(default_factory=list)  # format | sprintf | percent
    test_styles: list[Spot] = field(default_factory=list)  # rspec | minitest
    heredoc_lines: set[int] = field(default_factory=set)
    comment_lines: set[int] = field(default_factory=set)

    def line(self, lineno: int) -> str:
        return self.lines[lineno - 1] if 0 < lineno <= len(self.lines) else ""


def rb_files(ctx: Context) -> list[RbFile]:
    """Every parsable Ruby file of the repository, indexed once per analysis."""
    return per_context(ctx, "rbindex", _build)


@dataclass(frozen=True)
class Scope:
    """The Ruby files one cop applies to: RuboCop's ``AllCops: Exclude`` and the cop's own
    ``Exclude`` in the project's .rubocop.yml (read as data) taken out, as RuboCop does."""

    files: list[RbFile]
    excluded: int  # files the project's configuration excludes from this cop
    source: str  # the configuration file that excluded them ("" when none did)

    def note(self, unit: str = "Ruby files") -> str:
        """ "counted over 669 Ruby files (6 excluded by .rubocop.yml)": the denominator, stated."""
        shown = f"counted over {len(self.files)} {unit}"
        return f"{shown} ({self.excluded} excluded by {self.source})" if self.excluded else shown


def rb_scope(ctx: Context, cop: str, files: list[RbFile] | None = None) -> Scope:
    """The files of ``files`` (default: every Ruby file) that RuboCop checks for ``cop``."""
    files = rb_files(ctx) if files is None else files
    config = per_context(ctx, "rbindex.rubocop", _rubocop_config)
    patterns = _excludes(config.get("AllCops")) + _excludes(config.get(cop))
    if not patterns:
        return Scope(files, 0, "")
    kept = [f for f in files if not any(p.fullmatch(f.path) for p in patterns)]
    return Scope(kept, len(files) - len(kept), CONFIG)


CONFIG = ".rubocop.yml"


def _rubocop_config(ctx: Context) -> dict[str, Any]:
    if CONFIG not in set(ctx.discovery.other_files):
        return {}
    try:
        return explicit_ruby.load_config(ctx, CONFIG)  # follows inherit_from inside the repository
    except StandardsError:
        return {}  # explicit_ruby reports the broken file; shares then count every file


def _excludes(section: Any) -> list[re.Pattern[str]]:
    if not isinstance(section, dict) or not isinstance(section.get("Exclude"), list):
        return []
    return [glob_pattern(str(p)) for p in section["Exclude"] if str(p).strip()]  # relative to the config


def _build(ctx: Context) -> list[RbFile]:
    out = []
    for src in ctx.files("ruby"):
        tree = ctx.tree(src.path, "ruby")
        text = ctx.text(src.path)
        if tree is None or text is None:
            continue
        out.append(index_file(src.path, text, tree))
    return out


def index_file(path: str, text: str, tree: Any) -> RbFile:
    """Record every fact the analyzers need from one syntax tree."""
    rb = RbFile(path=path, lines=text.split("\n"), is_test=roles.is_test(path))
    rb.frozen = _magic_comment(tree.root_node)
    for node in nodes_of_types(tree, HANDLED):
        _HANDLERS[node.type](rb, node)
    for method in rb.methods:  # comment lines are known only once every node was seen
        method.size = sum(
            1 for n in range(method.line + 1, method.end) if rb.line(n).strip() and n not in rb.comment_lines
        )
    return rb


def _magic_comment(root: Any) -> str:
    """The frozen_string_literal magic comment among the leading comments."""
    code = [child for child in root.children if child.type != "comment"]
    if not code:
        return "empty"
    for child in root.children:
        if child.type != "comment":
            break
        match = FROZEN_COMMENT.match(node_text(child))
        if match:
            return match.group(1).lower()
    return "missing"


def _line(node: Any) -> int:
    return node.start_point[0] + 1


def _indent(rb: RbFile, lineno: int) -> str:
    text = rb.line(lineno)
    return text[: len(text) - len(text.lstrip(" \t"))]


# -- handlers, one per node type ------------------------------------------------------------


def _string(rb: RbFile, node: Any) -> None:
    raw = node.text or b""
    opener = raw[:1]
    if opener not in (b"'", b'"'):
        return  # %q(), %Q(), ... choose their delimiters for a reason
    inner = raw[1:-1]
    if opener == b"'":
        if b'"' not in inner and b"\\" not in inner:
            rb.strings.append((_line(node), "single_quotes"))
    elif b"'" not in inner and not any(c.type in ("interpolation", "escape_sequence") for c in node.children):
        rb.strings.append((_line(node), "double_quotes"))


def _pair(rb: RbFile, node: Any) -> None:
    key = node.children[0] if node.children else None
    if key is None:
        return
    if key.type == "hash_key_symbol":
        rb.hash_pairs.append((_line(node), "ruby19"))
    elif key.type == "simple_symbol" and any(c.type == "=>" for c in node.children):
        rb.hash_pairs.append((_line(node), "hash_rockets"))


def _method(rb: RbFile, node: Any) -> None:
    name_node = node.child_by_field_name("name")
    if name_node is None:
        return
    name = node_text(name_node)
    if name_node.type in ("identifier", "constant"):
        rb.method_names.append((_line(node), name.rstrip("?!")))
    end = node.end_point[0] + 1
    rb.methods.append(MethodSize(_line(node), end, name))


def _body(rb: RbFile, node: Any) -> None:
    parent = node.parent
    if parent is None or not node.named_children:
        return
    head = _line(parent)
    first = next((c for c in node.named_children if c.type != "comment"), None)
    if first is None or _line(first) <= head:
        return
    outer, inner = _indent(rb, head), _indent(rb, _line(first))
    if inner.startswith("\t") and len(inner) > len(outer):
        rb.indents.append((_line(first), "tab"))
    elif "\t" not in inner + outer and len(inner) > len(outer):
        rb.indents.append((_line(first), str(len(inner) - len(outer))))


def _call(rb: RbFile, node: Any) -> None:
    method = node.child_by_field_name("method")
    receiver = node.child_by_field_name("receiver")
    if method is None:
        return
    name = node_text(method)
    target = node_text(receiver) if receiver is not None else ""
    if name in FORMAT_METHODS and target in ("", "Kernel") and node.child_by_field_name("arguments") is not None:
        rb.formats.append((_line(node), name))
    elif name == "describe" and (target == "RSpec" or (not target and _top_level(node))):
        rb.test_styles.append((_line(node), "rspec"))


def _top_level(node: Any) -> bool:
    return node.parent is None or node.parent.type == "program"


def _binary(rb: RbFile, node: Any) -> None:
    operator = node.child_by_field_name("operator")
    left = node.child_by_field_name("left")
    if operator is not None and operator.type == "%" and left is not None and left.type == "string":
        rb.formats.append((_line(node), "percent"))


def _class(rb: RbFile, node: Any) -> None:
    superclass = node.child_by_field_name("superclass")
    if superclass is not None and MINITEST_BASES.search(node_text(superclass)):
        rb.test_styles.append((_line(node), "minitest"))


def _heredoc(rb: RbFile, node: Any) -> None:
    rb.heredoc_lines.update(range(_line(node), node.end_point[0] + 2))


def _comment(rb: RbFile, node: Any) -> None:
    lineno = _line(node)
    if rb.line(lineno).lstrip().startswith("#") or node.start_point[0] != node.end_point[0]:
        rb.comment_lines.update(range(lineno, node.end_point[0] + 2))


_HANDLERS: dict[str, Callable[[RbFile, Any], None]] = {
    "string": _string,
    "pair": _pair,
    "method": _method,
    "singleton_method": _method,
    "call": _call,
    "binary": _binary,
    "class": _class,
    "heredoc_body": _heredoc,
    "comment": _comment,
    **{t: _body for t in INDENTED_BODIES},
}
NARROWED = {
    "binary": '(binary operator: "%") @binary',
}
HANDLED = tuple((node_type, NARROWED.get(node_type, "")) for node_type in sorted(_HANDLERS))
