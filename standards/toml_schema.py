"""Check ``standards.toml`` against its published JSON Schema.

``schemas/standards-toml.schema.json`` is the one description of the file's shape: editors and
CI can validate against it with any JSON Schema tool, and `standards` checks it here, once, when
the file is read. This module implements the part of JSON Schema that schema uses (``type``,
``enum``, ``properties``, ``additionalProperties``, ``items``, ``minItems``/``maxItems``,
``minimum``/``maximum`` and ``$ref`` into ``$defs``), so no validator is needed at run time.
Each problem names the table, the key and the value, and suggests the key or value meant.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

SCHEMA_FILE = "standards-toml.schema.json"
FREE_FORM_KEY = "meta"
MAX_SHOWN = 60  # characters of a value quoted in a message
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TYPES: dict[str, tuple[str, Any]] = {
    "string": ("a string", str),
    "integer": ("an integer", int),
    "number": ("a number", (int, float)),
    "boolean": ("true or false", bool),
    "array": ("a list", list),
    "object": ("a table", dict),
}

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One place where the document does not fit the schema."""

    path: Path  # table keys (str) and list indexes (int) from the top of the document
    value: Any  # the value of the key the path ends at (the whole list for a bad item)
    reason: str

    def message(self) -> str:
        keys = [p for p in self.path if isinstance(p, str)]
        if not keys:
            return self.reason
        table = ".".join(_key(k) for k in keys[:-1])
        where = f"[{table}] " if table else ""
        return f"{where}{_key(keys[-1])} = {shown(self.value)}: {self.reason}"


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The published schema of standards.toml (package data: a file beside this module when
    the package is installed as files, which spares the hook importlib.resources' imports)."""
    beside = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemas", SCHEMA_FILE)
    if os.path.isfile(beside):
        with open(beside, encoding="utf-8") as fh:
            text = fh.read()
    else:
        from importlib import resources

        text = resources.files("standards").joinpath("schemas", SCHEMA_FILE).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def problems(document: Any, spec: dict[str, Any] | None = None) -> list[Problem]:
    """Every problem of ``document`` (plain Python values, as tomllib returns them)."""
    root = spec if spec is not None else schema()
    out: list[Problem] = []
    _check(document, root, root, (), document, out)
    return out


def _check(value: Any, spec: dict[str, Any], root: dict[str, Any], path: Path, owner: Any, out: list[Problem]) -> None:
    """Check ``value`` at ``path``; ``owner`` is the value of the key the path last named."""
    ref = spec.get("$ref")
    if ref is not None:
        spec = _resolve(root, ref)
    if isinstance(value, (datetime.date, datetime.time)):  # TOML has them, JSON (and so the schema) does not
        where = _index_prefix(path)
        out.append(Problem(path, owner, f"{where}dates and times are not supported here; quote it as a string"))
        return
    if "type" in spec and not _is_type(value, spec["type"]):
        where = _index_prefix(path)
        out.append(Problem(path, owner, f"{where}must be {_TYPES[spec['type']][0]} (found {shown(value)})"))
        return
    if "enum" in spec and value not in spec["enum"]:
        where = _index_prefix(path)
        choices = [str(c) for c in spec["enum"]]
        out.append(Problem(path, owner, f"{where}must be one of {', '.join(choices)}{_did_you_mean(value, choices)}"))
        return
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in spec and value < spec["minimum"]:
            out.append(Problem(path, owner, f"{_index_prefix(path)}must be at least {spec['minimum']}"))
        if "maximum" in spec and value > spec["maximum"]:
            out.append(Problem(path, owner, f"{_index_prefix(path)}must be at most {spec['maximum']}"))
    if isinstance(value, list):
        _check_list(value, spec, root, path, owner, out)
    elif isinstance(value, dict):
        _check_table(value, spec, root, path, out)


def _check_list(
    value: list[Any], spec: dict[str, Any], root: dict[str, Any], path: Path, owner: Any, out: list[Problem]
) -> None:
    low, high = spec.get("minItems", 0), spec.get("maxItems")
    if len(value) < low or (high is not None and len(value) > high):
        size = f"exactly {low}" if low == high else f"{low} to {high}" if high is not None else f"at least {low}"
        out.append(Problem(path, owner, f"must have {size} items (has {len(value)})"))
        return
    items = spec.get("items", {})  # no schema for the items: still no dates inside
    for index, item in enumerate(value):
        _check(item, items, root, (*path, index), owner, out)


def _check_table(
    value: dict[str, Any], spec: dict[str, Any], root: dict[str, Any], path: Path, out: list[Problem]
) -> None:
    known: dict[str, Any] = spec.get("properties", {})
    extra = spec.get("additionalProperties", True)
    for key, item in value.items():
        if key in known:
            _check(item, known[key], root, (*path, key), item, out)
        elif extra is False:
            out.append(Problem((*path, key), item, _unknown(key, list(known))))
        else:
            _check(item, extra if isinstance(extra, dict) else {}, root, (*path, key), item, out)


def _unknown(key: str, known: list[str]) -> str:
    hint = _did_you_mean(key, known)
    if not hint:
        listed = ", ".join(f"`{k}`" for k in known[:12]) + (", ..." if len(known) > 12 else "")
        hint = f" (known: {listed})" if known else ""
    free = f" (free-form notes go in `{FREE_FORM_KEY}`)" if FREE_FORM_KEY in known else ""
    return f"unknown key{hint}{free}"


def _did_you_mean(word: Any, choices: list[str]) -> str:
    if not isinstance(word, str):
        return ""
    import difflib  # only for a problem

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def _is_type(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return name == "boolean"
    return isinstance(value, _TYPES[name][1])


def _resolve(root: dict[str, Any], ref: str) -> dict[str, Any]:
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    if not isinstance(node, dict):
        raise TypeError(f"{ref} does not name a schema")
    return node


def _index_prefix(path: Path) -> str:
    indexes = []
    for part in reversed(path):
        if not isinstance(part, int):
            break
        indexes.append(part)
    return "".join(f"item {i + 1}: " for i in reversed(indexes))


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else json.dumps(key)


def shown(value: Any) -> str:
    """``value`` as TOML would spell it, cut to a readable length."""
    text = _toml(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 3] + "..."


def _toml(value: Any, depth: int = 0) -> str:
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, dict)) and depth >= 3:
        return "[...]" if isinstance(value, list) else "{...}"
    if isinstance(value, list):
        items = [_toml(v, depth + 1) for v in value[:10]]
        return "[" + ", ".join(items) + (", ..." if len(value) > 10 else "") + "]"
    if isinstance(value, dict):
        pairs = [f"{_key(str(k))} = {_toml(v, depth + 1)}" for k, v in list(value.items())[:10]]
        return "{" + ", ".join(pairs) + (", ..." if len(value) > 10 else "") + "}"
    return str(value)
