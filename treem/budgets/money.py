"""Amounts in the Vietnamese way: 1.234.567 đ."""

from decimal import Decimal


def vnd_number(value):
    if value is None:
        return "—"
    value = int(Decimal(value).to_integral_value())
    return f"{value:,}".replace(",", ".")


def vnd(value):
    return f"{vnd_number(value)} đ"


def percent(part, whole):
    """One decimal with the Vietnamese comma, or None when there is no whole."""
    if not whole:
        return None
    return f"{Decimal(part) * 100 / Decimal(whole):.1f}".replace(".", ",")
