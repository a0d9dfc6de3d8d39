"""Read configuration files without running them: JSON with comments (tsconfig.json,
.eslintrc), YAML (ruamel.yaml), and the literal parts of JavaScript config modules
(eslint.config.js, prettier.config.js) through tree-sitter. A file that cannot be read
raises :class:`~standards.errors.ConfigError` naming the file and line."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from standards import treesitter
from standards.discovery import nesting_depth
from standards.errors import ConfigError

TOO_DEEP = "nested too deeply to read (a machine-made file?)"
MAX_DEPTH = 200  # hand-written configs nest a few levels; YAML parsing slows down with the square of the depth
_DEEP_INDENT = re.compile(rf"^[ \t]{{{MAX_DEPTH * 4}}}", re.MULTILINE)
_JSON_STRING = r'"(?:\\.|[^"\\])*"'
_COMMENT = re.compile(_JSON_STRING + r"|//[^\n]*|/\*.*?\*/", re.DOTALL)
_TRAILING_COMMA = re.compile(_JSON_STRING + r"|,(?=\s*[\]}])")


def _blank(match: re.Match[str]) -> str:
    token = match.group(0)
    return token if token.startswith('"') else re.sub(r"[^\n]", " ", token)


def strip_jsonc(text: str) -> str:
    """JSON with comments and trailing commas made plain JSON; line numbers are kept."""
    return _TRAILING_COMMA.sub(_blank, _COMMENT.sub(_blank, text))


def refuse_deep(path: str, text: str) -> None:
    """Exit 2 naming ``path`` when its brackets or its indentation nest deeper than any person
    writes (checked on the text, before a parser spends minutes or overflows on it)."""
    if nesting_depth(text.encode("utf-8", "surrogateescape")) > MAX_DEPTH or _DEEP_INDENT.search(text):
        raise ConfigError(path, TOO_DEEP)


def load_jsonc(path: str, text: str) -> Any:
    refuse_deep(path, text)
    try:
        return json.loads(strip_jsonc(text))
    except json.JSONDecodeError as exc:
        raise ConfigError(path, f"invalid JSON: {exc.msg}", exc.lineno) from None
    except (RecursionError, MemoryError):
        raise ConfigError(path, TOO_DEEP) from None


def load_yaml(path: str, text: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    refuse_deep(path, text)
    try:
        return YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(path, f"invalid YAML: {exc.problem or exc.context}", line) from None
    except YAMLError as exc:
        raise ConfigError(path, f"invalid YAML: {exc}") from None
    except (RecursionError, MemoryError):
        raise ConfigError(path, TOO_DEEP) from None


# -- JavaScript config modules, read as text ----------------------------------------------


class NotLiteral(Exception):
    """A JS value that is computed, not written out (a variable, a call, a spread...)."""


@dataclass
class JsModule:
    path: str
    tree: Any

    @property
    def root(self) -> Any:
        return self.tree.root_node


def parse_js_module(path: str, text: str) -> JsModule:
    language = "typescript" if path.endswith((".ts", ".mts", ".cts")) else "javascript"
    tree = treesitter.parse(text, language, path)
    if tree is None:
        raise ConfigError(path, "no JavaScript parser available (tree-sitter grammar missing)")
    if tree.root_node.has_error:
        raise ConfigError(path, "syntax error", treesitter.first_error_line(tree))
    return JsModule(path, tree)


def js_literal(node: Any) -> Any:
    """The Python value of a literal JS expression; NotLiteral when it is computed."""
    kind = node.type
    if kind == "string":
        return treesitter.node_text(node)[1:-1]
    if kind == "template_string" and not any(c.type == "template_substitution" for c in node.children):
        return treesitter.node_text(node)[1:-1]
    if kind == "number":
        text = treesitter.node_text(node).replace("_", "")
        try:
            return int(text, 0)
        except ValueError:
            return float(text)
    if kind in ("true", "false"):
        return kind == "true"
    if kind == "null":
        return None
    if kind == "unary_expression" and treesitter.node_text(node).startswith("-"):
        return -js_literal(node.named_children[0])
    if kind == "parenthesized_expression":
        return js_literal(node.named_children[0])
    if kind == "array":
        return [js_literal(c) for c in node.named_children if c.type != "comment"]
    if kind == "object":
        out = {}
        for child in node.named_children:
            if child.type == "comment":
                continue
            if child.type != "pair":
                raise NotLiteral(treesitter.node_text(child))
            out[property_name(child)] = js_literal(child.child_by_field_name("value"))
        return out
    raise NotLiteral(treesitter.node_text(node))


def property_name(pair: Any) -> str:
    key = pair.child_by_field_name("key")
    if key is None:
        raise NotLiteral(treesitter.node_text(pair))
    if key.type == "string":
        return treesitter.node_text(key)[1:-1]
    if key.type in ("property_identifier", "number"):
        return treesitter.node_text(key)
    raise NotLiteral(treesitter.node_text(key))


def object_keys(obj: Any) -> set[str]:
    keys = set()
    for child in obj.named_children:
        if child.type == "pair":
            try:
                keys.add(property_name(child))
            except NotLiteral:
                continue
    return keys


def imported_modules(module: JsModule) -> list[str]:
    """Module specifiers the config imports or requires, in source order."""
    out = []
    for node in treesitter.walk(module.root):
        if node.type == "import_statement":
            source = node.child_by_field_name("source")
            if source is not None:
                out.append(treesitter.node_text(source)[1:-1])
        elif node.type == "call_expression":
            callee = node.child_by_field_name("function")
            args = node.child_by_field_name("arguments")
            if callee is not None and callee.text in (b"require", b"import") and args is not None:
                first = args.named_children[0] if args.named_children else None
                if first is not None and first.type == "string":
                    out.append(treesitter.node_text(first)[1:-1])
    return out
