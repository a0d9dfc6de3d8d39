"""Issue 17, the hook at ruff's speed: the quick verdict (standards/check/quick.py) answers
`standards check --staged` for a change the check passes, and only then.

Every case runs the full check (``STANDARDS_NO_QUICK=1``, which also writes the plan) and
then the console script as the hook runs it, and holds the two to the same exit code and the
same output; ``STANDARDS_QUICK_TRACE`` says whether the quick verdict answered. The rules'
declared screens (``Switch.quiet_unless`` / ``quiet_without``) are held to the rules' own
checks, and the summary line to the text format's."""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standards.check import quick, quick_screens
from standards.check.formats import text as text_format
from standards.check.report import Report
from standards.context import Context
from standards.discovery import Discovery, SourceFile
from standards.gitutil import DiffInfo
from standards.model import Standards
from standards.rules import SWITCHES, CheckContext, _rule_of
from tests._repo import env, git, snapshot, standards, style_repo, write
from tests.test_rules_python import conv as _conv

CHANGE = '\n\ndef extra_helper(value):\n    """Return it."""\n    return value\n'


@pytest.fixture(scope="module")
def cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def adopted(tmp_path_factory: pytest.TempPathFactory, cache_home: Path) -> Path:
    """A Python package adopted with `standards init`; its module-logger convention is left at
    info (every module logs, so that rule could fire on any change and the quick verdict would
    never answer: see test_a_rule_that_may_fire_sends_the_change_to_the_check)."""
    root = style_repo(tmp_path_factory.mktemp("quick") / "repo", modules=6)
    out = standards(root, "init", "--no-hooks", extra_env={"CI": "false", "XDG_CACHE_HOME": str(cache_home)})
    assert out.returncode == 0, out.stdout + out.stderr
    _set_level(root, "py.logging.module_logger", "info")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Adopt standards")
    time.sleep(2.1)  # the plan is not written while an input is younger than quick.RACY_NS
    return root


def _set_level(root: Path, convention: str, level: str) -> None:
    path = root / "standards.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f'[conventions."{convention}"]')
    at = text.index("level = ", start)
    path.write_text(text[:at] + f'level = "{level}"' + text[text.index("\n", at) :], encoding="utf-8")


def check(root: Path, cache_home: Path, *args: str, full: bool = False) -> subprocess.CompletedProcess:
    extra = {"CI": "false", "XDG_CACHE_HOME": str(cache_home), "STANDARDS_QUICK_TRACE": "1"}
    if full:
        extra["STANDARDS_NO_QUICK"] = "1"
    return subprocess.run(
        [sys.executable, "-P", "-m", "standards", "check", "--staged", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env(extra),
        timeout=300,
        check=False,
    )


def append(root: Path, rel: str, extra: str) -> None:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")


def both(root: Path, cache_home: Path, *args: str) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    """The full check (which writes the plan), then the hook's way; same exit code and output."""
    full = check(root, cache_home, *args, full=True)
    assert "Traceback" not in full.stderr, full.stderr
    fast = check(root, cache_home, *args)
    assert "Traceback" not in fast.stderr, fast.stderr
    assert (fast.returncode, fast.stdout) == (full.returncode, full.stdout), (full.stderr, fast.stderr)
    return full, fast


def _given(done: subprocess.CompletedProcess) -> bool:
    return "standards: quick verdict given" in done.stderr


def _conforming(root: Path) -> list[str]:
    for rel in ("pkg/mod_1.py", "pkg/mod_2.py"):
        append(root, rel, CHANGE)
    git(root, "add", "pkg/mod_1.py", "pkg/mod_2.py")
    return []


def _new_module(root: Path) -> list[str]:
    write(root, {"pkg/extra.py": '"""Extra."""\n' + CHANGE})
    git(root, "add", "pkg/extra.py")
    return []


def _files_named(root: Path) -> list[str]:
    _conforming(root)
    return ["pkg/mod_1.py", "pkg/mod_2.py"]


def _quiet(root: Path) -> list[str]:
    _conforming(root)
    return ["-q"]


def _unused_import(root: Path) -> list[str]:
    append(root, "pkg/mod_1.py", "\nimport os\n")
    git(root, "add", "pkg/mod_1.py")
    return []


def _suppression_added(root: Path) -> list[str]:
    append(root, "pkg/mod_1.py", "\nimport os  # no" + "qa: F401\n")
    git(root, "add", "pkg/mod_1.py")
    return []


def _suppression_kept(root: Path) -> list[str]:
    path = root / "pkg/mod_3.py"
    kept = "import logging\nimport os  # no" + "qa: F401 re-exported for the callers of this module\n"
    path.write_text(path.read_text(encoding="utf-8").replace("import logging\n", kept, 1), encoding="utf-8")
    git(root, "add", "pkg/mod_3.py")
    git(root, "commit", "-q", "--no-verify", "-m", "Re-export os")
    append(root, "pkg/mod_3.py", CHANGE)
    git(root, "add", "pkg/mod_3.py")
    return []


def _partially_staged(root: Path) -> list[str]:
    _conforming(root)
    append(root, "pkg/mod_1.py", "\nimport os\n")  # in the work tree only: the commit does not hold it
    return []


def _with_markdown(root: Path) -> list[str]:
    _conforming(root)
    write(root, {"NOTES.md": "# Notes\n"})
    git(root, "add", "NOTES.md")
    return []


def _with_deletion(root: Path) -> list[str]:
    _conforming(root)
    git(root, "rm", "-q", "pkg/mod_4.py")
    return []


def _with_config(root: Path) -> list[str]:
    _conforming(root)
    write(root, {".editorconfig": "root = true\n"})
    git(root, "add", ".editorconfig")
    return []


def _only_markdown(root: Path) -> list[str]:
    write(root, {"NOTES.md": "# Notes\n"})
    git(root, "add", "NOTES.md")
    return []


def _fifo_in_the_work_tree(root: Path) -> list[str]:
    """A hostile work tree: a staged file replaced by a FIFO, which ruff would wait on forever."""
    _conforming(root)
    (root / "pkg/mod_1.py").unlink()
    os.mkfifo(root / "pkg/mod_1.py")
    return ["pkg/mod_1.py", "pkg/mod_2.py"]


def _generated(root: Path) -> list[str]:
    write(root, {"pkg/made.py": "# Code generated by protoc-gen-py. DO NOT EDIT.\nVALUE = 1\n"})
    git(root, "add", "pkg/made.py")
    return []


def _marked_by_attributes(root: Path) -> list[str]:
    write(root, {".gitattributes": "pkg/mod_4.py linguist-generated\n"})
    git(root, "add", ".gitattributes")
    git(root, "commit", "-q", "--no-verify", "-m", "Mark mod_4 generated")
    append(root, "pkg/mod_4.py", CHANGE)
    git(root, "add", "pkg/mod_4.py")
    return []


def _debt_paid(root: Path) -> list[str]:
    path = root / "pkg/mod_5.py"
    path.write_text(path.read_text(encoding="utf-8").replace('"{}: {}".format(name, count)', 'f"{name}: {count}"'))
    git(root, "add", "pkg/mod_5.py")
    return []


def _formatter_drift(root: Path) -> list[str]:
    append(root, "pkg/mod_1.py", "\n\ndef spaced( value ):\n    return value\n")
    git(root, "add", "pkg/mod_1.py")
    return []


def _nested_config(root: Path) -> list[str]:
    _conforming(root)
    write(root, {"pkg/ruff.toml": "line-length = 100\n"})  # untracked: ruff reads it all the same
    return []


def _syntax_error(root: Path) -> list[str]:
    append(root, "pkg/mod_1.py", "\ndef broken(:\n")
    git(root, "add", "pkg/mod_1.py")
    return []


def _baseline_reformatted(root: Path) -> list[str]:
    """The same entries written another way (indented JSON): the quick verdict reads it whole."""
    path = root / ".standards/baseline.json"
    path.write_text(json.dumps(json.loads(path.read_text()), indent=2) + "\n")
    git(root, "add", ".standards/baseline.json")
    git(root, "commit", "-q", "--no-verify", "-m", "Reformat the baseline")
    time.sleep(2.1)  # a plan is not written from an input under two seconds old
    _conforming(root)
    return []


CASES: list[tuple[str, Callable[[Path], list[str]], bool]] = [
    ("a conforming change to two modules", _conforming, True),
    ("a new conforming module", _new_module, True),
    ("the hook's file list", _files_named, True),
    ("quiet", _quiet, True),
    ("a suppression the base already holds", _suppression_kept, True),
    ("a new unused import", _unused_import, False),
    ("a suppression added", _suppression_added, False),
    ("a partially staged file", _partially_staged, False),
    ("a FIFO where a staged file was", _fifo_in_the_work_tree, False),
    ("a Markdown file beside", _with_markdown, True),
    ("a module deleted beside", _with_deletion, True),
    ("a linter configuration beside", _with_config, False),
    ("only a Markdown file", _only_markdown, True),
    ("a generated file", _generated, False),
    ("a file .gitattributes marks generated", _marked_by_attributes, False),
    ("baselined debt paid", _debt_paid, True),
    ("a baseline not written the standard way", _baseline_reformatted, True),
    ("formatter drift", _formatter_drift, False),
    ("a nested ruff configuration", _nested_config, False),
    ("a syntax error", _syntax_error, False),
]


@pytest.mark.parametrize(("case", "setup", "quick_answers"), CASES, ids=[c[0] for c in CASES])
def test_the_quick_verdict_is_the_checks_own(
    adopted: Path, cache_home: Path, case: str, setup: Callable[[Path], list[str]], quick_answers: bool
) -> None:
    fifo = adopted / "pkg/mod_1.py"
    if fifo.exists() and not fifo.is_file():
        fifo.unlink()  # left by the FIFO case: git does not replace what is not a file
    git(adopted, "reset", "-q", "--hard", "HEAD")
    git(adopted, "clean", "-qfdx", "-e", ".standards")
    args = setup(adopted)
    before = snapshot(adopted)
    full, fast = both(adopted, cache_home, *args)
    assert snapshot(adopted) == before  # neither way writes into the repository
    assert _given(fast) is quick_answers, fast.stderr
    assert not _given(full)
    if quick_answers:
        assert fast.returncode == 0
        assert fast.stdout == ("" if "-q" in args else fast.stdout)
    if case == "a conforming change to two modules":
        assert fast.stdout == "No new violations in 2 files (2 baselined).\n"
    if case == "a new unused import":
        assert "F401" in fast.stdout
    if case == "baselined debt paid":
        assert "baselined fixed" in fast.stdout


def test_an_edited_standards_toml_ends_the_plan(adopted: Path, cache_home: Path) -> None:
    git(adopted, "reset", "-q", "--hard", "HEAD")
    _conforming(adopted)
    both(adopted, cache_home)
    assert _given(check(adopted, cache_home))
    extra = {"CI": "false", "XDG_CACHE_HOME": str(cache_home)}
    assert "hook's quick verdict: ready" in standards(adopted, "doctor", extra_env=extra).stdout
    _set_level(adopted, "py.naming.function", "warn")  # any edit: the plan no longer holds
    fast = check(adopted, cache_home)
    assert "no plan that still holds" in fast.stderr
    doctor = standards(adopted, "doctor", extra_env=extra).stdout
    assert "hook's quick verdict: not ready: standards.toml changed since its plan was written" in doctor
    git(adopted, "checkout", "-q", "--", "standards.toml")
    time.sleep(2.1)  # the restored file is an input too: past the racy window for the tests after this one


def test_a_plan_for_another_repository_is_not_followed(
    adopted: Path, cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plans are keyed by the repository's real path and name it: one copied to another
    repository's key (or a repository that moved) is not followed."""
    git(adopted, "reset", "-q", "--hard", "HEAD")
    _conforming(adopted)
    both(adopted, cache_home)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    real = os.path.realpath(adopted)
    plan = json.loads(Path(quick.plan_path(real)).read_text())
    other = tmp_path / "elsewhere"
    other.mkdir()
    target = Path(quick.plan_path(os.path.realpath(other)))
    target.write_text(json.dumps(plan))
    assert quick.load_plan(os.path.realpath(other)) is None


def test_the_quick_verdict_loads_none_of_the_check(adopted: Path, cache_home: Path) -> None:
    git(adopted, "reset", "-q", "--hard", "HEAD")
    _conforming(adopted)
    both(adopted, cache_home)
    probe = (
        "import sys, json\nfrom standards.check import quick\ncode = quick.verdict(['--staged'])\n"
        "print(json.dumps({'code': code, 'modules': sorted(sys.modules)}))"
    )
    extra = {"CI": "false", "XDG_CACHE_HOME": str(cache_home), "STANDARDS_QUICK_TRACE": "1"}
    done = subprocess.run(
        [sys.executable, "-P", "-c", probe], cwd=adopted, capture_output=True, text=True, env=env(extra), check=False
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["code"] == 0, done.stderr
    ours = {m for m in seen["modules"] if m == "standards" or m.startswith("standards.")}
    assert ours == {
        "standards",
        "standards.check",
        "standards.check.quick",
        "standards.check.quick_screens",
        "standards.check.fingerprints",
        "standards.diff_hunks",
        "standards.git_hardening",
        "standards.git_objects",
        "standards.ruff_codes",
        "standards.source_kinds",
        "standards.source_text",
    }
    start = subprocess.run(
        [sys.executable, "-P", "-c", "import sys, json; print(json.dumps(sorted(sys.modules)))"],
        cwd=adopted,
        capture_output=True,
        text=True,
        env=env(extra),
        check=False,
    )
    added = set(seen["modules"]) - set(json.loads(start.stdout))  # beyond what the interpreter's start loads
    assert not [m for m in added if m.split(".")[0] in ("dataclasses", "pathlib", "tomllib", "typing", "ruff")]


# --- the pieces, against the check's own ------------------------------------------------


@pytest.mark.parametrize(
    ("files", "baselined", "stale"), [(1, 0, 0), (2, 0, 0), (1, 1, 0), (5, 4, 0), (12, 1, 0), (3, 0, 1), (5, 11, 2)]
)
def test_the_summary_is_the_text_formats(files: int, baselined: int, stale: int) -> None:
    gone = [f"p ruff:E{i} x:0" for i in range(stale)]
    report = Report(root_name="r", mode="staged", files_checked=files, baselined=baselined, stale=gone)
    assert quick.summary(files, baselined, stale) == text_format.render(report, False)


@given(st.text(alphabet=st.sampled_from(" \t\n\r\x0b\x0c\x1c\x85\xa0\u2003ab#:"), max_size=30))
def test_normalise_collapses_whitespace_as_the_regex_did(line: str) -> None:
    from standards.check.fingerprints import normalise

    assert normalise(line) == re.sub(r"\s+", " ", line.strip())


def _entry(module: str, standards: Standards | None = None, listing: list[str] | None = None) -> dict:
    """The plan's entry for a rule module, as hook_plan writes it."""
    switch = SWITCHES[module]
    data = {}
    if switch.screen:
        data = importlib.import_module(f"standards.rules.{module}").quick_data(
            standards or Standards(conventions={}), listing or []
        )
    names = list(switch.quiet_unless) if switch.quiet_unless is not None else None
    return {"id": switch.id, "names": names, "screen": switch.screen, "data": data}


def _file(path: str, text: str, changed: set[int] | None = None, new: bool = False) -> quick_screens.Staged:
    return quick_screens.Staged(path, text, changed if changed is not None else set(), new)


def test_may_fire() -> None:
    names = _entry("py_test_file_name")
    assert quick.may_fire(names, _file("tests/test_a.py", ""))
    assert not quick.may_fire(names, _file("tests/a_test.py".replace("a_test", "helpers"), ""))
    logger = _entry("py_module_logger")
    assert not quick.may_fire(logger, _file("a.py", "import logging\nlogger = logging.getLogger(__name__)\n"))
    assert quick.may_fire(logger, _file("a.py", "import logging\nlogging.info('x')\n"))
    assert quick.may_fire(logger, _file("a.py", "import logging\n(logging  # why\n  .warning('x'))\n"))
    assert quick.may_fire(logger, _file("a.py", "x = 'é'\n"))  # not ASCII: NFKC could spell the name
    layering = _entry("layering")
    assert not quick.may_fire(layering, _file("a.py", "import os\nx = 1\n", {2}))
    assert quick.may_fire(layering, _file("a.py", "import os\nx = 1\n", {1}))
    assert quick.may_fire(layering, _file("a.py", "import os\n", None, new=True))


def _context(paths: dict[str, str], standards: Standards, mode: str = "all") -> CheckContext:
    root = Path("/nonexistent-quick-verdict-test")
    files = [SourceFile(p, "python", len(t)) for p, t in paths.items()]
    discovery = Discovery(root=root, files=files, contents={p: t.encode() for p, t in paths.items()})
    analysis = Context(root=root, discovery=discovery)
    diff = DiffInfo(lines={p: {1} for p in paths}, new_files=set()) if mode == "staged" else None
    return CheckContext(root=root, standards=standards, paths=list(paths), analysis=analysis, diff=diff, mode=mode)


_ALL_CONVENTIONS = sorted({c for switch in SWITCHES.values() for c in switch.conventions})
_NAME = st.builds(
    lambda pre, core, post, ext: f"{pre}{core}{post}{ext}",
    st.sampled_from(["", "test_", "test", "Test_"]),
    st.text(alphabet="abz_", min_size=0, max_size=4),
    st.sampled_from(["", "_test", "test", "_tests"]),
    st.sampled_from([".py", ".pyi", ".txt", ""]),
)


@settings(max_examples=150, deadline=None)
@given(
    folder=st.sampled_from(["tests/", "pkg/", "", "pkg/tests/", "test/"]),
    name=_NAME,
    pattern=st.sampled_from(["test_*.py", "*_test.py"]),
)
def test_the_test_file_name_rule_fires_only_where_its_screen_says(folder: str, name: str, pattern: str) -> None:
    rule = _rule_of("py_test_file_name")
    assert rule is not None
    standards = Standards(conventions={"py.tests.file_pattern": _conv("py.tests.file_pattern", pattern)})
    found = list(rule.check(_context({folder + name: ""}, standards)))
    if found:
        assert quick.may_fire(_entry("py_test_file_name", standards), _file(folder + name, ""))


_LINES = [
    "import logging",
    "import logging as log",
    "from logging import info",
    "logging.info('x')",
    "log.warning('x')",
    "info('x')",
    "\uff4c\uff4f\uff47\uff47\uff49\uff4e\uff47.error('x')",
    "(logging\n .debug('x'))",
    "x = 1",
    "getattr(logging, 'info')('x')",
    "logging . critical ('x')",
    "LOGGING.info('x')",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_LINES), max_size=5))
def test_the_module_logger_rule_fires_only_where_its_screen_says(lines: list[str]) -> None:
    rule = _rule_of("py_module_logger")
    assert rule is not None
    text = "\n".join(lines) + "\n"
    standards = Standards(conventions={"py.logging.module_logger": _conv("py.logging.module_logger", "logger")})
    found = list(rule.check(_context({"pkg/mod.py": text}, standards)))
    if found:
        assert quick.may_fire(_entry("py_module_logger"), _file("pkg/mod.py", text))


def test_rules_declared_quiet_find_nothing_themselves() -> None:
    """quiet_unless=() says the rule's check never finds anything itself (the engine does what
    it documents: suppressions, skipped files, a grown baseline, a weakened config; a --diff's
    commit messages), in a staged change, with every convention that switches them on enabled."""
    standards = Standards(conventions={c: _conv(c, "x") for c in _ALL_CONVENTIONS})
    text = "import os  # no" + "qa\n# standards" + ": ignore[X]\n"
    ctx = _context({"pkg/mod.py": text}, standards, mode="staged")
    quiet = [name for name, s in SWITCHES.items() if s.quiet_unless == ()]
    assert quiet
    for name in quiet:
        rule = _rule_of(name)
        assert rule is not None and list(rule.check(ctx)) == [], name


def test_a_hostile_git_config_runs_nothing_through_the_quick_verdict(
    adopted: Path, cache_home: Path, tmp_path: Path
) -> None:
    """fsmonitor, a textconv, a clean/smudge filter and an external diff that would touch a
    marker: the check and then the quick verdict (which answers) run none of them."""
    git(adopted, "reset", "-q", "--hard", "HEAD")
    _conforming(adopted)  # staged before the payloads exist: the test's own `git add` runs nothing
    marker = tmp_path / "ran"
    payload = f"touch {marker}"
    config = adopted / ".git" / "config"
    original = config.read_text()
    try:
        config.write_text(
            original
            + f'[core]\n\tfsmonitor = "{payload}"\n[diff "x"]\n\ttextconv = "{payload}"\n\tcommand = "{payload}"\n'
            + f'[filter "x"]\n\tclean = "{payload}"\n\tsmudge = "{payload}"\n[diff]\n\texternal = "{payload}"\n'
        )
        (adopted / ".git" / "info").mkdir(exist_ok=True)
        (adopted / ".git" / "info" / "attributes").write_text("*.py diff=x filter=x\n")
        _full, fast = both(adopted, cache_home)
        assert _given(fast), fast.stderr
        assert not marker.exists()
    finally:
        config.write_text(original)
        (adopted / ".git" / "info" / "attributes").unlink()


@settings(max_examples=200, deadline=None)
@given(
    sizes=st.dictionaries(
        st.sampled_from(["pkg/a.py", "uv.lock", "web/app.min.js", "docs/x.svg", "node_modules/m/i.js", "README.md"]),
        st.integers(min_value=0, max_value=400),
    ),
    limit=st.integers(min_value=0, max_value=600),
)
def test_the_large_change_rule_fires_only_where_its_screen_says(sizes: dict[str, int], limit: int) -> None:
    rule = _rule_of("large_change")
    assert rule is not None
    conv = _conv("change.size", str(limit))
    conv.params["limit"] = limit
    standards = Standards(conventions={"change.size": conv})
    lines = {path: set(range(1, n + 1)) for path, n in sizes.items()}
    ctx = _context({"pkg/a.py": ""}, standards, mode="staged")
    ctx.diff = DiffInfo(lines=lines, new_files=set())
    found = list(rule.check(ctx))
    entry = _entry("large_change", standards)
    if found:
        assert quick_screens.CHANGE_SCREENS["large-change"](lines, entry["data"])


def test_reading_the_baseline_by_lines_finds_what_parsing_it_finds(adopted: Path) -> None:
    from standards.check import baseline

    text = (adopted / ".standards/baseline.json").read_text()
    data = baseline.render_entries(baseline.parse(text, "baseline")).encode()  # as `standards baseline` writes it
    listed = {str(item["path"]) for item in json.loads(data)["entries"]}
    assert listed
    for path in sorted(listed):
        assert quick._entries_on_lines(data, {path}) == quick._entries_parsed(data, {path}), path
    assert quick._entries_on_lines(data, listed) == quick._entries_parsed(data, listed)
