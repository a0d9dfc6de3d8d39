"""Fuzz the analyzers with generated and mutated source: whatever the text, no exception
escapes an analyzer (a file that does not parse is a parse error, nothing more)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from _repo import python_module
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from standards.analyzers import _rbverify, all_analyzers
from standards.context import Context, recursion_guard
from standards.discovery import discover

PY_SEED = (
    python_module(1)
    + '''

@decorator(arg=1)
async def fetch_items(session, *args, key: str = "k", **kwargs) -> list[int]:
    """Fetch."""
    try:
        async with session.get(f"/items/{key}") as response:
            return [item for item in await response.json() if item]
    except (ValueError, KeyError) as exc:
        logger.exception("failed: %s", exc)
        raise RuntimeError("fetch failed") from exc
    finally:
        assert session, "no session"


def test_compute_total():
    assert compute_total_1([1, 2]) == 3
'''
)
JS_SEED = """import { readFile } from "fs";
const LIMIT = 10;
export function loadItems(path, callback) {
  readFile(path, "utf8", (err, data) => {
    if (err) { return callback(err); }
    const items = JSON.parse(data).filter((x) => x.size < LIMIT);
    callback(null, items);
  });
}
class ItemStore extends Base {
  constructor() { super(); this.items = []; }
  async add(item) { this.items.push(item); return `${item.name}`; }
}
describe("store", () => { it("adds", () => { expect(1).toBe(1); }); });
"""
RB_SEED = """# frozen_string_literal: true

class OrdersController < ApplicationController
  before_action :load_order

  def show
    @order = Order.find(params[:id])
    render json: { id: @order.id, "name" => @order.name }
  end

  private

  def load_order
    format("%<id>s", id: 1) if params.key?(:id)
  end
end
"""
FRAGMENTS = [
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    "\n",
    "\t",
    "    ",
    "\r",
    "\\",
    "'",
    '"',
    '"""',
    "#",
    "//",
    "/*",
    "*/",
    "def ",
    "class ",
    "end",
    "=>",
    "->",
    "lambda",
    "@",
    "\x00",
    "\ufeff",
    "é",
    "\u2028",
    "if x:",
    "elif",
    "else",
    "async ",
    "await ",
    "yield",
    "`",
    "${",
    "%w[",
    "<<~EOS\n",
    "=begin\n",
]


@st.composite
def mutated(draw, seed: str) -> str:
    text = seed
    for _ in range(draw(st.integers(0, 6))):
        pos = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "duplicate", "truncate"]))
        if op == "insert":
            text = text[:pos] + draw(st.sampled_from(FRAGMENTS) | st.text(max_size=8)) + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 40)) :]
        elif op == "duplicate":
            text = text[:pos] + text[pos : pos + draw(st.integers(1, 80))] * 2 + text[pos + 1 :]
        else:
            text = text[:pos]
    return text


def sources(seed: str):
    return st.one_of(mutated(seed), st.text(max_size=300), st.sampled_from(FRAGMENTS).map(lambda f: f * 50))


recursion_guard()  # as the pipeline does, once, before hypothesis records the limit


def run_analyzers(files: dict[str, str], names: set[str]) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="standards-fuzz-"))
    try:
        for rel, text in files.items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp / rel).write_bytes(text.encode("utf-8", "surrogatepass"))
        ctx = Context(root=tmp, discovery=discover(tmp))
        for analyzer in all_analyzers():
            if analyzer.name in names and analyzer.applies(ctx):
                analyzer.analyze(ctx)  # any exception fails the test
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def analyzer_names(prefix: str, exclude: tuple[str, ...] = ()) -> set[str]:
    return {a.name for a in all_analyzers() if a.name.startswith(prefix) and a.name not in exclude}


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(a=sources(PY_SEED), b=sources(PY_SEED))
def test_python_analyzers(a, b):
    run_analyzers(
        {"pkg/a.py": a, "tests/test_b.py": b, "pkg/ok.py": PY_SEED}, analyzer_names("py_", exclude=("py_ruff_style",))
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=sources(PY_SEED))
def test_python_ruff_style(a):
    run_analyzers({"pkg/a.py": a, "pkg/ok.py": PY_SEED}, {"py_ruff_style"})


@FUZZ
@given(a=sources(JS_SEED), b=sources(JS_SEED))
def test_js_analyzers(a, b):
    names = analyzer_names("js_")
    if not names:
        pytest.skip("no JS analyzers")
    run_analyzers({"src/a.js": a, "src/b.test.ts": b, "src/ok.js": JS_SEED}, names)


@FUZZ
@given(a=sources(RB_SEED), b=sources(RB_SEED))
def test_ruby_analyzers(a, b):
    names = analyzer_names("rb_")
    if not names:
        pytest.skip("no Ruby analyzers")
    # our own parsing, 150 times; RuboCop's check of the counts (a process of a second or two
    # per example) gets its own, smaller run below
    with mock.patch.object(_rbverify.toolchain, "find_rubocop", return_value=None):
        run_analyzers({"app/a.rb": a, "spec/b_spec.rb": b, "app/ok.rb": RB_SEED}, names)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=sources(RB_SEED))
def test_ruby_analyzers_with_rubocop_verifying(a):
    names = analyzer_names("rb_")
    if not names:
        pytest.skip("no Ruby analyzers")
    run_analyzers({"app/a.rb": a, "app/ok.rb": RB_SEED}, names)
