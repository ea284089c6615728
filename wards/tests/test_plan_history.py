"""A plan's history page shows every change: its wards, an action's partners and re-ranking
included, in a number of queries that does not grow with the changes."""

import datetime

import pytest
from django.utils.html import escape

from localism.accounts.tests.factories import OrganisationFactory
from wards import services
from wards.models import Source, Theme, Ward
from wards.tests.factories import CouncillorSeatFactory

pytestmark = pytest.mark.django_db

SBHE, BALSALL_HEATH_WEST = "E05011170", "E05011122"


def ward(code):
    return Ward.objects.current().get(gss_code=code)


@pytest.fixture
def councillor(client):
    """A councillor seated in both Balsall Heath wards, signed in."""
    seat = CouncillorSeatFactory(ward=ward(SBHE))
    CouncillorSeatFactory(ward=ward(BALSALL_HEATH_WEST), councillor=seat.councillor)
    client.force_login(seat.councillor)
    return seat.councillor


def make_plan(user, *, priorities=3, actions=1, period="2026/27"):
    plan = services.ward_plan_create(user=user, wards=[ward(SBHE)], period=period, title="Sparkbrook plan")
    made = []
    for n in range(priorities):
        priority = services.priority_create(plan=plan, user=user, title=f"Priority {n + 1}", description="",
                                            theme=Theme.HOUSING, source=Source.FORUM)
        for m in range(actions):
            services.action_create(priority=priority, user=user, description=f"Action {n + 1}.{m + 1}",
                                   partners=[OrganisationFactory(name=f"Partner {n + 1}.{m + 1}")],
                                   due_date=datetime.date(2027, 3, 31))
        made.append(priority)
    return plan, made


def history_page(client, plan) -> str:
    response = client.get(f"/plans/{plan.pk}/history/")
    assert response.status_code == 200
    return response.content.decode()


def change_row(label, old, new) -> str:
    return f"<strong>{label}</strong>: <del>{escape(old)}</del> → <ins>{escape(new)}</ins>"


def test_a_change_of_the_plans_wards_is_in_its_history(client, councillor):
    plan, _ = make_plan(councillor)
    services.ward_plan_update(plan=plan, user=councillor, version=plan.version,
                              wards=[ward(SBHE), ward(BALSALL_HEATH_WEST)])
    page = history_page(client, plan)
    assert change_row("Wards", "Sparkbrook & Balsall Heath East",
                      "Balsall Heath West, Sparkbrook & Balsall Heath East") in page
    assert escape(councillor.display_name) in page


def test_a_change_of_an_actions_partners_is_in_its_history(client, councillor):
    plan, priorities = make_plan(councillor)
    action = priorities[0].actions.get()
    police = OrganisationFactory(name="West Midlands Police (Sparkbrook)")
    services.action_update(action=action, user=councillor, version=action.version, description=action.description,
                           lead_organisation=None, partners=[police], due_date=action.due_date,
                           status=action.status)
    page = history_page(client, plan)
    assert "Changed action: Action 1.1" in page
    assert change_row("Partners", "Partner 1.1", "West Midlands Police (Sparkbrook)") in page


def test_re_ranking_is_in_the_history(client, councillor):
    plan, (first, second, third) = make_plan(councillor)
    services.priority_move(priority=third, user=councillor, direction="up")
    page = history_page(client, plan)
    assert "Changed priority: Priority 3" in page and change_row("Rank", "3", "2") in page
    assert "Changed priority: Priority 2" in page and change_row("Rank", "2", "3") in page
    # Removing the first priority moves the others up, and that is kept too.
    services.priority_delete(priority=first, user=councillor, version=first.version)
    page = history_page(client, plan)
    assert "Removed priority: Priority 1" in page
    assert change_row("Rank", "2", "1") in page  # Priority 3, ranked 2nd, is now 1st


def test_the_history_page_needs_the_same_queries_however_many_changes(client, councillor,
                                                                      django_assert_num_queries):
    small, _ = make_plan(councillor, priorities=1)
    services.ward_plan_update(plan=small, user=councillor, version=small.version,
                              wards=[ward(SBHE), ward(BALSALL_HEATH_WEST)])
    with django_assert_num_queries(16) as for_small:
        history_page(client, small)
    big, priorities = make_plan(councillor, priorities=8, actions=3, period="2027/28")
    big = services.ward_plan_update(plan=big, user=councillor, version=big.version, title="Bigger plan",
                                    wards=[ward(SBHE), ward(BALSALL_HEATH_WEST)])
    services.ward_plan_update(plan=big, user=councillor, version=big.version, wards=[ward(BALSALL_HEATH_WEST)])
    for priority in priorities[1:]:
        services.priority_move(priority=priority, user=councillor, direction="up")
    with django_assert_num_queries(len(for_small.captured_queries)):
        page = history_page(client, big)
    assert page.count("<strong>Rank</strong>") >= 8
