"""tree-sitter parsers for JavaScript, TypeScript (and TSX) and Ruby, from the official
per-language grammar wheels. Parsers are created once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any, Iterator


@lru_cache(maxsize=None)
def _parser(grammar: str) -> Any | None:
    try:
        from tree_sitter import Language, Parser

        if grammar == "javascript":
            import tree_sitter_javascript as mod

            lang = Language(mod.language())
        elif grammar == "typescript":
            import tree_sitter_typescript as mod

            lang = Language(mod.language_typescript())
        elif grammar == "tsx":
            import tree_sitter_typescript as mod

            lang = Language(mod.language_tsx())
        elif grammar == "ruby":
            import tree_sitter_ruby as mod

            lang = Language(mod.language())
        else:
            return None
    except ImportError:
        return None
    return Parser(lang)


def grammar_for(language: str, path: str) -> str:
    suffix = PurePosixPath(path).suffix.lower()
    if language == "typescript":
        return "tsx" if suffix == ".tsx" else "typescript"
    if language == "javascript":
        return "javascript"  # the JS grammar covers JSX
    return language


def parse(text: str, language: str, path: str = "") -> Any | None:
    parser = _parser(grammar_for(language, path))
    if parser is None:
        return None
    return parser.parse(text.encode("utf-8", "surrogateescape"))


def walk(node: Any) -> Iterator[Any]:
    """Every node below ``node`` (pre-order), without recursion."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        children = current.children
        if children:
            stack.extend(reversed(children))


def error_share(tree: Any) -> float:
    """Share of the source bytes covered by ERROR/MISSING nodes."""
    root = tree.root_node
    size = max(1, root.end_byte - root.start_byte)
    bad = 0
    for node in walk(root):
        if node.type == "ERROR" or node.is_missing:
            bad += max(1, node.end_byte - node.start_byte)
    return bad / size


def first_error_line(tree: Any) -> int:
    """The line of the first syntax error: followed down through the nodes that hold one to
    the innermost (an ERROR node that wraps a whole file starts on its first line, which says
    nothing); 0 when the tree has none."""
    node = tree.root_node
    if not (node.has_error or node.type == "ERROR" or node.is_missing):
        return 0
    while True:
        inner = next((c for c in node.children if c.has_error or c.is_missing or c.type == "ERROR"), None)
        if inner is None:
            return int(node.start_point[0]) + 1
        node = inner


def node_text(node: Any) -> str:
    return node.text.decode("utf-8", "surrogateescape") if node.text is not None else ""
