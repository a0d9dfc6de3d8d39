"""Ruby inferred as deeply as Python: one style per RuboCop cop family, counted with tree-sitter,
checked by RuboCop on a sample, chosen as the weakest style old code and recent changes keep,
over the files the project does not exclude; and enforced by `standards check --staged`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from standards.analyzers import _rbverify
from standards.model import Level, Observation
from tests._lang import context, family
from tests._repo import git, make_repo, standards, write

ANALYZERS = family("rb_", also=("explicit_ruby",))
DEFAULT = {
    "q": "'",
    "hash": "{ currency: 'EUR', rounding: :half_up }",
    "comma": "",
    "block": "{ |line| line.total }",
    "dot": ("", "."),
    "lambda": "->(x) { x * 2 }",
    "raise": "ArgumentError, 'empty'",
    "frozen": "# frozen_string_literal: true\n\n",
}
OTHER = {
    "q": '"',
    "hash": '{:currency => "EUR", :rounding => :half_up}',
    "comma": ",",
    "block": "{|line| line.total}",
    "dot": (".", ""),
    "lambda": "lambda {|x| x * 2}",
    "raise": 'ArgumentError.new("empty")',
    "frozen": "",
}
OLD = {"GIT_AUTHOR_DATE": "2019-03-01T10:00:00", "GIT_COMMITTER_DATE": "2019-03-01T10:00:00"}
RECENT = {"GIT_AUTHOR_DATE": "2026-01-05T10:00:00", "GIT_COMMITTER_DATE": "2026-01-05T10:00:00"}


def invoice(i: int, style: dict[str, object] = DEFAULT) -> str:
    """A Ruby class whose every construct follows ``style``."""
    q = style["q"]
    dot = style["dot"]
    assert isinstance(dot, tuple)
    trailing, leading = dot
    return (
        f"{style['frozen']}"
        "module Shop\n"
        f"  # Invoice number {i}.\n"
        f"  class Invoice{i}\n"
        "    def initialize(customer, amount)\n"
        "      @customer = customer\n"
        "      @amount = amount\n"
        "    end\n"
        "\n"
        "    def summary\n"
        f"      details = {q}invoice{q}\n"
        f"      options = {style['hash']}\n"
        "      values = [\n"
        f"        {q}net{q},\n"
        f"        {q}tax{q}{style['comma']}\n"
        "      ]\n"
        f"      totals = @amount.lines{trailing}\n"
        f"        {leading}map {style['block']}\n"
        f"      double = {style['lambda']}\n"
        f"      raise {style['raise']} if totals.empty?\n"
        "      @customer.orders.each do |order|\n"
        "        order.touch\n"
        "      end\n"
        "      [details, options, values, double]\n"
        "    end\n"
        "  end\n"
        "end\n"
    )


def observe(root: Path) -> dict[str, Observation]:
    ctx = context(root)
    return {obs.id: obs for analyzer in ANALYZERS for obs in analyzer.analyze(ctx)}


def styles(found: dict[str, Observation]) -> dict[str, object]:
    return {oid: obs.value for oid, obs in found.items() if oid.startswith(("rb.style", "rb.layout"))}


EXPECTED_DEFAULT = {
    "rb.style.string_literals": "single_quotes",
    "rb.style.hash_syntax": "ruby19",
    "rb.style.trailing_comma_array": "no_comma",
    "rb.layout.hash_brace_spacing": "space",
    "rb.layout.block_brace_spacing": "space",
    "rb.layout.space_before_block_braces": "space",
    "rb.layout.dot_position": "leading",
    "rb.style.lambda": "line_count_dependent",
    "rb.style.raise_args": "exploded",
    "rb.style.frozen_string_literal": "always",
    "rb.style.block_delimiters": "line_count_based",
    "rb.style.redundant_return": True,
}


def test_each_family_infers_rubocops_default_when_the_code_keeps_it(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", {f"lib/shop/invoice_{i}.rb": invoice(i) for i in range(24)})
    found = observe(root)
    for oid, value in EXPECTED_DEFAULT.items():
        obs = found[oid]
        assert obs.value == value, (oid, obs.value, obs.note)
        assert obs.share == 1.0 and obs.total >= 20, (oid, obs.support, obs.total)
        assert "counted over 24 Ruby files" in obs.note, obs.note
        assert "RuboCop on the sample (24 files): offenses in 0, the count expected 0" in obs.note, obs.note
        place = obs.examples[0]
        path, _, line = place.rpartition(":")
        assert obs.do and obs.do in (root / path).read_text().split("\n")[int(line) - 1]  # a quote of its line
    assert found["rb.docs.class_documentation"].share == 1.0
    for oid in ("rb.naming.variable", "rb.naming.method"):  # one-word names fit both: Ruby's snake_case
        assert found[oid].value == "snake_case" and found[oid].params["rubocop"], found[oid]


def test_each_family_infers_the_style_the_code_writes(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", {f"lib/shop/invoice_{i}.rb": invoice(i, OTHER) for i in range(24)})
    found = observe(root)
    assert {oid: styles(found).get(oid) for oid in EXPECTED_DEFAULT} == EXPECTED_DEFAULT | {
        "rb.style.string_literals": "double_quotes",
        "rb.style.hash_syntax": "hash_rockets",
        "rb.style.trailing_comma_array": "consistent_comma",
        "rb.layout.hash_brace_spacing": "no_space",
        "rb.layout.block_brace_spacing": "no_space",
        "rb.layout.dot_position": "trailing",
        "rb.style.lambda": "lambda",
        "rb.style.raise_args": "compact",
        "rb.style.frozen_string_literal": "never",
    }
    spacing = found["rb.layout.block_brace_spacing"].params["rubocop"]["Layout/SpaceInsideBlockBraces"]
    assert spacing == {"EnforcedStyle": "no_space", "SpaceBeforeBlockParameters": False}
    for oid in ("rb.style.hash_syntax", "rb.layout.dot_position", "rb.style.raise_args", "rb.style.lambda"):
        assert "held at warn" not in found[oid].note and found[oid].max_level is None, found[oid].note


def test_mixed_code_takes_the_weakest_style_old_code_and_recent_changes_keep(tmp_path: Path) -> None:
    old = {f"lib/old/invoice_{i}.rb": invoice(i, DEFAULT | {"hash": "{ :currency => 'EUR' }"}) for i in range(15)}
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(root, old)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Old code with hash rockets", extra_env=OLD)
    recent = {
        f"lib/new/invoice_{i}.rb": invoice(i, DEFAULT | {"q": '"', "hash": '{ currency: "EUR" }'}) for i in range(10)
    }
    write(root, recent)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "New code with key: value", extra_env=RECENT)
    found = observe(root)

    hashes = found["rb.style.hash_syntax"]
    assert hashes.value == "no_mixed_keys", hashes.note
    assert (hashes.support, hashes.total) == (25, 25)
    assert hashes.counts["ruby19"] == 10 and hashes.counts["hash_rockets"] == 15
    assert "chosen as the only style both old code and recent changes keep" in hashes.note
    assert hashes.params["rubocop"]["Style/HashSyntax"]["EnforcedStyle"] == "no_mixed_keys"

    quotes = found["rb.style.string_literals"]  # no weaker style: recent changes decide
    assert quotes.value == "double_quotes" and quotes.share < 0.5 < (quotes.weighted_share or 0)


def test_excluded_and_generated_files_are_not_in_the_denominator(tmp_path: Path) -> None:
    files = {f"app/models/invoice_{i}.rb": invoice(i) for i in range(22)}
    files |= {f"legacy/old_{i}.rb": invoice(i, OTHER) for i in range(5)}
    files |= {"db/schema.rb": invoice(90, OTHER), "vendor/gem/lib/x.rb": invoice(91, OTHER)}
    files |= {"lib/debt.rb": invoice(92, OTHER)}
    files[".rubocop.yml"] = "inherit_from: .rubocop_todo.yml\nAllCops:\n  Exclude:\n    - 'legacy/**/*'\n"
    files[".rubocop_todo.yml"] = (
        "Style/StringLiterals:\n  Exclude:\n    - 'lib/debt.rb'\nStyle/RaiseArgs:\n  Enabled: false\n"
    )
    root = make_repo(tmp_path / "repo", files)
    found = observe(root)
    quotes = found["rb.style.string_literals"]
    assert quotes.value == "single_quotes" and quotes.share == 1.0
    denominator = "counted over 22 Ruby files (5 excluded by .rubocop.yml; 1 listed as debt in .rubocop_todo.yml; "
    assert denominator + "1 under vendor/, tmp/ or db/)" in quotes.note, quotes.note  # discovery skips vendor/
    hashes = found["rb.style.hash_syntax"]  # lib/debt.rb is debt for quotes only: it counts here
    assert (hashes.support, hashes.total) == (22, 23) and hashes.counter_examples == ["lib/debt.rb:11"]
    raises = found["rb.style.raise_args"]  # the todo file switches the cop off: not enforced by us either
    assert raises.max_level is Level.INFO and ".rubocop_todo.yml disables Style/RaiseArgs" in raises.note


def test_plugin_cops_the_project_requires_are_named_not_enforced(tmp_path: Path) -> None:
    config = "require:\n  - rubocop-rails\n  - rubocop-performance\nRails/IndexBy:\n  Enabled: true\n"
    root = make_repo(tmp_path / "repo", {".rubocop.yml": config, "app/a.rb": invoice(1)})
    found = observe(root)
    rails = found["rb.plugin.rails"]
    assert rails.value == ["Rails/IndexBy"] and rails.max_level is Level.INFO and not rails.enforced_by
    assert "the project's, not checked by standards: rubocop-rails is" in rails.note
    assert "rb.plugin.performance" in found


def test_a_verdict_doubts_the_count_only_when_rubocop_finds_more() -> None:
    assert _rbverify.Verdict("Style/X", 60, 3, 3, 0).agrees
    assert _rbverify.Verdict("Style/X", 60, 1, 9, 0).agrees  # the count was the stricter one
    doubted = _rbverify.Verdict("Style/X", 60, 12, 2, 10)
    assert not doubted.agrees and "held at warn" in doubted.note()


DEVIATIONS = {
    "Style/HashSyntax": "    options = { :currency => 'EUR' }\n",
    "Layout/SpaceInsideHashLiteralBraces": "    more = {currency: 'EUR'}\n",
    "Style/TrailingCommaInArrayLiteral": "    list = [\n      1,\n      2,\n    ]\n",
    "Layout/DotPosition": "    lines = @amount.lines.\n      map(&:total)\n",
    "Style/Lambda": "    double = lambda { |x| x * 2 }\n",
    "Style/RaiseArgs": "    raise ArgumentError.new('empty') if lines.empty?\n",
    "Style/StringLiterals": '    label = "plain"\n',
    "Layout/SpaceInsideBlockBraces": "    lines.each {|l| l}\n",
}


def deviating(i: int) -> str:
    body = "".join(DEVIATIONS.values())
    return (
        "# frozen_string_literal: true\n\n"
        f"# Receipt {i}.\nclass Receipt{i}\n  def show\n{body}    [options, more, list, double, label]\n  end\nend\n"
    )


@pytest.mark.skipif(shutil.which("rubocop") is None, reason="RuboCop is not installed")
def test_an_injected_deviation_is_refused_and_a_conforming_copy_passes(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", {f"lib/shop/invoice_{i}.rb": invoice(i) for i in range(24)})
    init = standards(root, "init", "--no-hooks")
    assert init.returncode == 0, init.stdout + init.stderr
    generated = (root / ".standards-rubocop.yml").read_text()
    for cop in DEVIATIONS:
        assert f"{cop}:\n  Enabled: true" in generated, cop
    assert "EnforcedStyleForMultiline: no_comma" in generated and "EnforcedStyle: leading" in generated
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Adopt standards", "--no-verify")

    write(root, {"lib/shop/receipt.rb": deviating(1)})
    git(root, "add", "-A")
    refused = standards(root, "check", "--staged")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    for cop in DEVIATIONS:
        assert f"error  rubocop:{cop} " in refused.stdout, (cop, refused.stdout)

    write(root, {"lib/shop/receipt.rb": invoice(99)})
    git(root, "add", "-A")
    passed = standards(root, "check", "--staged")
    assert passed.returncode == 0, passed.stdout + passed.stderr


def test_the_sample_run_never_loads_the_repositorys_rubocop_configuration(tmp_path: Path) -> None:
    payload = 'File.write(File.join(__dir__, "MARKER"), "ran")\n'
    files: dict[str, str | bytes] = {f"app/invoice_{i}.rb": invoice(i) for i in range(6)}
    files |= {
        "evil.rb": payload,
        "app/evil.rb": payload,
        ".rubocop.yml": "require:\n  - ./evil.rb\n",
        "app/.rubocop.yml": "require: ../evil.rb\n",
        ".rubocop": "--require ./evil.rb\n",
    }
    root = make_repo(tmp_path / "repo", files)
    found = observe(root)
    assert not (root / "MARKER").exists() and not (root / "app" / "MARKER").exists()
    assert "RuboCop on the sample" in found["rb.style.string_literals"].note
