"""Issue 14, route 4: the linters' own suppressions added in a change are judged like
`standards: ignore`: a rule named, a reason that is a sentence, no file-wide silence, an
until= date within the limit. Suppressions already in the base are debt."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from standards.check import native_suppressions, suppressions
from standards.errors import ConfigError
from standards.model import Standards
from tests._escape import adopted, append, head, heads, sneak
from tests._repo import git, standards, style_repo, write

# assembled so that this module's source holds no suppression of its own
NOQA = "# " + "noqa"
TYPE_IGNORE = "# type: " + "ignore"
IGNORE = "# standards" + ": ignore"
TODAY = date(2026, 6, 1)
SOON = (date.today() + timedelta(days=30)).isoformat()

FUNCTION = '\n\ndef add_one(value):{comment}\n    """Add one."""\n    return value + 1\n'


@pytest.mark.parametrize(
    ("comment", "problem"),
    [
        (f"  {NOQA}", "names no rule"),
        (f"  {NOQA}: D103", "gives no reason"),
        (f"  {NOQA}: D103 x", "at least 3 words"),
        (f"  {NOQA}: D103 .", "at least 3 words"),
        (f"  {NOQA}: D103 legacy", "at least 3 words"),
        (f"  {NOQA}: D103 the partner API fixes this name until=2999-12-31", "more than 180 days ahead"),
        (f"  {NOQA}: D103 the partner API fixes this name until=soon", "is not a date"),
        (f"  {TYPE_IGNORE}", "names no rule"),
        (f"\n# ruff: {NOQA[2:]}", "silences the whole file"),
        (f"\n# flake8: {NOQA[2:]}: D103", "silences the whole file"),
        (f"  {IGNORE}[D103] x", "at least 3 words"),
        (f"  {IGNORE}[D103] the partner API fixes this name until=2999-12-31", "more than 180 days ahead"),
    ],
)
def test_a_suppression_added_past_the_hook_fails_the_ci_check(tmp_path: Path, comment: str, problem: str) -> None:
    root, _, adoption = adopted(tmp_path)
    body = FUNCTION.format(comment=comment) if not comment.startswith("\n") else comment + FUNCTION.format(comment="")
    sneak(root, append(root, "pkg/mod_4.py", body))
    out = standards(root, "check", "--diff", adoption)
    assert out.returncode == 1, out.stdout + out.stderr
    assert "standards:suppression" in out.stdout and problem in out.stdout
    assert "added by this change" in out.stdout or IGNORE[2:] in out.stdout


def test_a_reasoned_line_suppression_within_the_limit_passes(tmp_path: Path) -> None:
    root, _, adoption = adopted(tmp_path)
    comment = f"  {NOQA}: D103 the partner API documents this function until={SOON}"
    sneak(root, append(root, "pkg/mod_4.py", f"\n\ndef add_one(value):{comment}\n    return value + 1\n"))
    out = standards(root, "check", "--diff", adoption)
    assert out.returncode == 0, out.stdout
    assert "standards:suppression" not in out.stdout


def test_suppressions_in_the_base_are_debt_not_judged_again(tmp_path: Path) -> None:
    root = style_repo(tmp_path / "repo")
    write(root, {"pkg/legacy.py": f'"""Legacy."""\n\n\ndef legacy(value):  {NOQA}\n    return value\n'})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Add legacy code")
    assert standards(root, "init", "--no-hooks").returncode == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Adopt standards", "--no-verify")
    adoption = git(root, "rev-parse", "HEAD").stdout.strip()
    sneak(root, append(root, "pkg/legacy.py", '\n\ndef newer():\n    """Newer."""\n    return 2\n'))
    out = standards(root, "check", "--diff", adoption)
    assert out.returncode == 0, out.stdout
    assert "standards:suppression" not in out.stdout
    whole = standards(root, "check", "--all")
    assert whole.returncode == 0 and "standards:suppression" not in whole.stdout, whole.stdout
    # a second copy of the same comment is a new suppression, not the old one
    sneak(root, append(root, "pkg/legacy.py", f"\n\ndef again(value):  {NOQA}\n    return value\n"))
    again = standards(root, "check", "--diff", adoption)
    assert again.returncode == 1 and again.stdout.count("error  standards:suppression") == 1, again.stdout


def test_eslint_and_rubocop_suppressions_added_in_a_change_are_judged(tmp_path: Path) -> None:
    root, _, adoption = adopted(tmp_path)
    sneak(
        root,
        {
            "web/app.js": "/* eslint-disable */\nvar a = 1; // eslint-disable-line no-var\n",
            "lib/tool.rb": "def fooBar # rubocop:todo Naming/MethodName\n  1\nend\n",
        },
    )
    out = standards(root, "check", "--diff", adoption)
    assert out.returncode == 1, out.stdout
    shown = heads(out.stdout)
    assert "web/app.js:1  standards:suppression" in shown and "silences the whole file" in shown
    assert "web/app.js:2  standards:suppression" in heads(out.stdout)
    assert "lib/tool.rb:1  standards:suppression" in heads(out.stdout)


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        ("a.py", f"x = 1  {NOQA}: E501, W291 a long table of data\n", [("ruff", ("E501", "W291"), False)]),
        ("a.py", f"x = 1  {NOQA}\n", [("ruff", (), False)]),
        ("a.py", f"# ruff: {NOQA[2:]}: E501\nx = 1\n", [("ruff", ("E501",), True)]),
        ("a.py", f"{TYPE_IGNORE}\nx = 1\n", [("mypy", (), True)]),
        ("a.py", f"x = 1\n{TYPE_IGNORE}[misc]\n", [("mypy", ("misc",), False)]),
        (
            "a.js",
            "a(); // eslint-disable-next-line no-var, semi -- generated table\n",
            [("eslint", ("no-var", "semi"), False)],
        ),
        ("a.js", "/* eslint-disable no-var */\nvar a;\n/* eslint-enable no-var */\n", [("eslint", ("no-var",), False)]),
        ("a.js", "/* eslint-disable no-var */\nvar a;\n", [("eslint", ("no-var",), True)]),
        ("a.rb", "# rubocop:disable Style/X\nx\n# rubocop:enable Style/X\n", [("rubocop", ("Style/X",), False)]),
        ("a.rb", "# rubocop:disable all\nx\n", [("rubocop", (), True)]),
        ("a.rb", "x # rubocop:todo Style/X -- later on\n", [("rubocop", ("Style/X",), False)]),
        ("a.txt", f"x  {NOQA}\n", []),
    ],
)
def test_native_suppressions_are_parsed(path: str, text: str, expected: list) -> None:
    found = native_suppressions.parse(path, text)
    assert [(n.tool, n.rules, n.file_wide) for n in found] == expected


def test_reasons_are_read_after_the_rules() -> None:
    (eslint,) = native_suppressions.parse("a.js", "a(); // eslint-disable-line semi -- the table is generated\n")
    (rubocop,) = native_suppressions.parse("a.rb", "x # rubocop:disable Style/X -- kept for old callers\n")
    (ruff,) = native_suppressions.parse("a.py", f"x = 1  {NOQA}: E501  # a URL cannot be wrapped\n")
    assert eslint.reason == "the table is generated"
    assert rubocop.reason == "kept for old callers"
    assert ruff.reason == "a URL cannot be wrapped"


@pytest.mark.parametrize(
    ("reason", "ok"),
    [("x", False), (".", False), ("legacy", False), ("fix later", False), ("a URL cannot be wrapped", True)],
)
def test_a_reason_is_a_sentence(reason: str, ok: bool) -> None:
    assert suppressions.is_sentence(reason) is ok


def test_the_until_limit_is_configurable() -> None:
    text = f"x = 1  {NOQA}: E501 a generated table of values until=2026-08-01\n"
    assert suppressions.added("a.py", text, None, TODAY, 180) == []
    (late,) = suppressions.added("a.py", text, None, TODAY, 30)
    assert "more than 30 days ahead (at most 2026-07-01)" in late.message
    assert suppressions.max_days(Standards(settings={"suppression_max_days": 30})) == 30
    assert suppressions.max_days(Standards()) == 180
    assert suppressions.added("a.py", text, None, TODAY, 10**12) == []  # a huge limit does not overflow
    with pytest.raises(ConfigError, match="suppression_max_days"):
        suppressions.max_days(Standards(settings={"suppression_max_days": "soon"}))


def test_only_added_suppressions_are_judged() -> None:
    base = f"x = 1  {NOQA}\n"
    assert suppressions.added("a.py", base + "y = 2\n", base, TODAY, 180) == []
    (new,) = suppressions.added("a.py", base + f"y = 2  {NOQA}\n", base, TODAY, 180)
    assert new.line == 2 and new.rule == "standards:suppression"


def test_the_until_limit_is_read_from_standards_toml(tmp_path: Path) -> None:
    root, _, _ = adopted(tmp_path)
    text = (root / "standards.toml").read_text()
    sneak(root, {"standards.toml": text.replace("[standards]\n", "[standards]\nsuppression_max_days = 30\n", 1)})
    base = head(root)
    later = (date.today() + timedelta(days=60)).isoformat()
    comment = f"  {NOQA}: D103 the partner API documents this function until={later}"
    sneak(root, append(root, "pkg/mod_4.py", f"\n\ndef add_one(value):{comment}\n    return value + 1\n"))
    out = standards(root, "check", "--diff", base)
    assert out.returncode == 1, out.stdout + out.stderr
    assert "more than 30 days ahead" in out.stdout


def test_an_older_invalid_suppression_in_a_touched_file_is_a_warning(tmp_path: Path) -> None:
    root, _, _ = adopted(tmp_path)
    sneak(root, append(root, "pkg/mod_4.py", f"\n\nLIMIT = 3  {IGNORE}[E501]\n"), "Debt that skipped the hook")
    base = head(root)
    sneak(root, append(root, "pkg/mod_4.py", "\n\nOTHER = 4\n"), "Touch the file elsewhere")
    out = standards(root, "check", "--diff", base)
    assert out.returncode == 0, out.stdout
    shown = heads(out.stdout)
    assert "standards:suppression  warning" in shown and "already in this file" in shown
