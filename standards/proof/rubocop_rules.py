"""RuboCop proofs: every convention RuboCop enforces at error or warn is shown to be refused.

For each cop a convention names, a few lines of Ruby that break it under the convention's own
parameters are written (the convention's ``dont`` stands in for a cop we have no generator for)
into a private scratch tree laid out like the repository (see :mod:`standards.proof.scratch_tree`).
One RuboCop run lints them all, with the private configuration `standards check` builds
(:mod:`standards.linter_config.rubocop`: standards.toml beneath the project's ``.rubocop.yml``
read as data), its ``Exclude``/``Include`` patterns moved from the repository onto the scratch
tree so they keep meaning the same files, ``--only`` the cops the check runs and
``--force-exclusion`` as the check passes them. A cop the project disables, a file its excludes
leave out, a cop the installed RuboCop does not know or that does not report: each is a reason
the convention is not proven.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from standards import procutil, toolchain
from standards.check.levels import CodeIndex
from standards.check.runners import RunnerError
from standards.check.runners import rubocop as runner
from standards.check.runners._private import json_report, relative
from standards.emitters import rubocop as emitter
from standards.linter_config import rubocop as private_config
from standards.linter_config import rubocop_project
from standards.model import Convention, Standards
from standards.proof import Proof
from standards.proof.scratch_tree import (
    OVERRIDDEN,
    PROJECT_OFF,
    Plan,
    Probe,
    enforced_through,
    example_path,
    judge,
    record,
    unprovable,
    write,
)

TOOL = "rubocop"
DEFAULT_PROBE = "standards_proof.rb"
NOT_INSTALLED = "RuboCop not installed (run bash .ci/install-js-ruby-tools.sh, or apt-get install rubocop)"
FROZEN = "# frozen_string_literal: true\n\n"
TIMEOUT = 300

Generator = Callable[[dict[str, Any]], "str | None"]


def _style(params: dict[str, Any], default: str) -> str:
    return str(params.get("EnforcedStyle", default))


def _frozen(params: dict[str, Any]) -> str:
    if _style(params, "always") == "never":
        return FROZEN + "puts 'x'\n"
    return "puts 'x'\n"


def _string_literals(params: dict[str, Any]) -> str:
    if _style(params, "single_quotes") == "double_quotes":
        return FROZEN + "name = 'plain'\nputs name\n"
    return FROZEN + 'name = "plain"\nputs name\n'


def _hash_syntax(params: dict[str, Any]) -> str:
    if _style(params, "ruby19") == "hash_rockets":
        return FROZEN + "options = { name: 'x' }\nputs options\n"
    return FROZEN + "options = { :name => 'x' }\nputs options\n"


def _format_string(params: dict[str, Any]) -> str:
    if _style(params, "format") == "format":
        return FROZEN + "puts sprintf('%s', 1)\n"
    return FROZEN + "puts format('%s', 1)\n"


def _method_name(params: dict[str, Any]) -> str:
    if _style(params, "snake_case") == "camelCase":
        return FROZEN + "def load_user\n  1\nend\n"
    return FROZEN + "def loadUser\n  1\nend\n"


def _method_length(params: dict[str, Any]) -> str:
    limit = int(params.get("Max", 10))
    body = "".join(f"  total += {i}\n" for i in range(limit + 1))
    return FROZEN + f"def tally\n  total = 0\n{body}  total\nend\n"


def _line_length(params: dict[str, Any]) -> str:
    limit = int(params.get("Max", 120))
    terms = " + ".join(f"part{i}" for i in range(limit // 8 + 4))
    return FROZEN + f"total = {terms}\nputs total\n"


def _indentation_width(params: dict[str, Any]) -> str:
    wrong = " " * (int(params.get("Width", 2)) + 1)
    return FROZEN + f"def area(size)\n{wrong}size * size\nend\n"


def _indentation_style(params: dict[str, Any]) -> str:
    if _style(params, "spaces") == "tabs":
        return FROZEN + "def area(size)\n  size * size\nend\n"
    return FROZEN + "def area(size)\n\tsize * size\nend\n"


def _fixed(text: str) -> Generator:
    return lambda params: text


GENERATORS: dict[str, Generator] = {
    "Style/FrozenStringLiteralComment": _frozen,
    "Style/StringLiterals": _string_literals,
    "Style/HashSyntax": _hash_syntax,
    "Style/FormatString": _format_string,
    "Naming/MethodName": _method_name,
    "Metrics/MethodLength": _method_length,
    "Layout/LineLength": _line_length,
    "Layout/IndentationWidth": _indentation_width,
    "Layout/IndentationStyle": _indentation_style,
    "Naming/FileName": _fixed(FROZEN + "puts 1\n"),
    "Layout/TrailingWhitespace": _fixed(FROZEN + "puts 1 \n"),
    "Style/Semicolon": _fixed(FROZEN + "puts 1; puts 2\n"),
    "Style/RedundantReturn": _fixed(FROZEN + "def one\n  return 1\nend\n"),
    "Style/Documentation": _fixed(FROZEN + "class Invoice\n  def total\n    1\n  end\nend\n"),
    "Layout/EmptyLines": _fixed(FROZEN + "puts 1\n\n\nputs 2\n"),
}
FILE_NAMES = {"Naming/FileName": "StandardsProof.rb"}  # cops that judge the file's name


def candidates(standards: Standards) -> list[Convention]:
    """Conventions that would block or warn through RuboCop."""
    return enforced_through(standards, "rubocop")


def prove(standards: Standards, env: Any) -> dict[str, Proof]:
    """The RuboCop proofs of ``standards`` (judged, not demoted)."""
    convs = candidates(standards)
    if not convs or not env.has("ruby"):
        return {}
    root: Path = env.root
    exe = toolchain.find_rubocop(root)
    if exe is None:
        return {c.id: unprovable(c, TOOL, NOT_INSTALLED) for c in convs}
    plan = Plan()
    for conv in convs:
        _plan(plan, conv)
    probes = plan.all()
    by_path = {p.check.path: p for p in probes}
    why: dict[str, str] = {}
    disabled: dict[str, str] = {}
    configured: dict[str, str] = {}
    version = ""
    with ThreadPoolExecutor(max_workers=1) as pool:  # the cops RuboCop knows, asked beside the run
        asked = pool.submit(emitter.known_cops)
        for config, files in runner.plans(root, sorted(by_path), standards) if probes else []:
            disabled.update(config.disabled)
            configured.update(config.configured)
            batch = [by_path[f] for f in files if f in by_path]
            if not batch or not config.cops:
                continue
            found, problem = _run(root, exe, config, config.cops, standards, batch, why)
            runnable = [cop for cop in config.cops if cop in (asked.result() or config.cops)]
            if problem and runnable != config.cops:  # RuboCop refuses a cop it does not know: run without
                found, problem = _run(root, exe, config, runnable, standards, batch, why) if runnable else ("", "")
            version = version or found
            for probe in batch:
                probe.check.problem = probe.check.problem or problem
        known = asked.result()
    for probe in probes:
        cop = probe.code.split(":", 1)[1]
        if probe.check.problem or probe.check.passed or probe.check.path in why:
            continue
        if cop in disabled:
            probe.check.problem = f"{cop}: {PROJECT_OFF.format(tool='RuboCop')} ({disabled[cop]})"
        elif known is not None and cop not in known:
            probe.check.problem = f"{cop}: not a cop of the installed RuboCop{' ' + version if version else ''}"
        elif configured.get(cop):
            probe.check.problem = f"{cop}: {OVERRIDDEN.format(tool='RuboCop', where=configured[cop])}"
    proofs = {}
    for conv in convs:
        found_probes = plan.probes.get(conv.id, [])
        proof = Proof(conv.id, conv.level.value, [p.check for p in found_probes], tool=TOOL, version=version)
        judge(proof, found_probes, why)
        proofs[conv.id] = proof
    return proofs


def _plan(plan: Plan, conv: Convention) -> None:
    wanted = example_path(conv, (".rb",), DEFAULT_PROBE)
    settings = dict(conv.params.get("rubocop") or {})
    cops = [code.split(":", 1)[1] for code in conv.enforced_by if code.startswith("rubocop:")]
    missing = []
    for cop in cops:
        params = settings.get(cop) if isinstance(settings.get(cop), dict) else {}
        generator = GENERATORS.get(cop)
        text = generator(params) if generator is not None else None
        if text is None:
            missing.append(cop)
            continue
        path = wanted
        if cop in FILE_NAMES:
            path = "/".join([*wanted.split("/")[:-1], FILE_NAMES[cop]])
        plan.add(conv, f"rubocop:{cop}", text, path, f"rubocop:{cop}")
    if missing and conv.dont.strip():
        for cop in missing:
            plan.add(conv, "dont", conv.dont.strip("\n") + "\n", wanted, f"rubocop:{cop}")


def _run(
    root: Path,
    exe: Path,
    config: private_config.RubocopRun,
    cops: list[str],
    standards: Standards,
    probes: list[Probe],
    why: dict[str, str],
) -> tuple[str, str]:
    """Lint the deviations under one configuration in one RuboCop run, as the check runs it:
    (RuboCop's version, the problem that stopped the run)."""
    with procutil.scratch_dir() as private:
        tree = private / "tree"
        paths = write(tree, probes)
        here = private / "run"  # RuboCop's working directory, outside the tree: it reports absolute paths
        here.mkdir()
        config_file = here / runner.PRIVATE_CONFIG
        config_file.write_text(rebased(config.text, root, tree), encoding="utf-8")
        for name, data in runner.version_files(root).items():  # as data beside the config, as the check does
            (here / name).write_bytes(data)
        absolute = [str(tree.resolve() / p) for p in paths]
        cmd = [str(exe), "--config", str(config_file), "--format", "json", "--force-exclusion"]
        cmd += ["--cache-root", str(private / "cache")]  # RuboCop's cache and server files: ours, gone after
        cmd += ["--ignore-unrecognized-cops", "--only", ",".join(cops), "--", *absolute]
        try:
            report = json_report(TOOL, cmd, here, TIMEOUT, "{}")
        except RunnerError as exc:
            return "", str(exc)
        if not isinstance(report, dict):
            return "", "RuboCop printed something that is not its report"
        version = str((report.get("metadata") or {}).get("rubocop_version", ""))
        inspected = {relative(tree, str(f.get("path", ""))) for f in report.get("files", []) if isinstance(f, dict)}
        for path in paths:
            if path not in inspected:
                why[path] = f"{path} is excluded by the RuboCop configuration the check runs"
        findings = runner.parse_report(report, tree, CodeIndex.build(standards), config.configured, config.reasons)
    record(probes, findings)
    return version, ""


def rebased(text: str, root: Path, tree: Path) -> str:
    """The private config with its ``Exclude``/``Include`` patterns (made absolute against the
    repository) pointing into ``tree`` instead."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    old = rubocop_project.absolute_pattern(root.resolve(), "")
    new = rubocop_project.absolute_pattern(tree.resolve(), "")
    try:  # round trip: the project's values under tags (!ruby/regexp) stay as they are
        data = YAML(typ="rt").load(text)
    except (YAMLError, ValueError, RecursionError):
        return text.replace(old, new)
    if not isinstance(data, dict):
        return text
    for settings in data.values():
        if not isinstance(settings, dict):
            continue
        for key in rubocop_project.PATH_KEYS:
            patterns = settings.get(key)
            if isinstance(patterns, list):
                settings[key] = [_moved(p, old, new) for p in patterns]
    return emitter.dump(data)


def _moved(pattern: Any, old: str, new: str) -> Any:
    return new + pattern[len(old) :] if isinstance(pattern, str) and pattern.startswith(old) else pattern


def unknown_cops(standards: Standards) -> list[str]:
    """The cops our enforced conventions select that the installed RuboCop does not know, each
    with why (a plugin's department we do not carry, or a cop newer than the installed version)."""
    known = emitter.known_cops()
    if known is None:
        return []
    departments = {cop.split("/", 1)[0] for cop in known}
    out = []
    for cop in private_config.wanted_cops(standards):
        if cop in known:
            continue
        department = cop.split("/", 1)[0]
        if department not in departments:
            plugin = f"rubocop-{department.lower()}"
            out.append(f"{cop}: the {department} cops come from a plugin ({plugin}) our RuboCop does not load")
        else:
            out.append(f"{cop}: not a cop of the installed RuboCop (newer, renamed or misspelt)")
    return out
