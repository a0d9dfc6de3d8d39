"""The generated ESLint config, validated by real ESLint: it loads, conforming code passes,
and an injected deviation is caught. The check runs its own private config with the plugins of
our ESLint install, whatever the repository has installed. Skipped (with the reason) when
ESLint is missing."""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest

from standards import toolchain
from standards.check.runners import eslint as runner
from standards.context import Context
from standards.discovery import discover
from standards.emitters import EmitEnv
from standards.emitters import eslint as emitter
from standards.fsutil import WritePlan
from standards.infer import infer
from standards.model import Level, Standards
from tests._lang import family
from tests._lang import generate as generate_with

ANALYZERS = family("js_", also=("explicit_js",), without=("js_tests",))


def eslint_or_skip(root: Path) -> str:
    exe = runner.find_eslint(root)
    if exe is None:
        pytest.skip("ESLint is not installed (run .ci/install-js-ruby-tools.sh or set STANDARDS_ESLINT)")
    return exe


def link_plugins(root: Path, exe: str) -> bool:
    """Give the fixture repo the node_modules next to ESLint, as an installed project has."""
    path = Path(exe).absolute()
    modules = path.parents[1] if path.parent.name == ".bin" else path.resolve().parents[2]  # eslint/bin/eslint.js
    if not (modules / "@stylistic" / "eslint-plugin").is_dir():
        return False
    (root / "node_modules").symlink_to(modules, target_is_directory=True)
    return True


def module(i: int) -> str:
    return textwrap.dedent(
        f"""
        'use strict'

        const path = require('path')

        function buildRoute{i} (options) {{
          const route = {{
            url: path.join('/api', options.name),
            method: 'GET'
          }}
          const names = options.items.map((item) => item.name)
          return {{ route, names }}
        }}

        module.exports = {{ buildRoute{i} }}
        """
    ).lstrip()


def generate(root: Path) -> Standards:
    """Analyse ``root``, infer, and write the ESLint files the emitter plans."""
    return generate_with(root, ANALYZERS, emitter)[0]


def repo(tmp_path: Path, files: int = 25) -> Path:
    for i in range(files):
        path = tmp_path / "lib" / f"route-{i}.js"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(module(i), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("stylistic", [True, False], ids=["stylistic", "core-rules"])
def test_generated_config_loads_passes_conforming_code_and_catches_a_semicolon(tmp_path: Path, stylistic: bool) -> None:
    root = repo(tmp_path)
    exe = eslint_or_skip(root)
    if stylistic and not link_plugins(root, exe):
        pytest.skip("@stylistic/eslint-plugin is not installed next to ESLint")
    standards = generate(root)
    config = (root / emitter.GENERATED).read_text()
    assert ("@stylistic/semi" in config) is stylistic
    assert (root / emitter.USER_CONFIG).read_text() == emitter.user_config_text()

    printed = subprocess.run(
        [exe, "--config", emitter.GENERATED, "--print-config", "lib/route-0.js"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert printed.returncode == 0, printed.stderr
    rules = json.loads(printed.stdout)["rules"]
    semi = "@stylistic/semi" if stylistic else "semi"
    assert rules[semi][0] in (2, "error") and rules[semi][1] == "never"

    assert runner.available(root) is None
    files = sorted(p.relative_to(root).as_posix() for p in (root / "lib").glob("*.js"))
    assert runner.run(root, files, standards) == []

    (root / "lib" / "route-3.js").write_text(module(3).replace("require('path')", "require('path');"))
    findings = runner.run(root, files, standards)
    install = toolchain.find_eslint(root)
    assert install is not None
    checked = "@stylistic/semi" if install.has(toolchain.STYLISTIC) else "semi"  # our install decides
    assert [(f.path, f.line, f.rule) for f in findings] == [("lib/route-3.js", 3, f"eslint:{checked}")]
    finding = findings[0]
    assert finding.level is Level.ERROR
    assert finding.source_line == "const path = require('path');"
    assert finding.fix is not None and "--fix" in finding.fix.command
    assert finding.anchor == "js-style-semi"


def test_injected_import_in_a_commonjs_codebase_is_a_syntax_finding(tmp_path: Path) -> None:
    root = repo(tmp_path)
    eslint_or_skip(root)
    standards = generate(root)
    (root / "lib" / "esm.js").write_text("import path from 'path'\n\nexport default path\n")
    findings = runner.run(root, ["lib/esm.js"], standards)
    assert [f.rule for f in findings] == ["eslint:syntax"]


def test_second_run_is_identical_and_has_no_absolute_paths(tmp_path: Path) -> None:
    root = repo(tmp_path)
    generate(root)
    first = (root / emitter.GENERATED).read_text()
    generate(root)
    assert (root / emitter.GENERATED).read_text() == first
    assert str(tmp_path) not in first and "/work/" not in first


def test_existing_config_is_extended_not_replaced(tmp_path: Path) -> None:
    root = repo(tmp_path)
    own = "export default [{ rules: { 'no-console': 'error' } }]\n"
    (root / "eslint.config.js").write_text(own)
    discovery = discover(root)
    ctx = Context(root=discovery.root, discovery=discovery)
    standards = Standards(conventions=infer([o for a in ANALYZERS for o in a.analyze(ctx)]))
    plan = WritePlan(root=discovery.root)
    notes = emitter.emit(standards, plan, EmitEnv(root=root, languages={"javascript": 26}, frameworks={}, in_git=False))
    assert [w.path for w in plan.writes] == [emitter.GENERATED]
    assert any("eslint.config.js does not use standards.eslint.mjs" in n for n in notes)


def test_typescript_is_parsed_with_typescript_eslint_from_our_install(tmp_path: Path) -> None:
    root = repo(tmp_path)
    eslint_or_skip(root)
    install = toolchain.find_eslint(root)
    if install is None or not install.has(toolchain.TYPESCRIPT) or not install.has(toolchain.STYLISTIC):
        pytest.skip("typescript-eslint or @stylistic/eslint-plugin is not in our ESLint install")
    (root / "src").mkdir()
    (root / "src" / "store.ts").write_text("export const names: string[] = ['a']\n")
    standards = generate(root)
    assert "tseslint.parser" not in (root / emitter.GENERATED).read_text()  # the repository has no plugins
    assert runner.run(root, ["src/store.ts"], standards) == []
    (root / "src" / "store.ts").write_text('export const names: string[] = ["a"]\n')
    assert [f.rule for f in runner.run(root, ["src/store.ts"], standards)] == ["eslint:@stylistic/quotes"]
