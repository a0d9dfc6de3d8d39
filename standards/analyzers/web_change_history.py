"""Pull-request habits from the history: how large a commit gets, whether migrations land
with their model (and the reverse), whether lockfiles land with their manifest (and the
reverse). Each becomes a convention only where the history supports it."""

from __future__ import annotations

from collections.abc import Callable

from standards.analyzers._evidence import percentile
from standards.context import Context
from standards.history.reader import history_for
from standards.model import Level, Observation
from standards.webmodel.changes import (
    Change,
    is_lockfile,
    is_manifest,
    is_migration,
    is_model,
    manifest_of,
    recent_changes,
)

LANGUAGES = ()
MIN_COMMITS = 30
MIN_PAIRED = 5
SIZE_PERCENTILE = 95
SIZE_FLOOR = 200


def analyze(ctx: Context) -> list[Observation]:
    if not ctx.discovery.in_git:
        return []
    changes = recent_changes(history_for(ctx))
    if len(changes) < MIN_COMMITS:
        return []
    out = [size_observation(changes)]
    pairs = (
        ("change.migration_with_model", "Migrations land with the model change", is_migration, _models, "migration-with-model"),
        ("change.model_with_migration", "Model changes land with a migration", is_model, _migrations, "migration-with-model"),
        ("change.lockfile_with_manifest", "Lockfiles change with their manifest", is_lockfile, _manifests, "lockfile-with-manifest"),
        ("change.manifest_with_lockfile", "Manifests change with their lockfile", is_manifest, _lockfiles, "lockfile-with-manifest"),
    )  # fmt: skip
    for cid, title, first, companion, rule in pairs:
        obs = pair_observation(changes, cid, title, first, companion, rule)
        if obs is not None:
            out.append(obs)
    return out


def size_observation(changes: list[Change]) -> Observation:
    sizes = [float(c.size) for c in changes if c.size]
    limit = max(SIZE_FLOOR, int(percentile(sizes, SIZE_PERCENTILE)))
    small = sum(1 for s in sizes if s <= limit)
    return Observation(
        id="change.size",
        title=f"A change adds at most {limit} lines",
        category="history",
        language="git",
        value=limit,
        support=small,
        total=len(sizes),
        counts={f"<= {limit}": small, f"> {limit}": len(sizes) - small},
        enforced_by=["standards:large-change"],
        why=f"p{SIZE_PERCENTILE} of the last {len(sizes)} commits; large changes get shallow reviews",
        params={
            "limit": limit,
            "p50": int(percentile(sizes, 50)),
            "percentile": SIZE_PERCENTILE,
            "commits": len(sizes),
        },
        max_level=Level.WARN,
        note="lockfiles and generated files do not count towards size",
    )


def _models(change: Change, path: str) -> bool:
    return bool(change.touches(is_model))


def _migrations(change: Change, path: str) -> bool:
    return bool(change.touches(is_migration))


def _manifests(change: Change, path: str) -> bool:
    return manifest_of(path) in change.added


def _lockfiles(change: Change, path: str) -> bool:
    return any(is_lockfile(p) and manifest_of(p) == path for p in change.added)


def pair_observation(
    changes: list[Change],
    cid: str,
    title: str,
    first: Callable[[str], bool],
    companion: Callable[[Change, str], bool],
    rule: str,
) -> Observation | None:
    """Of the commits touching a ``first`` file, how many also carry its companion."""
    together = alone = 0
    for change in changes:
        for path in change.touches(first):
            if companion(change, path):
                together += 1
            else:
                alone += 1
    if together + alone < MIN_PAIRED:
        return None
    return Observation(
        id=cid,
        title=title,
        category="history",
        language="git",
        value=True,
        support=together,
        total=together + alone,
        counts={"together": together, "alone": alone},
        enforced_by=[f"standards:{rule}"],
        why=f"{together} of {together + alone} past changes did so",
        max_level=Level.WARN,
    )
