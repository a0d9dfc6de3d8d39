"""The plan the hook's quick verdict follows (:mod:`standards.check.quick`), written by the check.

After a `check --staged`, the check writes down what its verdict on a Python change depends
on besides the change itself: the `ruff check` argv it runs (with the warn-level codes it adds),
whether it runs `ruff format --diff`, the level of every ruff code a convention names and the
project's own selections (for the codes none names), the rules of ours that apply to a Python
change with what could make each fire (:attr:`standards.rules.Switch.quiet_unless`), and the
constants its judgement uses. With it, the signature of every file it was derived from, so
that the plan stops holding the moment one of them changes.

The plan goes to the user's cache (``$XDG_CACHE_HOME/standards/hook``), never into the
repository. Writing it is an optimisation: when the cache cannot be written, nothing is said
and the next hook runs the check in full.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from standards import fsutil, gitutil, ruff_tool
from standards.check import baseline, native_suppressions, quick
from standards.check.levels import CodeIndex
from standards.check.runners.ruff import SYNTAX_ERRORS
from standards.discovery import LINTER_CONFIGS, MARKED_ATTRIBUTES
from standards.errors import StandardsError
from standards.model import Level, Standards
from standards.proof import ruff_project
from standards.rules import SWITCHES, _modules
from standards.standards_file import FILENAME

# Files the check's verdict on a staged Python change is derived from (besides the ruff chain).
INPUTS = (
    FILENAME,
    baseline.PATH,
    ".standards/generated.json",
    ".standards/inferred.json",
    "setup.cfg",
    "tox.ini",
    ".flake8",
    *sorted(LINTER_CONFIGS),
)


class Racy(Exception):
    """An input changed too recently to be signed: a change within the file system's time
    granularity could follow unseen."""


def refresh(root: Path, load: Callable[[Path], Standards]) -> None:
    """Write the plan for ``root`` unless one holds already. ``load`` reads standards.toml as
    the check does; it is called after the inputs are signed, so that an edit made meanwhile
    makes the plan stale rather than wrong."""
    real = os.path.realpath(root)
    if quick.load_plan(real) is not None:
        return
    try:
        plan = build(root, real, load)
    except Racy as exc:
        quick.trace(f"plan not written ({exc} changed in the last two seconds; the next check writes it)")
        return
    except (StandardsError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:  # never fails the check
        quick.trace(f"plan not written ({type(exc).__name__}: {exc})")
        return
    if plan is None:
        quick.trace("plan not written (an input changed while it was made)")
        return
    _write(quick.plan_path(real), plan)
    quick.trace("plan written")


def build(root: Path, real: str, load: Callable[[Path], Standards]) -> dict | None:
    """The plan, or None when an input changed while it was made; :class:`Racy` when an input
    is too fresh to sign (it could change again unseen)."""
    chain = ruff_project.verify_for(root, [])
    listing = gitutil.list_files(root) or []
    names = sorted({*INPUTS, *_chain_files(chain), *nested_ruff_configs(root, listing)})
    signed = [[rel, quick.signature(os.path.join(real, rel))] for rel in names]
    now = time.time_ns()
    fresh = [rel for rel, sig in signed if sig is not None and sig[3] > now - quick.RACY_NS]
    if fresh:
        raise Racy(fresh[0])
    standards: Standards = load(root)
    index = CodeIndex.build(standards)
    warn = ruff_project.warn_codes(index.codes("ruff", Level.WARN), chain)
    check_argv = ruff_tool.check_argv(warn or None)
    formatter = standards.enabled("py.format.formatter")
    formatted = formatter is not None and "ruff-format" in formatter.enforced_by
    plan = {
        "version": quick.PLAN_VERSION,
        "root": real,
        "code": quick.code_stamp(check_argv[0]),
        "inputs": signed,
        "ruff_check": check_argv,
        "ruff_format": [check_argv[0], *ruff_tool.FORMAT_DIFF_ARGS] if formatted else None,
        "ruff_levels": {
            key: min(c.level.rank for c in convs) for key, convs in index.by_code.items() if key.startswith("ruff:")
        },
        "selected": list(ruff_project.selections(chain)) if chain is not None else [],
        "ranks": {"error": Level.ERROR.rank, "warn": Level.WARN.rank},
        "unquick_codes": sorted({*SYNTAX_ERRORS, "E902"}),
        "rules": python_change_rules(standards, listing),
        "nested_configs": list(ruff_project.ROOT_CONFIGS),
        "linter_configs": sorted(LINTER_CONFIGS),
        "attributes": list(MARKED_ATTRIBUTES),
        "suppression_keywords": list(native_suppressions.KEYWORDS),
        "our_marker": "standards:",
        "baseline": baseline.PATH,
        "baseline_canonical": canonical_baseline(root),
        "max_args_chars": ruff_tool.MAX_ARGS_CHARS,
    }
    if [[rel, quick.signature(os.path.join(real, rel))] for rel in names] != signed:
        return None  # an input changed while the plan was made
    return plan


def canonical_baseline(root: Path) -> bool:
    """Whether the baseline file is exactly what `standards baseline` renders for its entries
    (one entry a line): then the quick verdict reads only the lines naming the staged files."""
    if not (root / baseline.PATH).is_file():
        return False
    text = fsutil.read_repo_config(root, baseline.PATH)
    return baseline.render_entries(baseline.parse(text, baseline.PATH)) == text


def nested_ruff_configs(root: Path, listing: list[str]) -> set[str]:
    """Every ruff configuration below the root that git lists, with the files its ``extend``
    chain reads (each chain checked to stay in the repository, as the check does): a staged
    file under one is judged by the quick verdict only while none of them has changed."""
    out: set[str] = set()
    for rel in listing:
        if "/" in rel and rel.rpartition("/")[2] in ruff_project.ROOT_CONFIGS:
            out.add(rel)
            out.update(_chain_files(ruff_project.chain_of_text(root, rel, fsutil.read_repo_config(root, rel))))
    return out


def _chain_files(chain: ruff_project.Chain | None) -> list[str]:
    return [layer.path for layer in chain.layers] if chain is not None else []


def python_change_rules(standards: Standards, listing: list[str]) -> list[dict]:
    """Our rules that apply to a staged change of Python files, each with what the quick verdict
    judges it by (see :class:`standards.rules.Switch`): ``names``, the globs outside which it finds
    nothing (None: not declared); ``screen``, whether standards.check.quick_screens has a screen
    for it, with the ``data`` its module's ``quick_data`` gives. A rule module without a switch is
    listed with neither."""
    out: list[dict] = []
    for name in _modules():
        switch = SWITCHES.get(name)
        if switch is None:
            out.append({"id": name, "names": None, "screen": False, "data": {}})
        elif switch.applies(standards, {"python"}, True):
            data = (
                importlib.import_module(f"standards.rules.{name}").quick_data(standards, listing)
                if switch.screen
                else {}
            )
            names = list(switch.quiet_unless) if switch.quiet_unless is not None else None
            out.append({"id": switch.id, "names": names, "screen": switch.screen, "data": data})
    return out


def _write(path: str, plan: dict, keep: int = 3) -> None:
    """Write ``plan`` to ``path`` atomically (a private folder, a temporary file renamed), and
    remove the repository's plans for other installations but the ``keep`` newest (a checkout
    of `standards` being edited makes a new one with each edit)."""
    folder = os.path.dirname(path)
    with contextlib.suppress(OSError):
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".plan-", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(plan, fh, sort_keys=True)
            os.replace(tmp, path)
        except OSError:
            os.unlink(tmp)
            raise
        prefix = os.path.basename(path).split("-", 1)[0] + "-"
        others = [
            os.path.join(folder, n) for n in os.listdir(folder) if n.startswith(prefix) and n != os.path.basename(path)
        ]
        for old in sorted(others, key=os.path.getmtime, reverse=True)[keep - 1 :]:
            os.unlink(old)
