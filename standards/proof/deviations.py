"""Minimal deviations: for a ruff code, a few lines of Python that break it.

Each is written for the settings in force (a quote rule breaks the quote the project chose; a
size rule goes one past the project's limit). A code that judges the module as a whole (a
missing docstring or import, the module's name) is checked in a file of its own.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from standards import ruff_tool

Option = Callable[[str, Any], Any]  # (dotted ruff setting, default) -> value in force


@dataclass(frozen=True)
class Deviation:
    """Code that the selector ``code`` must report."""

    code: str
    text: str
    module_name: str = ""  # the file name it needs (N999), else the probe's own
    whole_file: bool = False  # the code reports on the module: checked in a file of its own


def _long_line(option: Option) -> str:
    words = max(int(option("lint.pycodestyle.max-line-length", option("line-length", 88)) or 88), 88) // 5 + 8
    return "x = 1  # " + " ".join(["word"] * words) + "\n"


def _quotes(option: Option) -> str:
    return "x = 'text'\n" if option("lint.flake8-quotes.inline-quotes", "double") == "double" else 'x = "text"\n'


def _complex(option: Option) -> str:
    limit = int(option("lint.mccabe.max-complexity", 10))
    branches = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(limit + 1))
    return f"def branchy(x):\n{branches}    return -1\n"


def _many_args(option: Option) -> str:
    names = [f"a{i}" for i in range(int(option("lint.pylint.max-args", 5)) + 1)]
    return f"def wide({', '.join(names)}):\n    return a0\n"


def _many_statements(option: Option) -> str:
    count = int(option("lint.pylint.max-statements", 50)) + 1
    return "def long_one():\n" + "".join(f"    x{i} = {i}\n" for i in range(count)) + "    return x0\n"


def _fixed(text: str) -> Callable[[Option], str]:
    return lambda option: text


# code -> how to build its deviation; the first entry whose code starts with a prefix
# selector ("E7", "F") stands for it
GENERATORS: dict[str, Callable[[Option], str]] = {
    "E401": _fixed("import os, sys\n\nprint(os, sys)\n"),
    "E501": _long_line,
    "E711": _fixed("x = None\nif x == None:\n    pass\n"),
    "E701": _fixed("x = 1\nif x: x = 2\n"),
    "E731": _fixed("f = lambda: 0\n"),
    "E741": _fixed("l = 1\n"),
    "E722": _fixed("try:\n    pass\nexcept:\n    pass\n"),
    "E101": _fixed("if True:\n\tif True:\n\t    x = 1\n"),
    "E111": _fixed("if True:\n  x = 1\n"),
    "E114": _fixed("if True:\n   # a comment\n    x = 1\n"),
    "W191": _fixed("if True:\n\tx = 1\n"),
    "W291": _fixed("x = 1 \n"),
    "F401": _fixed("import os\n"),
    "F821": _fixed("print(undefined_name)\n"),
    "Q000": _quotes,
    "I001": _fixed("import sys\nimport os\n\nprint(os, sys)\n"),
    "TID252": _fixed("from .. import sibling\n\nprint(sibling)\n"),
    "BLE001": _fixed("try:\n    pass\nexcept Exception:\n    pass\n"),
    "T201": _fixed('print("synced")\n'),
    "S101": _fixed("assert len([]) == 0\n"),
    "N801": _fixed("class order_item:\n    pass\n"),
    "N802": _fixed("def getValue():\n    return 1\n"),
    "N803": _fixed("def fetch(itemId):\n    return itemId\n"),
    "N806": _fixed("def fetch():\n    itemId = 1\n    return itemId\n"),
    "N815": _fixed("class Order:\n    itemId = 1\n"),
    "N816": _fixed("defaultTimeout = 30\n"),
    "ANN001": _fixed("def total(items) -> None:\n    print(items)\n"),
    "ANN201": _fixed("def total():\n    return 1\n"),
    "D401": _fixed('def total():\n    """Returns the total."""\n    return 1\n'),
    "C901": _complex,
    "PLR0913": _many_args,
    "PLR0915": _many_statements,
    "UP031": _fixed('x = "%s items" % (1,)\n'),
    "UP032": _fixed('x = "{} items".format(1)\n'),
}
WHOLE_FILE: dict[str, str] = {"D100": "x = 1\n", "I002": "x = 1\n", "N999": "x = 1\n"}
MODULE_NAMES = {"N999": "BadModuleName.py"}


def generated(selector: str, option: Option, ignored: tuple[str, ...] = ()) -> Deviation | None:
    """A deviation that ``selector`` reports under the settings in force, or None when we have none.
    An exact code is looked up first; a prefix ("E7") takes the first code under it that the
    project does not ignore (flaskbb ignores E711 and E712, yet E7's other codes still run)."""
    if selector in WHOLE_FILE:
        return Deviation(selector, WHOLE_FILE[selector], MODULE_NAMES.get(selector, ""), whole_file=True)
    for code, build in GENERATORS.items():
        if code == selector or (selector not in GENERATORS and ruff_tool.selects(selector, code)):
            if code != selector and any(ruff_tool.selects(i, code) for i in ignored):
                continue
            return Deviation(selector, build(option))
    for code, text in WHOLE_FILE.items():
        if code.startswith(selector):
            return Deviation(selector, text, MODULE_NAMES.get(code, ""), whole_file=True)
    return None


def from_dont(dont: str) -> str | None:
    """The convention's own "don't" example, when it is Python (not a description)."""
    text = dont.strip("\n")
    if not text.strip():
        return None
    try:
        ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    return text + "\n"
