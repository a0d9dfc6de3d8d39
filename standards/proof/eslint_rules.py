"""ESLint proofs: every convention ESLint enforces at error or warn is shown to be refused.

For each ESLint rule a convention sets, a few lines of JavaScript that break it under the
convention's own options are written (the convention's ``dont`` stands in for a rule we have no
generator for) into a private scratch tree laid out like the repository (see
:mod:`standards.proof.scratch_tree`). One ESLint run, from our pinned install, with the private
configuration `standards check` builds (:mod:`standards.linter_config.eslint`: standards.toml with
the project's settings and ignores for the same rules) lints them all; its report is read by the
check's own parser, so the level a deviation is reported at is the level the check gives it. A
rule the project switches off, a file the ignores leave out, a rule that reports at a lower level
or not at all: each is a reason the convention is not proven.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from standards import fsutil, procutil, toolchain
from standards.analyzers.js_callbacks import NO_ARROW_CALLBACKS
from standards.analyzers.js_declarations import KEEP_VAR
from standards.analyzers.js_modules import NO_REQUIRE
from standards.check.levels import CodeIndex
from standards.check.runners import RunnerError
from standards.check.runners import eslint as runner
from standards.check.runners._private import json_report, relative
from standards.emitters import eslint as emitter
from standards.linter_config import eslint as private_config
from standards.linter_config import eslint_project
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

TOOL = "eslint"
SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts")
DEFAULT_PROBE = "standards_proof.js"
NOT_INSTALLED = (
    f"ESLint not installed (run bash .ci/install-js-ruby-tools.sh or set {toolchain.ESLINT_ENV}); "
    "the repository's node_modules is not used"
)
IGNORED = "File ignored"
OFF = (0, "0", "off")
TIMEOUT = 300

Generator = Callable[[list[Any]], "str | None"]


def _quotes(options: list[Any]) -> str:
    return "const label = 'text'\n" if options[:1] in (["double"], ["backtick"]) else 'const label = "text"\n'


def _semi(options: list[Any]) -> str:
    return "const count = 1;\n" if options[:1] == ["never"] else "const count = 1\n"


def _indent(options: list[Any]) -> str:
    step = options[0] if options else 4
    wrong = "  " if step == "tab" else " " * ((int(step) if isinstance(step, int) else 4) + 1)
    return f"function area (size) {{\n{wrong}return size * size\n}}\n"


def _comma_dangle(options: list[Any]) -> str:
    setting = options[0] if options else "never"
    style = setting.get("objects", "never") if isinstance(setting, dict) else setting
    if style in ("always", "always-multiline"):
        return "const point = {\n  x: 1\n}\n" if style == "always-multiline" else "const point = { x: 1 }\n"
    return "const point = { x: 1, }\n"


def _curly_spacing(options: list[Any]) -> str:
    return "const point = { x: 1 }\n" if options[:1] == ["never"] else "const point = {x: 1}\n"


def _max_len(options: list[Any]) -> str:
    first = options[0] if options else 80
    limit = first.get("code", 80) if isinstance(first, dict) else first
    terms = " + ".join(f"part{i}" for i in range(int(limit) // 8 + 4))
    return f"const total = {terms}\n"


def _max_lines(options: list[Any]) -> str:
    first = options[0] if options else 50
    limit = first.get("max", 50) if isinstance(first, dict) else first
    body = "".join(f"  count += {i}\n" for i in range(int(limit) + 1))
    return f"function tally () {{\n  let count = 0\n{body}  return count\n}}\n"


def _restricted(options: list[Any]) -> str | None:
    known = {
        KEEP_VAR["selector"]: "const value = 1\n",
        NO_REQUIRE["selector"]: "const fs = require('fs')\n",
        NO_ARROW_CALLBACKS["selector"]: "items.map((item) => item.id)\n",
    }
    for option in options:
        selector = option.get("selector") if isinstance(option, dict) else option
        if selector in known:
            return known[selector]
    return None


def _id_match(options: list[Any]) -> str:
    return "function loadUserData () {\n  return 1\n}\n"


def _fixed(text: str) -> Generator:
    return lambda options: text


GENERATORS: dict[str, Generator] = {
    "quotes": _quotes,
    "semi": _semi,
    "indent": _indent,
    "comma-dangle": _comma_dangle,
    "object-curly-spacing": _curly_spacing,
    "max-len": _max_len,
    "max-lines-per-function": _max_lines,
    "no-restricted-syntax": _restricted,
    "no-var": _fixed("var value = 1\n"),
    "prefer-arrow-callback": _fixed("items.map(function (item) { return item.id })\n"),
    "camelcase": _fixed("function load () {\n  const user_name = 1\n  return user_name\n}\n"),
    "id-match": _id_match,
    "eqeqeq": _fixed("if (a == b) {\n  run()\n}\n"),
    "curly": _fixed("if (ready) run()\n"),
    "no-console": _fixed("console.log('synced')\n"),
    "no-debugger": _fixed("debugger\n"),
    "prefer-const": _fixed("let total = 1\nrun(total)\n"),
    "no-trailing-spaces": _fixed("const count = 1 \n"),
    "eol-last": _fixed("const count = 1"),
    "no-unused-vars": _fixed("function run () {\n  const unused = 1\n}\nrun()\n"),
    "no-undef": _fixed("run(undefinedName)\n"),
    "no-multiple-empty-lines": _fixed("const a = 1\n\n\n\n\nconst b = 2\nrun(a, b)\n"),
    "space-before-function-paren": _fixed("function run() {\n  return 1\n}\nfunction go () {\n  return 2\n}\n"),
    "arrow-parens": _fixed("const twice = (x) => x * 2\nconst thrice = x => x * 3\n"),
}
SYNTAX_DEVIATION = {"commonjs": "import fs from 'fs'\n\nfs.readFileSync('x')\n"}


def candidates(standards: Standards) -> list[Convention]:
    """Conventions that would block or warn through ESLint."""
    return enforced_through(standards, "eslint")


def prove(standards: Standards, env: Any) -> dict[str, Proof]:
    """The ESLint proofs of ``standards`` (judged, not demoted)."""
    convs = candidates(standards)
    if not convs or not env.has("javascript", "typescript"):
        return {}
    root: Path = env.root
    install = toolchain.find_eslint(root)
    if install is None:
        return {c.id: unprovable(c, TOOL, NOT_INSTALLED) for c in convs}
    stylistic = install.has(toolchain.STYLISTIC)
    plan = Plan()
    for conv in convs:
        _plan(plan, conv, stylistic)
    probes = plan.all()
    typescript = any(p.check.path.endswith(runner.TS_SUFFIXES) for p in probes)
    project = eslint_project.read(root)
    config = private_config.build(standards, install, project, typescript_files=typescript)
    why: dict[str, str] = {}
    if probes:
        problem = _run(root, install, config, standards, probes, why)
        unknown = unknown_rules(standards, install) if problem else []
        if unknown:
            problem = f"ESLint cannot load the configuration: {'; '.join(unknown)}"
        for probe in probes:
            if problem:
                probe.check.problem = problem
    off = _switched_off(project, config.configured)
    version = _version(install)
    proofs = {}
    for conv in convs:
        found = plan.probes.get(conv.id, [])
        for probe in found:
            name = probe.check.expected[0] if probe.check.expected else ""
            if probe.check.passed or probe.check.problem or probe.check.path in why:
                continue
            if name in off:
                probe.check.problem = f"{name}: {PROJECT_OFF.format(tool='ESLint')} ({off[name]})"
            elif name in config.configured:
                probe.check.problem = f"{name}: {OVERRIDDEN.format(tool='ESLint', where=config.configured[name])}"
        proof = Proof(conv.id, conv.level.value, [p.check for p in found], tool=TOOL, version=version)
        judge(proof, found, why)
        proofs[conv.id] = proof
    return proofs


def _plan(plan: Plan, conv: Convention, stylistic: bool) -> None:
    wanted = example_path(conv, SUFFIXES, DEFAULT_PROBE)
    rules = dict(conv.params.get("eslint") or {})
    missing = False
    for rule, options in sorted(rules.items()):
        name = f"@stylistic/{rule}" if stylistic and rule in emitter.STYLISTIC_RULES else rule
        generator = GENERATORS.get(rule)
        text = generator(list(options or [])) if generator is not None else None
        if text is None:
            missing = True
            continue
        plan.add(conv, f"eslint:{name}", text, wanted, f"eslint:{name}")
    source_type = conv.params.get("sourceType")
    if not rules and isinstance(source_type, str) and source_type in SYNTAX_DEVIATION:
        plan.add(conv, "eslint:syntax", SYNTAX_DEVIATION[source_type], wanted, "eslint:syntax")
    if missing and conv.dont.strip() and rules:
        for rule in sorted(rules):
            name = f"@stylistic/{rule}" if stylistic and rule in emitter.STYLISTIC_RULES else rule
            if rule not in GENERATORS:
                plan.add(conv, "dont", conv.dont.strip("\n") + "\n", wanted, f"eslint:{name}")


def _run(
    root: Path,
    install: toolchain.EslintInstall,
    plan: private_config.EslintRun,
    standards: Standards,
    probes: list[Probe],
    why: dict[str, str],
) -> str:
    """Lint every deviation in one ESLint run; the problem that stopped the run, if any."""
    with procutil.scratch_dir() as private:
        tree = private / "tree"
        config = private / "config" / runner.PRIVATE_CONFIG
        config.parent.mkdir()
        config.write_text(plan.text, encoding="utf-8")
        paths = write(tree, probes)
        cmd = [*install.argv(root), "--config", str(config), "--format", "json", "--", *paths]
        try:
            report = json_report(TOOL, cmd, tree, TIMEOUT, "[]")
        except RunnerError as exc:
            return f"{exc}"
        if not isinstance(report, list):
            return "ESLint printed something that is not its report"
        kept = []
        for result in report:
            messages = result.get("messages", []) if isinstance(result, dict) else []
            ignored = [m for m in messages if not m.get("ruleId") and str(m.get("message", "")).startswith(IGNORED)]
            if ignored:
                path = relative(tree, str(result.get("filePath", "")))
                why[path] = f"{path} is ignored by the ESLint configuration the check runs"
                continue
            kept.append(result)
        findings = runner.parse_report(kept, tree, CodeIndex.build(standards), plan.configured, plan.scopes)
    record(probes, findings)
    return ""


def _switched_off(project: eslint_project.ProjectEslint, configured: dict[str, str]) -> dict[str, str]:
    """Rules we run (by our name) that the project's config turns off, with where."""
    off = {}
    for name, where in configured.items():
        for rule, setting in project.rules.items():
            if rule != name and private_config.core_name(rule) != private_config.core_name(name):
                continue
            severity = setting[0] if isinstance(setting, list) and setting else setting
            if severity in OFF:
                off[name] = where
    return off


def _version(install: toolchain.EslintInstall) -> str:
    try:
        manifest = json.loads(fsutil.read_bytes(install.modules / "eslint" / "package.json", 1024 * 1024))
    except (fsutil.Unreadable, ValueError, RecursionError):
        return ""
    return str(manifest.get("version", "")) if isinstance(manifest, dict) else ""


def unknown_rules(standards: Standards, install: toolchain.EslintInstall) -> list[str]:
    """The rules our enforced conventions select that the installed ESLint (with the plugins
    of our install) does not know, each with why."""
    core = install.core_rules()
    stylistic = install.has(toolchain.STYLISTIC)
    out = []
    ruleset = emitter.collect(emitter.enforced(standards), stylistic)
    for name in sorted(ruleset.rules):
        plugin, slash, rule = name.rpartition("/")
        if not slash:
            if core and name not in core:
                out.append(f"{name}: not a rule of the installed ESLint {_version(install)}")
        elif plugin == "@stylistic" and not stylistic:
            out.append(f"{name}: {toolchain.STYLISTIC} is not installed beside ESLint")
        elif plugin == "@stylistic" and not install.has_stylistic_rule(rule):
            out.append(f"{name}: not a rule of the installed {toolchain.STYLISTIC}")
        elif plugin.startswith("@typescript-eslint") and not install.has(toolchain.TYPESCRIPT):
            out.append(f"{name}: {toolchain.TYPESCRIPT} is not installed beside ESLint")
        elif plugin not in ("@stylistic", "@typescript-eslint"):
            out.append(f"{name}: plugin {plugin} is not part of the pinned ESLint install")
    return out
