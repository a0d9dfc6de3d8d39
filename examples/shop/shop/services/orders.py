"""Placing and closing orders."""

from __future__ import annotations

import logging
from decimal import Decimal

from shop.models import Customer, Order, OrderLine
from shop.services.pricing import apply_discount

logger = logging.getLogger(__name__)


class OrderError(Exception):
    """An order cannot be placed as asked."""


def place_order(
    order_id: int, customer: Customer, items: list[tuple[str, int, Decimal]]
) -> Order:
    """Create an order with one line per (sku, quantity, unit price)."""
    order = Order(order_id=order_id, customer=customer)
    for sku, quantity, unit_price in items:
        if quantity <= 0:
            raise OrderError(f"quantity of {sku} must be positive, not {quantity}")
        order.add_line(OrderLine(sku=sku, quantity=quantity, unit_price=unit_price))
    logger.info("placed order %s with %d lines", order_id, len(order.lines))
    return order


def close_order(order: Order) -> Decimal:
    """Close an open order and return what the customer pays."""
    if not order.is_open():
        raise OrderError(f"order {order.order_id} is already {order.status}")
    order.status = "closed"
    return apply_discount(order.total(), order.customer)


def reopen_order(order: Order) -> None:
    """Reopen a closed order so that lines can be added again."""
    if order.is_open():
        return
    order.status = "open"
    logger.info("reopened order %s", order.order_id)


def count_items(order: Order) -> int:
    """How many items the order holds, all lines together."""
    return sum(line.quantity for line in order.lines)
