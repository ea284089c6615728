"""Each booking and occupancy rule is kept in one place, the hubs services, and every adapter
gives its refusal: the service raises it, the page answers 403 (or shows it on the form), the
API answers 403/400/409 with the same message, and admin shows it on the form."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from hubs import services
from hubs.models import BookableBy, Booking, Occupancy
from hubs.tests import officer_fixtures
from hubs.tests.factories import SpaceFactory, at, next_weekday
from localism.accounts.tests.factories import OrganisationFactory, UserFactory, token_for
from localism.core.errors import Refused

pytestmark = pytest.mark.django_db

# The usual cast (hubs/tests/officer_fixtures.py).
hub = officer_fixtures.hub
officer = officer_fixtures.officer

STAFF_ONLY = "Staff office is for council staff only: you cannot book it."
UK = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def office(hub):
    return SpaceFactory(hub=hub, name="Staff office", capacity=6, bookable_by=BookableBy.STAFF)


@pytest.fixture
def partner():
    return UserFactory(partner=True, organisation=OrganisationFactory(name="Shard End Community Trust"))


def _day():
    return next_weekday(2)  # a Wednesday, when the hub is open 09:00 to 17:00


# "May this user book this space": one rule, four adapters, one answer.

def test_the_service_refuses_a_space_not_open_to_the_user(office, partner):
    with pytest.raises(Refused) as caught:
        services.booking_create(space=office, requester=partner, starts_at=at(_day(), "10:00"),
                                ends_at=at(_day(), "11:00"), purpose="Meeting", attendees=3)
    assert caught.value.message == STAFF_ONLY
    assert not Booking.objects.exists()


def test_the_page_answers_the_refusal_with_403(client, hub, office, partner):
    client.force_login(partner)
    response = client.post(reverse("hubs:book", args=[hub.slug]), {
        "space": office.pk, "date": f"{_day():%d/%m/%Y}", "start_time": "10:00", "end_time": "11:00",
        "purpose": "Meeting", "attendees": "3", "repeat": "0"})
    assert response.status_code == 403
    assert not Booking.objects.exists()


def test_the_api_answers_the_refusal_with_403_and_the_services_message(api_client, office, partner):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(partner)}")
    response = api_client.post("/api/v1/bookings/", {
        "space": office.pk, "starts_at": at(_day(), "10:00").isoformat(),
        "ends_at": at(_day(), "11:00").isoformat(), "purpose": "Meeting", "attendees": 3}, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": STAFF_ONLY}
    assert not Booking.objects.exists()


def _admin_booking(client, space, day, start, end, attendees=3):
    return client.post("/admin/hubs/booking/add/", {
        "space": space.pk, "starts_at_0": f"{day:%Y-%m-%d}", "starts_at_1": start,
        "ends_at_0": f"{day:%Y-%m-%d}", "ends_at_1": end, "purpose": "Meeting", "attendees": attendees})


def test_admin_shows_the_refusal_on_the_form(client, office, partner):
    partner.is_staff = True  # may open admin's booking pages, as anyone who may ask for a booking
    partner.save()
    client.force_login(partner)
    response = _admin_booking(client, office, _day(), "10:00", "11:00")
    assert response.status_code == 200
    assert escape(STAFF_ONLY) in response.content.decode()
    assert not Booking.objects.exists()


def test_admin_cannot_book_a_space_nobody_books(client, hub):
    store = SpaceFactory(hub=hub, name="Store room", bookable_by=BookableBy.NOBODY)
    client.force_login(UserFactory(admin=True))
    response = _admin_booking(client, store, _day(), "10:00", "11:00")
    assert response.status_code == 200
    assert escape(services.NOT_BOOKABLE.format(space="Store room")) in response.content.decode()
    assert not Booking.objects.exists()


# Admin bookings keep the services' rules, with their messages.

@pytest.mark.parametrize("start, end, attendees, message", [
    ("10:30", "11:30", 3, "Staff office is already booked from 10:00 to 12:00"),
    ("17:00", "18:00", 3, "Shard End Hub is open 09:00 to 17:00 on Wednesdays: choose a time within those hours."),
    ("13:00", "14:00", 7, "Staff office holds 6 people: 7 is too many."),
])
def test_an_admin_booking_is_refused_as_any_other(client, office, officer, start, end, attendees, message):
    services.booking_create(space=office, requester=officer, starts_at=at(_day(), "10:00"),
                            ends_at=at(_day(), "12:00"), purpose="Clinic", attendees=2)
    client.force_login(UserFactory(admin=True))
    response = _admin_booking(client, office, _day(), start, end, attendees)
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert Booking.objects.count() == 1


def test_an_admin_booking_that_keeps_the_rules_is_made_by_the_service(client, office):
    admin = UserFactory(admin=True)
    client.force_login(admin)
    response = _admin_booking(client, office, _day(), "13:00", "14:00")
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert (booking.requested_by, booking.status) == (admin, Booking.Status.CONFIRMED)
    assert booking.history.get().history_user == admin


def test_an_admin_cannot_move_a_booking_onto_another(client, office, officer):
    first = services.booking_create(space=office, requester=officer, starts_at=at(_day(), "10:00"),
                                    ends_at=at(_day(), "12:00"), purpose="Clinic", attendees=2)
    second = services.booking_create(space=office, requester=officer, starts_at=at(_day(), "13:00"),
                                     ends_at=at(_day(), "14:00"), purpose="Clinic", attendees=2)
    client.force_login(UserFactory(admin=True))
    response = client.post(f"/admin/hubs/booking/{second.pk}/change/", {
        "space": office.pk, "starts_at_0": f"{_day():%Y-%m-%d}", "starts_at_1": "11:00",
        "ends_at_0": f"{_day():%Y-%m-%d}", "ends_at_1": "13:00", "purpose": "Clinic", "attendees": 2})
    assert response.status_code == 200
    assert "Staff office is already booked from 10:00 to 12:00" in response.content.decode()
    second.refresh_from_db()
    assert timezone.localtime(second.starts_at).hour == 13
    assert first.pk != second.pk


# Deciding and cancelling: the service refuses, page and API answer 403 with it.

def test_only_the_hubs_officers_decide_by_service_page_and_api(client, api_client, hub, partner):
    room = SpaceFactory(hub=hub, name="Community room", bookable_by=BookableBy.COMMUNITY, approval_needed=True)
    request = services.booking_create(space=room, requester=partner, starts_at=at(_day(), "10:00"),
                                      ends_at=at(_day(), "11:00"), purpose="Coffee morning", attendees=8)
    outsider = UserFactory(officer=True)  # an officer, but not of this hub
    with pytest.raises(Refused) as caught:
        services.booking_approve(booking=request, user=outsider)
    assert caught.value.message == services.NOT_YOURS_TO_DECIDE
    client.force_login(outsider)
    assert client.post(reverse("hubs:booking-approve", args=[request.pk])).status_code == 403
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(outsider)}")
    response = api_client.post(f"/api/v1/bookings/{request.pk}/approve/", {}, format="json")
    assert (response.status_code, response.json()) == (403, {"detail": services.NOT_YOURS_TO_DECIDE})
    request.refresh_from_db()
    assert request.status == Booking.Status.REQUESTED


# A repeating booking keeps its UK wall-clock time across the changes of British Summer Time.

@pytest.mark.parametrize("first, until, change", [
    (datetime.date(2026, 10, 14), datetime.date(2026, 11, 4), datetime.date(2026, 10, 25)),  # BST ends
    (datetime.date(2027, 3, 17), datetime.date(2027, 4, 7), datetime.date(2027, 3, 28)),  # BST begins
])
def test_a_weekly_booking_keeps_ten_oclock_across_the_clock_change(hub, officer, first, until, change):
    room = SpaceFactory(hub=hub, name="Community room")
    starts_at = datetime.datetime.combine(first, datetime.time(10), tzinfo=UK)
    now = starts_at - datetime.timedelta(days=30)  # booked a month ahead, whatever today is
    result = services.booking_series_create(space=room, requester=officer, starts_at=starts_at,
                                            ends_at=starts_at + datetime.timedelta(hours=1), purpose="Job club",
                                            attendees=8, every_weeks=1, until=until, now=now)
    local = [b.starts_at.astimezone(UK) for b in result.booked]
    assert [d.date() for d in local] == [first + datetime.timedelta(weeks=n) for n in range(4)]
    assert {(d.hour, d.minute) for d in local} == {(10, 0)}
    assert {b.ends_at.astimezone(UK).hour for b in result.booked} == {11}
    # The same wall-clock time is a different UTC time either side of the change.
    utc_hours = {d.date() < change: d.astimezone(datetime.UTC).hour for d in local}
    assert utc_hours[True] != utc_hours[False]


# The repeat preview's queries do not grow with its dates, also when an officer books for
# another organisation (who may do that is checked once, not once a date).

def test_the_preview_queries_do_not_grow_when_booking_for_another_organisation(
        hub, officer, django_assert_num_queries):
    room = SpaceFactory(hub=hub, name="Community room")
    other = OrganisationFactory(name="Birmingham Community Healthcare")
    first = datetime.date(2027, 1, 6)
    now = datetime.datetime(2026, 12, 1, 9, tzinfo=UK)

    def preview(weeks):
        return services.booking_series_preview(
            space=room, requester=officer, organisation=other, starts_at=at(first, "10:00"),
            ends_at=at(first, "11:00"), attendees=5, every_weeks=1, until=first + datetime.timedelta(weeks=weeks),
            now=now)

    with django_assert_num_queries(5) as few:
        assert len(preview(2).occurrences) == 3
    with django_assert_num_queries(len(few.captured_queries)):
        result = preview(30)
    assert len(result.occurrences) == 31 and not result.problems


# Occupancy: one service checks the dates and spaces; the history keeps the spaces.

def test_an_occupancys_space_changes_appear_in_the_occupiers_history(client, hub, officer):
    clinic = SpaceFactory(hub=hub, name="Clinic room A")
    office = SpaceFactory(hub=hub, name="Office B")
    nhs = OrganisationFactory(name="Birmingham Community Healthcare")
    occupancy = services.occupancy_save(user=officer, hub=hub, organisation=nhs, spaces=[clinic],
                                        agreement=Occupancy.Agreement.LICENCE, starts_on=datetime.date(2026, 4, 1))
    client.force_login(officer)
    response = client.post(reverse("hubs:occupancy-edit", args=[occupancy.pk]), {
        "organisation": nhs.pk, "spaces": [clinic.pk, office.pk], "agreement": "licence",
        "starts_on": "1/4/2026", "yearly_charge": "0", "status": "active"})
    assert response.status_code == 302
    page = client.get(reverse("hubs:occupiers", args=[hub.slug])).content.decode()
    history = page[page.index("History of changes"):]
    assert "<strong>Spaces</strong>: <del>Clinic room A</del> → <ins>Clinic room A, Office B</ins>" in history
    assert escape(officer.display_name) in history
    assert [sorted(s.space.name for s in r.spaces.all()) for r in occupancy.history.order_by("history_id")] == [
        ["Clinic room A"], ["Clinic room A", "Office B"]]


@pytest.mark.parametrize("change, field, message", [
    ({"ends_on": datetime.date(2026, 3, 1)}, "ends_on", services.OCCUPANCY_ENDS_BEFORE_START),
    ({"break_date": datetime.date(2031, 1, 1), "ends_on": datetime.date(2030, 3, 31)}, "break_date",
     services.BREAK_OUTSIDE_TERM),
])
def test_an_occupancys_dates_are_checked_by_the_service(hub, officer, change, field, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.occupancy_save(user=officer, hub=hub, organisation=OrganisationFactory(), spaces=[],
                                agreement="lease", starts_on=datetime.date(2026, 4, 1), **change)
    assert caught.value.message_dict == {field: [message]}


def test_only_the_hubs_officers_record_its_occupiers(hub):
    with pytest.raises(Refused) as caught:
        services.occupancy_save(user=UserFactory(officer=True), hub=hub, organisation=OrganisationFactory(),
                                spaces=[], agreement="lease", starts_on=datetime.date(2026, 4, 1))
    assert caught.value.message == services.NOT_YOUR_HUB
