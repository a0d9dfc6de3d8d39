"""Detection errors: what `standards init` says about a corpus (languages in order, frameworks,
the test framework) against a small truth table per corpus, written by reading the corpus.

How each row was decided (2026-12, the pinned corpus versions of ../shared/corpora):
- languages: lines of code per extension (`git ls-files`, node_modules left out); a language
  with under 1% of the lines is not required but may be listed last.
- frameworks: `grep -rE '^(import|from) X'` / `require('X')` over the code; a framework is
  required when the library or app code imports it, forbidden when nothing imports it (a pin, a
  file name or the project's own name is no evidence).
- test style: what the test files import and what their classes subclass.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PINNED = " (pinned, not imported)"


@dataclass(frozen=True)
class Truth:
    languages: tuple[str, ...]  # by share of the code, largest first
    frameworks: frozenset[str]  # must be named
    not_frameworks: frozenset[str]  # must not be named, neither as used nor as "pinned, not imported"
    test_framework: str
    how: str
    also_allowed: frozenset[str] = field(default_factory=frozenset)  # may be named or not


TRUTH: dict[str, Truth] = {
    "flask": Truth(
        ("python",),
        frozenset({"pytest"}),
        frozenset({"django", "flask"}),
        "pytest",
        "17,889 Python lines, no JS/Ruby; src/flask is Flask itself (relative imports), so 'flask' is the "
        "project's own name in pyproject.toml, not a pin; tests import pytest, no TestCase subclasses",
    ),
    "flaskbb": Truth(
        ("python", "javascript"),
        frozenset({"flask", "sqlalchemy", "alembic", "celery", "pytest"}),
        frozenset({"django"}),
        "pytest",
        "24,205 Python lines, 4,160 JS; `from flask` 42 files, sqlalchemy 43, alembic 14 (migrations), "
        "celery 3, pytest 26; tests are pytest functions and classes",
        frozenset({"wtforms", "flask_wtf", "flask_sqlalchemy", "redis"}),
    ),
    "attrs": Truth(
        ("python",),
        frozenset({"pytest"}),
        frozenset({"django", "flask"}),
        "pytest",
        "20,116 Python lines; tests import pytest (23) and hypothesis (11); one `from unittest import mock`",
        frozenset({"hypothesis", "zope"}),
    ),
    "qs": Truth(
        ("javascript",),
        frozenset(),
        frozenset({"express", "react", "jest", "mocha"}),
        "tape",
        "7,606 JS lines; tests `require('tape')`, package.json runs `tape 'test/**/*.js'`",
        frozenset({"tape"}),
    ),
    "rubocop": Truth(
        ("ruby",),
        frozenset({"rspec"}),
        frozenset({"rails", "minitest"}),
        "rspec",
        "241,526 Ruby lines; spec/ uses RSpec.describe; no Rails code",
    ),
    "sails": Truth(
        ("javascript",),
        frozenset({"express", "mocha"}),
        frozenset({"react", "jest", "django", "rails"}),
        "mocha",
        "39,742 JS lines; lib/hooks/http requires express (1 file); package.json runs mocha "
        "(`node ./node_modules/mocha/bin/mocha -b`), tests are describe/it",
    ),
    "mongoose": Truth(
        ("javascript",),
        frozenset(),
        frozenset({"express", "react"}),
        "mocha",
        "tests `describe`/`it` run by mocha (package.json `mocha --exit ./test/*.test.js`)",
        frozenset({"mocha"}),
    ),
}

LANGUAGE_NAMES = {"Python": "python", "JavaScript": "javascript", "TypeScript": "typescript", "Ruby": "ruby"}


def said(root: Path) -> dict[str, Any]:
    """What init wrote: languages in the playbook's order, frameworks, test framework."""
    playbook = (root / "playbook.md").read_text(encoding="utf-8") if (root / "playbook.md").is_file() else ""
    languages = playbook_languages(playbook)
    try:
        inferred = json.loads((root / ".standards" / "inferred.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        inferred = {}
    named = list((inferred.get("_frameworks") or {}) if isinstance(inferred, dict) else {})
    conventions = tomllib.loads((root / "standards.toml").read_text(encoding="utf-8")).get("conventions", {})
    tests = next(
        (str(c.get("value")) for cid, c in conventions.items() if cid.endswith(".tests.framework")),
        "",
    )
    return {"languages": languages, "frameworks": named, "test_framework": tests}


_SHARES = re.compile(r"source files \(([^)]*)\)")


def playbook_languages(playbook: str) -> list[str]:
    """The languages the playbook names, in its order: "Languages: Python, JavaScript." or
    "Learned from 83 source files (Python 90%, JavaScript 10%)"."""
    line = next((ln for ln in playbook.split("\n") if ln.startswith("Languages:")), "")
    if line:
        names = line.removeprefix("Languages:").split(".", 1)[0].split(",")
    else:
        m = _SHARES.search(playbook)
        names = [re.sub(r"[\d.%<>~ ]+$", "", part.strip()) for part in m.group(1).split(",")] if m else []
    return [LANGUAGE_NAMES.get(n.strip(), n.strip().lower()) for n in names if n.strip()]


def measure(name: str, root: Path) -> dict[str, Any]:
    truth = TRUTH.get(name)
    got = said(root)
    if truth is None:
        return {"measured": False, "why": "no truth row for this corpus", "said": got, "errors": [], "count": None}
    errors = []
    if got["languages"][: len(truth.languages)] != list(truth.languages):
        errors.append(f"languages {got['languages']}, truth {list(truth.languages)} (by share)")
    used = {f for f in got["frameworks"] if not f.endswith(PINNED)}
    pinned = {f.removesuffix(PINNED) for f in got["frameworks"] if f.endswith(PINNED)}
    for fw in sorted(truth.frameworks - used):
        called = " (said: pinned, not imported)" if fw in pinned else ""
        errors.append(f"{fw} is imported by the code but not named{called}")
    for fw in sorted(truth.not_frameworks & (used | pinned)):
        called = "named as pinned, not imported" if fw in pinned else "named as a framework"
        errors.append(f"{fw} {called}, but nothing here pins or uses it as one")
    unknown = sorted(used - truth.frameworks - truth.also_allowed - truth.not_frameworks)
    for fw in unknown:
        errors.append(f"framework {fw} named; the truth table has no import of it")
    if got["test_framework"] != truth.test_framework:
        errors.append(f"test framework {got['test_framework']!r}, truth {truth.test_framework!r}")
    return {"measured": True, "said": got, "truth_how": truth.how, "errors": errors, "count": len(errors)}
