"""Ten councillors allocating the last £1,000 of a ward's neighbourhood CIL at the same instant
leave at most £1,000 allocated: the ward's account row is locked while each allocation checks
what is left. Meaningful on PostgreSQL (on SQLite one write transaction at a time keeps it)."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from assets.models import NeighbourhoodCilAllocation, NeighbourhoodCilWard
from assets.services import neighbourhood_cil as ncil
from assets.tests.contributions_factories import TransactionFactory, cil_agreement, ward
from localism.core.errors import Invalid
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_plans import PriorityFactory

REQUESTS = 10


@pytest.mark.usefixtures("birmingham_wards")
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite takes one write transaction at a time: the row lock matters on PostgreSQL.")
def test_ten_allocations_of_the_last_thousand_pounds_allocate_it_once():
    sparkbrook = ward()
    NeighbourhoodCilWard.objects.create(ward=sparkbrook, council_tax_dwellings=10_000)
    # 15% of £20,000 = £3,000; £2,000 already allocated leaves the last £1,000.
    TransactionFactory(contribution=cil_agreement(), amount=Decimal("20000"), start_date=datetime.date(2026, 5, 1))
    councillors = [CouncillorSeatFactory(ward=sparkbrook).councillor for _ in range(REQUESTS)]
    priority = PriorityFactory()
    ncil.neighbourhood_cil_allocate(user=councillors[0], ward=sparkbrook, period="2026/27", priority=priority,
                                    amount=Decimal("2000"), description="Earlier", on=datetime.date(2026, 6, 1))
    barrier = threading.Barrier(REQUESTS)
    answers = [None] * REQUESTS

    def allocate(n):
        try:
            barrier.wait()
            ncil.neighbourhood_cil_allocate(user=councillors[n], ward=sparkbrook, period="2026/27",
                                            priority=priority, amount=Decimal("1000"), description=f"Bid {n}",
                                            on=datetime.date(2026, 6, 2))
            answers[n] = "allocated"
        except Invalid:
            answers[n] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=allocate, args=(n,)) for n in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(answers) == ["allocated"] + ["refused"] * (REQUESTS - 1)
    total = sum(a.amount for a in NeighbourhoodCilAllocation.objects.all())
    assert total == Decimal("3000")
    assert ncil.available(sparkbrook, "2026/27") == 0
