"""Import edges between files of the repository, for Python and JavaScript/TypeScript.

Only imports that resolve to a file of the repository become edges; third-party
imports are dropped. Python modules are found by every dotted suffix of their path, so
``from dcim.models import Device`` resolves in a repo that keeps its code under ``netbox/``.
"""

from __future__ import annotations

import ast
import posixpath
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from standards import treesitter
from standards.context import Context
from standards.webmodel._pyast import Parsed
from standards.webmodel.model import Import

JS_EXTENSIONS = (".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx")


@dataclass
class ModuleIndex:
    """Dotted module names (every suffix of the path) → repo files."""

    by_name: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, paths: list[str]) -> ModuleIndex:
        index = cls()
        for path in paths:
            parts = list(PurePosixPath(path).with_suffix("").parts)
            if parts and parts[-1] == "__init__":
                parts.pop()
            for i in range(len(parts)):
                index.by_name.setdefault(".".join(parts[i:]), []).append(path)
        return index

    def resolve(self, module: str, near: str) -> str | None:
        """The file for ``module``; among several, the one closest to ``near``."""
        found = self.by_name.get(module)
        if not found:
            return None
        if len(found) == 1:
            return found[0]
        return max(found, key=lambda p: (len(posixpath.commonprefix([p, near])), -len(p)))


def python_bindings(mod: Parsed, index: ModuleIndex) -> dict[str, str]:
    """Local names bound by imports → the repo file they come from."""
    out: dict[str, str] = {}
    for edge, local in _python_edges(mod, index):
        if local:
            out.setdefault(local, edge.target)
    return out


def python_imports(mod: Parsed, index: ModuleIndex) -> list[Import]:
    return [edge for edge, _ in _python_edges(mod, index)]


def _python_edges(mod: Parsed, index: ModuleIndex) -> list[tuple[Import, str]]:
    out: list[tuple[Import, str]] = []
    package = _package_of(mod.path)
    for node in mod.imports:
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = index.resolve(alias.name, mod.path)
                if target and target != mod.path:
                    local = alias.asname or alias.name.split(".")[0]
                    out.append(
                        (
                            Import(mod.path, node.lineno, target, alias.name),
                            local if alias.asname else "",
                        )
                    )
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module or "", node.level, package)
            if base is None:
                continue
            for alias in node.names:
                local = alias.asname or alias.name
                target = index.resolve(f"{base}.{alias.name}" if base else alias.name, mod.path)
                if target is None and base:
                    target = index.resolve(base, mod.path)
                if target and target != mod.path:
                    out.append(
                        (
                            Import(mod.path, node.lineno, target, base or alias.name),
                            local,
                        )
                    )
    return out


def _package_of(path: str) -> list[str]:
    return list(PurePosixPath(path).parts[:-1])


def _absolute(module: str, level: int, package: list[str]) -> str | None:
    if level == 0:
        return module
    if level - 1 > len(package):
        return None
    base = package[: len(package) - (level - 1)]
    return ".".join([*base, *([module] if module else [])])


# -- JavaScript / TypeScript --------------------------------------------------------------


def js_specifiers(tree: Any) -> list[tuple[int, str, str]]:
    """(line, specifier, local name) for ``require('x')`` and ``import ... from 'x'``."""
    out: list[tuple[int, str, str]] = []
    for node in treesitter.walk(tree.root_node):
        if node.type == "import_statement":
            source = node.child_by_field_name("source")
            if source is not None:
                local = ""
                for sub in treesitter.walk(node):
                    if sub.type == "identifier":
                        local = treesitter.node_text(sub)
                        break
                out.append((node.start_point[0] + 1, _unquote(source), local))
        elif node.type == "call_expression":
            fn = node.child_by_field_name("function")
            args = node.child_by_field_name("arguments")
            if fn is None or args is None or treesitter.node_text(fn) != "require":
                continue
            strings = [c for c in args.named_children if c.type == "string"]
            if strings:
                out.append(
                    (
                        node.start_point[0] + 1,
                        _unquote(strings[0]),
                        _declared_name(node),
                    )
                )
    return out


def _declared_name(call: Any) -> str:
    parent = call.parent
    while parent is not None and parent.type in (
        "member_expression",
        "await_expression",
    ):
        parent = parent.parent
    if parent is not None and parent.type == "variable_declarator":
        name = parent.child_by_field_name("name")
        if name is not None and name.type == "identifier":
            return treesitter.node_text(name)
    return ""


def _unquote(node: Any) -> str:
    return treesitter.node_text(node).strip("'\"`")


def resolve_js(path: str, specifier: str, files: set[str]) -> str | None:
    if not specifier.startswith("."):
        return None
    base = posixpath.normpath(posixpath.join(posixpath.dirname(path), specifier))
    candidates = [
        base,
        *(base + ext for ext in JS_EXTENSIONS),
        *(f"{base}/index{ext}" for ext in JS_EXTENSIONS),
    ]
    return next((c for c in candidates if c in files), None)


def js_bindings(path: str, tree: Any, files: set[str]) -> tuple[list[Import], dict[str, str]]:
    """Import edges of one JS/TS file, and local name → imported repo file."""
    edges: list[Import] = []
    bound: dict[str, str] = {}
    for line, spec, local in js_specifiers(tree):
        target = resolve_js(path, spec, files)
        if target and target != path:
            edges.append(Import(path, line, target, spec))
            if local:
                bound.setdefault(local, target)
    return edges, bound


def all_imports(ctx: Context, parsed: dict[str, Parsed], index: ModuleIndex, only: set[str]) -> list[Import]:
    """Import edges out of the files in ``only`` (the files that belong to a layer)."""
    edges: list[Import] = []
    for path, mod in parsed.items():
        if path in only:
            edges.extend(python_imports(mod, index))
    files = {f.path for f in ctx.files("javascript", "typescript")}
    for f in ctx.files("javascript", "typescript"):
        tree = ctx.tree(f.path, f.language) if f.path in only else None
        if tree is not None:
            edges.extend(js_bindings(f.path, tree, files)[0])
    return edges
