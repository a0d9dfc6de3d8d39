"""The RuboCop configuration `standards check` runs: our cops from ``standards.toml`` beneath the
project's own settings for them.

For each cop an enforced convention names: the project's ``Enabled: false`` (on the cop, or on
its department without the cop re-enabled) leaves it out of the run; otherwise our parameters
are the base and the project's parameters, ``Exclude`` and ``Include`` override them.
``AllCops`` carries the project's ``Exclude``, ``Include`` and ``TargetRubyVersion``. Cop names
must look like ``Department/Name`` and no other top-level key is written, so ``standards.toml``
cannot smuggle ``require:`` in either; strings with ERB are dropped from our layer as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from standards.emitters import rubocop as emitter
from standards.linter_config import yaml_data
from standards.linter_config.rubocop_project import ProjectRubocop, absolute_pattern
from standards.model import Level, Standards

ENFORCED = (Level.ERROR, Level.WARN)
COP_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*(/[A-Z][A-Za-z0-9]*)+$")
ALL_COPS_KEYS = ("Exclude", "Include", "TargetRubyVersion")
HEADER = "# Built by `standards check` for one run: standards.toml beneath the project's configuration.\n"


@dataclass
class RubocopRun:
    """What one check runs: the config text, the cops (``--only``) and where the project set them."""

    text: str
    cops: list[str]
    configured: dict[str, str] = field(default_factory=dict)  # cop -> "file:line" of the project's setting
    disabled: dict[str, str] = field(default_factory=dict)  # cop -> "file:line" that disables it
    notes: list[str] = field(default_factory=list)


def wanted_cops(standards: Standards) -> list[str]:
    """The cops our enforced conventions name, sorted; malformed names are skipped."""
    found = {
        code.split(":", 1)[1]
        for conv in standards.conventions.values()
        if conv.level in ENFORCED
        for code in conv.enforced_by
        if isinstance(code, str) and code.startswith("rubocop:")
    }
    return sorted(cop for cop in found if COP_NAME.match(cop))


def build(root: Path, standards: Standards, project: ProjectRubocop | None) -> RubocopRun:
    project = project or ProjectRubocop()
    ours, _ = emitter.cop_settings(emitter.enforced(standards), None)
    notes: list[str] = []
    config: dict[str, Any] = {"AllCops": _all_cops(project)}
    run = RubocopRun(text="", cops=[], notes=notes)
    for cop in sorted(set(wanted_cops(standards)) | {c for c in ours if COP_NAME.match(c)}):
        department = cop.split("/", 1)[0]
        theirs, dept = project.setting(cop), project.setting(department)
        off = _disabled_by(cop, theirs, dept, project)
        if off is not None:
            run.disabled[cop] = off
            continue
        settings = _our_settings(root, cop, ours.get(cop, {}), notes)
        settings.update({k: v for k, v in theirs.items() if k != "Enabled"})
        settings["Enabled"] = True
        config[cop] = settings
        department_paths = {k: v for k, v in dept.items() if k in ("Exclude", "Include")}
        if department_paths:
            config[department] = department_paths
        if theirs:
            run.configured[cop] = project.sources.get(cop, "")
        elif department_paths:
            run.configured[cop] = project.sources.get(department, "")
        run.cops.append(cop)
    run.text = HEADER + emitter.dump(config)
    return run


def _all_cops(project: ProjectRubocop) -> dict[str, Any]:
    theirs = project.setting("AllCops")
    out: dict[str, Any] = {key: theirs[key] for key in ALL_COPS_KEYS if key in theirs}
    out["SuggestExtensions"] = False
    return out


def _disabled_by(cop: str, theirs: dict[str, Any], dept: dict[str, Any], project: ProjectRubocop) -> str | None:
    """Where the project turns ``cop`` off, or None when it stays on."""
    enabled = theirs.get("Enabled")
    if enabled is True:
        return None
    if enabled is False or enabled == "disabled":
        return project.sources.get(cop, "")
    if enabled == "pending" and project.setting("AllCops").get("NewCops") != "enable":
        return project.sources.get(cop, "")
    if dept.get("Enabled") is False:
        return project.sources.get(cop.split("/", 1)[0], "")
    return None


def _our_settings(root: Path, cop: str, settings: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    dropped: list[str] = []
    clean = yaml_data.clean(dict(settings), "standards.toml", f"standards.toml: {cop}", dropped)
    notes.extend(f"rubocop: {what}; left out" for what in dropped)
    out = dict(clean) if isinstance(clean, dict) else {}
    for key in ("Exclude", "Include"):
        if isinstance(out.get(key), list):
            out[key] = [absolute_pattern(root.resolve(), p) for p in out[key] if isinstance(p, str)]
    return out
