"""The playbook's "Not checked" line says why, per convention: owned by Prettier, decided by the
project's own linter config, unprovable, mixed (with the share and its denominator), a small
sample, or nothing checks it, never one "mixed or small evidence" label for a convention that
every place follows."""

from __future__ import annotations

from pathlib import Path

from _repo import make_repo

from standards import pipeline
from standards.infer import Thresholds
from standards.model import Convention, Level, Source
from standards.playbook import render, unchecked


def js_module(i: int) -> str:
    return (
        "const fs = require('fs');\n\n"
        f"function readConfig{i}(path) {{\n"
        "  const text = fs.readFileSync(path, 'utf8');\n"
        "  return JSON.parse(text);\n"
        "}\n\n"
        f"module.exports = {{ readConfig{i} }};\n"
    )


def playbook(root: Path) -> str:
    analysis = pipeline.analyze(root)
    standards = pipeline.build(analysis, None)
    ctx = analysis.ctx
    return render(standards, ctx.discovery.languages(), list(ctx.frameworks), None, ctx)


def not_checked(text: str) -> str:
    return next(line for line in text.split("\n") if line.startswith("- Not checked"))


def test_styles_prettier_owns_are_said_to_be_owned_by_prettier(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {f"src/config{i}.js": js_module(i) for i in range(12)}
    files["package.json"] = '{"name": "app", "version": "1.0.0"}\n'
    files[".prettierrc"] = '{ "singleQuote": true }\n'
    line = not_checked(playbook(make_repo(tmp_path / "app", files)))
    assert "strings use single quotes (owned by Prettier (.prettierrc))" in line
    assert "mixed or small evidence" not in line


def test_a_mixed_share_states_its_denominator_and_a_followed_one_says_nothing_checks_it(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"pkg/__init__.py": ""}
    for i in range(10):  # five of the eleven public modules have a docstring
        head = f'"""Module {i}."""\n\n' if i < 5 else ""
        files[f"pkg/mod{i}.py"] = (
            f"{head}from pkg import helpers\n\n\ndef run_{i}(value):\n    return helpers.double(value)\n"
        )
    files["pkg/helpers.py"] = "def double(value):\n    return value * 2\n"
    for i in range(6):
        files[f"tests/test_mod{i}.py"] = (
            f"from pkg import mod{i}\n\n\ndef test_run_{i}():\n    assert mod{i}.run_{i}(1) == 2\n"
        )
    line = not_checked(playbook(make_repo(tmp_path / "pkg", files)))
    assert "tests are written for pytest (no rule checks it; 6 of 6)" in line
    assert "public modules have docstrings (mixed: 45% of 11" in line
    assert "mixed or small evidence" not in line


def conv(note: str, support: tuple[int, int], enforced_by: list[str] | None = None) -> Convention:
    return Convention(
        id="js.style.max_len",
        title="Lines are at most 150 characters",
        category="formatting",
        language="javascript",
        value=150,
        level=Level.INFO,
        source=Source.INFERRED,
        support=support,
        confidence=0.0,
        enforced_by=["eslint:max-len"] if enforced_by is None else enforced_by,
        note=note,
    )


def test_each_reason_in_its_words() -> None:
    t = Thresholds()
    project = (
        "unprovable: no-restricted-syntax: overridden by the project's ESLint config (eslint.config.mjs:36), which "
    )
    assert unchecked.reason(conv(project + "does not report this deviation", (545, 545)), t) == (
        "the project's ESLint sets it otherwise: eslint.config.mjs:36"
    )
    off = "unprovable: UP032: switched off by the project's ruff config (pyproject.toml, tool.ruff.lint.ignore)"
    assert unchecked.reason(conv(off, (1744, 1811)), t) == (
        "the project's ruff switches it off: pyproject.toml, tool.ruff.lint.ignore"
    )
    preview = "unprovable: E111: needs ruff preview, which this project does not enable"
    assert unchecked.reason(conv(preview, (90, 90)), t) == preview
    gradual = "no clear wrapping limit: lines thin out gradually"
    assert unchecked.reason(conv(gradual, (3488, 3488)), t) == f"{gradual}; 3,488 of 3,488"
    assert unchecked.reason(conv("raw: 1 of 1 commits; small sample (1 places)", (1, 1)), t) == "small sample: 1 commit"
    assert unchecked.reason(conv("small sample (4 places)", (4, 4)), t) == "small sample: 4 places"
    counted = "counted over 1304 Ruby files; 366 of 1212 classes and modules keep it; mixed: only 30% agree"
    assert unchecked.reason(conv(counted, (366, 1212)), t) == "mixed: 30% of 1,212 classes"
    assert unchecked.reason(conv("863 of 1288 files would be reformatted", (425, 1288)), t) == (
        "mixed: 33% of 1,288 files"
    )
    assert unchecked.reason(conv("", (222, 222), enforced_by=[]), t) == "no rule checks it; 222 of 222"


def test_the_same_kind_of_convention_in_two_languages_names_its_language() -> None:
    gradual = "no clear wrapping limit: lines thin out gradually"
    ruby = conv(gradual, (10, 10))
    ruby.language, ruby.title = "ruby", "Lines are at most 130 characters"
    said = unchecked.line([ruby, conv(gradual, (20, 20))], Thresholds())
    assert "lines are at most 130 characters (Ruby: no clear" in said
    assert "lines are at most 150 characters (JavaScript: no clear" in said
    assert "JavaScript:" not in unchecked.line([conv(gradual, (20, 20))], Thresholds())
