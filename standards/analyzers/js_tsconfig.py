"""How strictly TypeScript compiles here, read from the root ``tsconfig.json`` as data.

``strict`` and the flags agents most often trip over (``noImplicitAny``, ``strictNullChecks``,
``noUncheckedIndexedAccess``) are explicit conventions: new code must type-check under them.
``extends`` is followed to files inside the repository (relative paths, an array of them as in
TypeScript 5, ``.json`` added when missing), nearest setting winning, at most :data:`MAX_CHAIN`
files deep and never in a circle; a package (``@tsconfig/node20/tsconfig.json``) or a path that
leaves the repository is not read, and the convention's note names it. A file that is not JSON
with comments stops the run naming the file and line.

`standards check` does not run ``tsc``, so these conventions are documented (warn at most),
never listed as enforced; the project's own type check holds them.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

from standards import fsutil
from standards.analyzers._configfiles import load_jsonc
from standards.context import Context
from standards.errors import ConfigError
from standards.model import Observation, Source

LANGUAGES = ("typescript",)
ROOT_CONFIG = "tsconfig.json"
MAX_CHAIN = 8
NO_SUCH_FILE = "no such file"
STRICT_FAMILY = (
    "noImplicitAny",
    "strictNullChecks",
    "strictFunctionTypes",
    "strictBindCallApply",
    "strictPropertyInitialization",
    "noImplicitThis",
    "alwaysStrict",
    "useUnknownInCatchVariables",
)
# flag -> (convention id, what it asks of code, a deviation it refuses)
FLAGS = {
    "noImplicitAny": (
        "ts.types.no_implicit_any",
        "every value has a type",
        "function parse(text) { return JSON.parse(text) }",
    ),
    "strictNullChecks": (
        "ts.types.strict_null_checks",
        "null and undefined are checked",
        "const size: number = undefined",
    ),
    "noUncheckedIndexedAccess": (
        "ts.types.no_unchecked_indexed_access",
        "indexed reads may be undefined",
        "const first: string = names[0]",
    ),
}


@dataclass
class Chain:
    """The compiler options of a tsconfig and the files they came from, nearest first."""

    options: dict[str, Any] = field(default_factory=dict)
    set_in: dict[str, str] = field(default_factory=dict)  # option -> file that set it
    files: list[str] = field(default_factory=list)
    not_followed: list[str] = field(default_factory=list)  # "extends X: why"


def read_chain(ctx: Context, start: str = ROOT_CONFIG) -> Chain:
    """``start`` and what it extends inside the repository, nearest setting first."""
    chain = Chain()
    pending = [start]
    while pending:
        path = pending.pop(0)
        if path in chain.files:
            chain.not_followed.append(f"extends {path}: a circle, read once")
            continue
        if len(chain.files) >= MAX_CHAIN:
            chain.not_followed.append(f"extends {path}: more than {MAX_CHAIN} files deep, not read")
            continue
        config = load_jsonc(path, _read(ctx, path))
        if not isinstance(config, dict):
            raise ConfigError(path, "a tsconfig must be an object")
        chain.files.append(path)
        options = config.get("compilerOptions", {})
        if not isinstance(options, dict):
            raise ConfigError(path, "compilerOptions must be an object")
        for key, value in options.items():
            if key not in chain.options:  # a nearer file already set it
                chain.options[key] = value
                chain.set_in[key] = path
        pending = [*_extended(ctx, path, config.get("extends"), chain), *pending]
    return chain


def _extended(ctx: Context, path: str, extends: Any, chain: Chain) -> list[str]:
    """The repository files ``extends`` names, in the order TypeScript reads them (later wins,
    so the last comes first here); the others are noted."""
    names = [extends] if isinstance(extends, str) else [e for e in extends if isinstance(e, str)] if extends else []
    out = []
    for name in reversed(names):
        if not name.startswith(("./", "../")):
            chain.not_followed.append(f"extends {name}: a package, not read")
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(path), name))
        if not target.endswith(".json"):
            target += ".json"
        if target.startswith("../") or not fsutil.inside(ctx.root, ctx.root / target):
            chain.not_followed.append(f"extends {name}: outside the repository, not read")
        elif not fsutil.present(ctx.root, target):
            chain.not_followed.append(f"extends {name}: {NO_SUCH_FILE}")
        else:
            out.append(target)
    return out


def _read(ctx: Context, path: str) -> str:
    return ctx.config_text(path)


def _source(chain: Chain, option: str) -> str:
    return chain.set_in.get(option, chain.files[0])


def _observation(
    cid: str, title: str, value: Any, chain: Chain, option: str, why: str, dont: str, counts: dict[str, int]
) -> Observation:
    where = _source(chain, option)
    note = "; ".join(["checked by the project's tsc, not by `standards check`", *chain.not_followed])
    return Observation(
        id=cid,
        title=title,
        category="types",
        language="typescript",
        value=value,
        support=0,
        total=0,
        counts=counts,
        params={"tsc": {option: value}},
        why=f"{where} sets the compiler's {option}; {why}.",
        do="npx tsc --noEmit",
        dont=dont,
        source=Source.EXPLICIT,
        explicit_in=where,
        note=note,
    )


def analyze(ctx: Context) -> list[Observation]:
    if not fsutil.present(ctx.root, ROOT_CONFIG):
        return []
    chain = read_chain(ctx)
    options = chain.options
    unread = any(not n.endswith(NO_SUCH_FILE) for n in chain.not_followed)  # a base we did not read may set more
    strict = options.get("strict") is True
    enabled = [flag for flag in STRICT_FAMILY if options.get(flag, strict) is True]
    out = []
    if "strict" in options or not unread:
        out.append(
            _observation(
                "ts.types.strict",
                "Compiles in TypeScript's strict mode" if strict else "Compiles without TypeScript's strict mode",
                strict,
                chain,
                "strict",
                "new code type-checks under it" if strict else "the strict family is off unless a flag turns it on",
                "let data = JSON.parse(text) as any" if strict else "",
                {flag: 1 for flag in enabled},
            )
        )
    for flag, (cid, asks, dont) in FLAGS.items():
        implied = flag in STRICT_FAMILY and strict
        if flag not in options and not implied:
            continue  # off by default, unless a base we could not read turns it on: not stated either way
        on = options.get(flag, implied) is True
        title = f"{flag} is on ({asks})" if on else f"{flag} is off"
        origin = flag if flag in options else "strict"
        out.append(_observation(cid, title, on, chain, origin, asks if on else "it is switched off", dont, {}))
    return out
