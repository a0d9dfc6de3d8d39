"""Exception handlers: bare ``except:`` and broad ``except Exception:`` that swallow errors.

A broad handler is acceptable to ruff's BLE001 when it re-raises, or logs the traceback
(``logger.exception(...)`` or ``exc_info=True``); the same handlers are accepted here.
"""

from __future__ import annotations

import ast

from standards.analyzers import _pyindex
from standards.analyzers._evidence import Tally
from standards.analyzers._pyindex import ModuleIndex
from standards.analyzers._style import cite_first
from standards.context import Context
from standards.model import Observation

LANGUAGES = ("python",)

BROAD = frozenset({"Exception", "BaseException", "builtins.Exception", "builtins.BaseException"})


def is_broad(handler: ast.ExceptHandler) -> bool:
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(_pyindex.dotted(t) in BROAD for t in types if t is not None)


def handles_properly(handler: ast.ExceptHandler) -> bool:
    """The handler re-raises or logs the traceback somewhere in its body."""
    for node in (n for stmt in handler.body for n in ast.walk(stmt)):
        if isinstance(node, ast.Raise):
            return True
        if isinstance(node, ast.Call):
            if _pyindex.dotted(node.func).rsplit(".", 1)[-1] == "exception":
                return True
            if any(k.arg == "exc_info" for k in node.keywords):
                return True
    return False


def _snippet(idx: ModuleIndex, handler: ast.ExceptHandler) -> str:
    return idx.module.line(handler.lineno).strip()


def _nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in counts.items() if v}


def analyze(ctx: Context) -> list[Observation]:
    bare, broad = Tally(weight=ctx.recency), Tally(weight=ctx.recency)
    do_snippet = do_place = ""
    for idx in _pyindex.modules(ctx):
        for handler in idx.excepts:
            is_bare = handler.type is None
            bare.add("bare" if is_bare else "typed", idx.path, handler.lineno)
            if is_bare:
                continue
            swallowing = is_broad(handler) and not handles_properly(handler)
            broad.add("broad" if swallowing else "specific", idx.path, handler.lineno)
            if not swallowing and not do_snippet and not is_broad(handler):
                do_snippet, do_place = _snippet(idx, handler), idx.where(handler.lineno)
    out = []
    if bare.total:
        obs = bare.observation(
            "typed",
            id="py.errors.bare_except",
            title="No bare except:",
            category="errors",
            language="python",
            enforced_by=["ruff:E722"],
            why="A bare except also catches KeyboardInterrupt and SystemExit and hides bugs.",
            do="except ValueError:",
            dont="except:",
        )
        assert obs is not None
        cite_first(obs, do_snippet, do_place)
        obs.value = "no bare except"
        obs.counts = _nonzero({"no bare except": bare.counts["typed"], "bare except": bare.counts["bare"]})
        out.append(obs)
    if broad.total:
        obs = broad.observation(
            "specific",
            id="py.errors.broad_except",
            title="No broad except Exception that swallows the error",
            category="errors",
            language="python",
            enforced_by=["ruff:BLE001"],
            why="Catching Exception without re-raising or logging the traceback hides failures.",
            do="except KeyError:",
            dont="except Exception:\n    pass",
            note="handlers that re-raise or log with logger.exception / exc_info=True are fine",
        )
        assert obs is not None
        cite_first(obs, do_snippet, do_place)
        obs.value = "no broad except"
        obs.counts = _nonzero({"no broad except": broad.counts["specific"], "broad except": broad.counts["broad"]})
        out.append(obs)
    return out
