"""The generated RuboCop config, validated by real RuboCop: no unknown cops or parameters,
conforming code passes, injected deviations are caught. Skipped when RuboCop is missing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from standards.check.runners import _rubocop_home
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


def _caches(top: Path) -> list[Path]:
    """Every RuboCop cache directory under ``top`` (its default name, ``rubocop_cache``)."""
    return sorted(top.rglob("rubocop_cache"))


def test_rubocop_keeps_its_result_cache_in_our_per_user_directory_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run over many files (RuboCop on every core, through its result cache) keeps that cache
    in $XDG_CACHE_HOME/standards/rubocop, reused by the next run with the same findings; a run
    over a few files keeps it in its scratch directory; never RuboCop's default location, and
    never the repository, whatever its .rubocop.yml or .rubocop options file ask for."""
    rubocop_or_skip()
    from tests._repo import make_repo

    documented = {i: service(i).replace("class", "# An invoice.\nclass") for i in range(runner.PARALLEL_FROM + 5)}
    files: dict[str, str | bytes] = {f"lib/invoice_{i}.rb": text for i, text in documented.items()}
    files["lib/invoice_3.rb"] = documented[3].replace("total_due", "totalDue")
    files[".rubocop.yml"] = "AllCops:\n  CacheRootDirectory: rc\n  AllowSymlinksInCacheRootDirectory: true\n"
    files[".rubocop"] = "--cache-root rc\n"
    root = make_repo(tmp_path / "repo", files)
    cache, home = tmp_path / "cache", tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("RUBOCOP_CACHE_ROOT", raising=False)
    standards, _ = generate(root)
    results = _rubocop_home.base() / "results"

    first = runner.run(root, ruby_files(root), standards)
    stored = sorted(p for p in results.rglob("*") if p.is_file())
    second = runner.run(root, ruby_files(root), standards)
    reused = sorted(p for p in results.rglob("*") if p.is_file())
    few = runner.run(root, ["lib/invoice_3.rb"], standards)

    got = sorted((f.path, f.line, f.rule) for f in first)
    assert got == [("lib/invoice_3.rb", 5, "rubocop:Naming/MethodName")]
    assert sorted((f.path, f.line, f.rule) for f in second) == got
    assert sorted((f.path, f.line, f.rule) for f in few) == got
    assert len(stored) >= runner.PARALLEL_FROM  # one entry per file linted on several cores
    assert reused == stored  # the second run found every file's result: nothing linted again
    assert _caches(cache) == [results / "rubocop_cache"]  # RuboCop's server directory, inside ours
    assert _caches(home) == [] and _caches(root) == [] and not (root / "rc").exists()
    configs = list((_rubocop_home.base() / "configs").iterdir())
    assert len(configs) == 1 and (configs[0] / _rubocop_home.CONFIG).is_file()


def test_init_and_check_write_no_rubocop_cache_outside_ours(tmp_path: Path) -> None:
    """Every RuboCop that `init` and `check --all` start (the sample, the proof, --show-cops, the
    baseline, the check) keeps its cache and server files in a directory of ours: the per-user
    one or a scratch directory, never RuboCop's default in the user's cache or home."""
    rubocop_or_skip()
    from tests._repo import make_repo, standards

    documented = {i: service(i).replace("class", "# An invoice.\nclass") for i in range(runner.PARALLEL_FROM + 5)}
    root = make_repo(tmp_path / "repo", {f"lib/invoice_{i}.rb": text for i, text in documented.items()})
    cache, home = tmp_path / "cache", tmp_path / "home"
    home.mkdir()
    env = {"XDG_CACHE_HOME": str(cache), "HOME": str(home)}
    init = standards(root, "init", "--no-hooks", extra_env=env)
    assert init.returncode == 0, init.stdout + init.stderr
    check = standards(root, "check", "--all", extra_env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert _caches(cache) == [cache / "standards" / "rubocop" / "results" / "rubocop_cache"]
    assert _caches(home) == [] and _caches(root) == []


def test_rubocop_home_refuses_a_symlinked_directory_and_prunes_unused_configs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "cache" / "standards").mkdir(parents=True)
    (tmp_path / "cache" / "standards" / "rubocop").symlink_to(elsewhere)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert _rubocop_home.prepared("AllCops: {}\n", {}) is None
    assert list(elsewhere.iterdir()) == []

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "own"))
    old = _rubocop_home.prepared("Style/StringLiterals:\n  Enabled: true\n", {".ruby-version": b"3.1\n"})
    assert old is not None and (old.cwd / ".ruby-version").read_bytes() == b"3.1\n"
    assert oct(old.cwd.stat().st_mode & 0o777) == "0o700"
    again = _rubocop_home.prepared("Style/StringLiterals:\n  Enabled: true\n", {".ruby-version": b"3.1\n"})
    assert again == old  # the same configuration is the same file: RuboCop's cache keys stay valid
    other = _rubocop_home.prepared("Style/StringLiterals:\n  Enabled: true\n", {".ruby-version": b"3.3\n"})
    assert other is not None and other.config != old.config  # another Ruby: another key
    stale = time_ago(days=_rubocop_home.KEEP_DAYS + 1)
    os.utime(old.cwd, (stale, stale))
    newest = _rubocop_home.prepared("Layout/LineLength:\n  Max: 100\n", {})
    assert newest is not None and newest.config.read_text() == "Layout/LineLength:\n  Max: 100\n"
    assert not old.cwd.exists() and other.cwd.exists()


def time_ago(days: int) -> float:
    import time

    return time.time() - days * 86_400


def test_files_go_to_rubocop_in_as_few_runs_as_the_argument_list_allows() -> None:
    paths = [f"/repo/lib/file_{i:04d}.rb" for i in range(3000)]  # 23 bytes each, with the separator
    assert runner.chunks(paths) == [paths]
    parts = runner.chunks(paths, budget=23 * 1000)
    assert [len(part) for part in parts] == [1000, 1000, 1000] and [p for part in parts for p in part] == paths
    assert runner.chunks([]) == [] and runner.chunks(["/x" * 100], budget=10) == [["/x" * 100]]
