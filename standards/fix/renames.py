"""Rename a definition that breaks the naming convention, with its uses (a libcst codemod).

ruff reports N802 (function), N803 (argument), N806 (variable in a function) and N815
(mixedCase in a class body) but cannot fix them: a rename must follow the name to every use.
Here each reported definition is found by its line, and libcst's scope analysis gives the
binding's own accesses, so a local ``total`` elsewhere is never touched. The rename reaches:

* in the defining file, every access of the binding; for a method, ``self.name``/``cls.name``
  in its class; for an argument, ``name=`` keywords in calls of its function;
* in the other files being fixed, ``from <module> import name`` (and the uses of what it
  binds) and ``<module>.name`` where ``<module>`` was imported as a module.

What it cannot see is said, not guessed: uses in files outside the set (found by word), and
``obj.name`` attribute uses whose object's type is unknown. A rename whose new name is
already bound in the same scope is skipped and said why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst import matchers as m
from libcst.metadata import Assignment, MetadataWrapper, PositionProvider, ScopeProvider

from standards.check.renames import snake_case

CODES = ("N802", "N803", "N806", "N815")


@dataclass(frozen=True)
class Target:
    """One reported name: where it is defined and what it becomes."""

    path: str
    line: int
    code: str
    old: str
    new: str


@dataclass
class Result:
    texts: dict[str, str] = field(default_factory=dict)  # path -> new text (only changed files)
    renamed: list[str] = field(default_factory=list)  # "getTotal → get_total (3 uses in 2 files)"
    skipped: list[str] = field(default_factory=list)  # what was not renamed and why
    unseen: list[str] = field(default_factory=list)  # uses it could not rename


def target_for(path: str, line: int, code: str, message: str) -> Target | None:
    """The rename a naming diagnostic asks for (the name is quoted in ruff's message)."""
    quoted = re.findall(r"`([^`]+)`", message)
    if code not in CODES or not quoted:
        return None
    old = quoted[0]
    new = snake_case(old)
    return Target(path, line, code, old, new) if new != old and new.isidentifier() else None


def rename(texts: dict[str, str], targets: Sequence[Target], others: dict[str, str]) -> Result:
    """Apply ``targets`` to the files in ``texts`` (path -> source); ``others`` are the
    repository's other Python files, searched (not changed) for uses it could not rename."""
    result = Result()
    current = dict(texts)
    for target in sorted(targets, key=lambda t: (t.path, -t.line)):
        source = current.get(target.path)
        if source is None:
            continue
        try:
            done = _rename_one(current, target)
        except cst.ParserSyntaxError:
            result.skipped.append(f"{target.path}: does not parse; `{target.old}` not renamed")
            continue
        except (RecursionError, ValueError, TypeError, AttributeError) as exc:  # libcst on odd code: say it, go on
            result.skipped.append(f"{target.path}:{target.line}: `{target.old}` not renamed ({type(exc).__name__})")
            continue
        if isinstance(done, str):
            result.skipped.append(f"{target.path}:{target.line}: `{target.old}` not renamed: {done}")
            continue
        changed, uses = done
        for path, text in changed.items():
            current[path] = text
        files = len(changed)
        result.renamed.append(
            f"{target.path}:{target.line}: `{target.old}` → `{target.new}` "
            f"({uses} use{'s' if uses != 1 else ''} in {files} file{'s' if files != 1 else ''})"
        )
        result.unseen += _unseen(target, others)
    result.texts = {p: t for p, t in current.items() if t != texts.get(p)}
    return result


def _rename_one(texts: dict[str, str], target: Target) -> tuple[dict[str, str], int] | str:
    wrapper = MetadataWrapper(cst.parse_module(texts[target.path]))
    scopes = wrapper.resolve(ScopeProvider)
    positions = wrapper.resolve(PositionProvider)
    binding = _binding_at(scopes, positions, target)
    if binding is None:
        return "its definition was not found at that line"
    scope = binding.scope
    taken = any(isinstance(a.node, cst.Name) and a.node.value == target.new for a in scope.accesses)
    if target.new in scope.assignments or taken:
        return f"`{target.new}` is already used in that scope"
    definition = _name_node(binding.node, target.old)
    nodes: set[cst.CSTNode] = {definition} if definition is not None else set()
    nodes |= {access.node for access in binding.references if isinstance(access.node, cst.Name)}
    extra = _attribute_uses(wrapper.module, binding, target) if target.code in ("N802", "N815") else set()
    keywords = _keyword_uses(wrapper.module, binding, target, scopes) if target.code == "N803" else set()
    renamed = wrapper.module.visit(_Renamer(nodes | extra | keywords, target.new))
    changed = {target.path: renamed.code}
    uses = len(nodes | extra | keywords)
    if target.code == "N802" and _is_module_level(binding):
        for path, text in texts.items():
            if path == target.path:
                continue
            other = _rename_imports(text, _module_names(target.path), target)
            if other is not None:
                changed[path], count = other
                uses += count
    return changed, uses


def _binding_at(scopes: dict, positions: dict, target: Target) -> Assignment | None:
    for scope in set(scopes.values()):
        if scope is None or target.old not in scope.assignments:
            continue
        for assignment in scope.assignments[target.old]:
            if not isinstance(assignment, Assignment):
                continue
            node = _name_node(assignment.node, target.old)
            if node is not None and positions[node].start.line == target.line:
                return assignment
            if positions[assignment.node].start.line == target.line:
                return assignment
    return None


def _name_node(node: cst.CSTNode, name: str) -> cst.Name | None:
    if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
        return node.name
    if isinstance(node, cst.Param):
        return node.name
    if isinstance(node, cst.Name) and node.value == name:
        return node
    return None


def _is_module_level(binding: Assignment) -> bool:
    return type(binding.scope).__name__ == "GlobalScope"


def _attribute_uses(module: cst.Module, binding: Assignment, target: Target) -> set[cst.CSTNode]:
    """``self.old``/``cls.old`` inside the class that defines the method or attribute."""
    if type(binding.scope).__name__ != "ClassScope":
        return set()
    class_node = binding.scope.node
    found: set[cst.CSTNode] = set()
    pattern = m.Attribute(value=m.Name("self") | m.Name("cls"), attr=m.Name(target.old))
    for node in m.findall(class_node, pattern):
        if isinstance(node, cst.Attribute):
            found.add(node.attr)
    return found


def _keyword_uses(module: cst.Module, binding: Assignment, target: Target, scopes: dict) -> set[cst.CSTNode]:
    """``old=`` keywords in calls of the function whose argument is renamed."""
    function = binding.scope.node if type(binding.scope).__name__ == "FunctionScope" else None
    if not isinstance(function, cst.FunctionDef):
        return set()
    callee = function.name.value
    found: set[cst.CSTNode] = set()
    for call in m.findall(module, m.Call(func=m.Name(callee) | m.Attribute(attr=m.Name(callee)))):
        if isinstance(call, cst.Call):
            for arg in call.args:
                if arg.keyword is not None and arg.keyword.value == target.old:
                    found.add(arg.keyword)
    return found


def _module_names(path: str) -> set[str]:
    """The dotted names a file may be imported by: every suffix of its path (``src/pkg/m.py``
    → ``pkg.m``, ``m``...), since the project's source roots are not known here."""
    parts = path.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return {".".join(parts[i:]) for i in range(len(parts)) if parts[i:]}


def _rename_imports(text: str, modules: set[str], target: Target) -> tuple[str, int] | None:
    try:
        wrapper = MetadataWrapper(cst.parse_module(text))
    except cst.ParserSyntaxError:
        return None
    scopes = wrapper.resolve(ScopeProvider)
    nodes = _from_imports(wrapper.module, scopes, modules, target.old)
    module_aliases = _module_aliases(wrapper.module, modules)
    for node in m.findall(wrapper.module, m.Attribute(attr=m.Name(target.old))):
        if isinstance(node, cst.Attribute) and _dotted(node.value) in module_aliases:
            nodes.add(node.attr)
    if not nodes:
        return None
    return wrapper.module.visit(_Renamer(nodes, target.new)).code, len(nodes)


def _from_imports(module: cst.Module, scopes: dict, modules: set[str], old: str) -> set[cst.CSTNode]:
    """``old`` in ``from <module> import old`` and, when not aliased, its uses in the file."""
    nodes: set[cst.CSTNode] = set()
    for node in m.findall(module, m.ImportFrom()):
        if not isinstance(node, cst.ImportFrom) or node.module is None or isinstance(node.names, cst.ImportStar):
            continue
        if _dotted(node.module) not in modules:
            continue
        for alias in node.names:
            if isinstance(alias.name, cst.Name) and alias.name.value == old:
                nodes.add(alias.name)
                if alias.asname is None:
                    nodes |= _uses_of_global(scopes, module, old)
    return nodes


def _module_aliases(module: cst.Module, modules: set[str]) -> set[str]:
    """The names the defining module is bound to by ``import <module> [as x]``."""
    aliases: set[str] = set()
    for node in m.findall(module, m.Import()):
        if not isinstance(node, cst.Import):
            continue
        for alias in node.names:
            if _dotted(alias.name) in modules:
                bound = alias.asname.name if alias.asname is not None else alias.name
                if isinstance(bound, (cst.Name, cst.Attribute)):
                    aliases.add(_dotted(bound))
    return aliases


def _uses_of_global(scopes: dict, module: cst.Module, name: str) -> set[cst.CSTNode]:
    scope = scopes.get(module)
    found: set[cst.CSTNode] = set()
    if scope is None or name not in scope.assignments:
        return found
    for assignment in scope.assignments[name]:
        for access in assignment.references:
            if isinstance(access.node, cst.Name):
                found.add(access.node)
    return found


def _dotted(node: cst.BaseExpression | cst.Name | cst.Attribute) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr.value}" if head else ""
    return ""


def _unseen(target: Target, others: dict[str, str]) -> list[str]:
    """Uses of the old name, by word, in files the fix did not touch."""
    word = re.compile(rf"\b{re.escape(target.old)}\b")
    found = []
    for path, text in sorted(others.items()):
        for number, line in enumerate(text.split("\n"), start=1):
            if word.search(line):
                found.append(f"{path}:{number}: `{target.old}` (not among the files fixed; rename it there too)")
                break
    return found


class _Renamer(cst.CSTTransformer):
    def __init__(self, nodes: set[cst.CSTNode], new: str) -> None:
        super().__init__()
        self.nodes = nodes
        self.new = new

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:  # noqa: N802 - libcst's visitor API
        return updated_node.with_changes(value=self.new) if original_node in self.nodes else updated_node
