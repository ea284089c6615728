"""Every kind of report runs the same number of queries for the city's 69 wards and for 8,000
generated ones (bench/scale.py builds both, with forums, meetings, plans, consultations, ideas,
hubs, occupiers, bookings, contracts and contributions): no query per ward, hub or booking."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import scale
from localism.reports import runs

pytestmark = pytest.mark.django_db
START, END = datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)


def _counts() -> dict[str, int]:
    counts = {}
    for kind in runs.kinds():
        with CaptureQueriesContext(connection) as queries:
            kind.build(START, END)
        counts[kind.code] = len(queries)
    return counts


def test_each_report_runs_as_many_queries_for_8000_wards_as_for_69():
    assert scale.build(wards=69, on=END, bookings=2_000)["wards"] == 69
    city = _counts()
    assert scale.build(wards=8_000, on=END, bookings=16_000, first=69)["wards"] == 8_000 - 69
    national = _counts()
    for code in city:
        print(f"{code}: {city[code]} queries for 69 wards, {national[code]} for 8,000")
    assert national == city
    assert set(city) >= {"hub_portfolio", "localism_coverage"}
