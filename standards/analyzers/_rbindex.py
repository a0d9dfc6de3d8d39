"""One pass over each Ruby syntax tree, shared by every ``rb_*`` analyzer.

:func:`rb_files` returns an :class:`RbFile` per parsable Ruby file with the raw facts the
analyzers count (quote of each string, syntax of each symbol-keyed hash pair, the magic
comment, method names and sizes, ...). Built once per analysis; files that do not parse
are left out (the Context records why).

Facts a RuboCop style cop judges are kept in :attr:`RbFile.facts`: per construct (a hash, a
block, a multi-line literal, ...) its line and a tag, which the cop family's analyzer maps
onto the styles the construct satisfies. The tags follow RuboCop 1.39's own reading of the
construct (see each handler), so that counting here and RuboCop's offenses on a sample agree.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from standards import roles
from standards.analyzers import explicit_ruby
from standards.analyzers._configfiles import load_yaml
from standards.analyzers._style import glob_pattern, nodes_of_types, per_context
from standards.context import Context
from standards.errors import StandardsError
from standards.treesitter import node_text

Spot = tuple[int, str]  # (line, value)

FROZEN_COMMENT = re.compile(r"#.*\bfrozen[_-]string[_-]literal:\s*(true|false)\b", re.IGNORECASE)
MINITEST_BASES = re.compile(r"(Minitest::Test|Minitest::Spec|TestCase|IntegrationTest|SystemTestCase)$")
FORMAT_METHODS = frozenset({b"format", b"sprintf"})
INDENTED_BODIES = frozenset({"body_statement", "then"})
CALLS_READ = frozenset({b"raise", b"fail", b"format", b"sprintf", b"describe"})  # single-line calls with facts


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
    hash_pairs: list[Spot] = field(default_factory=list)  # ruby19 | hash_rockets
    method_names: list[Spot] = field(default_factory=list)
    methods: list[MethodSize] = field(default_factory=list)
    indents: list[Spot] = field(default_factory=list)  # "2", "4", "tab", ...
    test_styles: list[Spot] = field(default_factory=list)  # rspec | minitest
    heredoc_lines: set[int] = field(default_factory=set)
    comment_lines: set[int] = field(default_factory=set)
    facts: dict[str, list[Spot]] = field(default_factory=dict)  # fact -> (line, tag), see module doc
    interpolation_end: int = field(default=-1, repr=False)  # end byte of the interpolation being read
    chained_end: int = field(default=-1, repr=False)  # end byte of the "a" "b" being read
    chained_calls: set[int] = field(default_factory=set, repr=False)  # start bytes of calls chained on

    def line(self, lineno: int) -> str:
        return self.lines[lineno - 1] if 0 < lineno <= len(self.lines) else ""

    def add(self, fact: str, line: int, tag: str) -> None:
        self.facts.setdefault(fact, []).append((line, tag))

    def spots(self, fact: str) -> list[Spot]:
        return self.facts.get(fact, [])

    @property
    def strings(self) -> list[Spot]:
        """Plain string literals outside interpolations: single_quotes | double_quotes."""
        return self.spots("strings")

    @property
    def formats(self) -> list[Spot]:
        """String formatting: format | sprintf | percent."""
        return self.spots("formats")


def rb_files(ctx: Context) -> list[RbFile]:
    """Every parsable Ruby file of the repository, indexed once per analysis."""
    return per_context(ctx, "rbindex", _build)


@dataclass(frozen=True)
class Scope:
    """The Ruby files one cop applies to: RuboCop's ``AllCops: Exclude`` and the cop's own
    ``Exclude`` in the project's .rubocop.yml (read as data) taken out, as RuboCop does; the
    files the project's debt list (``.rubocop_todo.yml``) excludes for the cop, and vendored,
    temporary and ``db/`` files (schema dumps and migrations are generated), are left out too."""

    files: list[RbFile]
    excluded: int  # files the project's configuration excludes from this cop
    source: str  # the configuration file that excluded them ("" when none did)
    debt: int = 0  # files the todo file excludes for this cop
    debt_source: str = ""
    generated: int = 0  # files under vendor/, tmp/, node_modules/ or db/

    def note(self, unit: str = "Ruby files") -> str:
        """ "counted over 669 Ruby files (6 excluded by .rubocop.yml)": the denominator, stated."""
        shown = f"counted over {len(self.files)} {unit}"
        left = []
        if self.excluded:
            left.append(f"{self.excluded} excluded by {self.source}")
        if self.debt:
            left.append(f"{self.debt} listed as debt in {self.debt_source}")
        if self.generated:
            left.append(f"{self.generated} under vendor/, tmp/ or db/")
        return f"{shown} ({'; '.join(left)})" if left else shown


NOT_MAINTAINED = tuple(glob_pattern(g) for g in ("vendor/**", "tmp/**", "node_modules/**", "db/**", "**/vendor/**"))


def rb_scope(ctx: Context, cop: str, files: list[RbFile] | None = None) -> Scope:
    """The files of ``files`` (default: every Ruby file) that RuboCop checks for ``cop``."""
    files = rb_files(ctx) if files is None else files
    maintained = [f for f in files if not any(p.fullmatch(f.path) for p in NOT_MAINTAINED)]
    config = rubocop_config(ctx)
    patterns = _excludes(config.get("AllCops")) + _excludes(config.get(cop))
    kept = [f for f in maintained if not any(p.fullmatch(f.path) for p in patterns)]
    todo_name, todo = per_context(ctx, "rbindex.todo", _todo_config)
    debt_patterns = _excludes(todo.get(cop))
    paid = [f for f in kept if not any(p.fullmatch(f.path) for p in debt_patterns)]
    return Scope(
        paid,
        len(maintained) - len(kept),
        CONFIG if len(maintained) > len(kept) else "",
        len(kept) - len(paid),
        todo_name,
        len(files) - len(maintained),
    )


def todo_disables(ctx: Context, cop: str) -> str:
    """The project's todo file when it switches ``cop`` off (its debt list), else ""."""
    todo_name, todo = per_context(ctx, "rbindex.todo", _todo_config)
    section = todo.get(cop)
    return todo_name if isinstance(section, dict) and section.get("Enabled") is False else ""


CONFIG = ".rubocop.yml"
TODO = ".rubocop_todo.yml"


def rubocop_config(ctx: Context) -> dict[str, Any]:
    """The project's .rubocop.yml, with what it inherits inside the repository, read as data."""
    return per_context(ctx, "rbindex.rubocop", _rubocop_config)


def _rubocop_config(ctx: Context) -> dict[str, Any]:
    if CONFIG not in set(ctx.discovery.other_files):
        return {}
    try:
        return explicit_ruby.load_config(ctx, CONFIG)  # follows inherit_from inside the repository
    except StandardsError:
        return {}  # explicit_ruby reports the broken file; shares then count every file


def _todo_config(ctx: Context) -> tuple[str, dict[str, Any]]:
    """The project's ``.rubocop_todo.yml`` (read as data), or ("", {})."""
    if TODO not in set(ctx.discovery.other_files):
        return "", {}
    try:
        data = explicit_ruby.plain(load_yaml(TODO, ctx.config_text(TODO)), TODO)
    except StandardsError:
        return "", {}
    return (TODO, data) if isinstance(data, dict) else ("", {})


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
    if rb.frozen != "empty":
        rb.add("frozen", _magic_line(rb), rb.frozen)
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


def _magic_line(rb: RbFile) -> int:
    """The line of the file's frozen_string_literal comment (1 when it has none: where it goes)."""
    for n, text in enumerate(rb.lines[:5], 1):
        if FROZEN_COMMENT.match(text.strip()):
            return n
    return 1


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
    if node.start_byte < rb.chained_end:
        return  # "a" "b": RuboCop leaves adjacent literals to Style/LineEndConcatenation
    inner = raw[1:-1]
    style = ""
    if opener == b"'":
        if b'"' not in inner and b"\\" not in inner:
            style = "single_quotes"
    elif b"'" not in inner and not any(c.type in ("interpolation", "escape_sequence") for c in node.children):
        style = "double_quotes"
    if not style or b"\n" in inner:
        return  # a multi-line literal: RuboCop judges its lines together
    if node.start_byte < rb.interpolation_end:  # inside "#{...}": Style/StringLiteralsInInterpolation
        rb.add("interpolated_strings", _line(node), style)
    else:
        rb.add("strings", _line(node), style)


def _interpolation(rb: RbFile, node: Any) -> None:
    rb.interpolation_end = max(rb.interpolation_end, node.end_byte)


def _chained_string(rb: RbFile, node: Any) -> None:
    rb.chained_end = max(rb.chained_end, node.end_byte)


def _method(rb: RbFile, node: Any) -> None:
    name_node = node.child_by_field_name("name")
    if name_node is None:
        return
    name = node_text(name_node)
    if name_node.type in ("identifier", "constant"):
        rb.method_names.append((_line(node), name.rstrip("?!")))
        rb.add("predicates", _line(node), name)
    _method_tail(rb, node)
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
    if method is None:
        return
    name = method.text or b""
    receiver = node.child_by_field_name("receiver")
    multi = node.start_point[0] != node.end_point[0]
    if multi and receiver is not None:
        _dot_position(rb, node, receiver, method)
        if receiver.type == "call" and receiver.child_by_field_name("block") is not None:
            rb.chained_calls.add(receiver.start_byte)  # a call is chained to its block
    block = node.child_by_field_name("block")
    if block is not None:
        _block(rb, node, name, receiver, block)
    if not (multi or name in CALLS_READ):
        return
    arguments = node.child_by_field_name("arguments")
    if arguments is None:
        return
    if multi and (arguments.text or b"")[:1] == b"(":
        items = [c for c in arguments.named_children if c.type != "comment"]
        _trailing_comma(rb, "comma_arguments", arguments, items, call=node, method=method)
    if name in RAISE_METHODS and receiver is None:
        _raise(rb, node, arguments)
    elif name in FORMAT_METHODS and (receiver is None or receiver.text == b"Kernel"):
        rb.add("formats", _line(node), name.decode())
    elif name == b"describe" and (
        receiver is None and _top_level(node) or receiver is not None and receiver.text == b"RSpec"
    ):
        rb.test_styles.append((_line(node), "rspec"))


def _top_level(node: Any) -> bool:
    return node.parent is None or node.parent.type == "program"


def _binary(rb: RbFile, node: Any) -> None:
    operator = node.child_by_field_name("operator")
    left = node.child_by_field_name("left")
    if operator is not None and operator.type == "%" and left is not None and left.type == "string":
        rb.add("formats", _line(node), "percent")


def _class(rb: RbFile, node: Any) -> None:
    superclass = node.child_by_field_name("superclass")
    if superclass is not None and MINITEST_BASES.search(node_text(superclass)):
        rb.test_styles.append((_line(node), "minitest"))
    _documentation(rb, node)


def _heredoc(rb: RbFile, node: Any) -> None:
    rb.heredoc_lines.update(range(_line(node), node.end_point[0] + 2))


def _comment(rb: RbFile, node: Any) -> None:
    lineno = _line(node)
    if rb.line(lineno).lstrip().startswith("#") or node.start_point[0] != node.end_point[0]:
        rb.comment_lines.update(range(lineno, node.end_point[0] + 2))


# -- Style/HashSyntax --------------------------------------------------------------------------

IDENTIFIER_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*[?!]?")


def _hash(rb: RbFile, node: Any) -> None:
    pairs = [c for c in node.named_children if c.type == "pair"]
    if pairs:
        _hash_pairs(rb, node, pairs)
    if node.type == "hash":
        _hash_braces(rb, node)
        _trailing_comma(rb, "comma_hash", node, [c for c in node.named_children if c.type != "comment"])


def _hash_pairs(rb: RbFile, node: Any, pairs: list[Any]) -> None:
    """One tag per hash (braced, or the keyword arguments of a call), read as RuboCop reads it:
    ``sym:`` when every key is a symbol that could be written ``key:``, else ``other:``; then
    which delimiters its pairs use (``ruby19``, ``rockets`` or ``mixed``)."""
    colon = rockets = 0
    all_symbols = True
    for pair in pairs:
        key = pair.children[0]
        if key.type == "hash_key_symbol":
            colon += 1
            rb.hash_pairs.append((_line(pair), "ruby19"))
            _shorthand(rb, pair, key)
            continue
        if any(c.type == ":" for c in pair.children):  # "string": value, a symbol key all the same
            colon += 1
            all_symbols = False
            continue
        rockets += 1
        if key.type == "simple_symbol" and IDENTIFIER_KEY.fullmatch(node_text(key)[1:]):
            rb.hash_pairs.append((_line(pair), "hash_rockets"))
        else:
            all_symbols = False
    kind = "sym" if all_symbols else "other"
    used = "mixed" if colon and rockets else ("ruby19" if colon else "rockets")
    rb.add("hashes", _line(node), f"{kind}:{used}")


def _shorthand(rb: RbFile, pair: Any, key: Any) -> None:
    value = pair.child_by_field_name("value")
    if value is None:
        rb.add("hash_shorthand", _line(pair), "omitted")
    elif value.type == "identifier" and node_text(value) == node_text(key):
        rb.add("hash_shorthand", _line(pair), "explicit")


# -- brace spacing -----------------------------------------------------------------------------


def _inside_left(text: bytes) -> str:
    """How the character after an opening brace is spaced: space, no_space or "" (a line break)."""
    after = text[1:2]
    if after in (b"\n", b"\r", b"#"):
        return ""
    return "space" if after in (b" ", b"\t") else "no_space"


def _inside_right(text: bytes) -> tuple[str, bool]:
    """How the character before a closing brace is spaced, and whether a ``}`` comes just before
    the spaces (RuboCop's ``compact`` style closes nested hashes as ``}}``)."""
    body = text[:-1]
    stripped = body.rstrip(b" \t")
    if stripped.endswith((b"\n", b"\r")) or len(stripped) <= 1:
        return "", False
    return ("space" if len(stripped) < len(body) else "no_space"), stripped.endswith(b"}")


def _hash_braces(rb: RbFile, node: Any) -> None:
    """Layout/SpaceInsideHashLiteralBraces: the styles (space, no_space, compact) both braces satisfy."""
    text = node.text or b""
    if not text.startswith(b"{"):
        return
    line = _line(node)
    if not node.named_children:
        rb.add("hash_empty_braces", line, "no_space" if text == b"{}" else "space" if text.strip(b"{} ") == b"" else "")
        return
    left = _inside_left(text)
    right, nested = _inside_right(text)
    fits = {"space", "no_space", "compact"}
    if left:
        fits &= {"space", "compact"} if left == "space" else {"no_space"}
    if right == "space":
        fits &= {"space"} if nested else {"space", "compact"}
    elif right == "no_space":
        fits &= {"no_space", "compact"} if nested else {"no_space"}
    if left or right:
        rb.add("hash_braces", line, "|".join(sorted(fits)))


def _block_braces(rb: RbFile, node: Any, text_before: bytes) -> None:
    """Layout/SpaceInsideBlockBraces and Layout/SpaceBeforeBlockBraces for one ``{ ... }`` block."""
    text = node.text or b""
    line = _line(node)
    before = "space" if text_before[-1:] in (b" ", b"\t") else "no_space"
    body = [c for c in node.named_children if c.type != "comment"]
    if not body:
        rb.add("block_before_empty", line, before)
        inner = text[1:-1]
        if b"\n" not in inner:
            rb.add("block_empty_braces", line, "no_space" if not inner else "space")
        return
    rb.add("block_before", line, before)
    left = _inside_left(text)
    right, _ = _inside_right(text)
    if body[0].type == "block_parameters":
        if left:
            rb.add("block_parameters_space", line, "true" if left == "space" else "false")
        left = ""
    sides = {s for s in (left, right) if s}
    if sides:
        rb.add("block_braces", line, sides.pop() if len(sides) == 1 else "")


def _lambda(rb: RbFile, node: Any) -> None:
    multi = node.start_point[0] != node.end_point[0]
    rb.add("lambdas", _line(node), "literal:multi" if multi else "literal:single")
    body = node.child_by_field_name("body")
    if body is not None and body.type == "block":
        _block_braces(rb, body, _text_before(rb, body))


def _text_before(rb: RbFile, node: Any) -> bytes:
    line = rb.line(_line(node)).encode("utf-8", "surrogatepass")
    return line[: node.start_point[1]]


# -- trailing commas ---------------------------------------------------------------------------


def _trailing_comma(rb: RbFile, fact: str, node: Any, items: list[Any], call: Any = None, method: Any = None) -> None:
    """A multi-line literal or argument list, tagged ``comma|none : own|shared : needs|free`` as
    RuboCop's TrailingComma mixin reads it: whether the last item has a comma after it, whether
    every item (and the closing bracket) is on its own line (``comma`` wants one then), and
    whether ``consistent_comma`` wants one."""
    closing = node.children[-1] if node.children else None
    if closing is None or closing.type not in ("]", "}", ")") or not items:
        return
    if node.start_point[0] == node.end_point[0]:
        return  # one line: a trailing comma is an offense under every style
    if len(items) == 1 and (rb.line(_line(closing))[: closing.start_point[1]].strip() != ""):
        return  # RuboCop's allowed_multiline_argument?: one item and the bracket not on its own line
    last = items[-1]
    if last.type in ("heredoc_beginning", "block_argument"):
        return
    comma = any(c.type == "," and c.start_byte >= last.end_byte for c in node.children)
    ends = [(i.start_point[0], i.end_point[0]) for i in items] + [(closing.start_point[0], closing.end_point[0])]
    own = all(a[1] != b[0] for a, b in itertools.pairwise(ends))
    needs = True
    if call is not None:  # method_name_and_arguments_on_same_line?
        name_line = method.start_point[0] if method is not None else call.start_point[0]
        needs = not (name_line == last.end_point[0] == closing.end_point[0])
    tag = f"{'comma' if comma else 'none'}:{'own' if own else 'shared'}:{'needs' if needs else 'free'}"
    rb.add(fact, _line(node), tag)


def _array(rb: RbFile, node: Any) -> None:
    if (node.text or b"")[:1] == b"[":
        _trailing_comma(rb, "comma_array", node, [c for c in node.named_children if c.type != "comment"])


def _arguments(rb: RbFile, node: Any) -> None:
    """The keyword arguments of a call (the query selects argument lists holding a pair)."""
    _hash_pairs(rb, node, [c for c in node.named_children if c.type == "pair"])


# -- else, return, raise -----------------------------------------------------------------------


def _else(rb: RbFile, node: Any) -> None:
    """Style/EmptyElse: an ``else`` that is empty, only ``nil``, or holds code."""
    parent = node.parent
    if parent is None or parent.type not in ("if", "unless", "elsif", "case"):
        return
    body = [c for c in node.named_children if c.type != "comment"]
    has_comment = any(c.type == "comment" for c in node.named_children)
    if not body:
        rb.add("else", _line(node), "comment" if has_comment else "empty")
    elif len(body) == 1 and body[0].type == "nil":
        rb.add("else", _line(node), "nil")
    else:
        rb.add("else", _line(node), "code")


def _method_tail(rb: RbFile, node: Any) -> None:
    """Style/RedundantReturn: how the method's last expression (and the ends of an if/unless/
    case there) returns: ``plain``, ``return`` or ``return_multi`` (``return a, b``)."""
    body = node.child_by_field_name("body")
    if body is None:
        return
    tags = _tails(body)
    if tags:
        worst = "return" if "return" in tags else "return_multi" if "return_multi" in tags else "plain"
        rb.add("method_tail", _line(node), worst)


def _tails(node: Any, depth: int = 0) -> list[str]:
    statements = [c for c in node.named_children if c.type != "comment"]
    if not statements or depth > 20:
        return []
    last = statements[-1]
    if node.type == "body_statement" and any(c.type in ("rescue", "ensure") for c in statements):
        return ["plain"]  # RuboCop reads the rescue bodies too; left out here
    if last.type == "return":
        args = last.named_children[0].named_children if last.named_children else []
        return ["return_multi" if len(args) > 1 else "return"]
    if last.type in ("if", "unless", "elsif"):
        out = []
        for field_name in ("consequence", "alternative"):
            branch = last.child_by_field_name(field_name)
            if branch is not None:
                out.extend(_tails(branch, depth + 1) if branch.type != "elsif" else _tails_of_elsif(branch, depth))
        return out or ["plain"]
    if last.type == "case":
        out = []
        for clause in last.named_children:
            if clause.type in ("when", "else"):
                branch = clause.child_by_field_name("body") if clause.type == "when" else clause
                if branch is not None:
                    out.extend(_tails(branch, depth + 1))
        return out or ["plain"]
    return ["plain"]


def _tails_of_elsif(node: Any, depth: int) -> list[str]:
    out = []
    for field_name in ("consequence", "alternative"):
        branch = node.child_by_field_name(field_name)
        if branch is not None:
            out.extend(_tails_of_elsif(branch, depth + 1) if branch.type == "elsif" else _tails(branch, depth + 1))
    return out


RAISE_METHODS = frozenset({b"raise", b"fail"})
CONSTANT_TYPES = frozenset({"constant", "scope_resolution"})


def _raise(rb: RbFile, node: Any, arguments: Any) -> None:
    """Style/RaiseArgs: ``raise Error, msg`` is exploded, ``raise Error.new(msg)`` compact."""
    args = [c for c in arguments.named_children if c.type != "comment"]
    if len(args) >= 2 and args[0].type in CONSTANT_TYPES:
        rb.add("raise", _line(node), "exploded")
    elif len(args) == 1 and args[0].type == "call":
        receiver = args[0].child_by_field_name("receiver")
        method = args[0].child_by_field_name("method")
        inner = args[0].child_by_field_name("arguments")
        count = len([c for c in inner.named_children if c.type != "comment"]) if inner is not None else 0
        constant = receiver is not None and receiver.type in CONSTANT_TYPES
        if constant and method is not None and node_text(method) == "new" and count <= 1:
            rb.add("raise", _line(node), "compact")


# -- blocks, dots, lambdas ---------------------------------------------------------------------

BLOCK_DELIMITER_EXEMPT = frozenset({b"lambda", b"proc", b"it"})


def _block(rb: RbFile, node: Any, name: bytes, receiver: Any, block: Any) -> None:
    multi = block.start_point[0] != block.end_point[0]
    if name == b"lambda" and receiver is None:
        rb.add("lambdas", _line(node), "method:multi" if multi else "method:single")
    if block.type == "block":
        _block_braces(rb, block, _text_before(rb, block))
    if name in BLOCK_DELIMITER_EXEMPT:
        return
    chained = node.start_byte in rb.chained_calls
    kind = "braces" if block.type == "block" else "do"
    shape = f"{kind}:{'multi' if multi else 'single'}:{'chained' if chained else 'alone'}"
    rb.add("block_delimiters", _line(block), shape)


def _dot_position(rb: RbFile, node: Any, receiver: Any, method: Any) -> None:
    """Layout/DotPosition: a call continued on the next line, with its dot leading the new line
    or trailing the old one."""
    if receiver.end_point[0] == method.start_point[0]:
        return
    dot = next((c for c in node.children if c.type in (".", "&.")), None)
    if dot is None:
        return
    if dot.start_point[0] == method.start_point[0] and dot.start_point[0] != receiver.end_point[0]:
        rb.add("dots", dot.start_point[0] + 1, "leading")
    elif dot.start_point[0] == receiver.end_point[0] and dot.start_point[0] != method.start_point[0]:
        rb.add("dots", dot.start_point[0] + 1, "trailing")


# -- documentation and names -------------------------------------------------------------------

NAMESPACE_TYPES = frozenset({"class", "module", "assignment", "comment"})
ANNOTATION = re.compile(r"#\s*(TODO|FIXME|OPTIMIZE|HACK|REVIEW|NOTE)\b|#.*(frozen_string_literal|encoding|rubocop:)")


def _documentation(rb: RbFile, node: Any) -> None:
    """Style/Documentation: a class or module with a body beyond nested namespaces and
    constants, and whether a comment (not an annotation or magic comment) comes just above it."""
    body = node.child_by_field_name("body")
    if body is None:
        return
    statements = [c for c in body.named_children if c.type != "comment"]
    if all(c.type in NAMESPACE_TYPES for c in statements):
        return  # a namespace: RuboCop does not ask for its documentation
    line = _line(node)
    if ":nodoc:" in rb.line(line):
        return
    above = rb.line(line - 1).strip()
    documented = above.startswith("#") and not ANNOTATION.match(above)
    rb.add("documentation", line, "documented" if documented else "undocumented")


def _assignment(rb: RbFile, node: Any) -> None:
    left = node.child_by_field_name("left")
    if left is not None and left.type in ("identifier", "instance_variable", "class_variable"):
        rb.add("variable_names", _line(node), node_text(left).lstrip("@"))


def _parameters(rb: RbFile, node: Any) -> None:
    for child in node.named_children:
        name = child if child.type == "identifier" else child.child_by_field_name("name")
        if name is not None and name.type == "identifier":
            rb.add("variable_names", _line(name), node_text(name))


_HANDLERS: dict[str, Callable[[RbFile, Any], None]] = {
    "string": _string,
    "method": _method,
    "singleton_method": _method,
    "call": _call,
    "binary": _binary,
    "class": _class,
    "module": _documentation,
    "heredoc_body": _heredoc,
    "comment": _comment,
    "interpolation": _interpolation,
    "chained_string": _chained_string,
    "hash": _hash,
    "array": _array,
    "argument_list": _arguments,
    "else": _else,
    "lambda": _lambda,
    "assignment": _assignment,
    "method_parameters": _parameters,
    "lambda_parameters": _parameters,
    "block_parameters": _parameters,
    **{t: _body for t in INDENTED_BODIES},
}
NARROWED = {
    "binary": '(binary operator: "%") @binary',
    "argument_list": "(argument_list (pair)) @argument_list",
}
HANDLED = tuple((node_type, NARROWED.get(node_type, "")) for node_type in sorted(_HANDLERS))
