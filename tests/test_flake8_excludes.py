"""The paths a project's flake8 never checks stay unchecked after init: its ``exclude`` is
carried into ruff's ``lint.exclude`` (ruff still formats them), and the shares of inferred
conventions leave them out (trust.md: shares over the files a convention applies to)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from standards.analyzers.explicit_python import flake8_excludes
from standards.emitters.ruff import lint_globs
from tests._repo import make_repo, python_module, standards

MIGRATION = (
    "from django.db import migrations, models\n\n\n"
    "class Migration(migrations.Migration):\n"
    "    dependencies = [('shop', '0001_initial')]\n"
    "    operations = [\n"
    + "".join(f"        migrations.AddField('order', 'f{i}', models.CharField(max_length=10)),\n" for i in range(12))
    + "    ]\n"
)
SETUP_CFG = "[flake8]\nexclude = .git,./build/,migrations\nmax-line-length = 100\n"


def test_flake8_excludes_are_read_as_ruff_patterns(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text(SETUP_CFG)
    assert flake8_excludes(tmp_path) == (["build", "migrations"], "setup.cfg")  # .git: ruff's default too
    (tmp_path / ".flake8").write_text("[flake8]\nextend-exclude = docs/conf.py\n")
    assert flake8_excludes(tmp_path) == (["docs/conf.py"], ".flake8")  # the file read_all reads first
    assert lint_globs("migrations") == ["**/migrations", "**/migrations/**"]
    assert lint_globs("docs/conf.py") == ["docs/conf.py", "docs/conf.py/**"]


def test_init_leaves_what_flake8_excludes_unchecked_and_uncounted(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {f"shop/mod_{i}.py": python_module(i) for i in range(8)}
    files.update({f"shop/migrations/000{i}_step.py": MIGRATION for i in range(2, 6)})
    files["setup.cfg"] = SETUP_CFG
    root = make_repo(tmp_path / "repo", files)
    done = standards(root, "init", "--no-hooks")
    assert done.returncode == 0, done.stdout + done.stderr
    rel = json.loads((root / ".standards" / "generated.json").read_text())["ruff_file"]
    config = tomllib.loads((root / rel).read_text())
    ruff = config["tool"]["ruff"] if rel == "pyproject.toml" else config
    assert ruff["lint"]["exclude"] == ["**/build", "**/build/**", "**/migrations", "**/migrations/**"]
    baseline = json.loads((root / ".standards" / "baseline.json").read_text())
    linted = [e for e in baseline["entries"] if "/migrations/" in e["path"] and e["rule"] != "ruff:format"]
    assert not linted  # `ruff format` still formats them, as the project's formatter does
    quotes = tomllib.loads((root / "standards.toml").read_text())["conventions"]["py.format.quotes"]
    assert quotes["value"] == "double" and quotes["support"][1] > 0
    assert not [e for e in quotes.get("counter_examples", []) if "/migrations/" in e]
    touched = root / "shop" / "migrations" / "0002_step.py"
    touched.write_text(touched.read_text() + "X = 'still single quotes'\n")
    (root / "shop" / "mod_1.py").write_text(python_module(1) + "Y = 'single quotes'\n")
    check = standards(
        root, "check", "shop/migrations/0002_step.py", "shop/mod_1.py", "--no-baseline", "--format", "json"
    )
    found = {(f["path"], f["rule"]) for f in json.loads(check.stdout)["findings"]}
    assert ("shop/mod_1.py", "ruff:Q000") in found  # linted outside the excluded folder
    assert not [rule for path, rule in found if "migrations" in path and rule != "ruff:format"], found
