"""Issue 17: the quick verdict's screens of the web rules (standards/check/quick_screens.py) are
necessary conditions of the rules themselves.

On the small web apps of tests/fixtures_web, each change below is made and each rule run the
way the check runs it on a diff; wherever a rule finds something, its screen must have said it
may. The changes include what each rule exists to catch (a model importing a route, a fat
handler, a lookup on an unindexed column, a root-logger call) and a plain helper, for which the
screens must say no (else the quick verdict would never answer for a web app)."""

from __future__ import annotations

import importlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from standards.check import quick, quick_screens
from standards.rules import SWITCHES, Rule, _rule_of
from tests._repo import git, make_repo, standards
from tests.fixtures_web import added, run, standards_for, write
from tests.fixtures_web.apps import FAT_FASTAPI_HANDLER, django_app, fastapi_app
from tests.test_quick_verdict import _given, both
from tests.test_web_hot_column_index import LOOKUPS, MODEL

HELPER = '\n\ndef plain_helper(value: int) -> int:\n    """Return it."""\n    return value\n'
CHANGES: list[tuple[str, Callable[[], dict[str, str]], str, str]] = [
    ("helper in a model file", fastapi_app, "app/models.py", HELPER),
    ("helper in a route file", fastapi_app, "app/routes/orders.py", HELPER),
    ("helper in a service", fastapi_app, "app/services/records.py", HELPER),
    ("model imports a route", fastapi_app, "app/models.py", "\nfrom app.routes.orders import router\n"),
    ("import outside the layers", fastapi_app, "app/__init__.py", "from app.routes.orders import router\n"),
    ("fat handler", fastapi_app, "app/routes/orders.py", FAT_FASTAPI_HANDLER),
    (
        "route in a service file",
        fastapi_app,
        "app/services/records.py",
        '\n\n@router.get("/x")\ndef x():\n    return 1\n',
    ),
    ("root logger", fastapi_app, "app/services/records.py", "\nimport logging\n\nlogging.info('x')\n"),
    ("helper in django views", django_app, "shop/views.py", HELPER),
    ("helper in django models", django_app, "shop/models.py", HELPER),
    ("new django view module", django_app, "shop/more_views.py", "from shop.models import Order\n" + HELPER),
]
# the changes a rule exists to catch: it must find them here, or the test above shows nothing
CATCHES = {
    "model imports a route": "layering",
    "fat handler": "thin_controller",
}
SCREENED = sorted(name for name, switch in SWITCHES.items() if switch.screen)
FILE_SCREENED = [m for m in SCREENED if SWITCHES[m].id in quick_screens.SCREENS]


def _listing(root: Path) -> list[str]:
    out = []
    for folder, _dirs, files in os.walk(root):
        out += [os.path.relpath(os.path.join(folder, f), root).replace(os.sep, "/") for f in files]
    return sorted(out)


def _screen_says(module: str, root: Path, path: str, diff: object, listing: list[str]) -> bool:
    switch = SWITCHES[module]
    _analysis, standards = standards_for(root)
    data = importlib.import_module(f"standards.rules.{module}").quick_data(standards, listing)
    entry = {"id": switch.id, "names": None, "screen": True, "data": data}
    text = (root / path).read_text(encoding="utf-8")
    staged = quick_screens.Staged(path, text, diff.lines.get(path), path in diff.new_files)
    return quick.may_fire(entry, staged)


@pytest.mark.parametrize(("case", "app", "path", "text"), CHANGES, ids=[c[0] for c in CHANGES])
def test_a_web_rule_finds_nothing_where_its_screen_says_it_cannot(
    tmp_path: Path, case: str, app: Callable[[], dict[str, str]], path: str, text: str
) -> None:
    root = write(tmp_path, app())
    listing = _listing(root)  # the plan's listing: before the change, so a new file is not in it
    diff = added(root, path, text)
    said = {}
    for module in FILE_SCREENED:
        rule = _rule_of(module)
        assert isinstance(rule, Rule)
        found = run(root, rule, diff)
        said[module] = _screen_says(module, root, path, diff, listing)
        if found:
            assert said[module], f"{module} found {[f.message for f in found]} where its screen said it cannot"
        if CATCHES.get(case) == module:
            assert found, f"{module} should catch {case}: the case would hold nothing"
    if case == "import outside the layers":  # only a layered file's imports are edges
        assert not said["layering"], said
    if case.startswith("helper"):  # a plain helper: only what the screens cannot tell from its text
        assert not said["layering"] and not said["py_module_logger"], said
        assert said["thin_controller"] is (path in ("app/routes/orders.py", "shop/views.py")), said


def test_an_unindexed_foreign_key_is_screened_in(tmp_path: Path) -> None:
    """What hot-column-index exists for (a foreign key looked up in three places, no index),
    added to the models while the lookups are already there: the rule finds it, and the screen
    had said it may."""
    root = write(tmp_path, fastapi_app())
    listing = _listing(root)
    write(root, {"app/services/records.py": (root / "app/services/records.py").read_text() + LOOKUPS})
    diff = added(root, "app/models.py", MODEL.format(index=""))
    rule = _rule_of("hot_column_index")
    assert isinstance(rule, Rule)
    assert run(root, rule, diff)
    assert _screen_says("hot_column_index", root, "app/models.py", diff, listing)


def test_the_hot_column_screen_reads_three_lines_around_each_change() -> None:
    entry = {"id": "hot-column-index", "names": None, "screen": True, "data": {"pattern": r"\.filter\("}}
    text = "rows = q.filter(x)\na = 1\nb = 2\nc = 3\nd = 4\n"
    assert not quick.may_fire(entry, quick_screens.Staged("m.py", text, {5}, False))  # lines 2-5 hold no lookup
    assert quick.may_fire(entry, quick_screens.Staged("m.py", text, {4}, False))  # line 1 is within three
    assert quick.may_fire(entry, quick_screens.Staged("m.py", text, set(), True))  # a new file is read whole


def test_every_screened_switch_has_a_screen_and_data() -> None:
    assert SCREENED
    for module in SCREENED:
        assert SWITCHES[module].id in quick_screens.SCREENS or SWITCHES[module].id in quick_screens.CHANGE_SCREENS
        assert callable(importlib.import_module(f"standards.rules.{module}").quick_data)


@pytest.fixture(scope="module")
def web_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The FastAPI app, adopted with `standards init` (its web rules switched on) and committed."""
    cache_home = tmp_path_factory.mktemp("cache")
    root = make_repo(tmp_path_factory.mktemp("web") / "app", fastapi_app())
    out = standards(root, "init", "--no-hooks", extra_env={"CI": "false", "XDG_CACHE_HOME": str(cache_home)})
    assert out.returncode == 0, out.stdout + out.stderr
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Adopt standards")
    time.sleep(2.1)  # the plan is not written while an input is younger than quick.RACY_NS
    return root, cache_home


@pytest.mark.parametrize(
    ("path", "text", "quick_answers"),
    [
        ("app/__init__.py", '"""The app."""\n' + HELPER, True),
        ("app/models.py", "\nfrom app.routes.orders import router\n", False),
        ("app/routes/orders.py", HELPER, False),
    ],
    ids=["a helper beside no schema or route", "a model importing a route", "a helper in a route file"],
)
def test_on_a_web_app_the_quick_verdict_is_the_checks_own(
    web_repo: tuple[Path, Path], path: str, text: str, quick_answers: bool
) -> None:
    root, cache_home = web_repo
    git(root, "reset", "-q", "--hard", "HEAD")
    assert any(r["screen"] for r in _plan_rules(root, cache_home)), "the web rules apply to a Python change here"
    (root / path).write_text((root / path).read_text(encoding="utf-8") + text, encoding="utf-8")
    git(root, "add", path)
    _full, fast = both(root, cache_home)
    assert _given(fast) is quick_answers, fast.stderr


def _plan_rules(root: Path, cache_home: Path) -> list[dict]:
    """The plan's rules (written by a full check of a small staged Python change first)."""
    (root / "app/__init__.py").write_text('"""The app."""\n', encoding="utf-8")
    git(root, "add", "app/__init__.py")
    both(root, cache_home)
    git(root, "reset", "-q", "--hard", "HEAD")
    plan = Path(quick.plan_path_under(str(cache_home), os.path.realpath(root)))
    return json.loads(plan.read_text())["rules"]
