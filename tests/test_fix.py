"""`standards check --fix`: the native fixers of the enforced conventions, and the libcst
rename codemod for names ruff cannot fix, on real fixture repositories."""

from __future__ import annotations

from pathlib import Path

import pytest
from _repo import git, make_repo, python_module, standards, write

from standards.fix import renames


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """Twenty modules in one style: snake_case names, double quotes, ruff format (all enforced)."""
    root = make_repo(tmp_path / "r", {f"pkg/m{i}.py": python_module(i) for i in range(20)})
    done = standards(root, "init", "--no-hooks")
    assert done.returncode == 0, done.stderr
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "Adopt standards")
    return root


ORDERS = '''"""Orders."""


def getTotal(values):
    """Sum the values."""
    return sum(values)


def report(values):
    """Say the total."""
    return getTotal(values)
'''

SHOP = '''"""Shop."""

from pkg.orders import getTotal


def checkout(cart):
    """The total of a cart."""
    return getTotal(cart)
'''


def test_fix_renames_a_function_with_its_uses_in_the_fixed_files(repo: Path) -> None:
    write(
        repo,
        {
            "pkg/orders.py": ORDERS,
            "pkg/shop.py": SHOP,
            "pkg/legacy.py": '"""Old."""\n\nimport pkg.orders\n\nX = pkg.orders.getTotal([1])\n',
        },
    )
    done = standards(repo, "check", "--fix", "pkg/orders.py", "pkg/shop.py")
    assert done.returncode == 0, done.stdout + done.stderr
    orders = (repo / "pkg/orders.py").read_text()
    assert "def get_total(values):" in orders and "return get_total(values)" in orders and "getTotal" not in orders
    shop = (repo / "pkg/shop.py").read_text()
    assert "from pkg.orders import get_total" in shop and "return get_total(cart)" in shop
    assert "renamed pkg/orders.py:4: `getTotal` → `get_total`" in done.stderr
    # the file outside the fix is named, not changed
    assert "pkg/legacy.py:5: `getTotal`" in done.stderr
    assert "getTotal" in (repo / "pkg/legacy.py").read_text()


def test_fix_renames_a_method_through_self_and_an_argument_with_its_keywords(repo: Path) -> None:
    source = '''"""Carts."""


class Cart:
    """A cart."""

    def addItem(self, item):
        """Add one."""
        return item

    def add_all(self, items):
        """Add many."""
        return [self.addItem(i) for i in items]


def scale(value, scaleFactor=2):
    """Scale a value."""
    return value * scaleFactor


DOUBLED = scale(3, scaleFactor=2)
'''
    write(repo, {"pkg/cart.py": source})
    done = standards(repo, "check", "--fix", "pkg/cart.py")
    assert done.returncode == 0, done.stdout + done.stderr
    text = (repo / "pkg/cart.py").read_text()
    assert "def add_item(self, item):" in text and "self.add_item(i)" in text
    assert "def scale(value, scale_factor=2):" in text and "return value * scale_factor" in text
    assert "scale(3, scale_factor=2)" in text


def test_a_local_rename_leaves_the_same_word_in_another_function_alone() -> None:
    source = "def a():\n    myValue = 1\n    return myValue\n\n\ndef b(myValue):\n    return myValue\n"
    target = renames.Target("m.py", 2, "N806", "myValue", "my_value")
    result = renames.rename({"m.py": source}, [target], {})
    assert (
        result.texts["m.py"]
        == "def a():\n    my_value = 1\n    return my_value\n\n\ndef b(myValue):\n    return myValue\n"
    )


def test_a_rename_onto_a_name_already_bound_is_skipped_and_said() -> None:
    source = "def getTotal():\n    return 1\n\n\ndef get_total():\n    return 2\n"
    target = renames.Target("m.py", 1, "N802", "getTotal", "get_total")
    result = renames.rename({"m.py": source}, [target], {})
    assert result.texts == {}
    assert result.skipped and "`get_total` is already used" in result.skipped[0]


def test_fix_applies_ruff_fixers_of_enforced_conventions_only(repo: Path) -> None:
    messy = (
        '"""Messy."""\nimport sys\nimport os\n\n\ndef label(name):\n    """A label."""\n'
        "    return 'item ' + name\n\n\nprint(os.sep, sys.argv)\n"
    )
    write(repo, {"pkg/messy.py": messy})
    before = standards(repo, "check", "pkg/messy.py", "--format", "concise")
    assert before.returncode == 1
    done = standards(repo, "check", "--fix", "pkg/messy.py", "--format", "concise")
    text = (repo / "pkg/messy.py").read_text()
    assert "'item '" not in text and '"item "' in text  # quotes: enforced, fixed
    assert text.index("import os") < text.index("import sys")  # isort: enforced, fixed
    assert "print(" in text  # not something --fix removes
    assert "ruff check --fix" in done.stderr


def test_staged_fix_changes_the_work_tree_not_the_index_and_refuses_the_commit(repo: Path) -> None:
    write(repo, {"pkg/orders.py": ORDERS})
    git(repo, "add", "pkg/orders.py")
    staged_before = git(repo, "show", ":pkg/orders.py").stdout
    done = standards(repo, "check", "--staged", "--fix")
    assert done.returncode == 1
    assert "review the changes, `git add` them" in done.stderr
    assert git(repo, "show", ":pkg/orders.py").stdout == staged_before
    assert "def get_total" in (repo / "pkg/orders.py").read_text()


def test_fix_in_the_hook_is_opt_in(repo: Path) -> None:
    config = (repo / ".pre-commit-config.yaml").read_text()
    assert "entry: standards check --staged\n" in config
    toml = (repo / "standards.toml").read_text().replace("[standards]\n", "[standards]\nfix = true\n", 1)
    (repo / "standards.toml").write_text(toml)
    done = standards(repo, "update")
    assert done.returncode in (0, 1), done.stderr
    assert "entry: standards check --staged --fix" in (repo / ".pre-commit-config.yaml").read_text()


# --- ESLint and RuboCop fixers ------------------------------------------------------------


def js_module(i: int) -> str:
    return (
        "'use strict'\n\nconst path = require('path')\n\n"
        f"function buildRoute{i} (options) {{\n  return path.join('/api', options.name)\n}}\n\n"
        f"module.exports = {{ buildRoute{i} }}\n"
    )


def test_fix_runs_eslint_fix_with_the_checks_own_config(tmp_path: Path) -> None:
    from standards import toolchain

    if toolchain.find_eslint(None) is None:
        pytest.skip("ESLint is not installed (standards tools install, or STANDARDS_ESLINT)")
    root = make_repo(tmp_path / "js", {f"lib/route-{i}.js": js_module(i) for i in range(25)})
    assert standards(root, "init", "--no-hooks").returncode == 0
    write(root, {"lib/new.js": js_module(99).replace("'path'", '"path"').replace("options.name)", "options.name);")})
    before = standards(root, "check", "lib/new.js", "--format", "concise")
    assert before.returncode == 1 and "eslint:" in before.stdout, before.stdout + before.stderr
    done = standards(root, "check", "--fix", "lib/new.js")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "eslint --fix changed 1 file" in done.stderr
    assert (root / "lib/new.js").read_text() == js_module(99)


def test_fix_runs_rubocop_autocorrect_on_enforced_cops(tmp_path: Path) -> None:
    import shutil

    if shutil.which("rubocop") is None:
        pytest.skip("RuboCop is not installed")
    clean = "# frozen_string_literal: true\n\n# Shop {i}.\nclass Shop{i}\n  def name\n    'shop'\n  end\nend\n"
    root = make_repo(tmp_path / "rb", {f"lib/shop_{i}.rb": clean.format(i=i) for i in range(24)})
    assert standards(root, "init", "--no-hooks").returncode == 0
    write(root, {"lib/new_shop.rb": clean.format(i=99).replace("'shop'", '"shop"')})
    assert standards(root, "check", "lib/new_shop.rb").returncode == 1
    done = standards(root, "check", "--fix", "lib/new_shop.rb")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "rubocop --autocorrect changed 1 file" in done.stderr
    assert (root / "lib/new_shop.rb").read_text() == clean.format(i=99)
