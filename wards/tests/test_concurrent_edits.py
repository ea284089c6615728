"""Two councillors press Save on the same priority at the same instant: one save wins, the other
is refused as stale, on SQLite (its write lock) and on PostgreSQL (the row lock) alike."""

import threading

import pytest
from django.db import connection

from localism.core.errors import StaleEdit
from wards import services
from wards.models import Priority
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_plans import PriorityFactory


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_of_one_version(birmingham_wards):
    priority = PriorityFactory(title="Before")
    users = [CouncillorSeatFactory().councillor for _ in range(4)]
    barrier = threading.Barrier(len(users))
    outcomes = []

    def save(user, n):
        try:
            barrier.wait()
            services.priority_update(priority=priority, user=user, version=1, title=f"Edit {n}", description="",
                                     theme=priority.theme, source=priority.source)
            outcomes.append("saved")
        except StaleEdit:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(u, n)) for n, u in enumerate(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["saved", "stale", "stale", "stale"]
    stored = Priority.objects.get(pk=priority.pk)
    assert stored.version == 2
    assert stored.history.count() == 2  # the original and the one save that won
