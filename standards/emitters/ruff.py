"""ruff settings from the Python conventions, merged into the repository's own config.

Where: ``ruff.toml`` / ``.ruff.toml`` when one exists (ruff prefers them), else
``[tool.ruff]`` in ``pyproject.toml`` when it exists, else a new ``ruff.toml``.

What: for conventions at level ``error``, their ruff codes go into ``lint.extend-select``
(never ``select``: ruff's default rules and the project's own selection stay); for ``error``
and ``warn`` conventions, their options (``params["ruff"]``, dotted keys) and per-file
ignores (``params["ruff_per_file_ignores"]``, as ``lint.extend-per-file-ignores``, and only
for codes the project does not enable itself). Warn-level codes are not written: `standards
check` runs them as warnings. Codes the installed ruff would ignore (preview-only, removed,
unknown) are never written.

Never weaker than the project: its ``ignore``, ``per-file-ignores``, ``exclude``, ``extend``
and formatter settings win. An option is written only where the project's config and its
``extend`` chain are silent; ``ignore`` is never written; the settings that change how
`ruff format` writes code (``line-length``, ``indent-width``, ``format.*``) are written only
when `ruff format --check` then flags no more files than before.

Merging: the document is edited in place with tomlkit (comments and layout kept). The
values `standards` wrote are remembered in ``.standards/generated.json``; a key whose
value differs from what we wrote (or that we never wrote) is the user's, and is never
changed: a note says so. Our own keys are updated or removed as the conventions change.

Validation happens in place: ruff loads the merged settings as a private copy whose
``extend`` points at the repository's own base file (see :mod:`standards.proof.ruff_project`).
"""

from __future__ import annotations

import copy
import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions
from tomlkit.items import Table

from standards import ruff_tool
from standards.analyzers import explicit_python
from standards.emitters import EmitEnv
from standards.errors import ConfigError, StandardsError
from standards.fsutil import WritePlan
from standards.model import Level, Standards
from standards.proof import ruff_project, ruff_rules

ORDER = 20
# Keys whose values are unions: the user's items are kept and ours are added beside them
# (remembered as "+key" in generated.json, so they can be withdrawn later).
ADDITIVE = frozenset(
    {
        "lint.extend-select",
        "lint.ignore",
        "lint.per-file-ignores",
        "lint.extend-per-file-ignores",
        "lint.pep8-naming.extend-ignore-names",
    }
)
# keys a convention's options never set: what ruff selects, ignores, reads or where it writes
NOT_AN_OPTION = frozenset(
    {
        "select",
        "extend-select",
        "ignore",
        "per-file-ignores",
        "extend-per-file-ignores",
        "extend",
        "exclude",
        "extend-exclude",
        "include",
        "extend-include",
        "force-exclude",
        "respect-gitignore",
        "cache-dir",
        "format.exclude",
    }
)
FORMATTING = ("line-length", "indent-width", "format.")  # settings that change what `ruff format` writes
_SETTING = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)*")  # a ruff option path, e.g. lint.isort.force-single-line
GENERATED = ".standards/generated.json"
COMMENT = "Managed by `standards` from standards.toml: edit a convention there, then run `standards update`."


def desired_settings(
    standards: Standards,
    project_enabled: frozenset[str] = frozenset(),
    preview: bool = False,
    project_ignored: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Flat dotted ruff settings (relative to the ruff root table) for the conventions.

    ``project_enabled``: the codes the project's own config already enables; a per-file
    ignore is never added for one of them (that would switch off what the project checks).
    ``project_ignored``: the selectors of the project's ``ignore`` lists; a code under one of
    them is not selected (the project switched it off) unless the project enables it itself."""
    settings: dict[str, Any] = {}
    select: set[str] = set()
    per_file: dict[str, set[str]] = {}
    for conv in standards.conventions.values():
        if conv.language not in ("python", "any") or conv.level.rank > Level.WARN.rank:
            continue
        for key, value in (conv.params.get("ruff") or {}).items():
            if _SETTING.fullmatch(key) and key.removeprefix("lint.") not in NOT_AN_OPTION:
                settings[key] = value
        for glob, codes in (conv.params.get("ruff_per_file_ignores") or {}).items():
            ours = [c for c in codes if not any(ruff_tool.selects(c, e) for e in project_enabled)]
            if ours:
                per_file.setdefault(glob, set()).update(ours)
        if conv.level is Level.ERROR:
            for code in ruff_rules.usable(ruff_codes(conv.enforced_by), preview):
                select.update(_not_ignored(code, project_ignored, project_enabled, preview))
    if select:
        settings["lint.extend-select"] = sorted(select)
    if per_file:
        settings["lint.extend-per-file-ignores"] = {g: sorted(c) for g, c in sorted(per_file.items())}
    return dict(sorted(settings.items()))


def _not_ignored(code: str, ignored: tuple[str, ...], enabled: frozenset[str], preview: bool) -> list[str]:
    """``code`` as a selection that keeps the project's ignores: nothing when the project
    switched it off (and does not enable it itself); its codes less the ignored ones when the
    project ignores part of it (our selection may sit in a later ``extend`` layer, where a
    prefix would switch them back on)."""
    if any(code.startswith(i) for i in ignored):
        return [code] if any(e.startswith(code) for e in enabled) else []
    if any(i.startswith(code) for i in ignored):
        return [c for c in ruff_rules.expand(code, preview) if not any(c.startswith(i) for i in ignored)]
    return [code]


def ruff_codes(enforced_by: list[str]) -> list[str]:
    return [c.split(":", 1)[1] for c in enforced_by if c.startswith("ruff:")]


def target_file(plan: WritePlan) -> tuple[str, tuple[str, ...]]:
    """(file, path of the ruff table inside it)."""
    for rel in ("ruff.toml", ".ruff.toml"):
        if plan.current(rel) is not None:
            return rel, ()
    if plan.current("pyproject.toml") is not None:
        return "pyproject.toml", ("tool", "ruff")
    return "ruff.toml", ()


def load_generated(plan: WritePlan) -> dict[str, Any]:
    text = plan.current(GENERATED)
    if not text:
        return {}
    try:
        data = json.loads(text)
    except (ValueError, RecursionError, MemoryError):
        return {}
    return data if isinstance(data, dict) else {}


def _plain(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value


def _table(doc: Any, path: tuple[str, ...], create: bool) -> Any | None:
    node = doc
    for part in path:
        child = node.get(part)
        if child is None:
            if not create:
                return None
            child = tomlkit.table(is_super_table=True) if part == "tool" else tomlkit.table()
            node[part] = child
        node = child
    return node


def _get(root: Any, dotted: str) -> Any:
    node = root
    for part in dotted.split("."):
        if not hasattr(node, "get"):
            return None
        node = node.get(part)
        if node is None:
            return None
    return _plain(node)


def _set(root: Any, dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    node = root
    for part in parts[:-1]:
        child = node.get(part)
        if child is None:
            child = tomlkit.table()
            node[part] = child
        node = child
    node[parts[-1]] = _item(value)


def _delete(root: Any, dotted: str) -> None:
    parts = dotted.split(".")
    node = root
    for part in parts[:-1]:
        node = node.get(part)
        if node is None:
            return
    if parts[-1] in node:
        del node[parts[-1]]


def _item(value: Any) -> Any:
    if isinstance(value, list) and len(value) > 4:
        arr = tomlkit.array()
        arr.extend(value)
        arr.multiline(True)
        return arr
    if isinstance(value, dict):
        table = tomlkit.table()
        for k, v in value.items():
            table[k] = _item(v)
        return table
    return value


_merged: dict[str, tuple[str, dict[str, Any], list[str]]] = {}


def merge(
    text: str | None, path: tuple[str, ...], desired: dict[str, Any], ours: dict[str, Any], rel: str
) -> tuple[str, dict[str, Any], list[str]]:
    """Merge ``desired`` into the document. Returns (text, what we now own, notes).

    A pure function of its arguments, remembered for the process: init plans the ruff
    settings twice (before and after the proofs), and parsing a large pyproject.toml with
    tomlkit is the slow part."""
    key = json.dumps([text, path, desired, ours, rel], sort_keys=True, default=str)
    if key not in _merged:
        _merged[key] = _merge(text, path, desired, ours, rel)
    merged, owned, notes = _merged[key]
    return merged, copy.deepcopy(owned), list(notes)


def _merge(
    text: str | None, path: tuple[str, ...], desired: dict[str, Any], ours: dict[str, Any], rel: str
) -> tuple[str, dict[str, Any], list[str]]:
    try:
        doc = tomlkit.parse(text) if text else tomlkit.document()
    except tomlkit.exceptions.ParseError as exc:
        raise ConfigError(rel, f"not valid TOML: {exc}", getattr(exc, "line", None)) from None
    fresh = _table(doc, path, create=False) is None and (path or not text)
    root = _table(doc, path, create=True) if path else doc
    if fresh and isinstance(root, Table) and path:
        root.add(tomlkit.comment(COMMENT))
    elif fresh and not path:
        doc.add(tomlkit.comment(COMMENT))
    notes: list[str] = []
    owned: dict[str, Any] = {}
    user_select = _get(root, "lint.select") if "lint.select" not in ours else None
    if user_select is None and _get(root, "select") is not None and "select" not in ours:
        user_select = _get(root, "select")
    for key, value in desired.items():
        if key == "lint.select" and user_select is not None:
            extra = [c for c in value if not _covered(c, user_select)]
            key, value = "lint.extend-select", extra
            if not extra:
                continue
        current = _get(root, key)
        if current is None:
            _set(root, key, value)
            owned[key] = value
        elif current == value:
            if key in ours:
                owned[key] = value
        elif key in ours and current == ours[key]:
            _set(root, key, value)
            owned[key] = value
        elif key in ADDITIVE and type(current) is type(value):
            merged, added = _union(current, value, ours.get("+" + key), user_select)
            if merged != current:
                _set(root, key, merged)
            if added:
                owned["+" + key] = added
        else:
            notes.append(
                f"{rel}: kept your {'.'.join(path + (key,))} = {json.dumps(current)} "
                f"(standards.toml suggests {json.dumps(value)})"
            )
    for key, value in ours.items():
        if key.startswith("+"):
            if key not in owned and _get(root, key[1:]) is not None:  # our additions, no longer wanted
                current = _get(root, key[1:])
                merged, _ = _union(current, type(current)(), value, None)
                _set(root, key[1:], merged)
        elif key not in owned and key not in desired and _get(root, key) == value:
            _delete(root, key)
    return tomlkit.dumps(doc), owned, notes


def _union(current: Any, wanted: Any, previously_added: Any, user_select: list[str] | None) -> tuple[Any, Any]:
    """The user's own items plus ours; returns (merged, what we added)."""
    if isinstance(current, dict):
        prev = previously_added if isinstance(previously_added, dict) else {}
        base = {g: [c for c in codes if c not in prev.get(g, [])] for g, codes in current.items()}
        base = {g: codes for g, codes in base.items() if codes or g not in prev}
        added = {g: [c for c in codes if c not in base.get(g, [])] for g, codes in wanted.items()}
        added = {g: codes for g, codes in added.items() if codes}
        merged = {g: list(codes) for g, codes in base.items()}
        for g, codes in added.items():
            merged[g] = merged.get(g, []) + codes
        return merged, added
    prev_items = previously_added if isinstance(previously_added, list) else []
    base = [c for c in current if c not in prev_items]
    added = [c for c in wanted if c not in base and not (user_select and _covered(c, [*user_select, *base]))]
    return base + added, added


def _covered(code: str, selected: list[str]) -> bool:
    return any(ruff_tool.selects(s, code) for s in selected)


@dataclass
class RuffPlan:
    """The ruff settings one run would write, and where."""

    rel: str
    path: tuple[str, ...]
    text: str
    owned: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def planned(standards: Standards, plan: WritePlan, env: EmitEnv) -> RuffPlan | None:
    """The merged ruff config for ``standards``, validated in place; None when there is nothing to write."""
    generated = load_generated(plan)
    ours = generated.get("ruff", {}) if isinstance(generated.get("ruff"), dict) else {}
    rel, path = target_file(plan)
    current = plan.current(rel)
    own_text, _, _ = merge(current, path, {}, ours, rel)  # the project's own settings, ours withdrawn
    with ruff_project.private_config(env.root, rel, own_text) as (own_config, own_chain):
        try:
            own = ruff_project.show_settings(env.root, own_config, name=rel)
        except StandardsError as exc:
            raise ConfigError(rel, f"ruff does not load the project's own settings: {exc}") from None
        wanted = desired_settings(standards, own.enabled, own_chain.preview, ruff_project.ignores(own_chain))
        wanted.update(flake8_excluded(env.root, own_chain))
        desired, notes = silent_only(wanted, own_chain)
        if not desired and not ours:
            return None
        text, owned, merge_notes = merge(current, path, desired, ours, rel)
        formatting = {k: v for k, v in desired.items() if k.startswith(FORMATTING)}
        if formatting and text != own_text:
            grown = format_growth(env, own_config, rel, text)
            if grown:
                notes.append(
                    f"{rel}: left {', '.join(sorted(formatting))} to the project: with them `ruff format` "
                    f"would reformat {grown} more file(s)"
                )
                desired = {k: v for k, v in desired.items() if k not in formatting}
                text, owned, merge_notes = merge(current, path, desired, ours, rel)
    validate(env.root, rel, text)
    return RuffPlan(rel, path, text, owned, notes + merge_notes)


EXCLUDE_KEYS = ("exclude", "extend-exclude", "lint.exclude", "lint.extend-exclude")


def flake8_excluded(root: Path, chain: ruff_project.Chain) -> dict[str, Any]:
    """``lint.exclude`` for the paths the project's flake8 never checks (Django's migrations,
    say), when its ruff configuration excludes nothing itself: ruff then lints what the
    project's own linter lints, and `ruff format` still formats them."""
    if any(chain.setter(key) is not None for key in EXCLUDE_KEYS):
        return {}
    patterns, _ = explicit_python.flake8_excludes(root)
    return {"lint.exclude": [glob for p in patterns for glob in lint_globs(p)]} if patterns else {}


def lint_globs(pattern: str) -> list[str]:
    """A flake8 ``exclude`` pattern as ruff ``lint.exclude`` globs: flake8 matches a bare name
    against every file and folder name, ruff's ``lint.exclude`` matches whole paths (a bare
    ``migrations`` there is only the top-level one), so a name covers that name and what is
    inside it at any depth, a path the same from the root."""
    base = pattern if "/" in pattern else f"**/{pattern}"
    return [base, f"{base}/**"]


def silent_only(desired: dict[str, Any], chain: ruff_project.Chain) -> tuple[dict[str, Any], list[str]]:
    """The settings the project (its config and every file it extends) does not set; additive
    keys (extend-select, extend-per-file-ignores) add to the project's and always stay."""
    kept: dict[str, Any] = {}
    notes: list[str] = []
    for key, value in desired.items():
        setter = chain.setter(key)
        if key in ADDITIVE or setter is None:
            kept[key] = value
            continue
        theirs = chain.value(key)
        if theirs != value:
            notes.append(
                f"{setter}: kept the project's {key} = {json.dumps(theirs)} "
                f"(standards.toml suggests {json.dumps(value)})"
            )
    return kept, notes


_format_counts: dict[tuple[str, str, int], int] = {}


def format_growth(env: EmitEnv, own_config: Path, rel: str, text: str) -> int:
    """How many more files `ruff format --check` flags with ``text`` than with the project's own config."""
    analysis = env.extra.get("analysis")
    paths = [f.path for f in analysis.ctx.files("python")] if analysis is not None else []
    if not paths:
        return 0
    with ruff_project.private_config(env.root, rel, text) as (config, _):
        with ThreadPoolExecutor(max_workers=2) as pool:
            before, after = pool.map(lambda c: _format_count(env.root, c, paths), [own_config, config])
    return max(0, after - before)


def _format_count(root: Path, config: Path, paths: list[str]) -> int:
    """Files `ruff format --check` would reformat under ``config`` (remembered per config text)."""
    key = (str(root), config.read_text(encoding="utf-8"), hash(tuple(paths)))
    if key not in _format_counts:
        flagged = 0
        for chunk in ruff_tool._chunks(paths):
            args = ["format", "--check", "--output-format", "concise", "--force-exclude", "--", *chunk]
            proc = ruff_project.run(root, config, args)
            flagged += sum(": unformatted: " in line for line in proc.out.splitlines())
        _format_counts[key] = flagged
    return _format_counts[key]


def validate(root: Path, rel: str, text: str) -> None:
    """Load the merged settings with ruff itself, in place (their ``extend`` still works)."""
    with ruff_project.private_config(root, rel, text) as (config, _):
        try:
            ruff_project.show_settings(root, config, name=rel)
        except StandardsError as exc:
            raise StandardsError(
                f"the ruff settings generated for {rel} do not load in ruff ({exc}); "
                "nothing was written. Please report this with your standards.toml."
            ) from None


def emit(standards: Standards, plan: WritePlan, env: EmitEnv) -> list[str]:
    if not env.has("python"):
        return []
    ruff = planned(standards, plan, env)
    if ruff is None:
        return []
    if ruff.text != (plan.current(ruff.rel) or ""):
        plan.add(ruff.rel, ruff.text)
    generated = load_generated(plan)
    generated["ruff"] = ruff.owned
    generated["ruff_file"] = ruff.rel
    plan.add(GENERATED, json.dumps(generated, indent=1, sort_keys=True) + "\n")
    return ruff.notes
