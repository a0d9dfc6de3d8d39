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

from standards import fsutil, toml_schema
from standards.errors import ConfigError
from standards.model import Convention, Level, Source, Standards

FILENAME = "standards.toml"
SNAPSHOT = ".standards/inferred.json"
FRAMEWORKS_KEY = "_frameworks"
SCHEMA_VERSION = 1

HEADER = """\
standards.toml: the conventions of this repository, inferred by `standards` from its code,
configuration and history. It is the single source of truth for playbook.md and the
generated linter settings. Edit it: change a value or a level (error blocks a commit,
warn reports, info is playbook only, off disables) and later runs keep your edit.
Re-render everything after an edit with `standards update`. Notes of your own go in `meta`
(a key of a convention, or a top-level [meta] table); any other unknown key is an error.
The schema: standards/schemas/standards-toml.schema.json in the standards package.
"""

EDITABLE = ("value", "level", "params")
# Keys of a convention that `render` removes when the model no longer has them: the ones
# inference writes. Anything else in a convention's table (a `note`, `meta`) is kept.
REMOVABLE = frozenset({"value", "params", "why", "do", "dont", "explicit_in"})


def _plain(value: Any) -> Any:
    """tomlkit items to plain Python values."""
    if hasattr(value, "unwrap"):
        return value.unwrap()
    return value


def load(root: Path) -> Standards | None:
    """The repository's standards.toml, checked against its schema; None when there is none."""
    if not (root / FILENAME).exists() and not (root / FILENAME).is_symlink():
        return None
    text = _read(root)
    try:
        data = tomllib.loads(text)  # reading only: the stdlib parser is several times faster than tomlkit
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"line (\d+)", str(exc))
        raise ConfigError(FILENAME, f"not valid TOML: {exc}", int(at[1]) if at else None) from None
    except (RecursionError, MemoryError):
        raise ConfigError(FILENAME, "nested too deeply to read") from None
    return from_document(data, root)


def _read(root: Path) -> str:
    """standards.toml as text: a regular file inside the repository, size-capped, UTF-8."""
    return fsutil.read_repo_config(root, FILENAME)


def from_document(doc: Any, root: Path | None = None) -> Standards:
    """The model of a parsed standards.toml, after checking it against the schema (exit 2
    naming the table, key and value of each problem)."""
    data = _plain(doc)
    _validate(data)
    settings = data.get("standards", {})
    snapshot = _load_snapshot(root) if root else {}
    conventions: dict[str, Convention] = {}
    for cid, entry in data.get("conventions", {}).items():
        conv = _convention(cid, entry)
        prior = snapshot.get(cid)
        if conv.source is not Source.MANUAL and prior is not None and _editable(conv) != prior:  # explicit too (H3)
            conv.source = Source.MANUAL
        conventions[cid] = conv
    return Standards(conventions=conventions, settings=settings, rules=data.get("rules", {}))


MAX_PROBLEMS_SHOWN = 10


def _validate(data: Any) -> None:
    found = toml_schema.problems(data)
    if not found:
        return
    lines = [p.message() for p in found[:MAX_PROBLEMS_SHOWN]]
    if len(found) > MAX_PROBLEMS_SHOWN:
        lines.append(f"... and {len(found) - MAX_PROBLEMS_SHOWN} more")
    if len(lines) == 1:
        raise ConfigError(FILENAME, lines[0])
    raise ConfigError(FILENAME, f"{len(found)} problems:\n  " + "\n  ".join(lines))


def _convention(cid: str, entry: dict[str, Any]) -> Convention:
    """A convention from its validated table (defaults for what it leaves out)."""
    support = entry.get("support", [0, 0])
    return Convention(
        id=cid,
        title=entry.get("title", cid),
        category=entry.get("category", "other"),
        language=entry.get("language", "any"),
        value=entry.get("value"),
        level=Level(entry.get("level", "info")),
        source=Source(entry.get("source", "inferred")),
        support=(support[0], support[1]),
        confidence=float(entry.get("confidence", 0.0)),
        examples=list(entry.get("examples", [])),
        counter_examples=list(entry.get("counter_examples", [])),
        enforced_by=list(entry.get("enforced_by", [])),
        why=entry.get("why", ""),
        do=entry.get("do", ""),
        dont=entry.get("dont", ""),
        params=dict(entry.get("params", {})),
        note=entry.get("note", ""),
        explicit_in=entry.get("explicit_in", ""),
    )


def _editable(conv: Convention) -> dict[str, Any]:
    return json.loads(json.dumps({"value": conv.value, "level": conv.level.value, "params": conv.params}))


def _load_snapshot(root: Path) -> dict[str, Any]:
    """What `standards` wrote last time (a cache: anything unreadable counts as none)."""
    if not (root / SNAPSHOT).is_file():
        return {}
    try:
        data = json.loads(fsutil.read_repo_bytes(root, SNAPSHOT))
    except (fsutil.Unreadable, ValueError, RecursionError, MemoryError):
        return {}
    return data if isinstance(data, dict) else {}


def render_snapshot(
    standards: Standards, proofs: dict[str, Any] | None = None, frameworks: dict[str, list[str]] | None = None
) -> str:
    """What this run wrote, per convention; ``proofs`` (see :mod:`standards.proof`) are kept
    beside them under ``"_proofs"`` and the frameworks analysis found under ``"_frameworks"``,
    keys no convention id takes."""
    data: dict[str, Any] = {
        cid: _editable(c) for cid, c in sorted(standards.conventions.items()) if c.source is not Source.MANUAL
    }
    if proofs:
        data["_proofs"] = proofs
    if frameworks is not None:
        data[FRAMEWORKS_KEY] = frameworks
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


def recorded_frameworks(root: Path) -> dict[str, list[str]] | None:
    """The frameworks the last `init`/`update` found (from the code's imports), or None when
    none were recorded: a check on a change uses them instead of scanning every source file."""
    found = _load_snapshot(root).get(FRAMEWORKS_KEY)
    if not isinstance(found, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, list) for k, v in found.items()):
        return None
    return {k: [str(e) for e in v] for k, v in found.items()}


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
    """The new standards.toml text; an existing document is edited in place (tomlkit is
    imported here, where we write: a check only reads, with the stdlib's tomllib)."""
    import tomlkit
    import tomlkit.exceptions
    from tomlkit.items import Table

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
            if key not in entry and key in REMOVABLE:  # a `note`, `meta` and any other key a person added stay
                del table[key]
        for key, value in entry.items():
            if _plain(table.get(key)) != value:
                table[key] = _toml_value(value)
    return tomlkit.dumps(doc)


def _toml_value(value: Any) -> Any:
    import tomlkit

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
