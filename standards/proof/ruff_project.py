"""The project's ruff configuration read as data, and a private copy of it to run.

The root config (``ruff.toml``, ``.ruff.toml`` or ``[tool.ruff]`` in ``pyproject.toml``) and
the ``extend`` chain it names are parsed as TOML. The chain is followed inside the repository
only: an ``extend`` that leads outside it (an absolute path, ``..``, a symlink, ``~`` or an
environment variable) stops the run with exit 2 naming the file and the key, and nothing of
the target is read or echoed.

To run ruff with settings that are not written yet, :func:`private_config` writes the ruff
table to a private temporary directory with its ``extend`` made absolute (so a relative
``extend`` keeps working) and runs ruff from the repository root, which ruff then takes as
the project root: ``per-file-ignores``, ``exclude`` and ``src`` resolve as they do in place.
"""

from __future__ import annotations

import contextlib
import os
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from standards import fsutil, procutil, ruff_tool
from standards.errors import ConfigError, StandardsError

ROOT_CONFIGS = ("ruff.toml", ".ruff.toml", "pyproject.toml")
MAX_CHAIN = 10
RUFF_TIMEOUT = 300
_REQUIRES = re.compile(r"(?:>=|~=|==|>)\s*3\.(\d+)")


@dataclass(frozen=True)
class Layer:
    """One file of the chain and its ruff settings (the ``[tool.ruff]`` table of a pyproject.toml)."""

    path: str  # repository path
    table: dict[str, Any]


@dataclass(frozen=True)
class Chain:
    """The root config first, then each file it extends."""

    layers: tuple[Layer, ...]
    requires_python: str = ""

    def setter(self, dotted: str) -> str | None:
        """The file that sets ``dotted`` (the nearest to the root config), or None."""
        for layer in self.layers:
            if lookup(layer.table, dotted) is not None:
                return layer.path
        return None

    def value(self, dotted: str, default: Any = None) -> Any:
        for layer in self.layers:
            found = lookup(layer.table, dotted)
            if found is not None:
                return found
        return default

    @property
    def preview(self) -> bool:
        return bool(self.value("lint.preview", self.value("preview", False)))


def lookup(table: dict[str, Any], dotted: str) -> Any:
    node: Any = table
    for part in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def key_name(rel: str, key: str) -> str:
    """How a ruff key is spelled in ``rel`` (``tool.ruff.extend`` in a pyproject.toml)."""
    return f"tool.ruff.{key}" if Path(rel).name == "pyproject.toml" else key


def root_config(root: Path) -> str | None:
    """The config ruff reads for files at the root: the first of ruff.toml, .ruff.toml, and a
    pyproject.toml with a [tool.ruff] table."""
    for rel in ROOT_CONFIGS:
        path = root / rel
        if not path.is_file() and not path.is_symlink():
            continue
        if rel != "pyproject.toml":
            return rel
        if ruff_table(parse(fsutil.read_repo_config(root, rel), rel), rel) is not None:
            return rel
    return None


def parse(text: str, rel: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"line (\d+)", str(exc))
        raise ConfigError(rel, f"not valid TOML: {exc}", int(at[1]) if at else None) from None
    except (RecursionError, MemoryError):
        raise ConfigError(rel, "nested too deeply to read") from None


def ruff_table(doc: dict[str, Any], rel: str) -> dict[str, Any] | None:
    if Path(rel).name != "pyproject.toml":
        return doc
    tool = doc.get("tool")
    table = tool.get("ruff") if isinstance(tool, dict) else None
    return table if isinstance(table, dict) else None


def read_chain(root: Path, rel: str, table: dict[str, Any], requires_python: str = "") -> Chain:
    """``table`` (the settings of ``rel``) and the files its ``extend`` chain names."""
    layers = [Layer(rel, table)]
    seen = {rel}
    while "extend" in layers[-1].table:
        here = layers[-1]
        target_rel = extend_target(root, here)
        if target_rel in seen:
            raise ConfigError(here.path, f"{key_name(here.path, 'extend')} makes a cycle (back to {target_rel})")
        if len(layers) >= MAX_CHAIN:
            key = key_name(here.path, "extend")
            raise ConfigError(here.path, f"{key}: more than {MAX_CHAIN} files extend each other")
        seen.add(target_rel)
        doc = parse(fsutil.read_repo_config(root, target_rel), target_rel)
        layers.append(Layer(target_rel, ruff_table(doc, target_rel) or {}))
    return Chain(tuple(layers), requires_python)


def extend_target(root: Path, layer: Layer) -> str:
    """The repository path ``extend`` names in ``layer``; exit 2 when it leads elsewhere."""
    key = key_name(layer.path, "extend")
    value = layer.table.get("extend")
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(layer.path, f"{key} must be the path of a TOML file")
    if "$" in value or value.startswith("~"):
        raise ConfigError(layer.path, f"{key} = {value!r} names its file through ~ or a variable; not followed")
    target = (root / layer.path).parent / value
    if not fsutil.inside(root, target):
        raise ConfigError(
            layer.path,
            f"{key} = {value!r} points outside the repository; not followed "
            "(standards reads the project's ruff settings from the repository only)",
        )
    return os.path.relpath(target.resolve(), root.resolve()).replace(os.sep, "/")


def chain_of_text(root: Path, rel: str, text: str | None) -> Chain:
    """The chain that ``text``, as the content of ``rel``, would make."""
    doc = parse(text, rel) if text else {}
    table = ruff_table(doc, rel) or {}
    project = doc.get("project") if Path(rel).name == "pyproject.toml" else None
    requires = project.get("requires-python", "") if isinstance(project, dict) else ""
    return read_chain(root, rel, table, requires if isinstance(requires, str) else "")


def verify(root: Path) -> Chain | None:
    """The repository's own root config and its chain, checked to stay inside the repository."""
    rel = root_config(root)
    if rel is None:
        return None
    return chain_of_text(root, rel, fsutil.read_repo_config(root, rel))


def ignores(chain: Chain) -> tuple[str, ...]:
    """Every selector in the ``ignore`` lists of a config and its chain (``standards`` never
    writes one, so these are the project's)."""
    found: list[str] = []
    for layer in chain.layers:
        for key in ("lint.ignore", "ignore"):
            value = lookup(layer.table, key)
            found += [str(v) for v in value if str(v) != "ALL"] if isinstance(value, list) else []
    return tuple(dict.fromkeys(found))


def selections(chain: Chain) -> tuple[str, ...]:
    """Every selector of the ``select`` and ``extend-select`` lists of a config and its chain."""
    found: list[str] = []
    for layer in chain.layers:
        for key in ("lint.select", "select", "lint.extend-select", "extend-select"):
            value = lookup(layer.table, key)
            found += [str(v) for v in value] if isinstance(value, list) else []
    return tuple(dict.fromkeys(found))


def warn_codes(codes: list[str], chain: Chain | None) -> list[str]:
    """The warn-level codes `standards check` adds on ruff's command line: those the installed
    ruff runs, less those the project ignores (a command-line selection would override its ignore)."""
    from standards.proof import ruff_rules

    if chain is None:
        return ruff_rules.usable(codes, False)
    ignored = ignores(chain)
    return [c for c in ruff_rules.usable(codes, chain.preview) if not any(c.startswith(i) for i in ignored)]


def verify_for(root: Path, paths: list[str]) -> Chain | None:
    """:func:`verify` for every config ruff would discover for ``paths`` (the root's and those
    of the folders on their way), so that no ``extend`` of a nested config leads ruff outside
    the repository either. Returns the root's chain."""
    chain = verify(root)
    folders = {str(PurePosixPath(p).parent) for p in paths}
    seen: set[str] = {"."}
    for folder in sorted(folders):
        parts = PurePosixPath(folder).parts
        for i in range(1, len(parts) + 1):
            here = "/".join(parts[:i])
            if here in seen:
                continue
            seen.add(here)
            for name in ROOT_CONFIGS:
                rel = f"{here}/{name}"
                if (root / rel).is_file() or (root / rel).is_symlink():
                    text = fsutil.read_repo_config(root, rel)
                    if name != "pyproject.toml" or ruff_table(parse(text, rel), rel) is not None:
                        chain_of_text(root, rel, text)
                        break
    return chain


def private_table(root: Path, chain: Chain) -> dict[str, Any]:
    """The root layer's settings as ruff would apply them in place, for a copy kept elsewhere."""
    table = dict(chain.layers[0].table)
    if len(chain.layers) > 1:
        table["extend"] = str((root / chain.layers[1].path).resolve())
    if chain.setter("target-version") is None and chain.requires_python:
        m = _REQUIRES.search(chain.requires_python)
        if m:
            table["target-version"] = f"py3{m[1]}"  # what ruff infers from requires-python
    return table


@contextlib.contextmanager
def private_config(root: Path, rel: str, text: str | None) -> Iterator[tuple[Path, Chain]]:
    """A private ruff.toml equivalent to ``text`` standing at ``rel``, and its chain."""
    import tomlkit  # only init and the proofs write a private config: the hook's check never loads it

    chain = chain_of_text(root, rel, text)
    with procutil.scratch_dir() as tmp:
        config = tmp / "ruff.toml"
        config.write_text(tomlkit.dumps(private_table(root, chain)), encoding="utf-8")
        yield config, chain


def ruff_exe() -> str:
    exe = ruff_tool.ruff_bin()
    if exe is None:
        raise StandardsError("ruff is not installed; reinstall standards (it pins ruff)")
    return exe


def run(root: Path, config: Path, args: list[str], stdin: str | None = None) -> procutil.Completed:
    """``ruff <args> --config <config>`` from the repository root (the project root to ruff)."""
    argv = [ruff_exe(), *args[:1], "--config", str(config), "--no-cache", *args[1:]]
    data = stdin.encode("utf-8") if stdin is not None else None
    return procutil.run(argv, cwd=root, timeout=RUFF_TIMEOUT, input=data)


@dataclass(frozen=True)
class Settings:
    """What ruff resolved for one file: the rules it enables and what it warned about."""

    enabled: frozenset[str]
    warnings: tuple[str, ...]
    text: str


_ENABLED_CODE = re.compile(r"\(([A-Z]+[0-9]+)\),?$")


def show_settings(root: Path, config: Path, extend_select: list[str] | None = None, name: str = "") -> Settings:
    """``ruff check --show-settings`` under ``config`` (the same for every file, as ``--config``
    names it); exit 2 when ruff does not load it, calling the private copy ``name`` (the file
    it stands for). The file asked about is a probe beside the private config: the repository
    may have no Python file yet."""
    more = ["--extend-select", ",".join(extend_select)] if extend_select else []
    probe = config.parent / "standards_probe.py"
    probe.write_text("", encoding="utf-8")
    proc = run(root, config, ["check", "--show-settings", *more, str(probe)])
    if proc.returncode != 0:
        said = [
            line.strip().replace(str(config), name or "the settings") for line in proc.err.splitlines() if line.strip()
        ]
        raise StandardsError(f"ruff does not load the settings: {' / '.join(said[-3:])[:400]}")
    enabled: set[str] = set()
    inside_list = False
    for line in proc.out.splitlines():
        if line.startswith("linter.rules.enabled = ["):
            inside_list = True
        elif inside_list and line.startswith("]"):
            break
        elif inside_list and (m := _ENABLED_CODE.search(line.strip())):
            enabled.add(m[1])
    warnings = tuple(line.removeprefix("warning:").strip() for line in proc.err.splitlines() if "warning" in line)
    return Settings(frozenset(enabled), warnings, proc.out)
