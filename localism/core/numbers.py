"""Rounding, the one way the product rounds what it shows: to the nearest, halves away from zero
(as people and spreadsheets round money and percentages), not Python's round-half-to-even."""

from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")


def half_up(value, places: str | Decimal = "1") -> Decimal:
    """`value` to the step `places` ("1", "0.1", PENNY), halves away from zero."""
    return Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP)
