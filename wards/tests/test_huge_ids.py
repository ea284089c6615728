"""A choice of records given a number no id can be (beyond 64 bits, or negative) is answered as a
choice that does not exist: the form again, with "Select a valid choice", status 400, nothing
stored. Never a 500, on SQLite (which cannot take such a number) or on PostgreSQL."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from localism.accounts.tests.factories import OrganisationFactory
from wards.models import Action, ForumMeeting, Priority, SpendLine, Ward, WardPlan
from wards.tests.conftest import SBHE
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_forums import ForumMeetingFactory, WardForumFactory
from wards.tests.factories_plans import ActionFactory, PriorityFactory, WardBudgetFactory, WardPlanFactory

pytestmark = pytest.mark.django_db

HUGE = ["99999999999999999999", "-99999999999999999999", str(2**63)]
NOT_A_CHOICE = "Select a valid choice. That choice is not one of the available choices."


def not_among(value: str) -> str:
    return f"Select a valid choice. {value} is not one of the available choices."


def sparkbrook():
    return Ward.objects.current().get(gss_code=SBHE)


@pytest.fixture
def councillor(client):
    user = CouncillorSeatFactory(ward=sparkbrook()).councillor
    client.force_login(user)
    return user


def stored():
    """Everything a plan or a meeting form could write, with the history."""
    return [(model.objects.count(), model.history.count()) for model in (WardPlan, Priority, Action, ForumMeeting)] + [
        SpendLine.objects.count(), list(WardPlan.wards.through.objects.values_list("pk", flat=True)),
        list(Action.partners.through.objects.values_list("pk", flat=True)),
        list(ForumMeeting.organisations_attending.through.objects.values_list("pk", flat=True)),
        list(WardPlan.objects.values_list("pk", "version", "title")),
        list(Action.objects.values_list("pk", "version", "lead_organisation", "lead_officer")),
        list(Priority.objects.values_list("pk", "version", "neighbourhood")),
    ]


def assert_refused(client, url, data, message):
    before = stored()
    response = client.post(url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert stored() == before


@pytest.mark.parametrize("huge", HUGE)
def test_plan_forms_refuse_a_ward_no_id_can_be(client, councillor, huge):
    data = {"title": "Sparkbrook 2026/27", "period": "2026/27", "wards": [sparkbrook().pk, huge]}
    assert_refused(client, "/plans/new/", data, not_among(huge))
    plan = WardPlanFactory()
    assert_refused(client, f"/plans/{plan.pk}/edit/", {**data, "version": 1}, not_among(huge))


@pytest.mark.parametrize("huge", HUGE)
def test_a_new_plan_refuses_to_copy_a_plan_no_id_can_be(client, councillor, huge):
    data = {"title": "Sparkbrook 2026/27", "period": "2026/27", "wards": [sparkbrook().pk], "copy_from": huge}
    assert_refused(client, "/plans/new/", data, NOT_A_CHOICE)


@pytest.mark.parametrize("huge", HUGE)
def test_a_priority_refuses_a_neighbourhood_no_id_can_be(client, councillor, huge):
    plan = WardPlanFactory()
    data = {"title": "Cleaner streets", "theme": "clean_green", "source": "forum", "neighbourhood": huge}
    assert_refused(client, f"/plans/{plan.pk}/priorities/new/", data, NOT_A_CHOICE)
    priority = PriorityFactory(plan=plan)
    assert_refused(client, f"/plans/priorities/{priority.pk}/edit/", {**data, "version": 1}, NOT_A_CHOICE)


@pytest.mark.parametrize("field, many", [("partners", True), ("lead_organisation", False), ("lead_officer", False)])
@pytest.mark.parametrize("huge", HUGE)
def test_an_action_refuses_an_organisation_or_officer_no_id_can_be(client, councillor, field, many, huge):
    priority = PriorityFactory(plan=WardPlanFactory())
    data = {"description": "Monthly litter picks", "status": "not_started", field: [huge] if many else huge}
    message = not_among(huge) if many else NOT_A_CHOICE
    assert_refused(client, f"/plans/priorities/{priority.pk}/actions/new/", data, message)
    action = ActionFactory(priority=priority)
    assert_refused(client, f"/plans/actions/{action.pk}/edit/", {**data, "version": 1}, message)


@pytest.mark.parametrize("field", ["budget", "priority"])
@pytest.mark.parametrize("huge", HUGE)
def test_spending_refuses_a_budget_or_priority_no_id_can_be(client, councillor, field, huge):
    plan = WardPlanFactory()
    data = {"budget": WardBudgetFactory(allocation=Decimal("1000")).pk, "priority": PriorityFactory(plan=plan).pk,
            "description": "Skip hire", "amount": "600", "spent_on": "1/6/2026", field: huge}
    assert_refused(client, f"/plans/{plan.pk}/spending/new/", data, NOT_A_CHOICE)


@pytest.mark.parametrize("huge", HUGE)
def test_a_meeting_record_refuses_an_organisation_no_id_can_be(client, councillor, huge):
    forum = WardForumFactory(wards=[sparkbrook()], member_organisations=[OrganisationFactory()])
    held = datetime.datetime(2026, 1, 15, 18, 30, tzinfo=timezone.get_current_timezone())
    meeting = ForumMeetingFactory(forum=forum, starts_at=held)
    data = {"minutes": "Agreed the plan.", "attendance_count": "12",
            "organisations": [forum.member_organisations.get().pk, huge]}
    assert_refused(client, f"/forums/meetings/{meeting.pk}/record/", data, not_among(huge))
