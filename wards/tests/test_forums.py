import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from localism.accounts.tests.factories import OrganisationFactory, UserFactory
from localism.core.dates import EVENTS, TIME_DOES_NOT_EXIST, TIME_NOT_REAL, parse_time
from wards import ical
from wards.forms.forums import (
    DATE_INCOMPLETE,
    DATE_MISSING,
    DATE_NOT_REAL,
    DATE_OUT_OF_RANGE,
    YEAR_NOT_FOUR_DIGITS,
)
from wards.models import ForumMeeting, Ward
from wards.services.forums import (
    CANCEL_HELD_MEETING,
    CANCELLED_MEETING,
    MEETING_ENDS_BEFORE_START,
    RECORD_BEFORE_START,
)
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_forums import ForumMeetingFactory, WardForumFactory
from wards.views.forums import MEETING_CANCELLED, MEETING_RECORDED, MEETING_SCHEDULED, MEETING_UPDATED

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def ward(gss_code):
    return Ward.objects.current().get(gss_code=gss_code)


@pytest.fixture
def east():
    return ward("E05011170")  # Sparkbrook & Balsall Heath East


@pytest.fixture
def west():
    return ward("E05011122")  # Balsall Heath West


@pytest.fixture
def forum(east):
    members = [OrganisationFactory(name="Balsall Heath Forum"), OrganisationFactory(name="Midland Heart")]
    return WardForumFactory(name="Sparkbrook & Balsall Heath East Ward Forum", wards=[east],
                            member_organisations=members)


@pytest.fixture
def councillor(east):
    return CouncillorSeatFactory(ward=east).councillor


@pytest.fixture
def past_meeting(forum):
    return ForumMeetingFactory(forum=forum, starts_at=timezone.now() - datetime.timedelta(days=7))


def future_date_fields(days=21, time="18:30", **extra):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year), "start_time": time,
            "end_time": "", "venue": "Balsall Heath Library", "agenda": "Welcome", **extra}


def snapshot():
    """Everything a write to a meeting could change."""
    return (
        list(ForumMeeting.objects.order_by("pk").values()),
        list(ForumMeeting.organisations_attending.through.objects.order_by("pk").values()),
        ForumMeeting.history.count(),
    )


# Reading: public pages

def test_forum_page_is_public_and_lists_wards_members_and_meetings(client, forum, past_meeting):
    upcoming = ForumMeetingFactory(forum=forum, venue="Clifton Road Youth Centre")
    response = client.get(reverse("forums:detail", args=[forum.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sparkbrook &amp; Balsall Heath East Ward Forum</h1>" in page
    assert 'href="/wards/sparkbrook-and-balsall-heath-east/"' in page
    assert "Balsall Heath Forum" in page and "Midland Heart" in page
    assert list(response.context["upcoming"]) == [upcoming]
    assert list(response.context["past"]) == [past_meeting]
    assert reverse("forums:meeting", args=[upcoming.pk]) in page
    assert 'href="/wards/sparkbrook-and-balsall-heath-east/meetings.ics"' in page
    assert "Schedule a meeting" not in page


def test_forum_page_offers_scheduling_to_its_councillors(client, forum, councillor):
    client.force_login(councillor)
    page = client.get(reverse("forums:detail", args=[forum.pk])).content.decode()
    assert reverse("forums:meeting-new", args=[forum.pk]) in page


def test_meeting_page_is_public_and_gives_the_time_in_uk_time(client, forum):
    winter = ForumMeetingFactory(forum=forum, starts_at=datetime.datetime(2026, 3, 3, 18, 30, tzinfo=datetime.UTC),
                                 ends_at=datetime.datetime(2026, 3, 3, 20, 0, tzinfo=datetime.UTC))
    summer = ForumMeetingFactory(forum=forum, starts_at=datetime.datetime(2026, 7, 7, 17, 30, tzinfo=datetime.UTC))
    response = client.get(reverse("forums:meeting", args=[winter.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tuesday 3 March 2026, 6:30pm to 8pm" in page
    assert "Balsall Heath Library, 1 Moseley Road" in page
    assert "Ward Plan priorities" in page
    assert 'govuk-tag--light-blue">Planned</strong>' in page
    assert "Change the date, venue or agenda" not in page
    assert "Tuesday 7 July 2026, 6:30pm" in client.get(reverse("forums:meeting", args=[summer.pk])).content.decode()


def test_held_meeting_shows_its_minutes_attendance_and_organisations(client, forum, past_meeting):
    past_meeting.status, past_meeting.minutes, past_meeting.attendance_count = "held", "Agreed to clean the park.", 37
    past_meeting.save()
    past_meeting.organisations_attending.set(forum.member_organisations.filter(name="Midland Heart"))
    page = client.get(reverse("forums:meeting", args=[past_meeting.pk])).content.decode()
    assert "Agreed to clean the park." in page
    assert ">37</dd>" in page
    assert "<li>Midland Heart</li>" in page and "<li>Balsall Heath Forum</li>" not in page
    assert 'govuk-tag--green">Held</strong>' in page


def test_unknown_forum_and_meeting_are_not_found(client):
    assert client.get(reverse("forums:detail", args=[999999])).status_code == 404
    assert client.get(reverse("forums:meeting", args=[999999])).status_code == 404


def test_forum_page_queries_do_not_grow_with_meetings(client, forum, django_assert_num_queries):
    ForumMeetingFactory(forum=forum, starts_at=timezone.now() + datetime.timedelta(days=30))
    ForumMeetingFactory(forum=forum, starts_at=timezone.now() - datetime.timedelta(days=30))
    url = reverse("forums:detail", args=[forum.pk])
    # The forum, its wards and its members; each list of meetings (to come, past): its count and page.
    with django_assert_num_queries(7) as before:
        client.get(url)
    for days in range(1, 20):
        ForumMeetingFactory(forum=forum, starts_at=timezone.now() + datetime.timedelta(days=days * (-1) ** days))
    with django_assert_num_queries(len(before.captured_queries)):
        response = client.get(url)
    assert len(response.context["upcoming"]) + len(response.context["past"]) == 21


# Writing: the forum's councillors

def test_councillor_schedules_a_meeting(client, forum, councillor):
    client.force_login(councillor)
    url = reverse("forums:meeting-new", args=[forum.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, future_date_fields(time="18:30", end_time="20:30"), follow=True)
    meeting = forum.meetings.get()
    assert response.redirect_chain == [(reverse("forums:meeting", args=[meeting.pk]), 302)]
    assert MEETING_SCHEDULED in response.content.decode()
    starts = meeting.starts_at.astimezone(LONDON)
    assert starts.date() == timezone.localdate() + datetime.timedelta(days=21)
    assert (starts.hour, starts.minute) == (18, 30)
    assert meeting.ends_at - meeting.starts_at == datetime.timedelta(hours=2)
    assert meeting.venue == "Balsall Heath Library" and meeting.created_by == councillor
    assert meeting.history.get().history_user == councillor


def test_councillor_changes_a_meeting(client, forum, councillor):
    meeting = ForumMeetingFactory(forum=forum)
    client.force_login(councillor)
    url = reverse("forums:meeting-edit", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert 'value="Balsall Heath Library, 1 Moseley Road"' in page and 'value="18:30"' in page
    response = client.post(url, future_date_fields(days=28, time="7pm", venue="Ladypool Primary School"))
    assert response.status_code == 302 and response["Location"] == reverse("forums:meeting", args=[meeting.pk])
    meeting.refresh_from_db()
    assert meeting.venue == "Ladypool Primary School"
    assert meeting.starts_at.astimezone(LONDON).hour == 19
    assert meeting.history.latest().history_user == councillor
    assert MEETING_UPDATED in client.get(response["Location"]).content.decode()


def test_councillor_records_a_held_meeting(client, forum, councillor, past_meeting):
    midland_heart = forum.member_organisations.get(name="Midland Heart")
    client.force_login(councillor)
    url = reverse("forums:meeting-record", args=[past_meeting.pk])
    page = client.get(url).content.decode()
    assert 'class="govuk-checkboxes__input"' in page and "Balsall Heath Forum" in page
    response = client.post(url, {"minutes": "Agreed the plan.", "attendance_count": "42",
                                 "organisations": [midland_heart.pk]}, follow=True)
    assert MEETING_RECORDED in response.content.decode()
    past_meeting.refresh_from_db()
    assert past_meeting.status == "held" and past_meeting.attendance_count == 42
    assert list(past_meeting.organisations_attending.all()) == [midland_heart]


def test_councillor_cancels_a_meeting_after_confirming(client, forum, councillor):
    meeting = ForumMeetingFactory(forum=forum)
    client.force_login(councillor)
    url = reverse("forums:meeting-cancel", args=[meeting.pk])
    assert "Are you sure you want to cancel this meeting?" in client.get(url).content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "planned"
    response = client.post(url, {"reason": "The library is closed for repairs."}, follow=True)
    assert MEETING_CANCELLED in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"


def test_recording_a_meeting_before_it_starts_is_refused(client, forum, councillor):
    meeting = ForumMeetingFactory(forum=forum)
    client.force_login(councillor)
    url = reverse("forums:meeting-record", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert RECORD_BEFORE_START in page and "Save the record" not in page
    assert "Record the meeting</a>" not in client.get(reverse("forums:meeting", args=[meeting.pk])).content.decode()
    before = snapshot()
    response = client.post(url, {"minutes": "Too soon", "attendance_count": "3"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and RECORD_BEFORE_START in page
    assert snapshot() == before


def test_a_held_meeting_cannot_be_cancelled_nor_a_cancelled_one_changed(client, forum, councillor, past_meeting):
    client.force_login(councillor)
    past_meeting.status = "held"
    past_meeting.save()
    response = client.post(reverse("forums:meeting-cancel", args=[past_meeting.pk]))
    assert response.status_code == 400 and CANCEL_HELD_MEETING in response.content.decode()
    cancelled = ForumMeetingFactory(forum=forum, status="cancelled")
    response = client.post(reverse("forums:meeting-edit", args=[cancelled.pk]), future_date_fields())
    assert response.status_code == 400 and CANCELLED_MEETING in response.content.decode()
    past_meeting.refresh_from_db()
    assert past_meeting.status == "held"


@pytest.mark.parametrize("changes, message", [
    ({"day": "", "month": "", "year": ""}, DATE_MISSING),
    ({"month": ""}, DATE_INCOMPLETE.format(parts="month")),
    ({"day": "31", "month": "2", "year": "2027"}, DATE_NOT_REAL),
    ({"day": "first"}, DATE_NOT_REAL),
    ({"year": "26"}, YEAR_NOT_FOUR_DIGITS),
    ({"year": "1066"}, DATE_OUT_OF_RANGE.format(first=EVENTS.bounds()[0], last=EVENTS.bounds()[1])),
    ({"start_time": "25:00"}, TIME_NOT_REAL),
    ({"start_time": "18:30", "end_time": "17:00"}, MEETING_ENDS_BEFORE_START),
])
def test_bad_meeting_details_are_explained_not_a_500(client, forum, councillor, changes, message):
    client.force_login(councillor)
    response = client.post(reverse("forums:meeting-new", args=[forum.pk]), future_date_fields(**changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: Schedule a meeting" in page
    assert 'class="govuk-error-summary"' in page
    assert message in page
    assert 'class="govuk-date-input"' in page
    assert not forum.meetings.exists()


def test_a_time_the_clocks_skip_gets_a_clear_message(client, forum, councillor):
    """01:30 on 28 March 2027 does not exist in the UK: the clocks go from 01:00 to 02:00."""
    client.force_login(councillor)
    response = client.post(reverse("forums:meeting-new", args=[forum.pk]), {
        **future_date_fields(), "day": "28", "month": "3", "year": "2027", "start_time": "01:30"})
    assert response.status_code == 400
    message = TIME_DOES_NOT_EXIST.format(time=datetime.time(1, 30), day=datetime.date(2027, 3, 28))
    assert message.startswith("01:30 on 28 March 2027 does not exist in UK time")
    assert escape(message) in response.content.decode()
    assert not forum.meetings.exists()
    # An hour later is a real time, British Summer Time.
    response = client.post(reverse("forums:meeting-new", args=[forum.pk]), {
        **future_date_fields(), "day": "28", "month": "3", "year": "2027", "start_time": "02:30"})
    assert response.status_code == 302
    assert forum.meetings.get().starts_at == datetime.datetime(2027, 3, 28, 1, 30, tzinfo=datetime.UTC)


def test_a_bad_date_marks_the_date_inputs_in_error(client, forum, councillor):
    client.force_login(councillor)
    page = client.post(reverse("forums:meeting-new", args=[forum.pk]),
                       future_date_fields(month="")).content.decode()
    assert 'href="#id_month">' + DATE_INCOMPLETE.format(parts="month") in page
    assert page.count("govuk-input--error") == 1


def test_cross_ward_forum_is_managed_by_councillors_of_either_ward(client, east, west):
    forum = WardForumFactory(name="Balsall Heath Forum", wards=[east, west])
    client.force_login(CouncillorSeatFactory(ward=west).councillor)
    client.post(reverse("forums:meeting-new", args=[forum.pk]), future_date_fields())
    meeting = forum.meetings.get()
    client.force_login(CouncillorSeatFactory(ward=east).councillor)
    response = client.post(reverse("forums:meeting-edit", args=[meeting.pk]), future_date_fields(venue="Old School"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.venue == "Old School"
    page = client.get(reverse("forums:detail", args=[forum.pk])).content.decode()
    assert "/wards/balsall-heath-west/" in page and "/wards/sparkbrook-and-balsall-heath-east/" in page


# Writing: everyone else

def other_ward_councillor():
    return CouncillorSeatFactory(ward=ward("E05011165")).councillor  # Shard End


def former_councillor():
    return CouncillorSeatFactory(term_start=datetime.date(2018, 5, 3), term_end=datetime.date(2022, 5, 4)).councillor


OUTSIDERS = {
    "councillor of another ward": other_ward_councillor,
    "former councillor of the ward": former_councillor,
    "officer": lambda: UserFactory(officer=True),
    "partner": lambda: UserFactory(partner=True),
    "resident": lambda: UserFactory(),
}


def write_requests(forum, meeting):
    """Each write page, with data that would change something if it were accepted."""
    return [
        (reverse("forums:meeting-new", args=[forum.pk]), future_date_fields()),
        (reverse("forums:meeting-edit", args=[meeting.pk]), future_date_fields(venue="Elsewhere")),
        (reverse("forums:meeting-record", args=[meeting.pk]), {"minutes": "Held", "attendance_count": "9"}),
        (reverse("forums:meeting-cancel", args=[meeting.pk]), {"reason": "No longer needed"}),
    ]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_others_are_refused_and_nothing_changes(client, forum, past_meeting, who):
    client.force_login(OUTSIDERS[who]())
    before = snapshot()
    for url, data in write_requests(forum, past_meeting):
        assert client.get(url).status_code == 403, url
        assert client.post(url, data).status_code == 403, url
    assert snapshot() == before


def test_anonymous_is_asked_to_sign_in(client, forum, past_meeting):
    before = snapshot()
    for url, data in write_requests(forum, past_meeting):
        for response in (client.get(url), client.post(url, data)):
            assert response.status_code == 302
            assert response["Location"] == f"/accounts/login/?next={url}"
    assert snapshot() == before


def test_council_admin_may_manage_any_forum(client, past_meeting):
    client.force_login(UserFactory(admin=True))
    response = client.post(reverse("forums:meeting-cancel", args=[past_meeting.pk]), {"reason": "Snow"})
    assert response.status_code == 302
    past_meeting.refresh_from_db()
    assert past_meeting.status == "cancelled"


# The ward's calendar feed

def unfold(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def test_ward_calendar_lists_the_meetings_of_its_forums(client, east, west, forum):
    shared = WardForumFactory(name="Balsall Heath Forum", wards=[east, west])
    long_agenda = "Welcome, apologies; minutes\nThe Ward Plan: parks – Café Ladypool " + "x" * 120
    first = ForumMeetingFactory(forum=forum, venue="St Paul's Hall, Room 2; Balsall Heath", agenda=long_agenda,
                                starts_at=datetime.datetime(2026, 7, 7, 17, 30, tzinfo=datetime.UTC))
    ForumMeetingFactory(forum=shared, status="cancelled")
    ForumMeetingFactory(forum=WardForumFactory(wards=[west]))  # not a forum of this ward

    response = client.get(reverse("wards:meetings-ical", args=["sparkbrook-and-balsall-heath-east"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.endswith("\r\n")
    physical = body[:-2].split("\r\n")
    assert all("\n" not in line and "\r" not in line for line in physical)
    assert all(len(line.encode()) <= 75 for line in physical)
    assert any(line.startswith(" ") for line in physical)  # the long agenda was folded

    lines = unfold(body)
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert any(line.startswith("PRODID:") for line in lines)
    assert "X-WR-CALNAME:Sparkbrook & Balsall Heath East ward forum meetings" in lines
    assert lines[-2] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 2
    assert f"UID:meeting-{first.pk}@localism" in lines
    assert "DTSTART:20260707T173000Z" in lines and "DTEND:20260707T193000Z" in lines
    assert "LOCATION:St Paul's Hall\\, Room 2\\; Balsall Heath" in lines
    assert ("DESCRIPTION:Welcome\\, apologies\\; minutes\\nThe Ward Plan: parks – Café Ladypool " + "x" * 120
            in lines)
    assert f"URL:http://testserver/forums/meetings/{first.pk}/" in lines
    assert "SUMMARY:Sparkbrook & Balsall Heath East Ward Forum" in lines
    assert "SUMMARY:Balsall Heath Forum (cancelled)" in lines
    assert lines.count("STATUS:CANCELLED") == 1


def test_unknown_ward_has_no_calendar(client):
    assert client.get("/wards/nowhere/meetings.ics").status_code == 404


def test_ward_calendar_queries_do_not_grow_with_meetings(client, forum, django_assert_num_queries):
    url = reverse("wards:meetings-ical", args=["sparkbrook-and-balsall-heath-east"])
    ForumMeetingFactory(forum=forum)
    with django_assert_num_queries(2) as before:
        client.get(url)
    for _ in range(15):
        ForumMeetingFactory(forum=WardForumFactory())
    with django_assert_num_queries(len(before.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count("BEGIN:VEVENT") == 16


def test_folding_never_splits_a_character():
    line = "DESCRIPTION:" + "é" * 100
    folded = ical.fold(line).split("\r\n")
    assert all(len(part.encode()) <= 75 for part in folded)
    assert "".join(part[1:] if i else part for i, part in enumerate(folded)) == line
    assert ical.fold("SHORT:line") == "SHORT:line"


def test_text_escaping():
    assert ical.escape_text("a\\b;c,d\r\ne\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


@pytest.mark.parametrize("text, expected", [
    ("18:30", datetime.time(18, 30)), ("6.30pm", datetime.time(18, 30)), ("6pm", datetime.time(18)),
    ("12am", datetime.time(0)), ("12:15 PM", datetime.time(12, 15)), ("0:00", datetime.time(0)),
    ("24:00", None), ("13pm", None), ("18", None), ("half six", None),
])
def test_times_as_people_write_them(text, expected):
    assert parse_time(text) == expected
