"""Writes at the same instant: two councillors saving one priority, two plans started for one ward
and year, priorities added to one plan. Each test says which database proves it."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from localism.core.errors import StaleEdit
from wards import services
from wards.models import Priority, Source, Theme, Ward, WardPlan
from wards.services.plans import PLAN_EXISTS
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_plans import PriorityFactory, WardPlanFactory

ON_POSTGRESQL = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="proved on PostgreSQL; SQLite serialises writers")


def at_once(work, arguments) -> list[str]:
    """Run `work(*args)` in one thread per arguments, released together; their outcomes."""
    barrier = threading.Barrier(len(arguments))
    outcomes = []

    def run(*args):
        try:
            barrier.wait()
            outcomes.append(work(*args))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=args) for args in arguments]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_of_one_version(birmingham_wards):
    """On SQLite (its write lock) and on PostgreSQL (the row lock) alike."""
    priority = PriorityFactory(title="Before")
    users = [CouncillorSeatFactory().councillor for _ in range(4)]

    def save(user, n):
        try:
            services.priority_update(priority=priority, user=user, version=1, title=f"Edit {n}", description="",
                                     theme=priority.theme, source=priority.source)
            return "saved"
        except StaleEdit:
            return "stale"

    outcomes = at_once(save, [(u, n) for n, u in enumerate(users)])
    assert sorted(outcomes) == ["saved", "stale", "stale", "stale"]
    stored = Priority.objects.get(pk=priority.pk)
    assert stored.version == 2
    assert stored.history.count() == 2  # the original and the one save that won


@ON_POSTGRESQL
def test_two_plans_for_one_ward_and_year_at_once(transactional_db, birmingham_wards):
    sparkbrook = Ward.objects.current().get(gss_code="E05011170")
    councillors = [CouncillorSeatFactory(ward=sparkbrook).councillor for _ in range(2)]

    def start(user, n):
        try:
            services.ward_plan_create(user=user, wards=[sparkbrook], period="2026/27", title=f"Plan {n}")
            return "created"
        except ValidationError as error:
            return error.message_dict["period"][0]

    outcomes = at_once(start, [(u, n) for n, u in enumerate(councillors)])
    assert sorted(outcomes) == sorted(["created", PLAN_EXISTS.format(ward=sparkbrook.name, period="2026/27")])
    assert WardPlan.objects.filter(wards=sparkbrook, period="2026/27").count() == 1


@ON_POSTGRESQL
def test_priorities_added_at_once_get_ranks_one_after_another(transactional_db, birmingham_wards):
    plan = WardPlanFactory()
    councillors = [CouncillorSeatFactory().councillor for _ in range(4)]

    def add(user, n):
        services.priority_create(plan=plan, user=user, title=f"Priority {n}", description="", theme=Theme.HOUSING,
                                 source=Source.FORUM)
        return "added"

    assert at_once(add, [(u, n) for n, u in enumerate(councillors)]) == ["added"] * 4
    assert sorted(plan.priorities.values_list("position", flat=True)) == [1, 2, 3, 4]
