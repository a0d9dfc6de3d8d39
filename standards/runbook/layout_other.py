"""Ruby and JavaScript/TypeScript tests: the framework each test file shows (rb_tests and
js_tests decide it from the parsed code), the classes Ruby tests derive from, the shared
helpers (spec_helper, test_helper, support files, factories, fixtures) and where the files live."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import PurePosixPath

from standards import roles
from standards.analyzers import js_tests, rb_tests
from standards.analyzers._jsindex import JsFile
from standards.analyzers._rbindex import MINITEST_BASES, RbFile
from standards.discovery import LANGUAGE_BY_SUFFIX, is_vendored
from standards.runbook import npm
from standards.runbook.files import MAX_SOURCE_BYTES, RepoFiles
from standards.runbook.model import BaseClass, TestLayout
from standards.sampling import sample

MAX_PARSED = 400  # test files read per language: a fixed spread sample
RB_CLASS = re.compile(r"^\s*class\s+([\w:]+)\s*<\s*([\w:]+)")
RB_DESCRIBE = re.compile(r"^(RSpec\.describe|describe)\b")
JS_IMPORT = re.compile(r"""(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']([^"'\n]+)["']""")
TEST_CLASS = re.compile(r"(Test|Tests|TestCase|Spec)$")
RB_HELPERS = ("spec/spec_helper.rb", "spec/rails_helper.rb", "test/test_helper.rb", "test/helper.rb")
JS_RUNNERS = ("vitest", "jest", "mocha", "ava", "tap")


def _counted(values: Iterable[str]) -> list[tuple[str, int]]:
    return Counter(values).most_common(4)


def _place(glob: str) -> str:
    return glob.rsplit("/", 1)[0] + "/"


def _naming(glob: str) -> str:
    return glob.rsplit("/", 1)[1]


def _example(paths: list[str], globs: dict[str, str]) -> str:
    top = Counter(globs[p] for p in paths).most_common(1)[0][0]
    return min(p for p in paths if globs[p] == top)


def ruby(repo: RepoFiles) -> TestLayout | None:
    paths = [f for f in repo.files if f.endswith(".rb") and roles.is_test(f) and not is_vendored(f)]
    if not paths:
        return None
    chosen = sample(paths, MAX_PARSED)
    frameworks: Counter[str] = Counter()
    tests: list[str] = []
    bases: Counter[str] = Counter()
    defined: dict[str, tuple[str, int]] = {}
    for rel in chosen:
        text = repo.text(rel, MAX_SOURCE_BYTES)
        if text is None:
            continue
        framework = rb_tests.framework_of(_rb_file(rel, text))
        for number, line in enumerate(text.split("\n"), start=1):
            match = RB_CLASS.match(line)
            if match:
                defined.setdefault(match.group(1), (rel, number))
                if framework and TEST_CLASS.search(match.group(1)):
                    bases[match.group(2)] += 1
        if framework:
            frameworks[framework] += 1
            tests.append(rel)
    if not tests:
        return TestLayout("ruby", "", 0)
    framework, count = frameworks.most_common(1)[0]
    named = [p for p in paths if PurePosixPath(p).stem.endswith(rb_tests.SUFFIXES)] or tests
    globs = {p: rb_tests.layout_of(p) for p in named}
    return TestLayout(
        "ruby",
        framework,
        files=len(named),
        framework_evidence=f"{count} of {len(tests)} test files read",
        places=_counted(_place(g) for g in globs.values()),
        naming=_counted(_naming(g) for g in globs.values()),
        base_classes=[
            BaseClass(name, uses, *defined.get(name, ("", 0))) for name, uses in bases.most_common(3) if uses >= 2
        ]
        if framework == "minitest"
        else [],
        helpers=_ruby_helpers(repo),
        example=_example([p for p in tests if p in globs] or named, globs),
    )


def _rb_file(rel: str, text: str) -> RbFile:
    """The facts rb_tests decides a file's framework from, read from lines (a top-level
    ``describe``, a class deriving from a minitest base) rather than from a full parse."""
    lines = text.split("\n")
    styles = []
    for number, line in enumerate(lines, start=1):
        match = RB_CLASS.match(line)
        if RB_DESCRIBE.match(line):
            styles.append((number, "rspec"))
        elif match and MINITEST_BASES.search(match.group(2)):
            styles.append((number, "minitest"))
    return RbFile(path=rel, lines=lines, is_test=True, test_styles=styles)


def _js_file(rel: str, text: str) -> JsFile:
    """The imports js_tests decides a file's framework from, read with a pattern."""
    language = LANGUAGE_BY_SUFFIX.get("." + rel.rpartition(".")[2], "javascript")
    return JsFile(path=rel, language=language, lines=[], is_test=True, imports=set(JS_IMPORT.findall(text)))


def _ruby_helpers(repo: RepoFiles) -> list[tuple[str, int]]:
    out = [(rel, 1) for rel in RB_HELPERS if repo.has(rel)]
    support = sum(1 for f in repo.files if f.startswith(("spec/support/", "test/support/")) and f.endswith(".rb"))
    if support:
        out.append(("spec/support/" if repo.has("spec/spec_helper.rb") else "test/support/", support))
    factories = sum(1 for f in repo.files if "/factories/" in f"/{f}" and f.endswith(".rb"))
    if factories:
        out.append(("factories (FactoryBot)", factories))
    fixtures = sum(1 for f in repo.files if f.startswith(("test/fixtures/", "spec/fixtures/")) and f.endswith(".yml"))
    if fixtures:
        out.append(("fixtures (*.yml)", fixtures))
    return out


def javascript(repo: RepoFiles) -> TestLayout | None:
    paths = [
        f
        for f in repo.files
        if LANGUAGE_BY_SUFFIX.get("." + f.rpartition(".")[2]) in ("javascript", "typescript")
        and roles.is_test(f)
        and not is_vendored(f)
    ]
    if not paths:
        return None
    declared = _declared_runner(repo)
    chosen = sample(paths, MAX_PARSED)
    frameworks: Counter[str] = Counter()
    for rel in chosen:
        text = repo.text(rel, MAX_SOURCE_BYTES)
        if text is not None:
            frameworks[js_tests.framework_of(_js_file(rel, text), declared)] += 1
    known = Counter({k: v for k, v in frameworks.items() if k != "unknown"})
    if not known:
        return TestLayout("javascript", "", len(paths))
    framework, count = known.most_common(1)[0]
    globs = {p: js_tests.layout_of(p) for p in paths}
    return TestLayout(
        "javascript",
        framework,
        files=len(paths),
        framework_evidence=f"{count} of {sum(frameworks.values())} test files read"
        + (f"; {declared} declared in package.json" if declared != "unknown" else ""),
        places=_counted(_place(g) for g in globs.values()),
        naming=_counted(_naming(g) for g in globs.values()),
        example=_example(paths, globs),
    )


def _declared_runner(repo: RepoFiles) -> str:
    loaded = npm.manifest(repo)
    if loaded is None:
        return "unknown"
    deps: set[str] = set()
    for key in ("devDependencies", "dependencies"):
        table = loaded[0].get(key)
        if isinstance(table, dict):
            deps |= set(table)
    return next((name for name in JS_RUNNERS if name in deps), "unknown")
