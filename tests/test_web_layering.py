from __future__ import annotations

from pathlib import Path

from standards.rules import layering
from tests.fixtures_web import added, run, standards_for, write
from tests.fixtures_web.apps import NAMES, fastapi_app


def layered_app() -> dict[str, str]:
    files = fastapi_app()
    for name in NAMES:  # more modules per layer, importing down the grain
        files[f"app/routes/{name}_extra.py"] = f"from app.services.records import list_{name}s\n"
        files[f"app/services/{name}_calc.py"] = f"from app.models import {name.capitalize()}\n"
    return files


def test_layers_inferred(tmp_path: Path) -> None:
    _, standards = standards_for(write(tmp_path, layered_app()))
    conv = standards.get("web.layers")
    assert conv is not None and conv.value == "handler → service → model"
    assert conv.support[0] == conv.support[1] >= 10
    assert conv.params["roots"]["service"] == ["app/services/"]


def test_model_importing_a_route_is_caught(tmp_path: Path) -> None:
    write(tmp_path, layered_app())
    diff = added(tmp_path, "app/models.py", "\nfrom app.routes.orders import router\n")
    findings = run(tmp_path, layering.RULE, diff)
    assert len(findings) == 1
    assert findings[0].message.startswith("model code imports the handler layer (app/routes/orders.py)")


def test_import_down_the_grain_passes(tmp_path: Path) -> None:
    write(tmp_path, layered_app())
    diff = added(
        tmp_path,
        "app/routes/orders.py",
        "\nfrom app.services import records as again\n",
    )
    assert run(tmp_path, layering.RULE, diff) == []


def test_ruff_banned_api_params_per_directory(tmp_path: Path) -> None:
    _, standards = standards_for(write(tmp_path, layered_app()))
    ruff = standards.get("web.layers").params["ruff"]
    banned = ruff["app/services"]["lint.flake8-tidy-imports.banned-api"]
    assert "app.routes" in banned
