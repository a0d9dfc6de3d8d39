"""Detect the frameworks a repository uses from the code that uses them, without running
anything. Returns framework name -> a few pieces of evidence ("app/views.py: import flask").

A framework is named because the code imports or requires it (or, for a test runner, because
the project runs it: a conftest.py, a package.json script, its config file, or it is the one
runner pinned and there are tests for it to run), never because a file name or a pin exists.
Test files name only test runners (their other imports may be fixtures written as text), and
text in triple-quoted Python strings is not code. So a Flask app with a ``manage.py`` is not
Django, and a package pinned in requirements.txt that no module imports is listed under
``"<name> (pinned, not imported)"``, so the playbook can say so without calling it a framework
of the project.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from standards import fsutil, roles
from standards.discovery import Discovery

PINNED = " (pinned, not imported)"  # the key suffix of a dependency no code imports
PYTHON_PACKAGES = {
    "django": "django",
    "flask": "flask",
    "fastapi": "fastapi",
    "sqlalchemy": "sqlalchemy",
    "flask_sqlalchemy": "sqlalchemy",
    "flask-sqlalchemy": "sqlalchemy",
    "alembic": "alembic",
    "flask_migrate": "alembic",
    "flask-migrate": "alembic",
    "celery": "celery",
    "pytest": "pytest",
    "starlette": "starlette",
    "sanic": "sanic",
    "falcon": "falcon",
    "pyramid": "pyramid",
    "aiohttp": "aiohttp",
}
JS_PACKAGES = {
    "express": "express",
    "knex": "knex",
    "@prisma/client": "prisma",
    "prisma": "prisma",
    "mongoose": "mongoose",
    "fastify": "fastify",
    "koa": "koa",
    "react": "react",
    "jest": "jest",
    "mocha": "mocha",
    "vitest": "vitest",
    "typescript": "typescript",
    "mysql": "mysql",
    "mysql2": "mysql",
    "pg": "postgres",
}
JS_RUNNERS = {"jest", "mocha", "vitest"}  # used as globals: named in a script or by a config file
RUBY_GEMS = {"rails": "rails", "activerecord": "rails", "rspec": "rspec", "minitest": "minitest", "sinatra": "sinatra"}
RUBY_USE = {  # what Ruby code that uses the gem says
    "rails": re.compile(
        r"""^\s*require\s+['"](rails|rails/all|active_record/railtie|action_controller/railtie)['"]"""
        r"|\bRails\.application\b|<\s*(ActiveRecord::Base|ActionController::Base|ActiveRecord::Migration)\b",
        re.MULTILINE,
    ),
    "rspec": re.compile(
        r"""\bRSpec\.(describe|configure)\b|^\s*require\s+['"](rspec|rails_helper|spec_helper)""", re.M
    ),
    "minitest": re.compile(
        r"""\bMinitest::(Test|Spec)\b|ActiveSupport::TestCase|^\s*require\s+['"]minitest""", re.MULTILINE
    ),
    "sinatra": re.compile(r"""^\s*require\s+['"]sinatra|\bSinatra::(Base|Application)\b""", re.MULTILINE),
}

_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+([A-Za-z_]\w*)|import[ \t]+([A-Za-z_][\w \t.,]*))", re.MULTILINE)
_JS_IMPORT = re.compile(
    r"""(?:\brequire\s*\(\s*|\bimport\s*\(\s*|\bfrom\s+|^\s*import\s+)['"]((?:@[\w.-]+/)?[\w.-]+)[^'"]*['"]""",
    re.MULTILINE,
)
_REQ_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)", re.MULTILINE)
_GEM = re.compile(r"""^\s*gem\s+['"]([A-Za-z0-9_-]+)['"]""", re.MULTILINE)
MAX_IMPORT_SCAN = 500  # source files scanned per language family (every `standards check` detects too)
MAX_TEST_SCAN = 50  # test files scanned besides them (openstreetmap-website: 556 app files before its tests)
SCAN_BYTES = 8_000  # imports sit at the top of a file
NOT_THE_PROJECT = frozenset({"docs", "example"})  # roles whose imports say nothing about the project
RUNNERS = frozenset({"pytest", "jest", "mocha", "vitest", "rspec", "minitest"})  # named from test files too
TRIPLE_QUOTES = ('"' * 3, "'" * 3)  # docstrings and fixture text, not code
PYTEST_FILES = ("pytest.ini", "conftest.py")

Note = Callable[[str, str], None]  # (framework, evidence)


def detect(root: Path, discovery: Discovery) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    pinned: dict[str, list[str]] = {}

    def collect(into: dict[str, list[str]]) -> Note:
        def note(name: str, evidence: str) -> None:
            spots = into.setdefault(name, [])
            if len(spots) < 3 and evidence not in spots:
                spots.append(evidence)

        return note

    pin, use = collect(pinned), collect(found)
    names = set(discovery.other_files) | {f.path for f in discovery.files}
    if "pyproject.toml" in names:
        _scan_requirements(
            pyproject_requirements(_read(root, "pyproject.toml")), "pyproject.toml", PYTHON_PACKAGES, pin
        )
    for manifest in ("setup.cfg", "setup.py", "Pipfile"):
        if manifest in names:
            _scan_requirements(_read(root, manifest), manifest, PYTHON_PACKAGES, pin)
    for rel in sorted(names):
        if re.fullmatch(r"(requirements[^/]*|[^/]*/requirements[^/]*)\.(txt|in)", rel):
            _scan_requirements(_read(root, rel), rel, PYTHON_PACKAGES, pin)
    package = _package_json(_read(root, "package.json")) if "package.json" in names else {}
    for name in _dependencies(package):
        pin(JS_PACKAGES[name], f"package.json: {name}")
    if "Gemfile" in names:
        for gem in _GEM.findall(_read(root, "Gemfile")):
            if gem in RUBY_GEMS:
                pin(RUBY_GEMS[gem], f"Gemfile: {gem}")
    _python_use(root, discovery, use)
    _javascript_use(root, discovery, package, names, use)
    _ruby_use(root, discovery, use)
    if "pytest" not in found:
        marker = next((n for n in sorted(names) if PurePosixPath(n).name in PYTEST_FILES), "")
        tests = [f.path for f in discovery.of("python") if roles.is_test(f.path) and not _outside_the_project(f.path)]
        if marker or "[tool.pytest" in (_read(root, "pyproject.toml") if "pyproject.toml" in names else ""):
            use("pytest", marker or "pyproject.toml: [tool.pytest...]")
        elif "pytest" in pinned and tests:  # the declared runner, and tests for it to run
            use("pytest", f"{pinned['pytest'][0]}, runs {len(tests)} test files")
    js_tests = [f.path for f in discovery.of("javascript", "typescript") if roles.is_test(f.path)]
    declared = [r for r in sorted(JS_RUNNERS) if r in pinned]
    if js_tests and len(declared) == 1 and not JS_RUNNERS & set(found):  # the one runner, and tests it runs
        use(declared[0], f"{pinned[declared[0]][0]}, runs {len(js_tests)} test files")
    for name, evidence in pinned.items():
        if name not in found:
            found[f"{name}{PINNED}"] = evidence
    return dict(sorted(found.items()))


def _sources(root: Path, discovery: Discovery, *languages: str) -> list[tuple[str, str, bool]]:
    """(path, head of the text, is a test) of the project's own source files in ``languages``:
    documentation and examples (a test directory inside ``examples/`` included) left out."""
    files = [f for f in discovery.of(*languages) if not _outside_the_project(f.path)]
    files.sort(key=lambda f: (roles.is_test(f.path), f.path.count("/"), f.path))  # app code and its entry points first
    code = [f for f in files if not roles.is_test(f.path)][:MAX_IMPORT_SCAN]
    tests = [f for f in files if roles.is_test(f.path)][: max(MAX_TEST_SCAN, MAX_IMPORT_SCAN - len(code))]
    out = []
    for f in code + tests:  # a test runner shows in the tests, however much app code comes first
        data = discovery.contents.get(f.path)  # read already by discovery (left for the context)
        text = fsutil.decode(data[:SCAN_BYTES]) if data is not None else _read(root, f.path, limit=SCAN_BYTES)
        out.append((f.path, text, roles.is_test(f.path)))
    return out


def _outside_the_project(path: str) -> bool:
    dirs = {part.lower() for part in PurePosixPath(path).parts[:-1]}
    return roles.role(path) in NOT_THE_PROJECT or bool(dirs & (roles.DOC_DIRS | roles.EXAMPLE_DIRS))


def _counts(name: str, is_test: bool) -> bool:
    """A test file names only test runners: its other imports may be fixtures written as text."""
    return not is_test or name in RUNNERS


def without_triple_quoted(text: str) -> str:
    """``text`` with its triple-quoted strings cut out (an unclosed one runs to the end)."""
    out, at = [], 0
    while True:
        starts = [(i, q) for q in TRIPLE_QUOTES if (i := text.find(q, at)) >= 0]
        if not starts:
            out.append(text[at:])
            return "".join(out)
        start, quote = min(starts)
        out.append(text[at:start])
        end = text.find(quote, start + 3)
        if end < 0:
            return "".join(out)
        at = end + 3


def python_imports(text: str) -> set[str]:
    """The top-level modules a Python source imports (``import a.b, c as d`` -> a, c); text in
    triple-quoted strings (docstrings, fixtures written as code) is not code."""
    out = set()
    for from_module, imported in _IMPORT.findall(without_triple_quoted(text)):
        if from_module:
            out.add(from_module)
            continue
        for part in imported.split(","):
            words = part.split()
            if words:
                out.add(words[0].split(".")[0])
    return out


def _python_use(root: Path, discovery: Discovery, use: Note) -> None:
    for path, text, is_test in _sources(root, discovery, "python"):
        for mod in sorted(python_imports(text)):
            if mod.lower() in PYTHON_PACKAGES and _counts(PYTHON_PACKAGES[mod.lower()], is_test):
                use(PYTHON_PACKAGES[mod.lower()], f"{path}: import {mod}")


def js_imports(text: str) -> set[str]:
    """The packages a JavaScript/TypeScript source imports or requires (``lodash/fp`` -> lodash)."""
    return set(_JS_IMPORT.findall(text))


def _javascript_use(root: Path, discovery: Discovery, package: dict, names: set[str], use: Note) -> None:
    sources = _sources(root, discovery, "javascript", "typescript")
    for path, text, is_test in sources:
        for name in sorted(js_imports(text)):
            if name in JS_PACKAGES and _counts(JS_PACKAGES[name], is_test):
                use(JS_PACKAGES[name], f"{path}: import {name}")
    scripts = package.get("scripts") if isinstance(package.get("scripts"), dict) else {}
    for runner in sorted(JS_RUNNERS):
        script = next((k for k, v in sorted(scripts.items()) if re.search(rf"\b{runner}\b", str(v))), "")
        prefix = ".mocharc" if runner == "mocha" else f"{runner}.config."
        config = next((n for n in sorted(names) if PurePosixPath(n).name.startswith(prefix)), "")
        if script:
            use(runner, f"package.json: scripts.{script} runs {runner}")
        elif config:
            use(runner, config)
    if discovery.of("typescript"):
        use("typescript", f"{len(discovery.of('typescript'))} TypeScript files")


def _ruby_use(root: Path, discovery: Discovery, use: Note) -> None:
    for path, text, is_test in _sources(root, discovery, "ruby"):
        for name, pattern in RUBY_USE.items():
            m = pattern.search(text) if _counts(name, is_test) else None
            if m:
                use(name, f"{path}: {m.group(0).strip()}")


def _package_json(text: str) -> dict:
    try:
        data = json.loads(text) if text else {}
    except (ValueError, RecursionError, MemoryError):
        return {}  # explicit_js reads package.json as configuration and names the problem
    return data if isinstance(data, dict) else {}


def _dependencies(data: dict) -> list[str]:
    out = []
    for section in ("dependencies", "devDependencies", "peerDependencies"):
        deps = data.get(section)
        if isinstance(deps, dict):
            out += [name for name in deps if name in JS_PACKAGES and name not in out]
    return out


def _read(root: Path, rel: str, limit: int = 2_000_000) -> str:
    """The first ``limit`` characters of a manifest or source file; "" when it is not a regular
    file in the repository or is too large (the analyzer that reads a config says why)."""
    try:
        return fsutil.read_repo_text(root, rel, limit * 4)[:limit]
    except fsutil.Unreadable:
        return ""


def pyproject_requirements(text: str) -> str:
    """The requirement strings a pyproject.toml declares (PEP 621 dependencies and extras,
    dependency groups, Poetry's and PDM's dependency tables), one per line: the project's own
    name, its scripts and its tool settings are not dependencies."""
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return ""
    found: list[str] = []

    def strings(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            for item in value:
                strings(item)
        elif isinstance(value, dict):
            for item in value.values():
                strings(item)

    def names(table: object) -> None:
        if isinstance(table, dict):
            found.extend(str(key) for key in table if key != "python")

    project = data.get("project", {}) if isinstance(data.get("project"), dict) else {}
    strings(project.get("dependencies"))
    strings(project.get("optional-dependencies"))
    groups = data.get("dependency-groups")
    if isinstance(groups, dict):
        strings([g for g in groups.values() if isinstance(g, list)])
    tool = data.get("tool", {}) if isinstance(data.get("tool"), dict) else {}
    poetry = tool.get("poetry", {}) if isinstance(tool.get("poetry"), dict) else {}
    names(poetry.get("dependencies"))
    names(poetry.get("dev-dependencies"))
    for group in (poetry.get("group") or {}).values() if isinstance(poetry.get("group"), dict) else []:
        if isinstance(group, dict):
            names(group.get("dependencies"))
    pdm = tool.get("pdm", {}) if isinstance(tool.get("pdm"), dict) else {}
    strings(pdm.get("dev-dependencies"))
    return "\n".join(found)


def _scan_requirements(text: str, where: str, table: dict[str, str], note: Note) -> None:
    for token in re.findall(r"[\"']?([A-Za-z0-9][A-Za-z0-9_.-]*)(?=[\s\"'<>=!~;\[,]|$)", text):
        key = token.lower()
        if key in table:
            note(table[key], f"{where}: {token}")
