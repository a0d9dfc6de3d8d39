"""`standards` never imports or executes the analysed repository's code, and the files it
generates carry no absolute path of the machine that produced them."""

from __future__ import annotations

import os
import shutil

import pytest

from _repo import git, python_module, standards, style_repo, write


def planted(marker) -> dict[str, str]:
    """Files that create ``marker`` (with their own name in it) if run or imported."""
    py = f"import pathlib; pathlib.Path({str(marker)!r}).write_text(__file__)\n"
    js = f"require('fs').writeFileSync({str(marker)!r}, __filename);\n"
    esm = f"import {{ writeFileSync }} from 'node:fs';\nwriteFileSync({str(marker)!r}, import.meta.url);\nexport default [];\n"
    rb = f"File.write({str(marker)!r}, __FILE__)\n"
    return {
        "setup.py": py + "from setuptools import setup\nsetup(name='x')\n",
        "conftest.py": py,
        "pkg/__init__.py": py,
        "pkg/__main__.py": py,
        "tests/conftest.py": py,
        "sitecustomize.py": py,
        "usercustomize.py": py,
        "noxfile.py": py,
        "docs/conf.py": py,
        "manage.py": py,
        "eslint.config.js": esm,
        "prettier.config.js": js,
        ".prettierrc.js": js,
        "web/app.js": js,
        "Rakefile": rb,
        "Gemfile": rb + "source 'https://rubygems.org'\n",
        "lib/thing.rb": rb,
        "x.gemspec": rb,
    }


def test_repository_code_is_never_run(tmp_path):
    marker = tmp_path / "EXECUTED"
    root = style_repo(tmp_path / "r", modules=6)
    write(root, planted(marker))
    write(
        root,
        {
            "pyproject.toml": '[project]\nname = "pkg"\nversion = "1.0"\n'
            '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
        },
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Planted files")
    env = {"PYTHONSTARTUP": str(root / "conftest.py")}
    for args in (["analyze"], ["init", "--no-hooks"], ["check"], ["doctor"], ["update"]):
        result = standards(root, *args, extra_env=env)
        assert "Traceback" not in result.stderr, (args, result.stderr)
        assert not marker.exists(), f"`standards {' '.join(args)}` ran {marker.read_text()}"
    write(root, {"pkg/mod_1.py": python_module(1) + "\n\ndef camelCase():\n    return 1\n"})
    git(root, "add", "-A")
    result = standards(root, "check", "--staged", extra_env=env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert not marker.exists(), marker.read_text() if marker.exists() else ""


def test_repository_eslint_config_is_not_executed_by_check(tmp_path):
    if not (os.environ.get("STANDARDS_ESLINT") or shutil.which("eslint")):
        pytest.skip("ESLint is not installed")
    marker = tmp_path / "EXECUTED"
    root = style_repo(tmp_path / "r", modules=2)
    write(root, {k: v for k, v in planted(marker).items() if k in ("eslint.config.js", "web/app.js")})
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Planted files")
    standards(root, "init", "--no-hooks")
    standards(root, "check")
    assert not marker.exists()


def test_generated_files_hold_no_absolute_path(tmp_path):
    root = style_repo(tmp_path / "some-machine-specific-dir" / "r", modules=6)
    write(
        root,
        {
            "web/app.js": "const value = 1;\n\nfunction show() {\n  return value;\n}\n",
            "lib/app.rb": "# frozen_string_literal: true\n\ndef show\n  1\nend\n",
        },
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "More languages")
    before = {p for p in root.rglob("*") if ".git" not in p.parts}
    result = standards(root, "init")
    assert result.returncode == 0, result.stderr
    generated = [p for p in root.rglob("*") if p.is_file() and ".git" not in p.parts and p not in before]
    assert any(p.name == "standards.toml" for p in generated)
    needles = [
        str(tmp_path),
        "some-machine-specific-dir",
        os.path.expanduser("~"),
        "/work/main",
        str(shutil.which("python") or "/nonexistent-python"),
    ]
    for path in generated:
        text = path.read_text(encoding="utf-8")
        for needle in needles:
            assert needle not in text, f"{path.relative_to(root)} contains {needle}"
    hook = root / ".git/hooks/pre-commit"
    assert hook.exists()  # the hook is machine-local (pre-commit writes the interpreter path): not checked in
