"""Every free text of a plan and a forum has a maximum length, kept by the model: a page, the API
and admin take exactly that many characters, refuse one more with a message naming the field,
and store nothing of a refused text (nor copy it into the history)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from wards.models import Action, ForumMeeting, Priority, ProgressUpdate, Ward, WardPlan
from wards.tests.conftest import SBHE
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_forums import ForumMeetingFactory, WardForumFactory
from wards.tests.factories_plans import ActionFactory, PriorityFactory, WardPlanFactory

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/ward-plans/"
MEETINGS = "/api/v1/forum-meetings/"


def sparkbrook():
    return Ward.objects.current().get(gss_code=SBHE)


def text(length: int) -> str:
    return "a" * length


@pytest.fixture
def councillor(client):
    user = CouncillorSeatFactory(ward=sparkbrook()).councillor
    client.force_login(user)
    return user


# Each page form with free text: the form's address and data for a text, what it stored, the
# message for a text one character too long, and the limit.

def plan_summary():
    plan = WardPlanFactory(summary="As it was")
    data = {"title": plan.title, "period": plan.period, "wards": [sparkbrook().pk], "version": plan.version}
    return (f"/plans/{plan.pk}/edit/", lambda value: {**data, "summary": value},
            lambda: WardPlan.objects.get(pk=plan.pk).summary, plan.history.count)


def priority_description():
    plan = WardPlanFactory()
    data = {"title": "Cleaner streets", "theme": "clean_green", "source": "forum"}
    return (f"/plans/{plan.pk}/priorities/new/", lambda value: {**data, "description": value},
            lambda: list(Priority.objects.filter(plan=plan).values_list("description", flat=True)),
            Priority.history.count)


def action_description():
    priority = PriorityFactory(plan=WardPlanFactory())
    return (f"/plans/priorities/{priority.pk}/actions/new/",
            lambda value: {"description": value, "status": "not_started"},
            lambda: list(Action.objects.filter(priority=priority).values_list("description", flat=True)),
            Action.history.count)


def progress_note():
    action = ActionFactory(priority=PriorityFactory(plan=WardPlanFactory()))
    return (f"/plans/actions/{action.pk}/progress/", lambda value: {"note": value, "status": "on_track"},
            lambda: list(ProgressUpdate.objects.filter(action=action).values_list("note", flat=True)),
            Action.history.count)


def meeting_agenda():
    forum = WardForumFactory(wards=[sparkbrook()])
    day = datetime.date(2027, 3, 10)
    data = {"day": str(day.day), "month": str(day.month), "year": str(day.year), "start_time": "18:30",
            "end_time": "", "venue": "Balsall Heath Library"}
    return (reverse("forums:meeting-new", args=[forum.pk]), lambda value: {**data, "agenda": value},
            lambda: list(forum.meetings.values_list("agenda", flat=True)), ForumMeeting.history.count)


def meeting_minutes():
    forum = WardForumFactory(wards=[sparkbrook()])
    held = datetime.datetime(2026, 1, 15, 18, 30, tzinfo=timezone.get_current_timezone())
    meeting = ForumMeetingFactory(forum=forum, starts_at=held)
    return (reverse("forums:meeting-record", args=[meeting.pk]),
            lambda value: {"minutes": value, "attendance_count": "12"},
            lambda: ForumMeeting.objects.get(pk=meeting.pk).minutes, meeting.history.count)


FORMS = [
    (plan_summary, "Summary must be 5,000 characters or fewer", 5_000),
    (priority_description, "Description must be 5,000 characters or fewer", 5_000),
    (action_description, "Description must be 2,000 characters or fewer", 2_000),
    (progress_note, "Note must be 5,000 characters or fewer", 5_000),
    (meeting_agenda, "Agenda must be 10,000 characters or fewer", 10_000),
    (meeting_minutes, "Minutes must be 50,000 characters or fewer", 50_000),
]


@pytest.mark.parametrize("page, message, limit", FORMS, ids=[f[0].__name__ for f in FORMS])
def test_a_page_takes_the_limit_and_refuses_one_character_more(client, councillor, page, message, limit):
    url, data, stored, history = page()
    before, entries = stored(), history()
    response = client.post(url, data(text(limit + 1)))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (stored(), history()) == (before, entries)

    response = client.post(url, data(text(limit)))
    assert response.status_code == 302
    assert text(limit) in (stored() if isinstance(stored(), list) else [stored()])


def test_a_megabyte_summary_on_the_page_is_refused_and_the_plan_is_unchanged(client, councillor):
    url, data, stored, history = plan_summary()
    response = client.post(url, data(text(1_000_000)))
    assert response.status_code == 400
    assert "Summary must be 5,000 characters or fewer" in response.content.decode()
    assert (stored(), history()) == ("As it was", 1)


# The API: its write serializers leave the length to the model, which the services validate.

def test_the_api_refuses_a_summary_one_character_too_long_naming_the_field(client_as):
    body = {"title": "Plan", "period": "2026/27", "wards": [SBHE]}
    response = client_as("councillor_own").post(PLANS, {**body, "summary": text(5_001)})
    assert response.status_code == 400
    assert response.json() == {"summary": ["Summary must be 5,000 characters or fewer"]}
    assert not WardPlan.objects.filter(title="Plan").exists()
    response = client_as("councillor_own").post(PLANS, {**body, "summary": text(5_000)})
    assert response.status_code == 201
    assert WardPlan.objects.get(title="Plan").summary == text(5_000)


def test_a_plan_changed_through_the_api_keeps_its_summary_when_the_new_one_is_too_long(client_as):
    plan = WardPlanFactory(summary="As it was")
    response = client_as("councillor_own").patch(f"{PLANS}{plan.pk}/", {"summary": text(5_001), "version": 1})
    assert response.status_code == 400
    assert response.json() == {"summary": ["Summary must be 5,000 characters or fewer"]}
    plan.refresh_from_db()
    assert (plan.summary, plan.version, plan.history.count()) == ("As it was", 1, 1)


def test_a_30_megabyte_summary_is_refused_before_it_is_read_and_nothing_is_stored(client_as):
    plan = WardPlanFactory(summary="As it was")
    response = client_as("councillor_own").patch(f"{PLANS}{plan.pk}/", {"summary": text(30_000_000), "version": 1})
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is larger than 1,000,000 bytes."}
    plan.refresh_from_db()
    assert (plan.summary, plan.version, plan.history.count()) == ("As it was", 1, 1)


def test_the_api_refuses_an_agenda_one_character_too_long(client_as):
    forum = WardForumFactory(wards=[sparkbrook()])
    body = {"forum": forum.pk, "starts_at": "2027-03-10T18:30:00Z", "venue": "Library"}
    response = client_as("admin").post(MEETINGS, {**body, "agenda": text(10_001)})
    assert response.status_code == 400
    assert response.json() == {"agenda": ["Agenda must be 10,000 characters or fewer"]}
    assert not ForumMeeting.objects.exists()
    assert client_as("admin").post(MEETINGS, {**body, "agenda": text(10_000)}).status_code == 201


# Admin

def test_admin_refuses_a_summary_one_character_too_long(admin_client):
    plan = WardPlanFactory(summary="As it was")
    form = {"title": plan.title, "wards": [sparkbrook().pk], "period": plan.period, "status": plan.status,
            "loaded_version": plan.version, "priorities-TOTAL_FORMS": "0", "priorities-INITIAL_FORMS": "0"}
    response = admin_client.post(f"/admin/wards/wardplan/{plan.pk}/change/", {**form, "summary": text(5_001)})
    assert response.status_code == 200  # the form again, with the message
    assert "Summary must be 5,000 characters or fewer" in response.content.decode()
    plan.refresh_from_db()
    assert (plan.summary, plan.history.count()) == ("As it was", 1)
    response = admin_client.post(f"/admin/wards/wardplan/{plan.pk}/change/", {**form, "summary": text(5_000)})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.summary == text(5_000)


def test_admin_refuses_a_neighbourhood_description_one_character_too_long(admin_client):
    form = {"ward": sparkbrook().pk, "name": "Balsall Heath"}
    response = admin_client.post("/admin/wards/neighbourhood/add/", {**form, "description": text(2_001)})
    assert response.status_code == 200
    assert "Description must be 2,000 characters or fewer" in response.content.decode()
    assert not sparkbrook().neighbourhoods.exists()
    assert admin_client.post("/admin/wards/neighbourhood/add/", {**form, "description": text(2_000)}).status_code == 302
