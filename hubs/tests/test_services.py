"""The booking rules, recurring bookings, and occupancy and utilisation figures checked against
numbers worked out by hand."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hubs import selectors, services
from hubs.models import BookableBy, Booking, Closure, Occupancy
from hubs.tests.factories import BookingFactory, HubFactory, SpaceFactory, at, next_weekday
from localism.accounts.tests.factories import OrganisationFactory, UserFactory
from localism.core.errors import Refused

pytestmark = pytest.mark.django_db


def an_admin():
    """Who records an occupancy in these tests: an admin."""
    return UserFactory(admin=True)


@pytest.fixture
def officer():
    return UserFactory(officer=True)


@pytest.fixture
def hub(officer):
    return HubFactory(managers=[officer])


@pytest.fixture
def room(hub):
    return SpaceFactory(hub=hub, name="Community room", capacity=20)


def book(room, user, day, start="10:00", end="12:00", **kw):
    return services.booking_create(space=room, requester=user, starts_at=at(day, start), ends_at=at(day, end),
                                   purpose=kw.pop("purpose", "Advice surgery"), attendees=kw.pop("attendees", 10),
                                   **kw)


def test_hub_officer_books_and_it_is_confirmed(room, officer):
    booking = book(room, officer, next_weekday(0))
    assert booking.status == Booking.Status.CONFIRMED


def test_partner_request_waits_for_approval_then_is_confirmed(room, officer):
    partner = UserFactory(partner=True)
    booking = book(room, partner, next_weekday(1))
    assert booking.status == Booking.Status.REQUESTED
    assert booking.organisation == partner.organisation  # partners book for their organisation
    approved = services.booking_approve(booking=booking, user=officer)
    assert (approved.status, approved.decided_by) == (Booking.Status.CONFIRMED, officer)
    with pytest.raises(ValidationError):
        services.booking_reject(booking=approved, user=officer)


def test_overlapping_booking_is_refused_with_the_conflicting_time(room, officer):
    day = next_weekday(2)
    book(room, officer, day, "10:00", "12:00")
    with pytest.raises(services.BookingConflict) as caught:
        book(room, officer, day, "11:30", "13:00")
    assert "already booked from 10:00 to 12:00" in caught.value.message
    book(room, officer, day, "12:00", "13:00")  # back to back is fine
    assert Booking.objects.count() == 2


def test_a_cancelled_booking_frees_its_slot(room, officer):
    day = next_weekday(3)
    first = book(room, officer, day)
    services.booking_cancel(booking=first, user=officer)
    assert book(room, officer, day).status == Booking.Status.CONFIRMED


@pytest.mark.parametrize("start, end, message", [
    ("08:00", "10:00", "is open 09:00 to 17:00 on Mondays"),
    ("16:00", "18:00", "is open 09:00 to 17:00 on Mondays"),
    ("12:00", "11:00", services.ENDS_BEFORE_START),
])
def test_bookings_outside_opening_hours_are_refused(room, officer, start, end, message):
    with pytest.raises(ValidationError) as caught:
        book(room, officer, next_weekday(0), start, end)
    assert message in str(caught.value)
    assert not Booking.objects.exists()


def test_closed_days_and_closures_are_refused(room, hub, officer):
    with pytest.raises(ValidationError) as caught:
        book(room, officer, next_weekday(6))
    assert "is closed on Sundays" in str(caught.value)
    day = next_weekday(1)
    Closure.objects.create(hub=hub, space=room, starts_on=day, ends_on=day, reason="Redecoration")
    with pytest.raises(ValidationError) as caught:
        book(room, officer, day)
    assert "Community room is closed from" in str(caught.value) and "Redecoration" in str(caught.value)


def test_capacity_and_who_may_book(room, officer):
    with pytest.raises(ValidationError) as caught:
        book(room, officer, next_weekday(0), attendees=21)
    assert "holds 20 people: 21 is too many" in str(caught.value)
    room.bookable_by = BookableBy.STAFF
    room.save()
    with pytest.raises(Refused) as caught:
        book(room, UserFactory(partner=True), next_weekday(0))
    assert caught.value.message == "Community room is for council staff only: you cannot book it."
    room.bookable_by = BookableBy.COMMUNITY
    room.save()
    with pytest.raises(ValidationError) as caught:
        book(room, UserFactory(partner=True), next_weekday(0), organisation=OrganisationFactory())
    assert caught.value.message_dict == {"organisation": [services.NOT_YOUR_ORGANISATION]}


def test_weekly_booking_reports_conflicting_dates_and_books_none(room, officer):
    first = next_weekday(0)
    taken = first + datetime.timedelta(weeks=2)
    book(room, officer, taken, "10:30", "11:30")
    with pytest.raises(services.SeriesConflict) as caught:
        services.booking_series_create(space=room, requester=officer, starts_at=at(first, "10:00"),
                                       ends_at=at(first, "12:00"), purpose="Job club", attendees=8, every_weeks=1,
                                       until=first + datetime.timedelta(weeks=4))
    problems = caught.value.result.problems
    assert [p.starts_at.date() for p in problems] == [taken]
    assert "already booked from 10:30 to 11:30" in problems[0].problem
    assert Booking.objects.count() == 1  # none of the series


def test_weekly_booking_books_the_free_dates_when_asked(room, officer):
    first = next_weekday(0)
    taken = first + datetime.timedelta(weeks=2)
    book(room, officer, taken, "10:30", "11:30")
    result = services.booking_series_create(
        space=room, requester=officer, starts_at=at(first, "10:00"), ends_at=at(first, "12:00"), purpose="Job club",
        attendees=8, every_weeks=1, until=first + datetime.timedelta(weeks=4), book_available=True)
    assert len(result.booked) == 4 and len(result.problems) == 1
    series = {b.series for b in result.booked}
    assert len(series) == 1 and None not in series
    # Nothing is double booked.
    holding = list(Booking.objects.holding().filter(space=room).order_by("starts_at"))
    for a, b in zip(holding, holding[1:], strict=False):
        assert a.ends_at <= b.starts_at


def test_fortnightly_booking_dates(room, officer):
    first = next_weekday(3)
    result = services.booking_series_create(
        space=room, requester=officer, starts_at=at(first, "14:00"), ends_at=at(first, "15:30"), purpose="Clinic",
        attendees=4, every_weeks=2, until=first + datetime.timedelta(weeks=6))
    assert [b.starts_at.date() for b in result.booked] == [first + datetime.timedelta(weeks=n) for n in (0, 2, 4, 6)]


def test_occupancy_figures_by_hand(hub):
    a = SpaceFactory(hub=hub, floor_area_m2=Decimal("40"), max_occupiers=2)  # shared by two
    b = SpaceFactory(hub=hub, floor_area_m2=Decimal("25"))
    SpaceFactory(hub=hub, floor_area_m2=Decimal("35"))  # vacant
    today = datetime.date(2026, 11, 22)
    nhs, charity = OrganisationFactory(kind="nhs_body"), OrganisationFactory()
    services.occupancy_save(user=an_admin(), hub=hub, organisation=nhs, spaces=[a], agreement=Occupancy.Agreement.LEASE,
                            starts_on=datetime.date(2024, 4, 1), ends_on=datetime.date(2027, 3, 31),
                            yearly_charge=Decimal("12000"))
    services.occupancy_save(user=an_admin(), hub=hub, organisation=charity, spaces=[a, b],  # shares space a
                            agreement=Occupancy.Agreement.LICENCE, starts_on=datetime.date(2025, 1, 1),
                            break_date=datetime.date(2027, 9, 1), yearly_charge=Decimal("3500.50"))
    services.occupancy_save(user=an_admin(), hub=hub, organisation=OrganisationFactory(), spaces=[b],
                            agreement=Occupancy.Agreement.MOU, starts_on=datetime.date(2020, 1, 1),
                            ends_on=datetime.date(2025, 12, 31), status=Occupancy.Status.ENDED, yearly_charge=999)
    summary = selectors.hub_occupancy(hub, on=today)
    assert summary.total_area == Decimal("100")
    assert summary.occupied_area == Decimal("65")  # 40 + 25; the shared room counts once
    assert (summary.occupied_share, summary.vacant_share) == (65.0, 35.0)
    assert summary.yearly_income == Decimal("15500.50")
    # The lease ends 31 March 2027 (within 6 months); the break on 1 September 2027 is not.
    assert [(e["occupancy"].organisation, e["kind"]) for e in summary.expiring] == [(nhs, "ends")]


def test_occupancy_break_date_must_fall_in_the_term(hub):
    with pytest.raises(ValidationError):
        services.occupancy_save(user=an_admin(), hub=hub, organisation=OrganisationFactory(), spaces=[],
                                agreement="lease", starts_on=datetime.date(2026, 1, 1),
                                ends_on=datetime.date(2027, 1, 1), break_date=datetime.date(2028, 1, 1))


def test_utilisation_by_hand(hub):
    room = SpaceFactory(hub=hub)
    hall = SpaceFactory(hub=hub)
    SpaceFactory(hub=hub, bookable_by=BookableBy.NOBODY)  # an office: never counted
    monday = datetime.date(2026, 11, 30)
    wednesday = monday + datetime.timedelta(days=2)
    Closure.objects.create(hub=hub, space=hall, starts_on=wednesday, ends_on=wednesday, reason="Repairs")
    for day, start, end, space, status in [
        (monday, "09:00", "13:00", room, Booking.Status.CONFIRMED),      # 4 h
        (wednesday, "10:00", "16:00", room, Booking.Status.CONFIRMED),   # 6 h
        (monday, "09:00", "17:00", hall, Booking.Status.CONFIRMED),      # 8 h
        (monday + datetime.timedelta(days=7), "09:00", "11:00", room, Booking.Status.CONFIRMED),  # week 2: 2 h
        (monday + datetime.timedelta(days=1), "09:00", "17:00", room, Booking.Status.CANCELLED),  # not counted
        (monday + datetime.timedelta(days=1), "09:00", "17:00", hall, Booking.Status.REQUESTED),  # not counted
    ]:
        BookingFactory(space=space, starts_at=at(day, start), ends_at=at(day, end), status=status)
    u = selectors.utilisation(hub, start=monday, end=monday + datetime.timedelta(days=13))
    # Two weeks of Monday–Friday 8-hour days: room 80 h, hall 80 h less Wednesday's 8 h = 72 h.
    rows = {r["space"].pk: r for r in u.by_space}
    assert (rows[room.pk]["bookable"], rows[room.pk]["booked"], rows[room.pk]["rate"]) == (80.0, 12.0, 15.0)
    assert (rows[hall.pk]["bookable"], rows[hall.pk]["booked"], rows[hall.pk]["rate"]) == (72.0, 8.0, 11.1)
    assert [(w["week"], w["bookable"], w["booked"]) for w in u.by_week] == [
        (monday, 72.0, 18.0), (monday + datetime.timedelta(days=7), 80.0, 2.0)]
    assert (u.bookable, u.booked, round(u.rate, 2)) == (152.0, 20.0, 13.16)


def test_repeating_booking_preview_queries_do_not_grow_with_dates(room, officer, django_assert_num_queries):
    first = next_weekday(0)

    def preview(weeks):
        return services.booking_series_preview(space=room, requester=officer, starts_at=at(first, "10:00"),
                                               ends_at=at(first, "11:00"), attendees=5, every_weeks=1,
                                               until=first + datetime.timedelta(weeks=weeks))

    with django_assert_num_queries(4) as few:
        assert len(preview(3).occurrences) == 4
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(preview(40).occurrences) == 41


def test_a_repeat_ending_before_it_starts_is_refused(room, officer):
    first = next_weekday(0)
    with pytest.raises(ValidationError) as caught:
        services.booking_series_create(space=room, requester=officer, starts_at=at(first, "10:00"),
                                       ends_at=at(first, "11:00"), purpose="x", attendees=2, every_weeks=1,
                                       until=first - datetime.timedelta(days=1))
    assert services.UNTIL_BEFORE_START in str(caught.value)
