"""Every playbook the bench writes cites real lines (issue 13 §3): fixture repositories (and,
marked ``corpora``, the real corpora when present) go through `standards init`, and every
``path:line`` in playbook.md and `standards explain` is checked with the bench's own parser
(bench/truth_examples.py, not the checker standards uses on itself). The ``fix:`` of a finding
says what to do in words and shows a corrected line only when it is this line, corrected.
The bench's self-measurement counts what init missed and copies files not chosen for being clean.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from _repo import git, make_repo, standards, write
from fixtures_web import apps

from bench import inject, truth_detection, truth_examples, truth_proof, truth_weakening
from standards.check import line_fixes
from standards.history.motion import STYLES
from standards.rules.new_code_style import line_fix

ESLINT = Path(__file__).resolve().parents[1] / ".tools/node_modules/.bin/eslint"
ENV = {"STANDARDS_ESLINT": str(ESLINT)} if ESLINT.exists() else {}
CORPORA = ("flask", "attrs", "flaskbb", "qs", "rubocop")


def module(i: int) -> str:
    return (
        f'"""Orders, part {i}."""\n\n'
        "from __future__ import annotations\n\n"
        "import logging\n\n"
        "logger = logging.getLogger(__name__)\n\n\n"
        f"def order_total_{i}(prices: list[float], discount: float = 0.0) -> float:\n"
        '    """Sum the prices, less a discount."""\n'
        "    total = sum(prices) - discount\n"
        '    logger.info("total %s", total)\n'
        "    return total\n\n\n"
        f"class Order{i}:\n"
        '    """An order."""\n\n'
        "    def __init__(self, name: str) -> None:\n"
        "        self.name = name\n\n"
        "    def label(self) -> str:\n"
        '        """The order\'s label."""\n'
        f'        return f"{{self.name}}: {i}"\n\n'
        "    def size(self) -> int:\n"
        '        """How long the name is."""\n'
        "        return len(self.name)\n\n"
        "    def shout(self) -> str:\n"
        '        """The name in capitals."""\n'
        "        return self.name.upper()\n"
    )


def shop(root: Path) -> Path:
    files: dict[str, str | bytes] = {f"shop/orders_{i}.py": module(i) for i in range(24)}
    files["shop/__init__.py"] = '"""The shop."""\n'
    files["tests/test_orders.py"] = (
        "from shop.orders_1 import order_total_1\n\n\ndef test_total():\n    assert order_total_1([1.0]) == 1.0\n"
    )
    files["pyproject.toml"] = '[project]\nname = "shop"\nversion = "1.0"\n\n[tool.ruff]\nline-length = 100\n'
    return make_repo(root, files)


def initialised(root: Path, *args: str) -> Path:
    proc = standards(root, "init", "--no-hooks", *args, extra_env=ENV)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


def assert_every_citation_holds(root: Path) -> dict:
    result = truth_examples.measure(root)
    assert result["failures"] == [], "\n".join(result["failures"])
    return result


# -- the bench's parser can fail ---------------------------------------------------------------


def test_the_bench_parser_refuses_a_snippet_at_the_wrong_line(tmp_path: Path) -> None:
    write(tmp_path, {"app/views.py": "import sys\n\n\ndef show(request):\n    return Order.objects.get(pk=1)\n"})
    text = (
        "- Handlers fetch models: `return Order.objects.get(...)` (app/views.py:5)\n"
        '- Wrong: `logger.info("synced %d devices", count)` (app/views.py:1)\n'
        "- See app/views.py:2 and app/views.py:40 and gone.py:1\n"
        "- do: `def show(request):` (as app/views.py:4)\n"
    )
    cited = truth_examples.citations(text, "playbook.md")
    verdicts = {c.label(): truth_examples.verdict(tmp_path, c) for c in cited}
    assert [v for v in verdicts.values() if not v] == [""] * 2  # the Order lookup and the def
    assert any("import sys" in v for v in verdicts.values())
    assert "the line is blank" in verdicts.values()
    assert "the file has 6 lines" in verdicts.values()
    assert "no such file in the repository" in verdicts.values()


def test_a_multi_line_snippet_must_follow_in_order(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": "def f(x):\n    y = x + 1\n    return y\n"})
    good = truth_examples.Cited("t", "a.py", 1, "def f(x):\n    return y")
    bad = truth_examples.Cited("t", "a.py", 1, "def f(x):\n    return x")
    assert truth_examples.verdict(tmp_path, good) == ""
    assert "does not follow" in truth_examples.verdict(tmp_path, bad)


# -- playbooks of fixture repositories ---------------------------------------------------------


def test_a_python_package_playbook_and_explain_cite_only_quotes(tmp_path: Path) -> None:
    result = assert_every_citation_holds(initialised(shop(tmp_path / "shop")))
    assert result["cited"] >= 5 and result["with_snippet"] >= 2


@pytest.mark.parametrize("app", ["fastapi_app", "django_app", "rails_app", "express_app"])
def test_a_web_app_playbook_cites_only_quotes(tmp_path: Path, app: str) -> None:
    root = make_repo(tmp_path / app, getattr(apps, app)())
    result = assert_every_citation_holds(initialised(root, "--no-baseline"))
    assert result["cited"] >= 1


@pytest.mark.corpora
@pytest.mark.slow
@pytest.mark.parametrize("name", CORPORA)
def test_a_real_corpus_playbook_cites_only_quotes(tmp_path: Path, name: str) -> None:
    base = Path(os.environ.get("STANDARDS_CORPORA", "/work/corpora")) / name
    if not base.is_dir():
        pytest.skip(f"corpus {name} not present")
    root = tmp_path / name
    shutil.copytree(base, root, symlinks=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", "Import the corpus")
    assert_every_citation_holds(initialised(root, "--no-baseline"))


# -- fix lines ---------------------------------------------------------------------------------


CHANGED = (
    "\n\nclass Basket:\n"
    '    """A basket."""\n\n'
    "    def add_line(self, line: str):\n"
    '        """Add a line."""\n'
    "        self.lines = [line]\n\n\n"
    "def refund_order(order, amount):\n"
    '    """Refund part of an order."""\n'
    "    if amount > order.total:\n"
    "        return None\n"
    "    return order.total - amount\n"
)


def test_a_missing_return_type_fix_names_its_own_function(tmp_path: Path) -> None:
    root = initialised(shop(tmp_path / "fix"))
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", "Adopt standards")
    path = root / "shop/orders_3.py"
    path.write_text(path.read_text(encoding="utf-8") + CHANGED, encoding="utf-8")
    git(root, "add", "-A")
    proc = standards(root, "check", "--staged", "--format", "json")
    findings = json.loads(proc.stdout)["findings"]
    ann = {f["rule"]: f for f in findings if f["rule"].startswith("ruff:ANN")}
    assert "ruff:ANN201" in ann and "ruff:ANN001" in ann, findings
    repo_lines = {line.strip() for p in root.rglob("*.py") for line in p.read_text().splitlines() if line.strip()}
    for f in findings:
        fix = f["fix"] or {}
        words = fix.get("description", "")
        assert words and " " in words and not words.startswith(("def ", "class ")), f
        assert words.strip("`") not in repo_lines, f  # a quote of a line is not a fix
    by_line = {f["line"]: f["fix"]["description"] for f in findings if f["rule"] == "ruff:ANN201"}
    texts = " | ".join(by_line.values())
    assert "`refund_order`" in texts, texts  # the floor: which function, in words
    assert "def add_line(self, line: str) -> None:" in texts, texts  # derived from its own line
    assert "OrderLine" not in texts and "def total" not in texts


def test_new_code_style_fixes_correct_the_line_or_say_it_in_words() -> None:
    by_key = {s.key: s for s in STYLES}
    snake = line_fix(by_key["snake_case"], "def parseOrder(raw):")
    assert snake.replacement == "def parse_order(raw):" and "`parseOrder`" in snake.description
    var = line_fix(by_key["let_const"], "  var total = 0;")
    assert var.replacement == "let total = 0;" and "`let`" in var.description
    unit = line_fix(by_key["pytest"], "        self.assertEqual(order.total, 3)")
    assert unit.replacement == "assert order.total == 3"
    assert line_fix(by_key["pytest"], "self.assertEqual(a, b, 'why')").replacement == ""
    fmt = line_fix(by_key["fstring"], 'msg = "%s rows" % n')
    assert fmt.replacement == "" and "f-strings" in fmt.description  # no template passed off as this line
    for style in STYLES:  # never the style's generic example
        assert line_fix(style, "x = 1").replacement != style.example_new


def test_line_fixes_derive_only_from_the_line() -> None:
    assert line_fixes.corrected_assert("    self.assertFalse(a or b)") == "    assert not (a or b)"
    assert line_fixes.corrected_assert("    self.assertIsNone(found)") == "    assert found is None"
    assert line_fixes.corrected_assert("    self.assertEqual(") == ""
    assert line_fixes.corrected_var("const x = 1") == ""
    assert line_fixes.corrected_def("def parse_order(raw):") == ""
    assert line_fixes.corrected_root_logger('    logging.info("x %s", y)', "log") == '    log.info("x %s", y)'


def test_a_root_logger_fix_is_this_line_through_the_module_logger(tmp_path: Path) -> None:
    root = initialised(shop(tmp_path / "log"))
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", "Adopt standards")
    path = root / "shop/orders_5.py"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('    logger.info("total %s", total)', '    logging.info("total %s", total)'))
    git(root, "add", "-A")
    findings = json.loads(standards(root, "check", "--staged", "--format", "json").stdout)["findings"]
    logged = [f for f in findings if f["rule"] == "standards:py-module-logger"]
    if not logged:
        pytest.skip("py.logging.module_logger not inferred for this fixture")
    assert logged[0]["fix"]["replacement"] == 'logger.info("total %s", total)'


# -- the bench's self-measurement is not true by construction ------------------------------------


def test_the_bench_refuses_each_enforced_convention_with_its_own_deviation(tmp_path: Path) -> None:
    root = initialised(shop(tmp_path / "proof"))
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", "Adopt standards")
    result = truth_proof.measure(root)
    assert result["enforced"] >= 8
    assert result["unmeasured"] == [] and result["not_refused"] == [], json.dumps(result["conventions"], indent=1)
    sources = {r["source"] for r in result["conventions"].values()}
    assert "bench" in sources


def test_a_maintainers_setting_init_did_not_infer_counts_as_missed(tmp_path: Path) -> None:
    root = initialised(shop(tmp_path / "missed"))  # double quotes everywhere: init infers double
    modules = inject.library_modules(root)
    style = inject.style_of(inject.conventions(root))
    cases = inject.maintainers_cases(root, {"quotes": "single"}, modules, style)
    assert [c.kind for c in cases] == ["deviation:maintainers' quotes"]
    inject.git(root, "add", "-A")
    inject.git(root, "commit", "-q", "--no-verify", "-m", "Adopt standards")
    result = inject.run_case(root, cases[0])
    assert result["detected"] is False  # a double-quoted string is this repo's style, not the maintainers'
    score = inject.score({"shop": {"cases": [result]}})
    assert score["overall"]["missed_maintainers_settings"] == ["shop: quotes"]


def test_random_copies_are_not_chosen_for_being_clean(tmp_path: Path) -> None:
    root = shop(tmp_path / "copies")
    assert "tests/test_orders.py" not in inject.library_modules(root)  # the clean-module picker skips tests
    assert "tests/test_orders.py" in inject.copy_pool(root)
    (copy,) = inject.random_copies(root, "seed", count=1)
    assert "_bench_random0.py" in copy.path and not copy.deviating
    original = copy.path.replace("_bench_random0", "")
    assert copy.edits[copy.path] == (root / original).read_text(encoding="utf-8")  # copied unchanged
    assert [c.path for c in inject.random_copies(root, "seed", count=1)] == [copy.path]  # seeded


def test_detection_truth_flags_a_framework_named_only_by_a_pin(tmp_path: Path) -> None:
    root = tmp_path / "d"
    write(
        root,
        {
            "playbook.md": "Languages: Python. Frameworks: pytest. Pinned but not imported: flask.\n",
            ".standards/inferred.json": json.dumps({"_frameworks": {"flask (pinned, not imported)": [], "pytest": []}}),
            "standards.toml": '[conventions."py.tests.framework"]\nvalue = "pytest"\n',
        },
    )
    result = truth_detection.measure("flask", root)
    assert result["errors"] == ["flask named as pinned, not imported, but nothing here pins or uses it as one"]


def test_the_weakening_measure_sees_a_dropped_rule_and_a_changed_setting(tmp_path: Path) -> None:
    root = shop(tmp_path / "weak")
    probe = "shop/orders_1.py"
    was = truth_weakening.before(root, probe)
    assert "line-length" in was["keys"] and was["format_wants"] == 0
    unchanged = truth_weakening.compare(root, probe, was)
    assert unchanged["count"] == 0 and unchanged["keys_not_resolved"] == []
    (root / "pyproject.toml").write_text(
        '[project]\nname = "shop"\n\n[tool.ruff]\nline-length = 60\n\n[tool.ruff.lint]\nselect = ["E4"]\n'
    )
    weaker = truth_weakening.compare(root, probe, was)
    said = " | ".join(weaker["weakened"])
    assert "rules no longer enabled" in said and "F401" in weaker["rules_dropped"]
    assert "line-length (linter.line_length): 100 -> 60" in said
    assert "`ruff format --check` wants" in said  # 60 columns rewraps the modules


def test_the_projects_rubocop_config_loses_only_its_plugins() -> None:
    text = (
        "inherit_from: .rubocop_todo.yml\nrequire:\n  - rubocop-performance\n  - rubocop-rspec\n\n"
        "AllCops:\n  NewCops: enable\nPerformance/EndWith:\n  Enabled: false\nStyle/Documentation:\n  Enabled: false\n"
    )
    kept = truth_weakening._without_plugins(text)
    assert "rubocop-performance" not in kept and "Performance/EndWith" not in kept
    assert "inherit_from: .bench.rubocop_todo.yml" in kept and "Style/Documentation:\n  Enabled: false" in kept
