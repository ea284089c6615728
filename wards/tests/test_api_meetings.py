import datetime

import pytest
from django.utils import timezone

from localism.accounts.tests.factories import OrganisationFactory, token_for
from localism.core.api import WHEN_INVALID
from localism.core.dates import EVENTS, OUT_OF_WINDOW
from wards import services
from wards.models import ForumMeeting, WardForum
from wards.models.geography import GSS_CODE_INVALID
from wards.services.forums import (
    CANCELLED_MEETING,
    DUPLICATE_SAME_START,
    MEETING_ENDS_BEFORE_START,
    MEETING_IN_THE_PAST,
    NOT_YOUR_FORUM,
)
from wards.tests.conftest import BALSALL_HEATH_WEST, SBHE, SHARD_END, setup_admin, ward

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    """"Now", for the services' checks of a meeting's start, is noon on 30 November 2026."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)

MEETINGS = "/api/v1/forum-meetings/"
ROLES = ["anonymous", "resident", "partner", "officer", "councillor_own", "councillor_other",
         "councillor_cross", "admin"]
# Who may schedule and change the meetings of the Balsall Heath forum (both Balsall Heath wards).
MAY_RUN_FORUM = {"councillor_own", "councillor_cross", "admin"}


def at(day, hour=18, minute=30):
    """A moment in Birmingham's local time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def make_forum(name, *codes):
    forum = WardForum.objects.create(name=name)
    forum.wards.set([ward(code) for code in codes])
    return forum


def schedule(forum, starts_at, **fields):
    # These meetings set the scene, held ones included: loaded as the demonstration data is.
    return services.forum_meeting_schedule(forum=forum, user=setup_admin(), starts_at=starts_at, allow_past=True,
                                           venue=fields.pop("venue", "Balsall Heath Library"), **fields)


def snapshot():
    return list(ForumMeeting.objects.order_by("pk").values_list("pk", "forum_id", "starts_at", "ends_at", "venue",
                                                                "agenda", "status"))


@pytest.fixture
def forums():
    return {
        "balsall_heath": make_forum("Balsall Heath Forum", SBHE, BALSALL_HEATH_WEST),
        "shard_end": make_forum("Shard End Forum", SHARD_END),
    }


@pytest.fixture
def meetings(forums):
    held = schedule(forums["balsall_heath"], at(datetime.date(2026, 1, 15)), agenda="Parks")
    services.forum_meeting_record(meeting=held, user=setup_admin(), minutes="Agreed the parks priority.",
                                  attendance_count=42, organisations=[OrganisationFactory(name="St Paul's Trust")],
                                  now=at(datetime.date(2026, 1, 16)))
    return {
        "held": held,
        "late": schedule(forums["balsall_heath"], at(datetime.date(2026, 5, 1), 23, 30), venue="Mosque hall"),
        "shard_end": schedule(forums["shard_end"], at(datetime.date(2026, 5, 2)), venue="Shard End Library",
                              ends_at=at(datetime.date(2026, 5, 2), 20)),
    }


def url(meeting):
    return f"{MEETINGS}{meeting.pk}/"


# --- Reading --------------------------------------------------------------------------------------

def test_meetings_are_public_with_minutes_once_held(client_as, meetings):
    response = client_as("anonymous").get(MEETINGS)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    held = next(m for m in body["results"] if m["id"] == meetings["held"].pk)
    assert set(held) == {"id", "forum", "starts_at", "ends_at", "venue", "agenda", "status", "attendance_count",
                         "organisations_attending", "minutes", "cancellation_reason", "url"}
    assert held["forum"]["name"] == "Balsall Heath Forum"
    assert held["forum"]["wards"] == [{"gss_code": BALSALL_HEATH_WEST, "name": "Balsall Heath West"},
                                      {"gss_code": SBHE, "name": "Sparkbrook & Balsall Heath East"}]
    assert (held["status"], held["minutes"], held["attendance_count"]) == ("held", "Agreed the parks priority.", 42)
    assert held["organisations_attending"] == ["St Paul's Trust"]
    assert held["url"].endswith(url(meetings["held"]))
    planned = client_as("anonymous").get(url(meetings["late"])).json()
    assert (planned["status"], planned["minutes"], planned["organisations_attending"]) == ("planned", None, [])


@pytest.mark.parametrize("params, names", [
    ({"ward": SBHE}, {"held", "late"}),
    ({"ward": BALSALL_HEATH_WEST}, {"held", "late"}),
    ({"ward": SHARD_END}, {"shard_end"}),
    ({"ward": "E05011118"}, set()),
    ({"from": "2026-05-01"}, {"late", "shard_end"}),
    ({"to": "2026-05-01"}, {"held", "late"}),  # a date alone takes in the whole day
    ({"from": "2026-05-01", "to": "2026-05-01"}, {"late"}),
    ({"from": "2026-05-01T23:30"}, {"late", "shard_end"}),
    ({"from": "2026-05-01T23:31:00+01:00"}, {"shard_end"}),
    ({"to": "2026-05-01T22:30:00Z"}, {"held", "late"}),  # 23:30 in Birmingham's summer time
    ({"to": "2026-05-01T22:29:59Z"}, {"held"}),
    ({"ward": SBHE, "from": "2026-02-01"}, {"late"}),
])
def test_meeting_filters(client_as, meetings, params, names):
    response = client_as("anonymous").get(MEETINGS, params)
    assert response.status_code == 200
    assert {m["id"] for m in response.json()["results"]} == {meetings[name].pk for name in names}


@pytest.mark.parametrize("params, field, message", [
    ({"from": "yesterday"}, "from", WHEN_INVALID),
    ({"to": "2026-13-01"}, "to", WHEN_INVALID),
    ({"from": "2026-05-01T25:00"}, "from", WHEN_INVALID),
    ({"to": "9999-12-31"}, "to", OUT_OF_WINDOW.format(first=EVENTS.bounds()[0], last=EVENTS.bounds()[1])),
    ({"ward": "Shard End"}, "ward", GSS_CODE_INVALID),
])
def test_bad_meeting_filters_are_a_400_with_the_field(client_as, meetings, params, field, message):
    response = client_as("anonymous").get(MEETINGS, params)
    assert response.status_code == 400
    assert response.json() == {field: [message]}


def test_meeting_list_query_count_does_not_grow(client_as, forums, django_assert_num_queries):
    schedule(forums["balsall_heath"], at(datetime.date(2026, 6, 1)))
    client = client_as("anonymous")
    # Count and page, then the forums' wards and the organisations that came.
    with django_assert_num_queries(4) as few:
        client.get(MEETINGS, {"ward": SBHE})
    forum = make_forum("Shard End and Balsall Heath", SHARD_END, SBHE, BALSALL_HEATH_WEST)
    for day in range(1, 21):
        meeting = schedule(forum, at(datetime.date(2025, 9, day)))
        services.forum_meeting_record(meeting=meeting, user=setup_admin(), minutes="Noted.", attendance_count=day,
                                      organisations=[OrganisationFactory(), OrganisationFactory()],
                                      now=at(datetime.date(2025, 10, 1)))
    with django_assert_num_queries(len(few.captured_queries)):
        body = client.get(MEETINGS, {"ward": SBHE}).json()
    assert body["count"] == 21
    assert len(body["results"][-1]["organisations_attending"]) == 2


# --- Scheduling and changing ----------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_only_a_forums_councillors_and_admins_schedule_its_meetings(client_as, forums, role):
    before = snapshot()
    body = {"forum": forums["balsall_heath"].pk, "starts_at": "2027-09-10T18:00", "ends_at": "2027-09-10T20:00",
            "venue": "Balsall Heath Library", "agenda": "The Ward Plan for next year"}
    response = client_as(role).post(MEETINGS, body)
    expected = 401 if role == "anonymous" else 201 if role in MAY_RUN_FORUM else 403
    assert response.status_code == expected
    if expected == 201:
        meeting = response.json()
        assert meeting["forum"]["id"] == forums["balsall_heath"].pk
        assert meeting["status"] == "planned" and meeting["minutes"] is None
        assert meeting["starts_at"] == "2027-09-10T18:00:00+01:00"
        assert ForumMeeting.objects.get(pk=meeting["id"]).history.first().history_user is not None
    else:
        assert "detail" in response.json()
        assert snapshot() == before
    if role == "councillor_other":
        assert response.json() == {"detail": NOT_YOUR_FORUM}


@pytest.mark.parametrize("role", ROLES)
def test_only_a_forums_councillors_and_admins_change_its_meetings(client_as, meetings, role):
    meeting, before = meetings["late"], snapshot()
    response = client_as(role).patch(url(meeting), {"venue": "Community centre"})
    expected = 401 if role == "anonymous" else 200 if role in MAY_RUN_FORUM else 403
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["venue"] == "Community centre"
        assert response.json()["starts_at"] == "2026-05-01T23:30:00+01:00"
        stored = ForumMeeting.objects.get(pk=meeting.pk)
        assert (stored.venue, stored.starts_at, stored.agenda) == ("Community centre", meeting.starts_at, "")
    else:
        assert snapshot() == before


@pytest.mark.parametrize("body, field, message", [
    ({"starts_at": "2026-05-02T18:00", "ends_at": "2026-05-02T17:00"}, "ends_at", MEETING_ENDS_BEFORE_START),
    ({"starts_at": "not a time"}, "starts_at", None),
    ({"venue": ""}, "venue", None),
])
def test_bad_meeting_changes_are_a_400_with_the_field(client_as, meetings, body, field, message):
    before = snapshot()
    response = client_as("admin").patch(url(meetings["shard_end"]), body)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    if message:
        assert response.json()[field] == [message]
    assert snapshot() == before


def test_a_cancelled_meeting_cannot_be_changed(client_as, meetings):
    services.forum_meeting_cancel(meeting=meetings["late"], user=setup_admin(), reason="The hall is flooded.")
    before = snapshot()
    response = client_as("admin").patch(url(meetings["late"]), {"venue": "Elsewhere"})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [CANCELLED_MEETING]}
    assert snapshot() == before


def test_scheduling_needs_a_real_forum_and_a_start(client_as, forums):
    response = client_as("admin").post(MEETINGS, {"forum": 999999, "venue": "Hall"})
    assert response.status_code == 400
    assert set(response.json()) == {"forum", "starts_at"}
    assert not ForumMeeting.objects.exists()


@pytest.mark.parametrize("method", ["put", "delete"])
def test_meetings_are_not_replaced_or_deleted_through_the_api(client_as, meetings, method):
    before = snapshot()
    response = getattr(client_as("admin"), method)(url(meetings["late"]), {"venue": "Elsewhere"})
    assert response.status_code == 405
    assert snapshot() == before


def test_token_authentication(api_client, people, forums):
    body = {"forum": forums["shard_end"].pk, "starts_at": "2027-09-10T18:00", "venue": "Shard End Library"}
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api_client.post(MEETINGS, body).json() == {"detail": "Invalid token."}
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(people['councillor_other'])}")
    assert api_client.post(MEETINGS, body).status_code == 201
    assert ForumMeeting.objects.get().created_by == people["councillor_other"]


def test_scheduling_a_meeting_in_the_past_is_a_400(client_as, forums):
    before = snapshot()
    body = {"forum": forums["shard_end"].pk, "starts_at": "2026-11-29T18:00", "venue": "Shard End Library"}
    response = client_as("admin").post(MEETINGS, body)
    assert response.status_code == 400
    assert response.json() == {"starts_at": [MEETING_IN_THE_PAST]}
    assert snapshot() == before


def test_moving_a_meeting_into_the_past_is_a_400(client_as, meetings):
    before = snapshot()
    response = client_as("admin").patch(url(meetings["shard_end"]), {"starts_at": "2026-11-01T18:00",
                                                                    "ends_at": "2026-11-01T20:00"})
    assert response.status_code == 400 and response.json() == {"starts_at": [MEETING_IN_THE_PAST]}
    assert snapshot() == before


def test_a_duplicate_meeting_is_a_409_until_confirmed(client_as, forums):
    body = {"forum": forums["shard_end"].pk, "starts_at": "2027-03-04T18:30", "venue": "Shard End Library"}
    client = client_as("admin")
    assert client.post(MEETINGS, body).status_code == 201
    response = client.post(MEETINGS, body)
    assert response.status_code == 409
    assert response.json() == {"detail": DUPLICATE_SAME_START.format(
        forum="Shard End Forum", when="18:30 on Thursday 4 March 2027")}
    assert ForumMeeting.objects.count() == 1
    assert client.post(MEETINGS, {**body, "confirm_duplicate": True}).status_code == 201
    assert ForumMeeting.objects.count() == 2
