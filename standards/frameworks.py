"""Detect the frameworks a repository uses, from manifests and imports, without running
anything. Returns framework name -> a few pieces of evidence ("pyproject.toml: django")."""

from __future__ import annotations

import json
import re
from pathlib import Path

from standards import fsutil, roles
from standards.discovery import Discovery

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
RUBY_GEMS = {"rails": "rails", "activerecord": "rails", "rspec": "rspec", "minitest": "minitest", "sinatra": "sinatra"}

_IMPORT = re.compile(r"^\s*(?:from|import)\s+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)
_REQ_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)", re.MULTILINE)
_GEM = re.compile(r"""^\s*gem\s+['"]([A-Za-z0-9_-]+)['"]""", re.MULTILINE)
MAX_IMPORT_SCAN = 400  # python files scanned for imports


def detect(root: Path, discovery: Discovery) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}

    def note(name: str, evidence: str) -> None:
        spots = found.setdefault(name, [])
        if len(spots) < 3 and evidence not in spots:
            spots.append(evidence)

    names = set(discovery.other_files) | {f.path for f in discovery.files}
    for manifest in ("pyproject.toml", "setup.cfg", "setup.py", "Pipfile"):
        if manifest in names:
            _scan_requirements(_read(root / manifest), manifest, PYTHON_PACKAGES, note)
    for rel in sorted(names):
        if re.fullmatch(r"(requirements[^/]*|[^/]*/requirements[^/]*)\.(txt|in)", rel):
            _scan_requirements(_read(root / rel), rel, PYTHON_PACKAGES, note)
    if "package.json" in names:
        _scan_package_json(_read(root / "package.json"), note)
    if "Gemfile" in names:
        for gem in _GEM.findall(_read(root / "Gemfile")):
            if gem in RUBY_GEMS:
                note(RUBY_GEMS[gem], f"Gemfile: {gem}")
    library = [f for f in discovery.of("python") if roles.role(f.path) not in ("test", "docs", "example")]
    for f in library[:MAX_IMPORT_SCAN]:
        data = discovery.contents.get(f.path)  # read already by discovery (left for the context)
        text = fsutil.decode(data[:20_000]) if data is not None else _read(root / f.path, limit=20_000)
        for mod in set(_IMPORT.findall(text)):
            if mod.lower() in PYTHON_PACKAGES:
                note(PYTHON_PACKAGES[mod.lower()], f"{f.path}: import {mod}")
    if "manage.py" in names or any(n.endswith("/manage.py") for n in names):
        note("django", "manage.py")
    if "alembic.ini" in names or any(n.endswith("/alembic.ini") for n in names):
        note("alembic", "alembic.ini")
    if "config/routes.rb" in names or "db/schema.rb" in names:
        note("rails", "config/routes.rb" if "config/routes.rb" in names else "db/schema.rb")
    return dict(sorted(found.items()))


def _read(path: Path, limit: int = 2_000_000) -> str:
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > limit * 4:
            return ""
        return fsutil.read_text(path)[:limit]
    except OSError:
        return ""


def _scan_requirements(text: str, where: str, table: dict[str, str], note) -> None:
    for token in re.findall(r"[\"']?([A-Za-z0-9][A-Za-z0-9_.-]*)(?=[\s\"'<>=!~;\[,]|$)", text):
        key = token.lower()
        if key in table:
            note(table[key], f"{where}: {token}")


def _scan_package_json(text: str, note) -> None:
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return
    if not isinstance(data, dict):
        return
    for section in ("dependencies", "devDependencies", "peerDependencies"):
        deps = data.get(section)
        if isinstance(deps, dict):
            for name in deps:
                if name in JS_PACKAGES:
                    note(JS_PACKAGES[name], f"package.json: {name}")
