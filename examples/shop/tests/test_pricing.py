from __future__ import annotations

from decimal import Decimal

from shop.models import Customer
from shop.services.pricing import apply_discount, format_price, is_loyal, round_to_cent


def test_partner_domains_are_loyal():
    assert is_loyal(Customer(customer_id=1, email="a@example.com"))


def test_other_domains_are_not_loyal():
    assert not is_loyal(Customer(customer_id=2, email="a@example.net"))


def test_round_to_cent_rounds_half_up():
    assert round_to_cent(Decimal("1.005")) == Decimal("1.01")


def test_format_price_shows_currency():
    assert format_price(Decimal("3"), "EUR") == "3.00 EUR"


def test_discount_for_loyal_customers():
    customer = Customer(customer_id=3, email="c@example.org")
    assert apply_discount(Decimal("10.00"), customer) == Decimal("9.50")
