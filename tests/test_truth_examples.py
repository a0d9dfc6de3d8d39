"""Examples are quotes: after `standards init` on Python, JavaScript and Ruby repositories, every
``path:line`` that standards.toml and playbook.md cite holds the text shown with it; generic
illustrations carry no location; the good example of a size rule is a typical function; the fix
of a missing return type is the finding's own line, corrected."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

from _repo import make_repo, standards

from standards import standards_file
from standards.analyzers.py_annotations import annotation_fix
from standards.model import Convention, Level, Source, Standards
from standards.playbook import quotes

ESLINT = Path(__file__).resolve().parents[1] / ".tools/node_modules/.bin/eslint"
ENV = {"STANDARDS_ESLINT": str(ESLINT)} if ESLINT.exists() else {}


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def python_module(i: int) -> str:
    """A typed, documented module (google docstrings) with f-strings, a logger and handlers."""
    return dedent(
        f'''
        """Orders, part {i}."""

        import logging

        logger = logging.getLogger(__name__)

        RETRIES_{i} = {i + 1}


        def order_total_{i}(prices: list[float], discount: float = 0.0) -> float:
            """Sum the prices, less a discount.

            Args:
                prices: the line prices.
                discount: taken off the sum.

            Returns:
                The total.
            """
            total = sum(prices) - discount
            logger.info("total %s", total)
            return total


        def describe_order_{i}(name: str, count: int) -> str:
            """A label for an order.

            Args:
                name: the customer.
                count: how many lines.
            """
            try:
                label = f"{{name}}: {{count}} lines"
            except ValueError:
                logger.exception("bad label")
                raise
            return label


        class Order{i}:
            """An order."""

            def __init__(self, name: str) -> None:
                self.name = name

            def label(self) -> str:
                """The order's label."""
                return describe_order_{i}(self.name, {i})
        '''
    )


def python_repo(root: Path) -> Path:
    files = {f"shop/orders_{i}.py": python_module(i) for i in range(24)}
    files["shop/__init__.py"] = '"""The shop."""\n'
    files["tests/test_orders.py"] = dedent(
        """
        from shop.orders_1 import order_total_1


        class TestTotals:
            def test_total(self):
                assert order_total_1([1.0, 2.0]) == 3.0
        """
    )
    files["pyproject.toml"] = '[project]\nname = "shop"\nversion = "1.0"\nrequires-python = ">=3.10"\n'
    return make_repo(root, files)


def js_module(i: int) -> str:
    return dedent(
        f"""
        'use strict'

        const path = require('path')

        function buildRoute{i} (options) {{
          const route = {{
            url: path.join('/api', options.name),
            method: 'GET'
          }}
          const names = options.items.map((item) => item.name)
          return {{ route, names }}
        }}

        class Router{i} {{
          constructor () {{
            this.routes = []
          }}
        }}

        module.exports = {{ buildRoute{i}, Router{i} }}
        """
    )


def js_repo(root: Path) -> Path:
    files = {f"src/route_{i}.js": js_module(i) for i in range(25)}
    files["package.json"] = '{"name": "routes", "scripts": {"test": "jest"}, "devDependencies": {"jest": "29"}}\n'
    files["test/route.test.js"] = (
        "const { buildRoute1 } = require('../src/route_1')\n\n"
        "test('builds', () => {\n  expect(buildRoute1({ name: 'a', items: [] })).toBeTruthy()\n})\n"
    )
    return make_repo(root, files)


def ruby_class(i: int) -> str:
    return dedent(
        f"""
        # frozen_string_literal: true

        module Billing
          class Invoice{i}
            def initialize(customer, amount)
              @customer = customer
              @amount = amount
            end

            def total_due?
              label = 'due'
              options = {{ currency: 'EUR', rounding: :half_up }}
              notify(label, format('%.2f', @amount), **options)
              "#{{label}} #{{@customer}}"
            end
          end
        end
        """
    )


def ruby_repo(root: Path) -> Path:
    files = {f"lib/billing/invoice_{i}.rb": ruby_class(i) for i in range(25)}
    files["spec/invoice_spec.rb"] = (
        "# frozen_string_literal: true\n\nRSpec.describe Billing do\n"
        "  it 'works' do\n    expect(1).to eq(1)\n  end\nend\n"
    )
    return make_repo(root, files)


def init_and_check(root: Path) -> tuple[Standards, str, list[quotes.Citation]]:
    """Run `standards init`, then check every citation; the citations are returned for counting."""
    proc = standards(root, "init", extra_env=ENV)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    loaded = standards_file.load(root)
    assert loaded is not None
    playbook = (root / "playbook.md").read_text(encoding="utf-8")
    problems = quotes.check_repository(root, loaded, playbook)
    assert not problems, "\n".join(str(p) for p in problems)
    return loaded, playbook, quotes.standards_citations(loaded) + quotes.markdown_citations(playbook)


def quoted_dos(loaded: Standards) -> list[str]:
    return [c.id for c in loaded.conventions.values() if any(x.origin.endswith(" do") for x in _claims(c))]


def _claims(c: Convention) -> list[quotes.Citation]:
    return [x for x in quotes.convention_citations(c) if x.snippet]


def test_python_init_cites_only_quotes(tmp_path: Path) -> None:
    loaded, playbook, citations = init_and_check(python_repo(tmp_path / "py"))
    assert "Do:" not in playbook and "Don't:" not in playbook  # the style line carries no examples
    quoted = quoted_dos(loaded)
    for cid in ("py.naming.function", "py.format.quotes", "py.strings.formatting", "py.docs.coverage"):
        assert cid in quoted, (cid, loaded.conventions[cid].do if cid in loaded.conventions else "missing")
    assert "py.annotations.coverage" in quoted and "->" in loaded.conventions["py.annotations.coverage"].do
    assert len([c for c in citations if c.snippet]) >= 8
    docs = loaded.conventions["py.docs.convention"]
    assert "Args:" in docs.do and quotes.split_place(docs.examples[0])  # a real google docstring, quoted
    no_print = loaded.conventions["py.logging.no_print"]
    assert all(quotes.split_place(e) is None for e in no_print.examples)  # a generic Do has no location


def test_javascript_init_cites_only_quotes(tmp_path: Path) -> None:
    loaded, _, citations = init_and_check(js_repo(tmp_path / "js"))
    quoted = quoted_dos(loaded)
    assert {"js.style.quotes", "js.naming.function", "js.size.function"} <= set(quoted)
    assert len([c for c in citations if c.snippet]) >= 6


def test_ruby_init_cites_only_quotes(tmp_path: Path) -> None:
    loaded, _, citations = init_and_check(ruby_repo(tmp_path / "rb"))
    quoted = quoted_dos(loaded)
    assert {"rb.style.string_literals", "rb.style.frozen_string_literal", "rb.size.method"} <= set(quoted)
    assert len([c for c in citations if c.snippet]) >= 5


def test_size_examples_are_typical_functions(tmp_path: Path) -> None:
    root = tmp_path / "sizes"
    body = "".join(f"    v{n} = {n}\n" for n in range(30))
    files = {f"pkg/small_{i}.py": f"def small_{i}(a):\n    return a\n" for i in range(20)}
    files["pkg/big.py"] = f"def big(a):\n{body}    return a\n"
    files["pkg/__init__.py"] = ""
    make_repo(root, files)
    proc = standards(root, "init")
    assert proc.returncode == 0, proc.stderr
    loaded = standards_file.load(root)
    assert loaded is not None
    statements = loaded.conventions["py.size.statements"]
    assert statements.examples and all("big.py" not in e for e in statements.examples)
    assert "median" in statements.do and quotes.is_prose(statements.do)  # advice, never cited as a quote


def convention(do: str, examples: list[str]) -> Convention:
    return Convention(
        id="py.logging.no_print",
        title="Library code logs instead of print()",
        category="logging",
        language="python",
        value="no print",
        level=Level.ERROR,
        source=Source.INFERRED,
        support=(1, 1),
        confidence=1.0,
        examples=examples,
        do=do,
    )


def test_the_checker_refuses_generic_text_at_a_real_line(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("import sys\n\nlogger.info('synced %d devices', n)\n", encoding="utf-8")
    generic = Standards(conventions={"x": convention('logger.info("synced %d devices", count)', ["app.py:1"])})
    problems = quotes.check_repository(tmp_path, generic, None)
    assert len(problems) == 1 and "import sys" in str(problems[0])
    quoted = Standards(conventions={"x": convention("logger.info('synced %d devices', n)", ["app.py:3"])})
    assert quotes.check_repository(tmp_path, quoted, None) == []
    elided = Standards(conventions={"x": convention("logger.info(...)", ["app.py:3"])})
    assert quotes.check_repository(tmp_path, elided, None) == []
    missing = Standards(conventions={"x": convention("", ["gone.py:3", "app.py:9"])})
    assert [p.reason for p in quotes.check_repository(tmp_path, missing, None)] == [
        "no such file in the repository",
        "the file has 4 lines",
    ]
    playbook = "- **Logs** — Do: `print(x)` (app.py:3); as in app.py:1\n"
    found = quotes.check(tmp_path, quotes.markdown_citations(playbook))
    assert [str(p.citation.place) for p in found] == ["app.py:3"]


def test_a_location_named_inside_do_text_is_checked(tmp_path: Path) -> None:
    (tmp_path / "views.py").write_text("def show(request):\n    return Order.objects.get(pk=1)\n", encoding="utf-8")
    good = convention("Order.objects.get(...)  # views.py:2 in show", [])
    bad = convention("OrderService.find(...)  # views.py:2 in show", [])
    assert quotes.check_repository(tmp_path, Standards(conventions={"g": good}), None) == []
    assert len(quotes.check_repository(tmp_path, Standards(conventions={"b": bad}), None)) == 1


def test_a_symlink_out_of_the_repository_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "secret.py"
    outside.write_text("token = 1\n", encoding="utf-8")
    repo = tmp_path / "repo"
    repo.mkdir()
    os.symlink(outside, repo / "link.py")
    cited = Standards(conventions={"x": convention("token = 1", ["link.py:1"])})
    reasons = {p.reason for p in quotes.check_repository(repo, cited, None)}
    assert reasons == {"no such file in the repository"}


SOURCE = dedent(
    """
    class Order:
        def add_line(self, line: OrderLine):
            self.lines.append(line)

        def refund_order(order, amount):
            if amount > order.total:
                return None
            return order.total - amount

        def is_paid(self):  # paid?
            return self.state == "paid"

        def label(
            self,
        ):
            return f"{self.id}"
    """
)


def test_a_missing_return_type_is_fixed_on_its_own_line() -> None:
    assert annotation_fix("ANN201", "add_line", SOURCE, 2) == (
        "annotate the return type: `def add_line(self, line: OrderLine) -> None:`"
    )
    assert annotation_fix("ANN201", "is_paid", SOURCE, 10) == (
        "annotate the return type: `def is_paid(self) -> bool:  # paid?`"
    )
    assert annotation_fix("ANN201", "refund_order", SOURCE, 5) == "add a return type annotation to `refund_order`"
    assert "add `-> str` after its parameters" in annotation_fix("ANN201", "label", SOURCE, 13)
    assert annotation_fix("ANN001", "amount", SOURCE, 5) == "add a type annotation to the parameter `amount`"
    assert annotation_fix("ANN201", "broken", "def broken(:\n", 1) == "add a return type annotation to `broken`"


def test_explain_pairs_a_do_with_a_place_only_when_it_is_a_quote(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("import sys\n\nlogger.info('synced %d devices', n)\n", encoding="utf-8")
    generic = convention('logger.info("synced %d devices", count)', ["app.py:1"])
    assert quotes.shown_example(tmp_path, generic) == ('logger.info("synced %d devices", count)', "")
    real = convention("logger.info('synced %d devices', n)", ["app.py:3"])
    assert quotes.shown_example(tmp_path, real) == ("logger.info('synced %d devices', n)", "app.py:3")


def test_the_bench_can_check_what_init_wrote(tmp_path: Path) -> None:
    root = ruby_repo(tmp_path / "bench")
    assert standards(root, "init").returncode == 0
    assert quotes.check_written(root) == []
    (root / "lib/billing/invoice_0.rb").write_text("# changed\n", encoding="utf-8")  # the quoted lines move away
    assert any("invoice_0.rb" in str(p) for p in quotes.check_written(root))


def test_explain_places_a_do_only_where_it_is_a_quote(tmp_path: Path) -> None:
    root = python_repo(tmp_path / "r")
    assert standards(root, "init", "--no-hooks").returncode == 0
    shown = standards(root, "explain", "py.naming.function").stdout
    do_lines = [line for line in shown.splitlines() if line.startswith("- do: ")]
    assert do_lines, shown
    placed = [line for line in do_lines if " (as " in line]
    assert placed, shown  # the fixture's functions are snake_case: the Do quotes one of them
    for line in placed:
        snippet = line.split("`", 2)[1]
        place = line.rsplit(" (as ", 1)[1].rstrip(")")
        path, number = place.rsplit(":", 1)
        assert (root / path).read_text().splitlines()[int(number) - 1].strip() == snippet.strip()
