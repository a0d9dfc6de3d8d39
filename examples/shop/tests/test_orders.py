from __future__ import annotations

from decimal import Decimal

import pytest

from shop.models import Customer
from shop.services.orders import (
    OrderError,
    close_order,
    count_items,
    place_order,
    reopen_order,
)


def make_customer(email: str = "ada@example.net") -> Customer:
    return Customer(customer_id=1, email=email, display_name="Ada")


def test_place_order_adds_one_line_per_item():
    order = place_order(
        7, make_customer(), [("book", 2, Decimal("10.00")), ("pen", 1, Decimal("1.50"))]
    )
    assert len(order.lines) == 2
    assert count_items(order) == 3


def test_place_order_refuses_zero_quantity():
    with pytest.raises(OrderError):
        place_order(8, make_customer(), [("book", 0, Decimal("10.00"))])


def test_close_order_applies_loyalty_discount():
    order = place_order(
        9, make_customer("bo@example.org"), [("book", 1, Decimal("100.00"))]
    )
    assert close_order(order) == Decimal("95.00")


def test_close_order_twice_fails():
    order = place_order(10, make_customer(), [("book", 1, Decimal("5.00"))])
    close_order(order)
    with pytest.raises(OrderError):
        close_order(order)


def test_reopen_order_allows_new_lines():
    order = place_order(11, make_customer(), [("book", 1, Decimal("5.00"))])
    close_order(order)
    reopen_order(order)
    assert order.is_open()
