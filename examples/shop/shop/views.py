"""HTTP handlers: thin, they call into shop.services."""

from __future__ import annotations

from decimal import Decimal

from shop.models import Customer
from shop.services.orders import close_order, place_order
from shop.services.pricing import format_price


def create_order(payload: dict) -> dict:
    """POST /orders"""
    customer = Customer(customer_id=payload["customer_id"], email=payload["email"])
    items = [
        (i["sku"], int(i["quantity"]), Decimal(i["unit_price"]))
        for i in payload["items"]
    ]
    order = place_order(payload["order_id"], customer, items)
    return {"order_id": order.order_id, "lines": len(order.lines)}


def checkout(order) -> dict:
    """POST /orders/<id>/checkout"""
    amount = close_order(order)
    return {"order_id": order.order_id, "amount": format_price(amount, order.currency)}
