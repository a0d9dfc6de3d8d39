"""Persistent records of the shop."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

DEFAULT_CURRENCY = "EUR"
MAX_LINES_PER_ORDER = 50


@dataclass
class Customer:
    customer_id: int
    email: str
    display_name: str = ""

    def greeting(self) -> str:
        """How emails to this customer start."""
        return f"Hello {self.display_name or self.email}"


@dataclass
class OrderLine:
    sku: str
    quantity: int
    unit_price: Decimal

    def total(self) -> Decimal:
        """The price of the line."""
        return self.unit_price * self.quantity


@dataclass
class Order:
    order_id: int
    customer: Customer
    lines: list[OrderLine] = field(default_factory=list)
    currency: str = DEFAULT_CURRENCY
    status: str = "open"

    def total(self) -> Decimal:
        """The price of the whole order."""
        return sum((line.total() for line in self.lines), Decimal("0"))

    def is_open(self) -> bool:
        """Whether lines may still be added."""
        return self.status == "open"

    def add_line(self, line: OrderLine) -> None:
        """Add a line, refusing more than the shop allows."""
        if len(self.lines) >= MAX_LINES_PER_ORDER:
            raise ValueError(f"an order holds at most {MAX_LINES_PER_ORDER} lines")
        self.lines.append(line)
