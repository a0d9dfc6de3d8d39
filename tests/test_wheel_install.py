"""The built wheel, installed into a fresh virtualenv (no editable install, no checkout on
sys.path), runs `standards init` on a fixture repository, and the workflow it writes installs
the same distribution and version."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from _repo import make_repo, python_module

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def run(argv: list[str], cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)


def test_the_wheel_installs_and_writes_a_workflow_naming_itself(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist), str(REPO)], tmp_path)
    if built.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {built.stderr.strip()[-300:]}")
    wheel = next(dist.glob("house_standards-*.whl"))
    venv = tmp_path / "venv"
    assert run([sys.executable, "-m", "venv", str(venv)], tmp_path).returncode == 0
    python = venv / "bin" / "python"
    installed = run([str(python), "-I", "-m", "pip", "install", "--quiet", str(wheel)], tmp_path)
    if installed.returncode != 0 and "No matching distribution" in installed.stderr:
        pytest.skip("the package index is not reachable for the wheel's dependencies")
    assert installed.returncode == 0, installed.stderr
    where = run([str(python), "-I", "-c", "import standards; print(standards.__file__)"], tmp_path)
    assert str(venv) in where.stdout and str(REPO) not in where.stdout
    shown = run([str(python), "-I", "-m", "pip", "show", "house-standards"], tmp_path)
    version = next(line.split(":", 1)[1].strip() for line in shown.stdout.splitlines() if line.startswith("Version:"))
    repo = make_repo(tmp_path / "app", {f"app/m{i}.py": python_module(i) for i in range(6)})
    init = run([str(venv / "bin" / "standards"), "init", "--no-hooks"], repo)
    assert init.returncode == 0, init.stdout + init.stderr
    workflow = (repo / ".github/workflows/standards.yml").read_text()
    assert f'python -I -m pip install house-standards=={version}"' in workflow
