"""The tree-sitter Ruby analyzers and explicit .rubocop.yml reading, on repos in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomlkit

from standards.analyzers import explicit_ruby
from standards.analyzers._rbindex import rb_files
from standards.errors import ConfigError
from standards.model import Level, Observation, Source
from tests._lang import context, family, write
from tests._lang import observe as observe_with

ANALYZERS = family("rb_")


def observe(root: Path, analyzers: tuple = ANALYZERS) -> dict[str, Observation]:
    return observe_with(root, analyzers)


def service(i: int) -> str:
    """A Ruby class in the RuboCop-default style."""
    return f"""
        # frozen_string_literal: true

        module Billing
          class Invoice{i}
            def initialize(customer, amount)
              @customer = customer
              @amount = amount
            end

            def total_due?
              label = 'due'
              options = {{ currency: 'EUR', rounding: :half_up }}
              notify(label, format('%.2f', @amount), **options)
              "#{{label}} #{{@customer}}"
            end
          end
        end
    """


def test_default_style_is_recovered_with_evidence(tmp_path: Path) -> None:
    write(tmp_path, {f"lib/billing/invoice_{i}.rb": service(i) for i in range(25)})
    write(tmp_path, {"lib/legacy.rb": 'def oldStyle\n  { :a => "plain" }\nend\n'})
    found = observe(tmp_path)

    strings = found["rb.style.string_literals"]
    assert strings.value == "single_quotes"
    assert strings.counter_examples == ["lib/legacy.rb:2"]
    assert strings.params == {"rubocop": {"Style/StringLiterals": {"EnforcedStyle": "single_quotes"}}}
    assert strings.enforced_by == ["rubocop:Style/StringLiterals"] and "'" in strings.do

    assert found["rb.style.hash_syntax"].value == "ruby19"
    assert found["rb.style.hash_syntax"].counter_examples == ["lib/legacy.rb:2"]
    frozen = found["rb.style.frozen_string_literal"]
    assert frozen.value == "always" and (frozen.support, frozen.total) == (25, 26)
    assert frozen.counter_examples == ["lib/legacy.rb:1"]
    methods = found["rb.naming.method"]
    assert methods.value == "snake_case" and methods.counter_examples == ["lib/legacy.rb:1"]
    assert found["rb.naming.file"].value == "snake_case"
    assert found["rb.style.indentation"].value == 2
    assert found["rb.style.format_string"].value == "format"
    size = found["rb.size.method"]
    assert size.max_level is Level.WARN and size.params["rubocop"]["Metrics/MethodLength"]["Max"] == size.value


def test_double_quotes_and_hash_rockets(tmp_path: Path) -> None:
    code = 'def call\n    x = { :name => "plain", :id => 1 }\n    y = "other"\n    sprintf("%d", 1)\nend\n'
    write(tmp_path, {f"app/c{i}.rb": code for i in range(5)})
    found = observe(tmp_path)
    assert found["rb.style.string_literals"].value == "double_quotes"
    assert found["rb.style.hash_syntax"].value == "hash_rockets"
    assert found["rb.style.indentation"].value == 4
    assert found["rb.style.frozen_string_literal"].value == "never"
    assert found["rb.style.format_string"].value == "sprintf"


def test_strings_that_need_their_quotes_are_neutral(tmp_path: Path) -> None:
    write(tmp_path, {"a.rb": 'a = "it\'s"\nb = "#{a}"\nc = "tab\\t"\nd = \'say "hi"\'\ne = %q(x)\n'})
    assert "rb.style.string_literals" not in observe(tmp_path)


def test_tests_framework_and_layout(tmp_path: Path) -> None:
    minitest = 'require "test_helper"\n\nclass InvoiceTest < ActiveSupport::TestCase\n  test "x" do\n  end\nend\n'
    write(tmp_path, {f"test/models/invoice_{i}_test.rb": minitest for i in range(3)})
    write(tmp_path, {"spec/odd_spec.rb": "RSpec.describe Odd do\nend\n"})
    found = observe(tmp_path)
    assert found["rb.tests.framework"].value == "minitest"
    assert found["rb.tests.framework"].counter_examples == ["spec/odd_spec.rb:1"]
    assert found["rb.tests.layout"].value == "test/**/*_test.rb"


def test_unparsable_files_are_skipped(tmp_path: Path) -> None:
    write(tmp_path, {"ok.rb": "# frozen_string_literal: true\n\nx = 'a'\n"})
    write(tmp_path, {"broken.rb": "def ( end end class << ]] {{{ \n" * 5})
    ctx = context(tmp_path)
    found = {obs.id: obs for analyzer in ANALYZERS for obs in analyzer.analyze(ctx)}
    assert "broken.rb" in ctx.parse_errors
    assert [f.path for f in rb_files(ctx)] == ["ok.rb"]
    assert found["rb.style.frozen_string_literal"].total == 1


def test_line_length_cliff(tmp_path: Path) -> None:
    lines = [f"value_{i:03d} = " for i in range(120)]
    body = "\n".join(line + "x" * (92 + i % 9 - len(line)) for i, line in enumerate(lines))  # 92-100 columns
    write(tmp_path, {"lib/a.rb": body + "\n" + "y = " + "z" * 150 + "\n"})
    obs = observe(tmp_path)["rb.style.line_length"]
    assert obs.value == 100 and obs.max_level is None
    assert obs.params == {"rubocop": {"Layout/LineLength": {"Max": 100}}}


def test_observations_keep_the_contract(tmp_path: Path) -> None:
    write(tmp_path, {f"lib/billing/invoice_{i}.rb": service(i) for i in range(12)})
    write(tmp_path, {"spec/invoice_spec.rb": "RSpec.describe Invoice do\n  it 'works' do\n  end\nend\n"})
    found = observe(tmp_path)
    assert len(found) >= 10
    for obs in found.values():
        tomlkit.dumps({"value": obs.value, "params": obs.params, "counts": obs.counts})
        assert all(isinstance(k, str) for k in obs.counts)
        assert len(obs.examples) <= 3 and len(obs.counter_examples) <= 3
        for place in obs.examples + obs.counter_examples:
            path, _, line = place.rpartition(":")
            assert (tmp_path / path).is_file() and line.isdigit()
        assert obs.title and obs.why and obs.language == "ruby"


# -- explicit .rubocop.yml ----------------------------------------------------------------


def explicit(root: Path, files: dict[str, str]) -> dict[str, Observation]:
    write(root, {"lib/a.rb": "x = 1\n", **files})
    return observe(root, (explicit_ruby,))


def test_rubocop_yml_with_inheritance_and_a_todo_file(tmp_path: Path) -> None:
    found = explicit(
        tmp_path,
        {
            ".rubocop.yml": """
            # house rules
            inherit_from:
              - .rubocop_base.yml
              - .rubocop_todo.yml
            Layout/LineLength:
              Max: 100
              AllowedPatterns:
                - !ruby/regexp /\\A +(it|describe) /
        """,
            ".rubocop_base.yml": (
                "Style/StringLiterals:\n  EnforcedStyle: double_quotes\nLayout/LineLength:\n  Max: 80\n"
                "Layout/SpaceInsideBlockBraces:\n  EnforcedStyleForEmptyBraces: space\n"
            ),
            ".rubocop_todo.yml": "Metrics/MethodLength:\n  Max: 40\nStyle/HashSyntax:\n  Enabled: false\n",
        },
    )
    assert found["rb.style.string_literals"].value == "double_quotes"
    assert found["rb.style.string_literals"].note == ""
    assert found["rb.style.line_length"].value == 100
    assert found["rb.size.method"].value == 10 and found["rb.size.method"].note == "RuboCop default"
    assert found["rb.style.hash_syntax"].value == "ruby19"  # the todo file records debt, not style
    assert found["rb.style.hash_syntax"].max_level is Level.INFO  # ... and the debt is not enforced meanwhile
    assert ".rubocop_todo.yml disables Style/HashSyntax" in found["rb.style.hash_syntax"].note
    blocks = found["rb.layout.block_brace_spacing"].params["rubocop"]["Layout/SpaceInsideBlockBraces"]
    assert blocks == {"EnforcedStyle": "space", "EnforcedStyleForEmptyBraces": "space"}
    assert all(o.source is Source.EXPLICIT and o.explicit_in == ".rubocop.yml" for o in found.values())


def test_disabled_by_default_keeps_only_enabled_cops(tmp_path: Path) -> None:
    found = explicit(
        tmp_path,
        {
            ".rubocop.yml": """
        AllCops:
          DisabledByDefault: true
        Style/FrozenStringLiteralComment:
          Enabled: true
          EnforcedStyle: always
        Style/HashSyntax:
          Enabled: true
    """
        },
    )
    assert sorted(found) == ["rb.style.frozen_string_literal", "rb.style.hash_syntax"]


@pytest.mark.parametrize(
    ("files", "path", "line"),
    [
        ({".rubocop.yml": "Style/StringLiterals:\n  EnforcedStyle: [double\nLayout/X: 1\n"}, ".rubocop.yml", 3),
        ({".rubocop.yml": "inherit_from: base.yml\n", "base.yml": "a: b: c\n"}, "base.yml", 1),
        ({".rubocop.yml": "inherit_from: missing.yml\n"}, ".rubocop.yml", None),
    ],
)
def test_malformed_rubocop_config_names_file_and_line(
    tmp_path: Path, files: dict[str, str], path: str, line: int | None
) -> None:
    with pytest.raises(ConfigError) as error:
        explicit(tmp_path, files)
    assert error.value.path == path
    if line is not None:
        assert error.value.line is not None and abs(error.value.line - line) <= 1


def test_the_generated_rubocop_file_is_not_explicit_configuration(tmp_path: Path) -> None:
    found = explicit(
        tmp_path,
        {
            ".rubocop.yml": "inherit_from:\n  - .standards-rubocop.yml\nAllCops:\n  DisabledByDefault: true\n",
            ".standards-rubocop.yml": "Style/StringLiterals:\n  Enabled: true\n  EnforcedStyle: double_quotes\n",
        },
    )
    assert found == {}


def test_facts_are_recorded_in_document_order(tmp_path: Path) -> None:
    write(tmp_path, {"lib/a.rb": service(1) + service(2) + "def lastOne\nend\n"})
    (rb,) = rb_files(context(tmp_path))
    for facts in (rb.method_names, rb.strings, rb.hash_pairs, rb.indents, rb.formats):
        lines = [line for line, _ in facts]
        assert lines == sorted(lines)
