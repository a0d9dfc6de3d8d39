"""The RuboCop configuration `standards check` runs: the project's resolved configuration with our
layer from ``standards.toml`` beneath it, flattened into one private file.

Our layer holds the cops our enforced conventions name, ``Enabled: true`` with our parameters;
it is the lowest parent of the project's configuration (:func:`rubocop_project.beneath`), so the
project's settings win for every cop and parameter it sets, a department it disables turns our
cops in it off, and a cop its todo file disables stays off. The flattened file carries the
project's settings for every cop of RuboCop's own departments (so ``rubocop --show-cops`` on it
resolves to the project's values); cops of plugins we do not load (``Rails/``, ``RSpec/``...)
are left out and named. ``AllCops`` keeps the settings that decide which files and which Ruby
are checked; its ``Exclude`` is the one RuboCop applies when run from the repository's root (the
root configuration's, or RuboCop's default ``vendor/`` ``tmp/`` ``node_modules/`` ``.git/``
anchored at the root). Which of our cops run (``--only``) follows RuboCop's own rule for
``Enabled``. Cop names must look like ``Department/Name`` and no other top-level key is
written, so ``standards.toml`` cannot smuggle ``require:`` in either; strings with ERB are
dropped from our layer as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from standards.emitters import rubocop as emitter
from standards.linter_config import yaml_data
from standards.linter_config.rubocop_project import ProjectRubocop, absolute_pattern, beneath
from standards.model import Level, Standards

ENFORCED = (Level.ERROR, Level.WARN)
COP_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*(/[A-Z][A-Za-z0-9]*)+$")
DEPARTMENT = re.compile(r"^[A-Z][A-Za-z0-9]*$")
CORE_DEPARTMENTS = frozenset(
    {"Bundler", "Gemspec", "Layout", "Lint", "Metrics", "Migration", "Naming", "Security", "Style"}
)
ALL_COPS_KEYS = (
    "TargetRubyVersion",
    "NewCops",
    "DisabledByDefault",
    "EnabledByDefault",
    "ActiveSupportExtensionsEnabled",
    "StyleGuideCopsOnly",
)
DEFAULT_EXCLUDE = ("node_modules/**/*", "tmp/**/*", "vendor/**/*", ".git/**/*")  # RuboCop 1.39's AllCops
# RuboCop 1.39's cops whose default Exclude is relative to the directory RuboCop runs in: the
# repository's root when the project runs it, so they are anchored there (we run elsewhere).
DEFAULT_COP_EXCLUDE = {
    "Naming/PredicateName": ("spec/**/*",),
    "Style/Documentation": ("spec/**/*", "test/**/*"),
    "Style/DocumentationMethod": ("spec/**/*", "test/**/*"),
    "Style/NumericPredicate": ("spec/**/*",),
}
HEADER = "# Built by `standards check` for one run: standards.toml beneath the project's configuration.\n"


@dataclass
class RubocopRun:
    """What one check runs: the config text, the cops (``--only``) and where the project set them."""

    text: str
    cops: list[str]
    configured: dict[str, str] = field(default_factory=dict)  # cop -> "file:line" of the project's setting
    disabled: dict[str, str] = field(default_factory=dict)  # cop -> "file:line" that disables it
    notes: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)  # cop -> "Cop: file:line sets Param: value"
    config: dict[str, Any] = field(default_factory=dict)  # the flattened configuration written

    def checked_only(self) -> str:
        """The configuration cut down to the cops that run (and their departments): for a
        RuboCop that refuses a setting of some other cop (a style newer than it knows)."""
        keep = {"AllCops", *self.cops, *(cop.rsplit("/", 1)[0] for cop in self.cops)}
        return HEADER + emitter.dump(_tagged({k: v for k, v in self.config.items() if k in keep}))


# The newest Ruby the pinned RuboCop knows (1.39's KNOWN_RUBIES in target_ruby.rb): a newer
# TargetRubyVersion makes it stop ("unknown Ruby version"), so the check runs as this one
NEWEST_TARGET_RUBY = 3.2


def known_target(value: Any) -> float | None:
    """The version to check as when the project's ``TargetRubyVersion`` is newer than the
    RuboCop we run knows (a project on Ruby 3.3 under RuboCop 1.39), else None."""
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > NEWEST_TARGET_RUBY:
        return NEWEST_TARGET_RUBY
    return None


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


def our_layer(root: Path, standards: Standards, notes: list[str]) -> dict[str, Any]:
    """Cop -> settings of our enforced conventions, as ``.standards-rubocop.yml`` would hold them."""
    ours, _ = emitter.cop_settings(emitter.enforced(standards), None)
    layer: dict[str, Any] = {}
    for cop in sorted(set(wanted_cops(standards)) | {c for c in ours if COP_NAME.match(c)}):
        settings = _our_settings(root, cop, ours.get(cop, {}), notes)
        settings["Enabled"] = True
        layer[cop] = settings
    return layer


def build(
    root: Path, standards: Standards, project: ProjectRubocop | None, exclusion: ProjectRubocop | None = None
) -> RubocopRun:
    """The private configuration for the files ``project`` (their nearest ``.rubocop.yml``)
    applies to; ``exclusion`` is the root's configuration, whose ``AllCops`` decides which files
    RuboCop skips (default: ``project`` itself)."""
    project = project or ProjectRubocop()
    notes: list[str] = []
    layer = our_layer(root, standards, notes)
    if project.files:
        _keep_their_scope(layer, project)
    merged = beneath(layer, project.config)
    run = RubocopRun(text="", cops=[], notes=notes)
    config, plugins = _carried(merged)
    _anchor_default_excludes(root, config)
    config["AllCops"] = _all_cops(root, merged, project if exclusion is None else exclusion)
    lowered = known_target(config["AllCops"].get("TargetRubyVersion"))
    if lowered is not None:
        notes.append(
            f"rubocop: {project.path or '.rubocop.yml'}: TargetRubyVersion "
            f"{config['AllCops']['TargetRubyVersion']} is newer than the RuboCop standards runs knows; "
            f"checked as {lowered}"
        )
        config["AllCops"]["TargetRubyVersion"] = lowered
    if plugins:
        names = ", ".join(sorted(plugins))
        notes.append(
            f"rubocop: {project.path}: the cops of {names} belong to plugins standards does not load; "
            "the project's, not checked by standards"
        )
    for cop in layer:
        where = _where(project, cop)
        if not enabled(config, cop):
            run.disabled[cop] = where
            continue
        run.cops.append(cop)
        if where:
            run.configured[cop] = where
        reason = _reason(project, cop)
        if reason:
            run.reasons[cop] = reason
    run.config = config
    run.text = HEADER + emitter.dump(_tagged(config))
    return run


def _anchor_default_excludes(root: Path, config: dict[str, Any]) -> None:
    """RuboCop's default ``Exclude`` of a few cops, at the root, where the configuration keeps
    it (sets none, or merges its own with it)."""
    for cop, patterns in DEFAULT_COP_EXCLUDE.items():
        settings = config.get(cop)
        if not isinstance(settings, dict):
            continue
        defaults = [absolute_pattern(root.resolve(), p) for p in patterns]
        exclude = settings.get("Exclude")
        if "Exclude" not in settings:
            settings["Exclude"] = defaults
        elif isinstance(exclude, list) and _merges_exclude({"AllCops": settings}):
            settings["Exclude"] = defaults + [p for p in exclude if p not in defaults]


def _tagged(value: Any) -> Any:
    """``value`` with its ``!ruby/regexp`` items written back under their tag."""
    from ruamel.yaml.comments import TaggedScalar

    if isinstance(value, yaml_data.Foreign) and value.ruby_regexp:
        return TaggedScalar(value=value.value, tag=value.tag)
    if isinstance(value, dict):
        return {key: _tagged(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_tagged(item) for item in value]
    return value


def _keep_their_scope(layer: dict[str, Any], project: ProjectRubocop) -> None:
    """Our ``Exclude``/``Include`` (tests left out of a size limit) would narrow a cop the
    project's own configuration already runs on every file: for those, the project's scope stays."""
    own = {**project.config, "AllCops": project.setting("AllCops")}
    for cop, settings in layer.items():
        if enabled(own, cop):
            settings.pop("Exclude", None)
            settings.pop("Include", None)


def enabled(config: dict[str, Any], cop: str) -> bool:
    """Whether RuboCop 1.39 runs ``cop`` under the flattened ``config`` (``Config#enable_cop?``
    after the merge with its defaults, for a cop the configuration names)."""
    all_cops = config.get("AllCops") if isinstance(config.get("AllCops"), dict) else {}
    settings = config.get(cop) if isinstance(config.get(cop), dict) else {}
    value = settings.get("Enabled")
    if value is None:
        value = not all_cops.get("DisabledByDefault")
    if value is True or value == "override_department":
        return True
    department = config.get(cop.rsplit("/", 1)[0])
    if isinstance(department, dict) and department.get("Enabled") is False:
        return False
    return value == "pending" and all_cops.get("NewCops") == "enable"


def _carried(merged: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """The cops and departments of RuboCop itself, with the top-level ``inherit_mode`` moved onto
    each of them (RuboCop applies it when merging with its defaults); the plugin departments met."""
    root_mode = merged.get("inherit_mode") if isinstance(merged.get("inherit_mode"), dict) else None
    out: dict[str, Any] = {}
    plugins: set[str] = set()
    for key, value in merged.items():
        if key in ("AllCops", "inherit_mode") or not isinstance(value, dict):
            continue
        department = key.split("/", 1)[0]
        if not (COP_NAME.match(key) or DEPARTMENT.match(key)):
            continue
        if department not in CORE_DEPARTMENTS:
            plugins.add(department)
            continue
        settings = dict(value)
        if root_mode and "/" in key and "inherit_mode" not in settings:
            settings["inherit_mode"] = root_mode
        out[key] = settings
    return out, plugins


def _all_cops(root: Path, merged: dict[str, Any], exclusion: ProjectRubocop) -> dict[str, Any]:
    ours = merged.get("AllCops") if isinstance(merged.get("AllCops"), dict) else {}
    out: dict[str, Any] = {key: ours[key] for key in ALL_COPS_KEYS if key in ours}
    theirs = exclusion.setting("AllCops")
    defaults = [absolute_pattern(root.resolve(), p) for p in DEFAULT_EXCLUDE]
    exclude = theirs.get("Exclude")
    if not isinstance(exclude, list):
        out["Exclude"] = defaults
    elif _merges_exclude(exclusion.config):
        out["Exclude"] = defaults + [p for p in exclude if p not in defaults]
    else:
        out["Exclude"] = list(exclude)
    if isinstance(theirs.get("Include"), list):
        out["Include"] = list(theirs["Include"])
    out["SuggestExtensions"] = False
    return out


def _merges_exclude(config: dict[str, Any]) -> bool:
    for mode in ((config.get("AllCops") or {}).get("inherit_mode"), config.get("inherit_mode")):
        if isinstance(mode, dict) and isinstance(mode.get("override"), list) and "Exclude" in mode["override"]:
            return False
        if isinstance(mode, dict) and isinstance(mode.get("merge"), list) and "Exclude" in mode["merge"]:
            return True
    return False


def _where(project: ProjectRubocop, cop: str) -> str:
    """Where the project settles ``cop`` last: its own entry, else its department's."""
    return project.sources.get(cop) or project.sources.get(cop.rsplit("/", 1)[0], "")


def _reason(project: ProjectRubocop, cop: str) -> str:
    """ "Cop: file:line sets Param: value" for the parameters the project sets for ``cop``."""
    settings = project.setting(cop)
    shown = [p for p in settings if p not in ("Enabled", "inherit_mode", "Exclude", "Include")]
    if not shown and settings.get("Enabled") not in (True, "override_department"):
        return ""
    if not shown:
        return f"{cop}: {project.sources.get(cop, project.path)} enables it"
    described = ", ".join(f"{p}: {_short(settings[p])}" for p in shown[:3])
    return f"{cop}: {project.sources.get(cop, project.path)} sets {described}"


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _our_settings(root: Path, cop: str, settings: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    dropped: list[str] = []
    clean = yaml_data.clean(dict(settings), "standards.toml", f"standards.toml: {cop}", dropped)
    notes.extend(f"rubocop: {what}; left out" for what in dropped)
    out = dict(clean) if isinstance(clean, dict) else {}
    out.pop("Enabled", None)
    for key in ("Exclude", "Include"):
        if isinstance(out.get(key), list):
            out[key] = [absolute_pattern(root.resolve(), p) for p in out[key] if isinstance(p, str)]
    return out
