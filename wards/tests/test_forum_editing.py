"""Ward Forums run by their wards' councillors: setting one up and changing it, its member
organisations, and the rules on meetings (no start in the past, no silent duplicate, a reason to
cancel, a flag when one is not recorded, minutes attached as a file)."""

import datetime
import io
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from localism.accounts.models import Organisation
from localism.accounts.services import ORGANISATION_EXISTS, ORGANISATION_REFUSED, organisation_create
from localism.accounts.tests.factories import OrganisationFactory, UserFactory
from localism.core.errors import Invalid, Refused
from wards import services
from wards.models import ForumMeeting, WardForum
from wards.services.forums import (
    CANCEL_REASON_MISSING,
    FORUM_REFUSED,
    FORUM_WARDS_REFUSED,
    MEETING_IN_THE_PAST,
    MINUTES_FILE_CONTENT,
    MINUTES_FILE_NOT_HELD,
    MINUTES_FILE_TOO_BIG,
    MINUTES_FILE_TYPE,
    DuplicateMeeting,
)
from wards.tests.conftest import BALSALL_HEATH_WEST, SBHE, SHARD_END, ward
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_forums import ForumMeetingFactory, WardForumFactory
from wards.views.forums import FORUM_CREATED, FORUM_UPDATED, MEETING_SCHEDULED, MEETINGS_PER_PAGE

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC)
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


def docx_bytes(inner="word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(inner, "<document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    """"Now" is noon on 30 November 2026."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def east_councillor():
    return CouncillorSeatFactory(ward=ward(SBHE)).councillor


@pytest.fixture
def forum():
    return WardForumFactory(name="Sparkbrook East Forum", wards=[ward(SBHE)])


def at(day, hour=18, minute=30):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def forum_snapshot():
    return (list(WardForum.objects.order_by("pk").values()),
            list(WardForum.wards.through.objects.order_by("pk").values_list("wardforum_id", "ward_id")),
            list(WardForum.member_organisations.through.objects.order_by("pk")
                 .values_list("wardforum_id", "organisation_id")),
            Organisation.objects.count())


def meeting_fields(day, time="18:30", **extra):
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year), "start_time": time,
            "end_time": "", "venue": "Balsall Heath Library", "agenda": "", **extra}


# Setting up and changing a forum

def test_councillor_sets_up_their_wards_forum_in_the_browser(client, east_councillor):
    members = [OrganisationFactory(name="Balsall Heath Forum"), OrganisationFactory(name="Midland Heart")]
    client.force_login(east_councillor)
    ward_page = client.get(reverse("wards:detail", args=[ward(SBHE).slug])).content.decode()
    assert f'{reverse("forums:new")}?ward={ward(SBHE).slug}' in ward_page
    page = client.get(reverse("forums:new"), {"ward": ward(SBHE).slug}).content.decode()
    assert "Set up a Ward Forum</h1>" in page
    response = client.post(reverse("forums:new"), {
        "name": "Sparkbrook East Forum", "description": "Second Tuesday of each month",
        "wards": [ward(SBHE).pk], "member_organisations": [m.pk for m in members]}, follow=True)
    assert FORUM_CREATED in response.content.decode()
    forum = WardForum.objects.get()
    assert forum.name == "Sparkbrook East Forum" and list(forum.wards.all()) == [ward(SBHE)]
    assert set(forum.member_organisations.all()) == set(members)
    assert reverse("forums:edit", args=[forum.pk]) in response.content.decode()


def test_councillor_changes_their_forum(client, forum, east_councillor):
    client.force_login(east_councillor)
    url = reverse("forums:edit", args=[forum.pk])
    assert 'value="Sparkbrook East Forum"' in client.get(url).content.decode()
    response = client.post(url, {"name": "Sparkbrook & Balsall Heath East Forum", "description": "",
                                 "wards": [ward(SBHE).pk]}, follow=True)
    assert FORUM_UPDATED in response.content.decode()
    forum.refresh_from_db()
    assert forum.name == "Sparkbrook & Balsall Heath East Forum"


def test_a_forum_needs_a_name_and_a_ward(client, forum, east_councillor):
    client.force_login(east_councillor)
    before = forum_snapshot()
    response = client.post(reverse("forums:edit", args=[forum.pk]), {"name": "", "wards": []})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the name of the forum" in page and "Choose at least one ward the forum covers" in page
    assert forum_snapshot() == before


def test_a_forum_name_longer_than_it_keeps_is_refused(client, forum, east_councillor):
    client.force_login(east_councillor)
    before = forum_snapshot()
    response = client.post(reverse("forums:edit", args=[forum.pk]), {"name": "x" * 201, "wards": [ward(SBHE).pk]})
    assert response.status_code == 400 and "200 characters or fewer" in response.content.decode()
    assert forum_snapshot() == before


def test_anonymous_is_asked_to_sign_in_to_set_up_or_change_a_forum(client, forum):
    before = forum_snapshot()
    for url in (reverse("forums:new"), reverse("forums:edit", args=[forum.pk])):
        for response in (client.get(url), client.post(url, {"name": "Mine", "wards": [ward(SBHE).pk]})):
            assert response.status_code == 302 and response["Location"] == f"/accounts/login/?next={url}"
    assert forum_snapshot() == before


@pytest.mark.parametrize("who", ["councillor of another ward", "officer", "partner", "resident"])
def test_others_may_not_change_a_forum(client, forum, who):
    user = {"councillor of another ward": lambda: CouncillorSeatFactory(ward=ward(SHARD_END)).councillor,
            "officer": lambda: UserFactory(officer=True), "partner": lambda: UserFactory(partner=True),
            "resident": UserFactory}[who]()
    client.force_login(user)
    before = forum_snapshot()
    url = reverse("forums:edit", args=[forum.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Taken over", "wards": [ward(SBHE).pk]}).status_code == 403
    assert "Change the forum" not in client.get(reverse("forums:detail", args=[forum.pk])).content.decode()
    assert forum_snapshot() == before


@pytest.mark.parametrize("who", ["officer", "partner", "resident"])
def test_only_councillors_and_admins_set_up_forums(client, who):
    client.force_login(UserFactory(**({} if who == "resident" else {who: True})))
    before = forum_snapshot()
    assert client.get(reverse("forums:new")).status_code == 403
    assert client.post(reverse("forums:new"), {"name": "Mine", "wards": [ward(SBHE).pk]}).status_code == 403
    assert forum_snapshot() == before


def test_councillor_of_another_ward_cannot_set_up_a_forum_for_this_ward(client):
    client.force_login(CouncillorSeatFactory(ward=ward(SHARD_END)).councillor)
    assert "Set up a Ward Forum" not in client.get(reverse("wards:detail", args=[ward(SBHE).slug])).content.decode()
    response = client.post(reverse("forums:new"), {"name": "Not mine", "wards": [ward(SBHE).pk]})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert not WardForum.objects.exists()


def test_a_shared_forum_needs_a_councillor_of_each_of_its_wards(east_councillor):
    wards = [ward(SBHE), ward(BALSALL_HEATH_WEST)]
    with pytest.raises(Refused, match=FORUM_REFUSED):
        services.ward_forum_create(user=east_councillor, name="Balsall Heath Forum", wards=wards)
    assert not WardForum.objects.exists()
    CouncillorSeatFactory(ward=ward(BALSALL_HEATH_WEST), councillor=east_councillor)
    forum = services.ward_forum_create(user=east_councillor, name="Balsall Heath Forum", wards=wards)
    assert set(forum.wards.all()) == set(wards)


def test_a_councillor_adds_or_removes_only_wards_where_they_hold_a_seat(east_councillor):
    shared = WardForumFactory(name="Balsall Heath Forum", wards=[ward(SBHE), ward(BALSALL_HEATH_WEST)])
    before = forum_snapshot()
    with pytest.raises(Refused, match=FORUM_WARDS_REFUSED):
        services.ward_forum_update(forum=shared, user=east_councillor, name="Balsall Heath Forum",
                                   wards=[ward(SBHE)])
    assert forum_snapshot() == before
    services.ward_forum_update(forum=shared, user=east_councillor, name="Balsall Heath Forum",
                               description="Now monthly", wards=[ward(SBHE), ward(BALSALL_HEATH_WEST)])
    shared.refresh_from_db()
    assert shared.description == "Now monthly"


def test_admin_sets_up_a_forum_in_django_admin_through_the_service(client):
    client.force_login(UserFactory(admin=True))
    response = client.post(reverse("admin:wards_wardforum_add"), {
        "name": "Shard End Forum", "wards": [ward(SHARD_END).pk], "description": ""})
    assert response.status_code == 302
    assert list(WardForum.objects.get().wards.all()) == [ward(SHARD_END)]


# The organisation picker

def test_organisation_search_filters_the_list_and_keeps_what_was_typed_and_chosen(client, forum, east_councillor):
    chosen = OrganisationFactory(name="Midland Heart")
    OrganisationFactory(name="Balsall Heath Forum")
    OrganisationFactory(name="West Midlands Police")
    client.force_login(east_councillor)
    typed = {"organisation_search": "police", "name": "Typed name", "wards": [ward(SBHE).pk],
             "member_organisations": [chosen.pk, "99999999999999999999", "x"]}
    # The Search button posts the form (its security token stays out of the address) and saves nothing.
    page = client.get(reverse("forums:edit", args=[forum.pk])).content.decode()
    assert 'name="search_organisations"' in page and 'formmethod="get"' not in page
    for response in (client.post(reverse("forums:edit", args=[forum.pk]), {**typed, "search_organisations": "1"}),
                     client.get(reverse("forums:edit", args=[forum.pk]), typed)):
        assert response.status_code == 200
        page = response.content.decode()
        assert "West Midlands Police" in page and "Balsall Heath Forum" not in page
        assert f'value="{chosen.pk}" checked' in page and 'value="Typed name"' in page
        assert forum_snapshot()[0][0]["name"] == "Sparkbrook East Forum"


def test_a_new_organisation_is_added_from_the_forum_form_without_saving_the_forum(client, forum, east_councillor):
    client.force_login(east_councillor)
    response = client.post(reverse("forums:edit", args=[forum.pk]), {
        "add_organisation": "1", "organisation-name": "  Ladypool  Road Traders ",
        "organisation-kind": "private_business", "name": "Typed name", "wards": [ward(SBHE).pk]})
    assert response.status_code == 200
    organisation = Organisation.objects.get(name="Ladypool Road Traders")
    assert organisation.kind == "private_business" and organisation.slug == "ladypool-road-traders"
    page = response.content.decode()
    assert f'value="{organisation.pk}" checked' in page and 'value="Typed name"' in page
    forum.refresh_from_db()
    assert forum.name == "Sparkbrook East Forum"


def test_adding_an_organisation_needs_a_name_and_kind_and_refuses_a_second_of_a_name(client, forum, east_councillor):
    OrganisationFactory(name="Midland Heart")
    client.force_login(east_councillor)
    before = forum_snapshot()
    url = reverse("forums:edit", args=[forum.pk])
    response = client.post(url, {"add_organisation": "1", "organisation-name": "", "organisation-kind": "nope"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the name of the organisation" in page and "Select what kind of organisation it is" in page
    response = client.post(url, {"add_organisation": "1", "organisation-name": "midland heart",
                                 "organisation-kind": "housing_association"})
    assert response.status_code == 400
    assert ORGANISATION_EXISTS.format(name="midland heart") in response.content.decode()
    assert forum_snapshot() == before


def test_only_councillors_and_admins_add_organisations():
    for user in (UserFactory(), UserFactory(partner=True), UserFactory(officer=True)):
        with pytest.raises(Refused, match=ORGANISATION_REFUSED):
            organisation_create(user=user, name="New body", kind="police")
    assert not Organisation.objects.filter(name="New body").exists()


# Scheduling: not in the past, no silent duplicate

def test_scheduling_a_meeting_in_the_past_is_refused_with_a_plain_message(client, forum, east_councillor):
    client.force_login(east_councillor)
    response = client.post(reverse("forums:meeting-new", args=[forum.pk]),
                           meeting_fields(datetime.date(2026, 11, 29)))
    assert response.status_code == 400 and MEETING_IN_THE_PAST in response.content.decode()
    assert not ForumMeeting.objects.exists()


def test_a_duplicate_meeting_is_warned_about_and_scheduled_only_when_confirmed(client, forum, east_councillor):
    client.force_login(east_councillor)
    url, data = reverse("forums:meeting-new", args=[forum.pk]), meeting_fields(datetime.date(2027, 1, 12))
    assert MEETING_SCHEDULED in client.post(url, data, follow=True).content.decode()
    for _ in range(2):  # a double click, then a second try: warned each time, nothing scheduled
        response = client.post(url, data)
        assert response.status_code == 409
        page = response.content.decode()
        assert "already has a meeting at 18:30 on Tuesday 12 January 2027" in page and "Schedule it anyway" in page
    assert ForumMeeting.objects.count() == 1
    assert client.post(url, {**data, "confirm_duplicate": "on"}).status_code == 302
    assert ForumMeeting.objects.count() == 2


def test_same_venue_the_same_day_is_a_duplicate_but_a_cancelled_meeting_is_not(forum, east_councillor):
    day = datetime.date(2027, 1, 12)
    first = services.forum_meeting_schedule(forum=forum, user=east_councillor, starts_at=at(day, 18),
                                            venue="Balsall Heath Library")
    with pytest.raises(DuplicateMeeting, match="Balsall Heath Library on Tuesday 12 January 2027"):
        services.forum_meeting_schedule(forum=forum, user=east_councillor, starts_at=at(day, 10),
                                        venue="balsall heath library")
    services.forum_meeting_cancel(meeting=first, user=east_councillor, reason="Hall booked twice")
    services.forum_meeting_schedule(forum=forum, user=east_councillor, starts_at=at(day, 18),
                                    venue="Balsall Heath Library")
    assert forum.meetings.count() == 2


# "Not recorded yet"

def test_a_planned_meeting_whose_date_has_passed_is_flagged_not_recorded_yet(client, forum):
    passed = ForumMeetingFactory(forum=forum, starts_at=at(datetime.date(2026, 11, 3)))
    ForumMeetingFactory(forum=forum, starts_at=at(datetime.date(2026, 12, 8)))
    flag = 'govuk-tag--orange">Not recorded yet</strong>'
    for url in (reverse("forums:detail", args=[forum.pk]), reverse("wards:detail", args=[ward(SBHE).slug])):
        assert client.get(url).content.decode().count(flag) == 1, url
    assert flag in client.get(reverse("forums:meeting", args=[passed.pk])).content.decode()
    passed.status = "held"
    passed.save()
    assert flag not in client.get(reverse("forums:meeting", args=[passed.pk])).content.decode()


# Cancelling with a reason

def test_cancelling_needs_a_reason_which_the_meeting_page_and_lists_show(client, forum, east_councillor):
    meeting = ForumMeetingFactory(forum=forum, starts_at=at(datetime.date(2026, 12, 8)))
    client.force_login(east_councillor)
    url = reverse("forums:meeting-cancel", args=[meeting.pk])
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 400 and CANCEL_REASON_MISSING in response.content.decode()
    response = client.post(url, {"reason": "x" * 501})
    assert response.status_code == 400 and "500 characters or fewer" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "planned"
    client.post(url, {"reason": "The library is closed for repairs."})
    meeting.refresh_from_db()
    assert meeting.status == "cancelled" and meeting.cancellation_reason == "The library is closed for repairs."
    client.logout()
    for page in (reverse("forums:meeting", args=[meeting.pk]), reverse("forums:detail", args=[forum.pk]),
                 reverse("wards:detail", args=[ward(SBHE).slug])):
        assert "The library is closed for repairs." in client.get(page).content.decode(), page


# Minutes as a file

@pytest.fixture
def held(forum):
    return ForumMeetingFactory(forum=forum, starts_at=at(datetime.date(2026, 11, 3)), status="held",
                               minutes="Agreed", attendance_count=20)


@pytest.mark.parametrize("name, content", [("minutes.pdf", PDF), ("minutes.docx", docx_bytes()),
                                           ("MINUTES.DOC", DOC)])
def test_minutes_file_is_attached_and_downloaded_by_anyone_as_an_attachment(client, media, held, east_councillor,
                                                                            name, content):
    client.force_login(east_councillor)
    url = reverse("forums:meeting-minutes-file", args=[held.pk])
    assert client.post(url, {"minutes_file": SimpleUploadedFile(name, content)}).status_code == 302
    held.refresh_from_db()
    stored = held.minutes_file.name
    assert stored.startswith("minutes/") and "minutes." not in stored.lower().removeprefix("minutes/")
    assert (media / stored).read_bytes() == content
    client.logout()
    assert "Download the minutes" in client.get(reverse("forums:meeting", args=[held.pk])).content.decode()
    response = client.get(reverse("forums:meeting-minutes-download", args=[held.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name, content, message", [
    ("minutes.txt", b"plain text", MINUTES_FILE_TYPE),
    ("minutes.html", b"<script>alert(1)</script>", MINUTES_FILE_TYPE),
    ("minutes.pdf", b"<html>not a pdf</html>", MINUTES_FILE_CONTENT.format(kind="PDF")),
    ("minutes.docx", docx_bytes(inner="xl/workbook.xml"), MINUTES_FILE_CONTENT.format(kind="Word")),
    ("minutes.docx", b"PK\x03\x04 broken zip", MINUTES_FILE_CONTENT.format(kind="Word")),
    ("minutes.doc", PDF, MINUTES_FILE_CONTENT.format(kind="Word")),
    ("minutes.pdf", PDF + b"x" * 2048, MINUTES_FILE_TOO_BIG.format(limit="0.00195312")),
])
def test_a_bad_minutes_file_gets_a_plain_message_and_changes_nothing(client, media, settings, held, east_councillor,
                                                                     name, content, message):
    settings.MINUTES_FILE_MAX_BYTES = 2048
    client.force_login(east_councillor)
    response = client.post(reverse("forums:meeting-minutes-file", args=[held.pk]),
                           {"minutes_file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400 and message in response.content.decode()
    held.refresh_from_db()
    assert not held.minutes_file and list(media.rglob("*.*")) == []


def test_minutes_file_only_for_a_held_meeting_and_only_by_its_councillors(client, media, forum, held,
                                                                          east_councillor):
    planned = ForumMeetingFactory(forum=forum, starts_at=at(datetime.date(2026, 12, 8)))
    with pytest.raises(Invalid, match=MINUTES_FILE_NOT_HELD):
        services.forum_meeting_attach_minutes(meeting=planned, user=east_councillor,
                                              upload=SimpleUploadedFile("m.pdf", PDF))
    url = reverse("forums:meeting-minutes-file", args=[held.pk])
    assert client.post(url, {"minutes_file": SimpleUploadedFile("m.pdf", PDF)}).status_code == 302  # sign in
    client.force_login(CouncillorSeatFactory(ward=ward(SHARD_END)).councillor)
    assert client.post(url, {"minutes_file": SimpleUploadedFile("m.pdf", PDF)}).status_code == 403
    held.refresh_from_db()
    assert not held.minutes_file
    assert client.get(reverse("forums:meeting-minutes-download", args=[planned.pk])).status_code == 404


# Query counts

def _meetings(forum, *, past: int, coming: int):
    """Weekly meetings: `past` before NOW (the latest a week before), `coming` after it."""
    for n in range(past):
        ForumMeetingFactory(forum=forum, starts_at=NOW - datetime.timedelta(days=7 * (n + 1)),
                            status="cancelled" if n % 3 == 0 else "held", cancellation_reason="Snow")
    for n in range(coming):
        ForumMeetingFactory(forum=forum, starts_at=NOW + datetime.timedelta(days=7 * (n + 1)), status="planned")


@pytest.mark.parametrize("count", [2, 30])
def test_forum_page_queries_do_not_grow_with_its_meetings(client, forum, django_assert_num_queries, count):
    _meetings(forum, past=count, coming=count)
    with time_machine.travel(NOW, tick=False):
        client.get(reverse("forums:detail", args=[forum.pk]))  # warm any per-process caches
        with django_assert_num_queries(QUERIES_OF_THE_FORUM_PAGE):
            response = client.get(reverse("forums:detail", args=[forum.pk]))
    assert response.status_code == 200


# The forum, its wards and members, and for each of the two lists its count and its page.
QUERIES_OF_THE_FORUM_PAGE = 7


def _dates(response, heading: str) -> list[str]:
    """The meetings' dates listed under the heading, as the page shows them."""
    table = response.content.decode().split(f">{heading}</h2>")[1].split("</table>")[0]
    return [cell.split("</a>")[0].split(">")[-1].strip() for cell in table.split('href="/forums/meetings/')[1:]]


def test_a_forums_meetings_are_paged_each_list_by_its_own_parameter(client, forum):
    _meetings(forum, past=45, coming=22)
    url = reverse("forums:detail", args=[forum.pk])
    with time_machine.travel(NOW, tick=False):
        first = client.get(url)
        assert len(first.context["past"]) == MEETINGS_PER_PAGE and len(first.context["upcoming"]) == MEETINGS_PER_PAGE
        assert first.context["past"][0].starts_at == NOW - datetime.timedelta(days=7)  # the latest first
        assert first.context["upcoming"][0].starts_at == NOW + datetime.timedelta(days=7)  # the soonest first
        page = first.content.decode()
        assert "Page 1 of 3 (1 to 20 of 45)" in page and "Page 1 of 2 (1 to 20 of 22)" in page
        assert 'href="?past=2#past-meetings"' in page and 'href="?upcoming=2#upcoming-meetings"' in page
        # Turning the past meetings' page keeps the upcoming meetings' page, and the other way round.
        later = client.get(url + "?upcoming=2&past=3")
        assert [m.starts_at for m in later.context["past"]] == [
            NOW - datetime.timedelta(days=7 * n) for n in range(41, 46)]
        assert len(later.context["upcoming"]) == 2
        assert 'href="?upcoming=2&amp;past=2#past-meetings"' in later.content.decode()
        for bad in ("x", "0", "99", "9" * 30):  # a stale or edited link still gives a page
            response = client.get(url + f"?past={bad}")
            assert response.status_code == 200 and len(response.context["past"]) in (5, MEETINGS_PER_PAGE)
    assert len(_dates(first, "Past meetings")) == MEETINGS_PER_PAGE


def test_the_ward_page_shows_the_next_and_latest_ten_meetings_and_links_the_forum(client, forum):
    _meetings(forum, past=12, coming=12)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("wards:detail", args=[ward(SBHE).slug]))
    meetings = response.context["meetings"]
    assert [m.starts_at for m in meetings["upcoming"]] == [NOW + datetime.timedelta(days=7 * n) for n in range(1, 11)]
    assert [m.starts_at for m in meetings["past"]] == [NOW - datetime.timedelta(days=7 * n) for n in range(1, 11)]
    assert reverse("forums:detail", args=[forum.pk]) in response.content.decode()
    assert "The next and the latest 10 meetings; each forum's page lists all" in response.content.decode()
