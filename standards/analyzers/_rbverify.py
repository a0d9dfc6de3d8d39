"""RuboCop's own word on the styles the ``rb_*`` analyzers chose, on a fixed sample.

The styles are counted with tree-sitter over every file (fast); then RuboCop runs once on an
announced sample (:data:`SAMPLE` files chosen by :func:`standards.sampling.sample`, the same
on every run) with every chosen style, several cops in one run. For each cop the files where
RuboCop reports an offense are compared with the files where the count found a construct that
breaks the chosen style. When RuboCop finds offenses in more files than the count did, the
count overstated how well the code keeps the style: the convention is held at ``warn`` and
the note says so. Either way the note gives both figures.

RuboCop is our own pinned install, run from a private temporary directory with a
configuration written there (``AllCops: DisabledByDefault``, the chosen cops only); the
repository's configuration is never loaded, its files are passed by absolute path.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from standards import procutil, toolchain
from standards.analyzers._rbindex import NOT_MAINTAINED, rb_files, rubocop_config
from standards.analyzers._rbstyle import measured
from standards.analyzers._style import per_context
from standards.context import Context
from standards.emitters import rubocop as emitter
from standards.linter_config.rubocop import known_target
from standards.model import Level, Observation
from standards.sampling import sample

SAMPLE = 60
TIMEOUT = 300
MARK = "RuboCop on the sample"
FAMILIES = (
    "rb_blocks",
    "rb_brace_spacing",
    "rb_documentation",
    "rb_dot_position",
    "rb_empty_else",
    "rb_format_string",
    "rb_frozen_string_literal",
    "rb_hash_syntax",
    "rb_raise_args",
    "rb_redundant_return",
    "rb_string_literals",
    "rb_trailing_commas",
)
EXTRA_FILES = 2  # files RuboCop may flag beyond the count before the count is doubted


@dataclass(frozen=True)
class Verdict:
    cop: str
    sampled: int  # sample files in the cop's scope
    rubocop_files: int  # of them, files with a RuboCop offense for the cop
    counted_files: int  # of them, files where the count found a construct breaking the style
    missed: int  # files RuboCop flags that the count did not

    @property
    def agrees(self) -> bool:
        return self.missed <= max(EXTRA_FILES, self.sampled // 20)

    def note(self) -> str:
        said = (
            f"{MARK} ({self.sampled} files): offenses in {self.rubocop_files}, the count expected {self.counted_files}"
        )
        return said if self.agrees else f"{said}; RuboCop flags {self.missed} more: held at warn"


def analyzed(ctx: Context, name: str) -> list[Observation]:
    """The observations of family module ``name``, with RuboCop's verdict on the sample."""
    verdicts = per_context(ctx, "rbverify.verdicts", _verify)
    found = _observed(ctx, name)
    for obs in found:
        _apply(obs, verdicts)
    return found


def _observed(ctx: Context, name: str) -> list[Observation]:
    module = importlib.import_module(f"standards.analyzers.{name}")
    return per_context(ctx, f"rbverify.observed.{name}", lambda c: list(module.observe(c)))


def _apply(obs: Observation, verdicts: dict[str, Verdict | str]) -> None:
    if MARK in obs.note or "not verified by RuboCop" in obs.note:
        return
    verdict = verdicts.get(obs.id)
    if verdict is None:
        return
    if isinstance(verdict, str):
        obs.note = f"{obs.note}; not verified by RuboCop: {verdict}" if obs.note else verdict
        return
    obs.note = f"{obs.note}; {verdict.note()}" if obs.note else verdict.note()
    if not verdict.agrees and (obs.max_level is None or obs.max_level.rank < Level.WARN.rank):
        obs.max_level = Level.WARN


def _verify(ctx: Context) -> dict[str, Verdict | str]:
    found = {o.id: o for name in FAMILIES for o in _observed(ctx, name)}
    records = {oid: rec for oid, rec in measured(ctx).items() if oid in found}
    if not records:
        return {}
    exe = toolchain.find_rubocop(ctx.root)
    if exe is None:
        return dict.fromkeys(records, "RuboCop is not installed")
    paths = sample(
        sorted(f.path for f in rb_files(ctx) if not any(p.fullmatch(f.path) for p in NOT_MAINTAINED)), SAMPLE
    )
    config = _config(ctx, [found[oid] for oid in records])
    try:
        offenses = _run(str(exe), ctx, config, sorted({r.cop for r in records.values()}), paths)
    except (procutil.ProcessFailed, ValueError) as exc:
        return dict.fromkeys(records, f"RuboCop did not run ({exc})")
    chosen = set(paths)
    out: dict[str, Verdict | str] = {}
    for oid, rec in records.items():
        in_scope = chosen & rec.scope
        flagged = offenses.get(rec.cop, set()) & in_scope
        counted = rec.broken & in_scope
        out[oid] = Verdict(rec.cop, len(in_scope), len(flagged), len(counted), len(flagged - counted))
    return out


def _config(ctx: Context, observations: list[Observation]) -> str:
    cops: dict[str, Any] = {"AllCops": {"DisabledByDefault": True, "NewCops": "disable", "SuggestExtensions": False}}
    target = _target_ruby(ctx)
    if target:
        cops["AllCops"]["TargetRubyVersion"] = target
    for obs in observations:
        for cop, params in dict(obs.params.get("rubocop", {})).items():
            cops.setdefault(cop, {"Enabled": True}).update(dict(params or {}))
    return emitter.dump(cops)


def _target_ruby(ctx: Context) -> Any:
    all_cops = rubocop_config(ctx).get("AllCops")
    value = all_cops.get("TargetRubyVersion") if isinstance(all_cops, dict) else None
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    return known_target(value) or value  # one newer than our RuboCop knows is checked as its newest


def _run(exe: str, ctx: Context, config: str, cops: list[str], paths: list[str]) -> dict[str, set[str]]:
    """Files with an offense per cop, from one RuboCop run over ``paths`` (its result cache
    in the private directory too, so nothing outside it is written or read)."""
    root = ctx.root.resolve()
    with procutil.scratch_dir() as private:
        (private / "rubocop.yml").write_text(config, encoding="utf-8")
        argv = [exe, "--config", str(private / "rubocop.yml"), "--format", "json"]
        argv += ["--cache-root", str(private / "cache"), "--only", ",".join(cops), "--parallel"]
        done = procutil.run([*argv, "--", *[str(root / p) for p in paths]], cwd=private, timeout=TIMEOUT)
        if done.returncode not in (0, 1):
            said = (done.err or done.out).strip().splitlines()
            raise ValueError(f"exit {done.returncode}: {said[0] if said else 'no output'}")
        report = json.loads(done.out or "{}")
        out: dict[str, set[str]] = {}
        for result in report.get("files", []):
            rel = _relative(private, root, str(result.get("path", "")))
            for offense in result.get("offenses", []):
                out.setdefault(str(offense.get("cop_name", "")), set()).add(rel)
    return out


def _relative(cwd: Path, root: Path, reported: str) -> str:
    """A path as RuboCop reports it (relative to its working directory, or absolute), relative
    to the repository."""
    try:
        return (cwd / reported).resolve().relative_to(root).as_posix()
    except (ValueError, OSError):
        return reported
