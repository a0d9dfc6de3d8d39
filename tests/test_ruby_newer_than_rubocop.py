"""A Rails app on a Ruby newer than the pinned RuboCop knows (openstreetmap-website sets
``TargetRubyVersion: 3.3``; RuboCop 1.39 knows up to 3.2 and stops with "unknown Ruby
version"): init and check run, as that newest version, and say so; a Rails app without
``db/schema.rb`` (it keeps ``db/structure.sql``) reports no unreadable file; a syntax error is
placed on its own line, not on the line the error node happens to start."""

from __future__ import annotations

from pathlib import Path

import pytest
import tree_sitter
import tree_sitter_ruby

from standards import toolchain
from standards.linter_config import rubocop as rubocop_config
from standards.linter_config.rubocop_project import read as read_project
from standards.model import Standards
from standards.treesitter import first_error_line
from tests._repo import make_repo, standards
from tests.test_ruby_depth import invoice

RUBOCOP = toolchain.find_rubocop()


def test_a_target_newer_than_rubocop_knows_is_checked_as_its_newest() -> None:
    assert rubocop_config.known_target(3.3) == rubocop_config.NEWEST_TARGET_RUBY
    assert rubocop_config.known_target("3.4") == rubocop_config.NEWEST_TARGET_RUBY
    assert rubocop_config.known_target(3.1) is None and rubocop_config.known_target("x") is None


def test_the_private_config_lowers_it_and_says_so(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "app", {".rubocop.yml": "AllCops:\n  TargetRubyVersion: 3.3\n", "a.rb": "x = 1\n"})
    run = rubocop_config.build(root, Standards(), read_project(root))
    assert run.config["AllCops"]["TargetRubyVersion"] == rubocop_config.NEWEST_TARGET_RUBY
    assert any("TargetRubyVersion 3.3 is newer than the RuboCop standards runs knows" in n for n in run.notes)


@pytest.mark.skipif(RUBOCOP is None, reason="RuboCop is not installed")
def test_init_and_check_run_on_an_app_that_targets_a_newer_ruby(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {f"app/models/invoice_{i}.rb": invoice(i) for i in range(12)}
    files[".rubocop.yml"] = "AllCops:\n  TargetRubyVersion: 3.3\n  NewCops: enable\n"
    files["db/structure.sql"] = "CREATE TABLE invoices (id bigint);\n"
    files["db/migrate/20240101000000_create_invoices.rb"] = (
        "class CreateInvoices < ActiveRecord::Migration[7.1]\n  def change\n    create_table :invoices\n  end\nend\n"
    )
    root = make_repo(tmp_path / "app", files)
    done = standards(root, "init", "--no-hooks")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "db/schema.rb" not in done.stdout  # no such file: nothing to report about it
    check = standards(root, "check", "--all")
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_syntax_error_is_placed_on_its_own_line() -> None:
    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_ruby.language()))
    source = b"# frozen_string_literal: true\n\nmodule M\n  def a\n    1\n  end\n\n  def b(x\n  end\nend\n"
    assert first_error_line(parser.parse(source)) in (8, 9)
    assert first_error_line(parser.parse(b"x = 1\n")) == 0
