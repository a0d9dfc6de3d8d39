"""Run RuboCop with a configuration built for this run and turn its JSON report into Findings.

The configuration is never one from the repository: it is built from ``standards.toml`` with
the project's ``.rubocop.yml`` (and what it inherits inside the repository) read as data and
merged above it (see :mod:`standards.linter_config.rubocop`), written into a private directory,
and RuboCop runs there (its working directory is where it reads a ``.rubocop`` options file
from) on the files by absolute path. That directory is a temporary one for a run over a few
files; a run over many (on every core with ``--parallel``) uses the per-user one of
:mod:`standards.check.runners._rubocop_home`, which keeps RuboCop's result cache for the next
run. ``--cache-root`` always names a directory of ours, so RuboCop neither writes its cache nor
looks for a running RuboCop server anywhere else. A directory with its own ``.rubocop.yml``
gets its own private configuration and run, as RuboCop uses the nearest one for each file.
``--only`` names the cops our conventions enforce that the project has not disabled, so the
project's other cops and the extensions its configuration requires play no part, and
``--force-exclusion`` keeps excluded files excluded.
The files RuboCop reads to learn the Ruby version (``.ruby-version``, ``.tool-versions``,
``Gemfile.lock``, ``gems.locked``) are copied beside the configuration as data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from standards import fsutil, procutil, toolchain
from standards.check.levels import CodeIndex
from standards.check.renames import rename_fix, ruby_method_name, snake_case
from standards.check.runners import RunnerError, _rubocop_home
from standards.check.runners._private import RunnerFindings, json_report, our_reason, relative
from standards.linter_config import confined, rubocop_project
from standards.linter_config import rubocop as private_config
from standards.model import Finding, Fix, Level, Standards

NAME = "rubocop"
LANGUAGES = ("ruby",)
CONFIG = ".standards-rubocop.yml"  # the committed copy, for people who run RuboCop themselves
PRIVATE_CONFIG = "standards-rubocop.yml"
VERSION_FILES = (".ruby-version", ".tool-versions", "Gemfile.lock", "gems.locked")
VERSION_FILE_LIMIT = 1024 * 1024
ARGV_BYTES = 512 * 1024  # the file names of one run: far below any system's argument limit
TIMEOUT = 900  # seconds, plus PER_FILE for each file of the run
PER_FILE = 0.2
PARALLEL_FROM = 40
ENFORCED = (Level.ERROR, Level.WARN)


def available(root: Path) -> str | None:
    if toolchain.find_rubocop(root) is None:
        return "RuboCop not found: install it with `gem install rubocop` (or apt-get install rubocop)"
    return None


def cops(standards: Standards) -> list[str]:
    """The cops our enforced conventions name, sorted."""
    return private_config.wanted_cops(standards)


def run(root: Path, paths: list[str], standards: Standards, fix: bool = False) -> list[Finding]:
    """RuboCop on ``paths``, one private config per nearest ``.rubocop.yml``; ``fix`` lets it
    write its safe corrections first (``-a``), and the findings are what remains."""
    exe = toolchain.find_rubocop(root)
    if exe is None or not paths:
        return []
    index = CodeIndex.build(standards)
    findings = RunnerFindings()
    with procutil.scratch_dir() as private:
        versions = version_files(root)
        for name, data in versions.items():
            (private / name).write_bytes(data)
        for number, (plan, files) in enumerate(plans(root, paths, standards)):
            findings.notes.extend(n for n in plan.notes if n not in findings.notes)
            if not plan.cops:
                continue
            text = plan.text
            place = _place(private, number, text, versions, len(files))
            for chunk in chunks([str(root.resolve() / p) for p in files]):
                try:
                    report = _invoke(str(exe), place, plan.cops, chunk, fix)
                except RunnerError as exc:
                    if text == plan.checked_only():
                        raise
                    text = plan.checked_only()  # the other cops' settings go
                    place = _place(private, number, text, versions, len(files))
                    findings.notes.append(f"rubocop: {exc}; ran with the settings of the checked cops only")
                    report = _invoke(str(exe), place, plan.cops, chunk, fix)
                findings.extend(parse_report(report, root, index, plan.configured, plan.reasons))
    return findings


def chunks(paths: list[str], budget: int = ARGV_BYTES) -> list[list[str]]:
    """``paths`` in as few runs as the argument list allows: every RuboCop process starts Ruby
    and loads the configuration again (on rails, 400 files a run cost 13% more CPU than one run)."""
    out: list[list[str]] = [[]]
    size = 0
    for path in paths:
        if out[-1] and size + len(path) + 1 > budget:
            out.append([])
            size = 0
        out[-1].append(path)
        size += len(path) + 1
    return out if out[-1] else []


@dataclass(frozen=True)
class Place:
    """Where one RuboCop run reads its configuration (its working directory beside it) and keeps
    its result cache."""

    cwd: Path
    config: Path
    cache_root: Path


def _place(private: Path, number: int, text: str, versions: dict[str, bytes], files: int) -> Place:
    """A run over many files (on several cores, through RuboCop's result cache) keeps that cache
    in the per-user directory of :mod:`._rubocop_home`, where a later run over unchanged files
    finds it; a run over a few files (the pre-commit check), or one where that directory cannot
    be used, keeps it in the private scratch directory, gone with the run. Never RuboCop's own
    default (``~/.cache/rubocop_cache``), which its server mode also reads."""
    if files >= PARALLEL_FROM:
        home = _rubocop_home.prepared(text, versions)
        if home is not None:
            return Place(home.cwd, home.config, home.results)
    config = private / (PRIVATE_CONFIG if number == 0 else f"standards-rubocop-{number}.yml")
    config.write_text(text, encoding="utf-8")
    return Place(private, config, private / "cache")


def plans(root: Path, paths: list[str], standards: Standards) -> list[tuple[private_config.RubocopRun, list[str]]]:
    """One private configuration per ``.rubocop.yml`` that is nearest to some of ``paths``
    (RuboCop lints each file with the nearest one), with the files it applies to; the root's
    configuration decides which files are excluded, as when the project runs RuboCop there."""
    root_project = rubocop_project.read(root)
    out = []
    for config_rel, files in sorted(rubocop_project.nearest(root, paths).items()):
        project = root_project if config_rel == rubocop_project.ROOT_CONFIG else None
        if config_rel and project is None:
            project = rubocop_project.read(root, config_rel)
        plan = private_config.build(root, standards, project, root_project or rubocop_project.ProjectRubocop())
        dropped = (root_project.dropped if root_project is not None else []) + (
            project.dropped if project is not None and project is not root_project else []
        )
        plan.notes[:0] = [f"rubocop: {what}" for what in dropped]
        out.append((plan, files))
    return out


def version_files(root: Path) -> dict[str, bytes]:
    """The files RuboCop learns the Ruby version from (name -> bytes), read as data."""
    allowed = confined.bases(root)
    out = {}
    for name in VERSION_FILES:
        if not confined.inside(root, name, allowed):
            continue
        try:
            out[name] = fsutil.read_bytes(root / name, VERSION_FILE_LIMIT)
        except fsutil.Unreadable:
            continue
    return out


def _invoke(exe: str, place: Place, only: list[str], paths: list[str], fix: bool = False) -> dict[str, Any]:
    cmd = [exe, "--config", str(place.config), "--format", "json", "--force-exclusion", "--ignore-unrecognized-cops"]
    cmd += ["--cache-root", str(place.cache_root), "--only", ",".join(only)]
    if fix:
        cmd.append("--autocorrect")  # the safe corrections only
    elif len(paths) >= PARALLEL_FROM:
        cmd.append("--parallel")  # one worker per core; a pre-commit check of a few files stays serial
    cmd += ["--", *paths]
    timeout = int(TIMEOUT + PER_FILE * len(paths))
    return json_report("rubocop", cmd, place.cwd, timeout, "{}")  # type: ignore[no-any-return]


def parse_report(
    report: dict[str, Any],
    root: Path,
    index: CodeIndex,
    configured: dict[str, str] | None = None,
    reasons: dict[str, str] | None = None,
) -> list[Finding]:
    """Findings from RuboCop's ``--format json`` output; ``reasons`` maps the cops whose
    parameters the project's own configuration sets to what it sets where ("Style/StringLiterals:
    .rubocop.yml:12 sets EnforcedStyle: double_quotes"), which is then the finding's why; the
    why of the other cops names ``standards.toml`` and the convention's evidence."""
    findings = []
    for result in report.get("files", []):
        path = relative(root, str(result.get("path", "")))
        lines = _lines(root / path)
        for offense in result.get("offenses", []):
            findings.append(_finding(path, lines, offense, index, configured or {}, reasons or {}))
    return findings


def _finding(
    path: str,
    lines: list[str],
    offense: dict[str, Any],
    index: CodeIndex,
    configured: dict[str, str],
    reasons: dict[str, str],
) -> Finding:
    cop = str(offense.get("cop_name", ""))
    code = f"rubocop:{cop}"
    conv = index.convention(code)
    if reasons.get(cop):
        why = reasons[cop]
    elif conv is not None:
        why = our_reason(conv)
    else:
        why = f"{cop}: set by the project's RuboCop configuration ({configured[cop]})" if configured.get(cop) else ""
    location = offense.get("location", {})
    line = int(location.get("start_line") or location.get("line") or 1)
    message = str(offense.get("message", "")).removeprefix(f"{cop}: ").strip()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    method = ruby_method_name(source) if cop == "Naming/MethodName" else ""
    fix = Fix(
        description=rename_fix(method, snake_case(method), "method")
        if method
        else (conv.title if conv is not None else message),
        replacement="",  # a Do quotes another line of the repository: not this line's fix
        command=f"rubocop -a --config {CONFIG} --only {cop} {path}" if offense.get("correctable") else "",
    )
    return Finding(
        path=path,
        line=line,
        column=int(location.get("start_column") or location.get("column") or 1),
        rule=code,
        message=message,
        level=conv.level if conv is not None else Level.ERROR,
        why=why,
        fix=fix,
        anchor=conv.anchor if conv is not None else "",
        source_line=lines[line - 1] if 0 < line <= len(lines) else "",
        end_line=location.get("last_line"),
    )


def _lines(path: Path) -> list[str]:
    try:
        return fsutil.read_text(path).split("\n")
    except fsutil.Unreadable:
        return []
