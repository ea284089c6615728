from decimal import Decimal

import pytest
from django.core.cache import cache

from localism.core import throttle
from localism.core.numbers import PENNY, half_up


@pytest.mark.parametrize(("value", "places", "shown"), [
    ("2.5", "1", Decimal("3")),         # Python's round() would give 2
    ("3.5", "1", Decimal("4")),
    ("-2.5", "1", Decimal("-3")),       # away from zero
    ("0.125", PENNY, Decimal("0.13")),
    ("12.34", "0.1", Decimal("12.3")),
])
def test_halves_round_away_from_zero(value, places, shown):
    assert half_up(Decimal(value), places) == shown


def test_counts_start_at_one_and_keep_per_key():
    cache.clear()
    key = throttle.client_key("test:count", "192.0.2.1")
    other = throttle.client_key("test:count", "192.0.2.2")
    assert throttle.count_so_far(key) == 0
    assert [throttle.count_one_more(key) for _ in range(3)] == [1, 2, 3]
    assert throttle.count_so_far(key) == 3
    assert throttle.count_so_far(other) == 0


def test_a_key_holds_no_address_in_the_clear():
    key = throttle.client_key("register", "someone@example.org")
    assert "someone" not in key and key.startswith("register:")
