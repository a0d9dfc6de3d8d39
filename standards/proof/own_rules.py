"""Proofs for our own rules (:mod:`standards.rules`): each convention a rule enforces at error or
warn is shown to be reported, by the rule's real check function, on a minimal deviating change.

The change never touches the repository: its files are handed to the check through an
in-memory view of the repository (the analysis context with the fixture's files added, or one
file's text replaced), and a change-scoped rule gets the change as the diff it would see on
``--staged``. The deviation comes from the rule's own documentation where that is code
(``RuleDoc.example``), else from a fixture built here for this repository's configuration:

* ``py-module-logger``: the rule's documented example, in a library file beside the example;
* ``py-test-file-name``: a test module named with the other pattern, beside the example;
* ``thin-controller``: the example handler (Python) grown one statement past the limit;
* ``tests-with-changes``: a change to a source file of the strictest area, without tests;
* ``migration-with-model``: a change with a migration and no model, or a model and no migration.

A convention with no fixture here (``web.handlers.service_layer``, the schema, layering and
commit-message conventions) is not judged yet: it keeps its level and has no proof record. A
rule that does not report its deviation is not proven, with the reason.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any

from standards import roles
from standards.context import Context
from standards.discovery import Discovery, SourceFile
from standards.gitutil import DiffInfo
from standards.history import areas
from standards.infer import Thresholds
from standards.model import Convention, Level, Standards
from standards.proof import Check, Proof
from standards.rules import CheckContext, Rule, get_rule
from standards.webmodel.changes import is_migration, is_model

TOOL = "standards"


@dataclasses.dataclass
class Fixture:
    """A minimal deviating change: files (path -> text) and, for a change-scoped rule, the diff."""

    files: dict[str, str]
    paths: list[str]
    description: str
    diff: DiffInfo | None = None


Builder = Callable[[Rule, Convention, Standards, Context], "Fixture | str"]  # a Fixture, or why there is none


def candidates(standards: Standards) -> list[tuple[Convention, Rule]]:
    """Conventions at error or warn that one of our rules with a fixture enforces."""
    out = []
    for conv in standards.conventions.values():
        if conv.level not in (Level.ERROR, Level.WARN):
            continue
        for code in conv.enforced_by:
            rule = get_rule(code) if code.startswith("standards:") else None
            if rule is not None and conv.id in BUILDERS and conv.id in rule.conventions:
                out.append((conv, rule))
                break
    return out


def prove(standards: Standards, env: Any) -> dict[str, Proof]:
    """The proofs of our own rules' conventions (judged, not demoted)."""
    analysis = getattr(env.extra.get("analysis"), "ctx", None) if isinstance(env.extra, dict) else None
    if not isinstance(analysis, Context):
        return {}
    proofs = {}
    for conv, rule in candidates(standards):
        proofs[conv.id] = _prove_one(conv, rule, standards, analysis)
    return proofs


def _prove_one(conv: Convention, rule: Rule, standards: Standards, analysis: Context) -> Proof:
    proof = Proof(conv.id, conv.level.value, [], tool=TOOL)
    built = BUILDERS[conv.id](rule, conv, standards, analysis)
    if isinstance(built, str):
        proof.reason = f"{rule.id}: {built}"
        return proof
    check = Check(rule.qualified, built.description, ", ".join(built.paths), (rule.qualified,))
    proof.checks.append(check)
    ctx = CheckContext(
        root=analysis.root,
        standards=standards,
        paths=built.paths,
        analysis=overlay(analysis, built.files),
        diff=built.diff,
        mode="staged" if built.diff is not None else "files",
    )
    try:
        findings = [f for f in rule.check(ctx) if f.rule == rule.qualified and f.anchor == conv.anchor]
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        check.problem = f"{rule.id}: its check failed on the deviation ({type(exc).__name__}: {exc})"
        findings = []
    if findings:
        check.fired = [rule.qualified]
        level = min((f.level for f in findings), key=lambda lv: lv.rank)
        if level.rank > conv.level.rank:
            check.problem = f"{rule.id}: reports at level {level.value}, not {conv.level.value}"
    if not check.passed:
        proof.reason = check.problem or f"{rule.id}: did not report it on {built.description}"
    proof.proven = not proof.reason
    return proof


def overlay(analysis: Context, files: dict[str, str]) -> Context:
    """A view of the repository behind ``analysis`` with ``files`` added (or their text
    replaced), read from memory; nothing is written. What ``analysis`` has parsed of the other
    files is shared (read-only), so a rule that looks at the whole repository parses nothing twice."""
    known = {f.path: f for f in analysis.discovery.files}
    for path, text in files.items():
        language = "python" if path.endswith(".py") else "ruby" if path.endswith(".rb") else "other"
        known[path] = SourceFile(path, language, len(text.encode("utf-8")))
    discovery = Discovery(
        root=analysis.root,
        files=list(known.values()),
        other_files=list(analysis.discovery.other_files),
        in_git=analysis.discovery.in_git,
        contents={path: text.encode("utf-8") for path, text in files.items()},
    )
    kept = {  # the per-file caches (texts, parses), copied without the fixture's files
        f.name: {k: v for k, v in value.items() if _path_of(k) not in files}
        for f in dataclasses.fields(analysis)
        if f.init and f.name.startswith("_") and isinstance(value := getattr(analysis, f.name), dict)
    }
    return dataclasses.replace(
        analysis,
        discovery=discovery,
        frameworks=dict(analysis.frameworks),
        memo={},
        parse_errors={},
        python_parsed=None,
        **kept,
    )


def _path_of(key: Any) -> Any:
    return key[0] if isinstance(key, tuple) and key else key


def _beside(conv: Convention, name: str, want: Callable[[str], bool]) -> str | None:
    """``name`` in the folder of the first example of ``conv`` that ``want`` accepts."""
    for example in conv.examples:
        path = example.rsplit(":", 1)[0]
        if path.endswith(".py") and ".." not in path.split("/") and want(path):
            parent = str(PurePosixPath(path).parent)
            return name if parent == "." else f"{parent}/{name}"
    return None


def _module_logger(rule: Rule, conv: Convention, standards: Standards, analysis: Context) -> Fixture | str:
    path = _beside(conv, "standards_proof_logging.py", roles.is_library) or "standards_proof_logging.py"
    if not roles.is_library(path):
        return f"{path} is not library code here"
    text = rule.doc.example.rstrip("\n") + "\n"
    try:
        ast.parse(text)
    except SyntaxError:
        return "its documented example is not Python"
    return Fixture({path: text}, [path], f"{path} (the rule's documented example)")


def _test_file_name(rule: Rule, conv: Convention, standards: Standards, analysis: Context) -> Fixture | str:
    name = "orders_test.py" if str(conv.value) == "test_*.py" else "test_orders.py"
    path = _beside(conv, name, roles.is_test) or f"tests/{name}"
    return Fixture({path: "def test_total():\n    assert 1 + 1 == 2\n"}, [path], f"a test module named {path}")


def _thin_controller(rule: Rule, conv: Convention, standards: Standards, analysis: Context) -> Fixture | str:
    limit = int(standards.rules.get(rule.id, {}).get("max_statements", conv.params.get("limit", conv.value)))
    for example in conv.examples:
        path, _, line = example.rpartition(":")
        if not path.endswith(".py") or not line.isdigit():
            continue
        text = analysis.text(path)
        fat = _fatter(text or "", int(line), limit + 1)
        if fat is not None:
            return Fixture({path: fat}, [path], f"the handler at {example} with {limit + 1} statements added")
    return "no Python handler among its examples to grow past the limit"


def _fatter(text: str, line: int, extra: int) -> str | None:
    """``text`` with ``extra`` statements added at the start of the function defined at ``line``."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and line in _def_lines(node):
            first = node.body[0]
            lines = text.split("\n")
            indent = " " * first.col_offset
            added = [f"{indent}_standards_proof_{i} = {i}" for i in range(extra)]
            at = first.lineno - 1
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and first.end_lineno:
                at = first.end_lineno  # after the docstring
            return "\n".join([*lines[:at], *added, *lines[at:]])
    return None


def _def_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> range:
    start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    return range(start, node.body[0].lineno)


def _tests_with_changes(rule: Rule, conv: Convention, standards: Standards, analysis: Context) -> Fixture | str:
    from standards.rules.tests_with_changes import DEFAULT_MIN_COMMITS, area_level

    options = standards.rules.get(rule.id, {}) or {}
    min_commits = int(options.get("min_commits", DEFAULT_MIN_COMMITS))
    thresholds = Thresholds.from_settings(standards.settings.get("thresholds", {}))
    stats_by_area = conv.params.get("areas") or {}
    strict = [
        area
        for area, stats in sorted(stats_by_area.items())
        if area not in set(options.get("ignore_areas", []))
        and int(stats.get("commits", 0)) >= min_commits
        and area_level(stats, conv, thresholds) is conv.level
    ]
    for area in strict:
        for source in analysis.discovery.files:
            if areas.is_source(source.path) and areas.area_of(source.path) == area:
                diff = DiffInfo(lines={source.path: {1}}, new_files=set())
                return Fixture({}, [source.path], f"a change to {source.path} without tests", diff)
    return f"no area whose history holds it at level {conv.level.value}"


def _migration_with_model(rule: Rule, conv: Convention, standards: Standards, analysis: Context) -> Fixture | str:
    migration = conv.id.endswith("migration_with_model")
    paths = [f.path for f in analysis.discovery.files] + list(analysis.discovery.other_files)
    for path in paths:
        alone = is_migration(path) and not is_model(path) if migration else is_model(path) and not is_migration(path)
        if alone:
            diff = DiffInfo(lines={path: {1}}, new_files=set())
            what = "a migration" if migration else "a model"
            return Fixture({}, [path], f"a change to {what} alone ({path})", diff)
    return "no migration or model file here to change"


# convention id -> its fixture; the conventions of a rule that have none here are not judged
BUILDERS: dict[str, Builder] = {
    "py.logging.module_logger": _module_logger,
    "py.tests.file_pattern": _test_file_name,
    "web.handlers.thin": _thin_controller,
    "git.cochange.tests": _tests_with_changes,
    "change.migration_with_model": _migration_with_model,
    "change.model_with_migration": _migration_with_model,
}
