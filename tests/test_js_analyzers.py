"""The tree-sitter JavaScript/TypeScript analyzers on small repositories in tmp_path."""

from __future__ import annotations

import math
from pathlib import Path

import tomlkit

from standards.analyzers._jsindex import js_files
from standards.analyzers._style import line_length_limit, name_style
from standards.model import Level, Observation
from tests._lang import context, family, write
from tests._lang import observe as observe_with

ANALYZERS = family("js_")


def observe(root: Path) -> dict[str, Observation]:
    return observe_with(root, ANALYZERS)


def standard_module(i: int) -> str:
    """A CommonJS module in the `standard` style: no semicolons, single quotes, 2 spaces."""
    return f"""
        'use strict'

        const path = require('path')
        const {{ join }} = require('path')

        function buildRoute{i} (options) {{
          const route = {{
            url: join('/api', options.name),
            method: 'GET'
          }}
          const names = options.items.map((item) => item.name)
          switch (options.kind) {{
            case 'a':
              return route
            default:
              return {{ route, names }}
          }}
        }}

        class Router{i} {{
          constructor () {{
            this.routes = []
          }}
        }}

        module.exports = {{ buildRoute{i}, Router{i}, base: path.sep }}
    """


def semicolon_module(i: int) -> str:
    """An ES module with semicolons, double quotes, 4 spaces and trailing commas."""
    return f"""
        import {{readFile}} from "fs";

        export function load_config_{i}(file_name) {{
            var parsed = {{
                name: "config",
                file: file_name,
            }};
            readFile(file_name, function (err, data) {{
                parsed.data = data;
            }});
            return parsed;
        }}
    """


def test_standard_style_is_recovered_with_evidence(tmp_path: Path) -> None:
    write(tmp_path, {f"lib/route-{i}.js": standard_module(i) for i in range(25)})
    write(tmp_path, {"lib/odd.js": 'const odd = "double";\n'})
    found = observe(tmp_path)

    quotes = found["js.style.quotes"]
    assert quotes.value == "single"
    assert quotes.counts["double"] == 1 and quotes.counter_examples == ["lib/odd.js:1"]
    assert quotes.params == {"eslint": {"quotes": ["single", {"avoidEscape": True}]}}
    assert "eslint:@stylistic/quotes" in quotes.enforced_by and "'" in quotes.do

    semi = found["js.style.semi"]
    assert semi.value == "never" and semi.counter_examples == ["lib/odd.js:1"]
    assert semi.dont == semi.do + ";"

    indent = found["js.style.indent"]
    assert indent.value == 2 and indent.params == {"eslint": {"indent": [2, {"SwitchCase": 1}]}}
    assert found["js.style.comma_dangle"].value == "never"
    assert found["js.style.object_curly_spacing"].value == "always"
    assert found["js.style.declarations"].value == "const/let"
    assert found["js.style.declarations"].enforced_by == ["eslint:no-var"]
    assert found["js.style.callbacks"].value == "arrow"
    assert found["js.modules.system"].value == "commonjs"
    assert found["js.naming.function"].value == "camelCase"
    assert found["js.naming.class"].value == "PascalCase"
    assert found["js.naming.file"].value == "kebab-case"


def test_semicolon_esm_style_is_recovered(tmp_path: Path) -> None:
    write(tmp_path, {f"src/config{i}.mjs": semicolon_module(i) for i in range(10)})
    found = observe(tmp_path)
    assert found["js.style.semi"].value == "always"
    assert found["js.style.quotes"].value == "double"
    assert found["js.style.indent"].value == 4
    assert found["js.style.comma_dangle"].value == "always-multiline"
    assert found["js.style.object_curly_spacing"].value == "never"
    assert found["js.style.declarations"].value == "var"
    assert found["js.style.declarations"].enforced_by == ["eslint:no-restricted-syntax"]
    assert found["js.style.callbacks"].value == "function"
    naming = found["js.naming.function"]
    assert naming.value == "snake_case" and naming.enforced_by == ["eslint:id-match"]
    assert "js.modules.system" not in found  # .mjs files say their module system by name


def test_tabs_are_an_indentation_of_their_own(tmp_path: Path) -> None:
    write(tmp_path, {f"t{i}.js": "function f () {\n\treturn [\n\t\t1\n\t]\n}\n" for i in range(5)})
    assert observe(tmp_path)["js.style.indent"].value == "tab"


def test_unparsable_files_are_skipped(tmp_path: Path) -> None:
    write(tmp_path, {f"ok{i}.js": "const a = 'x'\n" for i in range(3)})
    write(tmp_path, {"broken.js": "function ( {{{ ]] const const = ;;; @@@\n" * 5})
    ctx = context(tmp_path)
    found = {obs.id: obs for analyzer in ANALYZERS for obs in analyzer.analyze(ctx)}
    assert "broken.js" in ctx.parse_errors
    assert found["js.style.quotes"].total == 3
    assert [f.path for f in js_files(ctx)] == ["ok0.js", "ok1.js", "ok2.js"]


def test_the_index_is_built_once_per_context(tmp_path: Path) -> None:
    write(tmp_path, {"a.js": "const a = 1\n"})
    ctx = context(tmp_path)
    assert js_files(ctx) is js_files(ctx)
    assert js_files(context(tmp_path)) is not js_files(ctx)


def test_line_length_reads_the_cliff_not_the_maximum() -> None:
    wrapped = [60 + i % 21 for i in range(2000)] + [95, 130, 400]  # habit: 80 columns
    assert line_length_limit(wrapped).limit == 80 and line_length_limit(wrapped).cliff
    tail = [n for n in range(1, 400) for _ in range(int(3000 * math.exp(-n / 30)))]  # no habit: a thin tail
    assert not line_length_limit(tail).cliff


def test_line_length_observation(tmp_path: Path) -> None:
    heads = [f"const value{i:02d} = " for i in range(80)]
    body = "\n".join(head + "x" * (72 + i % 9 - len(head)) for i, head in enumerate(heads))  # 72-80 columns
    write(tmp_path, {"lib/a.js": body + "\nconst tooLong = compute(" + "x, " * 40 + "y)\n"})
    obs = observe(tmp_path)["js.style.max_len"]
    assert obs.value == 80 and obs.max_level is None
    assert obs.counter_examples == ["lib/a.js:81"]
    assert obs.params["eslint"]["max-len"][0]["code"] == 80


def test_function_size_is_a_warning_at_most(tmp_path: Path) -> None:
    short = "function f{i} () {{\n  return {i}\n}}\n"
    write(tmp_path, {f"lib/f{i}.js": short.format(i=i) for i in range(30)})
    write(tmp_path, {"lib/long.js": "function big () {\n" + "  work()\n" * 80 + "}\n"})
    write(tmp_path, {"test/long.test.js": "function bigTest () {\n" + "  work()\n" * 300 + "}\n"})
    obs = observe(tmp_path)["js.size.function"]
    assert obs.max_level is Level.WARN
    assert obs.total == 31 and obs.counter_examples == ["lib/long.js:1"]
    assert obs.params["eslint"]["max-lines-per-function"][0]["max"] == obs.value


def test_test_framework_and_layout(tmp_path: Path) -> None:
    test = "const { test } = require('node:test')\ntest('works', () => {})\n"
    write(tmp_path, {f"test/unit{i}.test.js": test for i in range(4)})
    write(tmp_path, {"lib/a.js": "module.exports = 1\n"})
    found = observe(tmp_path)
    assert found["js.tests.framework"].value == "node:test"
    assert found["js.tests.layout"].value == "test/**/*.test.js"


def test_typescript_files_are_indexed(tmp_path: Path) -> None:
    ts = (
        "export class UserStore {\n  private items: string[] = [];\n"
        "  add(item: string): void {\n    this.items.push(item);\n  }\n}\n"
    )
    write(tmp_path, {f"src/store{i}.ts": ts for i in range(3)})
    found = observe(tmp_path)
    assert found["js.style.semi"].value == "always"
    assert found["js.naming.class"].support == 3


def test_name_styles() -> None:
    assert name_style("loadUser") == "camelCase"
    assert name_style("load_user") == "snake_case"
    assert name_style("_private") == "lower"
    assert name_style("UserStore") == "PascalCase"
    assert name_style("MAX_SIZE") == "UPPER_CASE"
    assert name_style("user-store") == "kebab-case"


def test_observations_keep_the_contract(tmp_path: Path) -> None:
    write(tmp_path, {f"lib/route-{i}.js": standard_module(i) for i in range(5)})
    write(tmp_path, {f"test/r{i}.test.js": "const t = require('tap')\nt.pass('ok')\n" for i in range(2)})
    found = observe(tmp_path)
    assert len(found) >= 12
    for obs in found.values():
        tomlkit.dumps({"value": obs.value, "params": obs.params, "counts": obs.counts})
        assert all(isinstance(k, str) for k in obs.counts)
        assert len(obs.examples) <= 3 and len(obs.counter_examples) <= 3
        for place in obs.examples + obs.counter_examples:
            path, _, line = place.rpartition(":")
            assert (tmp_path / path).is_file() and line.isdigit()
        assert obs.title and obs.why and obs.category and obs.language == "javascript"


def test_facts_are_recorded_in_document_order(tmp_path: Path) -> None:
    """Examples come from this order, so it must not depend on the query engine's."""
    write(tmp_path, {"lib/a.js": standard_module(1) + standard_module(2) + "function last_one () {}\n"})
    (js,) = js_files(context(tmp_path))
    for facts in (js.function_names, js.variable_names, js.quotes, js.semis, js.indents, js.curly):
        lines = [line for line, _ in facts]
        assert lines == sorted(lines)


def test_names_are_classified_as_eslint_camelcase_reads_them() -> None:
    assert name_style("$el") == "lower"
    assert name_style("$__init") == "other"  # ESLint's camelcase flags it: the underscores are inside
