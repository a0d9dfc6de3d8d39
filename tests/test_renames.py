"""Naming findings say exactly what to rename a name to."""

from __future__ import annotations

from standards.check.renames import camel_case, cap_words, ruby_method_name, snake_case


def test_conversions() -> None:
    assert snake_case("chargeInvoice") == "charge_invoice"
    assert snake_case("HTTPServerError") == "http_server_error"
    assert camel_case("user_name") == "userName"
    assert camel_case("_private_thing") == "privateThing"
    assert cap_words("order_item") == "OrderItem"


def test_ruby_method_name() -> None:
    assert ruby_method_name("    def computeTotal(items)") == "computeTotal"
    assert ruby_method_name("  def self.buildIt") == "buildIt"
    assert ruby_method_name("x = 1") == ""
