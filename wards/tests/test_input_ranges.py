"""Dates the domain allows, in one place (the models' windows, checked by the services' full
validation): the API, the page and admin refuse the ends of the calendar with a clear 400, store
nothing, and so a ward's meetings feed cannot be broken by any accepted input."""

import pytest
from django.urls import reverse

from wards.models import ForumMeeting, WardPlan
from wards.tests.conftest import SBHE, ward

pytestmark = pytest.mark.django_db

MEETINGS = "/api/v1/forum-meetings/"


@pytest.fixture
def forum():
    from wards.models import WardForum

    forum = WardForum.objects.create(name="Sparkbrook Forum")
    forum.wards.set([ward(SBHE)])
    return forum


@pytest.mark.parametrize("starts_at", ["9999-12-31T23:59:59Z", "0011-02-10T18:00:00Z", "1900-01-01T10:00:00Z"])
def test_a_meeting_at_the_ends_of_the_calendar_is_refused_and_the_feed_still_works(client_as, client, forum,
                                                                                   starts_at):
    response = client_as("admin").post(MEETINGS, {"forum": forum.pk, "starts_at": starts_at, "venue": "Library"})
    assert response.status_code == 400
    assert "starts_at" in response.json()
    assert not ForumMeeting.objects.exists()
    feed = client.get(reverse("wards:meetings-ical", kwargs={"slug": ward(SBHE).slug}))
    assert feed.status_code == 200 and b"BEGIN:VCALENDAR" in feed.content


@pytest.mark.parametrize("period", ["0000/01", "9999/00", "1999/00"])
def test_a_plan_for_an_implausible_year_is_refused(client_as, period):
    response = client_as("admin").post("/api/v1/ward-plans/", {"title": "Plan", "period": period, "wards": [SBHE]})
    assert response.status_code == 400
    assert "period" in response.json()
    assert not WardPlan.objects.filter(title="Plan").exists()


def test_a_plan_for_next_year_is_accepted(client_as):
    response = client_as("admin").post("/api/v1/ward-plans/", {"title": "Plan", "period": "2027/28", "wards": [SBHE]})
    assert response.status_code == 201


# Strict JSON types: DRF on its own turns 1.5 into the id 1 and 123 into the text "123".
@pytest.mark.parametrize(("field", "value", "message"), [
    ("forum", 1.5, "Enter a whole number, without quotes."),
    ("forum", "1", "Enter a whole number, without quotes."),
    ("forum", True, "Enter a whole number, without quotes."),
    ("venue", 123, "Enter text, in quotes."),
    ("starts_at", 20270101, "Enter text, in quotes."),
])
def test_a_meeting_of_the_wrong_json_type_is_refused_by_field(client_as, forum, field, value, message):
    body = {"forum": forum.pk, "starts_at": "2027-01-12T18:30:00Z", "venue": "Library", field: value}
    response = client_as("admin").post(MEETINGS, body)
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    assert not ForumMeeting.objects.exists()


@pytest.mark.parametrize(("body", "errors"), [
    ({"title": 123, "period": "2027/28", "wards": [SBHE]}, {"title": ["Enter text, in quotes."]}),
    ({"title": "Plan", "period": "2027/28", "wards": SBHE}, {"wards": ["Enter a list, in square brackets."]}),
    ({"title": "Plan", "period": "2027/28", "wards": [70]}, {"wards": ["Each item: enter text, in quotes."]}),
])
def test_a_plan_of_the_wrong_json_type_is_refused_by_field(client_as, body, errors):
    response = client_as("admin").post("/api/v1/ward-plans/", body)
    assert response.status_code == 400
    assert response.json() == errors
    assert not WardPlan.objects.exists()


def test_the_api_takes_json_bodies_only(client_as, forum):
    """A form-encoded body would make every value text; the contract is JSON."""
    response = client_as("admin").post(MEETINGS, {"forum": forum.pk, "starts_at": "2027-01-12T18:30:00Z",
                                                  "venue": "Library"}, format="multipart")
    assert response.status_code == 415
    assert "detail" in response.json()
    assert not ForumMeeting.objects.exists()


# A NUL character: PostgreSQL cannot even compare one, so what reaches a query unchecked is a 500
# there (schemathesis found it in the plan API's `wards`). Nothing takes one; nothing breaks.
NUL = "E05\x0011170"


def test_a_plan_for_a_ward_code_with_a_nul_character_is_refused(client_as):
    response = client_as("admin").post("/api/v1/ward-plans/", {"title": "Plan", "period": "2027/28", "wards": [NUL]})
    assert response.status_code == 400
    assert response.json() == {"wards": ["Enter a ward's GSS code, like E05011170."]}
    assert not WardPlan.objects.exists()


@pytest.mark.parametrize("path", [
    "/wards/?constituency={}", "/wards/find/?postcode={}", "/hubs/?near={}", "/hubs/?service={}",
    "/api/v1/wards/?name={}&constituency={}", "/api/v1/wards/lookup/?postcode={}", "/api/v1/hubs/?ward={}",
    "/api/v1/ward-plans/?ward={}&period={}", "/api/v1/services/?organisation={}&ward={}",
    "/api/v1/forum-meetings/?ward={}&from={}", "/api/v1/bookings/?from={}&to={}",
])
def test_a_nul_character_in_a_query_is_answered_not_a_500(client, path):
    response = client.get(path.format(NUL, NUL))
    assert response.status_code in {200, 400, 404}, response.content[:300]


def test_the_new_plan_page_ignores_a_ward_that_cannot_be_one(client_as, people, client):
    client.force_login(people["councillor_own"])
    response = client.get("/plans/new/", {"ward": "sparkbrook\x00"})
    assert response.status_code == 200
    assert response.context["form"].initial.get("wards") is None
