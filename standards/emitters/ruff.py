"""ruff settings from the Python conventions, merged into the repository's own config.

Where: ``ruff.toml`` / ``.ruff.toml`` when one exists (ruff prefers them), else
``[tool.ruff]`` in ``pyproject.toml`` when it exists, else a new ``ruff.toml``.

What: for conventions at level ``error``, their ruff codes go into ``lint.select``
(or ``lint.extend-select`` when the user selects rules themselves); for ``error`` and
``warn`` conventions, their options (``params["ruff"]``, dotted keys), per-file ignores
(``params["ruff_per_file_ignores"]``) and ignores (``params["ruff_ignore"]``). Warn-level
codes are not written: `standards check` runs them as warnings.

Merging: the document is edited in place with tomlkit (comments and layout kept). The
values `standards` wrote are remembered in ``.standards/generated.json``; a key whose
value differs from what we wrote (or that we never wrote) is the user's, and is never
changed: a note says so. Our own keys are updated or removed as the conventions change.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions
from tomlkit.items import Table

from standards.emitters import EmitEnv
from standards import ruff_tool
from standards.errors import ConfigError, StandardsError
from standards.fsutil import WritePlan
from standards.model import Level, Standards

ORDER = 20
# Keys whose values are unions: the user's items are kept and ours are added beside them
# (remembered as "+key" in generated.json, so they can be withdrawn later).
ADDITIVE = frozenset(
    {"lint.extend-select", "lint.ignore", "lint.per-file-ignores", "lint.pep8-naming.extend-ignore-names"}
)
_SETTING = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)*")  # a ruff option path, e.g. lint.isort.force-single-line
GENERATED = ".standards/generated.json"
COMMENT = "Managed by `standards` from standards.toml: edit a convention there, then run `standards update`."


def desired_settings(standards: Standards) -> dict[str, Any]:
    """Flat dotted ruff settings (relative to the ruff root table) for the conventions."""
    settings: dict[str, Any] = {}
    select: set[str] = set()
    ignore: set[str] = set()
    per_file: dict[str, set[str]] = {}
    for conv in standards.conventions.values():
        if conv.language not in ("python", "any") or conv.level.rank > Level.WARN.rank:
            continue
        for key, value in (conv.params.get("ruff") or {}).items():
            if _SETTING.fullmatch(key):
                settings[key] = value
        for glob, codes in (conv.params.get("ruff_per_file_ignores") or {}).items():
            per_file.setdefault(glob, set()).update(codes)
        if conv.level is Level.ERROR:
            select.update(c.split(":", 1)[1] for c in conv.enforced_by if c.startswith("ruff:"))
            ignore.update(conv.params.get("ruff_ignore") or [])
    if select:
        settings["lint.select"] = sorted(select)
    if ignore:
        settings["lint.ignore"] = sorted(ignore)
    if per_file:
        settings["lint.per-file-ignores"] = {g: sorted(c) for g, c in sorted(per_file.items())}
    return dict(sorted(settings.items()))


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
    except ValueError:
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


def merge(
    text: str | None, path: tuple[str, ...], desired: dict[str, Any], ours: dict[str, Any], rel: str
) -> tuple[str, dict[str, Any], list[str]]:
    """Merge ``desired`` into the document. Returns (text, what we now own, notes)."""
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
    return any(code.startswith(s) for s in selected) or "ALL" in selected


def validate(text: str, rel: str) -> str | None:
    """Load the config with ruff itself; its complaint, or None when ruff accepts it."""
    exe = ruff_tool.ruff_bin()
    if exe is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / Path(rel).name
        config.write_text(text, encoding="utf-8")
        probe = Path(tmp) / "probe.py"
        probe.write_text("x = 1\n", encoding="utf-8")
        proc = subprocess.run(
            [exe, "check", "--no-cache", "--quiet", "--exit-zero", "--config", str(config), str(probe)],
            capture_output=True,
            text=True,
            cwd=tmp,
        )
    if proc.returncode == 0:
        return None
    lines = [line.strip() for line in proc.stderr.splitlines() if line.strip()]
    return " / ".join(lines[-3:])[:400]


def emit(standards: Standards, plan: WritePlan, env: EmitEnv) -> list[str]:
    if not env.has("python"):
        return []
    desired = desired_settings(standards)
    generated = load_generated(plan)
    ours = generated.get("ruff", {}) if isinstance(generated.get("ruff"), dict) else {}
    rel, path = target_file(plan)
    if not desired and not ours:
        return []
    text, owned, notes = merge(plan.current(rel), path, desired, ours, rel)
    problem = validate(text, rel)
    if problem:
        raise StandardsError(
            f"the ruff settings generated for {rel} do not load in ruff ({problem}); "
            "nothing was written. Please report this with your standards.toml."
        )
    if text != (plan.current(rel) or ""):
        plan.add(rel, text)
    generated["ruff"] = owned
    generated["ruff_file"] = rel
    plan.add(GENERATED, json.dumps(generated, indent=1, sort_keys=True) + "\n")
    return notes
