"""Explicit JavaScript configuration (ESLint, Prettier, tsconfig) read as text, never run."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from standards.analyzers import explicit_js, js_tsconfig
from standards.analyzers._configfiles import strip_jsonc
from standards.context import Context
from standards.discovery import discover
from standards.errors import ConfigError
from standards.infer import infer
from standards.model import Level, Observation, Source


def observe(root: Path, files: dict[str, str]) -> dict[str, Observation]:
    for rel, text in {"index.js": "module.exports = 1\n", **files}.items():
        (root / rel).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    discovery = discover(root)
    return {o.id: o for o in explicit_js.analyze(Context(root=discovery.root, discovery=discovery))}


FLAT = """
    'use strict'
    const neostandard = require('neostandard')
    const limit = 100

    module.exports = [
      ...neostandard({ ts: true }),
      {
        rules: {
          'comma-dangle': ['error', 'always-multiline'],
          '@stylistic/max-len': ['warn', { code: 120, ignoreUrls: true }],
          'max-lines-per-function': ['error', limit],
        }
      },
      {
        files: ['test/**'],
        rules: { semi: ['error', 'always'] }
      }
    ]
"""


def test_flat_config_with_a_shared_config_and_overrides(tmp_path: Path) -> None:
    found = observe(tmp_path, {"eslint.config.js": FLAT})
    assert found["js.style.semi"].value == "never"  # from neostandard; the test-only block is ignored
    assert found["js.style.semi"].explicit_in == "eslint.config.js (neostandard)"
    assert found["js.style.quotes"].value == "single"
    comma = found["js.style.comma_dangle"]
    assert comma.value == "always-multiline" and comma.explicit_in == "eslint.config.js"
    assert comma.params == {"eslint": {"comma-dangle": ["always-multiline"]}}
    max_len = found["js.style.max_len"]
    assert max_len.value == 120 and max_len.max_level is Level.WARN
    assert max_len.params == {"eslint": {"max-len": [{"code": 120, "ignoreUrls": True}]}}
    assert "js.size.function" not in found  # its option is a variable: computed, not read
    assert all(o.source is Source.EXPLICIT for o in found.values())


def test_explicit_values_take_the_code_evidence_in_inference(tmp_path: Path) -> None:
    explicit = observe(tmp_path, {"eslint.config.mjs": "export default [{ rules: { quotes: ['error', 'single'] } }]\n"})
    inferred = Observation(
        id="js.style.quotes",
        title="t",
        category="formatting",
        language="javascript",
        value="double",
        support=90,
        total=100,
        counts={"double": 90, "single": 10},
    )
    conv = infer([inferred, explicit["js.style.quotes"]])["js.style.quotes"]
    assert conv.value == "single" and conv.level is Level.ERROR and conv.support == (10, 100)


def test_legacy_eslintrc_with_comments_and_trailing_commas(tmp_path: Path) -> None:
    eslintrc = """
        {
          // house style
          "extends": "standard",
          "globals": { "Promise": true, /* node 4 */ },
          "rules": {
            "semi": ["error", "always"],
            "indent": ["warn", 4, { "SwitchCase": 1 }],
            "quotes": "off",
          },
        }
    """
    found = observe(tmp_path, {".eslintrc": eslintrc})
    assert found["js.style.semi"].value == "always"
    assert found["js.style.indent"].value == 4 and found["js.style.indent"].max_level is Level.WARN
    assert found["js.style.quotes"].value == "single"  # "off" leaves the shared config's setting
    assert found["js.naming.function"].value == "camelCase"


def test_yaml_eslintrc_and_package_json(tmp_path: Path) -> None:
    found = observe(tmp_path, {".eslintrc.yml": "rules:\n  object-curly-spacing: [error, always]\n"})
    assert found["js.style.object_curly_spacing"].value == "always"
    other = tmp_path / "other"
    other.mkdir()
    package = {"name": "x", "eslintConfig": {"rules": {"no-var": "error"}}}
    found = observe(other, {"package.json": json.dumps(package)})
    assert found["js.style.declarations"].value == "const/let"


def test_prettier_settings_with_defaults(tmp_path: Path) -> None:
    found = observe(tmp_path, {".prettierrc": '{ "singleQuote": true, "semi": false }'})
    assert found["js.style.quotes"].value == "single"
    assert found["js.style.semi"].value == "never"
    assert found["js.style.indent"].value == 2  # Prettier's default
    assert found["js.style.comma_dangle"].value == "always-multiline"
    semi = found["js.style.semi"]
    assert not semi.enforced_by and not semi.params and semi.max_level is Level.INFO  # Prettier's, not ESLint's
    formatter = found[explicit_js.FORMATTER_ID]
    assert formatter.title == "Formatting: Prettier (.prettierrc)" and not formatter.enforced_by
    assert formatter.params == {"prettier": {"singleQuote": True, "semi": False}}


def test_eslint_wins_over_prettier_for_the_same_convention(tmp_path: Path) -> None:
    found = observe(
        tmp_path,
        {
            "eslint.config.mjs": "export default [{ rules: { semi: ['error', 'always'] } }]\n",
            "prettier.config.js": "module.exports = { semi: false, tabWidth: 4 }\n",
        },
    )
    assert found["js.style.semi"].value == "always" and found["js.style.semi"].explicit_in == "eslint.config.mjs"
    assert found["js.style.indent"].value == 4 and found["js.style.indent"].explicit_in == "prettier.config.js"


def test_tsconfig_strictness(tmp_path: Path) -> None:
    tsconfig = '{\n  // strict by default\n  "compilerOptions": { "strict": true, "noImplicitAny": false, },\n}\n'
    found = observe_tsconfig(tmp_path, {"tsconfig.json": tsconfig})
    strict = found["ts.types.strict"]
    assert strict.value is True and "noImplicitAny" not in strict.counts and "strictNullChecks" in strict.counts
    assert found["ts.types.no_implicit_any"].value is False


def observe_tsconfig(root: Path, files: dict[str, str]) -> dict[str, Observation]:
    for rel, text in {"index.ts": "export const one = 1\n", **files}.items():
        (root / rel).write_text(text, encoding="utf-8")
    discovery = discover(root)
    return {o.id: o for o in js_tsconfig.analyze(Context(root=discovery.root, discovery=discovery))}


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        (".eslintrc", '{\n  "rules": {\n    "semi": ["error" "always"]\n  }\n}\n', 3),
        ("eslint.config.js", "module.exports = [\n  { rules: { semi: ['error', 'never'] }\n", 2),
        (".eslintrc.yml", "rules:\n  semi: [error, never\n  quotes: x\n", 3),
        ("tsconfig.json", '{\n  "compilerOptions": {\n    "strict": tru\n  }\n}\n', 3),
    ],
)
def test_malformed_config_names_file_and_line(tmp_path: Path, name: str, text: str, line: int) -> None:
    with pytest.raises(ConfigError) as error:
        (observe_tsconfig if name == "tsconfig.json" else observe)(tmp_path, {name: text})
    assert error.value.path == name
    assert error.value.line is not None and abs(error.value.line - line) <= 1


def test_strip_jsonc_keeps_strings_and_line_numbers() -> None:
    text = '{\n  "url": "http://x//y", /* c */\n  "a": [1, 2,],\n}\n'
    assert json.loads(strip_jsonc(text)) == {"url": "http://x//y", "a": [1, 2]}
    assert strip_jsonc(text).count("\n") == text.count("\n")
