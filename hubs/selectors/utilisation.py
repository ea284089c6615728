"""Reads of how much a hub's bookable spaces are used and what the hub earns: booked hours over
bookable hours, by space and by week, over a period of a year at most; and its income by month,
from room charges and occupiers' agreements."""

import calendar
import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, router
from django.db.models import BigIntegerField, Case, DateTimeField, Func, Q, Sum, Value, When
from django.db.models.functions import Greatest, Least
from django.utils import timezone

from localism.core.dates import EVENTS
from localism.core.errors import Invalid
from localism.core.numbers import PENNY, half_up

from ..models import Booking, Closure, Hub, Occupancy, OpeningHours, Space
from .prepared import Prepared

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


WEEK_MS = 7 * 86_400_000


@functools.lru_cache(maxsize=64)
def offset_changes(tz: datetime.tzinfo, since: datetime.datetime,
                   until: datetime.datetime) -> tuple[tuple[datetime.datetime, int], ...]:
    """Each moment from `since` to `until` at which the time zone's offset from UTC
    changes (Europe/London's clocks going forward or back), with the milliseconds the local
    clock then stands ahead of where it stood at `since`. Found day by day, each change to the
    second; kept, as a period's changes never change."""
    utc = datetime.UTC
    first, last = int(since.timestamp()), int(until.timestamp())

    def offset(second: int) -> datetime.timedelta:
        return datetime.datetime.fromtimestamp(second, utc).astimezone(tz).utcoffset()

    base = previous = offset(first)
    changes, second = [], first
    while second < last:
        following = min(second + 86_400, last)
        if (now := offset(following)) != previous:
            low, high = second, following  # the old offset at `low`, the new one at `high`
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (middle, high) if offset(middle) == previous else (low, middle)
            changes.append((datetime.datetime.fromtimestamp(high, utc), int((now - base).total_seconds()) * 1000))
            previous = now
        second = following
    return tuple(changes)


def week_index(first_monday: datetime.datetime, changes) -> Func:
    """The number of the week (0 for the first Monday's) a booking starts in, by arithmetic the
    database makes for each row without converting a time zone: the milliseconds since the first
    Monday's local midnight, put right by the clocks' changes since (a CASE of one branch a
    change: two at most in a year here), whole weeks of them; one that starts before the first
    Monday counts in the first week. So a booking is in the week of its local start date."""
    elapsed = Milliseconds("starts_at", Value(first_monday, output_field=DateTimeField()))
    if changes:
        ahead = Case(*(When(starts_at__lt=moment, then=Value(ms)) for moment, ms in
                       zip((moment for moment, _ in changes), (0, *(ms for _, ms in changes[:-1])), strict=True)),
                     default=Value(changes[-1][1]), output_field=BigIntegerField())
        elapsed = elapsed + ahead
    return Greatest(elapsed, Value(0), output_field=BigIntegerField()) / Value(WEEK_MS, output_field=BigIntegerField())


def _booked_query(slots, spaces: int, changes: int):
    since, until = slots.moment("since"), slots.moment("until")
    marks = tuple((slots.moment(f"change{n}"), slots.number(f"ahead{n}")) for n in range(changes))
    return (Booking.objects.filter(space_id__in=[slots.number(f"space{n}") for n in range(spaces)],
                                   status=Booking.Status.CONFIRMED, starts_at__lt=until, ends_at__gt=since)
            .values("space_id", week=week_index(slots.moment("first_monday"), marks)).order_by()
            .annotate(held=held_within(since, until)).values_list("space_id", "week", "held"))


# The four reads of `utilisation`, each built once for each database (and number of spaces and
# of clock changes): building them cost more than the database's answers.
_BOOKED = Prepared(Booking, _booked_query)
_SPACE_FIELDS = [f.attname for f in Space._meta.concrete_fields]
_SPACES = Prepared(Space, lambda slots: Space.objects.filter(hub_id=slots.number("hub")).order_by("name")
                   .values_list(*_SPACE_FIELDS))
_OPENING_HOURS = Prepared(OpeningHours, lambda slots: OpeningHours.objects.filter(hub_id=slots.number("hub"))
                          .order_by().values_list("weekday", "opens", "closes"))
_CLOSURES = Prepared(Closure, lambda slots: Closure.objects.filter(
    hub_id=slots.number("hub"), starts_on__lte=slots.day("end"), ends_on__gte=slots.day("start"))
    .order_by().values_list("space_id", "starts_on", "ends_on"))


def booked_by_space_and_week(space_ids: list[int], since: datetime.datetime, until: datetime.datetime,
                             first_monday: datetime.datetime) -> list[tuple[int, int, int]]:
    """(space, week number, milliseconds held) of the spaces' confirmed bookings running in the
    window, each clipped to it, the weeks counted from `first_monday` (local midnight): one
    statement, summed in the database."""
    changes = offset_changes(timezone.get_current_timezone(), first_monday, until)
    values = {"since": since, "until": until, "first_monday": first_monday,
              **{f"space{n}": pk for n, pk in enumerate(space_ids)}}
    for n, (moment, ahead) in enumerate(changes):
        values[f"change{n}"], values[f"ahead{n}"] = moment, ahead
    return _BOOKED.rows((len(space_ids), len(changes)), **values)


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
    (weeks start on Monday; a booking counts in the week of its local start date, within the
    period). Four queries, whatever the period and the number of bookings: the booked hours are
    summed by space and week in the database; the bookable hours are counted week by week (the
    seconds open on the days of the week within the period) less the days closed, not day by day
    for every space."""
    check_period(start, end)
    alias = router.db_for_read(Space) or DEFAULT_DB_ALIAS
    spaces = [s for s in (Space.from_db(alias, _SPACE_FIELDS, row) for row in _SPACES.rows(hub=hub.pk))
              if s.is_bookable]
    if space is not None:
        spaces = [s for s in spaces if s.pk == space.pk]
    daily = [0] * 7  # seconds open, by weekday
    for weekday, opens, closes in _OPENING_HOURS.rows(hub=hub.pk):
        daily[weekday] += round(_hours(opens, closes) * 3600)
    first_monday = week_of(start)
    origin = first_monday.toordinal()
    weeks = (end - first_monday).days // 7 + 1
    first, last = start.toordinal() - origin, end.toordinal() - origin  # days since the first Monday

    # Each week's days within the period and the seconds open on them.
    days, open_seconds = [], []
    for week in range(weeks):
        low, high = max(first - 7 * week, 0), min(last - 7 * week, 6)
        days.append(high - low + 1)
        open_seconds.append(sum(daily[low:high + 1]))
    # A day closed takes itself and its weekday's seconds off its week: a day the whole hub is
    # shut off every space's, a day a space is closed (and the hub is not) off that space's.
    shut = defaultdict(set)  # space pk (None: the whole hub) -> days since the first Monday
    for space_id, starts_on, ends_on in _CLOSURES.rows(hub=hub.pk, start=start, end=end):
        shut[space_id].update(range(max(starts_on.toordinal() - origin, first),
                                    min(ends_on.toordinal() - origin, last) + 1))

    def less(closed, counts, seconds):
        for day in closed:
            week, weekday = divmod(day, 7)
            counts[week] -= 1
            seconds[week] -= daily[weekday]

    hub_shut = shut.pop(None, set())
    less(hub_shut, days, open_seconds)
    bookable = {}  # space pk -> the seconds it can be booked each week (None: closed all the week)
    for s in spaces:
        space_days, space_seconds = days, open_seconds
        if closed := shut.get(s.pk, set()) - hub_shut:
            space_days, space_seconds = list(days), list(open_seconds)
            less(closed, space_days, space_seconds)
        bookable[s.pk] = [seconds if count else None for count, seconds in zip(space_days, space_seconds, strict=True)]

    space_booked, week_booked = defaultdict(float), defaultdict(float)
    if spaces:
        since, until = window(start, end)
        for space_id, week, held in booked_by_space_and_week([s.pk for s in spaces], since, until,
                                                             window(first_monday, first_monday)[0]):
            hours = int(held) / 3_600_000
            space_booked[space_id] += hours
            week_booked[int(week)] += hours

    result = Utilisation(start=start, end=end)
    for s in spaces:
        a, b = sum(seconds for seconds in bookable[s.pk] if seconds) / 3600, space_booked[s.pk]
        result.by_space.append({"space": s, "bookable": a, "booked": b, "rate": _rate(b, a)})
    for week in range(weeks):
        open_in_week = [bookable[s.pk][week] for s in spaces if bookable[s.pk][week] is not None]
        if not open_in_week and week not in week_booked:
            continue
        a, b = sum(open_in_week) / 3600, week_booked[week]
        result.by_week.append({"week": first_monday + datetime.timedelta(weeks=week), "bookable": a, "booked": b,
                               "rate": _rate(b, a)})
    result.bookable = sum(row["bookable"] for row in result.by_space)
    result.booked = sum(row["booked"] for row in result.by_space)
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


def _rooms_by_month_query(slots):
    """The charges of a hub's confirmed bookings in each of 12 months between 13 midnights: one
    row, whatever the bookings (a space's bookings found by its space+status+start index)."""
    midnights = [slots.moment(f"midnight{n}") for n in range(13)]
    months = {f"m{n + 1}": Sum("charge", filter=Q(starts_at__gte=midnights[n], starts_at__lt=midnights[n + 1]))
              for n in range(12)}
    return (Booking.objects.filter(space_id__in=Space.objects.filter(hub_id=slots.number("hub")).values("pk"),
                                   status=Booking.Status.CONFIRMED, starts_at__gte=midnights[0],
                                   starts_at__lt=midnights[12])
            .order_by().annotate(everything=Value(1)).values("everything")  # one group: all the rows
            .annotate(**months).values_list(*months))


def _occupancies_in_year_query(slots):
    return (Occupancy.objects.filter(hub_id=slots.number("hub"),
                                     status__in=[Occupancy.Status.ACTIVE, Occupancy.Status.ENDED],
                                     starts_on__lte=slots.day("last")).exclude(ends_on__lt=slots.day("first"))
            .order_by().values_list("starts_on", "ends_on", "yearly_charge"))


# The reads of `hub_income`, each built once for each database: building twelve filtered sums
# cost more than the database's answer.
_ROOMS_BY_MONTH = Prepared(Booking, _rooms_by_month_query)
_OCCUPANCIES_IN_YEAR = Prepared(Occupancy, _occupancies_in_year_query)


def hub_income(hub: Hub, *, year: int) -> Income:
    """A hub's income by month of a calendar year: rooms (the charges of its confirmed bookings,
    fixed when each was made) and occupancy (each active or ended agreement's yearly charge, a
    twelfth a month, part months by their days). Two queries, whatever the numbers."""
    check_income_year(year)
    tz = timezone.get_current_timezone()
    # Summed by local month in the database: one filtered sum a month, between the month's local
    # midnights (plain comparisons, which the space+status+start index answers).
    bounds = {month: (datetime.datetime(year, month, 1, tzinfo=tz),
                      datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)) for month in range(1, 13)}
    (row,) = _ROOMS_BY_MONTH.rows(hub=hub.pk, midnight12=bounds[12][1],
                                  **{f"midnight{month - 1}": since for month, (since, _) in bounds.items()})
    rooms = {month: total or Decimal(0) for month, total in zip(bounds, row, strict=True)}
    occupancies = [Occupancy(starts_on=starts_on, ends_on=ends_on, yearly_charge=charge)
                   for starts_on, ends_on, charge in _OCCUPANCIES_IN_YEAR.rows(
                       hub=hub.pk, first=datetime.date(year, 1, 1), last=datetime.date(year, 12, 31))]
    months = []
    for month in range(1, 13):
        first = datetime.date(year, month, 1)
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        share = sum((_occupancy_share(o, first, last) for o in occupancies), Decimal(0))
        months.append(MonthIncome(month=first, rooms=rooms[month].quantize(PENNY),
                                  occupancy=half_up(share, PENNY)))
    return Income(year=year, months=months)
