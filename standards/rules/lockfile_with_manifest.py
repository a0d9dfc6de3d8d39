"""lockfile-with-manifest: lockfiles and manifests change together, where history says so."""

from __future__ import annotations

from collections.abc import Iterable

from standards.model import Convention, Finding
from standards.rules import CheckContext, Rule, RuleDoc
from standards.rules._companion import missing_companion
from standards.webmodel.changes import (
    LOCK_MANIFEST,
    is_lockfile,
    is_manifest,
    manifest_of,
)

LOCK_NEEDS_MANIFEST = "change.lockfile_with_manifest"
MANIFEST_NEEDS_LOCK = "change.manifest_with_lockfile"


def check(ctx: CheckContext) -> Iterable[Finding]:
    if ctx.diff is None:
        return
    changed = set(ctx.diff.lines)
    lock_rule = ctx.standards.enabled(LOCK_NEEDS_MANIFEST)
    manifest_rule = ctx.standards.enabled(MANIFEST_NEEDS_LOCK)
    for path in sorted(changed):
        if lock_rule is not None and is_lockfile(path) and manifest_of(path) not in changed:
            yield _finding(
                path,
                lock_rule,
                f"{path} changed but {manifest_of(path)} did not",
                "the manifest change",
            )
        if manifest_rule is not None and is_manifest(path):
            locks = [p for p in changed if is_lockfile(p) and manifest_of(p) == path]
            if not locks and _has_lockfile(ctx, path):
                yield _finding(
                    path,
                    manifest_rule,
                    f"{path} changed but its lockfile did not",
                    "the updated lockfile",
                )


def _has_lockfile(ctx: CheckContext, manifest: str) -> bool:
    """The manifest has a lockfile in the repo (else there is nothing to update)."""
    folder = manifest.rsplit("/", 1)[0] + "/" if "/" in manifest else ""
    return any((ctx.root / f"{folder}{lock}").is_file() for lock in _locks_for(manifest))


def _locks_for(manifest: str) -> list[str]:
    name = manifest.rsplit("/", 1)[-1]
    return [lock for lock, m in LOCK_MANIFEST.items() if m == name]


def _finding(path: str, conv: Convention, what: str, missing: str) -> Finding:
    fix = f"include {missing}, or regenerate the lockfile from the manifest"
    return missing_companion(RULE.qualified, (path, 1), conv, what, fix)


RULE = Rule(
    id="lockfile-with-manifest",
    title="Lockfiles and manifests change together",
    conventions=(LOCK_NEEDS_MANIFEST, MANIFEST_NEEDS_LOCK),
    languages=(),
    doc=RuleDoc(
        what="Warns when a lockfile changes without its manifest, or a manifest without its lockfile, "
        "in the directions the repo's history supports (e.g. where lockfiles are only regenerated "
        "when dependencies are edited).",
        why="A lockfile out of step with its manifest installs different versions on CI and in production "
        "than on the author's machine.",
        example='package.json: + "left-pad": "^1.3.0"   (package-lock.json unchanged)',
        use_instead="npm install left-pad  # commits package.json and package-lock.json together",
    ),
    check=check,
    scope="change",
)
