"""Weakening by configuration: what a change does to the files that decide what is checked.

`standards check --diff BASE` compares each such file at BASE (read from the commit with
git plumbing) with the working tree, as data: TOML, YAML and JSON are parsed, never run.
A lowered or removed convention level, a new ruff ignore or exclude, a RuboCop cop turned
off or given an Exclude, an ESLint rule turned off, an edited generated ESLint config and
an edited or deleted CI workflow each become one :class:`Weakening`. Whether it blocks
depends on the acceptances (:mod:`standards.check.acceptance`). Only the files the change
touched are read, so a change that leaves them alone pays for one `git diff --name-only`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from standards import fsutil, gitutil, ruff_tool, standards_file
from standards.analyzers._configfiles import load_jsonc, load_yaml
from standards.check.suppressions import DEFAULT_MAX_DAYS
from standards.emitters import ci_workflow, eslint
from standards.errors import ConfigError, StandardsError
from standards.model import Level, Standards

RUFF_FILES = ("pyproject.toml", "ruff.toml", ".ruff.toml")
RUBOCOP_FILES = (".rubocop.yml", ".rubocop_todo.yml", ".standards-rubocop.yml")
ESLINT_DATA_FILES = (".eslintrc", ".eslintrc.json", ".eslintrc.yml", ".eslintrc.yaml", "package.json")
UNPROVABLE = "unprovable:"
_BLOB_LIMIT = 4 * 1024 * 1024
_ENFORCED = (Level.ERROR.value, Level.WARN.value)
_CI_KEYS = ("install", "branch")


@dataclass(frozen=True)
class Weakening:
    """One way a change makes the check tolerate more than its base did."""

    path: str  # the file that changed
    message: str  # "this change weakens ..."
    keys: frozenset[str]  # what a `Standards-Accept:` trailer may name to accept it
    carried_reason: str = ""  # a reason written in the file itself (an "unprovable: ..." demotion)


@dataclass
class Sides:
    """A file's text at the base commit and in the working tree (None: absent)."""

    base: dict[str, str | None] = field(default_factory=dict)
    work: dict[str, str | None] = field(default_factory=dict)


def watched(path: str) -> bool:
    """Whether ``path`` is a file whose change can weaken the check."""
    return path in (
        standards_file.FILENAME,
        ci_workflow.WORKFLOW,
        eslint.GENERATED,
        *RUFF_FILES,
        *RUBOCOP_FILES,
        *ESLINT_DATA_FILES,
    )


def changed_paths(root: Path, base: str) -> list[str]:
    """Every path that differs between ``base`` and the working tree, deletions included."""
    out = gitutil.run(root, "diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", "--no-textconv", base, "--")
    if out is None:
        raise StandardsError(f"--diff: git cannot compare {base} with the working tree")
    return [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]


def read_sides(root: Path, base: str, paths: list[str]) -> Sides:
    """The base blobs (one `git cat-file --batch`) and the working-tree texts of ``paths``."""
    sides = Sides()
    sides.base = base_blobs(root, base, paths)
    for rel in paths:
        sides.work[rel] = _work_text(root, rel)
    return sides


def base_blobs(root: Path, base: str, paths: list[str]) -> dict[str, str | None]:
    """The text of each path in commit ``base``; None where the commit has no such file.

    `git cat-file` applies no filters or textconv; sizes are checked first so a huge blob
    is never read into memory.
    """
    if not paths:
        return {}
    specs = "".join(f"{base}:{p}\n" for p in paths).encode("utf-8", "surrogateescape")
    sizes = gitutil.run(root, "cat-file", "--batch-check=%(objecttype) %(objectsize)", input=specs)
    if sizes is None:
        raise StandardsError(f"--diff: git cannot read the files of {base}")
    out: dict[str, str | None] = {}
    wanted = []
    for rel, line in zip(paths, sizes.decode("ascii", "replace").splitlines(), strict=False):
        kind, _, size = line.partition(" ")
        if kind != "blob":
            out[rel] = None
        elif int(size or 0) > _BLOB_LIMIT:
            raise StandardsError(f"{rel} at {base}: {size} bytes, over the {_BLOB_LIMIT}-byte limit; not read")
        else:
            wanted.append(rel)
    for rel in wanted:
        data = gitutil.run(root, "cat-file", "blob", f"{base}:{rel}")
        out[rel] = None if data is None else fsutil.decode(data)
    return out


def _work_text(root: Path, rel: str) -> str | None:
    """The working tree's text; a FIFO, a device or a symlink out of the repository is exit 2 naming it."""
    return fsutil.read_repo_text(root, rel) if fsutil.present(root, rel) else None


def find(root: Path, base: str, paths: list[str], standards: Standards) -> list[Weakening]:
    """Every weakening among ``paths`` (the change's files), base against working tree."""
    chosen = [p for p in paths if watched(p)]
    if not chosen:
        return []
    sides = read_sides(root, base, chosen)
    found: list[Weakening] = []
    for rel in chosen:
        old, new = sides.base.get(rel), sides.work.get(rel)
        if old == new:
            continue
        for check in _CHECKS.get(_kind(rel), ()):
            found.extend(check(rel, old, new, root, standards))
    return found


def _kind(rel: str) -> str:
    if rel == standards_file.FILENAME:
        return "standards"
    if rel == ci_workflow.WORKFLOW:
        return "workflow"
    if rel == eslint.GENERATED:
        return "eslint-generated"
    if rel in RUFF_FILES:
        return "ruff"
    if rel in RUBOCOP_FILES:
        return "rubocop"
    return "eslint"


# -- standards.toml ---------------------------------------------------------------------


def standards_levels(rel: str, old: str | None, new: str | None, root: Path, standards: Standards) -> list[Weakening]:
    """Conventions whose level the change lowered, set "off" or removed; CI settings changed."""
    before, after = _toml(rel, old, base=True), _toml(rel, new, base=False)
    out = []
    old_convs, new_convs = _table(before, "conventions"), _table(after, "conventions")
    for cid, entry in sorted(old_convs.items()):
        was = _level(entry)
        if was not in _ENFORCED:
            continue
        now_entry = new_convs.get(cid)
        keys = frozenset({cid, rel})
        if not isinstance(now_entry, dict):
            out.append(Weakening(rel, f"this change weakens {cid}: removed from {rel} (was {was})", keys))
            continue
        now = _level(now_entry)
        if not _lowered(was, now):
            out += _raised_limits(rel, cid, entry, now_entry)
            continue
        note = str(now_entry.get("note") or "")
        carried = note.strip() if note.strip().startswith(UNPROVABLE) else ""
        how = 'set "off"' if now == Level.OFF.value else f"level {was} → {now}"
        out.append(Weakening(rel, f"this change weakens {cid}: {how} in {rel}", keys, carried))
    old_ci, new_ci = _table(_table(before, "standards"), "ci"), _table(_table(after, "standards"), "ci")
    for key in _CI_KEYS:
        if old_ci.get(key) != new_ci.get(key):
            out.append(
                Weakening(
                    rel,
                    f"this change weakens CI: [standards.ci] {key} {old_ci.get(key)!r} → {new_ci.get(key)!r} "
                    "changes how the CI job installs or runs standards",
                    frozenset({f"standards.ci.{key}", rel}),
                )
            )
    out += _suppression_cap(rel, _table(before, "standards"), _table(after, "standards"))
    out += _rule_options(rel, _table(before, "rules"), _table(after, "rules"))
    return out


def _suppression_cap(rel: str, before: dict[str, Any], after: dict[str, Any]) -> list[Weakening]:
    """A longer cap on `until=` dates lets exceptions live longer."""
    was = before.get("suppression_max_days", DEFAULT_MAX_DAYS)
    now = after.get("suppression_max_days", DEFAULT_MAX_DAYS)
    if _number(was) and _number(now) and now > was:
        message = f"this change weakens suppressions: [standards] suppression_max_days {was} → {now} in {rel}"
        return [Weakening(rel, message, frozenset({"suppression_max_days", rel}))]
    return []


def _rule_options(rel: str, before: dict[str, Any], after: dict[str, Any]) -> list[Weakening]:
    """Options of our own rules changed, added or removed: whether a new value tolerates more
    depends on the option (a larger ``max_lines``, a larger ``min_call_sites``), so every
    change is shown and needs an acceptance, like any other loosening."""
    out = []
    for rule in sorted(set(before) | set(after)):
        old, new = _table(before, rule), _table(after, rule)
        for key in sorted(set(old) | set(new)):
            if old.get(key) != new.get(key):
                message = (
                    f"this change weakens or loosens rule {rule}: [rules.{rule}] {key} "
                    f"{old.get(key, '(default)')!r} → {new.get(key, '(default)')!r} in {rel}"
                )
                out.append(Weakening(rel, message, frozenset({rule, rel})))
    return out


def _raised_limits(rel: str, cid: str, before: dict[str, Any], after: dict[str, Any]) -> list[Weakening]:
    """A numeric value raised, or a numeric ``max``/``max-*`` parameter (nested tool settings
    included): the limits of size conventions, which only loosen upwards."""
    out = []
    pairs = [("value", before.get("value"), after.get("value"))]
    pairs += [
        (k, before_v, after_v) for k, before_v, after_v in _limit_params(before.get("params"), after.get("params"))
    ]
    for key, old, new in pairs:
        if _number(old) and _number(new) and new > old:
            out.append(
                Weakening(rel, f"this change weakens {cid}: {key} {old} → {new} in {rel}", frozenset({cid, rel}))
            )
    return out


def _limit_params(before: Any, after: Any, prefix: str = "params.") -> list[tuple[str, Any, Any]]:
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    out = []
    for key, old in before.items():
        new = after.get(key)
        name = str(key).rsplit(".", 1)[-1]
        if isinstance(old, dict):
            out += _limit_params(old, new, f"{prefix}{key}.")
        elif name == "max" or name.startswith("max-") or name.startswith("max_"):
            out.append((f"{prefix}{key}", old, new))
    return out


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _lowered(was: str, now: str) -> bool:
    try:
        return Level(now).rank > Level(was).rank
    except ValueError:
        return True  # not a level at all: the check would not enforce it


def _level(entry: Any) -> str:
    return str(entry.get("level", "info")) if isinstance(entry, dict) else "info"


# -- ruff -------------------------------------------------------------------------------

_RUFF_LISTS = ("ignore", "extend-ignore")
_RUFF_EXCLUDES = ("exclude", "extend-exclude")
_RUFF_PER_FILE = ("per-file-ignores", "extend-per-file-ignores")
_RUFF_SELECTS = ("select", "extend-select")


def ruff_config(rel: str, old: str | None, new: str | None, root: Path, standards: Standards) -> list[Weakening]:
    """Ignores, per-file ignores and excludes the change added; selected codes it dropped."""
    before, after = _ruff_table(rel, old, base=True), _ruff_table(rel, new, base=False)
    if after is None and before is None:
        return []
    before, after = before or {}, after or {}  # settings removed: ruff falls back to its defaults
    where = f"{rel} [tool.ruff]" if rel == "pyproject.toml" else rel
    out = []
    for key in _RUFF_LISTS:
        for code in _added(_ruff_values(before, key), _ruff_values(after, key)):
            out.append(_ruff(rel, f"this change weakens ruff: {key} adds {code} ({where})", code))
    for key in _RUFF_EXCLUDES:
        for pattern in _added(_strings(before.get(key)), _strings(after.get(key))):
            out.append(_ruff(rel, f"this change weakens ruff: {key} adds {pattern!r} ({where})", pattern))
        lint_before, lint_after = _table(before, "lint"), _table(after, "lint")
        for pattern in _added(_strings(lint_before.get(key)), _strings(lint_after.get(key))):
            out.append(_ruff(rel, f"this change weakens ruff: lint.{key} adds {pattern!r} ({where})", pattern))
    for key in _RUFF_PER_FILE:
        old_pairs, new_pairs = _per_file(before, key), _per_file(after, key)
        for glob, code in sorted(new_pairs - old_pairs):
            out.append(_ruff(rel, f"this change weakens ruff: {key} adds {code} for {glob!r} ({where})", code))
    still = set(_ruff_values(after, "select")) | set(_ruff_values(after, "extend-select"))
    dropped = (set(_ruff_values(before, "select")) | set(_ruff_values(before, "extend-select"))) - still
    for code in sorted(dropped):
        if _covered(code, still) or _follows_standards(f"ruff:{code}", standards):
            continue
        out.append(_ruff(rel, f"this change weakens ruff: {code} is no longer selected ({where})", code))
    for key, old_limit, new_limit in _limit_params(before, after, prefix="") + [
        ("line-length", before.get("line-length"), after.get("line-length"))
    ]:
        if _number(old_limit) and _number(new_limit) and new_limit > old_limit:
            out.append(_ruff(rel, f"this change weakens ruff: {key} {old_limit} → {new_limit} ({where})", key))
    if before.get("extend") != after.get("extend"):
        out.append(
            Weakening(rel, f"this change weakens ruff: extend now reads {after.get('extend')!r} ({where})", _k(rel))
        )
    return out


def _ruff(rel: str, message: str, subject: str) -> Weakening:
    return Weakening(rel, message, frozenset({rel, subject, f"ruff:{subject}"}))


def _ruff_table(rel: str, text: str | None, base: bool) -> dict[str, Any] | None:
    data = _toml(rel, text, base)
    if rel != "pyproject.toml":
        return data if text is not None else None
    tool = _table(data, "tool")
    ruff = tool.get("ruff")
    return ruff if isinstance(ruff, dict) else None


def _ruff_values(table: dict[str, Any], key: str) -> list[str]:
    return _strings(table.get(key)) + _strings(_table(table, "lint").get(key))


def _per_file(table: dict[str, Any], key: str) -> set[tuple[str, str]]:
    pairs = set()
    for source in (table.get(key), _table(table, "lint").get(key)):
        if isinstance(source, dict):
            for glob, codes in source.items():
                pairs |= {(str(glob), code) for code in _strings(codes)}
    return pairs


def _covered(code: str, selected: Iterable[str]) -> bool:
    return any(ruff_tool.selects(s, code) for s in selected)


def _follows_standards(code: str, standards: Standards) -> bool:
    """A code of a convention the working tree's standards.toml holds below error or warn:
    the generated config follows standards.toml, whose own diff is judged above."""
    tool, _, name = code.partition(":")
    for conv in standards.conventions.values():
        if any(c.partition(":")[0] == tool and name.startswith(c.partition(":")[2]) for c in conv.enforced_by):
            if conv.level.value not in _ENFORCED:
                return True
    return False


# -- RuboCop ----------------------------------------------------------------------------


def rubocop_config(rel: str, old: str | None, new: str | None, root: Path, standards: Standards) -> list[Weakening]:
    """Cops or departments turned off, Excludes added, generated cops removed, inherit_from cut."""
    before, after = _yaml(rel, old, base=True), _yaml(rel, new, base=False)
    out = []
    if new is None and rel == ".standards-rubocop.yml":
        return [Weakening(rel, f"this change weakens RuboCop: {rel} deleted", _k(rel))]
    for name, settings in sorted(after.items()):
        if not isinstance(settings, dict) or not _cop_like(str(name)):
            continue
        was = before.get(name) if isinstance(before.get(name), dict) else {}
        if settings.get("Enabled") is False and was.get("Enabled") is not False:
            if not _follows_standards(f"rubocop:{name}", standards):
                out.append(_cop(rel, name, f"this change weakens RuboCop: {name} disabled in {rel}"))
        for pattern in _added(_strings(was.get("Exclude")), _strings(settings.get("Exclude"))):
            out.append(_cop(rel, name, f"this change weakens RuboCop: {name} excludes {pattern!r} ({rel})"))
    all_before, all_after = _table(before, "AllCops"), _table(after, "AllCops")
    if all_after.get("DisabledByDefault") is True and all_before.get("DisabledByDefault") is not True:
        out.append(_cop(rel, "AllCops", f"this change weakens RuboCop: AllCops DisabledByDefault set in {rel}"))
    if rel == ".standards-rubocop.yml":
        for name in sorted(set(before) - set(after)):
            if _cop_like(str(name)) and not _follows_standards(f"rubocop:{name}", standards):
                out.append(_cop(rel, str(name), f"this change weakens RuboCop: {name} removed from {rel}"))
    old_inherit, new_inherit = _strings(before.get("inherit_from")), _strings(after.get("inherit_from"))
    if ".standards-rubocop.yml" in old_inherit and ".standards-rubocop.yml" not in new_inherit:
        out.append(
            Weakening(rel, f"this change weakens RuboCop: {rel} no longer inherits .standards-rubocop.yml", _k(rel))
        )
    return out


def _cop_like(name: str) -> bool:
    return name == "AllCops" or bool(re.fullmatch(r"[A-Z][A-Za-z]+(/[A-Z][A-Za-z0-9]+)?", name))


def _cop(rel: str, name: str, message: str) -> Weakening:
    return Weakening(rel, message, frozenset({rel, name, f"rubocop:{name}"}))


# -- ESLint -----------------------------------------------------------------------------

_OFF = ("off", 0, "0")


def eslint_data(rel: str, old: str | None, new: str | None, root: Path, standards: Standards) -> list[Weakening]:
    """Rules a JSON/YAML ESLint config (or package.json's eslintConfig) turns off."""
    before, after = _eslint_rules(rel, old, base=True), _eslint_rules(rel, new, base=False)
    out = []
    for rule, setting in sorted(after.items()):
        if _severity(setting) in _OFF and _severity(before.get(rule, "absent")) not in _OFF:
            out.append(
                Weakening(
                    rel,
                    f"this change weakens ESLint: {rule} turned off in {rel}",
                    frozenset({rel, rule, f"eslint:{rule}"}),
                )
            )
    return out


def _eslint_rules(rel: str, text: str | None, base: bool) -> dict[str, Any]:
    if text is None:
        return {}
    try:
        data = load_jsonc(rel, text) if not rel.endswith((".yml", ".yaml")) else load_yaml(rel, text)
    except ConfigError:
        if base:
            return {}
        raise
    if rel == "package.json":
        data = data.get("eslintConfig") if isinstance(data, dict) else None
    if not isinstance(data, dict):
        return {}
    rules: dict[str, Any] = {}
    blocks = [data, *[o for o in data.get("overrides") or [] if isinstance(o, dict)]]
    for block in blocks:
        for rule, setting in (block.get("rules") or {}).items() if isinstance(block.get("rules"), dict) else ():
            if _severity(rules.get(str(rule), "absent")) not in _OFF:
                rules[str(rule)] = setting  # an "off" anywhere (an override included) is what counts
    return rules


def _severity(setting: Any) -> Any:
    if isinstance(setting, list):
        return setting[0] if setting else "absent"
    return setting


def eslint_generated(rel: str, old: str | None, new: str | None, root: Path, standards: Standards) -> list[Weakening]:
    """standards.eslint.mjs edited: anything but what the working tree's standards.toml generates."""
    if new is None:
        return [Weakening(rel, f"this change weakens ESLint: {rel} deleted", _k(rel))]
    stylistic = eslint.installed(root, eslint.STYLISTIC_PLUGIN)
    typescript = eslint.installed(root, eslint.TS_PLUGIN)
    expected = eslint.render(eslint.collect(eslint.enforced(standards), stylistic), stylistic, typescript)
    if new == expected:
        return []
    return [
        Weakening(
            rel, f"this change weakens ESLint: {rel} edited by hand (it is generated from standards.toml)", _k(rel)
        )
    ]


# -- the CI workflow --------------------------------------------------------------------

_BRANCH = re.compile(r'^    branches: \["((?:[^"\\]|\\.)*)"\]$', re.MULTILINE)


def workflow(rel: str, old: str | None, new: str | None, root: Path, standards: Standards) -> list[Weakening]:
    """The generated workflow deleted, or not byte-identical to what `standards ci` generates."""
    if old is None or not ci_workflow.is_ours(old):
        return []  # not ours at the base: the project's own workflow
    if new is None:
        return [Weakening(rel, f"this change weakens CI: {rel} deleted", _k(rel))]
    data = fsutil.read_repo_bytes(root, rel)
    settings = ci_workflow.CiSettings.from_standards(standards, root)
    candidates = {ci_workflow.github_workflow(settings)}
    pinned = _BRANCH.search(old)  # CI checkouts may not know the default branch; the base's is fine too
    if pinned:
        branch = pinned.group(1).replace('\\"', '"').replace("\\\\", "\\")
        candidates.add(ci_workflow.github_workflow(_with_branch(settings, branch)))
    if any(data == text.encode("utf-8") for text in candidates):
        return []
    return [
        Weakening(rel, f"this change weakens CI: {rel} is not what `standards ci` generates (edited by hand)", _k(rel))
    ]


def _with_branch(settings: ci_workflow.CiSettings, branch: str) -> ci_workflow.CiSettings:
    return ci_workflow.CiSettings(install=settings.install, python=settings.python, branch=branch, sarif=settings.sarif)


# -- shared -----------------------------------------------------------------------------

Check = Callable[[str, "str | None", "str | None", Path, Standards], list[Weakening]]

_CHECKS: dict[str, tuple[Check, ...]] = {
    "standards": (standards_levels,),
    "workflow": (workflow,),
    "eslint-generated": (eslint_generated,),
    "ruff": (ruff_config,),
    "rubocop": (rubocop_config,),
    "eslint": (eslint_data,),
}


def _k(rel: str) -> frozenset[str]:
    return frozenset({rel})


def _toml(rel: str, text: str | None, base: bool) -> dict[str, Any]:
    """Parsed TOML; a broken base file counts as empty, a broken working-tree file stops the run."""
    if text is None:
        return {}
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        if base:
            return {}
        raise ConfigError(rel, f"not valid TOML: {exc}") from None
    except (RecursionError, MemoryError):
        if base:
            return {}
        raise ConfigError(rel, "nested too deeply to read") from None


def _yaml(rel: str, text: str | None, base: bool) -> dict[str, Any]:
    if text is None:
        return {}
    try:
        data = load_yaml(rel, text)
    except ConfigError:
        if base:
            return {}
        raise
    return data if isinstance(data, dict) else {}


def _table(data: Any, key: str) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, (str, int, float))]
    return []


def _added(before: list[str], after: list[str]) -> list[str]:
    old = set(before)
    return sorted({v for v in after if v not in old})
