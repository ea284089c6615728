"""Every write in the hubs app: bookings (single and recurring), their approval and
cancellation, and occupancies. Each is keyword-only, atomic and validated."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from localism.accounts.models import Organisation, User

from . import rules as hub_rules
from .models import BookableBy, Booking, Closure, Hub, Occupancy, Space, new_series_id

ENDS_BEFORE_START = "The booking must end after it starts."
IN_THE_PAST = "Choose a time that has not passed yet."
ONE_DAY = "A booking must start and end on the same day."
NOT_BOOKABLE = "{space} cannot be booked."
NOT_FOR_YOU = "{space} is for {who}: you cannot book it."
NOT_YOUR_ORGANISATION = "Only the hub's officers book for an organisation other than your own."
OVER_CAPACITY = "{space} holds {capacity} people: {attendees} is too many."
CLOSED_ON_DAY = "{hub} is closed on {weekday}s."
OUTSIDE_HOURS = "{hub} is open {hours} on {weekday}s: choose a time within those hours."
IN_CLOSURE = "{what} is closed from {start:%-d %B %Y} to {end:%-d %B %Y}: {reason}."
CONFLICT = "{space} is already booked from {start:%H:%M} to {end:%H:%M} on {start:%-d %B %Y}."
NOT_WAITING = "Only a booking awaiting approval can be approved or turned down."
CANNOT_CANCEL = "This booking is already {status}."
SERIES_TOO_LONG = "A repeating booking can run for a year at most."
UNTIL_BEFORE_START = "The last booking must be on or after the first"
UNTIL_MISSING = "Enter the date of the last booking"
SERIES_HAS_CONFLICTS = "{n} of the dates cannot be booked. Book the others, or none."
SPACE_NOT_IN_HUB = "Choose spaces of {hub}."
BREAK_OUTSIDE_TERM = "The break date must fall within the agreement."

MAX_SERIES = 53


class BookingConflict(Exception):
    """The slot is held by another booking, which `booking` is."""

    def __init__(self, booking: Booking):
        start, end = timezone.localtime(booking.starts_at), timezone.localtime(booking.ends_at)
        self.booking = booking
        self.message = CONFLICT.format(space=booking.space.name, start=start, end=end)
        super().__init__(self.message)


def _local(dt: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(dt)


def _hours_text(spells) -> str:
    return " and ".join(f"{o:%H:%M} to {c:%H:%M}" for o, c in spells)


def may_book(user: User, space: Space) -> bool:
    """Whether the space is open to this user for booking, by its "bookable by" and their role."""
    if hub_rules.is_council_staff.test(user):
        return space.bookable_by != BookableBy.NOBODY
    if space.bookable_by == BookableBy.PARTNERS:
        return user.role == User.Role.PARTNER
    if space.bookable_by == BookableBy.COMMUNITY:
        return user.role in (User.Role.PARTNER, User.Role.RESIDENT, User.Role.COUNCILLOR)
    return False


def booking_problem(*, space: Space, requester: User, starts_at, ends_at, attendees: int,
                    organisation: Organisation | None, now=None, closures=None) -> tuple[str, str] | None:
    """Why this booking cannot be made (field, message), conflicts aside; None if it can.
    `closures`, when given, are the hub's closures already loaded (a repeating booking's)."""
    hub = space.hub
    if ends_at <= starts_at:
        return "ends_at", ENDS_BEFORE_START
    if starts_at < (now or timezone.now()):
        return "starts_at", IN_THE_PAST
    start, end = _local(starts_at), _local(ends_at)
    if start.date() != end.date():
        return "ends_at", ONE_DAY
    if not space.is_bookable:
        return "space", NOT_BOOKABLE.format(space=space.name)
    if not may_book(requester, space):
        return "space", NOT_FOR_YOU.format(space=space.name, who=space.get_bookable_by_display().lower())
    # Only those who run the hub book for another organisation: its staff then see the booking's
    # details and may cancel it.
    if (organisation is not None and organisation.pk != requester.organisation_id
            and not hub_rules.can_manage_hub.test(requester, hub)):
        return "organisation", NOT_YOUR_ORGANISATION
    if attendees > space.capacity:
        return "attendees", OVER_CAPACITY.format(space=space.name, capacity=space.capacity, attendees=attendees)
    weekday = start.strftime("%A")
    spells = [(h.opens, h.closes) for h in hub.opening_hours.all() if h.weekday == start.weekday()]
    if not spells:
        return "starts_at", CLOSED_ON_DAY.format(hub=hub.name, weekday=weekday)
    if not any(o <= start.time() and end.time() <= c for o, c in spells):
        return "starts_at", OUTSIDE_HOURS.format(hub=hub.name, hours=_hours_text(spells), weekday=weekday)
    if closures is None:
        closures = Closure.objects.filter(hub=hub, starts_on__lte=start.date(), ends_on__gte=start.date()) \
            .filter(Q(space__isnull=True) | Q(space=space)).select_related("space")
    closure = next((c for c in closures if c.starts_on <= start.date() <= c.ends_on
                    and c.space_id in (None, space.pk)), None)
    if closure:
        what = closure.space.name if closure.space_id else hub.name
        return "starts_at", IN_CLOSURE.format(what=what, start=closure.starts_on, end=closure.ends_on,
                                              reason=closure.reason)
    return None


def _clash(space: Space, starts_at, ends_at, exclude_pk=None) -> Booking | None:
    return (Booking.objects.holding().overlapping(starts_at, ends_at).filter(space=space)
            .exclude(pk=exclude_pk).select_related("space").order_by("starts_at").first())


@transaction.atomic
def booking_create(*, space: Space, requester: User, starts_at, ends_at, purpose: str, attendees: int,
                   organisation: Organisation | None = None, booked_for: str = "", series=None,
                   now=None) -> Booking:
    """Hold a space for a time. Refused (ValidationError) with a reason, or BookingConflict when
    another booking holds any of the time. Requests from partners and community groups wait for
    a hub officer where the space asks for approval."""
    # Lock the space: requests for one space queue here (PostgreSQL); SQLite's write
    # transaction already runs one at a time. The exclusion constraint is the last word.
    space = Space.objects.select_for_update().select_related("hub").get(pk=space.pk)
    if requester.role == User.Role.PARTNER and organisation is None:
        organisation = requester.organisation
    problem = booking_problem(space=space, requester=requester, starts_at=starts_at, ends_at=ends_at,
                              attendees=attendees, organisation=organisation, now=now)
    if problem:
        raise ValidationError({problem[0]: problem[1]})
    if clash := _clash(space, starts_at, ends_at):
        raise BookingConflict(clash)
    staff = hub_rules.is_council_staff.test(requester)
    status = Booking.Status.CONFIRMED if staff or not space.approval_needed else Booking.Status.REQUESTED
    booking = Booking(space=space, starts_at=starts_at, ends_at=ends_at, organisation=organisation,
                      booked_for=booked_for, requested_by=requester, purpose=purpose, attendees=attendees,
                      status=status, series=series)
    booking.full_clean()
    booking._history_user = requester
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:
        clash = _clash(space, starts_at, ends_at)
        if clash is None:
            raise
        raise BookingConflict(clash) from None
    return booking


@dataclass
class Occurrence:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    problem: str | None = None
    booking: Booking | None = None


@dataclass
class SeriesResult:
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def problems(self) -> list[Occurrence]:
        return [o for o in self.occurrences if o.problem]

    @property
    def booked(self) -> list[Booking]:
        return [o.booking for o in self.occurrences if o.booking]


class SeriesConflict(Exception):
    def __init__(self, result: SeriesResult):
        self.result = result
        self.message = SERIES_HAS_CONFLICTS.format(n=len(result.problems))
        super().__init__(self.message)


def series_dates(*, starts_at, ends_at, every_weeks: int, until: datetime.date) -> list[tuple]:
    """The occurrences of a weekly (1) or fortnightly (2) booking, in local time, up to `until`."""
    start, end = _local(starts_at), _local(ends_at)
    if (until - start.date()).days > 366:
        raise ValidationError({"until": SERIES_TOO_LONG})
    if until < start.date():
        raise ValidationError({"until": UNTIL_BEFORE_START})
    out, step = [], datetime.timedelta(weeks=every_weeks)
    day = start.date()
    while day <= until and len(out) < MAX_SERIES:
        # Same wall-clock time each week, across a change to or from British Summer Time.
        s = timezone.make_aware(datetime.datetime.combine(day, start.time()))
        e = s + (end - start)
        out.append((s, e))
        day += step
    return out


def booking_series_preview(*, space: Space, requester: User, starts_at, ends_at, attendees: int,
                           organisation=None, every_weeks: int, until: datetime.date, now=None) -> SeriesResult:
    """Each date of a repeating booking, and what, if anything, stops it being booked."""
    space = Space.objects.select_related("hub").prefetch_related("hub__opening_hours").get(pk=space.pk)
    dates = series_dates(starts_at=starts_at, ends_at=ends_at, every_weeks=every_weeks, until=until)
    # Load the period's closures and bookings once, not once a date.
    closures = list(Closure.objects.filter(hub=space.hub, starts_on__lte=dates[-1][0].date(),
                                           ends_on__gte=dates[0][0].date()).select_related("space"))
    holding = list(Booking.objects.holding().filter(space=space, starts_at__lt=dates[-1][1],
                                                    ends_at__gt=dates[0][0]).select_related("space"))
    result = SeriesResult()
    for s, e in dates:
        problem = booking_problem(space=space, requester=requester, starts_at=s, ends_at=e, attendees=attendees,
                                  organisation=organisation, now=now, closures=closures)
        message = problem[1] if problem else None
        if message is None and (clash := next((b for b in holding if b.starts_at < e and b.ends_at > s), None)):
            message = BookingConflict(clash).message
        result.occurrences.append(Occurrence(s, e, message))
    return result


@transaction.atomic
def booking_series_create(*, space: Space, requester: User, starts_at, ends_at, purpose: str, attendees: int,
                          every_weeks: int, until: datetime.date, organisation=None, booked_for: str = "",
                          book_available: bool = False, now=None) -> SeriesResult:
    """Book every date of a weekly or fortnightly booking. If any date cannot be booked, book
    none (SeriesConflict says which) unless `book_available`, when the others are booked."""
    result = booking_series_preview(space=space, requester=requester, starts_at=starts_at, ends_at=ends_at,
                                    attendees=attendees, organisation=organisation, every_weeks=every_weeks,
                                    until=until, now=now)
    if result.problems and not book_available:
        raise SeriesConflict(result)
    series = new_series_id()
    for occurrence in result.occurrences:
        if occurrence.problem:
            continue
        try:
            with transaction.atomic():
                occurrence.booking = booking_create(
                    space=space, requester=requester, starts_at=occurrence.starts_at, ends_at=occurrence.ends_at,
                    purpose=purpose, attendees=attendees, organisation=organisation, booked_for=booked_for,
                    series=series, now=now)
        except BookingConflict as conflict:  # taken since the preview
            occurrence.problem = conflict.message
    return result


def _decide(booking: Booking, *, user, status: str, note: str) -> Booking:
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status != Booking.Status.REQUESTED:
        raise ValidationError(NOT_WAITING)
    booking.status, booking.decided_by, booking.decided_at = status, user, timezone.now()
    booking.decision_note = note
    booking._history_user = user
    booking.save()
    return booking


@transaction.atomic
def booking_approve(*, booking: Booking, user, note: str = "") -> Booking:
    return _decide(booking, user=user, status=Booking.Status.CONFIRMED, note=note)


@transaction.atomic
def booking_reject(*, booking: Booking, user, note: str = "") -> Booking:
    return _decide(booking, user=user, status=Booking.Status.REJECTED, note=note)


@transaction.atomic
def booking_cancel(*, booking: Booking, user, note: str = "") -> Booking:
    """Cancel a booking: its slot is free again at once."""
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status not in Booking.HOLDING:
        raise ValidationError(CANNOT_CANCEL.format(status=booking.get_status_display().lower()))
    booking.status, booking.decision_note = Booking.Status.CANCELLED, note
    booking._history_user = user
    booking.save()
    return booking


@transaction.atomic
def occupancy_save(*, user, hub: Hub, organisation: Organisation, spaces, agreement: str,
                   starts_on: datetime.date, ends_on: datetime.date | None = None,
                   break_date: datetime.date | None = None, yearly_charge=0, status: str = Occupancy.Status.ACTIVE,
                   notes: str = "", occupancy: Occupancy | None = None) -> Occupancy:
    """Record (or change) an organisation's occupancy of spaces in a hub."""
    spaces = list(spaces)
    if any(s.hub_id != hub.pk for s in spaces):
        raise ValidationError({"spaces": SPACE_NOT_IN_HUB.format(hub=hub.name)})
    if break_date and (break_date < starts_on or (ends_on and break_date > ends_on)):
        raise ValidationError({"break_date": BREAK_OUTSIDE_TERM})
    occupancy = occupancy or Occupancy(hub=hub)
    for name, value in dict(organisation=organisation, agreement=agreement, starts_on=starts_on, ends_on=ends_on,
                            break_date=break_date, yearly_charge=yearly_charge, status=status, notes=notes).items():
        setattr(occupancy, name, value)
    occupancy.full_clean()
    occupancy._history_user = user
    occupancy.save()
    occupancy.spaces.set(spaces)
    return occupancy
