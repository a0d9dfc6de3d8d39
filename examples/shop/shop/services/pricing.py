"""Prices and discounts."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from shop.models import Customer

LOYAL_DOMAINS = ("example.org", "example.com")
LOYALTY_RATE = Decimal("0.05")
CENT = Decimal("0.01")


def is_loyal(customer: Customer) -> bool:
    """Customers from partner domains get the loyalty rate."""
    return customer.email.rsplit("@", 1)[-1] in LOYAL_DOMAINS


def apply_discount(amount: Decimal, customer: Customer) -> Decimal:
    """The amount after the customer's discount, rounded to the cent."""
    if is_loyal(customer):
        amount = amount * (1 - LOYALTY_RATE)
    return round_to_cent(amount)


def round_to_cent(amount: Decimal) -> Decimal:
    """Round half up, as the accountants do."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_price(amount: Decimal, currency: str) -> str:
    """A price as shown on an invoice."""
    return f"{round_to_cent(amount)} {currency}"
