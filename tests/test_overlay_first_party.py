"""A change's base is linted in a scratch mirror that holds only the files being judged; ruff's
isort tells first-party imports from third-party ones by looking for the modules on disk. The
mirror carries empty stand-ins for the repository's modules, so the base is judged as in the
repository: a change that unsorts imports blocks (it is not passed off as older debt), and a
base that really had unsorted imports still makes them a warning."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from standards.check import import_stubs, versions
from standards.discovery import discover
from tests._escape import heads
from tests._repo import git, make_repo, standards, write

SERVICE = '''"""Service."""

import json
import os

import requests

from app.errors import AppError
from app.models import Item


def load(path: str) -> Item:
    """Load an item."""
    if not os.path.exists(path):
        raise AppError(path)
    with open(path) as fh:
        data = json.load(fh)
    requests.get("https://example.org", timeout=5)
    return Item(data["name"])
'''

MODELS = '''"""Models."""

import dataclasses

from app.errors import AppError


@dataclasses.dataclass
class Item:
    """An item."""

    name: str

    def check(self) -> None:
        """Refuse an empty name."""
        if not self.name:
            raise AppError("empty")
'''

WORKER = '''"""Worker {i}."""

import logging
import os

import requests

from app.errors import AppError
from app.models import Item

logger = logging.getLogger(__name__)


def run_{i}(name: str) -> Item:
    """Run job {i}."""
    if not name:
        raise AppError(os.sep)
    logger.info("%s", requests.__name__)
    return Item(name)
'''

FILES = {
    "app/__init__.py": '"""The app."""\n',
    "app/errors.py": '"""Errors."""\n\n\nclass AppError(Exception):\n    """An error of the app."""\n',
    "app/models.py": MODELS,
    "app/service.py": SERVICE,
    **{f"app/worker_{i}.py": WORKER.format(i=i) for i in range(10)},
    "pyproject.toml": '[project]\nname = "app"\nversion = "1.0"\nrequires-python = ">=3.10"\n',
}

# the first-party import moved into the standard library's block: unsorted in the repository
UNSORTED = SERVICE.replace("import os\n", "import os\nfrom app.models import Item\n", 1).replace(
    "from app.models import Item\n\n\n", "\n\n", 1
)
# real I001s of a base: one whatever the modules are, one only because `app` is first-party
LEGACY = {
    "stdlib out of order": SERVICE.replace("import json\nimport os\n", "import os\nimport json\n", 1),
    "first-party glued to third-party": SERVICE.replace("import requests\n\n", "import requests\n", 1),
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package, adopted, with sorted imports a blocking convention."""
    root = make_repo(tmp_path_factory.mktemp("template") / "repo", FILES)
    out = standards(root, "init", "--no-hooks")
    assert out.returncode == 0, out.stdout + out.stderr
    toml = (root / "standards.toml").read_text()
    section = toml.index('[conventions."py.imports.sorted"]')
    after = toml[section:]
    level = after.index("\nlevel = ")
    end = after.index("\n", level + 1)
    write(root, {"standards.toml": toml[:section] + after[:level] + '\nlevel = "error"' + after[end:]})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Adopt standards", "--no-verify")
    return root


def adopted(template: Path, tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(template, root, symlinks=True)
    return root


def test_the_fixture_sorts_its_imports_as_a_blocking_convention(template: Path) -> None:
    out = standards(template, "check", "--all")
    assert out.returncode == 0, out.stdout
    assert "ruff:I001" not in out.stdout


@pytest.mark.parametrize("partial", [False, True], ids=["staged", "partly staged"])
def test_unsorting_first_party_imports_blocks(template: Path, tmp_path: Path, partial: bool) -> None:
    root = adopted(template, tmp_path)
    write(root, {"app/service.py": UNSORTED})
    git(root, "add", "app/service.py")
    if partial:  # the work tree differs from the index: the staged bytes are linted in the mirror too
        write(root, {"app/service.py": UNSORTED + "\n\nLIMIT = 3\n"})
    out = standards(root, "check", "--staged")
    assert out.returncode == 1, out.stdout
    shown = heads(out.stdout)
    assert "app/service.py:3  ruff:I001  error" in shown, out.stdout
    assert "already in this file before the change" not in out.stdout


@pytest.mark.parametrize("legacy", sorted(LEGACY))
def test_unsorted_imports_the_base_had_stay_a_warning(template: Path, tmp_path: Path, legacy: str) -> None:
    root = adopted(template, tmp_path)
    write(root, {"app/service.py": LEGACY[legacy]})
    git(root, "add", "app/service.py")
    git(root, "commit", "-q", "-m", "Debt that skipped the hook", "--no-verify")
    assert "ruff:I001" in standards(root, "check", "app/service.py").stdout  # a real I001 in the repository
    write(root, {"app/service.py": LEGACY[legacy] + "\n\nLIMIT = 3\n"})
    git(root, "add", "app/service.py")
    out = standards(root, "check", "--staged")
    assert out.returncode == 0, out.stdout
    shown = heads(out.stdout)
    assert "ruff:I001  warning" in shown and "already in this file before the change" in shown, out.stdout


def test_the_mirror_holds_empty_stand_ins_only_for_imported_modules(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "r",
        {
            "src/app/__init__.py": "X = 1\n",
            "src/app/errors.py": "class AppError(Exception):\n    pass\n",
            "src/app/models/__init__.py": "Y = 2\n",
            "src/app/models/item.pyi": "Z: int\n",
            "src/app/unused.py": "W = 3\n",
            "lib/tool.py": "V = 4\n",
            "README.md": "# app\n",
        },
    )
    body = (
        b"import os, lib.tool as t\nfrom app.errors import AppError\nfrom app.models.item import Z\nfrom . import x\n"
    )
    with versions.overlay(root, {"src/app/service.py": body}, [], discover(root, read_contents=False)) as scratch:
        made = sorted(str(p.relative_to(scratch)) for p in scratch.rglob("*"))
        assert made == [
            "lib",
            "lib/tool.py",
            "src",
            "src/app",
            "src/app/__init__.py",
            "src/app/errors.py",
            "src/app/models",
            "src/app/models/item.pyi",
            "src/app/service.py",
        ]
        assert (scratch / "src/app/service.py").read_bytes() == body
        stand_ins = [p for p in made if p.endswith((".py", ".pyi")) and p != "src/app/service.py"]
        assert stand_ins and all((scratch / p).stat().st_size == 0 for p in stand_ins)  # no repository byte


def test_a_stand_in_never_replaces_a_mirrored_file(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", {"app/__init__.py": "X = 1\n", "app/errors.py": "E = 1\n", "app/a.py": ""})
    contents = {"app/a.py": b"from app.errors import E\n", "app/errors.py": b"E = 2\n", "app/__init__.py": b"X = 2\n"}
    with versions.overlay(root, contents, [], discover(root, read_contents=False)) as scratch:
        assert {p: (scratch / p).read_bytes() for p in contents} == contents


def test_imports_are_read_from_every_form() -> None:
    text = (
        "import a.b as c, d\nfrom e.f import (g,\n    h)\n    from i import j  # nested\nimport k; import l\n"
        "from .m import n\nfrom . import o\nimport p, \\\n    q\n"
    )
    assert import_stubs.imported_modules(text) == {"a.b", "d", "e.f", "i", "k", "l", "p", "q"}
