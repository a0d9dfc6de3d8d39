"""Proven before enforced: at `init`/`update`, every convention that would get a level
(error or warn) is shown to work before it keeps that level. This module proves those of
ruff codes; the ESLint and RuboCop conventions are proven the same way by
:mod:`standards.proof.eslint_rules` and :mod:`standards.proof.rubocop_rules` (one run of each
linter for all their deviations, beside the ruff runs), and the conventions of our own rules by
:mod:`standards.proof.own_rules` (the rule's check on a fixture, in memory). All of them are
judged, demoted and recorded alike, as follows for ruff.

For each of its codes a minimal deviation is built (:mod:`standards.proof.deviations`; the
convention's own ``dont`` is tried too) and run through the check the hook runs: ruff with the
settings this run would write (validated in place, see :mod:`standards.proof.ruff_project`),
warn-level codes added on the command line as `standards check` adds them, the code read from
stdin under a file name inside the repository (the first example's path, so the project's
``per-file-ignores`` and ``exclude`` apply). The deviations share one ruff run per file name;
those that judge a whole module, and any that fails in company, run alone.

A convention is proven when every one of its codes the installed ruff runs reports its
deviation, at the convention's level. Codes we have no deviation for do not count against
it when another code is proven. An unproven convention is demoted, with a machine reason in
its note ("unprovable: E111 needs ruff preview, ..."), which the playbook prints:

* when the project's own ruff configuration switches the code off, to ``info``: the project
  decided, and `standards` does not check it at all;
* otherwise one step: ``error`` → ``warn`` (still expected, no longer called enforced),
  ``warn`` → ``info``.

Each proof (deviation, file name, codes that fired) is recorded in ``.standards/inferred.json``
under ``"_proofs"``, which `standards explain <id>` shows.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from standards import fsutil, ruff_tool
from standards.check.levels import CodeIndex
from standards.model import Convention, Level, Standards
from standards.proof import deviations, ruff_project, ruff_rules

PROOFS_KEY = "_proofs"
UNPROVABLE = "unprovable: "
DEFAULT_PROBE = "standards_proof.py"
FORMAT = "ruff-format"
PLURAL = {"needs": "need", "is": "are", "was": "were"}
PROJECT_OFF = "switched off by the project's ruff config"
PROJECT_DECIDED = ("switched off by the project's ", "overridden by the project's ")  # ... ruff/ESLint/RuboCop config


@dataclass
class Check:
    """One deviation run through ruff."""

    rule: str  # "ruff:E501", "ruff-format", or "dont" for the convention's own example
    deviation: str
    path: str
    expected: tuple[str, ...]  # selectors of which one must fire
    whole_file: bool = False
    fired: list[str] = field(default_factory=list)
    problem: str = ""  # why it could not even be run

    @property
    def passed(self) -> bool:
        return not self.problem and any(f.startswith(e) for f in self.fired for e in self.expected)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule, "deviation": self.deviation, "path": self.path}
        out["fired"] = sorted({f for f in self.fired if any(f.startswith(e) for e in self.expected)})
        if self.problem:
            out["problem"] = self.problem
        return out


@dataclass
class Proof:
    convention: str
    level: str  # the level it would have had
    checks: list[Check]
    proven: bool = False
    reason: str = ""
    demoted_to: str = ""
    tool: str = "ruff"  # the check that ran the deviations: ruff, eslint, rubocop or standards
    version: str = ""  # its version, when known (ruff's is asked for when recorded)

    def as_json(self) -> dict[str, Any]:
        version = self.version or (ruff_tool.version() or "" if self.tool == "ruff" else "")
        out: dict[str, Any] = {"level": self.level, "proven": self.proven, self.tool: version}
        if self.tool != "ruff":
            out["tool"] = self.tool
        out["checks"] = [c.as_json() for c in self.checks]
        if self.reason:
            out["reason"] = self.reason
        if self.demoted_to:
            out["demoted_to"] = self.demoted_to
        return out


def candidates(standards: Standards) -> list[Convention]:
    """Conventions that would block or warn through ruff."""
    return [
        c
        for c in standards.conventions.values()
        if c.language in ("python", "any")
        and c.level in (Level.ERROR, Level.WARN)
        and any(code.startswith("ruff:") or code == FORMAT for code in c.enforced_by)
    ]


def prove(standards: Standards, plan: fsutil.WritePlan, env: Any) -> dict[str, Proof]:
    """Prove the conventions of ``standards`` that would block or warn: through ruff here,
    through ESLint and RuboCop (:mod:`standards.proof.eslint_rules`,
    :mod:`standards.proof.rubocop_rules`, each one run beside the ruff proofs) and through our
    own rules (:mod:`standards.proof.own_rules`). Demotes those that fail (in place)."""
    from standards.proof import eslint_rules, own_rules, rubocop_rules  # they import this package

    with ThreadPoolExecutor(max_workers=2) as pool:
        linters = [pool.submit(eslint_rules.prove, standards, env), pool.submit(rubocop_rules.prove, standards, env)]
        proofs = _prove_ruff(standards, plan, env)
        for future in linters:
            _merge(proofs, future.result())
    _merge(proofs, own_rules.prove(standards, env))
    for cid, found in proofs.items():
        _demote(standards.conventions[cid], found)
    return proofs


def _merge(proofs: dict[str, Proof], more: dict[str, Proof]) -> None:
    """Add ``more`` to ``proofs``; a convention proven through two checks needs both."""
    for cid, found in more.items():
        first = proofs.get(cid)
        if first is None:
            proofs[cid] = found
            continue
        first.checks += found.checks
        first.reason = "; ".join(r for r in (first.reason, found.reason) if r)
        first.proven = first.proven and found.proven


def _prove_ruff(standards: Standards, plan: fsutil.WritePlan, env: Any) -> dict[str, Proof]:
    """Prove the ruff conventions of ``standards`` (judged, not yet demoted)."""
    from standards.emitters import ruff as ruff_emitter  # the emitter imports this package

    convs = candidates(standards)
    if not convs or not env.has("python") or ruff_tool.ruff_bin() is None:
        return {}
    ruff = ruff_emitter.planned(standards, plan, env)
    rel = ruff.rel if ruff is not None else ruff_emitter.target_file(plan)[0]
    text = ruff.text if ruff is not None else plan.current(rel)
    root = env.root
    with ruff_project.private_config(root, rel, text) as (config, chain):
        preview = chain.preview
        warn_codes = ruff_project.warn_codes(CodeIndex.build(standards).codes("ruff", Level.WARN), chain)
        enabled = ruff_project.show_settings(root, config, warn_codes, name=rel).enabled
        proofs = {c.id: _plan_checks(c, chain, preview) for c in convs}
        _run_all(root, config, warn_codes, [k for p in proofs.values() for k in p.checks if not k.problem])
    index = CodeIndex.build(standards)
    for conv in convs:
        _judge(proofs[conv.id], conv, index, chain, enabled, rel)
    return proofs


def _probe_path(conv: Convention) -> str:
    for example in conv.examples:
        path = example.rsplit(":", 1)[0]
        if path.endswith(".py") and ".." not in path.split("/") and not path.startswith("/"):
            return path
    return DEFAULT_PROBE


def _plan_checks(conv: Convention, chain: ruff_project.Chain, preview: bool) -> Proof:
    path = _probe_path(conv)
    checks: list[Check] = []
    codes = [c.split(":", 1)[1] for c in conv.enforced_by if c.startswith("ruff:")]
    for code in codes:
        problem = ruff_rules.problem(code, preview)
        deviation = deviations.generated(code, chain.value, ruff_project.ignores(chain))
        if problem:
            checks.append(Check(f"ruff:{code}", "", path, (code,), problem=problem))
        elif deviation is not None:
            where = path
            if deviation.module_name:
                where = "/".join([*path.split("/")[:-1], deviation.module_name])
            checks.append(Check(f"ruff:{code}", deviation.text, where, (code,), deviation.whole_file))
    if FORMAT in conv.enforced_by:
        checks.append(Check(FORMAT, "x = [1,2]\n", path, (FORMAT,), whole_file=True))
    dont = deviations.from_dont(conv.dont)
    if dont is not None and codes:
        checks.append(Check("dont", dont, path, tuple(codes)))
    return Proof(conv.id, conv.level.value, checks)


def _run_all(root: Path, config: Path, warn_codes: list[str], checks: list[Check]) -> None:
    """Run the checks: one ruff run per file name for those that can share a module, alone
    for the others and for any that did not pass in company."""
    shared: dict[str, list[Check]] = {}
    alone: list[list[Check]] = []
    for check in checks:
        if check.whole_file:
            alone.append([check])
        else:
            shared.setdefault(check.path, []).append(check)
    batches = list(shared.values()) + alone
    run = _runner(root, config, warn_codes)
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(run, batches))
        retry = [[c] for batch in shared.values() if len(batch) > 1 for c in batch if not c.passed]
        list(pool.map(run, retry))


def _runner(root: Path, config: Path, warn_codes: list[str]) -> Callable[[list[Check]], None]:
    def run(batch: list[Check]) -> None:
        if batch[0].rule == FORMAT:
            _run_format(root, config, batch[0])
            return
        text, spans = _module(batch)
        args = ["check", "--output-format", "json", "--exit-zero", "--no-fix", "--quiet", "--force-exclude"]
        if warn_codes:
            args += ["--extend-select", ",".join(warn_codes)]
        proc = ruff_project.run(root, config, [*args, "--stdin-filename", str(root / batch[0].path), "-"], text)
        try:
            items = json.loads(proc.out or "[]")
        except ValueError:
            items = []
        for check, (start, end) in zip(batch, spans):
            check.fired = [
                str(item.get("code"))
                for item in items
                if item.get("code") and start <= int((item.get("location") or {}).get("row") or 0) <= end
            ]

    return run


def _module(batch: list[Check]) -> tuple[str, list[tuple[int, int]]]:
    """The deviations of ``batch`` as one module, each apart, with the lines each occupies."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    line = 1
    for i, check in enumerate(batch):
        if i:
            parts.append(f"\n\n_standards_probe_{i} = {i}\n\n\n")  # ends an import block, keeps two blank lines
            line += 5
        size = check.deviation.count("\n")
        spans.append((line, line + max(size, 1) - 1))
        parts.append(check.deviation)
        line += size
    return "".join(parts), spans


def _run_format(root: Path, config: Path, check: Check) -> None:
    args = ["format", "--diff", "--force-exclude", "--stdin-filename", str(root / check.path), "-"]
    proc = ruff_project.run(root, config, args, check.deviation)
    check.fired = [FORMAT] if proc.returncode == 1 and proc.out.strip() else []


def _judge(
    proof: Proof,
    conv: Convention,
    index: CodeIndex,
    chain: ruff_project.Chain,
    enabled: frozenset[str],
    rel: str,
) -> None:
    """Proven, or the first reason it is not."""
    codes = [c for c in proof.checks if c.rule != "dont"]
    failed = [c for c in codes if not c.passed]
    for check in codes:
        if check.passed:
            for fired in [f for f in check.fired if any(f.startswith(e) for e in check.expected)]:
                level = index.level(f"ruff:{fired}", conv.level) if fired != FORMAT else conv.level
                if level.rank > conv.level.rank:
                    failed.append(check)
                    check.problem = f"{fired}: reports at level {level.value}, not {conv.level.value}"
                    break
    dont = [c for c in proof.checks if c.rule == "dont"]
    if not codes and not any(c.passed for c in dont):
        proof.reason = "no deviation to test it with"
    elif failed:
        proof.reason = grouped([_why(c, chain, enabled, rel) for c in failed])
    proof.proven = not proof.reason


def grouped(reasons: list[str]) -> str:
    """ "E111: needs ruff preview" twice over, as "E111, E114: need ruff preview"."""
    by_tail: dict[str, list[str]] = {}
    for reason in reasons:
        code, sep, tail = reason.partition(": ")
        key = tail if sep and " " not in code else reason
        by_tail.setdefault(key, []).append(code if sep and " " not in code else "")
    parts = []
    for tail, codes in by_tail.items():
        named = [c for c in dict.fromkeys(codes) if c]
        if len(named) > 1:
            verb, _, rest = tail.partition(" ")
            tail = f"{PLURAL.get(verb, verb)} {rest}"
        parts.append(f"{', '.join(named)}: {tail}" if named else tail)
    return "; ".join(parts)


def _why(check: Check, chain: ruff_project.Chain, enabled: frozenset[str], rel: str) -> str:
    if check.problem:
        return check.problem
    code = check.expected[0]
    if check.rule != FORMAT and not any(e.startswith(code) for e in enabled):
        return f"{code}: {PROJECT_OFF} ({_ignored_in(code, chain) or rel})"
    for layer in chain.layers:
        for key in ("lint.per-file-ignores", "lint.extend-per-file-ignores", "per-file-ignores"):
            table = ruff_project.lookup(layer.table, key)
            if isinstance(table, dict):
                for glob, ignored in table.items():
                    if _matches(check.path, str(glob)) and any(code.startswith(str(i)) for i in ignored or []):
                        return f"{code}: ignored for {check.path} by {key} in {layer.path}"
    return f"{code}: ruff did not report it on a deviation in {check.path}"


def _ignored_in(code: str, chain: ruff_project.Chain) -> str:
    for layer in chain.layers:
        for key in ("lint.ignore", "ignore"):
            ignored = ruff_project.lookup(layer.table, key)
            if isinstance(ignored, list) and any(code.startswith(str(i)) or str(i) == "ALL" for i in ignored):
                return f"{layer.path}, {ruff_project.key_name(layer.path, key)}"
    return ""


def _matches(path: str, glob: str) -> bool:
    return fnmatch(path, glob) or fnmatch(os.path.basename(path), glob)


def _demote(conv: Convention, proof: Proof) -> None:
    if proof.proven:
        return
    project_decided = any(marker in proof.reason for marker in PROJECT_DECIDED)
    level = Level.INFO if project_decided or conv.level is Level.WARN else Level.WARN
    proof.demoted_to = level.value
    conv.level = level
    kept = [part for part in conv.note.split("; ") if part and not part.startswith(UNPROVABLE)]
    conv.note = "; ".join([UNPROVABLE + proof.reason, *kept])


def records(proofs: dict[str, Proof]) -> dict[str, Any]:
    """The proofs as they are kept in ``.standards/inferred.json``."""
    return {cid: p.as_json() for cid, p in sorted(proofs.items())}


def load(root: Path) -> dict[str, Any]:
    """The proofs recorded by the last `init`/`update`."""
    try:
        data = json.loads(fsutil.read_repo_bytes(root, ".standards/inferred.json"))
    except (ValueError, RecursionError, MemoryError, fsutil.StandardsError):
        return {}
    found = data.get(PROOFS_KEY) if isinstance(data, dict) else None
    return found if isinstance(found, dict) else {}
