"""The utilisation and income figures, summed in the database, are the figures the hub's
dashboard worked out in Python before (the old functions are kept here as the reference), on a
generated year of bookings; and the dashboard reads them in the same queries for few bookings or
many."""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hubs.models import Booking, Closure, OpeningHours, Space
from hubs.selectors import hub_income, utilisation
from hubs.selectors.utilisation import _hours, _rate, check_period, offset_changes
from hubs.tests.factories import HubFactory, SpaceFactory, at

pytestmark = pytest.mark.django_db
YEAR = 2027


def old_utilisation(hub, *, start, end, space=None):
    """The dashboard's utilisation as it was worked out before: every confirmed booking loaded and
    summed in Python, every day of every space checked against every closure."""
    check_period(start, end)
    spaces = [s for s in Space.objects.filter(hub=hub).order_by("name") if s.is_bookable]
    if space is not None:
        spaces = [s for s in spaces if s.pk == space.pk]
    daily = defaultdict(float)
    for spell in OpeningHours.objects.filter(hub=hub):
        daily[spell.weekday] += _hours(spell.opens, spell.closes)
    closures = list(Closure.objects.filter(hub=hub, starts_on__lte=end, ends_on__gte=start))
    tz = timezone.get_current_timezone()
    window_start = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    window_end = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    bookings = Booking.objects.filter(space__in=spaces, status=Booking.Status.CONFIRMED,
                                      starts_at__lt=window_end, ends_at__gt=window_start)

    def week_of(day):
        return day - datetime.timedelta(days=day.weekday())

    bookable = defaultdict(float)
    booked = defaultdict(float)
    day = start
    while day <= end:
        for s in spaces:
            closed = any(c.starts_on <= day <= c.ends_on and c.space_id in (None, s.pk) for c in closures)
            if not closed:
                bookable[(s.pk, week_of(day))] += daily.get(day.weekday(), 0.0)
        day += datetime.timedelta(days=1)
    for b in bookings:
        s_at, e_at = max(b.starts_at, window_start), min(b.ends_at, window_end)
        booked[(b.space_id, week_of(timezone.localtime(s_at).date()))] += (e_at - s_at).total_seconds() / 3600
    by_space, by_week = [], []
    weeks = sorted({w for _, w in bookable} | {w for _, w in booked})
    for s in spaces:
        a = sum(v for (pk, _), v in bookable.items() if pk == s.pk)
        b = sum(v for (pk, _), v in booked.items() if pk == s.pk)
        by_space.append((s.pk, a, b, _rate(b, a)))
    for w in weeks:
        a = sum(v for (_, wk), v in bookable.items() if wk == w)
        b = sum(v for (_, wk), v in booked.items() if wk == w)
        by_week.append((w, a, b, _rate(b, a)))
    return by_space, by_week, sum(bookable.values()), sum(booked.values())


def old_rooms_income(hub, *, year):
    """The rooms' income by month as it was worked out before: every booking's charge in Python."""
    tz = timezone.get_current_timezone()
    rooms = defaultdict(Decimal)
    for starts_at, charge in Booking.objects.filter(
            space__hub=hub, status=Booking.Status.CONFIRMED, starts_at__gte=datetime.datetime(year, 1, 1, tzinfo=tz),
            starts_at__lt=datetime.datetime(year + 1, 1, 1, tzinfo=tz)).values_list("starts_at", "charge"):
        rooms[timezone.localtime(starts_at).month] += charge
    return [rooms[month].quantize(Decimal("0.01")) for month in range(1, 13)]


def a_year_of_bookings(seed: int, count: int):
    """A hub with odd opening hours (a lunch break, a short Saturday), three bookable spaces and
    one that is not, closures of the hub and of a space (some across the year's ends), and
    `count` bookings of every status from late December to early January the year after, some
    across midnight and the year's ends."""
    chooser = random.Random(seed)
    hub = HubFactory(hours=[*((d, "09:00", "12:20") for d in range(5)), *((d, "13:05", "17:00") for d in range(5)),
                            (5, "10:00", "13:45")])
    spaces = [SpaceFactory(hub=hub, name=name) for name in ("Hall", "Kitchen", "Studio")]
    SpaceFactory(hub=hub, name="Office", bookable_by="nobody")
    spaces.append(Space.objects.get(hub=hub, name="Office"))
    Closure.objects.bulk_create([
        Closure(hub=hub, starts_on=datetime.date(YEAR, 4, 2), ends_on=datetime.date(YEAR, 4, 9), reason="Easter"),
        Closure(hub=hub, starts_on=datetime.date(YEAR - 1, 12, 20), ends_on=datetime.date(YEAR, 1, 3),
                reason="Repairs"),
        Closure(hub=hub, space=spaces[1], starts_on=datetime.date(YEAR, 6, 28), ends_on=datetime.date(YEAR, 8, 1),
                reason="New ovens"),
        Closure(hub=hub, space=spaces[0], starts_on=datetime.date(YEAR, 12, 24), ends_on=datetime.date(YEAR + 1, 1, 2),
                reason="Floor"),
    ])
    book_a_year(spaces, chooser, count)
    return hub, spaces


def book_a_year(spaces, chooser: random.Random, count: int) -> None:
    """Bookings of every status; one that would hold a slot another already holds in its space is
    made one that holds none (as the booking service and PostgreSQL's exclusion constraint keep)."""
    first = datetime.date(YEAR - 1, 12, 24)

    def times():  # drawn in turn with each booking's space, status and charge
        for _ in range(count):
            day = first + datetime.timedelta(days=chooser.randrange(380))
            starts_at = at(day, f"{chooser.randrange(6, 23):02d}:{chooser.choice((0, 5, 15, 20, 30, 45, 50)):02d}")
            yield starts_at, starts_at + datetime.timedelta(minutes=chooser.randrange(10, 420, 5))

    book(spaces, chooser, times())


def book(spaces, chooser: random.Random, times, status=None) -> None:
    """A booking of a space chosen at random for each (start, end), of `status` or one chosen at
    random, holding a slot only where none of its space's bookings already holds one."""
    fixed, bookings, held = status, [], {space.pk: [] for space in spaces}
    for space_id, s, e in Booking.objects.holding().filter(space__in=spaces).values_list("space_id", "starts_at",
                                                                                          "ends_at"):
        held[space_id].append((s, e))
    not_holding = [status for status in Booking.Status if status not in Booking.HOLDING]
    for starts_at, ends_at in times:
        space, status = chooser.choice(spaces), fixed or chooser.choice(list(Booking.Status))
        if status in Booking.HOLDING:
            if any(s < ends_at and starts_at < e for s, e in held[space.pk]):
                status = not_holding[len(bookings) % len(not_holding)]
            else:
                held[space.pk].append((starts_at, ends_at))
        bookings.append(Booking(space=space, starts_at=starts_at, ends_at=ends_at, purpose="Meeting",
                                attendees=5, status=status, charge=Decimal(chooser.randrange(0, 20000)) / 100))
    Booking.objects.bulk_create(bookings)


# The Sundays the clocks change in YEAR (01:00 UTC: forward on the first, back on the second),
# and an ordinary Sunday.
CLOCKS_FORWARD, CLOCKS_BACK, ORDINARY_SUNDAY = (datetime.date(YEAR, 3, 28), datetime.date(YEAR, 10, 31),
                                                 datetime.date(YEAR, 6, 13))


def book_the_clock_changes(spaces, chooser: random.Random, count: int) -> None:
    """Bookings around the Sundays the clocks change (and an ordinary one), from the Friday
    before to the Tuesday after, at any five minutes of the day and night (so in the hour that
    never happens in March and the one that happens twice in October), some across midnight and
    so across the week's end; and, on each of those Sundays, one starting at the change, one a
    minute before it, one from 23:30 into Monday and one in Monday's first hour, all confirmed
    (the first hour of a summer Monday is still Sunday in UTC)."""
    times, confirmed = [], []
    for sunday in (CLOCKS_FORWARD, CLOCKS_BACK, ORDINARY_SUNDAY):
        friday = datetime.datetime.combine(sunday - datetime.timedelta(days=2), datetime.time.min, tzinfo=datetime.UTC)
        change = datetime.datetime.combine(sunday, datetime.time(1), tzinfo=datetime.UTC)
        monday = sunday + datetime.timedelta(days=1)
        confirmed += [(change, change + datetime.timedelta(hours=1)),
                      (change - datetime.timedelta(minutes=1), change + datetime.timedelta(minutes=30)),
                      (at(sunday, "23:30"), at(monday, "00:05")), (at(monday, "00:10"), at(monday, "00:50"))]
        for _ in range(count):
            starts_at = friday + datetime.timedelta(minutes=5 * chooser.randrange(4 * 24 * 12))
            times.append((starts_at, starts_at + datetime.timedelta(minutes=chooser.randrange(10, 420, 5))))
    book(spaces, chooser, confirmed, Booking.Status.CONFIRMED)
    book(spaces, chooser, times)


def figures(result):
    return ([(row["space"].pk, row["bookable"], row["booked"], row["rate"]) for row in result.by_space],
            [(row["week"], row["bookable"], row["booked"], row["rate"]) for row in result.by_week],
            result.bookable, result.booked)


def same(new, old):
    """The same rows and the same hours, but for the last bits of a float: the old figure added
    each booking's hours as a float, the database adds exact durations. So a rate is the old
    one, but for one exactly on a half (9.5 hours of 40, 23.75%), which the old sums' error could
    tip down a tenth: it is now rounded from the exact hours."""
    (space_rows, week_rows, bookable, booked), (old_space_rows, old_week_rows, old_bookable, old_booked) = new, old
    for rows, old_rows in ((space_rows, old_space_rows), (week_rows, old_week_rows)):
        assert [key for key, *_ in rows] == [key for key, *_ in old_rows]
        hours = [h for _, a, b, _ in rows for h in (a, b)]
        assert hours == pytest.approx([h for _, a, b, _ in old_rows for h in (a, b)], abs=1e-6)
        for (_, a, b, rate), (*_, old_rate) in zip(rows, old_rows, strict=True):
            assert rate == _rate(b, a)
            assert rate == old_rate or (abs(rate - old_rate) < 0.11 and round(b / a * 1000, 6) % 1 == 0.5)
    assert (bookable, booked) == pytest.approx((old_bookable, old_booked), abs=1e-6)


@pytest.mark.parametrize("seed", [2027, 31, 8])
def test_a_years_utilisation_is_the_old_python_figure(seed):
    hub, spaces = a_year_of_bookings(seed, 1500)
    periods = [(datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)),
               (datetime.date(YEAR, 3, 10), datetime.date(YEAR, 6, 20)),
               (datetime.date(YEAR, 12, 30), datetime.date(YEAR, 12, 30))]
    for start, end in periods:
        new = figures(utilisation(hub, start=start, end=end))
        assert new[3] > 0
        same(new, old_utilisation(hub, start=start, end=end))
    start, end = periods[0]
    same(figures(utilisation(hub, start=start, end=end, space=spaces[1])),
         old_utilisation(hub, start=start, end=end, space=spaces[1]))


@pytest.mark.parametrize("seed", [2027, 44])
def test_the_weeks_the_clocks_change_are_the_old_python_figure(seed):
    """A booking counts in the week of its local start date, in the weeks the clocks change as in
    any other, and across midnight into the next week, for periods starting on any weekday."""
    hub, spaces = a_year_of_bookings(seed, 0)
    book_the_clock_changes(spaces, random.Random(seed), 150)
    book_a_year(spaces, random.Random(seed + 1), 300)
    assert Booking.objects.filter(space__hub=hub, status=Booking.Status.CONFIRMED).count() > 100
    periods = [(datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)),
               (datetime.date(YEAR, 3, 24), datetime.date(YEAR, 4, 2)),
               (datetime.date(YEAR, 10, 26), datetime.date(YEAR, 11, 3)),
               (CLOCKS_FORWARD, CLOCKS_FORWARD), (CLOCKS_FORWARD + datetime.timedelta(days=1),) * 2,
               (CLOCKS_BACK, CLOCKS_BACK), (CLOCKS_BACK + datetime.timedelta(days=1),) * 2,
               (ORDINARY_SUNDAY, ORDINARY_SUNDAY + datetime.timedelta(days=1)),
               (datetime.date(YEAR - 1, 11, 1), datetime.date(YEAR, 10, 31))]
    for start, end in periods:
        new = figures(utilisation(hub, start=start, end=end))
        assert new[3] > 0
        same(new, old_utilisation(hub, start=start, end=end))


def test_the_clocks_change_twice_in_a_year_here():
    tz = timezone.get_current_timezone()
    since, until = (datetime.datetime(YEAR - 1, 12, 28, tzinfo=tz), datetime.datetime(YEAR + 1, 1, 1, tzinfo=tz))
    assert offset_changes(tz, since, until) == (
        (datetime.datetime(YEAR, 3, 28, 1, tzinfo=datetime.UTC), 3_600_000),
        (datetime.datetime(YEAR, 10, 31, 1, tzinfo=datetime.UTC), 0))
    summer = datetime.datetime(YEAR, 6, 7, tzinfo=tz)
    assert offset_changes(tz, summer, summer + datetime.timedelta(weeks=4)) == ()
    assert offset_changes(tz, summer, until) == ((datetime.datetime(YEAR, 10, 31, 1, tzinfo=datetime.UTC),
                                                  -3_600_000),)


def test_a_years_income_from_rooms_is_the_old_python_figure():
    hub, _ = a_year_of_bookings(2027, 1500)
    income = hub_income(hub, year=YEAR)
    assert [m.rooms for m in income.months] == old_rooms_income(hub, year=YEAR)
    assert income.rooms > 0


def test_the_dashboard_reads_a_year_in_the_same_queries_for_few_bookings_or_many(client, people):
    hub, _ = a_year_of_bookings(5, 20)
    hub.managers.add(people["officer"])
    client.force_login(people["officer"])
    url = reverse("hubs:dashboard", kwargs={"slug": hub.slug})
    query = {"from": f"{YEAR}-01-01", "to": f"{YEAR}-12-31", "year": YEAR}
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, query).status_code == 200
    book_a_year(list(Space.objects.filter(hub=hub)), random.Random(6), 2000)
    assert Booking.objects.filter(space__hub=hub).count() == 2020
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, query).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_utilisation_is_four_queries_and_income_two_whatever_the_bookings(django_assert_num_queries):
    hub, _ = a_year_of_bookings(9, 3000)
    with django_assert_num_queries(4):
        utilisation(hub, start=datetime.date(YEAR, 1, 1), end=datetime.date(YEAR, 12, 31))
    with django_assert_num_queries(2):
        hub_income(hub, year=YEAR)
