"""The generated RuboCop config, validated by real RuboCop: no unknown cops or parameters,
conforming code passes, injected deviations are caught. Skipped when RuboCop is missing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from standards.check.runners import rubocop as runner
from standards.emitters import rubocop as emitter
from standards.model import Level, Standards
from tests._lang import family
from tests._lang import generate as generate_with

ANALYZERS = family("rb_", also=("explicit_ruby",), without=("rb_tests",))
UNKNOWN = ("unrecognized cop", "unrecognized parameter", "Warning:", "obsolete")


def rubocop_or_skip() -> str:
    exe = shutil.which("rubocop")
    if exe is None:
        pytest.skip("RuboCop is not installed (run .ci/install-js-ruby-tools.sh)")
    return exe


def service(i: int) -> str:
    return (
        "# frozen_string_literal: true\n\n"
        f"class Invoice{i}\n"
        "  def total_due(amount)\n"
        "    options = { currency: 'EUR' }\n"
        "    format('%.2f', amount) + options.fetch(:currency)\n"
        "  end\n"
        "end\n"
    )


def repo(root: Path, files: int = 25) -> Path:
    (root / "lib").mkdir(parents=True, exist_ok=True)
    for i in range(files):
        (root / "lib" / f"invoice_{i}.rb").write_text(service(i), encoding="utf-8")
    return root


def generate(root: Path) -> tuple[Standards, list[str]]:
    return generate_with(root, ANALYZERS, emitter)


def ruby_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.rb"))


def test_generated_config_is_accepted_and_catches_deviations(tmp_path: Path) -> None:
    exe = rubocop_or_skip()
    root = repo(tmp_path)
    standards, notes = generate(root)
    assert not [n for n in notes if "no cop" in n or "no parameter" in n]
    generated = (root / emitter.GENERATED).read_text()
    assert "EnforcedStyle: single_quotes" in generated and "Style/FrozenStringLiteralComment" in generated

    plain = subprocess.run([exe, "--format", "json", "lib"], cwd=root, capture_output=True, text=True, check=False)
    assert plain.returncode in (0, 1), plain.stderr
    assert not any(word in plain.stderr for word in UNKNOWN), plain.stderr

    assert runner.available(root) is None
    assert runner.run(root, ruby_files(root), standards) == []

    (root / "lib" / "invoice_3.rb").write_text(
        service(3).replace("total_due", "totalDue").replace("# frozen_string_literal: true\n\n", "")
    )
    findings = runner.run(root, ruby_files(root), standards)
    got = sorted((f.path, f.line, f.rule) for f in findings)
    assert got == [
        ("lib/invoice_3.rb", 1, "rubocop:Style/FrozenStringLiteralComment"),
        ("lib/invoice_3.rb", 2, "rubocop:Naming/MethodName"),
    ]
    method = next(f for f in findings if f.rule == "rubocop:Naming/MethodName")
    assert method.level is Level.ERROR and method.source_line == "  def totalDue(amount)"
    assert method.anchor == "rb-naming-method" and method.fix is not None


def test_existing_rubocop_yml_is_extended_with_comments_kept(tmp_path: Path) -> None:
    exe = rubocop_or_skip()
    root = repo(tmp_path)
    own = "# our own settings\nAllCops:\n  NewCops: disable  # keep quiet\n  SuggestExtensions: false\n"
    (root / ".rubocop.yml").write_text(own)
    generate(root)
    merged = (root / ".rubocop.yml").read_text()
    assert merged.startswith("# our own settings") and "# keep quiet" in merged
    assert "- .standards-rubocop.yml" in merged
    shown = subprocess.run(
        [exe, "--show-cops", "Style/StringLiterals"], cwd=root, capture_output=True, text=True, check=False
    )
    assert "EnforcedStyle: single_quotes" in shown.stdout and not any(w in shown.stderr for w in UNKNOWN)
    generate(root)
    assert (root / ".rubocop.yml").read_text() == merged  # second run: nothing to add


def test_output_is_deterministic_without_absolute_paths(tmp_path: Path) -> None:
    root = repo(tmp_path)
    generate(root)
    first = {name: (root / name).read_text() for name in (emitter.GENERATED, emitter.USER_CONFIG)}
    generate(root)
    assert {name: (root / name).read_text() for name in first} == first
    assert not any(str(tmp_path) in text for text in first.values())
    assert "DisabledByDefault: true" in first[emitter.USER_CONFIG]


def test_unknown_cops_are_left_out_with_a_note() -> None:
    from standards.model import Convention, Source

    conv = Convention(
        id="rb.x",
        title="x",
        category="c",
        language="ruby",
        value=1,
        level=Level.ERROR,
        source=Source.INFERRED,
        support=(1, 1),
        confidence=1.0,
        params={"rubocop": {"Style/NoSuchCop": {"A": 1}, "Style/StringLiterals": {"Bogus": 1}}},
    )
    cops = {"Style/StringLiterals": frozenset({"EnforcedStyle", "Enabled"})}
    settings, notes = emitter.cop_settings([conv], cops)
    assert settings == {"Style/StringLiterals": {"Enabled": True}}
    assert len(notes) == 2


def test_show_cops_parsing() -> None:
    text = (
        "# Supports --autocorrect\nStyle/StringLiterals:\n  Description: x\n  EnforcedStyle: single_quotes\n"
        "  SupportedStyles:\n  - single_quotes\n\nLayout/LineLength:\n  Max: 120\n"
    )
    cops = emitter.parse_show_cops(text)
    assert cops["Style/StringLiterals"] >= {"EnforcedStyle", "SupportedStyles"}
    assert cops["Layout/LineLength"] == frozenset({"Max"})
