"""package.json scripts that test, lint, format, type-check or build, run with the package
manager the lockfile names (yarn.lock: yarn, pnpm-lock.yaml: pnpm, bun.lock: bun,
package-lock.json: npm), or ``packageManager`` when it is set."""

from __future__ import annotations

from typing import Any

from standards.analyzers._configfiles import load_jsonc
from standards.errors import StandardsError
from standards.runbook import classify
from standards.runbook.files import RepoFiles, line_of
from standards.runbook.model import Command

SOURCE = "npm"
PACKAGE = "package.json"
LOCKFILES = (
    ("yarn.lock", "yarn"),
    ("pnpm-lock.yaml", "pnpm"),
    ("bun.lock", "bun"),
    ("bun.lockb", "bun"),
    ("package-lock.json", "npm"),
    ("npm-shrinkwrap.json", "npm"),
)
BUILTIN = frozenset({"test", "start", "stop", "restart"})


def manifest(repo: RepoFiles) -> tuple[dict[str, Any], list[str]] | None:
    if not repo.has(PACKAGE):
        return None
    text = repo.text(PACKAGE)
    if text is None:
        return None
    try:
        data = load_jsonc(PACKAGE, text)
    except StandardsError as exc:
        repo.note(PACKAGE, str(exc).removeprefix(f"{PACKAGE}: "))
        return None
    return (data if isinstance(data, dict) else {}), text.split("\n")


def package_manager(repo: RepoFiles) -> tuple[str, str]:
    """(manager, evidence) for the root package.json; ("", "") without one."""
    if not repo.has(PACKAGE):
        return "", ""
    loaded = manifest(repo)
    declared = loaded[0].get("packageManager") if loaded else None
    if loaded and isinstance(declared, str) and declared.split("@")[0] in ("npm", "yarn", "pnpm", "bun"):
        line = line_of(loaded[1], '"packageManager"') or 1
        return declared.split("@")[0], f"{PACKAGE}:{line}"
    for lockfile, manager in LOCKFILES:
        if repo.has(lockfile):
            return manager, lockfile
    return "npm", ""


def run_word(manager: str, name: str) -> str:
    """How the manager runs the script ``name`` (``bun test`` would run bun's own runner)."""
    if manager in ("yarn", "pnpm"):
        return f"{manager} {name}"
    if manager == "bun":
        return f"bun run {name}"
    return f"npm {name}" if name in BUILTIN else f"npm run {name}"


def commands(repo: RepoFiles) -> list[Command]:
    loaded = manifest(repo)
    if loaded is None:
        return []
    data, lines = loaded
    scripts = data.get("scripts")
    if not isinstance(scripts, dict):
        return []
    manager, _ = package_manager(repo)
    start = max(line_of(lines, '"scripts"') - 1, 0)
    out = []
    for name, body in scripts.items():
        if not isinstance(body, str) or _hook(name, scripts):
            continue
        kind = classify.kind_of(body) or classify.kind_of_name(name)
        if not kind:
            continue
        line = line_of(lines, f'"{name}"', start) or start + 1
        out.append(Command(run_word(manager, name), kind, SOURCE, PACKAGE, line, name=name, runs=body))
    return out


def _hook(name: str, scripts: dict[str, Any]) -> bool:
    """``pretest``/``posttest``: run by the manager around ``test``, not a command of their own."""
    return any(name.startswith(p) and name[len(p) :] in scripts for p in ("pre", "post"))
