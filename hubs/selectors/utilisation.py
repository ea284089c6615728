"""Reads of how much a hub's bookable spaces are used and what the hub earns: booked hours over
bookable hours, by space and by week, over a period of a year at most; and its income by month,
from room charges and occupiers' agreements."""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import BigIntegerField, Case, DateTimeField, Func, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Greatest, Least
from django.utils import timezone

from localism.core.dates import EVENTS
from localism.core.errors import Invalid
from localism.core.numbers import PENNY, half_up

from ..models import Booking, Closure, Hub, Occupancy, OpeningHours, Space

# A period of utilisation figures: a year at most, and never backwards.
MAX_PERIOD_DAYS = 366
PERIOD_BACKWARDS = "The end of the period must be on or after its start"
PERIOD_TOO_LONG = "Choose a period of a year or less"


def check_period(start: datetime.date, end: datetime.date) -> None:
    """Invalid (on `from` or `to`) unless the period lies within the bookings' window and runs
    forwards, for a year at most: the one place of the rule, which the dashboard's form and the
    API's period call (so no figures are worked out beyond the calendar)."""
    outside = {}
    for name, day in (("from", start), ("to", end)):
        try:
            EVENTS(day)
        except ValidationError as error:
            outside[name] = error.messages
    if outside:
        raise Invalid(outside)
    if end < start:
        raise Invalid({"to": PERIOD_BACKWARDS})
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise Invalid({"to": PERIOD_TOO_LONG})


@dataclass
class Utilisation:
    """Booked hours over bookable hours, for each space and each week of a period."""

    start: datetime.date
    end: datetime.date
    by_space: list = field(default_factory=list)  # [{"space", "bookable", "booked", "rate"}]
    by_week: list = field(default_factory=list)  # [{"week", "bookable", "booked", "rate"}]
    bookable: float = 0.0
    booked: float = 0.0

    @property
    def rate(self) -> float:
        return self.booked / self.bookable * 100 if self.bookable else 0.0


def _hours(opens: datetime.time, closes: datetime.time) -> float:
    return (datetime.datetime.combine(datetime.date.min, closes)
            - datetime.datetime.combine(datetime.date.min, opens)).total_seconds() / 3600


def _rate(booked: float, bookable: float) -> float:
    return round(booked / bookable * 100, 1) if bookable else 0.0


def last_full_weeks(today: datetime.date, weeks: int = 4) -> tuple[datetime.date, datetime.date]:
    """The Monday-to-Sunday weeks before this one: the default period of utilisation figures."""
    monday = today - datetime.timedelta(days=today.weekday())
    return monday - datetime.timedelta(weeks=weeks), monday - datetime.timedelta(days=1)


def week_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def window(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """From local midnight of `start` to local midnight after `end`."""
    tz = timezone.get_current_timezone()
    return (datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
            datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz))


class Milliseconds(Func):
    """The whole milliseconds from the first moment to the second, by the database's own date
    arithmetic (SQLite's julianday, PostgreSQL's epoch): no Python function called for each row,
    and exact for bookings made to the minute."""

    output_field = BigIntegerField()
    arity = 2

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(ROUND((julianday(%(expressions)s)) * 86400000) "
                           "AS INTEGER)", arg_joiner=") - julianday(", **extra)

    def as_sql(self, compiler, connection, **extra):
        extra.setdefault("template", "CAST(ROUND(EXTRACT(EPOCH FROM (%(expressions)s)) * 1000) AS BIGINT)")
        extra.setdefault("arg_joiner", " - ")
        return super().as_sql(compiler, connection, **extra)


def held_within(since: datetime.datetime, until: datetime.datetime) -> Sum:
    """The sum of the milliseconds bookings hold within a window, each clipped to it: worked out
    in the database (SQLite and PostgreSQL alike), so no booking is loaded to be summed."""
    return Sum(Milliseconds(Least("ends_at", Value(until, output_field=DateTimeField())),
                            Greatest("starts_at", Value(since, output_field=DateTimeField()))))


def week_number(start: datetime.date, end: datetime.date) -> tuple[list[datetime.date], Case]:
    """The Mondays of the weeks of a period, and the number of the week a booking starts in
    (one that starts before the period, in its first): plain comparisons of the start with each
    Monday's local midnight, which the database makes for each row without converting a time zone."""
    mondays, monday = [], week_of(start)
    while monday <= end:
        mondays.append(monday)
        monday += datetime.timedelta(weeks=1)
    bounds = [window(monday, monday)[0] for monday in mondays[1:]]
    return mondays, Case(*(When(starts_at__lt=bound, then=Value(n)) for n, bound in enumerate(bounds)),
                         default=Value(len(bounds)), output_field=IntegerField())


def closed_days(closures, start: datetime.date, end: datetime.date) -> dict:
    """The days of the period each closure shuts, by the space it closes (None: the whole hub)."""
    shut = defaultdict(set)
    for closure in closures:
        day, last = max(closure.starts_on, start), min(closure.ends_on, end)
        while day <= last:
            shut[closure.space_id].add(day)
            day += datetime.timedelta(days=1)
    return shut


def utilisation(hub: Hub, *, start: datetime.date, end: datetime.date, space: Space | None = None) -> Utilisation:
    """For each bookable space: the hours it could be booked (opening hours, less closures) and
    the hours confirmed bookings hold, from `start` to `end` inclusive, by space and by week
    (weeks start on Monday; a booking counts in the week it starts, within the period). Four
    queries, whatever the period and the number of bookings: the booked hours are summed by space
    and week in the database."""
    check_period(start, end)
    spaces = [s for s in Space.objects.filter(hub=hub).order_by("name") if s.is_bookable]
    if space is not None:
        spaces = [s for s in spaces if s.pk == space.pk]
    daily = defaultdict(float)
    for spell in OpeningHours.objects.filter(hub=hub):
        daily[spell.weekday] += _hours(spell.opens, spell.closes)
    shut = closed_days(Closure.objects.filter(hub=hub, starts_on__lte=end, ends_on__gte=start), start, end)
    window_start, window_end = window(start, end)

    bookable = defaultdict(float)  # (space pk, week) -> hours
    booked = defaultdict(float)
    days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
    for s in spaces:
        closed = shut[None] | shut[s.pk]
        for day in days:
            if day not in closed:
                bookable[(s.pk, week_of(day))] += daily.get(day.weekday(), 0.0)
    mondays, week = week_number(start, end)
    rows = (Booking.objects.filter(space_id__in=[s.pk for s in spaces], status=Booking.Status.CONFIRMED,
                                   starts_at__lt=window_end, ends_at__gt=window_start)
            .values("space_id", week=week).order_by().annotate(held=held_within(window_start, window_end))
            .values_list("space_id", "week", "held"))
    for space_id, n, held in rows:
        booked[(space_id, mondays[n])] += int(held) / 3_600_000

    result = Utilisation(start=start, end=end)
    weeks = sorted({w for _, w in bookable} | {w for _, w in booked})
    for s in spaces:
        a = sum(v for (pk, _), v in bookable.items() if pk == s.pk)
        b = sum(v for (pk, _), v in booked.items() if pk == s.pk)
        result.by_space.append({"space": s, "bookable": a, "booked": b, "rate": _rate(b, a)})
    for w in weeks:
        a = sum(v for (_, wk), v in bookable.items() if wk == w)
        b = sum(v for (_, wk), v in booked.items() if wk == w)
        result.by_week.append({"week": w, "bookable": a, "booked": b, "rate": _rate(b, a)})
    result.bookable, result.booked = sum(bookable.values()), sum(booked.values())
    return result


@dataclass
class MonthIncome:
    month: datetime.date  # the first day of the month
    rooms: Decimal  # the charges of confirmed bookings that start in the month
    occupancy: Decimal  # the occupiers' yearly charges, a twelfth a month, for the days occupied

    @property
    def total(self) -> Decimal:
        return self.rooms + self.occupancy


@dataclass
class Income:
    year: int
    months: list[MonthIncome]

    @property
    def rooms(self) -> Decimal:
        return sum((m.rooms for m in self.months), Decimal(0))

    @property
    def occupancy(self) -> Decimal:
        return sum((m.occupancy for m in self.months), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.rooms + self.occupancy


INCOME_YEAR_OUTSIDE = "Choose a year from {first} to {last}"


def check_income_year(year: int) -> None:
    """Invalid (on `year`) unless the year lies within the bookings' window."""
    first, last = EVENTS.bounds()
    if not first.year <= year <= last.year:
        raise Invalid({"year": INCOME_YEAR_OUTSIDE.format(first=first.year, last=last.year)})


def _occupancy_share(occupancy: Occupancy, first: datetime.date, last: datetime.date) -> Decimal:
    """A twelfth of the yearly charge for a month, in proportion to the days of it occupied."""
    start = max(first, occupancy.starts_on)
    end = min(last, occupancy.ends_on or last)
    if end < start:
        return Decimal(0)
    days = Decimal((end - start).days + 1)
    return occupancy.yearly_charge / 12 * days / Decimal(last.day)


def hub_income(hub: Hub, *, year: int) -> Income:
    """A hub's income by month of a calendar year: rooms (the charges of its confirmed bookings,
    fixed when each was made) and occupancy (each active or ended agreement's yearly charge, a
    twelfth a month, part months by their days). Three queries, whatever the numbers."""
    check_income_year(year)
    tz = timezone.get_current_timezone()
    # Summed by local month in the database: one filtered sum a month, between the month's local
    # midnights (plain comparisons, which the space+status+start index answers).
    bounds = {month: (datetime.datetime(year, month, 1, tzinfo=tz),
                      datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)) for month in range(1, 13)}
    sums = Booking.objects.filter(
        space_id__in=list(Space.objects.filter(hub=hub).values_list("pk", flat=True)),
        status=Booking.Status.CONFIRMED, starts_at__gte=bounds[1][0], starts_at__lt=bounds[12][1]).aggregate(
        **{f"m{month}": Sum("charge", filter=Q(starts_at__gte=since, starts_at__lt=until))
           for month, (since, until) in bounds.items()})
    rooms = {month: sums[f"m{month}"] or Decimal(0) for month in bounds}
    occupancies = list(Occupancy.objects.filter(
        hub=hub, status__in=[Occupancy.Status.ACTIVE, Occupancy.Status.ENDED],
        starts_on__lte=datetime.date(year, 12, 31)).exclude(ends_on__lt=datetime.date(year, 1, 1)))
    months = []
    for month in range(1, 13):
        first = datetime.date(year, month, 1)
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        share = sum((_occupancy_share(o, first, last) for o in occupancies), Decimal(0))
        months.append(MonthIncome(month=first, rooms=rooms[month].quantize(PENNY),
                                  occupancy=half_up(share, PENNY)))
    return Income(year=year, months=months)
