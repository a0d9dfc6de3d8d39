"""Proofs for our own rules (:mod:`standards.rules`): each convention a rule enforces at error or
warn is shown to be reported, by the rule's real check function, on a minimal deviating change.

The change never touches the repository: its files are handed to the check through an
in-memory view of the repository (the analysis context with the fixture's files added, or one
file's text replaced); a change-scoped rule gets the change as the diff it would see on
``--staged``, and the commit-message rule gets the change's commit messages as on ``--diff``.
The deviation comes from the rule's own documentation where that is code (``RuleDoc.example``)
or from the convention's own example, else is generated for this repository's configuration:

* ``py-module-logger``: the rule's documented example, in a library file beside the example;
* ``py-test-file-name``: a test module named with the other pattern, beside the example;
* ``thin-controller``: the example handler (Python, Ruby, JavaScript) grown one statement past
  the limit; for the service layer, an example handler calling the ORM itself
  (:mod:`standards.proof.own_web`);
* ``layering``: a lower layer's file importing the upper layer an example imports it from;
* ``hot-column-index``: the example foreign key or hot column declared without its index in a
  new table of the project's dialect (SQLAlchemy, Flask-SQLAlchemy, Django, Alembic, Rails
  migration, knex), and looked up (:mod:`standards.proof.own_schema`);
* ``tests-with-changes``: a change to a source file of the strictest area, without tests;
* ``migration-with-model``: a change with a migration and no model, or a model and no migration;
* ``large-change``, ``lockfile-with-manifest``, ``new-code-style``, ``commit-message``: a change
  one line over the limit, a lockfile or a manifest changed alone, the style's old form added
  to an example's file, a commit message that breaks the convention
  (:mod:`standards.proof.own_history`).

Every convention at error or warn that names one of our rules is judged: one with no fixture
here, whose fixture finds nothing to deviate on, or whose rule does not report its deviation at
its level is not proven, with the reason, and is demoted like any unproven convention
("unprovable: layering: did not report it on ..."; see :mod:`standards.proof`).
"""

from __future__ import annotations

import ast
import dataclasses
from typing import Any

from standards import roles
from standards.context import Context
from standards.discovery import Discovery, SourceFile, language_of
from standards.gitutil import DiffInfo
from standards.history import areas
from standards.history.motion import STYLES
from standards.infer import Thresholds
from standards.model import Convention, Level, Standards
from standards.proof import Check, Proof, own_history, own_schema, own_web
from standards.proof.own_fixture import Builder, Fixture, beside
from standards.rules import CheckContext, Rule, get_rule
from standards.rules.commit_message import CONVENTIONS as COMMIT_CONVENTIONS
from standards.webmodel.changes import is_migration, is_model

TOOL = "standards"
NO_ANALYSIS = "no analysis of the repository to run its check on"


def candidates(standards: Standards) -> list[tuple[Convention, str]]:
    """Conventions at error or warn that one of our rules (``standards:<id>``) enforces, each
    with the first such code: every one is judged, and one that cannot be is demoted."""
    out = []
    for conv in standards.conventions.values():
        if conv.level not in (Level.ERROR, Level.WARN):
            continue
        code = next((c for c in conv.enforced_by if c.startswith("standards:")), None)
        if code is not None:
            out.append((conv, code))
    return out


def prove(standards: Standards, env: Any) -> dict[str, Proof]:
    """The proofs of our own rules' conventions (judged, not demoted)."""
    analysis = getattr(env.extra.get("analysis"), "ctx", None) if isinstance(env.extra, dict) else None
    proofs = {}
    for conv, code in candidates(standards):
        rule = get_rule(code)
        if rule is None or conv.id not in rule.conventions:
            why = f"{code}: no such rule" if rule is None else f"{rule.id}: its check does not look at {conv.id}"
            proofs[conv.id] = Proof(conv.id, conv.level.value, [], reason=why, tool=TOOL)
        elif not isinstance(analysis, Context):
            proofs[conv.id] = Proof(conv.id, conv.level.value, [], reason=f"{rule.id}: {NO_ANALYSIS}", tool=TOOL)
        else:
            proofs[conv.id] = _prove_one(conv, rule, standards, analysis)
    return proofs


def _prove_one(conv: Convention, rule: Rule, standards: Standards, analysis: Context) -> Proof:
    proof = Proof(conv.id, conv.level.value, [], tool=TOOL)
    builder = BUILDERS.get(conv.id)
    try:
        built = builder(rule, conv, standards, analysis) if builder is not None else None
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        built = f"the deviation could not be built ({type(exc).__name__}: {exc})"
    if built is None:
        proof.reason = f"{rule.id}: no minimal deviation is built for {conv.id}"
        return proof
    if isinstance(built, str):
        proof.reason = f"{rule.id}: {built}"
        return proof
    check = Check(rule.qualified, built.description, ", ".join(built.paths) or "(commit message)", (rule.qualified,))
    proof.checks.append(check)
    ctx = CheckContext(
        root=analysis.root,
        standards=standards,
        paths=built.paths,
        analysis=overlay(analysis, built.files),
        diff=built.diff,
        mode=built.mode,
        messages=built.messages,
    )
    try:
        findings = [f for f in rule.check(ctx) if f.rule == rule.qualified and f.anchor == conv.anchor]
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
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
        known[path] = SourceFile(path, language_of(path) or "other", len(text.encode("utf-8")))
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


def _module_logger(rule: Rule, conv: Convention, standards: Standards, analysis: Context) -> Fixture | str:
    path = beside(conv, "standards_proof_logging.py", roles.is_library) or "standards_proof_logging.py"
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
    path = beside(conv, name, roles.is_test) or f"tests/{name}"
    return Fixture({path: "def test_total():\n    assert 1 + 1 == 2\n"}, [path], f"a test module named {path}")


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


# convention id -> the fixture of its minimal deviation; a convention of our rules that has
# none is not proven (and is demoted)
BUILDERS: dict[str, Builder] = {
    "py.logging.module_logger": _module_logger,
    "py.tests.file_pattern": _test_file_name,
    "web.handlers.thin": own_web.grown_handler,
    "web.handlers.service_layer": own_web.direct_orm,
    "web.layers": own_web.upward_import,
    "web.schema.fk_indexed": own_schema.unindexed_fk,
    "web.schema.hot_columns": own_schema.unindexed_hot,
    "git.cochange.tests": _tests_with_changes,
    "change.migration_with_model": _migration_with_model,
    "change.model_with_migration": _migration_with_model,
    "change.size": own_history.large_change,
    "change.lockfile_with_manifest": own_history.lockfile_alone,
    "change.manifest_with_lockfile": own_history.manifest_alone,
    **dict.fromkeys(COMMIT_CONVENTIONS, own_history.commit_message),
    **{style.convention: own_history.old_style_line for style in STYLES},
}
