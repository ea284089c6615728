"""A year of weekly dates is booked in a few queries, whatever the number of dates or of the
room's other bookings, with each date's record of change, one notice, and the same reasons
named per date as a single booking gives."""

import datetime
from decimal import Decimal

import pytest

from hubs import services
from hubs.models import Booking, Closure, SpaceRate
from hubs.tests.factories import BookingFactory, HubFactory, SpaceFactory, at
from localism.accounts.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
FIRST = datetime.date(2027, 1, 4)  # a Monday
LAST = datetime.date(2027, 12, 27)  # the 52nd Monday
NOW = at(datetime.date(2026, 12, 1), "09:00")


@pytest.fixture
def officer():
    return UserFactory(officer=True)


@pytest.fixture
def room(officer):
    room = SpaceFactory(hub=HubFactory(name="Shard End Hub", managers=[officer]), name="Community room",
                        capacity=20)
    SpaceRate.objects.create(space=room, booker_kind="community", hourly_rate=Decimal("12.50"))
    # The room's other bookings, on Tuesdays: none in the way, all in the period.
    BookingFactory.create_batch(3, space=room, starts_at=at(FIRST + datetime.timedelta(days=1), "10:00"),
                                status=Booking.Status.CANCELLED)
    Booking.objects.bulk_create(
        Booking(space=room, starts_at=at(FIRST + datetime.timedelta(days=1, weeks=n), "10:00"),
                ends_at=at(FIRST + datetime.timedelta(days=1, weeks=n), "12:00"), purpose="Yoga", attendees=8,
                status=Booking.Status.CONFIRMED) for n in range(52))
    return room


def series(room, requester, **kw):
    return services.booking_series_create(
        space=room, requester=requester, starts_at=at(FIRST, "10:00"), ends_at=at(FIRST, "12:00"),
        purpose="Job club", attendees=8, every_weeks=1, until=LAST, now=NOW, **kw)


def test_a_52_week_series_is_booked_in_twenty_queries_at_most(room, officer, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        result = series(room, officer)
    booked = Booking.objects.filter(series=result.booked[0].series).order_by("starts_at")
    assert [b.starts_at for b in booked] == [at(FIRST + datetime.timedelta(weeks=n), "10:00") for n in range(52)]
    assert {b.status for b in booked} == {Booking.Status.CONFIRMED}
    # Each date has its record of being made, by the officer.
    records = Booking.history.filter(series=booked[0].series)
    assert records.count() == 52 and {(r.history_type, r.history_user_id) for r in records} == {("+", officer.pk)}


def test_a_partners_series_waits_for_approval_priced_and_announced_once(room, officer, monkeypatch):
    partner = UserFactory(partner=True, organisation=OrganisationFactory(name="Shard End Community Trust"))
    announced = []
    monkeypatch.setattr(services.bookings.notices, "requested", lambda booking, dates=1: announced.append(dates))
    contact = {"contact_name": "Asha Patel", "contact_phone": "0121 303 1111", "contact_email": "asha@example.org"}
    result = series(room, partner, contact=contact)
    assert len(result.booked) == 52
    booked = Booking.objects.filter(series=result.booked[0].series)
    assert {(b.status, b.charge, b.contact_name, b.organisation_id) for b in booked} == {
        (Booking.Status.REQUESTED, Decimal("25.00"), "Asha Patel", partner.organisation_id)}
    assert announced == [52]


def test_the_dates_that_cannot_be_booked_are_named_each_and_none_is_booked(room, officer):
    taken = FIRST + datetime.timedelta(weeks=10)
    BookingFactory(space=room, starts_at=at(taken, "11:30"), ends_at=at(taken, "13:00"))
    Closure.objects.create(hub=room.hub, starts_on=datetime.date(2027, 8, 2), ends_on=datetime.date(2027, 8, 10),
                           reason="Painting")
    before = Booking.objects.count()
    with pytest.raises(services.SeriesConflict) as caught:
        series(room, officer)
    problems = {p.starts_at.date(): p.problem for p in caught.value.result.problems}
    assert problems == {
        taken: "Community room is already booked from 11:30 to 13:00 on 15 March 2027.",
        datetime.date(2027, 8, 2): "Shard End Hub is closed from 2 August 2027 to 10 August 2027: Painting.",
        datetime.date(2027, 8, 9): "Shard End Hub is closed from 2 August 2027 to 10 August 2027: Painting.",
    }
    assert Booking.objects.count() == before
    result = series(room, officer, book_available=True)
    assert len(result.booked) == 49 and len(result.problems) == 3
