from __future__ import annotations

from pathlib import Path

from standards.rules import thin_controller
from tests.fixtures_web import added, run, standards_for, write
from tests.fixtures_web.apps import (
    FAT_FASTAPI_HANDLER,
    django_app,
    express_app,
    fastapi_app,
    rails_app,
)

ROUTES = "app/routes/orders.py"


def test_conventions_inferred_from_fastapi_app(tmp_path: Path) -> None:
    _, standards = standards_for(write(tmp_path, fastapi_app()))
    thin = standards.get("web.handlers.thin")
    service = standards.get("web.handlers.service_layer")
    assert thin is not None and thin.params["handlers"] == 8
    assert service is not None and service.value == "app/services/"
    assert service.params["example_call"] == "records.list_orders"
    assert "standards:thin-controller" in service.enforced_by


def test_fat_handler_querying_orm_directly_is_caught(tmp_path: Path) -> None:
    write(tmp_path, fastapi_app())
    diff = added(tmp_path, ROUTES, FAT_FASTAPI_HANDLER)
    findings = run(tmp_path, thin_controller.RULE, diff)
    messages = [f.message for f in findings]
    assert any("calls session.query directly" in m and "app/services/" in m for m in messages)
    assert any("bulk_orders has 62 statements" in m for m in messages)
    direct = next(f for f in findings if "directly" in f.message)
    assert direct.rule == "standards:thin-controller"
    assert direct.fix is not None and "records.list_orders" in direct.fix.description
    assert direct.source_line.startswith("rows = session.query(Order)")
    assert direct.anchor == "web-handlers-service-layer"


def test_copy_of_thin_handler_passes(tmp_path: Path) -> None:
    write(tmp_path, fastapi_app())
    diff = added(
        tmp_path,
        ROUTES,
        '\n\n@router.get("/archived/{user_id}")\ndef list_archived(user_id: int):\n'
        "    return records.list_orders(user_id)\n",
    )
    assert run(tmp_path, thin_controller.RULE, diff) == []


def test_only_the_change_is_reported(tmp_path: Path) -> None:
    write(tmp_path, fastapi_app())
    added(tmp_path, ROUTES, FAT_FASTAPI_HANDLER)
    diff = added(tmp_path, "app/routes/orders.py", "\n\n# a comment\n")
    assert run(tmp_path, thin_controller.RULE, diff) == []


def test_django_views_without_service_layer_only_judge_size(tmp_path: Path) -> None:
    files = django_app()
    write(tmp_path, files)
    _, standards = standards_for(tmp_path)
    assert standards.get("web.handlers.service_layer") is None
    assert run(tmp_path, thin_controller.RULE) == []
    body = "".join(f"    x{i} = Order.objects.get(code='c{i}')\n" for i in range(30))
    diff = added(tmp_path, "shop/views.py", f"\n\ndef fat_view(request):\n{body}    return x0\n")
    findings = run(tmp_path, thin_controller.RULE, diff)
    assert any("fat_view has 31 statements" in f.message for f in findings)
    assert any("30 ORM calls on Order" in f.message for f in findings)


def test_rails_action_reaching_active_record_is_caught(tmp_path: Path) -> None:
    write(tmp_path, rails_app())
    diff = added(
        tmp_path,
        "app/controllers/reports_controller.rb",
        "class ReportsController < ApplicationController\n"
        "  def index\n    @orders = Order.where(state: params[:state])\n  end\nend\n",
    )
    findings = run(tmp_path, thin_controller.RULE, diff)
    assert [f.line for f in findings] == [3]
    assert "Order.where" in findings[0].message and "app/services/" in findings[0].message


def test_express_route_calling_knex_is_caught_and_service_call_passes(
    tmp_path: Path,
) -> None:
    write(tmp_path, express_app())
    diff = added(
        tmp_path,
        "src/routes/records.js",
        "router.get('/raw', (req, res) => {\n    res.json(knex('orders').where({state: 'x'}));\n});\n"
        "router.get('/ok', (req, res) => {\n    res.json(records.listOrders(req.user.id));\n});\n",
    )
    findings = run(tmp_path, thin_controller.RULE, diff)
    assert len(findings) == 1 and "knex" in findings[0].message
