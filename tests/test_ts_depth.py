"""TypeScript as deep as JavaScript: .ts/.tsx conventions counted with tree-sitter-typescript and
checked by our ESLint install through typescript-eslint; a missing tool is said once at init,
stops CI and the baseline (exit 2) instead of passing silently; Prettier detected and left to own
the formatting; tsconfig strictness (extends followed inside the repository) shown as conventions.

The end-to-end tests run the real ESLint of our pinned install (STANDARDS_ESLINT, or the
``.tools`` install) and are skipped, with the reason, when it or typescript-eslint is missing."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from standards import toolchain
from standards.analyzers import explicit_js, js_tsconfig
from standards.check import engine, tool_presence
from standards.errors import StandardsError
from standards.model import Convention, Level, Source, Standards
from tests._lang import context
from tests._repo import git, make_repo, snapshot, standards, write

NO_ESLINT = {"STANDARDS_ESLINT": "/nonexistent/eslint"}


def service(i: int) -> str:
    return (
        "import { readFile } from 'node:fs/promises'\n"
        "\n"
        f"export interface Options{i} {{\n"
        "  name: string\n"
        "  size?: number\n"
        "}\n"
        "\n"
        f"export async function loadItems{i} (options: Options{i}): Promise<string[]> {{\n"
        "  const text = await readFile(options.name, 'utf8')\n"
        "  const items = text.split('\\n').map((line) => line.trim())\n"
        "  const result = { items, count: items.length }\n"
        "  return result.items\n"
        "}\n"
    )


def card(i: int) -> str:
    return (
        "import React from 'react'\n"
        "\n"
        f"export function Card{i} ({{ title }}: {{ title: string }}) {{\n"
        "  const label = title.toUpperCase()\n"
        "  return <div className='card'>{label}</div>\n"
        "}\n"
    )


def ts_files(count: int = 15) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for i in range(count):
        files[f"src/service{i}.ts"] = service(i)
        files[f"src/components/Card{i}.tsx"] = card(i)
    return files


def eslint_env() -> dict[str, str]:
    """The environment that names our ESLint install; skips when it cannot lint TypeScript."""
    install = toolchain.find_eslint(None)
    if install is None:
        pytest.skip("ESLint is not installed (bash .ci/install-js-ruby-tools.sh or STANDARDS_ESLINT)")
    if not install.has(toolchain.TYPESCRIPT):
        pytest.skip("typescript-eslint is not in our ESLint install")
    return {"STANDARDS_ESLINT": str(install.executable)}


def conventions(root: Path) -> dict[str, dict[str, Any]]:
    data = tomllib.loads((root / "standards.toml").read_text(encoding="utf-8"))
    return dict(data["conventions"])


def init(root: Path, env: dict[str, str]) -> str:
    done = standards(root, "init", "--no-hooks", extra_env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Adopt standards")
    return done.stdout


# -- .ts and .tsx through real ESLint --------------------------------------------------------


def test_a_deviation_in_a_ts_and_a_tsx_file_is_refused_and_a_conforming_copy_passes(tmp_path: Path) -> None:
    env = eslint_env()
    root = make_repo(tmp_path / "app", ts_files())
    init(root, env)
    found = conventions(root)
    assert found["js.style.quotes"]["level"] == "error" and found["js.style.quotes"]["value"] == "single"
    assert found["js.style.semi"]["level"] == "error" and found["js.style.semi"]["value"] == "never"
    counted = {e.rsplit(":", 1)[0] for c in found.values() for e in c.get("examples", [])}
    assert any(p.endswith(".tsx") for p in counted) and any(p.endswith(".ts") for p in counted)

    write(root, {"src/service3.ts": service(3).replace("'utf8'", '"utf8"')})
    write(root, {"src/components/Card2.tsx": card(2).replace("toUpperCase()\n", "toUpperCase();\n")})
    git(root, "add", "-A")
    refused = standards(root, "check", "--staged", "--format", "json", extra_env=env)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    report = json.loads(refused.stdout)
    blocking = {(f["path"], f["rule"].rsplit("/", 1)[-1]) for f in report["findings"] if f["level"] == "error"}
    assert blocking == {("src/service3.ts", "quotes"), ("src/components/Card2.tsx", "semi")}

    git(root, "reset", "-q", "--hard")
    write(root, {"src/service99.ts": service(99), "src/components/Card99.tsx": card(99)})
    git(root, "add", "-A")
    passed = standards(root, "check", "--staged", extra_env=env)
    assert passed.returncode == 0, passed.stdout + passed.stderr


# -- a missing tool ---------------------------------------------------------------------------


def test_without_eslint_init_says_so_once_ci_and_baseline_stop_with_exit_2(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "app", ts_files())
    out = init(root, NO_ESLINT)
    said = [line for line in out.splitlines() if "not installed for standards" in line]
    assert len(said) == 1 and "install" in said[0], out
    found = conventions(root)
    eslint_rules = {cid: c for cid, c in found.items() if any(str(e).startswith("eslint:") for e in c["enforced_by"])}
    assert eslint_rules and all(c["level"] != "error" for c in eslint_rules.values())  # not listed as enforced
    playbook = (root / "playbook.md").read_text(encoding="utf-8")
    enforced_part = playbook.split("## Expected", 1)[0]
    assert "Strings use single quotes" not in enforced_part
    assert "not installed" in playbook  # the playbook says why

    ci = standards(root, "check", "--all", extra_env={**NO_ESLINT, "CI": "true"})
    assert ci.returncode == 2, ci.stdout + ci.stderr
    assert "ESLint" in ci.stderr and "Traceback" not in ci.stderr

    hook = standards(root, "check", "--staged", extra_env={**NO_ESLINT, "CI": ""})
    assert hook.returncode == 0, hook.stdout + hook.stderr  # a developer without Node still commits

    before = snapshot(root)
    refused = standards(root, "baseline", extra_env=NO_ESLINT)
    assert refused.returncode == 2 and "cannot record the baseline" in refused.stderr and "ESLint" in refused.stderr
    assert snapshot(root) == before


def _standards_with(level: Level) -> Standards:
    conv = Convention(
        id="js.style.quotes",
        title="Strings use single quotes",
        category="formatting",
        language="javascript",
        value="single",
        level=level,
        source=Source.INFERRED,
        support=(30, 30),
        confidence=0.9,
        enforced_by=["eslint:quotes"],
        params={"eslint": {"quotes": ["single"]}},
    )
    return Standards(conventions={conv.id: conv})


def test_typescript_eslint_missing_from_our_install_is_a_missing_tool_for_ts_files_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = toolchain.EslintInstall(tmp_path / "node_modules" / ".bin" / "eslint", tmp_path / "node_modules")
    (tmp_path / "node_modules" / "eslint").mkdir(parents=True)
    monkeypatch.setattr(toolchain, "find_eslint", lambda root=None: bare)
    model = _standards_with(Level.ERROR)
    assert tool_presence.missing(tmp_path, model, ["lib/a.js"], Level.WARN) == []
    gone = tool_presence.missing(tmp_path, model, ["lib/a.js", "src/b.ts", "src/c.tsx"], Level.WARN)
    assert [(m.tool, m.files, m.conventions) for m in gone] == [("typescript-eslint", 2, ("js.style.quotes",))]
    assert "cannot be parsed" in gone[0].describe()
    assert tool_presence.missing(tmp_path, _standards_with(Level.INFO), ["src/b.ts"], Level.WARN) == []


@pytest.mark.parametrize(("ci", "mode", "stops"), [("true", "all", True), ("true", "files", False), ("", "all", False)])
def test_the_check_stops_only_in_ci_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ci: str, mode: str, stops: bool
) -> None:
    root = make_repo(tmp_path / "app", {"lib/a.js": "const a = 'x'\n"})
    monkeypatch.setenv("STANDARDS_ESLINT", NO_ESLINT["STANDARDS_ESLINT"])
    monkeypatch.setenv("CI", ci)
    selection = engine.Selection(mode, ["lib/a.js"] if mode == "files" else [])
    if stops:
        with pytest.raises(StandardsError, match="ESLint"):
            engine.run(root, selection, standards=_standards_with(Level.ERROR))
    else:
        report = engine.run(root, selection, standards=_standards_with(Level.ERROR))
        assert any("ESLint" in note for note in report.tool_notes)


# -- Prettier ---------------------------------------------------------------------------------


def prettier_repo(root: Path, extra: dict[str, str | bytes]) -> Path:
    files = ts_files(12)
    files.update(extra)
    return make_repo(root, files)


def test_prettier_owns_the_formatting_rules_eslint_would_otherwise_get(tmp_path: Path) -> None:
    env = eslint_env()
    root = prettier_repo(tmp_path / "app", {".prettierrc": '{ "singleQuote": true, "semi": false }\n'})
    init(root, env)
    found = conventions(root)
    formatter = found[explicit_js.FORMATTER_ID]
    assert formatter["title"] == "Formatting: Prettier (.prettierrc)"
    assert formatter["params"] == {"prettier": {"singleQuote": True, "semi": False}}
    for cid in explicit_js.PRETTIER_OWNED.values():
        if cid in found:
            assert found[cid]["level"] == "info" and not found[cid].get("params"), cid
    generated = (
        (root / "standards.eslint.mjs").read_text(encoding="utf-8") if (root / "standards.eslint.mjs").exists() else ""
    )
    for rule in explicit_js.PRETTIER_OWNED:
        assert f'"{rule}"' not in generated and f'"@stylistic/{rule}"' not in generated
    assert "formatting: prettier (.prettierrc)" in (root / "playbook.md").read_text(encoding="utf-8").lower()

    write(root, {"src/service3.ts": service(3).replace("'utf8'", '"utf8"')})  # Prettier's business, not ESLint's
    git(root, "add", "-A")
    checked = standards(root, "check", "--staged", extra_env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize(
    ("extra", "source"),
    [
        ({"package.json": '{"devDependencies": {"prettier": "3.3.0"}}'}, "package.json (devDependencies)"),
        (
            {"package.json": '{"prettier": "@acme/prettier-config"}'},
            "package.json (shared config @acme/prettier-config)",
        ),
        ({"package.json": '{"scripts": {"format": "prettier --write ."}}'}, "package.json (scripts)"),
        ({".prettierrc.toml": "singleQuote = true\n"}, ".prettierrc.toml"),
        ({".prettierrc.yaml": "singleQuote: true\n"}, ".prettierrc.yaml"),
    ],
)
def test_prettier_is_found_from_its_config_its_dependency_or_its_use(
    tmp_path: Path, extra: dict[str, str], source: str
) -> None:
    write(tmp_path, {**ts_files(2), **extra})
    found = explicit_js.prettier(context(tmp_path))
    assert found is not None and found.source == source
    observed = {o.id: o for o in explicit_js.analyze(context(tmp_path))}
    assert observed[explicit_js.FORMATTER_ID].title == f"Formatting: Prettier ({source})"
    if "shared config" in source:  # its options live in a package: no formatting value is claimed
        assert "js.style.quotes" not in observed
    elif source.startswith(".prettierrc"):
        assert observed["js.style.quotes"].value == "single"
    else:  # used without a config file: the formatting values are the code's to show
        assert "js.style.quotes" not in observed and "js.style.semi" not in observed


def test_a_prettier_js_config_is_read_as_data_never_run(tmp_path: Path) -> None:
    config = (
        "require('child_process').execSync('touch MARKER')\n"
        "module.exports = { singleQuote: true, useTabs: false, tabWidth: 4, plugins: [require('x')] }\n"
    )
    write(tmp_path, {**ts_files(2), "prettier.config.js": config})
    found = explicit_js.prettier(context(tmp_path))
    assert (
        found is not None
        and found.options == {"singleQuote": True, "useTabs": False, "tabWidth": 4}
        and not found.complete
    )
    observed = {o.id: o for o in explicit_js.analyze(context(tmp_path))}
    assert observed["js.style.quotes"].value == "single" and observed["js.style.indent"].value == 4
    assert "js.style.semi" not in observed  # not known: the rest of the config is computed
    assert not (tmp_path / "MARKER").exists()


def test_editorconfig_gives_prettier_its_indentation_where_its_config_is_silent(tmp_path: Path) -> None:
    editorconfig = "root = true\n[*]\nindent_size = 4\n[*.{json,yml}]\nindent_size = 2\n[*.md]\nmax_line_length = 72\n"
    write(tmp_path, {**ts_files(2), ".prettierrc.json": '{"semi": false}', ".editorconfig": editorconfig})
    found = explicit_js.prettier(context(tmp_path))
    assert found is not None and found.source == ".prettierrc.json + .editorconfig"
    assert found.options == {"semi": False, "tabWidth": 4}  # not the JSON section, not the Markdown one
    observed = {o.id: o for o in explicit_js.analyze(context(tmp_path))}
    assert observed["js.style.indent"].value == 4 and observed["js.style.max_len"].value == 80


def test_a_prettierignore_alone_is_no_evidence_of_prettier(tmp_path: Path) -> None:
    write(tmp_path, {**ts_files(2), ".prettierignore": "*\n"})
    assert explicit_js.prettier(context(tmp_path)) is None


def test_without_prettier_the_inferred_formatting_stays_with_eslint(tmp_path: Path) -> None:
    write(tmp_path, ts_files(12))
    assert explicit_js.prettier(context(tmp_path)) is None
    from standards.analyzers import js_quotes

    (quotes,) = js_quotes.analyze(context(tmp_path))
    assert quotes.params == {"eslint": {"quotes": ["single", {"avoidEscape": True}]}}


# -- tsconfig strictness ----------------------------------------------------------------------


def tsconfig_observations(root: Path) -> dict[str, Any]:
    return {o.id: o for o in js_tsconfig.analyze(context(root))}


def test_tsconfig_extends_is_followed_inside_the_repository(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            **ts_files(1),
            "config/tsconfig.base.json": (
                '{\n  // shared\n  "compilerOptions": {"strict": true, "noUncheckedIndexedAccess": true,},\n}\n'
            ),
            "tsconfig.json": json.dumps(
                {
                    "extends": ["./config/tsconfig.base", "@tsconfig/node20/tsconfig.json"],
                    "compilerOptions": {"noImplicitAny": False},
                }
            ),
        },
    )
    found = tsconfig_observations(tmp_path)
    strict = found["ts.types.strict"]
    assert strict.value is True and strict.explicit_in == "config/tsconfig.base.json"
    assert "noImplicitAny" not in strict.counts and "strictNullChecks" in strict.counts
    assert (
        found["ts.types.no_implicit_any"].value is False
        and found["ts.types.no_implicit_any"].explicit_in == "tsconfig.json"
    )
    assert found["ts.types.no_unchecked_indexed_access"].value is True
    assert found["ts.types.strict_null_checks"].value is True  # implied by strict
    assert "@tsconfig/node20/tsconfig.json: a package, not read" in strict.note
    assert all(o.source is Source.EXPLICIT and not o.enforced_by for o in found.values())  # tsc is not run by us


def test_tsconfig_extends_out_of_the_repository_or_in_a_circle_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text('{"compilerOptions": {"strict": true}}', encoding="utf-8")
    root = tmp_path / "repo"
    write(
        root,
        {
            **ts_files(1),
            "tsconfig.json": '{"extends": "./a.json", "compilerOptions": {}}',
            "a.json": '{"extends": ["../outside.json", "./link.json", "./b.json"]}',
            "b.json": '{"extends": "./a.json", "compilerOptions": {"noUncheckedIndexedAccess": false}}',
        },
    )
    (root / "link.json").symlink_to(outside)
    found = tsconfig_observations(root)
    assert "ts.types.strict" not in found  # the base outside the repository may set it: not stated either way
    unchecked = found["ts.types.no_unchecked_indexed_access"]
    assert unchecked.value is False and unchecked.explicit_in == "b.json"
    assert "extends ../outside.json: outside the repository, not read" in unchecked.note
    assert "extends ./link.json: outside the repository, not read" in unchecked.note  # a symlink out
    assert "a circle" in unchecked.note


def test_a_malformed_tsconfig_in_the_chain_is_exit_2_naming_it(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "app",
        {
            **ts_files(2),
            "tsconfig.json": '{"extends": "./base.json"}',
            "base.json": '{\n  "compilerOptions": {\n    "strict": tru\n}\n',
        },
    )
    done = standards(root, "init", "--no-hooks", "--dry-run")
    assert done.returncode == 2 and "base.json:3" in done.stderr and "Traceback" not in done.stderr


def test_tsconfig_strictness_is_in_the_playbook_and_explain(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "app",
        {**ts_files(3), "tsconfig.json": '{"compilerOptions": {"strict": true, "noUncheckedIndexedAccess": true}}'},
    )
    init(root, NO_ESLINT)
    playbook = (root / "playbook.md").read_text(encoding="utf-8").lower()
    assert "compiles in typescript's strict mode" in playbook and "nouncheckedindexedaccess is on" in playbook
    explained = standards(root, "explain", "ts.types.no_unchecked_indexed_access")
    assert explained.returncode == 0, explained.stderr
    assert "tsconfig.json" in explained.stdout and "names[0]" in explained.stdout


def test_under_prettier_the_width_is_where_code_is_wrapped_not_the_longest_lines() -> None:
    from standards.analyzers.js_line_length import prettier_width

    wrapped = [70] * 990 + [78] * 5 + [112] * 5  # a few unbreakable lines past the width
    assert prettier_width(wrapped) == 80
    assert prettier_width([95] * 100) == 100
    assert prettier_width([]) is None


def test_every_typescript_flavour_is_counted_with_its_grammar(tmp_path: Path) -> None:
    from standards.analyzers import js_quotes, js_semicolons

    write(
        tmp_path,
        {
            "src/a.ts": "export const a: string = 'x'\n",
            "src/b.tsx": "export const B = () => <p title='t'>{'y'}</p>\n",
            "src/c.mts": "export const c = <T,>(v: T): T => v\nexport const d = 'z'\n",
            "src/e.cts": "export const e = 'w' as const\n",
        },
    )
    ctx = context(tmp_path)
    assert not ctx.parse_errors
    (quotes,) = js_quotes.analyze(ctx)
    (semi,) = js_semicolons.analyze(ctx)
    assert quotes.value == "single" and quotes.total == 4  # the JSX attribute is jsx-quotes' business
    counted = {e.rsplit(":", 1)[0] for e in quotes.examples}
    assert counted == {"src/a.ts", "src/b.tsx", "src/c.mts"}  # the first three places are quoted
    assert semi.value == "never" and semi.total == 5
