"""Read and write ``standards.toml``, keeping what people wrote.

A convention a person edited keeps their value and level: either they set
``source = "manual"``, or its value, level or params differ from what `standards` wrote
last time (remembered in ``.standards/inferred.json``). Comments and unknown keys in the
file are kept (tomlkit edits the document in place).
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions
from tomlkit.items import Table

from standards.errors import ConfigError
from standards.model import Convention, Level, Source, Standards

FILENAME = "standards.toml"
SNAPSHOT = ".standards/inferred.json"
SCHEMA_VERSION = 1

HEADER = """\
standards.toml: the conventions of this repository, inferred by `standards` from its code,
configuration and history. It is the single source of truth for playbook.md and the
generated linter settings. Edit it: change a value or a level (error blocks a commit,
warn reports, info is playbook only, off disables) and later runs keep your edit.
Re-render everything after an edit with `standards update`.
"""

EDITABLE = ("value", "level", "params")


def _plain(value: Any) -> Any:
    """tomlkit items to plain Python values."""
    if hasattr(value, "unwrap"):
        return value.unwrap()
    return value


def load(root: Path) -> Standards | None:
    path = root / FILENAME
    if not path.exists():
        return None
    text = _read(path)
    try:
        data = tomllib.loads(text)  # reading only: the stdlib parser is several times faster than tomlkit
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"line (\d+)", str(exc))
        raise ConfigError(FILENAME, f"not valid TOML: {exc}", int(at[1]) if at else None) from None
    return from_document(data, root)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(path.name, "not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(path.name, f"cannot read: {exc.strerror}") from None


def from_document(doc: Any, root: Path | None = None) -> Standards:
    data = _plain(doc)
    if not isinstance(data, dict):
        raise ConfigError(FILENAME, "expected a table at the top level")
    settings = data.get("standards", {}) or {}
    rules = data.get("rules", {}) or {}
    if not isinstance(rules, dict) or not isinstance(settings, dict):
        raise ConfigError(FILENAME, "[standards] and [rules] must be tables")
    if not isinstance(data.get("conventions", {}), dict):
        raise ConfigError(FILENAME, "[conventions] must be a table of conventions")
    _check_thresholds(settings.get("thresholds", {}))
    snapshot = _load_snapshot(root) if root else {}
    conventions: dict[str, Convention] = {}
    for cid, entry in (data.get("conventions", {}) or {}).items():
        if not isinstance(entry, dict):
            raise ConfigError(FILENAME, f'[conventions."{cid}"] must be a table')
        conv = _convention(cid, entry)
        prior = snapshot.get(cid)
        if conv.source is Source.INFERRED and prior is not None and _editable(conv) != prior:
            conv.source = Source.MANUAL
        conventions[cid] = conv
    return Standards(conventions=conventions, settings=settings, rules=rules)


def _check_thresholds(thresholds: Any) -> None:
    if not isinstance(thresholds, dict):
        raise ConfigError(FILENAME, "[standards.thresholds] must be a table")
    for key, value in thresholds.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(FILENAME, f"standards.thresholds.{key} must be a number")


def _convention(cid: str, entry: dict[str, Any]) -> Convention:
    try:
        level = Level(entry.get("level", "info"))
    except ValueError:
        raise ConfigError(FILENAME, f'conventions."{cid}".level must be one of error, warn, info, off') from None
    try:
        source = Source(entry.get("source", "inferred"))
    except ValueError:
        raise ConfigError(FILENAME, f'conventions."{cid}".source must be one of explicit, inferred, manual') from None
    support = entry.get("support", [0, 0])
    if not (isinstance(support, list) and len(support) == 2 and all(isinstance(n, int) for n in support)):
        raise ConfigError(FILENAME, f'conventions."{cid}".support must be [followed, total]')
    params = entry.get("params", {}) or {}
    if not isinstance(params, dict):
        raise ConfigError(FILENAME, f'conventions."{cid}".params must be a table')
    for key in ("examples", "counter_examples", "enforced_by"):
        if not isinstance(entry.get(key, []), list):
            raise ConfigError(FILENAME, f'conventions."{cid}".{key} must be a list')
    confidence = entry.get("confidence", 0.0)
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)):
        raise ConfigError(FILENAME, f'conventions."{cid}".confidence must be a number')
    return Convention(
        id=cid,
        title=str(entry.get("title", cid)),
        category=str(entry.get("category", "other")),
        language=str(entry.get("language", "any")),
        value=entry.get("value"),
        level=level,
        source=source,
        support=(support[0], support[1]),
        confidence=float(confidence),
        examples=list(entry.get("examples", [])),
        counter_examples=list(entry.get("counter_examples", [])),
        enforced_by=list(entry.get("enforced_by", [])),
        why=str(entry.get("why", "")),
        do=str(entry.get("do", "")),
        dont=str(entry.get("dont", "")),
        params=dict(params),
        note=str(entry.get("note", "")),
        explicit_in=str(entry.get("explicit_in", "")),
    )


def _editable(conv: Convention) -> dict[str, Any]:
    return json.loads(json.dumps({"value": conv.value, "level": conv.level.value, "params": conv.params}))


def _load_snapshot(root: Path) -> dict[str, Any]:
    path = root / SNAPSHOT
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def render_snapshot(standards: Standards) -> str:
    data = {cid: _editable(c) for cid, c in sorted(standards.conventions.items()) if c.source is not Source.MANUAL}
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


def merge(previous: Standards | None, inferred: dict[str, Convention]) -> Standards:
    """New inference, with every convention a person edited kept as they left it."""
    result = Standards(conventions={}, settings={}, rules={})
    if previous is not None:
        result.settings = dict(previous.settings)
        result.rules = dict(previous.rules)
        for cid, conv in previous.conventions.items():
            if conv.source is Source.MANUAL:
                fresh = inferred.get(cid)
                if fresh is not None:  # refresh the evidence, keep the decision
                    conv.support, conv.confidence = fresh.support, fresh.confidence
                    conv.examples, conv.counter_examples = fresh.examples, fresh.counter_examples
                result.conventions[cid] = conv
    for cid, conv in inferred.items():
        result.conventions.setdefault(cid, conv)
    result.conventions = dict(sorted(result.conventions.items()))
    result.settings.setdefault("version", SCHEMA_VERSION)
    return result


def _entry(conv: Convention) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "title": conv.title,
        "category": conv.category,
        "language": conv.language,
        "value": conv.value,
        "level": conv.level.value,
        "source": conv.source.value,
        "support": list(conv.support),
        "confidence": conv.confidence,
        "examples": conv.examples,
        "counter_examples": conv.counter_examples,
        "enforced_by": conv.enforced_by,
    }
    for key in ("why", "do", "dont", "note", "explicit_in"):
        if getattr(conv, key):
            entry[key] = getattr(conv, key)
    if conv.params:
        entry["params"] = conv.params
    return {k: v for k, v in entry.items() if v is not None}


def render(standards: Standards, existing_text: str | None) -> str:
    """The new standards.toml text; an existing document is edited in place."""
    if existing_text:
        try:
            doc = tomlkit.parse(existing_text)
        except tomlkit.exceptions.ParseError as exc:
            raise ConfigError(FILENAME, f"not valid TOML: {exc}", getattr(exc, "line", None)) from None
    else:
        doc = tomlkit.document()
        for line in HEADER.splitlines():
            doc.add(tomlkit.comment(line))
        doc.add(tomlkit.nl())
    settings = doc.get("standards")
    if not isinstance(settings, Table):
        settings = tomlkit.table()
        doc["standards"] = settings
    for key, value in standards.settings.items():
        if key not in settings:
            settings[key] = value
    conventions = doc.get("conventions")
    if not isinstance(conventions, Table):
        conventions = tomlkit.table(is_super_table=True)
        doc["conventions"] = conventions
    for cid in list(conventions.keys()):
        if cid not in standards.conventions:
            del conventions[cid]
    for cid, conv in standards.conventions.items():
        entry = _entry(conv)
        table = conventions.get(cid)
        if not isinstance(table, Table):
            table = tomlkit.table()
            conventions[cid] = table
        for key in list(table.keys()):
            if key not in entry:
                del table[key]
        for key, value in entry.items():
            if _plain(table.get(key)) != value:
                table[key] = _toml_value(value)
    return tomlkit.dumps(doc)


def _toml_value(value: Any) -> Any:
    if isinstance(value, list) and all(isinstance(v, str) for v in value) and len(value) > 2:
        arr = tomlkit.array()
        arr.extend(value)
        arr.multiline(True)
        return arr
    if isinstance(value, dict):
        t = tomlkit.inline_table()
        t.update(value)
        return t
    return value
