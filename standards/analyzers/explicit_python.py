"""What the repository's own Python tool configuration says, as explicit observations.

Read: ``[tool.ruff]`` / ``ruff.toml`` / ``.ruff.toml``, ``[tool.black]``, ``[tool.isort]`` /
``.isort.cfg`` / ``[isort]`` in setup.cfg or tox.ini, ``[flake8]`` in setup.cfg / tox.ini /
``.flake8``, ``[tool.pylint]``, ``.editorconfig`` and ``requires-python``. Legacy
flake8 / isort / black settings are translated to their ruff equivalents (flake8's ``exclude``
becomes ruff's ``lint.exclude``: :func:`flake8_excludes`, emitters/ruff.py). Explicit
observations carry the same ids as inferred ones, so inference prefers them.
A malformed file stops the work with exit code 2, naming the file and line.
"""

from __future__ import annotations

import configparser
import copy
import json
import re
import tomllib
from pathlib import Path
from typing import Any, Callable

from standards import fsutil
from standards.context import Context
from standards.errors import ConfigError
from standards.model import Observation, Source

LANGUAGES = ("python",)

GENERATED = ".standards/generated.json"
TARGETS = ("py37", "py38", "py39", "py310", "py311", "py312", "py313", "py314")


def analyze(ctx: Context) -> list[Observation]:
    cfg = read_all(ctx.root)
    ctx.explicit["python"] = cfg
    out: list[Observation] = []
    for key, (value, where) in sorted(cfg.items()):
        maker = MAKERS.get(key)
        if maker is not None:
            obs = maker(value)
            if obs is not None:
                obs.source = Source.EXPLICIT
                obs.explicit_in = where
                out.append(obs)
    isort = isort_settings(cfg)
    if isort:
        where = next(w for k, (_, w) in sorted(cfg.items()) if k.startswith("isort."))
        out.append(
            Observation(
                id="py.imports.sorted",
                title="Imports are sorted (isort style)",
                category="imports",
                language="python",
                value=", ".join(f"{k.split('.')[-1]} = {str(v).lower()}" for k, v in isort.items()),
                support=0,
                total=0,
                enforced_by=["ruff:I001"],
                params={"ruff": isort},
                source=Source.EXPLICIT,
                explicit_in=where,
                why="Sorted imports never conflict in merges and show dependencies at a glance.",
                do="run `ruff check --select I --fix` on the file",
            )
        )
    return out


# --- reading -------------------------------------------------------------------------------


def load_toml(root: Path, rel: str) -> dict[str, Any] | None:
    """A TOML config of the repository (None when absent); exit 2 naming it when it cannot be read."""
    if not fsutil.present(root, rel):
        return None
    text = fsutil.read_repo_config(root, rel)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(rel, f"not valid TOML: {exc}", int(m.group(1)) if m else None) from None
    except (RecursionError, MemoryError):
        raise ConfigError(rel, "nested too deeply to read") from None


def load_ini(root: Path, rel: str) -> configparser.ConfigParser | None:
    """An INI config of the repository (None when absent); exit 2 naming it when it cannot be read."""
    if not fsutil.present(root, rel):
        return None
    text = fsutil.read_repo_config(root, rel, lenient=True)
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text, source=rel)
    except configparser.Error as exc:
        line = getattr(exc, "lineno", None)
        raise ConfigError(
            rel, f"not a valid INI file: {exc.message if hasattr(exc, 'message') else exc}", line
        ) from None
    return parser


def read_all(root: Path) -> dict[str, tuple[Any, str]]:
    """Normalised settings → (value, file that says it). Earlier sources win."""
    found: dict[str, tuple[Any, str]] = {}

    def put(key: str, value: Any, where: str) -> None:
        if value is not None and key not in found:
            found[key] = (value, where)

    ours = _generated_ruff(root)
    pyproject = load_toml(root, "pyproject.toml") or {}
    tool = pyproject.get("tool", {}) if isinstance(pyproject.get("tool"), dict) else {}
    for rel in ("ruff.toml", ".ruff.toml"):
        data = load_toml(root, rel)
        if data is not None:
            _ruff(_without(data, ours), rel, put)
    if isinstance(tool.get("ruff"), dict):
        _ruff(_without(tool["ruff"], ours), "pyproject.toml", put)
    if isinstance(tool.get("black"), dict):
        _black(tool["black"], "pyproject.toml", put)
    if isinstance(tool.get("isort"), dict):
        _isort({k.replace("-", "_"): v for k, v in tool["isort"].items()}, "pyproject.toml", put)
    for rel in (".isort.cfg", "setup.cfg", "tox.ini"):
        ini = load_ini(root, rel)
        if ini is None:
            continue
        for section in ("isort", "tool:isort", "settings"):
            if ini.has_section(section) and (section != "settings" or rel == ".isort.cfg"):
                _isort({k: _ini_value(v) for k, v in ini.items(section)}, rel, put)
    for rel in (".flake8", "setup.cfg", "tox.ini"):
        ini = load_ini(root, rel)
        if ini is not None and ini.has_section("flake8"):
            _flake8({k.replace("-", "_"): v for k, v in ini.items("flake8")}, rel, put)
    if isinstance(tool.get("pylint"), dict):
        _pylint(tool["pylint"], put)
    _editorconfig(root, put)
    requires = (
        (pyproject.get("project") or {}).get("requires-python") if isinstance(pyproject.get("project"), dict) else None
    )
    if isinstance(requires, str):
        target = target_from_requires(requires)
        if target:
            put("target-version", target, "pyproject.toml")
    return found


def _generated_ruff(root: Path) -> dict[str, Any]:
    """The ruff settings `standards` itself wrote last time (not the user's word)."""
    if not (root / GENERATED).is_file():
        return {}
    try:
        data = json.loads(fsutil.read_repo_bytes(root, GENERATED))
    except (fsutil.Unreadable, ValueError, RecursionError, MemoryError):
        return {}  # a cache of what we wrote: without it, every setting counts as the project's
    ruff = data.get("ruff") if isinstance(data, dict) else None
    return ruff if isinstance(ruff, dict) else {}


def _without(data: dict[str, Any], ours: dict[str, Any]) -> dict[str, Any]:
    """``data`` minus the dotted keys whose value is the one `standards` wrote."""
    result = copy.deepcopy(data)
    for dotted, value in ours.items():
        additions = dotted.startswith("+")
        parts = dotted.lstrip("+").split(".")
        node: Any = result
        for part in parts[:-1]:
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict) or parts[-1] not in node:
            continue
        if additions and isinstance(node[parts[-1]], list) and isinstance(value, list):
            node[parts[-1]] = [v for v in node[parts[-1]] if v not in value]
        elif additions and isinstance(node[parts[-1]], dict) and isinstance(value, dict):
            node[parts[-1]] = {
                g: [c for c in codes if c not in value.get(g, [])] for g, codes in node[parts[-1]].items()
            }
        elif node[parts[-1]] == value:
            del node[parts[-1]]
    return result


def _ini_value(v: str) -> Any:
    low = v.strip().lower()
    if low in ("true", "yes", "on"):
        return True
    if low in ("false", "no", "off"):
        return False
    if re.fullmatch(r"-?\d+", low):
        return int(low)
    return v.strip()


FLAKE8_FILES = (".flake8", "setup.cfg", "tox.ini")
# what flake8 excludes by default; ruff skips these (or never sees them) by its own defaults
FLAKE8_DEFAULTS = frozenset({".svn", "CVS", ".bzr", ".hg", ".git", "__pycache__", ".tox", ".nox", ".eggs", "*.egg"})


def flake8_excludes(root: Path) -> tuple[list[str], str]:
    """The paths the project's flake8 never checks (``exclude`` and ``extend-exclude`` of the
    first of FLAKE8_FILES with a ``[flake8]`` section, the order ``read_all`` reads them in),
    as ruff patterns, and that file; flake8's own defaults left out. Its ``exclude`` patterns
    match a file or folder name at any depth, or a path, as ruff's do."""
    for rel in FLAKE8_FILES:
        ini = load_ini(root, rel)
        if ini is None or not ini.has_section("flake8"):
            continue
        items = {k.replace("-", "_"): v for k, v in ini.items("flake8")}
        patterns = [
            p.removeprefix("./").rstrip("/")
            for key in ("exclude", "extend_exclude")
            for p in _split(items.get(key, ""))
        ]
        return [p for p in dict.fromkeys(patterns) if p and p not in FLAKE8_DEFAULTS], rel
    return [], ""


def _split(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [p.strip() for p in re.split(r"[,\s]+", str(value)) if p.strip()]


def _ruff(data: dict[str, Any], where: str, put: Callable[[str, Any, str], None]) -> None:
    lint = data.get("lint", {}) if isinstance(data.get("lint"), dict) else {}

    def get(*keys: str) -> Any:
        for scope in (lint, data):
            node: Any = scope
            for k in keys:
                node = node.get(k) if isinstance(node, dict) else None
            if node is not None:
                return node
        return None

    put("line-length", data.get("line-length"), where)
    put("target-version", data.get("target-version"), where)
    put("indent-width", data.get("indent-width"), where)
    put("quotes", get("flake8-quotes", "inline-quotes") or (data.get("format") or {}).get("quote-style"), where)
    put("docstring-convention", get("pydocstyle", "convention"), where)
    put("max-complexity", get("mccabe", "max-complexity"), where)
    put("max-line-length", get("pycodestyle", "max-line-length"), where)
    isort = get("isort")
    if isinstance(isort, dict):
        for key in (
            "force-single-line",
            "combine-as-imports",
            "force-sort-within-sections",
            "order-by-type",
            "case-sensitive",
            "lines-after-imports",
            "lines-between-types",
            "single-line-exclusions",
        ):
            if key in isort:
                put(f"isort.{key}", isort[key], where)
        put("required-imports", isort.get("required-imports"), where)
    put("select", get("select"), where)
    put("ignore", get("ignore"), where)


def _black(data: dict[str, Any], where: str, put: Callable[[str, Any, str], None]) -> None:
    put("line-length", data.get("line-length", data.get("line_length")), where)
    if data.get("skip-string-normalization") or data.get("skip_string_normalization"):
        put("quote-preserve", True, where)
    put("formatter", "black", where)


def _isort(data: dict[str, Any], where: str, put: Callable[[str, Any, str], None]) -> None:
    profile = data.get("profile")
    if profile == "black":
        put("isort.profile", "black", where)
    for src, dst in (
        ("force_single_line", "force-single-line"),
        ("combine_as_imports", "combine-as-imports"),
        ("force_sort_within_sections", "force-sort-within-sections"),
        ("case_sensitive", "case-sensitive"),
        ("lines_after_imports", "lines-after-imports"),
        ("lines_between_types", "lines-between-types"),
    ):
        if src in data:
            put(f"isort.{dst}", data[src], where)
    if "force_sort_within_sections" not in data and data.get("force_alphabetical_sort"):
        put("isort.force-sort-within-sections", True, where)
    if "order_by_type" in data:
        put("isort.order-by-type", data["order_by_type"], where)
    if data.get("add_imports"):
        put(
            "required-imports",
            _split(data["add_imports"]) if not isinstance(data["add_imports"], list) else data["add_imports"],
            where,
        )


def _flake8(data: dict[str, Any], where: str, put: Callable[[str, Any, str], None]) -> None:
    if "max_line_length" in data:
        put("max-line-length", int(data["max_line_length"]), where)
    if "max_complexity" in data:
        put("max-complexity", int(data["max_complexity"]), where)
    if "docstring_convention" in data:
        put("docstring-convention", data["docstring_convention"], where)
    if "inline_quotes" in data:
        q = data["inline_quotes"].strip("'\"")
        put("quotes", "single" if q in ("single", "'") else "double", where)
    ignored = _split(data.get("ignore", "")) + _split(data.get("extend_ignore", ""))
    if ignored:
        put("flake8-ignore", ignored, where)


def _pylint(data: dict[str, Any], put: Callable[[str, Any, str], None]) -> None:
    fmt = data.get("format") or data.get("FORMAT") or {}
    if isinstance(fmt, dict) and "max-line-length" in fmt:
        put("max-line-length", fmt["max-line-length"], "pyproject.toml")
    design = data.get("design") or data.get("DESIGN") or {}
    if isinstance(design, dict) and "max-args" in design:
        put("max-args", design["max-args"], "pyproject.toml")


def _editorconfig(root: Path, put: Callable[[str, Any, str], None]) -> None:
    if not fsutil.present(root, ".editorconfig"):
        return
    section_applies = False
    for raw in fsutil.read_repo_config(root, ".editorconfig", lenient=True).splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            glob = line.strip("[]")
            section_applies = glob in ("*", "*.py") or ("py" in glob and "{" in glob)
            continue
        if section_applies and "=" in line:
            key, _, value = (p.strip().lower() for p in line.partition("="))
            if key == "indent_size" and value.isdigit():
                put("indent-width", int(value), ".editorconfig")
            elif key == "indent_style" and value == "tab":
                put("indent-style", "tab", ".editorconfig")
            elif key == "max_line_length" and value.isdigit():
                put("line-length", int(value), ".editorconfig")


def target_from_requires(spec: str) -> str | None:
    m = re.search(r">=?\s*3\.(\d+)", spec) or re.search(r"~=\s*3\.(\d+)", spec) or re.search(r"==\s*3\.(\d+)", spec)
    if not m:
        return None
    target = f"py3{m.group(1)}"
    return target if target in TARGETS else None


# --- observations --------------------------------------------------------------------------


def _obs(
    cid: str,
    title: str,
    category: str,
    value: Any,
    params: dict[str, Any] | None = None,
    enforced_by: list[str] | None = None,
    why: str = "",
) -> Observation:
    return Observation(
        id=cid,
        title=title,
        category=category,
        language="python",
        value=value,
        support=0,
        total=0,
        params=params or {},
        enforced_by=enforced_by or [],
        why=why,
    )


def _line_length(v: Any) -> Observation:
    return _obs(
        "py.format.line_length",
        f"Lines are at most {v} characters",
        "formatting",
        int(v),
        {"ruff": {"line-length": int(v)}},
        why="The maintainers set this width for the formatter.",
    )


def _max_line_length(v: Any) -> Observation:
    return _obs(
        "py.format.max_line_length",
        f"No line longer than {v} characters",
        "formatting",
        int(v),
        {"ruff": {"lint.pycodestyle.max-line-length": int(v)}},
        ["ruff:E501"],
        why="The maintainers set this hard limit.",
    )


def _quotes(v: Any) -> Observation | None:
    if v not in ("single", "double"):
        return None
    return _obs(
        "py.format.quotes",
        f"Strings use {v} quotes",
        "formatting",
        v,
        {"ruff": {"lint.flake8-quotes.inline-quotes": v, "format.quote-style": v}},
        ["ruff:Q000"],
        why="The maintainers chose this quote style.",
    )


def _docstyle(v: Any) -> Observation | None:
    if v not in ("google", "numpy", "pep257"):
        return None
    return _obs(
        "py.docs.convention",
        f"Docstrings follow the {v} convention",
        "docs",
        v,
        {"ruff": {"lint.pydocstyle.convention": v}},
        why="The maintainers chose this docstring style.",
    )


def _target(v: Any) -> Observation | None:
    if v not in TARGETS:
        return None
    return _obs(
        "py.target_version",
        f"Code targets Python {v[2]}.{v[3:]}+",
        "language",
        v,
        {"ruff": {"target-version": v}},
        why="Syntax and library features newer than this break supported installs.",
    )


def _complexity(v: Any) -> Observation:
    return _obs(
        "py.size.complexity",
        f"McCabe complexity at most {v}",
        "size",
        int(v),
        {"ruff": {"lint.mccabe.max-complexity": int(v)}},
        ["ruff:C901"],
        why="The maintainers cap function complexity.",
    )


def _required(v: Any) -> Observation | None:
    if not isinstance(v, list) or not v:
        return None
    future = any("__future__" in s and "annotations" in s for s in v)
    cid = "py.imports.future_annotations" if future and len(v) == 1 else "py.imports.required"
    return _obs(
        cid,
        f"Every module starts with {', '.join(v)}",
        "imports",
        v[0] if len(v) == 1 else v,
        {"ruff": {"lint.isort.required-imports": v}},
        ["ruff:I002"],
        why="The maintainers require these imports in every module.",
    )


def _indent(v: Any) -> Observation:
    return _obs(
        "py.format.indent",
        f"Indent with {v} spaces",
        "formatting",
        f"{v} spaces",
        {"ruff": {"indent-width": int(v)}} if int(v) != 4 else {},
        ["ruff:E111"],
    )


MAKERS: dict[str, Callable[[Any], Observation | None]] = {
    "line-length": _line_length,
    "max-line-length": _max_line_length,
    "quotes": _quotes,
    "docstring-convention": _docstyle,
    "target-version": _target,
    "max-complexity": _complexity,
    "required-imports": _required,
    "indent-width": _indent,
}


def isort_settings(cfg: dict[str, tuple[Any, str]]) -> dict[str, Any]:
    """The explicit isort options as ruff ``lint.isort.*`` settings."""
    return {f"lint.{k}": v for k, (v, _) in cfg.items() if k.startswith("isort.") and k != "isort.profile"}
